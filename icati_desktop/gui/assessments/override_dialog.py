"""The expert's phase override: a phase 1–4, why, and who decided.

DOMAIN.md: a TA expert may override the computed phase; the computed phase, the override,
who and why are all kept. The dialog only collects and checks the three values; the view
stores them through a database job. An empty reason or name is refused with a message
under the form, and nothing is stored.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.status import set_status
from icati_desktop.i18n import _, current_language
from icati_desktop.reports.assessment_text import phase_name

PHASES = (1, 2, 3, 4)


class OverrideDialog(QDialog):
    """Ask for the phase, the reason and who overrides; ``values()`` once accepted."""

    def __init__(
        self,
        *,
        computed: int,
        current: int,
        reason: str = "",
        by: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("overrideDialog")
        self.setModal(True)
        self.computed = computed
        language = current_language()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.phase = QComboBox()
        for number in PHASES:
            self.phase.addItem(
                _("Phase {number}: {name}").format(
                    number=number, name=phase_name(number, language)
                ),
                number,
            )
        self.phase.setCurrentIndex(PHASES.index(current))
        self.reason = QPlainTextEdit(reason)
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumHeight(90)
        self.by = QLineEdit(by)
        self.error = QLabel()
        set_status(self.error, "error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.phase_label, self.reason_label, self.by_label = QLabel(), QLabel(), QLabel()
        self.phase_label.setBuddy(self.phase)
        self.reason_label.setBuddy(self.reason)
        self.by_label.setBuddy(self.by)
        fields = QFormLayout()
        fields.addRow(self.phase_label, self.phase)
        fields.addRow(self.reason_label, self.reason)
        fields.addRow(self.by_label, self.by)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(fields)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, 320)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        language = current_language()
        self.setWindowTitle(_("Override the phase"))
        self.intro.setText(
            _(
                "The form's rules give phase {number} ({name}). An expert may set another "
                "phase; the computed one is kept beside it, with who decided and why."
            ).format(number=self.computed, name=phase_name(self.computed, language))
        )
        for index, number in enumerate(PHASES):
            self.phase.setItemText(
                index,
                _("Phase {number}: {name}").format(
                    number=number, name=phase_name(number, language)
                ),
            )
        self.phase_label.setText(_("&Phase:"))
        self.reason_label.setText(_("&Reason:"))
        self.by_label.setText(_("&Decided by:"))
        self.phase.setAccessibleName(_("Phase"))
        self.reason.setAccessibleName(_("Reason for the override"))
        self.reason.setPlaceholderText(
            _("What the expert saw that the scores do not show (required)")
        )
        self.by.setAccessibleName(_("Decided by"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Save override"))

    def values(self) -> tuple[int, str, str]:
        """(phase, reason, by) as entered, trimmed."""
        return (
            int(self.phase.currentData()),
            self.reason.toPlainText().strip(),
            self.by.text().strip(),
        )

    def problems(self) -> list[str]:
        _phase, reason, by = self.values()
        found = []
        if not reason:
            found.append(_("Give a reason: say why this phase fits better than the computed one."))
        if not by:
            found.append(_("Say who decides the override (your name)."))
        return found

    def accept(self) -> None:
        problems = self.problems()
        if problems:
            self.error.setText("\n".join(problems))
            self.error.setVisible(True)
            (self.reason if not self.values()[1] else self.by).setFocus()
            return
        self.error.setVisible(False)
        super().accept()


__all__ = ["OverrideDialog"]
