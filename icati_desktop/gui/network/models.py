"""The network's long lists as paged table models: the store sorts, filters and pages."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QObject

from icati_desktop.domain.countries import country_display_name
from icati_desktop.gui.network.vocabulary import (
    AVAILABILITY_LABELS,
    EXPERTISE_LABELS,
    MEMBER_KIND_LABELS,
    MEMBER_STATUS_LABELS,
    REGION_LABELS,
    ROSTER_STATUS_LABELS,
    label,
    labels_text,
    language_name,
    list_text,
)
from icati_desktop.gui.paged_table import PagedTableModel, PageJob, label_ranks
from icati_desktop.gui.people.vocabulary import day_text
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import N_, _, current_language
from icati_desktop.store.paging import PageRequest

if TYPE_CHECKING:
    from icati_desktop.store.store import Store


class CountryNames:
    """alpha-3 → alpha-2 of the store's countries, for names in the UI language."""

    def __init__(self) -> None:
        self.alpha2_of: dict[str, str] = {}

    def name(self, alpha3: str | None) -> str:
        if not alpha3:
            return ""
        alpha2 = self.alpha2_of.get(alpha3)
        return country_display_name(alpha2, current_language()) if alpha2 else alpha3

    def ranks(self) -> dict[str, int]:
        return label_ranks({a3: self.name(a3) for a3 in self.alpha2_of})


def _read_page(
    module: str, function: str, flt: Any, request: PageRequest, total: int | None
) -> PageJob:
    """The job reading one page with ``icati_desktop.store.<module>.<function>(session,
    filter, request, total)``, imported on the database thread (not at start-up)."""

    def job(store: Store) -> Any:
        read = getattr(import_module(f"icati_desktop.store.{module}"), function)
        with store.read() as session:
            return read(session, flt, request, total)

    return job


class MembersModel(PagedTableModel):
    columns = (N_("Member"), N_("Type"), N_("Region"), N_("Joined"), N_("Status"), N_("Groups"))
    ORDERS: ClassVar[dict[int, str]] = {
        0: "name",
        1: "kind",
        2: "region",
        3: "joined_on",
        4: "status",
    }

    def __init__(self, services: AppServices, names: CountryNames, parent: QObject | None = None):
        super().__init__(services, parent=parent)
        self.names = names
        self.set_order("name")

    def page_job(self, flt: Any, request: PageRequest, total: int | None) -> PageJob:
        return _read_page("network_members", "members_page", flt, request, total)

    def ranks_for(self, key: str) -> dict[str, int]:
        labels = {
            "kind": MEMBER_KIND_LABELS,
            "region": REGION_LABELS,
            "status": MEMBER_STATUS_LABELS,
        }
        chosen = labels.get(key)
        return label_ranks({c: _(t) for c, t in chosen.items()}) if chosen else {}

    def display(self, row: Any, column: int) -> str:
        if column == 0:
            if row.kind == "country":
                return self.names.name(row.country)
            return f"{row.name} ({self.names.name(row.country)})" if row.country else row.name
        if column == 1:
            return label(MEMBER_KIND_LABELS, row.kind)
        if column == 2:
            return label(REGION_LABELS, row.region) if row.region else ""
        if column == 3:
            return day_text(row.joined_on)
        if column == 4:
            text = label(MEMBER_STATUS_LABELS, row.status)
            return f"{text} ({day_text(row.left_on)})" if row.left_on else text
        return list_text(list(row.groups))


class ParticipantsModel(PagedTableModel):
    columns = (N_("Name"), N_("Institution"), N_("Country"), N_("Region"))
    ORDERS: ClassVar[dict[int, str]] = {0: "display_name", 2: "country"}

    def __init__(self, services: AppServices, names: CountryNames, parent: QObject | None = None):
        super().__init__(services, parent=parent)
        self.names = names
        self.set_order("display_name")

    def page_job(self, flt: Any, request: PageRequest, total: int | None) -> PageJob:
        return _read_page("network_members", "participants_page", flt, request, total)

    def ranks_for(self, key: str) -> dict[str, int]:
        return self.names.ranks() if key == "country" else {}

    def display(self, row: Any, column: int) -> str:
        if column == 0:
            return str(row.display_name)
        if column == 1:
            return str(row.organisation or "")
        if column == 2:
            return self.names.name(row.country)
        return label(REGION_LABELS, row.region) if row.region else ""


def roster_cell(row: Any, column: int, names: CountryNames) -> str:
    """The columns shared by the roster list and the finder's results."""
    if column == 0:
        return str(row.display_name)
    if column == 1:
        return label(ROSTER_STATUS_LABELS, row.status)
    if column == 2:
        return label(AVAILABILITY_LABELS, row.availability) if row.availability else _("Not stated")
    if column == 3:
        return list_text([language_name(code) for code in row.languages])
    if column == 4:
        places = [names.name(c) for c in row.countries]
        return list_text(places + [label(REGION_LABELS, r) for r in row.regions])
    if column == 5:
        return labels_text(EXPERTISE_LABELS, row.expertise)
    return list_text(
        [
            f"{c.code} ({day_text(c.certified_on)})" if c.certified_on else c.code
            for c in row.certifications
        ]
    )


ROSTER_COLUMNS = (
    N_("Name"),
    N_("Status"),
    N_("Availability"),
    N_("Languages"),
    N_("Countries and regions"),
    N_("Expertise"),
    N_("Certified on"),
)


class RosterModel(PagedTableModel):
    columns = ROSTER_COLUMNS
    ORDERS: ClassVar[dict[int, str]] = {0: "display_name", 1: "status", 2: "availability"}

    def __init__(self, services: AppServices, names: CountryNames, parent: QObject | None = None):
        super().__init__(services, parent=parent)
        self.names = names
        self.set_order("display_name")

    def page_job(self, flt: Any, request: PageRequest, total: int | None) -> PageJob:
        return _read_page("network_roster", "roster_page", flt, request, total)

    def ranks_for(self, key: str) -> dict[str, int]:
        labels = {"status": ROSTER_STATUS_LABELS, "availability": AVAILABILITY_LABELS}.get(key)
        return label_ranks({c: _(t) for c, t in labels.items()}) if labels else {}

    def display(self, row: Any, column: int) -> str:
        return roster_cell(row, column, self.names)
