"""Curricula with their pipeline, their trainers and the people trained on them.

The pipeline is the curriculum's status: drafting → piloting → approved (by the TEAG) →
published. "Trained on a curriculum" means attending a training event (an event of kind
``training`` naming the curriculum): named attendees are people, unnamed ones are counted.
Trainers are roster entries certified on the curriculum.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from icati_desktop.domain.library import CurriculumStatus
from icati_desktop.i18n import _
from icati_desktop.store.chunks import chunked
from icati_desktop.store.records import RecordNotFound
from icati_desktop.store.tables.core import RecordTermRow
from icati_desktop.store.tables.directory import NetworkEventRow, PersonRow, RosterEntryRow
from icati_desktop.store.tables.reference import CurriculumRow

Period = tuple[date | None, date | None]
"""(first day, last day), each inclusive; ``None``: open."""

PIPELINE: tuple[CurriculumStatus, ...] = tuple(CurriculumStatus)
"""The pipeline's steps in order."""


@dataclass(frozen=True)
class TrainedCount:
    people: int = 0
    """Distinct named people who attended a training on the curriculum."""
    unnamed: int = 0
    """Attendees counted without a name (no consent to be named)."""

    @property
    def total(self) -> int:
        return self.people + self.unnamed


@dataclass(frozen=True)
class CurriculumSummary:
    record_id: str
    code: str
    title: dict[str, str]
    provider: str
    status: str
    source_to_confirm: bool
    trained: TrainedCount = field(default_factory=TrainedCount)
    trainers: int = 0
    """Trainers certified on it."""


@dataclass(frozen=True)
class TrainedPerson:
    person_id: str
    display_name: str
    country: str | None
    event_title: str
    trained_on: date


def _training_events(
    session: Session, curriculum_ids: list[str], period: Period = (None, None)
) -> list[tuple[str, str]]:
    """(curriculum id, event JSON) of the training events on those curricula, by date;
    ``period`` (first day, last day; either open) keeps those starting within it (UTC)."""
    found: list[tuple[str, str]] = []
    first, last = period
    for part in chunked(curriculum_ids):
        statement = (
            select(func.coalesce(NetworkEventRow.curriculum_id, ""), NetworkEventRow.data)
            .where(NetworkEventRow.curriculum_id.in_(part), NetworkEventRow.kind == "training")
            .order_by(NetworkEventRow.starts_at, NetworkEventRow.id)
        )
        if first is not None:
            statement = statement.where(
                NetworkEventRow.starts_at >= datetime.combine(first, time())
            )
        if last is not None:
            after = datetime.combine(last + timedelta(days=1), time())
            statement = statement.where(NetworkEventRow.starts_at < after)
        found.extend((cid, data) for cid, data in session.execute(statement))
    return found


def trained_per_curriculum(
    session: Session, curriculum_ids: list[str], period: Period = (None, None)
) -> dict[str, TrainedCount]:
    """curriculum id → the people trained on it (training events in ``period``; default all)."""
    named: dict[str, set[str]] = defaultdict(set)
    unnamed: dict[str, int] = defaultdict(int)
    for cid, data in _training_events(session, curriculum_ids, period):
        for participant in json.loads(data).get("participants", []):
            if participant.get("person_id"):
                named[cid].add(participant["person_id"])
            else:
                unnamed[cid] += int(participant.get("count", 1))
    return {
        cid: TrainedCount(people=len(named[cid]), unnamed=unnamed[cid]) for cid in curriculum_ids
    }


@dataclass(frozen=True)
class TrainedBreakdown:
    """Attendees of the trainings on one curriculum, by country and by sector (named people
    once each, with their person record's country and sector; unnamed ones as counted)."""

    by_country: dict[str, int]
    by_sector: dict[str, int]


def trained_breakdown(
    session: Session, curriculum_id: str, period: Period = (None, None)
) -> TrainedBreakdown:
    """People trained on a curriculum per country and sector ("" where unknown)."""
    countries: dict[str, int] = defaultdict(int)
    sectors: dict[str, int] = defaultdict(int)
    named: dict[str, dict[str, str | None]] = {}
    for _cid, data in _training_events(session, [curriculum_id], period):
        for p in json.loads(data).get("participants", []):
            if p.get("person_id"):
                named.setdefault(p["person_id"], p)
            else:
                countries[p.get("country") or ""] += int(p.get("count", 1))
                sectors[p.get("sector") or ""] += int(p.get("count", 1))
    known: dict[str, tuple[str | None, str | None]] = {}
    for part in chunked(sorted(named)):
        rows = session.execute(
            select(PersonRow.id, PersonRow.country, PersonRow.sector).where(PersonRow.id.in_(part))
        )
        known.update((pid, (country, sector)) for pid, country, sector in rows)
    for pid, entry in named.items():
        country, sector = known.get(pid, (entry.get("country"), entry.get("sector")))
        countries[country or entry.get("country") or ""] += 1
        sectors[sector or entry.get("sector") or ""] += 1
    return TrainedBreakdown(dict(countries), dict(sectors))


