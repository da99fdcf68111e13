"""Mailing lists of the network: who a list selects, who may be written to, who is left out.

A list is a *selection* of people — everyone, a region, a country, a group (affinity
group, learning community, advisory group), the named attendees of an event, or an HQ
mailing-list record — written ``all``, ``region:Africa``, ``country:KEN``,
``group:ID-or-name``, ``event:ID``, ``list:ID``. Of the people selected, only those whose
network-mailings consent is active today and who have an email address are recipients;
every other one is counted under the reason they are left out
(:class:`~icati_desktop.domain.mailing.LeftOut`). Every export and every mail batch is
built from :func:`mailing_audience`, so none can reach someone who withdrew.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icati_desktop.domain.countries import parse_region
from icati_desktop.domain.mailing import LeftOut, left_out_reason
from icati_desktop.domain.network import MailingList
from icati_desktop.i18n import _
from icati_desktop.store.chunks import chunked
from icati_desktop.store.network_groups import group_payload
from icati_desktop.store.people import consents_of, contacts_of
from icati_desktop.store.records import RecordNotFound
from icati_desktop.store.tables.directory import (
    MailingListRow,
    NetworkEventRow,
    NetworkGroupRow,
    OrganisationRow,
    PersonRow,
)
from icati_desktop.store.tables.reference import CountryRow

KINDS = ("all", "region", "country", "group", "event", "list")


class UnknownList(ValueError):
    pass


@dataclass(frozen=True)
class ListSelector:
    kind: str
    value: str = ""

    @property
    def text(self) -> str:
        return self.kind if self.kind == "all" else f"{self.kind}:{self.value}"


@dataclass(frozen=True)
class Recipient:
    person_id: str
    display_name: str
    given_name: str | None
    family_name: str | None
    email: str
    country: str | None
    organisation: str


@dataclass(frozen=True)
class MailingAudience:
    selector: ListSelector
    selected: int
    """People the list selects, before consent and addresses are checked."""
    recipients: list[Recipient]
    left_out: dict[str, int]
    """:class:`LeftOut` value → how many people, for every reason (zeros included)."""

    @property
    def left_out_total(self) -> int:
        return sum(self.left_out.values())


def parse_selector(text: str) -> ListSelector:
    kind, _sep, value = text.strip().partition(":")
    kind, value = kind.strip().lower(), value.strip()
    if kind not in KINDS or (kind == "all") != (not value):
        raise UnknownList(
            _(
                "{text!r} is not a list: write all, region:NAME, country:ISO3, group:ID, "
                "event:ID or list:ID"
            ).format(text=text)
        )
    if kind == "region":
        value = parse_region(value).value
    if kind == "country":
        value = value.upper()
    return ListSelector(kind, value)


def find_group(session: Session, value: str) -> str:
    """The id of a group named by its id or its name (any case)."""
    rid = session.scalar(
        select(NetworkGroupRow.id).where(
            (NetworkGroupRow.id == value) | (func.lower(NetworkGroupRow.name) == value.lower())
        )
    )
    if rid is None:
        raise RecordNotFound(
            _("no group {name!r} on this device; check the name").format(name=value)
        )
    return str(rid)


def selected_people(session: Session, selector: ListSelector) -> list[str]:
    """The ids of the people the list selects (before consent), each once."""
    kind, value = selector.kind, selector.value
    if kind in ("all", "region", "country"):
        query = select(PersonRow.id).order_by(PersonRow.id)
        if kind == "country":
            query = query.where(PersonRow.country == value)
        if kind == "region":
            query = query.join(CountryRow, CountryRow.alpha3 == PersonRow.country).where(
                CountryRow.region == value
            )
        return list(session.scalars(query))
    if kind == "group":
        ids = [str(i) for i in group_payload(session, find_group(session, value)).member_ids]
    elif kind == "event":
        data = session.scalar(select(NetworkEventRow.data).where(NetworkEventRow.id == value))
        if data is None:
            raise RecordNotFound(_("no event {id} on this device; check the id").format(id=value))
        ids = [p["person_id"] for p in json.loads(data)["participants"] if p.get("person_id")]
    else:
        data = session.scalar(select(MailingListRow.data).where(MailingListRow.id == value))
        if data is None:
            raise RecordNotFound(
                _("no mailing list {id} on this device; check the id").format(id=value)
            )
        ids = [str(i) for i in MailingList.model_validate_json(data).subscriber_ids]
    known: set[str] = set()
    for part in chunked(ids):  # an erased person is no longer anyone's to select
        known.update(session.scalars(select(PersonRow.id).where(PersonRow.id.in_(part))))
    return [pid for pid in dict.fromkeys(ids) if pid in known]


def mailing_audience(
    session: Session, selector: ListSelector, on: date | None = None
) -> MailingAudience:
    """The recipients of a list on ``on`` (today) and how many were left out, per reason."""
    on = on or date.today()
    person_ids = selected_people(session, selector)
    reasons: Counter[str] = Counter({reason.value: 0 for reason in LeftOut})
    recipients: list[Recipient] = []
    for part in chunked(person_ids):
        consents = consents_of(session, part)
        contacts = contacts_of(session, part)
        rows = session.execute(
            select(
                PersonRow.id,
                PersonRow.data,
                func.coalesce(OrganisationRow.name, PersonRow.organisation_name),
            )
            .outerjoin(OrganisationRow, OrganisationRow.id == PersonRow.organisation_id)
            .where(PersonRow.id.in_(part))
        )
        for pid, data, organisation in rows:
            contact = contacts.get(pid)
            emails = list(contact.emails) if contact else []
            reason = left_out_reason([c.consent for c in consents[pid]], emails, on)
            if reason is not None:
                reasons[reason.value] += 1
                continue
            person = json.loads(data)
            recipients.append(
                Recipient(
                    person_id=pid,
                    display_name=person["display_name"],
                    given_name=person.get("given_name"),
                    family_name=person.get("family_name"),
                    email=emails[0],
                    country=person.get("country"),
                    organisation=organisation or "",
                )
            )
    recipients.sort(key=lambda r: (r.display_name.casefold(), r.person_id))
    return MailingAudience(selector, len(person_ids), recipients, dict(reasons))


@dataclass(frozen=True)
class ListChoice:
    selector: ListSelector
    name: str
    """The group's, event's or list's name; a country's or region's code (the GUI names it)."""


