"""The answer controls of the XLSForm types beyond the basics: a time of day, a date and
time, a place (latitude and longitude), a confirmation, and a computed value shown
read-only. Like the typed controls, typed values commit on leaving the field or after a
pause in typing."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, QDateTime, QRegularExpression, Qt, QTime
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QDateTimeEdit, QLabel, QLineEdit, QPushButton, QWidget

from icati_desktop.domain.assessments import (
    AcknowledgedAnswer,
    AnswerValue,
    DateTimeAnswer,
    GeopointAnswer,
    TimeAnswer,
)
from icati_desktop.domain.forms import FormDefinition, FormItem
from icati_desktop.gui.assessments.item_widgets import ValueControl
from icati_desktop.gui.assessments.typed_widgets import TypedControl
from icati_desktop.i18n import _

NO_MOMENT = QDateTime(QDate(1900, 1, 1), QTime(0, 0))
"""1900-01-01: the date-time edit's minimum, shown as "No date": not answered."""
_TIME = QRegularExpression(r"^([01]?\d|2[0-3])(:[0-5]?\d?)?$")
_DEGREES = QRegularExpression(r"^-?\d{0,3}([.,]\d{0,8})?$")


class TimeControl(TypedControl):
    """A time of day typed as HH:MM (24-hour clock)."""

    def __init__(self, form: FormDefinition, item: FormItem, parent: QWidget | None = None) -> None:
        super().__init__(form, item, parent)
        self.edit = QLineEdit()
        self.edit.setFixedWidth(180)
        self.edit.setValidator(QRegularExpressionValidator(_TIME, self.edit))
        self.edit.textEdited.connect(lambda _text: self.typed())
        self.edit.editingFinished.connect(self.flush)
        self.layout_.addWidget(self.edit)
        self.layout_.addStretch(1)

    def value(self) -> AnswerValue | None:
        hours, _sep, minutes = self.edit.text().strip().partition(":")
        if not hours or not minutes or len(minutes) != 2:
            return None
        return TimeAnswer(value=f"{int(hours):02d}:{minutes}:00")

    def show_value(self, value: AnswerValue | None) -> None:
        self.edit.setText(value.value[:5] if isinstance(value, TimeAnswer) else "")

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    def retranslate(self, caption: str) -> None:
        self.edit.setAccessibleName(caption)
        self.edit.setPlaceholderText(_("HH:MM, e.g. 14:30"))


class DateTimeControl(TypedControl):
    """A date and time in the computer's time zone (kept in UTC), or "No date"."""

    def __init__(self, form: FormDefinition, item: FormItem, parent: QWidget | None = None) -> None:
        super().__init__(form, item, parent)
        self.edit = QDateTimeEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDateTime(NO_MOMENT)
        self.edit.setDateTime(NO_MOMENT)
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.edit.dateTimeChanged.connect(lambda _moment: self.typed())
        self.edit.editingFinished.connect(self.flush)
        self.now = QPushButton()
        self.now.clicked.connect(self._set_now)
        self.layout_.addWidget(self.edit)
        self.layout_.addWidget(self.now)
        self.layout_.addStretch(1)

    def _set_now(self) -> None:
        self.edit.setDateTime(QDateTime.currentDateTime())
        self.flush()

    def value(self) -> AnswerValue | None:
        moment = self.edit.dateTime()
        if moment <= NO_MOMENT:
            return None
        return DateTimeAnswer(value=datetime.fromtimestamp(moment.toSecsSinceEpoch(), UTC))

    def show_value(self, value: AnswerValue | None) -> None:
        self.edit.blockSignals(True)
        if isinstance(value, DateTimeAnswer):
            seconds = int(value.value.timestamp())
            self.edit.setDateTime(QDateTime.fromSecsSinceEpoch(seconds).toLocalTime())
        else:
            self.edit.setDateTime(NO_MOMENT)
        self.edit.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.now.setEnabled(not read_only)

    def retranslate(self, caption: str) -> None:
        self.edit.setSpecialValueText(_("No date"))
        self.edit.setAccessibleName(caption)
        self.now.setText(_("Now"))
        self.now.setAccessibleName(_("{item}: now").format(item=caption))


