"""The Meetings list's filters: words, country, type, dates, attendee sector, barrier."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QWidget,
)

from icati_desktop.gui.atlas.filter_bar import TYPING_PAUSE_MS
from icati_desktop.i18n import N_, _, current_language
from icati_desktop.reports.meeting_text import BARRIERS, MEETING_TYPES, SECTORS, label
from icati_desktop.store.meetings import MeetingFilter

ANY_DATE = QDate(2000, 1, 1)
"""A date edit at its minimum shows "Any date": no bound."""


def as_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def western_digits(edit: QDateTimeEdit) -> QDateTimeEdit:
    """Dates and times in Western digits, as the rest of the app writes them in every
    language (Qt's Arabic locale would use Arabic-Indic ones); month names stay Arabic."""
    if QLocale().language() == QLocale.Language.Arabic:
        edit.setLocale(QLocale(QLocale.Language.Arabic, QLocale.Country.Tunisia))
    return edit


def clock_edit() -> QTimeEdit:
    """A 24-hour time read left to right in every language, as the app writes times: in a
    right-to-left window Qt lays a time's sections out reversed ("05:16" for 16:05, and
    with the locale's own form "م 00:4" for 4 PM), while Arabic writes 16:05 too."""
    edit = QTimeEdit()
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # before the format: it decides
    edit.setDisplayFormat("HH:mm")
    western_digits(edit)
    return edit


def date_edit() -> QDateEdit:
    edit = QDateEdit()
    western_digits(edit)
    edit.setCalendarPopup(True)
    edit.setMinimumDate(ANY_DATE)
    edit.setDate(ANY_DATE)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class MeetingFilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLineEdit()
        self.text.setObjectName("meeting_search")
        self.text.setClearButtonEnabled(True)
        self._typing = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.changed)
        self.text.textChanged.connect(self._typing.start)
        self.country = QComboBox()
        self.country.setObjectName("meeting_country_filter")
        self.country.addItem("", None)
        self.country.currentIndexChanged.connect(self.changed)
        self.combos: dict[str, tuple[QComboBox, str, dict[str, str]]] = {}
        for field, everything, words in (
            ("meeting_type", N_("All meeting types"), MEETING_TYPES),
            ("sector", N_("All sectors"), SECTORS),
            ("barrier", N_("All barriers"), BARRIERS),
        ):
            combo = QComboBox()
            combo.addItem("", None)
            for code in words:
                combo.addItem("", code)
            combo.currentIndexChanged.connect(self.changed)
            self.combos[field] = (combo, everything, words)
        self.date_from, self.date_to = date_edit(), date_edit()
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.changed)
            edit.setMaximumWidth(160)
        self.from_label, self.to_label = QLabel(), QLabel()
        self.from_label.setBuddy(self.date_from)
        self.to_label.setBuddy(self.date_to)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 0, 0, 1, 2)
        layout.addWidget(self.country, 0, 2)
        layout.addWidget(self.combos["meeting_type"][0], 0, 3)
        layout.addWidget(self.from_label, 1, 0)
        layout.addWidget(self.date_from, 1, 1)
        layout.addWidget(self.to_label, 1, 2)
        layout.addWidget(self.date_to, 1, 3)
        layout.addWidget(self.combos["sector"][0], 0, 4)
        layout.addWidget(self.combos["barrier"][0], 1, 4)
        layout.setColumnStretch(0, 0)
        layout.setColumnStretch(1, 2)
        self.retranslate_ui()

    def set_countries(self, names: list[tuple[str, str]]) -> None:
        """(alpha-3, name in the UI language) of the countries offered, keeping the choice."""
        chosen = self.country.currentData()
        self.country.blockSignals(True)
        while self.country.count() > 1:
            self.country.removeItem(1)
        for code, name in names:
            self.country.addItem(name, code)
        self.country.setCurrentIndex(max(self.country.findData(chosen), 0))
        self.country.blockSignals(False)

    def set_choice(self, field: str, code: str | None) -> None:
        combo = self.country if field == "country" else self.combos[field][0]
        combo.setCurrentIndex(max(combo.findData(code), 0))

    def current_filter(self) -> MeetingFilter:
        def bound(edit: QDateEdit) -> date | None:
            return None if edit.date() == ANY_DATE else as_date(edit.date())

        choices = {field: combo.currentData() for field, (combo, _e, _w) in self.combos.items()}
        return MeetingFilter(
            country=self.country.currentData(),
            date_from=bound(self.date_from),
            date_to=bound(self.date_to),
            text=self.text.text().strip(),
            **choices,
        )

    def is_filtered(self) -> bool:
        return self.current_filter() != MeetingFilter()

    def clear(self) -> None:
        self.blockSignals(True)
        for combo in (self.country, *(c for c, _e, _w in self.combos.values())):
            combo.setCurrentIndex(0)
        self.date_from.setDate(ANY_DATE)
        self.date_to.setDate(ANY_DATE)
        self.text.clear()
        self._typing.stop()
        self.blockSignals(False)
        self.changed.emit()

    def retranslate_ui(self) -> None:
        language = current_language()
        self.text.setPlaceholderText(_("Search titles, agendas, notes and decisions…"))
        self.text.setAccessibleName(_("Search meetings"))
        self.country.setItemText(0, _("All countries"))
        self.country.setAccessibleName(_("Country"))
        names = {
            "meeting_type": _("Meeting type"),
            "sector": _("Attendee sector"),
            "barrier": _("Barrier raised"),
        }
        for field, (combo, everything, words) in self.combos.items():
            combo.setItemText(0, _(everything))
            for index in range(1, combo.count()):
                combo.setItemText(index, label(words, combo.itemData(index), language))
            combo.setAccessibleName(names[field])
            combo.setToolTip(names[field])
        self.from_label.setText(_("&From:"))
        self.to_label.setText(_("&To:"))
        for edit in (self.date_from, self.date_to):
            edit.setSpecialValueText(_("Any date"))
