"""Home's dashboard for the device's role: a field expert's countries, overdue actions and
what is coming up; the central office's targets, bundles waiting and open conflicts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.countries import country_record_id
from icati_desktop.gui.outcomes.records_list import country_name, isolated, title_text
from icati_desktop.gui.outcomes.tables import read_only_table
from icati_desktop.i18n import _, current_language, format_date, format_datetime, format_number
from icati_desktop.reports.outcome_text import ROWS, OutcomeText
from icati_desktop.store.type_labels import phase_label, record_type_name

if TYPE_CHECKING:
    from icati_desktop.store.home_dashboard import FieldDashboard, HqDashboard
    from icati_desktop.store.record_titles import RecordTitle

LINK_ROLE = Qt.ItemDataRole.UserRole


def _with_button(content: QWidget, button: QPushButton) -> QWidget:
    """A list or table with the button that acts on it underneath, at the leading edge."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(content, 1)
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeading)
    return holder


def _box(layout_widget: QWidget) -> tuple[QGroupBox, QLabel]:
    box = QGroupBox()
    empty = QLabel()
    empty.setWordWrap(True)
    empty.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
    empty.hide()  # shown when it has something to say (``_say``)
    empty.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    layout = QVBoxLayout(box)
    layout.addWidget(empty)
    layout.addWidget(layout_widget, 1)
    return box, empty


