"""The Network section: tabs for members, participants, groups, experts and trainers,
curricula and mailing lists. Each tab reads through the database worker; a change to the
records a tab shows reloads that tab only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from icati_desktop.gui.network.curricula_tab import CurriculaTab
from icati_desktop.gui.network.experts_tab import ExpertsTab
from icati_desktop.gui.network.groups_tab import GroupsTab
from icati_desktop.gui.network.mailing_tab import MailingTab
from icati_desktop.gui.network.members_tab import MembersTab, ParticipantsTab
from icati_desktop.gui.network.models import CountryNames
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _

if TYPE_CHECKING:
    from icati_desktop.store.store import Store

PEOPLE = frozenset({"person", "consent", "contact", "organisation"})
WATCHED: dict[str, frozenset[str]] = {
    "members": frozenset({"membership", "country", "organisation", "person"}),
    "participants": PEOPLE,
    "groups": PEOPLE | {"network_group"},
    "experts": frozenset({"roster_entry", "person", "curriculum"}),
    "curricula": frozenset({"curriculum", "event", "roster_entry", "person"}),
    "mailing": PEOPLE | {"network_group", "event", "mailing_list", "country"},
}


class _Reloadable(Protocol):
    def reload(self) -> None: ...


@dataclass(frozen=True)
class NetworkBasics:
    alpha2_of: dict[str, str]
    size: int
    is_hq: bool


def _basics_job(store: Store) -> NetworkBasics:
    from icati_desktop.store.device import Role, require_device
    from icati_desktop.store.network_members import country_alpha2, network_size

    with store.read() as session:
        is_hq = require_device(session).role is Role.HQ
        return NetworkBasics(country_alpha2(session), network_size(session), is_hq)


class NetworkPage(QWidget):
    help_anchor = "the-network-members-experts-curricula-and-mailing-lists"

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.names = CountryNames()
        self._loaded_once = False
        self._stale: set[str] = set()
        self._reload_timer = QTimer(self, singleShot=True, interval=150)
        self._reload_timer.timeout.connect(self._reload_stale)
        self.members = MembersTab(services, self.names)
        self.participants = ParticipantsTab(services, self.names)
        self.groups = GroupsTab(services, self.names)
        self.experts = ExpertsTab(services, self.names)
        self.curricula = CurriculaTab(services, self.names)
        self.mailing = MailingTab(services, self.names)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("network_tabs")
        for tab in (
            self.members,
            self.participants,
            self.groups,
            self.experts,
            self.curricula,
            self.mailing,
        ):
            self.tabs.addTab(tab, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.retranslate_ui()
        services.records_changed.connect(self._records_changed)

    def _tabs(self) -> dict[str, _Reloadable]:
        return {
            "members": self.members,
            "participants": self.participants,
            "groups": self.groups,
            "experts": self.experts,
            "curricula": self.curricula,
            "mailing": self.mailing,
        }

    def retranslate_ui(self) -> None:
        titles = (
            _("Members"),
            _("Participants"),
            _("Groups"),
            _("Experts and trainers"),
            _("Curricula"),
            _("Mailing lists"),
        )
        for index, title in enumerate(titles):
            self.tabs.setTabText(index, title)
        for tab in (self.members, self.participants, self.groups, self.experts, self.curricula):
            tab.retranslate_ui()
        self.mailing.retranslate_ui()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()

    def refresh(self) -> None:
        """Read everything again (the first time the section is shown)."""
        self._loaded_once = True
        self.services.run(_basics_job, self._basics_loaded)

    def _basics_loaded(self, basics: NetworkBasics) -> None:
        self.names.alpha2_of = basics.alpha2_of
        self.participants.show_size(basics.size)
        self.members.set_hq(basics.is_hq)
        self.groups.set_hq(basics.is_hq)
        self.experts.set_hq(basics.is_hq)
        self.experts.fill_countries()
        self.members.reload()
        self.participants.reload()
        self.groups.reload()
        self.experts.reload()
        self.curricula.reload()
        self.mailing.reload()

    def _records_changed(self, record_type: str, _ids: object) -> None:
        if not self._loaded_once:
            return
        self._stale |= {key for key, types in WATCHED.items() if record_type in types}
        if self._stale:
            self._reload_timer.start()  # a burst of changes costs one reload per tab

    def _reload_stale(self) -> None:
        stale, self._stale = self._stale, set()
        tabs = self._tabs()
        if "participants" in stale:
            self.services.run(_basics_job, lambda b: self.participants.show_size(b.size))
        for key in sorted(stale):
            tabs[key].reload()
