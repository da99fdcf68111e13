"""Start a new assessment: country, date, form version and who takes part.

Participants are chosen from the country's stakeholders (people and organisations on
this device) and, for people without a record, typed as names, one per line. The store
checks everything again when it creates the assessment; its message is shown here and
nothing is created.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.assessments.item_widgets import localized
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.status import set_status
from icati_desktop.i18n import _
from icati_desktop.store.assessments import (
    DEFAULT_FORM_ID,
    Stakeholder,
    create_assessment,
    stakeholders,
)
from icati_desktop.store.form_versions import FormVersionInfo, list_form_versions
from icati_desktop.store.store import Store

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _forms_job(store: Store) -> list[FormVersionInfo]:
    """The form versions a new assessment may use (retired ones are not offered)."""
    with store.read() as session:
        return [v for v in list_form_versions(session) if not v.retired]


def _stakeholders_job(country: str) -> Callable[[Store], list[Stakeholder]]:
    def job(store: Store) -> list[Stakeholder]:
        with store.read() as session:
            return stakeholders(session, country)

    return job


class NewAssessmentDialog(QDialog):
    """``countries``: (alpha-3, display name) pairs in display order."""

    created = Signal(str)
    """The id of the new assessment."""

    def __init__(
        self,
        services: AppServices,
        countries: list[tuple[str, str]],
        country: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._generation = 0
        self.country = QComboBox()
        self.country.setEditable(True)
        self.country.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code, name in countries:
            self.country.addItem(name, code)
        completer = QCompleter(self.country.model(), self.country)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.country.setCompleter(completer)
        self.country.setCurrentIndex(self.country.findData(country) if country else -1)
        self.country.currentIndexChanged.connect(self._load_stakeholders)
        self.country.editTextChanged.connect(self._country_typed)
        self._country_error = False
        self.assessed_on = QDateEdit(QDate.currentDate())
        self.assessed_on.setCalendarPopup(True)
        self.assessed_on.setDisplayFormat("yyyy-MM-dd")
        self.form = QComboBox()
        self.participants = QListWidget()
        self.participants.setMinimumHeight(120)
        self.no_stakeholders = QLabel()
        self.no_stakeholders.setWordWrap(True)
        self.names = QPlainTextEdit()
        self.names.setTabChangesFocus(True)
        self.names.setFixedHeight(64)
        self.error = QLabel()
        set_status(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.create_assessment)
        self.buttons.rejected.connect(self.reject)
        self.captions = [QLabel() for _ in range(5)]
        form = QFormLayout()
        for caption, widget, shown in zip(
            self.captions,
            (self.country, self.assessed_on, self.form, self.participants, self.names),
            (self.country, self.assessed_on, self.form, None, self.names),
            strict=True,
        ):
            caption.setBuddy(widget)
            if shown is None:
                holder = QWidget()
                column = QVBoxLayout(holder)
                column.setContentsMargins(0, 0, 0, 0)
                column.addWidget(self.participants)
                column.addWidget(self.no_stakeholders)
                form.addRow(caption, holder)
            else:
                form.addRow(caption, shown)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(620, 520)
        self.retranslate_ui()
        self.services.run(_forms_job, self._forms_loaded, self._failed)
        self._load_stakeholders()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("New assessment"))
        captions = (_("&Country:"), _("&Date of the workshop:"), _("&Form version:"),
                    _("&Participants:"), _("Other participants (&names):"))  # fmt: skip
        widgets = (self.country, self.assessed_on, self.form, self.participants, self.names)
        for label, caption, widget in zip(self.captions, captions, widgets, strict=True):
            label.setText(caption)
            widget.setAccessibleName(caption.replace("&", "").rstrip(": \u00a0\u202f"))
        self.names.setPlaceholderText(_("One per line, e.g. 2 officials, Ministry of Health"))
        self.no_stakeholders.setText(
            _("No stakeholders of this country are recorded on this device; "
              "type the participants' names below.")
        )  # fmt: skip

    def _forms_loaded(self, forms: list[FormVersionInfo]) -> None:
        self.form.clear()
        for summary in forms:  # each form's versions come earliest first
            title = localized(summary.title, summary.default_language)
            self.form.addItem(
                _("{title}, version {version}").format(title=title, version=summary.version),
                (summary.form_id, summary.version),
            )
            if summary.form_id == DEFAULT_FORM_ID:
                self.form.setCurrentIndex(self.form.count() - 1)

    def selected_country(self) -> str | None:
        index = self.country.findText(
            self.country.currentText().strip(), Qt.MatchFlag.MatchFixedString
        )
        return str(self.country.itemData(index)) if index >= 0 else None

    def _load_stakeholders(self) -> None:
        self.participants.clear()
        self._generation += 1
        generation, country = self._generation, self.selected_country()
        if country is None:
            self.no_stakeholders.hide()
            return

        def show(found: list[Stakeholder]) -> None:
            if generation != self._generation:
                return
            for person in found:
                details = ", ".join(filter(None, [person.role, person.organisation]))
                entry = QListWidgetItem(f"{person.name} ({details})" if details else person.name)
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                entry.setCheckState(Qt.CheckState.Unchecked)
                entry.setData(ID_ROLE, person.record_id)
                self.participants.addItem(entry)
            self.no_stakeholders.setVisible(not found)

        self.services.run(_stakeholders_job(country), show, self._failed)

    def _country_typed(self, _text: str) -> None:
        """A country from the list puts away the message asking for one."""
        if self._country_error and self.selected_country() is not None:
            self._show_error("")

    def chosen_participants(self) -> list[str]:
        return [
            str(self.participants.item(row).data(ID_ROLE))
            for row in range(self.participants.count())
            if self.participants.item(row).checkState() == Qt.CheckState.Checked
        ]

    def create_assessment(self) -> None:
        country = self.selected_country()
        if country is None:
            self._show_error(_("Choose the country from the list (type part of its name)."))
            self._country_error = True
            return
        chosen = self.form.currentData()
        if chosen is None:
            self._show_error(_("There is no assessment form on this device yet: import the "
                               "central office's bundle first."))  # fmt: skip
            return
        form_id, version = chosen
        picked = self.assessed_on.date()
        assessed_on = date(picked.year(), picked.month(), picked.day())
        ids = self.chosen_participants()
        names = [line.strip() for line in self.names.toPlainText().splitlines() if line.strip()]
        self.buttons.setEnabled(False)
        self.services.run(
            lambda store: create_assessment(
                store, country=country, assessed_on=assessed_on, form_id=form_id,
                form_version=version, participant_ids=ids, participant_names=names,
            ),
            self._created,
            self._failed,
        )  # fmt: skip

    def _created(self, assessment_id: str) -> None:
        self.created.emit(assessment_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self._show_error(_("Nothing was created: {error}").format(error=error))

    def _show_error(self, text: str) -> None:
        self._country_error = False
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def error_text(self) -> str:
        return "" if self.error.isHidden() else self.error.text()


__all__ = ["NewAssessmentDialog"]
