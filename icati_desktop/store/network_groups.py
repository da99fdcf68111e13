"""Reading the network's groups: affinity groups, learning communities, the advisory group.

Groups are few (tens), so they are listed whole; their members are read per group, with
whether each member's consent covers network mailings (the group's mailing list).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icati_desktop.domain.network_groups import NetworkGroup
from icati_desktop.i18n import _
from icati_desktop.store.chunks import chunked
from icati_desktop.store.network_members import mailing_consent_active
from icati_desktop.store.records import RecordNotFound
from icati_desktop.store.tables.core import RecordTermRow
from icati_desktop.store.tables.directory import NetworkGroupRow, OrganisationRow, PersonRow

KIND_ORDER = {"affinity_group": 0, "learning_community": 1, "advisory_group": 2}


@dataclass(frozen=True)
class GroupSummary:
    record_id: str
    kind: str
    name: str
    focus: str | None
    description: str
    members: int
    organisations: int


@dataclass(frozen=True)
class GroupMember:
    record_id: str
    display_name: str
    country: str | None
    organisation: str
    mailing_consent: bool


def _count(field: str) -> Any:
    return (
        select(func.count())
        .where(
            RecordTermRow.record_type == "network_group",
            RecordTermRow.field == field,
            RecordTermRow.record_id == NetworkGroupRow.id,
        )
        .scalar_subquery()
    )


def list_groups(session: Session, kind: str | None = None) -> list[GroupSummary]:
    """Every group (of one kind), affinity groups first, then by name."""
    query = select(NetworkGroupRow.id, NetworkGroupRow.data, _count("member_ids"))
    query = query.add_columns(_count("organisation_ids"))
    if kind:
        query = query.where(NetworkGroupRow.kind == kind)
    out = []
    for rid, data, members, organisations in session.execute(query):
        group = NetworkGroup.model_validate_json(data)
        out.append(
            GroupSummary(
                record_id=rid,
                kind=group.kind.value,
                name=group.name,
                focus=group.focus.value if group.focus else None,
                description=group.description,
                members=int(members),
                organisations=int(organisations),
            )
        )
    return sorted(out, key=lambda g: (KIND_ORDER.get(g.kind, 9), g.name.casefold(), g.record_id))


def group_payload(session: Session, group_id: str) -> NetworkGroup:
    row = session.get(NetworkGroupRow, group_id)
    if row is None:
        raise RecordNotFound(_("no group {id} on this device; check the id").format(id=group_id))
    return NetworkGroup.model_validate_json(row.data)


def group_members(session: Session, group_id: str, on: date | None = None) -> list[GroupMember]:
    """The group's people by name, each with whether mailings may reach them today."""
    on = on or date.today()
    ids = [str(i) for i in group_payload(session, group_id).member_ids]
    found: list[GroupMember] = []
    for part in chunked(ids):
        statement = (
            select(
                PersonRow.id,
                PersonRow.display_name,
                PersonRow.country,
                func.coalesce(OrganisationRow.name, PersonRow.organisation_name),
                mailing_consent_active(on),
            )
            .outerjoin(OrganisationRow, OrganisationRow.id == PersonRow.organisation_id)
            .where(PersonRow.id.in_(part))
        )
        found.extend(GroupMember(*row) for row in session.execute(statement))
    return sorted(found, key=lambda m: (m.display_name.casefold(), m.record_id))


def group_organisations(session: Session, group_id: str) -> list[tuple[str, str]]:
    """(id, name) of the group's organisations (the advisory group's), by name."""
    ids = [str(i) for i in group_payload(session, group_id).organisation_ids]
    found: list[tuple[str, str]] = []
    for part in chunked(ids):
        statement = select(OrganisationRow.id, OrganisationRow.name).where(
            OrganisationRow.id.in_(part)
        )
        found.extend((rid, name) for rid, name in session.execute(statement))
    return sorted(found, key=lambda o: (o[1].casefold(), o[0]))


__all__ = [
    "GroupMember",
    "GroupSummary",
    "group_members",
    "group_organisations",
    "group_payload",
    "list_groups",
]
