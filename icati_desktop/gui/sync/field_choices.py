"""The field grid of one conflict: a row per field, a column per source, one choice a row."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from icati_desktop.gui.labels import record_type_label
from icati_desktop.gui.sync.conflict_values import (
    CHOOSABLE_ROLE,
    CHOSEN_ROLE,
    CHOSEN_TINT,
    DIFFERS_ROLE,
    ERROR_TINT,
    Index,
    field_label,
    value_text,
)
from icati_desktop.i18n import _, format_datetime, ngettext
from icati_desktop.store.resolution import BASE, ConflictDetail, FieldDiff


class FieldChoiceModel(QAbstractTableModel):
    """Rows: fields; column 0 the field, then one column per source (base, mine, theirs…).

    Each conflicting row has one chosen source (default: the leaf whose value is shown
    there); a settled row ("show all") has none until one is chosen, and keeps the
    merged value. ``choose`` and ``setData(CheckStateRole)`` change a choice.
    """

    choices_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.detail: ConflictDetail | None = None
        self.sources: list[str] = []
        self.rows: list[FieldDiff] = []
        self.choices: dict[str, str] = {}
        self.flagged: set[str] = set()
        self.show_all = False

    def set_detail(self, detail: ConflictDetail | None) -> None:
        self.beginResetModel()
        self.detail = detail
        self.flagged = set()
        if detail is None:
            self.sources, self.choices = [], {}
        else:
            self.sources = [BASE, *detail.columns]
            self.choices = {f.field: f.shown or detail.winner for f in detail.fields if f.differs}
        self._filter()
        self.endResetModel()
        self.choices_changed.emit()

    def set_show_all(self, show_all: bool) -> None:
        self.beginResetModel()
        self.show_all = show_all
        self._filter()
        self.endResetModel()

    def _filter(self) -> None:
        fields = self.detail.fields if self.detail else []
        self.rows = [f for f in fields if self.show_all or f.differs]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.detail is None else 1 + len(self.sources)

    def source_of(self, column: int) -> str:
        return self.sources[column - 1]

    def column_of(self, source: str) -> int:
        return 1 + self.sources.index(source)

    def choosable(self, row: FieldDiff, source: str) -> bool:
        assert self.detail is not None
        if source == BASE:
            return self.detail.base is not None and not self.detail.base.deleted
        return not self.detail.leaf(source).deleted

    def cell_text(self, row: FieldDiff, source: str) -> str:
        assert self.detail is not None
        if not self.choosable(row, source):
            if source == BASE:
                return _("(no common base)") if self.detail.base is None else _("(deleted)")
            return _("(deleted)")
        if source not in row.values:
            return _("(not set)")
        return value_text(row.values[source])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.detail is None:
            return None
        row = self.rows[index.row()]
        if index.column() == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return field_label(row.field)
            if role == Qt.ItemDataRole.ToolTipRole:
                return row.field
            if role == Qt.ItemDataRole.FontRole and row.differs:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.BackgroundRole and row.field in self.flagged:
                return ERROR_TINT
            return None
        source = self.source_of(index.column())
        chosen = self.choices.get(row.field) == source
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell_text(row, source)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = _("chosen") if chosen else _("not chosen")
            return f"{field_label(row.field)}, {self.header_title(source)}: " + (
                f"{self.cell_text(row, source)}, {state}"
            )
        if role == CHOSEN_ROLE:
            return chosen
        if role == CHOOSABLE_ROLE:
            return self.choosable(row, source)
        if role == DIFFERS_ROLE:
            return row.differs
        if role == Qt.ItemDataRole.BackgroundRole and chosen:
            return CHOSEN_TINT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and index.column() > 0 and self.detail is not None:
            if self.choosable(self.rows[index.row()], self.source_of(index.column())):
                return base | Qt.ItemFlag.ItemIsUserCheckable
            return Qt.ItemFlag.ItemIsSelectable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() == 0:
            return False
        return self.choose(self.rows[index.row()].field, self.source_of(index.column()))

    def choose(self, field: str, source: str) -> bool:
        """Take ``field`` from ``source`` ("base" or a leaf id); False if it cannot be."""
        assert self.detail is not None
        row = next((f for f in self.detail.fields if f.field == field), None)
        if row is None or source not in self.sources or not self.choosable(row, source):
            return False
        self.choices[field] = source
        self.flagged.discard(field)
        if row in self.rows:
            at = self.rows.index(row)
            self.dataChanged.emit(self.index(at, 0), self.index(at, self.columnCount() - 1))
        self.choices_changed.emit()
        return True

    def choose_all(self, source: str) -> None:
        """``source`` at every conflicting path (what the merge settled stays)."""
        assert self.detail is not None
        for row in self.detail.differing:
            if self.choosable(row, source):
                self.choices[row.field] = source
        self.flagged = set()
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1)
            )
        self.choices_changed.emit()

    def flag(self, fields: list[str]) -> None:
        self.flagged = set(fields)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0))

    def default_choice(self, row: FieldDiff) -> str | None:
        """What the record shows in a row: a leaf at a conflicting path, else the merge."""
        assert self.detail is not None
        return (row.shown or self.detail.winner) if row.differs else None

    def resolution_choices(self) -> dict[str, str]:
        """The choices that differ from what the record shows."""
        assert self.detail is not None
        rows = {row.field: row for row in self.detail.fields}
        return {
            field: source
            for field, source in self.choices.items()
            if source != self.default_choice(rows[field])
        }

    def header_title(self, source: str) -> str:
        assert self.detail is not None
        if source == BASE:
            return _("Base")
        if source == self.detail.mine:
            return _("Mine")
        theirs = self.detail.theirs
        if len(theirs) == 1:
            return _("Theirs")
        return _("Theirs ({n})").format(n=theirs.index(source) + 1)

    def header_detail(self, source: str) -> str:
        assert self.detail is not None
        if source == BASE:
            base = self.detail.base
            if base is None:
                return _("none in common")
            return format_datetime(base.time, "short")
        leaf = self.detail.leaf(source)
        name = leaf.origin_name or leaf.origin[:8]
        parts = [name, format_datetime(leaf.time, "short")]
        if leaf.shown:
            parts.append(_("shown"))
        return " · ".join(parts)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or self.detail is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return _("Field")
            source = self.source_of(section)
            return f"{self.header_title(source)}\n{self.header_detail(source)}"
        if role == Qt.ItemDataRole.ToolTipRole and section > 0:
            source = self.source_of(section)
            if source == BASE:
                return _("The last version both sides had before they changed it")
            return _("Version {id}… — click the header to keep this column for every field").format(
                id=source[:12]
            )
        return None

    def refresh_texts(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(self.columnCount() - 1, 0))
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1)
            )


def record_heading(detail: ConflictDetail, model: FieldChoiceModel) -> tuple[str, str]:
    """The selected record's title line (rich text) and who changed it how, for the page."""
    name = detail.title or _("Untitled record {id}").format(id=detail.record_id[:8])
    kind = html.escape(record_type_label(detail.record_type))
    big = f"<span style='font-size:13pt'><b>{html.escape(name)}</b></span>"
    parts = []
    for vid in detail.columns:
        leaf = detail.leaf(vid)
        who = model.header_title(vid)
        what = _("deleted it") if leaf.deleted else _("edited it")
        parts.append(
            _("{who}: {name} {what} on {when}").format(
                who=who,
                name=leaf.origin_name or leaf.origin[:8],
                what=what,
                when=format_datetime(leaf.time, "short"),
            )
        )
    differing = len(detail.differing)
    parts.append(
        ngettext("{n} field differs.", "{n} fields differ.", differing).format(n=differing)
    )
    return f"{big} &nbsp; {kind}", " · ".join(parts)


def resolution_summary(detail: ConflictDetail, model: FieldChoiceModel) -> str:
    """What Resolve will write: each differing (or changed) field and where it comes from."""
    parts = [
        _("{field} from {source}").format(
            field=field_label(row.field),
            source=model.header_title(model.choices[row.field]),
        )
        for row in detail.fields
        if row.field in model.choices
        and (row.differs or model.choices[row.field] != model.default_choice(row))
    ]
    return (
        _("Resolve writes one new version: {parts}.").format(parts="; ".join(parts))
        if parts
        else _("Resolve writes one new version equal to the shown one.")
    )
