"""The typed answer controls: numbers, text and dates, committed on leaving the field or
after a pause in typing (:data:`TYPING_PAUSE_MS`), and the note item, which takes none.

Numbers are read as :class:`~decimal.Decimal` from the text, never through a float.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, QRegularExpression, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QDateEdit, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from icati_desktop.domain.assessments import AnswerValue, DateAnswer, NumberAnswer, TextAnswer
from icati_desktop.domain.forms import FormDefinition, FormItem, ItemType
from icati_desktop.gui.assessments.item_widgets import ValueControl
from icati_desktop.i18n import _

TYPING_PAUSE_MS = 800
"""A typed answer is saved this long after the last key press (and on leaving the field)."""
NO_DATE = QDate(1900, 1, 1)
"""The date edit's minimum, shown as "No date": the item is not answered."""
_INTEGER = QRegularExpression(r"^-?\d{0,18}$")
_DECIMAL = QRegularExpression(r"^-?\d{0,18}([.,]\d{0,12})?$")


class TypedControl(ValueControl):
    """A typed answer: committed on leaving the field or after a pause in typing."""

    def __init__(self, form: FormDefinition, item: FormItem, parent: QWidget | None = None) -> None:
        super().__init__(form, item, parent)
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(TYPING_PAUSE_MS)
        self.pause.timeout.connect(self.flush)
        self._shown: AnswerValue | None = None

    def typed(self) -> None:
        self.pause.start()

    def flush(self) -> None:
        self.pause.stop()
        value = self.value()
        if value != self._shown:
            self._shown = value
            self.changed.emit(value)

    def set_value(self, value: AnswerValue | None) -> None:
        self.pause.stop()
        self._shown = value
        self.show_value(value)

    def show_value(self, value: AnswerValue | None) -> None:
        raise NotImplementedError


class NumberControl(TypedControl):
    """A whole or decimal number, typed as text and read as an exact Decimal."""

    def __init__(self, form: FormDefinition, item: FormItem, parent: QWidget | None = None) -> None:
        super().__init__(form, item, parent)
        self.edit = QLineEdit()
        self.edit.setFixedWidth(240)
        pattern = _INTEGER if item.type is ItemType.INTEGER else _DECIMAL
        self.edit.setValidator(QRegularExpressionValidator(pattern, self.edit))
        self.edit.textEdited.connect(lambda _text: self.typed())
        self.edit.editingFinished.connect(self.flush)
        self.layout_.addWidget(self.edit)
        self.layout_.addStretch(1)

    def value(self) -> AnswerValue | None:
        text = self.edit.text().strip().replace(",", ".")
        if text in ("", "-", ".", "-."):
            return None
        try:
            return NumberAnswer(value=Decimal(text))
        except (InvalidOperation, ValueError):
            return None

    def show_value(self, value: AnswerValue | None) -> None:
        self.edit.setText(str(value.value) if isinstance(value, NumberAnswer) else "")

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    def retranslate(self, caption: str) -> None:
        self.edit.setAccessibleName(caption)
        if self.item.type is ItemType.INTEGER:
            self.edit.setPlaceholderText(_("A whole number"))
        else:
            self.edit.setPlaceholderText(_("A number, e.g. 12.5"))


class PlainTextEdit(QPlainTextEdit):
    editing_finished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editing_finished.emit()


class TextControl(TypedControl):
    def __init__(self, form: FormDefinition, item: FormItem, parent: QWidget | None = None) -> None:
        super().__init__(form, item, parent)
        self.edit = PlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(64)
        self.edit.textChanged.connect(self._text_changed)
        self.edit.editing_finished.connect(self.flush)
        self._loading = False
        self.layout_.addWidget(self.edit, 1)

    def _text_changed(self) -> None:
        if not self._loading:
            self.typed()

    def value(self) -> AnswerValue | None:
        text = self.edit.toPlainText().strip()
        return TextAnswer(value=text) if text else None

    def show_value(self, value: AnswerValue | None) -> None:
        self._loading = True
        self.edit.setPlainText(value.value if isinstance(value, TextAnswer) else "")
        self._loading = False

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    def retranslate(self, caption: str) -> None:
        self.edit.setAccessibleName(caption)


class DateControl(TypedControl):
    """A date, or "No date" (the edit's minimum) for no answer; "Clear" returns to it."""

    def __init__(self, form: FormDefinition, item: FormItem, parent: QWidget | None = None) -> None:
        super().__init__(form, item, parent)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(NO_DATE)
        self.edit.setDate(NO_DATE)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.dateChanged.connect(lambda _date: self.typed())
        self.edit.editingFinished.connect(self.flush)
        self.today = QPushButton()
        self.today.clicked.connect(self._set_today)
        self.layout_.addWidget(self.edit)
        self.layout_.addWidget(self.today)
        self.layout_.addStretch(1)

    def _set_today(self) -> None:
        self.edit.setDate(QDate.currentDate())
        self.flush()

    def value(self) -> AnswerValue | None:
        chosen = self.edit.date()
        if chosen == NO_DATE:
            return None
        return DateAnswer(value=date(chosen.year(), chosen.month(), chosen.day()))

    def show_value(self, value: AnswerValue | None) -> None:
        self.edit.blockSignals(True)
        if isinstance(value, DateAnswer):
            self.edit.setDate(QDate(value.value.year, value.value.month, value.value.day))
        else:
            self.edit.setDate(NO_DATE)
        self.edit.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.today.setEnabled(not read_only)

    def retranslate(self, caption: str) -> None:
        self.edit.setSpecialValueText(_("No date"))
        self.edit.setAccessibleName(caption)
        self.today.setText(_("Today"))
        self.today.setAccessibleName(_("{item}: today").format(item=caption))


class NoteControl(ValueControl):
    """A note item takes no answer: its label is all there is."""

    def value(self) -> AnswerValue | None:
        return None

    def set_value(self, value: AnswerValue | None) -> None:
        return None


__all__ = [
    "NO_DATE",
    "TYPING_PAUSE_MS",
    "DateControl",
    "NoteControl",
    "NumberControl",
    "PlainTextEdit",
    "TextControl",
    "TypedControl",
]
