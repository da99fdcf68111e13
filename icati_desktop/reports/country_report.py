"""The mission brief (before travel) and the mission report (after) of one country: read
what they show, then print them.

Shared by ``icati report country`` and the Country workspace, so both print the same.
The store is read in one short read transaction; typesetting happens after it is closed.
A brief or report leaves the app: it names only people whose active consent lets them be
shared with partner organisations (``share_with_partners``), and no contact details.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

from sqlalchemy.orm import Session

from icati_desktop.domain.directory import ConsentScope
from icati_desktop.domain.meetings import Meeting
from icati_desktop.i18n import _, translator
from icati_desktop.store.country_overview import CountryOverview, country_overview
from icati_desktop.store.country_parts import ActionItemLine, closed_actions
from icati_desktop.store.meetings import MeetingFilter, meetings_for_export
from icati_desktop.store.store import Store

DEFAULT_PERIOD_DAYS = 30
"""A mission report without ``--from`` covers the 30 days before ``--to``."""


class MissionKind(StrEnum):
    BRIEF = "brief"
    """Before travel: profile, phase and why, open actions, last meetings, key people."""
    REPORT = "report"
    """After: meetings held in the period, decisions, the updated plan, next steps."""


@dataclass(frozen=True)
class MissionInput:
    kind: MissionKind
    overview: CountryOverview
    language: str
    period_from: date
    period_to: date
    meetings: tuple[tuple[str, Meeting], ...]
    """(id, meeting) held in the period, oldest first (the report only)."""
    closed: tuple[ActionItemLine, ...]
    """Items done or dropped in the period (the report only)."""


def mission_period(
    kind: MissionKind, today: date, date_from: date | None, date_to: date | None
) -> tuple[date, date]:
    """The period a brief or report covers; a ValueError that says what to fix."""
    until = date_to or today
    since = date_from or until - timedelta(days=DEFAULT_PERIOD_DAYS)
    if since > until:
        raise ValueError(
            _("the period starts ({start}) after it ends ({end}): swap --from and --to").format(
                start=since.isoformat(), end=until.isoformat()
            )
        )
    return since, until


def read_mission_input(
    session: Session,
    alpha3: str,
    kind: MissionKind,
    language: str,
    today: date,
    date_from: date | None = None,
    date_to: date | None = None,
) -> MissionInput:
    translator(language)  # an unsupported language fails before anything is read
    since, until = mission_period(kind, today, date_from, date_to)
    overview = country_overview(
        session, alpha3, today, people_scope=ConsentScope.SHARE_WITH_PARTNERS
    )
    country = overview.profile.alpha3
    meetings: tuple[tuple[str, Meeting], ...] = ()
    closed: tuple[ActionItemLine, ...] = ()
    if kind is MissionKind.REPORT:
        held = MeetingFilter(country=country, date_from=since, date_to=until)
        meetings = tuple(meetings_for_export(session, held))
        closed = closed_actions(session, country, since, until)
    return MissionInput(kind, overview, language, since, until, meetings, closed)


def write_mission_pdf(
    store: Store,
    alpha3: str,
    out: Path,
    *,
    kind: MissionKind,
    language: str,
    date_from: date | None = None,
    date_to: date | None = None,
    today: date | None = None,
) -> int:
    """The mission brief or report of a country at ``out``; its page count."""
    from icati_desktop.reports.country_pdf import render_mission

    with store.read() as session:
        mission = read_mission_input(
            session, alpha3, kind, language, today or date.today(), date_from, date_to
        )
    return render_mission(out, mission)


__all__ = [
    "MissionInput",
    "MissionKind",
    "mission_period",
    "read_mission_input",
    "write_mission_pdf",
]
