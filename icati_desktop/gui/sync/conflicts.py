"""The conflicts inbox: base / mine / theirs field by field, one resolution version.

The left list holds every open conflict (a Qt list model); the right side lays the
selected one out as a grid whose rows are fields and whose columns are the base and
each competing version. Each row has one radio choice (click a cell, or move with the
arrow keys and press Space); "Resolve" writes ONE version built from the choices,
whose parents are all the competing versions (see :mod:`icati_desktop.store.resolution`).
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.labels import record_type_label
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import N_, _, current_language, format_datetime, ngettext
from icati_desktop.store.conflicts import ConflictLeaf
from icati_desktop.store.records import StaleEdit
from icati_desktop.store.resolution import (
    BASE,
    ConflictDetail,
    FieldDiff,
    ResolutionRefused,
    list_conflict_details,
    resolve_with_choices,
)
from icati_desktop.store.store import Store
from icati_desktop.sync.version import Version

Index = QModelIndex | QPersistentModelIndex
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 1
CHOSEN_ROLE = Qt.ItemDataRole.UserRole + 2
CHOOSABLE_ROLE = Qt.ItemDataRole.UserRole + 3
DIFFERS_ROLE = Qt.ItemDataRole.UserRole + 4
ERROR_STYLE = "color: #b3261e;"
CHOSEN_TINT = QColor(26, 115, 232, 38)
ERROR_TINT = QColor(179, 38, 30, 40)

FIELD_LABELS = {
    "title": N_("Title"),
    "summary": N_("Summary"),
    "description": N_("Description"),
    "name": N_("Name"),
    "display_name": N_("Name"),
    "resource_type": N_("Type"),
    "publisher": N_("Publisher"),
    "year": N_("Year"),
    "languages": N_("Languages"),
    "topics": N_("Topics"),
    "level": N_("Level"),
    "country": N_("Country"),
    "status": N_("Status"),
    "notes": N_("Notes"),
    "held_on": N_("Date"),
    "links": N_("Links"),
    "attachments": N_("Attachments"),
}


def field_label(name: str) -> str:
    label = FIELD_LABELS.get(name)
    return _(label) if label else name.replace("_", " ").capitalize()


def value_text(value: Any) -> str:
    """A payload value in words: text as is, lists joined, translated text by language."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        language = current_language()
        ordered = sorted(value, key=lambda k: (k != language, k != "en", k))
        return " · ".join(f"{value[k]} ({k})" if len(value) > 1 else value[k] for k in ordered)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def author_name(leaf: ConflictLeaf, own: bool) -> str:
    name = leaf.origin_name or leaf.origin[:8]
    return _("{name} (this device)").format(name=name) if own else name


def _style_of(widget: QWidget | None) -> QStyle:
    """The style to paint with (an option's widget may be None outside a view)."""
    found = getattr(widget, "style", None)
    return found() if callable(found) else QApplication.style()


