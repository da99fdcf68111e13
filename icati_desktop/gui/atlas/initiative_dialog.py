"""Add or edit one Atlas initiative; problems are explained next to the field at fault.

The form is checked with the :class:`Initiative` model itself (pure, on the GUI thread);
only a valid payload is written, through :class:`RecordService` in one database job — so
either the whole initiative is saved or nothing is.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from pydantic import ValidationError
from PySide6.QtCore import QCollator, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.atlas import Initiative, InitiativeModel, InitiativeStatus
from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.gui.atlas.initiative_errors import GENERAL, field_errors
from icati_desktop.gui.atlas.vocabulary import MODEL_LABELS, STAGE_LABELS, STATUS_LABELS, label
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.status import set_status
from icati_desktop.i18n import N_, _
from icati_desktop.store.records import RecordService, RecordView
from icati_desktop.store.store import Store


def _lines(editor: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in editor.toPlainText().splitlines() if line.strip()]


def _row_of(*widgets: QWidget) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return row


class InitiativeDialog(QDialog):
    """``countries`` maps alpha-3 codes to display names in the current language."""

    saved = Signal(str)
    """The record id of the initiative just written."""

    def __init__(
        self,
        services: AppServices,
        countries: dict[str, str],
        record_id: str | None = None,
        country: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.record_id = record_id
        self._loaded: RecordView[Initiative] | None = None
        self._build(countries)
        self.country.setCurrentIndex(self.country.findData(country) if country else -1)
        self.retranslate_ui()
        if record_id is not None:
            self.buttons.setEnabled(False)
            rid = record_id
            self.services.run(
                lambda store: RecordService(store).get(Initiative, rid), self._fill, self._failed
            )

    def _build(self, countries: dict[str, str]) -> None:
        self.country = QComboBox()
        self.country_search = QLineEdit()
        self.country.setLineEdit(self.country_search)
        self.country.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        collator = QCollator()
        for code, name in sorted(countries.items(), key=lambda item: collator.sortKey(item[1])):
            self.country.addItem(name, code)
        completer = QCompleter(self.country.model(), self.country)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.country.setCompleter(completer)
        self.subnational_area, self.name = QLineEdit(), QLineEdit()
        self.model = QComboBox()
        for model in InitiativeModel:
            self.model.addItem("", model.value)
        self.status = QComboBox()
        for status in InitiativeStatus:
            self.status.addItem("", status.value)
        self.stages = {stage.value: QCheckBox() for stage in ContinuumStage}
        stage_box = _row_of(*self.stages.values())
        self.start_year, self.lead_organisation, self.source = QLineEdit(), QLineEdit(), QLineEdit()
        self.start_year.setMaximumWidth(120)
        self.partners, self.links, self.description = (QPlainTextEdit() for _ in range(3))
        for editor in (self.partners, self.links):
            editor.setTabChangesFocus(True)
            editor.setFixedHeight(64)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(80)
        self.latitude, self.longitude = QLineEdit(), QLineEdit()
        coordinates = _row_of(self.latitude, self.longitude)
        self.fields: dict[str, tuple[str, QWidget, QLabel]] = {}
        self.errors: dict[str, QLabel] = {}
        left, right, stages = QFormLayout(), QFormLayout(), N_("Continuum stages:")
        for form, key, caption, widget, shown in (
            (left, "country", N_("&Country:"), self.country, self.country),
            (left, "subnational_area", N_("Sub-national &area:"), self.subnational_area, None),
            (left, "name", N_("&Name:"), self.name, None),
            (left, "model", N_("&Model:"), self.model, None),
            (left, "continuum_stages", stages, self.stages["pre_arrest"], stage_box),
            (left, "status", N_("&Status:"), self.status, None),
            (left, "start_year", N_("Start &year:"), self.start_year, None),
            (right, "lead_organisation", N_("&Lead organisation:"), self.lead_organisation, None),
            (right, "partners", N_("&Partners:"), self.partners, None),
            (right, "links", N_("Lin&ks:"), self.links, None),
            (right, "latitude", N_("Coordinates:"), self.latitude, coordinates),
            (right, "source", N_("Sou&rce:"), self.source, None),
        ):
            self._add_row(form, key, caption, widget, shown or widget)
        description_form = QFormLayout()
        self._add_row(description_form, "description", N_("&Description:"), self.description, None)
        self.general_error = QLabel()
        set_status(self.general_error, "error")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addLayout(description_form)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(max(self.sizeHint().width(), 880), self.sizeHint().height())

    def _add_row(
        self, form: QFormLayout, key: str, caption: str, focus: QWidget, shown: QWidget | None
    ) -> None:
        """A captioned field (``shown``, focusing ``focus``) with its error line under it."""
        error = QLabel()
        set_status(error, "error")
        error.setWordWrap(True)
        error.hide()
        self.errors[key] = error
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(shown or focus)
        column.addWidget(error)
        caption_label = QLabel()
        caption_label.setBuddy(focus)
        self.fields[key] = (caption, focus, caption_label)
        form.addRow(caption_label, cell)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Edit initiative") if self.record_id else _("Add an initiative"))
        for caption, focus, caption_label in self.fields.values():
            if caption:
                caption_label.setText(_(caption))
                focus.setAccessibleName(_(caption).replace("&", "").rstrip(": \u00a0\u202f"))
        for index in range(self.model.count()):
            self.model.setItemText(index, label(MODEL_LABELS, self.model.itemData(index)))
        for index in range(self.status.count()):
            self.status.setItemText(index, label(STATUS_LABELS, self.status.itemData(index)))
        for code, box in self.stages.items():
            box.setText(label(STAGE_LABELS, code))
        self.country_search.setPlaceholderText(_("Type to search…"))
        self.subnational_area.setPlaceholderText(_("Province, state or city (optional)"))
        self.start_year.setPlaceholderText(_("e.g. 2019"))
        self.partners.setPlaceholderText(_("One partner per line"))
        self.links.setPlaceholderText(_("One web address per line"))
        self.latitude.setPlaceholderText(_("Latitude, e.g. -1.29"))
        self.longitude.setPlaceholderText(_("Longitude, e.g. 36.82"))
        self.longitude.setAccessibleName(_("Longitude"))
        self.latitude.setAccessibleName(_("Latitude"))
        self.source.setPlaceholderText(_("A site visit, a report, a partner…"))

    def _fill(self, view: RecordView[Initiative]) -> None:
        if not shiboken6.isValid(self.country):
            return  # the dialog was closed before the initiative was read
        self._loaded = view
        item = view.payload
        self.country.setCurrentIndex(max(self.country.findData(item.country), 0))
        self.subnational_area.setText(item.subnational_area)
        self.name.setText(item.name)
        self.model.setCurrentIndex(max(self.model.findData(item.model.value), 0))
        self.status.setCurrentIndex(max(self.status.findData(item.status.value), 0))
        for code, box in self.stages.items():
            box.setChecked(code in item.continuum_stages)
        self.start_year.setText("" if item.start_year is None else str(item.start_year))
        self.lead_organisation.setText(item.lead_organisation)
        self.partners.setPlainText("\n".join(item.partners))
        self.links.setPlainText("\n".join(item.links))
        self.latitude.setText("" if item.latitude is None else str(item.latitude))
        self.longitude.setText("" if item.longitude is None else str(item.longitude))
        self.description.setPlainText(item.description)
        self.source.setText(item.source)
        self.buttons.setEnabled(True)

    def _country_code(self) -> str:
        index = self.country.findText(
            self.country.currentText().strip(), Qt.MatchFlag.MatchFixedString
        )
        return str(self.country.itemData(index)) if index >= 0 else ""

    def form_values(self) -> dict[str, Any]:
        """The payload the form describes (fields this dialog does not show are kept)."""
        values: dict[str, Any] = self._loaded.payload.model_dump() if self._loaded else {}
        values.update(
            country=self._country_code(),
            subnational_area=self.subnational_area.text().strip(),
            name=self.name.text().strip(),
            model=self.model.currentData(),
            continuum_stages=[code for code, box in self.stages.items() if box.isChecked()],
            status=self.status.currentData(),
            start_year=self.start_year.text().strip() or None,
            lead_organisation=self.lead_organisation.text().strip(),
            partners=_lines(self.partners),
            links=_lines(self.links),
            latitude=self.latitude.text().strip() or None,
            longitude=self.longitude.text().strip() or None,
            description=self.description.toPlainText().strip(),
            source=self.source.text().strip(),
        )
        return values

    def save(self) -> None:
        self.show_errors({})
        try:
            payload = Initiative.model_validate(self.form_values())
        except ValidationError as error:
            self.show_errors(field_errors(error))
            return
        self.buttons.setEnabled(False)
        record_id, base = self.record_id, self._loaded.leaves if self._loaded else None

        def write(store: Store) -> str:
            service = RecordService(store)
            if record_id is None:
                return service.create(payload).record_id
            return service.update(record_id, payload, base_leaves=base).record_id

        self.services.run(write, self._saved, self._failed)

    def _saved(self, record_id: str) -> None:
        self.record_id = record_id
        self.saved.emit(record_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.show_errors({GENERAL: _("Nothing was saved: {error}").format(error=error)})

    def show_errors(self, messages: dict[str, str]) -> None:
        """Show each message under its field (hiding the others) and focus the first one."""
        self.general_error.setText(messages.get(GENERAL, ""))
        self.general_error.setVisible(GENERAL in messages)
        first: QWidget | None = None
        for key, error in self.errors.items():
            text = messages.get(key, "")
            if key == "latitude" and not text:  # one line under both coordinates
                text = messages.get("longitude", "")
            error.setText(text)
            error.setVisible(bool(text))
            if text and first is None:
                first = self.fields[key][1]
        placed = {*self.errors, GENERAL, "longitude"}
        unplaced = [text for key, text in messages.items() if key not in placed]
        if unplaced:
            self.general_error.setText("\n".join(filter(None, [messages.get(GENERAL), *unplaced])))
            self.general_error.show()
        if first is not None:
            first.setFocus()

    def error_text(self, key: str) -> str:
        """The message shown for a field ('' when none): for tests and accessibility checks."""
        error = self.errors["latitude" if key == "longitude" else key]
        return "" if error.isHidden() else error.text()


__all__ = ["InitiativeDialog"]
