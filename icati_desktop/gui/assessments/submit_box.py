"""Submitting says what it locks, and a submitted assessment says who submitted it, when.

Before the store locks an assessment the person is asked, with what the lock fixes: how
many questions are still unanswered, which domains will have no score (insufficient
data) and the phase the answers reach — the same figures ``icati assessment submit``
prints (:func:`~icati_desktop.domain.submission.submit_summary`).
"""

from __future__ import annotations

from babel.lists import format_list
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from icati_desktop.domain.assessments import Assessment, AssessmentStatus
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.domain.submission import submit_summary
from icati_desktop.gui.atlas.vocabulary import phase_label
from icati_desktop.i18n import _, current_language, format_date, format_datetime, ngettext
from icati_desktop.reports.form_text import domain_name


class SubmitConfirmation(QMessageBox):
    """The question asked before an assessment is locked; ``submit_button`` confirms."""

    def __init__(
        self, form: FormDefinition, assessment: Assessment, country: str, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setObjectName("submitConfirmation")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(_("Submit the assessment"))
        summary = submit_summary(form, assessment)
        self.setText(
            _(
                "Submitting locks the answers of {country} ({date}). To change them afterwards, "
                "the assessment must be reopened: that makes a new draft version."
            ).format(country=country, date=format_date(assessment.assessed_on))
        )
        lines = []
        if summary.unanswered:
            count = len(summary.unanswered)
            lines.append(
                ngettext(
                    "{n} question is still unanswered.",
                    "{n} questions are still unanswered.",
                    count,
                ).format(n=count)
            )
        else:
            lines.append(_("Every question is answered."))
        language = current_language()
        if summary.insufficient:
            names = [domain_name(code, form, language) for code in summary.insufficient]
            lines.append(
                ngettext(
                    "Not enough data to score {domains}: it will show “insufficient data”.",
                    "Not enough data to score {domains}: they will show “insufficient data”.",
                    len(names),
                ).format(domains=format_list(names, locale=language))
            )
        lines.append(_("The answers reach phase {phase}.").format(phase=phase_label(summary.phase)))
        self.setInformativeText("\n\n".join(lines))
        self.unanswered = len(summary.unanswered)
        self.insufficient = summary.insufficient
        self.submit_button: QPushButton = self.addButton(
            _("Submit and &lock"), QMessageBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.cancel_button)
        self.setEscapeButton(self.cancel_button)


def submitted_text(assessment: Assessment) -> str:
    """ "Submitted by Amina Diallo on 4 Mar 2026, 14:05" (who is not known for
    assessments submitted before it was kept)."""
    if assessment.status is not AssessmentStatus.SUBMITTED or assessment.submitted_at is None:
        return ""
    when = format_datetime(assessment.submitted_at)
    if assessment.submitted_by:
        return _("Submitted by {name} on {date}").format(name=assessment.submitted_by, date=when)
    return _("Submitted on {date}").format(date=when)


__all__ = ["SubmitConfirmation", "submitted_text"]
