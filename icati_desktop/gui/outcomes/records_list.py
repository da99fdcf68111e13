"""The records behind a figure: a list of their titles; activating one opens it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pycountry
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from icati_desktop.domain.countries import country_display_name
from icati_desktop.i18n import _, current_language, format_date, format_number
from icati_desktop.store.labels import record_type_name

if TYPE_CHECKING:
    from icati_desktop.store.record_titles import RecordTitle

LINK_ROLE = Qt.ItemDataRole.UserRole


def country_name(alpha3: str | None) -> str:
    if not alpha3:
        return ""
    entry = pycountry.countries.get(alpha_3=alpha3)
    if entry is None:
        return alpha3
    try:
        return country_display_name(entry.alpha_2, current_language())
    except ValueError:
        return alpha3


def isolated(text: str) -> str:
    """Text typed by people, in any script, kept in its own direction inside a line of the
    UI language (Unicode first-strong isolate), so English titles read well in Arabic."""
    return f"\u2068{text}\u2069" if text else text


def title_text(title: RecordTitle) -> str:
    """ "Meetings: Probation diversion — Kenya, 3 Feb 2026" in the UI language."""
    place = country_name(title.country)
    if title.record_type in ("membership", "country"):  # the country is the title
        name, place = place or title.title, ""
    else:
        name = title.title or record_type_name(title.record_type)
    details = [part for part in (place, title.day and format_date(title.day)) if part]
    text = _("{caption}: {value}").format(
        caption=record_type_name(title.record_type), value=isolated(name)
    )
    return f"{text} — {', '.join(str(d) for d in details)}" if details else text


class RecordsList(QWidget):
    """Lists titles; a double-click or Enter asks to open the record."""

    record_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.list = QListWidget()
        self.list.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.list, 1)
        self._what = ""
        self._total = 0
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.list.setAccessibleName(_("Records behind the figure"))
        self._caption()

    def _caption(self) -> None:
        if not self._what:
            self.caption.setText(_("Choose a figure to list the records behind it."))
        elif self._total == 0:
            self.caption.setText(
                _(
                    "No record behind “{what}” in this period: choose another period or figure."
                ).format(what=self._what)
            )
        else:
            shown = self.list.count()
            self.caption.setText(
                _(
                    "Records behind “{what}”: {shown} of {total} (double-click one to open it)"
                ).format(
                    what=self._what, shown=format_number(shown), total=format_number(self._total)
                )
            )

    def show_titles(self, what: str, titles: Sequence[RecordTitle], total: int) -> None:
        self._what, self._total = what, total
        self.list.clear()
        for title in titles:
            item = QListWidgetItem(title_text(title))
            item.setData(LINK_ROLE, (title.record_type, title.record_id))
            self.list.addItem(item)
        self._caption()

    def _activated(self, item: QListWidgetItem) -> None:
        record_type, record_id = item.data(LINK_ROLE)
        self.record_requested.emit(record_type, record_id)
