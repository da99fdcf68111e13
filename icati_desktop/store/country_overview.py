"""One country at a glance: what the Country workspace, the mission brief and the mission
report show.

:func:`country_overview` reads everything in one read transaction, each part with a
query bounded to the country (and a page where it lists rows), so its cost does not grow
with the rest of the store. The result is plain typed data; words (labels, phase names,
advice) are chosen where it is shown (``gui/workspace``, ``reports/country_html.py``).

Other sections may add their part here (e.g. national outcomes): add a field and read it
in :func:`country_overview`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.assessments import Assessment, AssessmentStatus
from icati_desktop.domain.directory import ConsentScope
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.domain.rounds import RoundComparison, compare_rounds
from icati_desktop.domain.scoring import AssessmentResult, TaggedResource
from icati_desktop.store.assessment_reads import require_country, score
from icati_desktop.store.country_parts import (
    CountryInitiative,
    KeyPerson,
    OpenActions,
    Stakeholders,
    initiatives,
    key_people,
    open_actions,
    stakeholders,
)
from icati_desktop.store.forms import get_form
from icati_desktop.store.meetings import MeetingFilter, MeetingSort, MeetingSummary, query_meetings
from icati_desktop.store.records import RecordNotFound
from icati_desktop.store.store import Store
from icati_desktop.store.tables.field import AssessmentRow, MeetingRow
from icati_desktop.store.tables.reference import CountryRow

RECENT_MEETINGS = 5
NEXT_MEETINGS = 5


@dataclass(frozen=True)
class CountryProfile:
    alpha3: str
    alpha2: str
    name: str
    """The English name the store keeps; screens show the name in their language."""
    region: str
    sub_region: str
    status: str
    groups: tuple[str, ...]


@dataclass(frozen=True)
class LatestAssessment:
    """The country's latest assessment (the latest submitted one, else the latest draft),
    scored, and what changed since the round before it on the same form."""

    record_id: str
    assessment: Assessment
    form: FormDefinition
    result: AssessmentResult
    previous_id: str | None
    comparison: RoundComparison | None

    @property
    def provisional(self) -> bool:
        """A draft's result: it moves as answers change."""
        return self.assessment.status is AssessmentStatus.DRAFT


@dataclass(frozen=True)
class CountryOverview:
    profile: CountryProfile
    today: date
    latest: LatestAssessment | None
    actions: OpenActions
    recent_meetings: tuple[MeetingSummary, ...]
    """Held up to today, newest first."""
    next_meetings: tuple[MeetingSummary, ...]
    """Planned after today, soonest first."""
    next_planned_on: date | None
    """The earliest follow-up date a meeting set (``next_meeting_on``) from today on."""
    stakeholders: Stakeholders
    key_people: tuple[KeyPerson, ...]
    initiative_count: int
    initiatives: tuple[CountryInitiative, ...]

    @property
    def resources(self) -> tuple[TaggedResource, ...]:
        """Library resources the latest assessment's advice recommends, each once."""
        if self.latest is None:
            return ()
        seen: dict[str, TaggedResource] = {}
        for line in self.latest.result.advice:
            for resource in line.resources:
                seen.setdefault(resource.id, resource)
        return tuple(seen.values())


def _profile(session: Session, alpha3: str) -> CountryProfile:
    row = session.scalar(select(CountryRow).where(CountryRow.alpha3 == alpha3))
    assert row is not None  # require_country checked it
    data = json.loads(row.data)
    return CountryProfile(
        alpha3=row.alpha3,
        alpha2=row.alpha2,
        name=row.name,
        region=row.region,
        sub_region=row.sub_region,
        status=row.status,
        groups=tuple(data.get("groups") or ()),
    )


def _scored(session: Session, row: AssessmentRow) -> tuple[Assessment, FormDefinition] | None:
    assessment = Assessment.model_validate_json(row.data)
    try:
        return assessment, get_form(session, assessment.form_id, assessment.form_version)
    except RecordNotFound:  # its form version has not arrived on this device yet
        return None


def _latest_assessment(session: Session, country: str) -> LatestAssessment | None:
    submitted = AssessmentRow.status == AssessmentStatus.SUBMITTED.value
    newest = [AssessmentRow.assessed_on.desc(), AssessmentRow.id]
    mine = AssessmentRow.country == country
    row = session.scalar(select(AssessmentRow).where(mine, submitted).order_by(*newest).limit(1))
    if row is None:
        row = session.scalar(select(AssessmentRow).where(mine).order_by(*newest).limit(1))
    loaded = _scored(session, row) if row is not None else None
    if row is None or loaded is None:
        return None
    assessment, form = loaded
    result = score(session, form, assessment)
    before = session.scalar(
        select(AssessmentRow)
        .where(
            mine,
            submitted,
            AssessmentRow.form_id == row.form_id,
            AssessmentRow.id != row.id,
            AssessmentRow.assessed_on <= row.assessed_on,
        )
        .order_by(*newest)
        .limit(1)
    )
    previous = _scored(session, before) if before is not None else None
    comparison = None
    if before is not None and previous is not None:
        earlier = (previous[1], previous[0], score(session, previous[1], previous[0]))
        comparison = compare_rounds(earlier, (form, assessment, result))
    return LatestAssessment(
        record_id=row.id,
        assessment=assessment,
        form=form,
        result=result,
        previous_id=before.id if before is not None and previous is not None else None,
        comparison=comparison,
    )


def country_overview(
    session: Session,
    alpha3: str,
    today: date,
    *,
    people_scope: ConsentScope | None = None,
    action_limit: int = 50,
) -> CountryOverview:
    """Everything the country's workspace shows, as of ``today``.

    ``people_scope``: list only key people whose active consent has this scope (a
    document that leaves the app passes ``SHARE_WITH_PARTNERS``); None: any active
    consent. Raises ``ValueError`` for a code the store does not know.
    """
    country = require_country(session, alpha3)
    mine = MeetingFilter(country=country)
    recent = query_meetings(
        session, mine.model_copy(update={"date_to": today}), limit=RECENT_MEETINGS
    )
    upcoming = query_meetings(
        session,
        mine.model_copy(update={"date_from": date.fromordinal(today.toordinal() + 1)}),
        sort=MeetingSort.OLDEST,
        limit=NEXT_MEETINGS,
    )
    planned = session.scalar(
        select(MeetingRow.next_meeting_on)
        .where(MeetingRow.country == country, MeetingRow.next_meeting_on >= today)
        .order_by(MeetingRow.next_meeting_on)
        .limit(1)
    )
    count, listed = initiatives(session, country)
    return CountryOverview(
        profile=_profile(session, country),
        today=today,
        latest=_latest_assessment(session, country),
        actions=open_actions(session, country, today, action_limit),
        recent_meetings=tuple(recent.rows),
        next_meetings=tuple(upcoming.rows),
        next_planned_on=planned,
        stakeholders=stakeholders(session, country),
        key_people=key_people(session, country, today, scope=people_scope),
        initiative_count=count,
        initiatives=listed,
    )


def read_country_overview(store: Store, alpha3: str, today: date | None = None) -> CountryOverview:
    """:func:`country_overview` in its own read transaction (a job for the GUI's worker)."""
    with store.read() as session:
        return country_overview(session, alpha3, today or date.today())


__all__ = [
    "CountryOverview",
    "CountryProfile",
    "LatestAssessment",
    "country_overview",
    "read_country_overview",
]