def list_choices(session: Session, events: int = 50) -> list[ListChoice]:
    """The lists one can write to: everyone, each region and country with people, each group,
    the latest events and HQ's mailing lists."""
    choices = [ListChoice(ListSelector("all"), "")]
    regions = session.scalars(
        select(CountryRow.region)
        .join(PersonRow, PersonRow.country == CountryRow.alpha3)
        .distinct()
        .order_by(CountryRow.region)
    )
    choices += [ListChoice(ListSelector("region", r), r) for r in regions]
    countries = session.scalars(
        select(func.coalesce(PersonRow.country, ""))
        .where(PersonRow.country.is_not(None))
        .distinct()
    )
    choices += [ListChoice(ListSelector("country", c), c) for c in sorted(countries)]
    groups = session.execute(select(NetworkGroupRow.id, NetworkGroupRow.name))
    choices += [ListChoice(ListSelector("group", rid), name) for rid, name in groups]
    recent = session.execute(
        select(NetworkEventRow.id, NetworkEventRow.title)
        .order_by(NetworkEventRow.starts_at.desc())
        .limit(events)
    )
    choices += [ListChoice(ListSelector("event", rid), title) for rid, title in recent]
    lists = session.execute(select(MailingListRow.id, MailingListRow.name))
    choices += [ListChoice(ListSelector("list", rid), name) for rid, name in lists]
    return choices


__all__ = [
    "KINDS",
    "ListChoice",
    "ListSelector",
    "MailingAudience",
    "Recipient",
    "UnknownList",
    "find_group",
    "list_choices",
    "mailing_audience",
    "parse_selector",
    "selected_people",
]