def trainers_per_curriculum(session: Session) -> dict[str, int]:
    """curriculum id → certified trainers (older entries list curricula without dates)."""
    statement = (
        select(RecordTermRow.value, func.count(func.distinct(RosterEntryRow.id)))
        .join(RosterEntryRow, RosterEntryRow.id == RecordTermRow.record_id)
        .where(
            RecordTermRow.record_type == "roster_entry",
            RecordTermRow.field.in_(("curriculum_ids", "certifications.curriculum_id")),
            RosterEntryRow.roster == "trainer",
            RosterEntryRow.status == "certified",
        )
        .group_by(RecordTermRow.value)
    )
    return {cid: int(n) for cid, n in session.execute(statement)}


def list_curricula(session: Session, status: str | None = None) -> list[CurriculumSummary]:
    """Every curriculum in pipeline order, then by code, with trained people and trainers."""
    query = select(
        CurriculumRow.id,
        CurriculumRow.code,
        CurriculumRow.title,
        CurriculumRow.provider,
        CurriculumRow.status,
        CurriculumRow.source_to_confirm,
    )
    if status:
        query = query.where(CurriculumRow.status == status)
    rows = list(session.execute(query))
    trained = trained_per_curriculum(session, [r[0] for r in rows])
    trainers = trainers_per_curriculum(session)
    order = {s.value: n for n, s in enumerate(PIPELINE)}
    out = [
        CurriculumSummary(
            record_id=rid,
            code=code,
            title=json.loads(title),
            provider=provider,
            status=state,
            source_to_confirm=bool(to_confirm),
            trained=trained[rid],
            trainers=trainers.get(rid, 0),
        )
        for rid, code, title, provider, state, to_confirm in rows
    ]
    return sorted(out, key=lambda c: (order.get(c.status, 9), c.code.casefold()))


def find_curriculum(session: Session, code_or_id: str) -> str:
    """The record id of a curriculum named by its code ("UTC 81") or id."""
    rid = session.scalar(
        select(CurriculumRow.id).where(
            or_(
                CurriculumRow.id == code_or_id, func.lower(CurriculumRow.code) == code_or_id.lower()
            )
        )
    )
    if rid is None:
        raise RecordNotFound(
            _(
                "no curriculum {code!r} on this device; `icati network curricula list` names them"
            ).format(code=code_or_id)
        )
    return str(rid)


def trained_people(session: Session, curriculum_id: str) -> list[TrainedPerson]:
    """The named people trained on a curriculum, with the training and its day, by name."""
    people: list[TrainedPerson] = []
    attended: list[tuple[str, str, date]] = []
    for _cid, data in _training_events(session, [curriculum_id]):
        event = json.loads(data)
        day = datetime.fromisoformat(event["starts_at"].replace("Z", "+00:00")).date()
        attended += [
            (p["person_id"], event["title"], day)
            for p in event.get("participants", [])
            if p.get("person_id")
        ]
    names: dict[str, tuple[str, str | None]] = {}
    for part in chunked(sorted({pid for pid, _t, _d in attended})):
        statement = select(PersonRow.id, PersonRow.display_name, PersonRow.country).where(
            PersonRow.id.in_(part)
        )
        names.update((pid, (name, country)) for pid, name, country in session.execute(statement))
    for pid, title, day in attended:
        if pid in names:  # an erased person is no longer named
            name, country = names[pid]
            people.append(TrainedPerson(pid, name, country, title, day))
    return sorted(people, key=lambda p: (p.display_name.casefold(), p.trained_on))


__all__ = [
    "PIPELINE",
    "CurriculumSummary",
    "Period",
    "TrainedBreakdown",
    "TrainedCount",
    "TrainedPerson",
    "find_curriculum",
    "list_curricula",
    "trained_breakdown",
    "trained_people",
    "trained_per_curriculum",
    "trainers_per_curriculum",
]
