"""What Home shows for a role: a field expert's countries and what is due; HQ's targets,
bundles waiting and open conflicts. Each list is one bounded query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

from sqlalchemy import func, or_, select, union
from sqlalchemy.orm import Session

from icati_desktop.domain.indicators import Indicator
from icati_desktop.domain.indicators.period import default_period
from icati_desktop.store.device import read_device
from icati_desktop.store.outcome_facts import outcome_indicators
from icati_desktop.store.record_titles import RecordTitle, read_titles
from icati_desktop.store.scopes import read_scope
from icati_desktop.store.store import Store
from icati_desktop.store.sync_state import BUNDLE_SUFFIX
from icati_desktop.store.tables.core import RecordRow
from icati_desktop.store.tables.directory import NetworkEventRow
from icati_desktop.store.tables.field import ActionItemRow, ActionPlanRow, AssessmentRow, MeetingRow
from icati_desktop.store.tables.sync_state import BundleLogRow

LIMIT = 8
"""Rows per list on Home; the total is counted."""
OPEN_STATUSES = ("open", "in_progress", "blocked")


@dataclass(frozen=True)
class CountryPhase:
    country: str
    phase: int | None
    """Of the latest submitted assessment; None when the country was never assessed."""
    assessed_on: date | None
    assessment_id: str | None


@dataclass(frozen=True)
class Upcoming:
    """A meeting, a planned next meeting or a network event ahead."""

    record_type: str
    record_id: str
    title: str
    day: date
    country: str | None = None
    kind: str = ""


@dataclass(frozen=True)
class FieldDashboard:
    countries: list[CountryPhase]
    overdue: list[RecordTitle]
    overdue_total: int
    upcoming: list[Upcoming]


@dataclass(frozen=True)
class WaitingBundle:
    path: Path
    modified: datetime
    held_back: bool = False
    """Kept in quarantine (its clock was far ahead); import it again once checked."""


@dataclass(frozen=True)
class HqDashboard:
    targets: list[Indicator]
    waiting: list[WaitingBundle]
    folder: Path | None
    conflicts_total: int
    conflicts: list[RecordTitle] = field(default_factory=list)


def _countries_of_interest(session: Session) -> list[str]:
    """The countries HQ gave this device, else those its records name."""
    device = read_device(session)
    scope = read_scope(session, device.device_id) if device else None
    if scope is not None and scope.countries:
        return list(scope.countries)
    named = union(
        select(MeetingRow.country),
        select(AssessmentRow.country),
        select(ActionPlanRow.country),
    ).subquery()
    return sorted(c for c in session.scalars(select(named.c.country).limit(50)) if c)


def _phase(session: Session, country: str) -> CountryPhase:
    row = session.execute(
        select(
            AssessmentRow.id,
            AssessmentRow.assessed_on,
            func.coalesce(AssessmentRow.override_phase, AssessmentRow.computed_phase),
        )
        .where(AssessmentRow.country == country, AssessmentRow.status == "submitted")
        .order_by(AssessmentRow.assessed_on.desc(), AssessmentRow.id)
        .limit(1)
    ).first()
    if row is None:
        return CountryPhase(country, None, None, None)
    return CountryPhase(country, row[2], row[1], row[0])


def read_field_dashboard(session: Session, today: date) -> FieldDashboard:
    countries = _countries_of_interest(session)
    overdue_filter = (ActionItemRow.status.in_(OPEN_STATUSES), ActionItemRow.due_on < today)
    overdue_ids = session.scalars(
        select(ActionItemRow.id)
        .where(*overdue_filter)
        .order_by(ActionItemRow.due_on, ActionItemRow.id)
        .limit(LIMIT)
    ).all()
    total = (
        session.scalar(select(func.count()).select_from(ActionItemRow).where(*overdue_filter)) or 0
    )
    upcoming: list[Upcoming] = []
    meetings = session.execute(
        select(
            MeetingRow.id,
            MeetingRow.title,
            MeetingRow.country,
            MeetingRow.held_on,
            MeetingRow.next_meeting_on,
            MeetingRow.meeting_type,
        )
        .where(or_(MeetingRow.held_on >= today, MeetingRow.next_meeting_on >= today))
        .order_by(func.coalesce(MeetingRow.next_meeting_on, MeetingRow.held_on))
        .limit(LIMIT)
    )
    for record_id, title, country, held_on, next_on, kind in meetings:
        day = held_on if held_on >= today or next_on is None else next_on
        upcoming.append(
            Upcoming("meeting", record_id, title, day, country, "next" if held_on < today else kind)
        )
    events = session.execute(
        select(
            NetworkEventRow.id,
            NetworkEventRow.title,
            NetworkEventRow.starts_at,
            NetworkEventRow.kind,
        )
        .where(NetworkEventRow.starts_at >= datetime.combine(today, time.min))
        .order_by(NetworkEventRow.starts_at)
        .limit(LIMIT)
    )
    for record_id, title, starts_at, kind in events:
        upcoming.append(Upcoming("event", record_id, title, starts_at.date(), None, kind))
    upcoming.sort(key=lambda u: (u.day, u.title))
    return FieldDashboard(
        countries=[_phase(session, c) for c in countries],
        overdue=read_titles(session, [("action_item", i) for i in overdue_ids]),
        overdue_total=total,
        upcoming=upcoming[:LIMIT],
    )


def waiting_bundles(session: Session, folder: Path | None, quarantine: Path) -> list[WaitingBundle]:
    """Bundle files in ``folder`` (where bundles were last imported from) that no import
    or export of this store has handled since the file last changed, and bundles held
    in quarantine."""
    out: list[WaitingBundle] = []
    files = (
        sorted(folder.glob(f"*{BUNDLE_SUFFIX}")) if folder is not None and folder.is_dir() else []
    )
    handled: dict[str, str] = (
        dict(
            session.execute(
                select(BundleLogRow.file_name, func.max(BundleLogRow.processed_at))
                .where(BundleLogRow.file_name.in_([f.name for f in files]))
                .group_by(BundleLogRow.file_name)
            ).all()
        )
        if files
        else {}
    )
    for path in files:
        modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        last = handled.get(path.name)
        if last is None or datetime.fromisoformat(last) < modified.replace(microsecond=0):
            out.append(WaitingBundle(path, modified))
    if quarantine.is_dir():
        held = sorted(quarantine.glob(f"*{BUNDLE_SUFFIX}"))  # named by bundle id
        imported = set(
            session.scalars(
                select(BundleLogRow.bundle_id).where(
                    BundleLogRow.bundle_id.in_([p.stem for p in held])
                )
            )
        )
        for path in held:
            if path.stem not in imported:  # imported since it was held back
                out.append(
                    WaitingBundle(path, datetime.fromtimestamp(path.stat().st_mtime, UTC), True)
                )
    return out


def read_hq_dashboard(store: Store, today: date, folder: Path | None) -> HqDashboard:
    targets = [i for i in outcome_indicators(store, default_period(today)) if i.is_global_outcome]
    with store.read() as session:
        conflicts = session.execute(
            select(RecordRow.record_type, RecordRow.record_id)
            .where(RecordRow.in_conflict.is_(True))
            .order_by(RecordRow.record_type, RecordRow.record_id)
            .limit(LIMIT)
        ).all()
        total = (
            session.scalar(
                select(func.count()).select_from(RecordRow).where(RecordRow.in_conflict.is_(True))
            )
            or 0
        )
        return HqDashboard(
            targets=targets,
            waiting=waiting_bundles(session, folder, store.data_dir / "quarantine"),
            folder=folder,
            conflicts_total=total,
            conflicts=read_titles(session, [(t, i) for t, i in conflicts]),
        )


def field_dashboard(store: Store, today: date) -> FieldDashboard:
    with store.read() as session:
        return read_field_dashboard(session, today)
