"""Add people to a group: find them by name in the directory, choose, add (HQ only)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.network.models import CountryNames
from icati_desktop.gui.network.rows_model import RowsModel
from icati_desktop.gui.network.widgets import OneLineList
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.status import error_line
from icati_desktop.i18n import N_, _
from icati_desktop.store.people import PeopleQuery

if TYPE_CHECKING:
    from icati_desktop.store.people import PersonSummary
    from icati_desktop.store.store import Store

COLUMNS = (N_("Name"), N_("Institution"), N_("Country"))
MATCHES = 50


def _search_job(text: str, store: Store) -> list[PersonSummary]:
    from icati_desktop.store.people import people_page

    return people_page(store, PeopleQuery(text=text), 0, MATCHES)


def _add_job(group_id: str, person_ids: list[str], store: Store) -> int:
    from icati_desktop.store.network_writes import change_group_members

    return len(change_group_members(store, group_id, add=person_ids).member_ids)


class GroupPeopleDialog(QDialog):
    added = Signal(int)
    """The group's new size."""

    def __init__(
        self,
        services: AppServices,
        names: CountryNames,
        group_id: str,
        group_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.names = names
        self.group_id = group_id
        self.search = QLineEdit()
        self.search.setObjectName("group_people_search")
        self.search.setPlaceholderText(_("Type a name"))
        self.search.setAccessibleName(_("Find people"))
        self.timer = QTimer(self, singleShot=True, interval=250)
        self.timer.timeout.connect(self.find_people)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.matches = RowsModel(COLUMNS, self._cell, parent=self)
        self.list = OneLineList(self.matches, "group_people")
        self.list.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.empty.setText(_("Nobody with that name in the directory."))
        self.error = error_line()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.add_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button.setText(_("Add to the group"))
        buttons.accepted.connect(self.add_chosen)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Add people to {group}").format(group=group_name)))
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setWindowTitle(_("Add people to a group"))
        self.resize(640, 480)
        self.find_people()

    def find_people(self) -> None:
        text = self.search.text()
        self.services.run(partial(_search_job, text), partial(self._found, text))

    def _found(self, text: str, people: list[PersonSummary]) -> None:
        if text == self.search.text():
            self.matches.set_rows(people)
            self.list.show_rows(len(people))

    def chosen(self) -> list[str]:
        rows = sorted({i.row() for i in self.list.table.selectionModel().selectedRows()})
        return [self.matches.rows[r].record_id for r in rows]

    def add_chosen(self) -> None:
        ids = self.chosen()
        if not ids:
            self.error.setText(_("Choose one or more people first."))
            self.error.setVisible(True)
            return
        self.services.run(partial(_add_job, self.group_id, ids), self._added, self._failed)

    def _added(self, size: int) -> None:
        self.added.emit(size)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.error.setText(str(error))
        self.error.setVisible(True)

    def _cell(self, person: PersonSummary, column: int) -> str:
        if column == 0:
            return person.display_name
        if column == 1:
            return person.organisation
        return self.names.name(person.country)
