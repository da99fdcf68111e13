"""Add or edit a library resource (central office only); files attach as blobs."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.library import AttachmentRef, Level, Resource, ResourceType
from icati_desktop.gui.language import LANGUAGE_NAMES
from icati_desktop.gui.library.jobs import ResourceDetail, save_job
from icati_desktop.gui.library.resource_errors import resource_problems
from icati_desktop.gui.library.vocabulary import level_label, type_label
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.status import error_line
from icati_desktop.i18n import _
from icati_desktop.store.records import PermissionDenied, StaleEdit

NO_YEAR = 1899


def _codes(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class ResourceDialog(QDialog):
    saved = Signal(str)
    """The saved resource's record id."""

    def __init__(
        self, services: AppServices, editing: ResourceDetail | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.editing = editing
        self.new_files: list[Path] = []
        self._kept: list[AttachmentRef] = []
        self.tabs = QTabWidget()
        self.titles: dict[str, QLineEdit] = {}
        self.summaries: dict[str, QPlainTextEdit] = {}
        self.tab_captions: dict[str, tuple[QLabel, QLabel]] = {}
        for code, name in LANGUAGE_NAMES.items():
            page = QWidget()
            form = QFormLayout(page)
            self.titles[code], self.summaries[code] = QLineEdit(), QPlainTextEdit()
            self.tab_captions[code] = (QLabel(), QLabel())
            self.tab_captions[code][0].setBuddy(self.titles[code])
            self.tab_captions[code][1].setBuddy(self.summaries[code])
            self.summaries[code].setTabChangesFocus(True)
            self.summaries[code].setMaximumHeight(90)
            form.addRow(self.tab_captions[code][0], self.titles[code])
            form.addRow(self.tab_captions[code][1], self.summaries[code])
            self.tabs.addTab(page, name)
        self.type_combo = QComboBox()
        for resource_type in ResourceType:
            self.type_combo.addItem(type_label(resource_type.value), resource_type.value)
        self.publisher = QLineEdit()
        self.year = QSpinBox()
        self.year.setRange(NO_YEAR, 2100)
        self.year.setSpecialValueText("—")
        self.level_combo = QComboBox()
        self.level_combo.addItem("—", None)
        for level in Level:
            self.level_combo.addItem(level_label(level.value), level.value)
        self.languages = QLineEdit()
        self.topics = QLineEdit()
        self.links = QPlainTextEdit()
        self.links.setTabChangesFocus(True)
        self.links.setMaximumHeight(70)
        self.source_to_confirm = QCheckBox()
        self.attachments = QListWidget()
        self.attachments.setMaximumHeight(80)
        self.attach_button = QPushButton()
        self.attach_button.clicked.connect(self.choose_and_attach)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_attachment)
        self.form = QFormLayout()
        self.captions: list[QLabel] = []
        for field in (
            self.type_combo,
            self.publisher,
            self.year,
            self.level_combo,
            self.languages,
            self.topics,
            self.links,
            self.source_to_confirm,
        ):
            caption = QLabel()
            caption.setBuddy(field)
            self.captions.append(caption)
            self.form.addRow(caption, field)
        files = QHBoxLayout()
        files.addWidget(self.attachments, 1)
        buttons_column = QVBoxLayout()
        buttons_column.addWidget(self.attach_button)
        buttons_column.addWidget(self.remove_button)
        buttons_column.addStretch(1)
        files.addLayout(buttons_column)
        self.files_caption = QLabel()
        self.files_caption.setBuddy(self.attachments)
        self.form.addRow(self.files_caption, files)
        self.error = error_line()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(640, 640)
        if editing is not None:
            self._load(editing.resource)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Edit resource") if self.editing else _("Add a resource"))
        for code in LANGUAGE_NAMES:
            self.tab_captions[code][0].setText(_("&Title:"))
            self.tab_captions[code][1].setText(_("S&ummary:"))
            self.titles[code].setAccessibleName(_("Title ({language})").format(language=code))
            self.summaries[code].setAccessibleName(_("Summary ({language})").format(language=code))
        for caption, text in zip(
            self.captions,
            (
                _("T&ype:"),
                _("&Publisher:"),
                _("&Year:"),
                _("&Level:"),
                _("La&nguages:"),
                _("T&opics:"),
                _("Lin&ks:"),
                "",
            ),
            strict=True,
        ):
            caption.setText(text)
        self.languages.setPlaceholderText(_("Language codes, e.g. en, fr, ar"))
        self.topics.setPlaceholderText(_("Topic tags, e.g. legal, treatment"))
        self.links.setPlaceholderText(_("One web address per line"))
        self.source_to_confirm.setText(_("The source is still to be confirmed"))
        self.files_caption.setText(_("Attachments:"))
        self.attach_button.setText(_("Attach &file…"))
        self.remove_button.setText(_("&Remove"))

    def _load(self, resource: Resource) -> None:
        for code in LANGUAGE_NAMES:
            self.titles[code].setText(resource.title.get(code, ""))
            self.summaries[code].setPlainText(resource.summary.get(code, ""))
        self.type_combo.setCurrentIndex(self.type_combo.findData(resource.resource_type.value))
        self.publisher.setText(resource.publisher)
        self.year.setValue(resource.year or NO_YEAR)
        level = None if resource.level is None else resource.level.value
        self.level_combo.setCurrentIndex(max(self.level_combo.findData(level), 0))
        self.languages.setText(", ".join(resource.languages))
        self.topics.setText(", ".join(resource.topics))
        self.links.setPlainText("\n".join(link.url for link in resource.links))
        self.source_to_confirm.setChecked(resource.source_to_confirm)
        self._kept = list(resource.attachments)
        for attachment in self._kept:
            self._add_item(attachment.filename, attachment)

    def _add_item(self, text: str, data: object) -> None:
        item = QListWidgetItem(text)
        item.setData(256, data)
        self.attachments.addItem(item)

    def choose_files(self) -> list[Path]:
        """Ask for files to attach (tests override this)."""
        names, _filter = QFileDialog.getOpenFileNames(self, _("Attach files"))
        return [Path(name) for name in names]

    def choose_and_attach(self) -> None:
        for path in self.choose_files():
            self.attach(path)

    def attach(self, path: Path) -> None:
        self.new_files.append(path)
        self._add_item(path.name, path)

    def remove_attachment(self) -> None:
        row = self.attachments.currentRow()
        if row < 0:
            return
        data = self.attachments.takeItem(row).data(256)
        if isinstance(data, AttachmentRef):
            self._kept = [a for a in self._kept if a.sha256 != data.sha256]
        else:
            self.new_files = [p for p in self.new_files if p != data]

    def resource(self) -> Resource:
        """The form as a resource (raises ValidationError for what is not valid)."""
        base = self.editing.resource.model_dump() if self.editing else {}
        old = self.editing.resource.links if self.editing else []
        old_links = {link.url: link.label for link in old}
        shown = set(LANGUAGE_NAMES)
        urls = [u.strip() for u in self.links.toPlainText().splitlines() if u.strip()]
        level = self.level_combo.currentData()
        return Resource.model_validate(
            {
                **base,
                "title": {c: w.text().strip() for c, w in self.titles.items() if w.text().strip()},
                "summary": {
                    **{k: v for k, v in (base.get("summary") or {}).items() if k not in shown},
                    **{
                        c: w.toPlainText().strip()
                        for c, w in self.summaries.items()
                        if w.toPlainText().strip()
                    },
                },
                "resource_type": self.type_combo.currentData(),
                "publisher": self.publisher.text().strip(),
                "year": None if self.year.value() == NO_YEAR else self.year.value(),
                "level": level,
                "languages": _codes(self.languages.text()),
                "topics": _codes(self.topics.text()),
                "links": [{"url": url, "label": old_links.get(url, "")} for url in urls],
                "source_to_confirm": self.source_to_confirm.isChecked(),
                "attachments": [a.model_dump() for a in self._kept],
            }
        )

    def save(self) -> None:
        try:
            resource = self.resource()
        except ValidationError as error:
            problems = resource_problems(error)
            self.show_error("\n".join(text for _field, text in problems))
            self._focus_field(problems[0][0] if problems else "")
            return
        files = list(self.new_files)
        record_id = None if self.editing is None else self.editing.record_id
        base = None if self.editing is None else self.editing.leaves
        self.buttons.setEnabled(False)
        self.services.run(
            lambda store: save_job(store, resource, files, record_id, base),
            self._saved,
            self._failed,
        )

    def _saved(self, record_id: str) -> None:
        self.saved.emit(record_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, PermissionDenied | StaleEdit):
            self.show_error(str(error))
        else:
            self.show_error(_("The resource could not be saved: {error}").format(error=error))

    def _focus_field(self, field: str) -> None:
        """Put the cursor in the field at fault (the first language's title for a title)."""
        widgets = {
            "publisher": self.publisher,
            "year": self.year,
            "languages": self.languages,
            "topics": self.topics,
            "links": self.links,
        }
        if field == "title":
            self.tabs.setCurrentIndex(0)
            self.titles[next(iter(self.titles))].setFocus()
        elif field in widgets:
            widgets[field].setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)