def _degrees(text: str) -> Decimal | None:
    text = text.strip().replace(",", ".")
    if text in ("", "-", ".", "-."):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


class GeopointControl(TypedControl):
    """A place as latitude and longitude in decimal degrees; an altitude and accuracy that
    came with an imported answer are kept."""

    def __init__(self, form: FormDefinition, item: FormItem, parent: QWidget | None = None) -> None:
        super().__init__(form, item, parent)
        self.latitude, self.longitude = QLineEdit(), QLineEdit()
        self.captions = (QLabel(), QLabel())
        self._kept: GeopointAnswer | None = None
        for caption, edit in zip(self.captions, (self.latitude, self.longitude), strict=True):
            edit.setFixedWidth(140)
            edit.setValidator(QRegularExpressionValidator(_DEGREES, edit))
            edit.textEdited.connect(lambda _text: self.typed())
            edit.editingFinished.connect(self.flush)
            caption.setBuddy(edit)
            self.layout_.addWidget(caption)
            self.layout_.addWidget(edit)
        self.layout_.addStretch(1)

    def value(self) -> AnswerValue | None:
        latitude, longitude = _degrees(self.latitude.text()), _degrees(self.longitude.text())
        if latitude is None or longitude is None:
            return None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            return None
        kept = self._kept
        return GeopointAnswer(
            latitude=latitude,
            longitude=longitude,
            altitude=kept.altitude if kept else None,
            accuracy=kept.accuracy if kept else None,
        )

    def show_value(self, value: AnswerValue | None) -> None:
        self._kept = value if isinstance(value, GeopointAnswer) else None
        self.latitude.setText(str(self._kept.latitude) if self._kept else "")
        self.longitude.setText(str(self._kept.longitude) if self._kept else "")

    def set_read_only(self, read_only: bool) -> None:
        self.latitude.setReadOnly(read_only)
        self.longitude.setReadOnly(read_only)

    def retranslate(self, caption: str) -> None:
        self.captions[0].setText(_("Latitude:"))
        self.captions[1].setText(_("Longitude:"))
        self.latitude.setAccessibleName(_("{item}: latitude").format(item=caption))
        self.longitude.setAccessibleName(_("{item}: longitude").format(item=caption))
        self.latitude.setPlaceholderText(_("e.g. -1.2921"))
        self.longitude.setPlaceholderText(_("e.g. 36.8219"))


class AcknowledgeControl(ValueControl):
    """A box to tick: the person confirms the statement of the question."""

    def __init__(self, form: FormDefinition, item: FormItem, parent: QWidget | None = None) -> None:
        super().__init__(form, item, parent)
        self.box = QCheckBox()
        self.box.clicked.connect(lambda _checked=False: self.changed.emit(self.value()))
        self.layout_.addWidget(self.box)
        self.layout_.addStretch(1)

    def value(self) -> AnswerValue | None:
        return AcknowledgedAnswer() if self.box.isChecked() else None

    def set_value(self, value: AnswerValue | None) -> None:
        self.box.setChecked(isinstance(value, AcknowledgedAnswer))

    def retranslate(self, caption: str) -> None:
        self.box.setText(_("Confirmed"))
        self.box.setAccessibleName(_("{item}: confirmed").format(item=caption))


class ComputedControl(ValueControl):
    """A value the form computes, shown read-only (:meth:`show_text`)."""

    def __init__(self, form: FormDefinition, item: FormItem, parent: QWidget | None = None) -> None:
        super().__init__(form, item, parent)
        self.label = QLabel()
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.layout_.addWidget(self.label)
        self.layout_.addStretch(1)

    def value(self) -> AnswerValue | None:
        return None

    def set_value(self, value: AnswerValue | None) -> None:
        return None

    def show_text(self, text: str) -> None:
        self.label.setText(text or _("(nothing yet)"))

    def retranslate(self, caption: str) -> None:
        self.label.setAccessibleName(_("{item}: computed by the form").format(item=caption))


__all__ = [
    "AcknowledgeControl",
    "ComputedControl",
    "DateTimeControl",
    "GeopointControl",
    "TimeControl",
]
