"""Table models of the History pane: the versions (paged from the store) and one's changes."""

from __future__ import annotations

from typing import Any

from babel.lists import format_list
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from icati_desktop.i18n import _, format_datetime, locale, ngettext
from icati_desktop.store.change_text import FieldChange
from icati_desktop.store.history import HistoryEntry, VersionKind

Index = QModelIndex | QPersistentModelIndex
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


def what_text(entry: HistoryEntry) -> str:
    """ "Edited: Title, Level" — what a version did, in one line."""
    if entry.kind is VersionKind.DELETED:
        return _("Deleted")
    if entry.kind is VersionKind.CREATED:
        return _("Created")
    names = list(dict.fromkeys(c.field for c in entry.changes))
    fields = format_list(names, style="unit-short", locale=locale()) if names else ""
    if entry.kind is VersionKind.RESOLVED:
        head = ngettext(
            "Resolved {n} competing version", "Resolved {n} competing versions", len(entry.parents)
        ).format(n=len(entry.parents))
    else:
        head = _("Edited")
    if not fields:
        return head if entry.kind is VersionKind.RESOLVED else _("Edited (no visible change)")
    return _("{what}: {fields}").format(what=head, fields=fields)


def who_text(entry: HistoryEntry) -> str:
    return _("{name} (this device)").format(name=entry.author) if entry.own else entry.author


class VersionsModel(QAbstractTableModel):
    """One row per version, newest first; more rows are read from the store on demand."""

    more_wanted = Signal(int)
    """The offset of the next page to read (the pane runs the job)."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[HistoryEntry] = []
        self.total = 0
        self.loading = False

    def reset(self, entries: list[HistoryEntry], total: int) -> None:
        self.beginResetModel()
        self.entries, self.total, self.loading = list(entries), total, False
        self.endResetModel()

    def append(self, entries: list[HistoryEntry], total: int) -> None:
        self.loading = False
        self.total = total
        known = {e.version_id for e in self.entries}
        fresh = [e for e in entries if e.version_id not in known]
        if not fresh:
            return
        start = len(self.entries)
        self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
        self.entries.extend(fresh)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self.loading and len(self.entries) < self.total

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self.loading = True
            self.more_wanted.emit(len(self.entries))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if role == ENTRY_ROLE:
            return entry
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                text = format_datetime(entry.time, "medium")
                return text + ("  ·  " + _("shown") if entry.shown else "")
            if index.column() == 1:
                return who_text(entry)
            return what_text(entry)
        if role == Qt.ItemDataRole.FontRole and entry.shown:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("When"), _("Who"), _("What changed"))[section]
        return None

    def refresh_texts(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)
        if self.entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.entries) - 1, 2))


class ChangesModel(QAbstractTableModel):
    """The fields one version changed: field, before, after."""

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[FieldChange] = []

    def set_changes(self, changes: list[FieldChange]) -> None:
        self.beginResetModel()
        self.changes = list(changes)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.changes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        change = self.changes[index.row()]
        text = (change.field, change.old, change.new)[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _("{field}: before {old}, after {new}").format(
                field=change.field, old=change.old, new=change.new
            )
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Field"), _("Before"), _("After"))[section]
        return None

    def refresh_texts(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)
