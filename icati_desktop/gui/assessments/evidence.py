"""The note and evidence of one answer: library resources that support it, attached files.

Attachments go to the store's content-addressed blob store on the database thread (the
answer keeps only the file's SHA-256, which travels in bundles as ``blobs/<sha256>``).
The :class:`ResourceCatalogue` is shared by every item of an assessment: it loads the
library's titles once and does the file work, so panels stay plain widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from uuid import UUID

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.assessments import Evidence
from icati_desktop.gui.assessments.item_widgets import localized
from icati_desktop.gui.assessments.typed_widgets import TYPING_PAUSE_MS, PlainTextEdit
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _
from icati_desktop.store.assessment_reads import tagged_resources
from icati_desktop.store.opened_copies import open_copy
from icati_desktop.store.store import Store

EVIDENCE_ROLE = Qt.ItemDataRole.UserRole + 1


def _titles_job(store: Store) -> dict[str, dict[str, str]]:
    with store.read() as session:
        resources = tagged_resources(session)
    return {r.id: {"en": r.title} if isinstance(r.title, str) else dict(r.title) for r in resources}


class ResourceCatalogue(QObject):
    """The library's resource titles and the blob store, for every evidence panel."""

    loaded = Signal()
    failed = Signal(str)

    def __init__(self, services: AppServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.titles: dict[str, dict[str, str]] = {}

    def load(self) -> None:
        self.services.run(_titles_job, self._loaded, self._failed)

    def _loaded(self, titles: dict[str, dict[str, str]]) -> None:
        self.titles = titles
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self.failed.emit(str(error))

    def title(self, record_id: str) -> str:
        titles = self.titles.get(record_id)
        return localized(titles) if titles else _("Library resource {id}").format(id=record_id[:8])

    def choose_file(self, parent: QWidget) -> Path | None:
        """Ask for a file to attach; tests override this."""
        path, _chosen = QFileDialog.getOpenFileName(parent, _("Attach a file as evidence"))
        return Path(path) if path else None

    def pick_resources(self, parent: QWidget, exclude: set[str]) -> list[str]:
        """Ask which library resources support an answer; tests override this."""
        picker = ResourcePicker(self, exclude, parent)
        return picker.chosen() if picker.exec() == QDialog.DialogCode.Accepted else []

    def attach(self, path: Path, on_done: Callable[[str], None]) -> None:
        """Copy the file into the blob store; ``on_done`` gets its SHA-256."""
        self.services.run(lambda store: store.blobs.put_file(path), on_done, self._failed)

    def open_attachment(self, sha256: str) -> None:
        def show(path: Path) -> None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        self.services.run(lambda store: open_copy(store, sha256), show, self._failed)


class ResourcePicker(QDialog):
    """Choose library resources, filtered by typing part of a title."""

    def __init__(self, catalogue: ResourceCatalogue, exclude: set[str], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Choose library resources"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Type part of a title…"))
        self.search.setAccessibleName(_("Filter resources"))
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAccessibleName(_("Library resources"))
        for record_id in sorted(catalogue.titles, key=lambda r: catalogue.title(r).casefold()):
            if record_id not in exclude:
                entry = QListWidgetItem(catalogue.title(record_id))
                entry.setData(EVIDENCE_ROLE, record_id)
                self.list.addItem(entry)
        self.search.textChanged.connect(self._filter)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(560, 420)

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.list.count()):
            entry = self.list.item(row)
            entry.setHidden(bool(needle) and needle not in entry.text().casefold())

    def chosen(self) -> list[str]:
        return [str(entry.data(EVIDENCE_ROLE)) for entry in self.list.selectedItems()]


