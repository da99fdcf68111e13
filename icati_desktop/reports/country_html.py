"""The mission brief and the mission report as Qt rich-text HTML, in one language.

Pure text building (no Qt), with the assessment report's builder (every block carries
``dir``, so Arabic is laid out right to left) and the words of
:mod:`icati_desktop.reports.country_text`, so the PDFs say what the workspace shows.
"""

from __future__ import annotations

from datetime import date

from icati_desktop.domain.meetings import Meeting
from icati_desktop.i18n import translator
from icati_desktop.reports import country_text as words
from icati_desktop.reports.assessment_html import CHART_URI, HtmlBody, language_name
from icati_desktop.reports.country_report import MissionInput, MissionKind
from icati_desktop.reports.meeting_text import FOLLOW_UP_STATUS, label
from icati_desktop.store.country_parts import ActionItemLine
from icati_desktop.store.meetings import MeetingSummary


def _day(value: date, language: str) -> str:
    return words.day_text(value, language, "long")


def _header(page: HtmlBody, mission: MissionInput) -> None:
    tr = translator(mission.language)
    language = mission.language
    title = (
        tr.gettext("Mission brief")
        if mission.kind is MissionKind.BRIEF
        else tr.gettext("Mission report")
    )
    page.block("h1", title, "font-size: 20pt;")
    page.block(
        "p",
        words.country_title(mission.overview.profile, language),
        "font-size: 16pt; font-weight: bold;",
    )
    facts = [(tr.gettext("Prepared on"), _day(mission.overview.today, language))]
    if mission.kind is MissionKind.REPORT:
        facts.append(
            (
                tr.gettext("Period"),
                tr.gettext("{start} to {end}").format(
                    start=_day(mission.period_from, language), end=_day(mission.period_to, language)
                ),
            )
        )
    facts.append((tr.gettext("Report language"), language_name(language)))
    page.table([], facts + words.profile_rows(mission.overview, language))


def _phase(page: HtmlBody, mission: MissionInput, chart_width: int) -> None:
    tr = translator(mission.language)
    latest = mission.overview.latest
    page.block("h2", tr.gettext("Phase and why"))
    if latest is None:
        page.block("p", tr.gettext("No assessment of this country yet."))
        return
    page.block("p", words.phase_headline(latest, mission.language), "font-weight: bold;")
    image = f'<img src="{CHART_URI}" width="{chart_width}">'
    page.block("p", image, "margin-top: 6px;", raw=True, align="center")
    sentences, conditions = words.phase_why(latest, mission.language)
    for sentence in sentences:
        page.block("p", sentence)
    if conditions:
        page.items(conditions)
    head, lines = words.change_lines(latest, mission.language)
    page.block("p", head)
    if lines:
        page.items(lines)


def _action_rows(items: tuple[ActionItemLine, ...], language: str) -> list[list[str]]:
    return [
        [
            item.title,
            words.action_status(item.status, language),
            words.due_text(item.due_on, item.overdue, language),
            item.owner_name,
        ]
        for item in items
    ]


def _actions(page: HtmlBody, mission: MissionInput, heading: str) -> None:
    tr = translator(mission.language)
    actions = mission.overview.actions
    page.block("h2", heading)
    page.block("p", words.actions_summary(actions, mission.language))
    if actions.items:
        headers = [tr.gettext("Action item"), tr.gettext("Status"), tr.gettext("Due date")]
        page.table([*headers, tr.gettext("Owner")], _action_rows(actions.items, mission.language))
    if actions.total > len(actions.items):
        page.block(
            "p", tr.gettext("The first {shown} are listed.").format(shown=len(actions.items))
        )


def _meeting_rows(meetings: tuple[MeetingSummary, ...], language: str) -> list[list[str]]:
    return [
        [words.day_text(m.held_on, language), m.title, words.meeting_type(m.meeting_type, language)]
        for m in meetings
    ]


