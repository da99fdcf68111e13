"""The plan's timeline: one row an item, a bar from the plan's start to the item's due date.

Drawn with QPainter (no chart library): month ticks along the top, a line for today, the
bar's colour by status and an overdue item marked in red *and* with "Overdue" written
after it. Right to left in Arabic: time runs from the right, as the page reads.
"""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_date
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from icati_desktop.gui.status import status_brush
from icati_desktop.i18n import _, current_language
from icati_desktop.reports.action_text import OVERDUE, date_text, status_label
from icati_desktop.store.action_items import ItemSummary

ROW = 24
TOP = 44
LABEL_WIDTH = 220
MARGIN = 16
COLOURS = {
    "open": QColor("#8d99ae"),
    "in_progress": QColor("#2b6cb0"),
    "blocked": QColor("#c05621"),
    "done": QColor("#2f855a"),
    "dropped": QColor("#cbd5e0"),
}


class TimelineView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("action_timeline")
        self.rows: list[ItemSummary] = []
        self.start: date | None = None
        self.today = date.today()
        self.setMinimumHeight(160)

    def show_items(self, rows: list[ItemSummary], start: date | None, today: date) -> None:
        """The items to draw (those with a due date), the plan's start and today."""
        self.rows = [r for r in rows if r.due_on is not None]
        self.start, self.today = start, today
        self.setMinimumHeight(TOP + ROW * max(1, len(self.rows)) + MARGIN)
        self.update()

    def span(self) -> tuple[date, date]:
        """The first and last day drawn: the items, the plan's start and today, with room."""
        days = [r.due_on for r in self.rows if r.due_on] + [self.today]
        if self.start is not None:
            days.append(self.start)
        return min(days) - timedelta(days=7), max(days) + timedelta(days=14)

    def origin(self) -> date:
        """Where every bar starts: the plan's start, or the first due date if earlier."""
        first_due = min(r.due_on for r in self.rows if r.due_on)
        return min(self.start or first_due, first_due)

    def x_of(self, day: date) -> float:
        first, last = self.span()
        width = max(1, self.width() - LABEL_WIDTH - 2 * MARGIN)
        fraction = (day - first).days / max(1, (last - first).days)
        x = LABEL_WIDTH + MARGIN + fraction * width
        return self.width() - x if self.isRightToLeft() else x

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if not self.rows:
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                _(
                    "No action item with a due date to show. Give the items due dates to "
                    "see them here."
                ),
            )
            return
        self._months(painter)
        language = current_language()
        first, _last = self.span()
        for n, row in enumerate(self.rows):
            self._row(painter, n, row, first, language)
        today_x = self.x_of(self.today)
        painter.setPen(QPen(_overdue(), 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(today_x, TOP - 14), QPointF(today_x, self.height() - 4))
        label = _("Today")
        width = painter.fontMetrics().horizontalAdvance(label) + 6
        fits = today_x + width < self.width() if not self.isRightToLeft() else today_x > width
        x = today_x + 3 if fits != self.isRightToLeft() else today_x - width
        painter.drawText(QRectF(x, TOP - 24, width, 16), label)
        painter.end()

    def _months(self, painter: QPainter) -> None:
        first, last = self.span()
        painter.setPen(self.palette().mid().color())
        day = date(first.year, first.month, 1)
        language = current_language()
        free_from = -1e9  # month names are skipped where they would overlap
        while day <= last:
            if day >= first:
                x = self.x_of(day)
                painter.drawLine(QPointF(x, TOP - 6), QPointF(x, self.height() - 4))
                label = format_date(day, "MMM y", locale=language)
                width = painter.fontMetrics().horizontalAdvance(label) + 8
                left = x - width if self.isRightToLeft() else x
                if abs(left - free_from) >= width or free_from < -1e8:
                    painter.drawText(QRectF(left + 3, 2, width, 16), label)
                    free_from = left
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)

    def _row(self, painter: QPainter, n: int, row: ItemSummary, first: date, lang: str) -> None:
        assert row.due_on is not None
        y = TOP + n * ROW
        text_rect = QRectF(MARGIN, y, LABEL_WIDTH - MARGIN, ROW)
        if self.isRightToLeft():
            text_rect = QRectF(self.width() - LABEL_WIDTH, y, LABEL_WIDTH - MARGIN, ROW)
        painter.setPen(_overdue() if row.overdue else self.palette().text().color())
        elided = painter.fontMetrics().elidedText(
            row.title, Qt.TextElideMode.ElideRight, int(text_rect.width())
        )
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, elided)
        begin = self.x_of(self.origin())
        end = self.x_of(row.due_on)
        left, right = min(begin, end), max(begin, end)
        bar = QRectF(left, y + 5, max(4.0, right - left), ROW - 10)
        painter.setPen(QPen(_overdue(), 2) if row.overdue else Qt.PenStyle.NoPen)
        painter.setBrush(COLOURS.get(row.status, COLOURS["open"]))
        painter.drawRoundedRect(bar, 3, 3)
        note = status_label(row.status, lang)
        if row.overdue:
            note = f"⚠ {_(OVERDUE)} — {date_text(row.due_on, lang)}"
        font = QFont(painter.font())
        font.setBold(row.overdue)
        painter.setFont(font)
        painter.setPen(_overdue() if row.overdue else self.palette().text().color())
        width = painter.fontMetrics().horizontalAdvance(note) + 4
        x = end + 6 if not self.isRightToLeft() else end - 6 - width
        painter.drawText(QRectF(x, y, width, ROW), Qt.AlignmentFlag.AlignVCenter, note)
        font.setBold(False)
        painter.setFont(font)


def _overdue() -> QColor:
    """The look's overdue colour (light, dark or high contrast), as the lists show it."""
    return status_brush("overdue").color()
