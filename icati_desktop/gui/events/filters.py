"""The Events list's filters: upcoming or past, kind, language and an attendee's country."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from icati_desktop.gui.events.model import language_name
from icati_desktop.i18n import _
from icati_desktop.store.events import EventFilter, EventWhen
from icati_desktop.vocabulary import EVENT_KIND_LABELS


class EventFilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.when, self.kind, self.language, self.country = (QComboBox() for _ in range(4))
        self.labels = [QLabel() for _ in range(4)]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for label, box in zip(
            self.labels, (self.when, self.kind, self.language, self.country), strict=True
        ):
            label.setBuddy(box)
            layout.addWidget(label)
            layout.addWidget(box)
            box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for box in (self.kind, self.language, self.country):  # long names open in the list,
            box.setSizeAdjustPolicy(  # they do not widen the window past a 1366-pixel screen
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(14)
        layout.addStretch(1)
        self._languages: list[str] = []
        self._countries: list[tuple[str, str]] = []
        self.retranslate_ui()

    def _refill(self, box: QComboBox, items: list[tuple[str, str | None]]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        for text, data in items:
            box.addItem(text, data)
        found = box.findData(current)
        box.setCurrentIndex(max(0, found))
        box.blockSignals(False)

    def set_languages(self, codes: list[str]) -> None:
        self._languages = codes
        self._refill(
            self.language,
            [(_("Any language"), None)] + [(language_name(c), c) for c in codes],
        )

    def set_countries(self, names: list[tuple[str, str]]) -> None:
        """(alpha-3, name in the UI language), in the order to show."""
        self._countries = names
        self._refill(self.country, [(_("Any country"), None)] + [(n, c) for c, n in names])

    def current_filter(self) -> EventFilter:
        return EventFilter(
            when=EventWhen(self.when.currentData() or "upcoming"),
            kind=self.kind.currentData(),
            language=self.language.currentData(),
            country=self.country.currentData(),
        )

    def is_filtered(self) -> bool:
        return any(box.currentIndex() > 0 for box in (self.kind, self.language, self.country))

    def clear(self) -> None:
        """Every event: no kind, language or country, upcoming and past."""
        for box in (self.kind, self.language, self.country):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.when.setCurrentIndex(self.when.findData(EventWhen.ALL.value))
        self.changed.emit()

    def retranslate_ui(self) -> None:
        for label, text in zip(
            self.labels,
            (_("&Show:"), _("&Kind:"), _("&Language:"), _("Attendee &country:")),
            strict=True,
        ):
            label.setText(text)
        self._refill(
            self.when,
            [
                (_("Upcoming"), EventWhen.UPCOMING.value),
                (_("Past"), EventWhen.PAST.value),
                (_("All events"), EventWhen.ALL.value),
            ],
        )
        kinds = sorted(
            ((_(t), c) for c, t in EVENT_KIND_LABELS.items()), key=lambda i: i[0].casefold()
        )
        self._refill(self.kind, [(_("Any kind"), None), *kinds])
        self.set_languages(self._languages)
        self.set_countries(self._countries)
        self.when.setAccessibleName(_("Show"))
        self.kind.setAccessibleName(_("Kind"))
        self.language.setAccessibleName(_("Language"))
        self.country.setAccessibleName(_("Attendee country"))