def _last_meetings(page: HtmlBody, mission: MissionInput) -> None:
    tr = translator(mission.language)
    language, overview = mission.language, mission.overview
    headers = [tr.gettext("Date"), tr.gettext("Meeting"), tr.gettext("Type")]
    page.block("h2", tr.gettext("Last meetings"))
    if overview.recent_meetings:
        page.table(headers, _meeting_rows(overview.recent_meetings, language))
    else:
        page.block("p", tr.gettext("No meeting recorded yet."))
    if overview.next_meetings:
        page.block("h3", tr.gettext("Next meetings"))
        page.table(headers, _meeting_rows(overview.next_meetings, language))


def _people(page: HtmlBody, mission: MissionInput) -> None:
    tr = translator(mission.language)
    language = mission.language
    page.block("h2", tr.gettext("Key people"))
    people = mission.overview.stakeholders
    page.block(
        "p",
        tr.gettext("People by sector: {counts}").format(
            counts=words.sector_counts(people.people_by_sector, language)
        ),
    )
    page.block(
        "p",
        tr.gettext("People by stage of the justice continuum: {counts}").format(
            counts=words.stage_counts(people.people_by_stage, language)
        ),
    )
    if mission.overview.key_people:
        page.items([words.person_line(p, language) for p in mission.overview.key_people])
        page.block(
            "p",
            tr.gettext("Only people who agreed to be shared with partner organisations are named."),
            "font-size: 8pt; color: #444444;",
        )
    else:
        page.block(
            "p", tr.gettext("No one has agreed to be named in documents shared with partners yet.")
        )


def _next_steps(page: HtmlBody, mission: MissionInput) -> None:
    tr = translator(mission.language)
    page.block("h2", tr.gettext("Next steps"))
    latest = mission.overview.latest
    steps = words.next_steps(latest, mission.language) if latest is not None else []
    if steps:
        page.items(steps, ordered=True)
    else:
        page.block("p", tr.gettext("The next steps come from the latest assessment."))


def _held(page: HtmlBody, mission: MissionInput) -> None:
    tr = translator(mission.language)
    language = mission.language
    page.block("h2", tr.gettext("Meetings held"))
    if not mission.meetings:
        page.block("p", tr.gettext("No meeting was recorded in this period."))
    for _id, meeting in mission.meetings:
        page.block("h3", f"{_day(meeting.held_on, language)} — {meeting.title}")
        page.block("p", words.meeting_type(meeting.meeting_type.value, language))
        _outcomes(page, meeting, language)


def _outcomes(page: HtmlBody, meeting: Meeting, language: str) -> None:
    tr = translator(language)
    if meeting.decisions:
        page.block("p", tr.gettext("Decisions:"), "font-weight: bold;")
        page.items(list(meeting.decisions))
    if meeting.follow_ups:
        page.block("p", tr.gettext("Follow-ups:"), "font-weight: bold;")
        page.items(
            [
                " — ".join(
                    part
                    for part in (
                        f.action,
                        f.owner,
                        words.day_text(f.due_on, language) if f.due_on else "",
                        label(FOLLOW_UP_STATUS, f.status.value, language),
                    )
                    if part
                )
                for f in meeting.follow_ups
            ]
        )
    if not meeting.decisions and not meeting.follow_ups:
        page.block("p", tr.gettext("No decision or follow-up was recorded."))


def _closed(page: HtmlBody, mission: MissionInput) -> None:
    tr = translator(mission.language)
    if not mission.closed:
        return
    page.block("h3", tr.gettext("Done or dropped in this period"))
    headers = [tr.gettext("Action item"), tr.gettext("Status"), tr.gettext("Due date")]
    page.table([*headers, tr.gettext("Owner")], _action_rows(mission.closed, mission.language))


def mission_html(mission: MissionInput, *, chart_width: int) -> str:
    """The whole brief or report; the radar chart is ``<img src=CHART_URI>``."""
    tr = translator(mission.language)
    page = HtmlBody(mission.language)
    _header(page, mission)
    if mission.kind is MissionKind.BRIEF:
        _phase(page, mission, chart_width)
        _actions(page, mission, tr.gettext("Open action items"))
        _last_meetings(page, mission)
        _people(page, mission)
    else:
        _held(page, mission)
        _actions(page, mission, tr.gettext("The plan now"))
        _closed(page, mission)
    _next_steps(page, mission)
    return page.html()


__all__ = ["mission_html"]