class EvidencePanel(QWidget):
    changed = Signal()
    """The note or the evidence changed: read them with :meth:`current`."""

    def __init__(self, catalogue: ResourceCatalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self._evidence = Evidence()
        self._note = ""
        self.note_label = QLabel()
        self.note = PlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(56)
        self.note_label.setBuddy(self.note)
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(TYPING_PAUSE_MS)
        self.pause.timeout.connect(self.flush)
        self._loading = False
        self.note.textChanged.connect(self._typed)
        self.note.editing_finished.connect(self.flush)
        self.items = QListWidget()
        self.items.setMaximumHeight(90)
        self.items.itemActivated.connect(self._open)
        self.add_resource, self.attach, self.remove = QPushButton(), QPushButton(), QPushButton()
        self.add_resource.clicked.connect(self.choose_resources)
        self.attach.clicked.connect(self.attach_file)
        self.remove.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (self.add_resource, self.attach, self.remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 0, 0, 0)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note)
        layout.addWidget(self.items)
        layout.addLayout(buttons)
        catalogue.loaded.connect(self._show_items)

    def retranslate_ui(self, item_label: str) -> None:
        self.note_label.setText(_("Note:"))  # no mnemonic: one per item would clash
        self.note.setAccessibleName(_("{item}: note").format(item=item_label))
        self.items.setAccessibleName(_("{item}: evidence").format(item=item_label))
        self.add_resource.setText(_("Add library resource…"))
        self.attach.setText(_("Attach a file…"))
        self.remove.setText(_("Remove evidence"))
        self._show_items()

    def show_answer(self, note: str, evidence: Evidence) -> None:
        self.pause.stop()
        self._note, self._evidence = note, evidence
        self._loading = True
        if self.note.toPlainText() != note:
            self.note.setPlainText(note)
        self._loading = False
        self._show_items()

    def current(self) -> tuple[str, Evidence]:
        return self._note, self._evidence

    def set_read_only(self, read_only: bool) -> None:
        self.note.setReadOnly(read_only)
        for button in (self.add_resource, self.attach, self.remove):
            button.setEnabled(not read_only)

    def _show_items(self) -> None:
        self.items.clear()
        for record_id in self._evidence.resource_ids:
            entry = QListWidgetItem(
                _("Resource: {title}").format(title=self.catalogue.title(str(record_id)))
            )
            entry.setData(EVIDENCE_ROLE, ("resource", str(record_id)))
            self.items.addItem(entry)
        for sha in self._evidence.attachments:
            entry = QListWidgetItem(
                _("Attached file {sha}… (double-click to open)").format(sha=sha[:12])
            )
            entry.setData(EVIDENCE_ROLE, ("file", sha))
            self.items.addItem(entry)
        self.items.setVisible(self.items.count() > 0)

    def _typed(self) -> None:
        if not self._loading:
            self.pause.start()

    def flush(self) -> None:
        self.pause.stop()
        note = self.note.toPlainText().strip()
        if note != self._note:
            self._note = note
            self.changed.emit()

    def _set_evidence(self, evidence: Evidence) -> None:
        self._evidence = evidence
        self._show_items()
        self.changed.emit()

    def choose_resources(self) -> None:
        current = {str(r) for r in self._evidence.resource_ids}
        chosen = [r for r in self.catalogue.pick_resources(self, current) if r not in current]
        if chosen:
            ids = [*self._evidence.resource_ids, *(UUID(r) for r in chosen)]
            self._set_evidence(self._evidence.model_copy(update={"resource_ids": ids}))

    def attach_file(self) -> None:
        path = self.catalogue.choose_file(self)
        if path is not None:
            self.catalogue.attach(path, self.add_attachment)

    def add_attachment(self, sha256: str) -> None:
        if sha256 not in self._evidence.attachments:
            files = [*self._evidence.attachments, sha256]
            self._set_evidence(self._evidence.model_copy(update={"attachments": files}))

    def remove_selected(self) -> None:
        chosen = {tuple(e.data(EVIDENCE_ROLE)) for e in self.items.selectedItems()}
        if not chosen:
            return
        self._set_evidence(
            Evidence(
                resource_ids=[
                    r for r in self._evidence.resource_ids if ("resource", str(r)) not in chosen
                ],
                attachments=[s for s in self._evidence.attachments if ("file", s) not in chosen],
            )
        )

    def _open(self, entry: QListWidgetItem) -> None:
        kind, key = entry.data(EVIDENCE_ROLE)
        if kind == "file":
            self.catalogue.open_attachment(key)


__all__ = ["EvidencePanel", "ResourceCatalogue", "ResourcePicker"]
