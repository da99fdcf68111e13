"""Pieces of the fill-in view: the domain list with its progress, the problems that block
submission, and the local copy of an answer the view applies before the store has it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from icati_desktop.domain.assessments import (
    Answer,
    Assessment,
    AssessmentStatus,
    entries_with_answer,
)
from icati_desktop.domain.form_engine import DomainProgress, Problem
from icati_desktop.domain.form_state import FormState
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.gui.assessments.item_widgets import localized
from icati_desktop.gui.status import set_status
from icati_desktop.i18n import N_, _, format_date, ngettext
from icati_desktop.store.assessment_answers import repeat_groups
from icati_desktop.store.assessments import load
from icati_desktop.store.store import Store

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
Loaded = tuple[Assessment, FormDefinition]


def load_job(assessment_id: str) -> Callable[[Store], Loaded]:
    def job(store: Store) -> Loaded:
        with store.read() as session:
            return load(session, assessment_id)

    return job


def with_answer(
    assessment: Assessment, item: str, answer: Answer | None, repeat: tuple[str, int] | None
) -> Assessment:
    """The assessment with one answer given (or removed), as the store will write it."""
    if repeat is None:
        answers = dict(assessment.answers)
        if answer is None:
            answers.pop(item, None)
        else:
            answers[item] = answer
        return assessment.model_copy(update={"answers": answers})
    group, index = repeat
    entries = assessment.repeats.get(group, [])
    if index < len(entries):
        entries = entries_with_answer(entries, index, item, answer)
    return assessment.model_copy(update={"repeats": {**assessment.repeats, group: entries}})


def answer_for(assessment: Assessment, item: str, repeat: tuple[str, int] | None) -> Answer:
    """The answer to an item (of one repeat entry); an empty one when there is none."""
    if repeat is None:
        return assessment.answer(item)
    group, index = repeat
    entries = assessment.repeat_answers(group)
    return entries[index].get(item, Answer()) if index < len(entries) else Answer()


def title_text(assessment: Assessment, country: str) -> str:
    submitted = assessment.status is AssessmentStatus.SUBMITTED
    return _("{country} · {date} · form version {version} · {status}").format(
        country=country,
        date=format_date(assessment.assessed_on),
        version=assessment.form_version,
        status=_("submitted") if submitted else _("draft"),
    )


def shown_repeats(form: FormDefinition, state: FormState) -> frozenset[str]:
    """The repeat groups that are relevant now, so their "Add an entry" shows: those whose
    relevance, and every enclosing group's, holds."""
    shown = frozenset(name for name, visible in state.groups.items() if visible)
    return shown & repeat_groups(form).keys()


PROBLEM_WORDING = {
    "required": N_("An answer is required."),
    "choice": N_("This choice is not offered with the answers given above; choose again."),
    "type": N_("This answer does not fit the question; give another."),
    "constraint": N_("This answer breaks the form's rule for this question."),
}


def problem_text(problem: Problem) -> str:
    """The form's own message for a problem, else a wording of its kind."""
    return problem.message or _(PROBLEM_WORDING[problem.kind])


class DomainList(QListWidget):
    """The form's domains, each with "3 of 4 answered" under its title."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedWidth(260)
        self.setWordWrap(True)
        self.setSpacing(4)

    def set_domains(self, count: int) -> None:
        self.clear()
        for _row in range(count):
            self.addItem(QListWidgetItem())

    def show_progress(self, form: FormDefinition, progress: list[DomainProgress]) -> None:
        by_code = {p.code: p for p in progress}
        for row, domain in enumerate(form.domains):
            title = localized(domain.title, form.default_language)
            done = by_code.get(domain.code)
            answered, total = (done.answered, done.relevant) if done else (0, 0)
            lines = [
                f"{domain.code} · {title}",
                ngettext(
                    "{answered} of {total} answered", "{answered} of {total} answered", total
                ).format(answered=answered, total=total),
            ]
            if done and done.required_missing:
                lines.append(
                    ngettext(
                        "{n} required answer missing",
                        "{n} required answers missing",
                        done.required_missing,
                    ).format(n=done.required_missing)
                )
            entry = self.item(row)
            entry.setText("\n".join(lines))
            entry.setData(Qt.ItemDataRole.AccessibleTextRole, ", ".join(lines))


class ProblemsPanel(QWidget):
    """What blocks submission; choosing a line goes to its item."""

    item_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        set_status(self.label, "error")
        self.list = QListWidget()
        self.list.setMaximumHeight(120)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.list)
        self.show_problems(None, [])

    def retranslate_ui(self) -> None:
        self.label.setText(_("Fix these before submitting:"))
        self.list.setAccessibleName(_("Problems to fix before submitting"))

    def show_problems(self, form: FormDefinition | None, problems: list[Problem]) -> None:
        self.list.clear()
        for problem in problems:
            label = problem.item
            if form is not None:
                try:
                    label = localized(form.item(problem.item).label, form.default_language)
                except KeyError:  # a problem about the whole assessment
                    label = problem.item
            if problem.repeat is not None:
                label = _("{item} (entry {number})").format(
                    item=label, number=problem.repeat[1] + 1
                )
            entry = QListWidgetItem(f"{label}: {problem_text(problem)}")
            entry.setData(ITEM_ROLE, problem.item)
            self.list.addItem(entry)
        self.setVisible(bool(problems))

    def texts(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def _chosen(self, entry: QListWidgetItem) -> None:
        self.item_chosen.emit(str(entry.data(ITEM_ROLE)))


__all__ = [
    "DomainList",
    "Loaded",
    "ProblemsPanel",
    "answer_for",
    "load_job",
    "problem_text",
    "shown_repeats",
    "title_text",
    "with_answer",
]
