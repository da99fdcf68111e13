"""The Groups tab: affinity groups, learning communities and the advisory group, and the
people (and organisations) of the chosen one, each with whether mailings may reach them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.network.group_people_dialog import GroupPeopleDialog
from icati_desktop.gui.network.models import CountryNames
from icati_desktop.gui.network.rows_model import RowsModel
from icati_desktop.gui.network.vocabulary import FOCUS_LABELS, GROUP_KIND_LABELS, label, number
from icati_desktop.gui.network.widgets import OneLineList
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.table_roles import RECORD_ID_ROLE
from icati_desktop.i18n import N_, _

if TYPE_CHECKING:
    from icati_desktop.store.network_groups import GroupMember, GroupSummary
    from icati_desktop.store.store import Store

GROUP_COLUMNS = (N_("Group"), N_("Kind"), N_("Field"), N_("People"), N_("Organisations"))
MEMBER_COLUMNS = (N_("Name"), N_("Institution"), N_("Country"), N_("Network mailings"))


@dataclass(frozen=True)
class GroupDetail:
    members: list[GroupMember]
    organisations: list[tuple[str, str]]


def _groups_job(store: Store) -> list[GroupSummary]:
    from icati_desktop.store.network_groups import list_groups

    with store.read() as session:
        return list_groups(session)


def _remove_job(group_id: str, person_id: str, store: Store) -> object:
    from icati_desktop.store.network_writes import change_group_members

    return change_group_members(store, group_id, remove=[person_id])


def _detail_job(group_id: str, store: Store) -> GroupDetail:
    from icati_desktop.store.network_groups import group_members, group_organisations

    with store.read() as session:
        return GroupDetail(group_members(session, group_id), group_organisations(session, group_id))


class GroupsTab(QWidget):
    def __init__(self, services: AppServices, names: CountryNames, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.names = names
        self._shown: str | None = None
        self.groups = RowsModel(GROUP_COLUMNS, self._group_cell, parent=self)
        self.members = RowsModel(
            MEMBER_COLUMNS, self._member_cell, lambda m: str(m.record_id), parent=self
        )
        self.group_list = OneLineList(self.groups, "groups")
        self.group_list.table.selectionModel().currentRowChanged.connect(
            lambda current, _old: self._show_group(current.data(RECORD_ID_ROLE))
        )
        self.title = QLabel()
        self.title.setObjectName("group_title")
        self.title.setWordWrap(True)
        self.member_list = OneLineList(self.members, "group_members")
        self.organisations = QLabel()
        self.organisations.setWordWrap(True)
        self.is_hq = False
        self.dialog: GroupPeopleDialog | None = None
        self.add_button = QPushButton()
        self.add_button.setObjectName("group_add_people")
        self.add_button.clicked.connect(self.open_add_people)
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("group_remove_person")
        self.remove_button.clicked.connect(self.remove_current)
        for button in (self.add_button, self.remove_button):
            button.setVisible(False)
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.member_list, 1)
        right_layout.addWidget(self.organisations)
        right_layout.addLayout(actions)
        split = QSplitter()
        split.setObjectName("groups_split")
        split.addWidget(self.group_list)
        split.addWidget(right)
        split.setSizes([520, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.retranslate_ui()

    def set_hq(self, is_hq: bool) -> None:
        """Groups are HQ records: only HQ adds or removes their people."""
        self.is_hq = is_hq
        for button in (self.add_button, self.remove_button):
            button.setVisible(is_hq)

    def open_add_people(self) -> None:
        group = self.current_group()
        if group is None or not self.is_hq:
            return
        self.dialog = GroupPeopleDialog(
            self.services, self.names, group.record_id, group.name, self
        )
        self.dialog.added.connect(lambda _size: self.reload())
        self.dialog.open()

    def remove_current(self) -> None:
        group = self.current_group()
        index = self.member_list.table.currentIndex()
        if group is None or not index.isValid() or not self.is_hq:
            return
        person_id = str(index.data(RECORD_ID_ROLE))
        self.services.run(
            partial(_remove_job, group.record_id, person_id), lambda _g: self.reload(), self._failed
        )

    def current_group(self) -> GroupSummary | None:
        return next((g for g in self.groups.rows if g.record_id == self._shown), None)

    def _failed(self, error: BaseException) -> None:
        QMessageBox.warning(self, _("Groups"), str(error))

    def retranslate_ui(self) -> None:
        self.add_button.setText(_("&Add people…"))
        self.remove_button.setText(_("&Remove from the group"))
        self.group_list.empty.setText(
            _(
                "No groups yet. The central office publishes the affinity groups and the "
                "advisory group."
            )
        )
        self.member_list.empty.setText(
            _("Nobody in this group yet; the central office adds people with Add people…")
            if self._shown
            else _("Choose a group to see its people.")
        )
        self.groups.retranslate()
        self.members.retranslate()

    def reload(self) -> None:
        self.services.run(_groups_job, self._groups_loaded)

    def _groups_loaded(self, groups: list[GroupSummary]) -> None:
        self.groups.set_rows(groups)
        self.group_list.show_rows(len(groups))
        row = next(
            (n for n, g in enumerate(groups) if g.record_id == self._shown), 0 if groups else None
        )
        if row is not None:
            self.group_list.table.selectRow(row)
            self._show_group(groups[row].record_id)

    def _show_group(self, group_id: Any) -> None:
        if not group_id:
            return
        self._shown = str(group_id)
        group = next((g for g in self.groups.rows if g.record_id == group_id), None)
        if group is not None:
            self.title.setText(f"<b>{group.name}</b><br>{group.description}")
        self.services.run(
            partial(_detail_job, self._shown), partial(self._detail_loaded, self._shown)
        )

    def _detail_loaded(self, group_id: str, detail: GroupDetail) -> None:
        if group_id != self._shown:
            return
        self.members.set_rows(detail.members)
        self.retranslate_ui()
        self.member_list.show_rows(len(detail.members))
        names = ", ".join(name for _id, name in detail.organisations)
        self.organisations.setText(_("Organisations: {names}").format(names=names) if names else "")

    def _group_cell(self, group: GroupSummary, column: int) -> str:
        if column == 0:
            return group.name
        if column == 1:
            return label(GROUP_KIND_LABELS, group.kind)
        if column == 2:
            return label(FOCUS_LABELS, group.focus) if group.focus else ""
        return number(group.members if column == 3 else group.organisations)

    def _member_cell(self, member: GroupMember, column: int) -> str:
        if column == 0:
            return member.display_name
        if column == 1:
            return member.organisation
        if column == 2:
            return self.names.name(member.country)
        return _("Yes") if member.mailing_consent else _("No")