def _say(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def overdue_text(title: RecordTitle) -> str:
    """ "Train prosecutors — Kenya, due 3 Feb 2026"."""
    parts = [country_name(title.country)]
    if title.day is not None:
        parts.append(_("due {day}").format(day=format_date(title.day)))
    return f"{isolated(title.title)} — {', '.join(p for p in parts if p)}"


def _fill(box_list: QListWidget, entries: Sequence[tuple[str, object]]) -> None:
    box_list.clear()
    for text, link in entries:
        item = QListWidgetItem(text)
        item.setData(LINK_ROLE, link)
        box_list.addItem(item)
    box_list.setVisible(bool(entries))


class FieldDashboardView(QWidget):
    record_requested = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        self.countries = read_only_table()
        self.countries.setColumnCount(3)
        self.countries.setWordWrap(True)
        self.countries.itemActivated.connect(self._country_activated)
        self.overdue, self.upcoming = QListWidget(), QListWidget()
        for widget in (self.overdue, self.upcoming):
            widget.itemActivated.connect(self._activated)
        self.countries_box, self.countries_empty = _box(self.countries)
        self.overdue_box, self.overdue_empty = _box(self.overdue)
        self.upcoming_box, self.upcoming_empty = _box(self.upcoming)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.countries_box, 0, 0, 2, 1)
        grid.addWidget(self.overdue_box, 0, 1)
        grid.addWidget(self.upcoming_box, 1, 1)
        self._data: FieldDashboard | None = None
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.countries.setHorizontalHeaderLabels([_("Country"), _("Phase"), _("Last assessment")])
        self.countries.setAccessibleName(_("My countries and their phase"))
        self.overdue.setAccessibleName(_("Overdue actions"))
        self.upcoming.setAccessibleName(_("Coming up"))
        if self._data is not None:
            self.show_data(self._data)
        else:
            self.countries_box.setTitle(_("My countries"))
            self.overdue_box.setTitle(_("Overdue actions"))
            self.upcoming_box.setTitle(_("Coming up"))

    def show_data(self, data: FieldDashboard) -> None:
        self._data = data
        self.countries_box.setTitle(
            _("My countries ({n})").format(n=format_number(len(data.countries)))
        )
        _say(
            self.countries_empty,
            ""
            if data.countries
            else _(
                "No country yet: record a meeting or an assessment, "
                "or ask HQ to assign your countries."
            ),
        )
        self.countries.setVisible(bool(data.countries))
        self.countries.setRowCount(len(data.countries))
        for row, entry in enumerate(data.countries):
            cells = (
                country_name(entry.country),
                phase_label(entry.phase)
                if entry.phase
                else _("{phase} (not assessed yet)").format(phase=phase_label(1)),
                format_date(entry.assessed_on) if entry.assessed_on else "–",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                link = (
                    ("assessment", entry.assessment_id)
                    if entry.assessment_id
                    else ("country", str(country_record_id(entry.country)))
                )
                item.setData(LINK_ROLE, link)
                self.countries.setItem(row, column, item)
        self.countries.resizeColumnsToContents()
        self.countries.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.countries.resizeRowsToContents()
        self.overdue_box.setTitle(
            _("Overdue actions ({n})").format(n=format_number(data.overdue_total))
        )
        _say(
            self.overdue_empty,
            _("No action is overdue.")
            if not data.overdue
            else _("Showing {shown} of {total}; the action plans list them all.").format(
                shown=format_number(len(data.overdue)), total=format_number(data.overdue_total)
            )
            if data.overdue_total > len(data.overdue)
            else "",
        )
        _fill(self.overdue, [(overdue_text(t), (t.record_type, t.record_id)) for t in data.overdue])
        self.upcoming_box.setTitle(_("Coming up"))
        _say(
            self.upcoming_empty,
            ""
            if data.upcoming
            else _(
                "Nothing planned: give a meeting its next date, or wait for HQ's events calendar."
            ),
        )
        gettext = OutcomeText(current_language()).gettext
        entries = []
        for u in data.upcoming:
            what = (
                _("Next meeting")
                if u.kind == "next"
                else gettext(ROWS[u.kind])
                if u.kind in ROWS
                else record_type_name(u.record_type)
            )
            where = f" — {country_name(u.country)}" if u.country else ""
            entries.append(
                (
                    f"{format_date(u.day)} · {what}: {isolated(u.title) or what}{where}",
                    (u.record_type, u.record_id),
                )
            )
        _fill(self.upcoming, entries)

    def _country_activated(self, item: QTableWidgetItem) -> None:
        record_type, record_id = item.data(LINK_ROLE)
        self.record_requested.emit(record_type, record_id)

    def _activated(self, item: QListWidgetItem) -> None:
        record_type, record_id = item.data(LINK_ROLE)
        self.record_requested.emit(record_type, record_id)


class HqDashboardView(QWidget):
    record_requested = Signal(str, str)
    outcomes_requested = Signal()
    conflicts_requested = Signal()
    bundle_requested = Signal(object)
    """The path of a waiting bundle, to preview and import."""
    bundles_requested = Signal(object)
    """The paths of every waiting bundle not held back, to import in one go."""

    def __init__(self) -> None:
        super().__init__()
        self.targets = read_only_table()
        self.targets.setColumnCount(4)
        self.outcomes_button = QPushButton()
        self.outcomes_button.clicked.connect(self.outcomes_requested)
        self.bundles, self.conflicts = QListWidget(), QListWidget()
        self.bundles.itemActivated.connect(
            lambda item: self.bundle_requested.emit(item.data(LINK_ROLE))
        )
        self.conflicts.itemActivated.connect(lambda _item: self.conflicts_requested.emit())
        self.import_all_button = QPushButton()
        self.import_all_button.clicked.connect(self._import_all)
        self.conflicts_button = QPushButton()
        self.conflicts_button.clicked.connect(self.conflicts_requested)
        targets_holder = _with_button(self.targets, self.outcomes_button)
        bundles_holder = _with_button(self.bundles, self.import_all_button)
        conflicts_holder = _with_button(self.conflicts, self.conflicts_button)
        self.targets_box, self.targets_empty = _box(targets_holder)
        self.bundles_box, self.bundles_empty = _box(bundles_holder)
        self.conflicts_box, self.conflicts_empty = _box(conflicts_holder)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.targets_box, 0, 0, 2, 1)
        grid.addWidget(self.bundles_box, 0, 1)
        grid.addWidget(self.conflicts_box, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self._data: HqDashboard | None = None
        self.retranslate_ui()

    def _importable(self) -> list[Path]:
        """The waiting bundles to import in one go (not those held back, which need a look)."""
        waiting = self._data.waiting if self._data is not None else []
        return [b.path for b in waiting if not b.held_back]

    def _import_all(self) -> None:
        self.bundles_requested.emit(self._importable())

    def retranslate_ui(self) -> None:
        self.targets_box.setTitle(_("Targets at a glance (the last 18 months)"))
        self.targets.setHorizontalHeaderLabels([_("Outcome"), _("Value"), _("Target"), _("Status")])
        self.targets.setAccessibleName(_("Targets at a glance"))
        self.outcomes_button.setText(_("Open the &outcomes dashboard"))
        self.conflicts_button.setText(_("&Resolve conflicts…"))
        self.import_all_button.setText(_("&Import all waiting bundles…"))
        self.bundles.setAccessibleName(_("Bundles waiting to be imported"))
        self.conflicts.setAccessibleName(_("Open conflicts"))
        if self._data is not None:
            self.show_data(self._data)
        else:
            self.bundles_box.setTitle(_("Bundles waiting to be imported"))
            self.conflicts_box.setTitle(_("Open conflicts"))

    def show_data(self, data: HqDashboard) -> None:
        self._data = data
        text = OutcomeText(current_language())
        self.targets.setRowCount(len(data.targets))
        for row, indicator in enumerate(data.targets):
            cells = (
                text.title(indicator),
                text.value(indicator),
                text.target(indicator),
                text.status(indicator),
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.targets.setItem(row, column, item)
        self.targets.resizeColumnsToContents()
        self.targets.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.bundles_box.setTitle(
            _("Bundles waiting to be imported ({n})").format(n=format_number(len(data.waiting)))
        )
        if data.waiting:
            _say(
                self.bundles_empty,
                _("Double-click a bundle to see what it brings, then import it."),
            )
        elif data.folder is not None:
            _say(self.bundles_empty, _("No bundle waiting in {folder}.").format(folder=data.folder))
        else:
            _say(
                self.bundles_empty,
                _("Import a bundle once: Home then watches its folder for new ones."),
            )
        _fill(
            self.bundles,
            [
                (
                    (
                        _("{file} (held back: its clock was far ahead)")
                        if b.held_back
                        else "{file}"
                    ).format(file=b.path.name)
                    + f" — {format_datetime(b.modified)}",
                    b.path,
                )
                for b in data.waiting
            ],
        )
        self.import_all_button.setVisible(len(self._importable()) > 1)
        self.conflicts_box.setTitle(
            _("Open conflicts ({n})").format(n=format_number(data.conflicts_total))
        )
        _say(
            self.conflicts_empty,
            ""
            if data.conflicts_total
            else _("No open conflict: every record has one version shown."),
        )
        _fill(
            self.conflicts, [(title_text(t), (t.record_type, t.record_id)) for t in data.conflicts]
        )
        self.conflicts_button.setVisible(data.conflicts_total > 0)


__all__ = ["FieldDashboardView", "HqDashboardView", "Path"]
