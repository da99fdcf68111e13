"""The resource list as a growing Qt table model, and a delegate that bolds search matches.

:class:`ResourceTableModel` is a :class:`~icati_desktop.gui.growing_table.GrowingTableModel`
(rows loaded a page at a time as the view scrolls, through a database job the page runs)
with the library's own header (a star for the favourite column), tooltips, accessible
texts and search snippets, and a total each page brings back.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QObject, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QPainter,
    QPalette,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from icati_desktop.gui.growing_table import AnyIndex, GrowingTableModel
from icati_desktop.gui.library.vocabulary import language_label, level_label, type_label
from icati_desktop.i18n import N_, _
from icati_desktop.store.library import ResourceSummary
from icati_desktop.store.search import ELLIPSIS, split_marks

SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 3  # after table_roles' SORT_ROLE and RECORD_ID_ROLE
"""The search snippet with its match marks (``store.search.MARK_START``…), or None."""

COLUMNS = (N_("Favourite"), N_("Title"), N_("Type"), N_("Level"), N_("Year"), N_("Languages"))
FAVOURITE, TITLE, TYPE, LEVEL, YEAR, LANGUAGES = range(len(COLUMNS))
STAR, NO_STAR = "★", ""


def plain_snippet(snippet: str) -> str:
    return "".join(text for text, _match in split_marks(snippet))


def snippet_html(snippet: str) -> str:
    """The snippet as rich text, its matches in bold."""
    return "".join(
        f"<b>{html.escape(text)}</b>" if match else html.escape(text)
        for text, match in split_marks(snippet)
    )


class ResourceTableModel(GrowingTableModel[ResourceSummary]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, self._display, parent)

    def append_rows(
        self, offset: int, rows: list[ResourceSummary], total: int | None = None
    ) -> None:
        """The next page, and how many rows the query matches now; an empty page where the
        next was wanted means the list ends here (records went since the count)."""
        if total is not None:
            self._total = len(self._rows) if not rows and offset == len(self._rows) else total
        super().append_rows(offset, rows)

    def summary(self, row: int) -> ResourceSummary:
        return self._rows[row]

    def row_of(self, record_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.record_id == record_id), None)

    def set_favourite(self, record_id: str, favourite: bool) -> None:
        row = self.row_of(record_id)
        if row is not None:
            self._rows[row] = self._rows[row].model_copy(update={"favourite": favourite})
            self.dataChanged.emit(self.index(row, FAVOURITE), self.index(row, FAVOURITE))

    @property
    def total(self) -> int:
        return self._total

    # --- Qt model -------------------------------------------------------------------------------

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return STAR if section == FAVOURITE else _(COLUMNS[section])
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return _(COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The snippet, accessible texts, tooltips and alignment here; the text and the
        record id from the base."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == SNIPPET_ROLE:
            return row.snippet if column == TITLE else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == FAVOURITE:
                return _("Favourite") if row.favourite else _("Not a favourite")
            text = self._display(row, column)
            if column == TITLE and row.snippet:
                text = f"{text}. {plain_snippet(row.snippet)}"
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == TITLE:
                return row.title + (f"\n{plain_snippet(row.snippet)}" if row.snippet else "")
            return _("Favourite") if column == FAVOURITE and row.favourite else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (FAVOURITE, YEAR):
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ForegroundRole and column == FAVOURITE:
            return QPalette().color(QPalette.ColorRole.Link)
        return super().data(index, role)

    @staticmethod
    def _display(row: ResourceSummary, column: int) -> str:
        if column == FAVOURITE:
            return STAR if row.favourite else NO_STAR
        if column == TITLE:
            return row.title
        if column == TYPE:
            return type_label(row.resource_type.value)
        if column == LEVEL:
            return level_label(None if row.level is None else row.level.value)
        if column == YEAR:
            return "" if row.year is None else str(row.year)
        if column == LANGUAGES:
            return ", ".join(language_label(code) for code in row.languages)
        return ""


class SnippetDelegate(QStyledItemDelegate):
    """Draws the title and, below it, the search snippet with its matches in bold."""

    def _document(self, option: QStyleOptionViewItem, index: AnyIndex) -> QTextDocument | None:
        snippet = index.data(SNIPPET_ROLE)
        if not snippet:
            return None
        title = html.escape(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        muted = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        ).name()
        option_text = document.defaultTextOption()
        option_text.setWrapMode(QTextOption.WrapMode.NoWrap)
        if option.direction == Qt.LayoutDirection.RightToLeft:  # lines start at the right
            option_text.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
            document.setTextWidth(max(option.rect.width() - 6, 0))
        document.setDefaultTextOption(option_text)
        plain = plain_snippet(str(snippet)).lstrip(ELLIPSIS)
        marked = snippet_html(str(snippet))
        if plain.startswith(str(index.data(Qt.ItemDataRole.DisplayRole) or "")):
            document.setHtml(f"<div>{marked}</div>")  # the match is in the title: mark it there
        else:
            document.setHtml(f"<div>{title}</div><div style='color:{muted}'>{marked}</div>")
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        document = self._document(opt, index)
        if document is None:
            super().paint(painter, option, index)
            return
        opt.text = ""
        widget: QWidget | None = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = opt.rect.adjusted(3, 0, -3, 0)
        painter.save()
        top = max(0, (rect.height() - int(document.size().height())) // 2)
        painter.translate(rect.left(), rect.top() + top)
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        context = QAbstractTextDocumentLayout.PaintContext()
        role = (
            QPalette.ColorRole.HighlightedText
            if opt.state & QStyle.StateFlag.State_Selected
            else QPalette.ColorRole.Text
        )
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        size = super().sizeHint(option, index)
        if index.data(SNIPPET_ROLE):
            size.setHeight(option.fontMetrics.lineSpacing() * 2 + 10)
        return size
