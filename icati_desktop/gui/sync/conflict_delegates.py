"""Painting for the conflicts inbox: two-line list rows and radio-choice value cells."""

from __future__ import annotations

import unicodedata
from typing import Any

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPalette, QTextOption
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QWidget,
)

from icati_desktop.gui.sync.conflict_values import (
    CHOOSABLE_ROLE,
    CHOSEN_ROLE,
    DIFFERS_ROLE,
    SUBTITLE_ROLE,
    Index,
)


def _starts_rtl(text: str) -> bool:
    """Whether the text's first strong character is right-to-left (Arabic, Hebrew)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _line_option(text: str, rtl_screen: bool) -> QTextOption:
    """One line on the screen's leading side, in the text's own direction."""
    option = QTextOption(
        Qt.AlignmentFlag.AlignVCenter
        | (Qt.AlignmentFlag.AlignRight if rtl_screen else Qt.AlignmentFlag.AlignLeft)
    )
    option.setTextDirection(
        Qt.LayoutDirection.RightToLeft if _starts_rtl(text) else Qt.LayoutDirection.LeftToRight
    )
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    return option


def _style_of(widget: QWidget | None) -> QStyle:
    """The style to paint with (an option's widget may be None outside a view)."""
    found = getattr(widget, "style", None)
    return found() if callable(found) else QApplication.style()


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
        rtl_screen = opt.direction == Qt.LayoutDirection.RightToLeft
        painter.drawText(
            QRectF(rect.left(), rect.top(), rect.width(), line),
            title,
            _line_option(title, rtl_screen),
        )
        painter.setFont(opt.font)
        muted = QColor(text_color)
        if not selected:
            muted.setAlpha(150)
        painter.setPen(muted)
        subtitle = painter.fontMetrics().elidedText(
            str(index.data(SUBTITLE_ROLE)), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(
            QRectF(rect.left(), rect.top() + line + 4, rect.width(), line),
            subtitle,
            _line_option(subtitle, rtl_screen),
        )
        painter.restore()


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
        # The value keeps its own direction (an English title in the Arabic screen is elided
        # at its end), placed on the screen's leading side.
        rtl_screen = opt.direction == Qt.LayoutDirection.RightToLeft
        painter.drawText(QRectF(text_rect), elided, _line_option(text, rtl_screen))
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
