"""Short titles of records of any type, to list the records behind a figure.

One query per record type for the ids asked (a figure lists at most a page of them), each
reading only the columns of the title: "Strategic meeting — KEN, 3 Feb 2026" is composed
by the screen from the parts given here, in the UI language.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.store.store import Store
from icati_desktop.store.tables.directory import (
    ConsentRow,
    MembershipRow,
    NetworkEventRow,
    PersonRow,
    RosterEntryRow,
)
from icati_desktop.store.tables.field import (
    ActionItemRow,
    AssessmentRow,
    InitiativeRow,
    MeetingRow,
)
from icati_desktop.store.tables.reference import CountryRow, CurriculumRow, ResourceRow

PAGE = 500
"""At most this many records are titled for one figure (the rest are counted)."""


@dataclass(frozen=True)
class RecordTitle:
    record_type: str
    record_id: str
    title: str
    country: str | None = None
    day: date | None = None
    kind: str | None = None
    """A code to name (meeting type, event kind, status), or None."""


def _localized(text: str) -> str:
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return (
        str(value.get("en") or next(iter(value.values()), "")) if isinstance(value, dict) else text
    )


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


_COLUMNS: dict[str, tuple[Any, ...]] = {
    "meeting": (
        MeetingRow,
        MeetingRow.title,
        MeetingRow.country,
        MeetingRow.held_on,
        MeetingRow.meeting_type,
    ),
    "assessment": (
        AssessmentRow,
        AssessmentRow.form_id,
        AssessmentRow.country,
        AssessmentRow.assessed_on,
        AssessmentRow.status,
    ),
    "membership": (
        MembershipRow,
        MembershipRow.kind,
        MembershipRow.country,
        MembershipRow.joined_on,
        MembershipRow.status,
    ),
    "event": (
        NetworkEventRow,
        NetworkEventRow.title,
        None,
        NetworkEventRow.starts_at,
        NetworkEventRow.kind,
    ),
    "person": (PersonRow, PersonRow.display_name, PersonRow.country, None, None),
    "initiative": (
        InitiativeRow,
        InitiativeRow.name,
        InitiativeRow.country,
        None,
        InitiativeRow.status,
    ),
    "action_item": (
        ActionItemRow,
        ActionItemRow.title,
        ActionItemRow.country,
        ActionItemRow.due_on,
        ActionItemRow.status,
    ),
    "curriculum": (CurriculumRow, CurriculumRow.code, None, None, CurriculumRow.status),
    "resource": (ResourceRow, ResourceRow.title, None, None, ResourceRow.resource_type),
    "country": (CountryRow, CountryRow.name, CountryRow.alpha3, None, None),
    "consent": (ConsentRow, ConsentRow.person_id, None, ConsentRow.decided_on, ConsentRow.scope),
    "roster_entry": (
        RosterEntryRow,
        RosterEntryRow.person_id,
        None,
        RosterEntryRow.certified_on,
        RosterEntryRow.roster,
    ),
}


def read_titles(session: Session, links: Iterable[tuple[str, str]]) -> list[RecordTitle]:
    """Titles of the records (at most :data:`PAGE`), in the order given; a record no
    longer in this store is left out."""
    wanted = list(dict.fromkeys(links))[:PAGE]
    found: dict[tuple[str, str], RecordTitle] = {}
    for record_type in {t for t, _i in wanted}:
        spec = _COLUMNS.get(record_type)
        if spec is None:
            continue
        table, title, country, day, kind = spec
        ids = [i for t, i in wanted if t == record_type]
        columns = [table.id, title, country or title, day or table.id, kind or table.id]
        for record_id, text, where, when, code in session.execute(
            select(*columns).where(table.id.in_(ids))
        ):
            found[record_type, record_id] = RecordTitle(
                record_type,
                record_id,
                _localized(text) if record_type == "resource" else str(text or ""),
                where if country is not None else None,
                _day(when) if day is not None else None,
                code if kind is not None else None,
            )
    _name_people(session, found)
    return [found[key] for key in wanted if key in found]


def _name_people(session: Session, found: dict[tuple[str, str], RecordTitle]) -> None:
    """Consents and roster entries are titled with their person's name."""
    keys = [k for k in found if k[0] in ("consent", "roster_entry")]
    people = {found[k].title for k in keys}
    if not people:
        return
    names = dict(
        session.execute(
            select(PersonRow.id, PersonRow.display_name).where(PersonRow.id.in_(people))
        ).all()
    )
    for key in keys:
        entry = found[key]
        found[key] = RecordTitle(
            entry.record_type,
            entry.record_id,
            names.get(entry.title, entry.title),
            entry.country,
            entry.day,
            entry.kind,
        )


def record_titles(store: Store, links: Sequence[tuple[str, str]]) -> list[RecordTitle]:
    with store.read() as session:
        return read_titles(session, links)
