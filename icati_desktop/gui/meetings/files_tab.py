"""The meeting editor's Resources and files tab, and the directory picker."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.meetings import AttachmentKind, Meeting, MeetingAttachment
from icati_desktop.gui.meetings.details import SHA_ROLE, buttons_row
from icati_desktop.i18n import _, current_language
from icati_desktop.reports.meeting_text import (
    ATTACHMENT_KINDS,
    label,
)
from icati_desktop.store.meetings import PersonChoice


class FilesTab(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resources = QListWidget()
        self.attachments = QListWidget()
        self.attachments.setObjectName("attachments")
        self.resource_ids: list[str] = []
        self.attachment_list: list[MeetingAttachment] = []
        self.add_resource_button, self.remove_resource = QPushButton(), QPushButton()
        self.attach_buttons = {kind: QPushButton() for kind in AttachmentKind}
        self.remove_attachment = QPushButton()
        self.remove_resource.clicked.connect(self._remove_resource)
        self.remove_attachment.clicked.connect(self._remove_attachment)
        self.labels = [QLabel(), QLabel()]
        layout = QVBoxLayout(self)
        layout.addWidget(self.labels[0])
        layout.addLayout(buttons_row(self.add_resource_button, self.remove_resource))
        layout.addWidget(self.resources, 1)
        layout.addWidget(self.labels[1])
        layout.addLayout(buttons_row(*self.attach_buttons.values(), self.remove_attachment))
        layout.addWidget(self.attachments, 1)
        self._catalogue: Any = None

    def show_files(self, m: Meeting, catalogue: Any) -> None:
        self._catalogue = catalogue
        self.resource_ids = [str(r) for r in m.resources_shared]
        self.attachment_list = list(m.attachments)
        self.show_titles()
        self.attachments.clear()
        for attachment in self.attachment_list:
            self._list_attachment(attachment)

    def show_titles(self) -> None:
        self.resources.clear()
        for rid in self.resource_ids:
            title = self._catalogue.title(rid) if self._catalogue is not None else rid
            item = QListWidgetItem(title)
            item.setData(SHA_ROLE, rid)
            self.resources.addItem(item)

    def add_resources(self, ids: list[str], catalogue: Any) -> None:
        self.resource_ids += [i for i in ids if i not in self.resource_ids]
        self._catalogue = catalogue
        self.show_titles()

    def _list_attachment(self, attachment: MeetingAttachment) -> None:
        kind = label(ATTACHMENT_KINDS, attachment.kind.value, current_language())
        item = QListWidgetItem(f"{attachment.file_name} — {kind}")
        item.setData(SHA_ROLE, str(attachment.id))
        item.setToolTip(_("Double-click to open"))
        self.attachments.addItem(item)

    def add_attachment(self, attachment: MeetingAttachment) -> None:
        self.attachment_list.append(attachment)
        self._list_attachment(attachment)

    def attachment_at(self, item: QListWidgetItem) -> MeetingAttachment | None:
        wanted = item.data(SHA_ROLE)
        return next((a for a in self.attachment_list if str(a.id) == wanted), None)

    def _remove_resource(self) -> None:
        item = self.resources.currentItem()
        if item is not None:
            self.resource_ids.remove(str(item.data(SHA_ROLE)))
            self.show_titles()
            self.edited.emit()

    def _remove_attachment(self) -> None:
        if self.attachments.currentRow() < 0:
            return
        item = self.attachments.currentItem()
        attachment = self.attachment_at(item)
        if attachment is not None:
            self.attachment_list.remove(attachment)
            self.attachments.takeItem(self.attachments.row(item))
            self.edited.emit()

    def retranslate_ui(self) -> None:
        self.labels[0].setText(_("<b>Library resources shared</b>"))
        self.labels[1].setText(_("<b>Photos, attendance sheets and other files</b>"))
        self.add_resource_button.setText(_("Add from the &library…"))
        self.attach_buttons[AttachmentKind.PHOTO].setText(_("Add a &photo…"))
        self.attach_buttons[AttachmentKind.ATTENDANCE_SHEET].setText(_("Add an attendance &sheet…"))
        self.attach_buttons[AttachmentKind.OTHER].setText(_("Add another &file…"))
        for button in (self.remove_resource, self.remove_attachment):
            button.setText(_("Remove"))


class PeoplePicker(QDialog):
    """Choose attendees among the directory's people who consented."""

    def __init__(self, choices: list[PersonChoice], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add attendees from the directory"))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Type part of a name, role or institution"))
        self.list = QListWidget()
        self.list.setSelectionMode(QListWidget.SelectionMode.MultiSelection)
        self.choices = choices
        for person in choices:
            text = ", ".join(p for p in (person.name, person.role, person.institution) if p)
            item = QListWidgetItem(text)
            item.setData(SHA_ROLE, person.person_id)
            self.list.addItem(item)
        self.filter.textChanged.connect(self._filter)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        empty = QLabel(_("Nobody of this country is in the directory with consent yet."))
        empty.setVisible(not choices)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(empty)
        layout.addWidget(buttons)

    def _filter(self, text: str) -> None:
        wanted = text.casefold().strip()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(wanted) and wanted not in item.text().casefold())

    def chosen(self) -> list[PersonChoice]:
        ids = {item.data(SHA_ROLE) for item in self.list.selectedItems()}
        return [c for c in self.choices if c.person_id in ids]