class ConflictListModel(QAbstractListModel):
    """Open conflicts: record title (display) and type · authors · when (subtitle)."""

    def __init__(self) -> None:
        super().__init__()
        self.details: list[ConflictDetail] = []

    def set_details(self, details: list[ConflictDetail]) -> None:
        self.beginResetModel()
        self.details = details
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.details)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        detail = self.details[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return detail.title or _("Untitled record {id}").format(id=detail.record_id[:8])
        if role == SUBTITLE_ROLE:
            return self.subtitle(detail)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{self.data(index)}\n{self.subtitle(detail)}"
        return None

    @staticmethod
    def subtitle(detail: ConflictDetail) -> str:
        authors = [
            author_name(detail.leaf(vid), vid == detail.mine and detail.mine_is_own)
            for vid in detail.columns
        ]
        newest = max(leaf.time for leaf in detail.leaves)
        return " · ".join(
            [
                record_type_label(detail.record_type),
                ", ".join(authors),
                format_datetime(newest, "short"),
            ]
        )

    def refresh_texts(self) -> None:
        if self.details:
            self.dataChanged.emit(self.index(0), self.index(len(self.details) - 1))


class TwoLineDelegate(QStyledItemDelegate):
    """A bold title over a muted subtitle, for the conflict list."""

    PADDING = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = option.fontMetrics.height()
        return QSize(260, 2 * line + 2 * self.PADDING + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = _style_of(opt.widget)
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect: QRect = opt.rect.adjusted(
            self.PADDING + 2, self.PADDING, -self.PADDING, -self.PADDING
        )
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        painter.save()
        bold = QFont(opt.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_color)
        line = painter.fontMetrics().height()
        title = painter.fontMetrics().elidedText(
            str(index.data()), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), line), 0, title)
        painter.setFont(opt.font)
        muted = QColor(text_color)
        if not selected:
            muted.setAlpha(150)
        painter.setPen(muted)
        subtitle = painter.fontMetrics().elidedText(
            str(index.data(SUBTITLE_ROLE)), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(QRect(rect.left(), rect.top() + line + 4, rect.width(), line), 0, subtitle)
        painter.restore()


class FieldChoiceModel(QAbstractTableModel):
    """Rows: fields; column 0 the field, then one column per source (base, mine, theirs…).

    Each row has exactly one chosen source (default: the shown winner); ``choose`` and
    ``setData(CheckStateRole)`` change it.
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
            self.choices = {f.field: detail.winner for f in detail.fields}
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
        assert self.detail is not None
        for row in self.detail.fields:
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

    def resolution_choices(self) -> dict[str, str]:
        """The choices that differ from the default (the shown winner)."""
        assert self.detail is not None
        winner = self.detail.winner
        return {field: source for field, source in self.choices.items() if source != winner}

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


class ChoiceDelegate(QStyledItemDelegate):
    """A value cell with a radio indicator: click it, or press Space on it, to choose."""

    MARGIN = 6

    def _radio_rect(self, option: QStyleOptionViewItem) -> QRect:
        style = _style_of(option.widget)
        size = style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth)
        rect: QRect = option.rect
        left = (
            rect.right() - self.MARGIN - size
            if option.direction == Qt.LayoutDirection.RightToLeft
            else rect.left() + self.MARGIN
        )
        return QRect(left, rect.center().y() - size // 2, size, size)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.column() == 0:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        widget = opt.widget
        style = _style_of(widget)
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        choosable = bool(index.data(CHOOSABLE_ROLE))
        radio_rect = self._radio_rect(option)
        if choosable:
            radio = QStyleOptionButton()
            radio.rect = radio_rect
            radio.state = QStyle.StateFlag.State_Enabled | (
                QStyle.StateFlag.State_On if index.data(CHOSEN_ROLE) else QStyle.StateFlag.State_Off
            )
            radio.palette = opt.palette
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_IndicatorRadioButton, radio, painter, widget
            )
        rect: QRect = opt.rect
        gap = radio_rect.width() + 2 * self.MARGIN
        text_rect = (
            rect.adjusted(self.MARGIN, 0, -gap, 0)
            if opt.direction == Qt.LayoutDirection.RightToLeft
            else rect.adjusted(gap, 0, -self.MARGIN, 0)
        )
        painter.save()
        font = QFont(opt.font)
        font.setBold(bool(index.data(CHOSEN_ROLE)) and bool(index.data(DIFFERS_ROLE)))
        font.setItalic(not choosable or text.startswith("("))
        painter.setFont(font)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        color = opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        if not choosable:
            color.setAlpha(140)
        painter.setPen(color)
        elided = painter.fontMetrics().elidedText(
            text.replace("\n", " "), Qt.TextElideMode.ElideRight, text_rect.width()
        )
        painter.drawText(
            text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeading), elided
        )
        painter.restore()

    def editorEvent(
        self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: Index
    ) -> bool:
        if index.column() == 0 or not index.data(CHOOSABLE_ROLE):
            return False
        if event.type() == QEvent.Type.MouseButtonRelease:
            assert isinstance(event, QMouseEvent)
            if event.button() == Qt.MouseButton.LeftButton:
                return bool(
                    model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
                )
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select):
                return bool(
                    model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
                )
        return False


class ConflictsPage(QWidget):
    """Open conflicts and their field-by-field resolution."""

    resolved = Signal(str)
    """Emitted with the record id after a resolution version was written."""
    COLUMN_MIN: ClassVar[int] = 160

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.hint = QLabel()
        self.hint.setWordWrap(True)

        self.list_model = ConflictListModel()
        self.list_view = QListView()
        self.list_view.setModel(self.list_model)
        self.list_view.setItemDelegate(TwoLineDelegate(self.list_view))
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setUniformItemSizes(True)
        self.list_view.setMinimumWidth(260)
        self.list_view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.count_label = QLabel()

        self.record_title = QLabel()
        self.record_title.setWordWrap(True)
        self.record_info = QLabel()
        self.record_info.setWordWrap(True)
        self.show_all = QCheckBox()
        self.show_all.toggled.connect(self._show_all_toggled)
        self.keep_mine_button = QPushButton()
        self.keep_theirs_button = QPushButton()
        self.keep_deleted_button = QPushButton()
        self.keep_mine_button.clicked.connect(lambda: self.keep(self._mine()))
        self.keep_theirs_button.clicked.connect(lambda: self.keep(self._theirs()))
        self.keep_deleted_button.clicked.connect(self.keep_deleted)

        self.grid_model = FieldChoiceModel()
        self.grid = QTableView()
        self.grid.setModel(self.grid_model)
        self.grid.setItemDelegate(ChoiceDelegate(self.grid))
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setWordWrap(False)
        self.grid.setAlternatingRowColors(True)
        self.grid.verticalHeader().setVisible(False)
        self.grid.verticalHeader().setDefaultSectionSize(34)
        header = self.grid.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._header_clicked)
        self.grid.setTabKeyNavigation(False)
        self.grid_model.modelReset.connect(self._layout_columns)
        self.grid_model.choices_changed.connect(self._update_summary)
        self.no_rows = QLabel()
        self.no_rows.setWordWrap(True)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.resolve_button = QPushButton()
        self.resolve_button.setDefault(True)
        self.resolve_button.clicked.connect(self.resolve)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(12, 0, 0, 0)
        detail_layout.addWidget(self.record_title)
        detail_layout.addWidget(self.record_info)
        tools = QHBoxLayout()
        tools.addWidget(self.show_all)
        tools.addStretch(1)
        tools.addWidget(self.keep_mine_button)
        tools.addWidget(self.keep_theirs_button)
        tools.addWidget(self.keep_deleted_button)
        detail_layout.addLayout(tools)
        detail_layout.addWidget(self.grid, 1)
        detail_layout.addWidget(self.no_rows)
        detail_layout.addWidget(self.error)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.resolve_button)
        detail_layout.addLayout(bottom)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.count_label)
        left_layout.addWidget(self.list_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 900])

        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setFrameShape(QFrame.Shape.StyledPanel)
        self.loading = QLabel()
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QStackedWidget()
        self.body.addWidget(self.loading)
        self.body.addWidget(self.empty)
        self.body.addWidget(self.splitter)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.body, 1)

        self._busy = False
        self._pending_refresh = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(150)
        self._refresh_timer.timeout.connect(self.refresh)
        services.records_changed.connect(lambda *_args: self._refresh_timer.start())
        self.retranslate_ui()

    # -- texts ---------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.5)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.title.setText(_("Conflicts"))
        self.hint.setText(
            _(
                "A conflict means two devices changed the same record before they had seen each "
                "other's change. Both versions are kept. For each field, choose the value to "
                "keep; Resolve writes one new version that every device will show."
            )
        )
        self.show_all.setText(_("Show all fields"))
        self.show_all.setToolTip(_("Also list the fields on which every version agrees"))
        self.keep_mine_button.setText(_("Keep &mine"))
        self.keep_mine_button.setToolTip(_("Choose this device's version for every field"))
        self.keep_theirs_button.setText(_("Keep &theirs"))
        self.keep_theirs_button.setToolTip(_("Choose the other device's version for every field"))
        self.keep_deleted_button.setText(_("Keep it &deleted"))
        self.keep_deleted_button.setToolTip(_("Resolve by keeping the deletion"))
        self.resolve_button.setText(_("&Resolve"))
        self.empty.setText(
            "<p style='font-size:28pt; color:#2e7d32'>✓</p><p style='font-size:13pt'>{}</p>".format(
                _("No conflicts: every record agrees on every device.")
            )
        )
        self.loading.setText(_("Looking for conflicts…"))
        self.no_rows.setText(
            _(
                "The versions hold the same values; they differ only in who wrote them or in a "
                "deletion. Choose a version to keep, then Resolve."
            )
        )
        self.list_view.setAccessibleName(_("Open conflicts"))
        self.grid.setAccessibleName(_("Fields of the selected record, one choice per row"))
        self.list_model.refresh_texts()
        self.grid_model.refresh_texts()
        self._show_count()
        self._show_detail_header()
        self._update_summary()

    def _show_count(self) -> None:
        n = len(self.list_model.details)
        self.count_label.setText(
            "<b>{}</b>".format(ngettext("{n} open conflict", "{n} open conflicts", n).format(n=n))
        )

    # -- loading -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the open conflicts (keeps the selected record if it is still open)."""
        if self._busy:
            self._pending_refresh = True
            return
        self._busy = True
        language = current_language()

        def job(store: Store) -> list[ConflictDetail]:
            return list_conflict_details(store, language)

        self.services.run(job, self._loaded, self._load_failed)

    def _loaded(self, details: list[ConflictDetail]) -> None:
        self._busy = False
        current = self.current_detail()
        keep = current.record_id if current else None
        self.list_model.set_details(details)
        self._show_count()
        self.body.setCurrentWidget(self.splitter if details else self.empty)
        if details:
            ids = [d.record_id for d in details]
            row = ids.index(keep) if keep in ids else 0
            self.list_view.selectionModel().setCurrentIndex(
                self.list_model.index(row),
                QItemSelectionModel.SelectionFlag.ClearAndSelect,
            )
            self._current_changed(self.list_model.index(row), QModelIndex())
        else:
            self.grid_model.set_detail(None)
        if self._pending_refresh:
            self._pending_refresh = False
            self.refresh()

    def _load_failed(self, error: BaseException) -> None:
        self._busy = False
        self.body.setCurrentWidget(self.splitter)
        self._show_error(_("The conflicts could not be read: {error}").format(error=error))

    def current_detail(self) -> ConflictDetail | None:
        return self.grid_model.detail

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        detail = self.list_model.details[current.row()]
        if self.grid_model.detail == detail:
            return
        self.grid_model.set_detail(detail)
        self.error.hide()
        has_deleted = any(leaf.deleted for leaf in detail.leaves)
        self.keep_deleted_button.setVisible(has_deleted)
        self.keep_mine_button.setEnabled(not detail.leaf(self._mine()).deleted)
        self.keep_theirs_button.setEnabled(not detail.leaf(self._theirs()).deleted)
        self.keep_theirs_button.setText(
            _("Keep &theirs") if len(detail.theirs) == 1 else _("Keep the newest of &theirs")
        )
        self._show_detail_header()

    def _show_detail_header(self) -> None:
        detail = self.current_detail()
        if detail is None:
            self.record_title.clear()
            self.record_info.clear()
            return
        name = detail.title or _("Untitled record {id}").format(id=detail.record_id[:8])
        kind = html.escape(record_type_label(detail.record_type))
        big = f"<span style='font-size:13pt'><b>{html.escape(name)}</b></span>"
        self.record_title.setText(f"{big} &nbsp; {kind}")
        parts = []
        for vid in detail.columns:
            leaf = detail.leaf(vid)
            who = self.grid_model.header_title(vid)
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
        self.record_info.setText(" · ".join(parts))

    def _layout_columns(self) -> None:
        header = self.grid.horizontalHeader()
        columns = self.grid_model.columnCount()
        if columns == 0:
            return
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in range(1, columns):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(120)
        has_rows = self.grid_model.rowCount() > 0
        self.no_rows.setVisible(not has_rows and self.grid_model.detail is not None)

    def _show_all_toggled(self, checked: bool) -> None:
        self.grid_model.set_show_all(checked)

    # -- choosing ------------------------------------------------------------------------

    def _mine(self) -> str:
        detail = self.current_detail()
        assert detail is not None
        return detail.mine

    def _theirs(self) -> str:
        detail = self.current_detail()
        assert detail is not None
        return detail.theirs[0]

    def choose(self, field: str, source: str) -> bool:
        """Take ``field`` from ``source``: "base", or a competing version's id."""
        return self.grid_model.choose(field, source)

    def keep(self, source: str) -> None:
        """Choose ``source`` for every field (Keep mine / Keep theirs / a header click)."""
        self.grid_model.choose_all(source)

    def _header_clicked(self, section: int) -> None:
        if section > 0 and self.grid_model.detail is not None:
            self.keep(self.grid_model.source_of(section))

    def _update_summary(self) -> None:
        detail = self.current_detail()
        self.resolve_button.setEnabled(detail is not None and not self._busy_resolving())
        if detail is None:
            self.summary.clear()
            return
        model = self.grid_model
        parts = [
            _("{field} from {source}").format(
                field=field_label(row.field),
                source=model.header_title(model.choices.get(row.field, detail.winner)),
            )
            for row in detail.fields
            if row.differs or model.choices.get(row.field, detail.winner) != detail.winner
        ]
        self.summary.setText(
            _("Resolve writes one new version: {parts}.").format(parts="; ".join(parts))
            if parts
            else _("Resolve writes one new version equal to the shown one.")
        )

    def _busy_resolving(self) -> bool:
        return bool(self.property("resolving"))

    # -- resolving -----------------------------------------------------------------------

    def resolve(self) -> None:
        """Write one version from the current choices (on the database thread)."""
        detail = self.current_detail()
        if detail is None:
            return
        choices = self.grid_model.resolution_choices()
        self._run_resolution(
            detail,
            lambda store: resolve_with_choices(
                store, detail.record_id, choices, expected_leaves=detail.columns
            ),
        )

    def keep_deleted(self) -> None:
        detail = self.current_detail()
        if detail is None:
            return
        self._run_resolution(
            detail,
            lambda store: resolve_with_choices(
                store, detail.record_id, {}, keep_deleted=True, expected_leaves=detail.columns
            ),
        )

    def _run_resolution(self, detail: ConflictDetail, job: Callable[[Store], Version]) -> None:
        self.setProperty("resolving", True)
        self.resolve_button.setEnabled(False)
        self.error.hide()

        def done(_version: Version) -> None:
            self.setProperty("resolving", False)
            self.resolved.emit(detail.record_id)
            self.refresh()

        self.services.run(job, done, self._resolve_failed)

    def _resolve_failed(self, error: BaseException) -> None:
        self.setProperty("resolving", False)
        self._update_summary()
        if isinstance(error, ResolutionRefused):
            self.grid_model.flag(error.fields)
            message = _("These choices cannot be kept together: {reason}").format(reason=error)
        elif isinstance(error, StaleEdit):
            message = str(error)
            self.refresh()
        else:
            message = _("Nothing was changed: {error}").format(error=error)
        self._show_error(message)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
