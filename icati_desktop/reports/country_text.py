"""A country's overview in words, in one language: the workspace screen, the mission brief
and report, and the CLI say the same things.

Pure text (no Qt): every function takes the language, so a PDF in Arabic can be made from
an English session. Labels of codes (statuses, sectors, stages) never show the code.
"""

from __future__ import annotations

from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

from icati_desktop.domain.countries import country_display_name
from icati_desktop.i18n import N_, translator
from icati_desktop.reports.assessment_text import (
    advice_text,
    condition_text,
    mapping_text,
    reassess_text,
    stage_gap_text,
)
from icati_desktop.reports.form_text import (
    change_text,
    domain_name,
    phase_name,
    resource_title,
    score_text,
)
from icati_desktop.reports.meeting_text import MEETING_TYPES, SECTORS, STAGES, label
from icati_desktop.store.country_overview import CountryOverview, CountryProfile, LatestAssessment
from icati_desktop.store.country_parts import STATUS_ORDER, KeyPerson, OpenActions
from icati_desktop.store.labels import MODEL_LABELS, REGION_LABELS

ACTION_STATUSES = {
    "open": N_("Not started"),
    "in_progress": N_("In progress"),
    "blocked": N_("Blocked"),
    "done": N_("Done"),
    "dropped": N_("Dropped"),
}
SECTOR_WORDS = {**SECTORS, "": N_("Sector not known")}


SUB_REGIONS = {
    "Sub-Saharan Africa": "202",
    "Northern Africa": "015",
    "Northern America": "021",
    "Central Asia": "143",
    "Eastern Asia": "030",
    "South-eastern Asia": "035",
    "Southern Asia": "034",
    "Western Asia": "145",
    "Eastern Europe": "151",
    "Northern Europe": "154",
    "Southern Europe": "039",
    "Western Europe": "155",
    "Australia and New Zealand": "053",
    "Melanesia": "054",
    "Micronesia": "057",
    "Polynesia": "061",
}
"""UN M49 sub-regions (as the store names them in English) → their M49 code, whose name
CLDR gives in other languages. "Latin America and the Caribbean" (419) is left out: CLDR
names 419 "Latin America", which would drop the Caribbean."""


def sub_region_name(name: str, language: str) -> str:
    """The M49 sub-region in ``language`` where CLDR names it, else as stored."""
    code = SUB_REGIONS.get(name)
    if code is None or language == "en":
        return name
    try:
        localized = Locale.parse(language).territories.get(code)
    except (ValueError, UnknownLocaleError):
        return name
    return localized or name


def day_text(value: date, language: str, length: str = "medium") -> str:
    return format_date(value, format=length, locale=language)


def country_title(profile: CountryProfile, language: str) -> str:
    """The country's name in ``language`` (CLDR), else the name the store keeps."""
    try:
        return country_display_name(profile.alpha2, language)
    except ValueError:
        return profile.name


def profile_rows(overview: CountryOverview, language: str) -> list[tuple[str, str]]:
    """(caption, value) lines of the country's profile."""
    tr = translator(language)
    profile = overview.profile
    region = REGION_LABELS.get(profile.region)
    rows = [
        (tr.gettext("Region"), tr.gettext(region) if region else profile.region),
        (tr.gettext("Sub-region"), sub_region_name(profile.sub_region, language)),
    ]
    if profile.groups:
        rows.append((tr.gettext("Member of"), ", ".join(profile.groups)))
    rows.append(
        (tr.gettext("Atlas initiatives"), format_count(overview.initiative_count, language))
    )
    people = overview.stakeholders
    rows.append(
        (
            tr.gettext("Stakeholders"),
            tr.gettext("{people} people, {organisations} institutions").format(
                people=format_count(people.people, language),
                organisations=format_count(people.organisations, language),
            ),
        )
    )
    return rows


def format_count(value: int, language: str) -> str:
    return format_decimal(value, locale=language)


def phase_headline(latest: LatestAssessment, language: str) -> str:
    """ "Phase 2: Systems Preparation", and whose assessment it comes from."""
    tr = translator(language)
    shown = latest.result.shown_phase
    head = tr.gettext("Phase {number}: {name}").format(
        number=shown, name=phase_name(shown, language)
    )
    when = day_text(latest.assessment.assessed_on, language, "long")
    if latest.provisional:
        return tr.gettext("{phase} (provisional: the draft assessment of {date})").format(
            phase=head, date=when
        )
    return tr.gettext("{phase} (assessment of {date})").format(phase=head, date=when)


def phase_why(latest: LatestAssessment, language: str) -> tuple[list[str], list[str]]:
    """Why the phase: (sentences, the unmet conditions of the next phase)."""
    tr = translator(language)
    result, form = latest.result, latest.form
    lines: list[str] = []
    override = result.override
    if override is not None:
        computed = result.phase.computed
        lines.append(
            tr.gettext(
                "The form's rules give phase {computed} ({name}); {by} set phase {phase} on "
                "{date}: {reason}"
            ).format(
                computed=computed,
                name=phase_name(computed, language),
                by=override.by,
                phase=override.phase,
                date=day_text(override.at.date(), language, "long"),
                reason=override.reason,
            )
        )
    following = result.phase.next_phase
    if following is None:
        lines.append(tr.gettext("Every condition of the highest phase is met."))
        return lines, []
    lines.append(
        tr.gettext(
            "To reach phase {number} ({name}), these conditions are still to be met:"
        ).format(number=following, name=phase_name(following, language))
    )
    return lines, [condition_text(c, form, language) for c in result.phase.unmet(following)]


def change_lines(latest: LatestAssessment, language: str) -> tuple[str, list[str]]:
    """The change since the previous round: a sentence and one line per domain."""
    tr = translator(language)
    comparison = latest.comparison
    if comparison is None:
        return tr.gettext("This is the country's first round on this form: no change yet."), []
    mean = comparison.mean_change
    head = tr.gettext(
        "Since the round of {date}: phase {before} → {after}, mean change of the domains {mean}."
    ).format(
        date=day_text(comparison.earlier_assessed_on, language, "long"),
        before=comparison.earlier_phase,
        after=comparison.later_phase,
        mean=change_text(mean, language) if mean is not None else "–",
    )
    lines = []
    for change in comparison.domains:
        if change.before is None and change.after is None:
            continue  # scored in neither round: nothing to compare
        before = score_text(change.before, language) if change.before is not None else "–"
        after = score_text(change.after, language) if change.after is not None else "–"
        moved = f" ({change_text(change.change, language)})" if change.change is not None else ""
        lines.append(
            f"{domain_name(change.code, latest.form, language)}: {before} → {after}{moved}"
        )
    return head, lines


def next_steps(latest: LatestAssessment, language: str) -> list[str]:
    """The assessment's advice, in the order the report gives it."""
    result, form = latest.result, latest.form
    lines: list[str] = []
    if result.mapping_first:
        lines.append(mapping_text(result, form, language))
    lines += [advice_text(line, form, language) for line in result.advice]
    lines += [stage_gap_text(gap, form, language) for gap in result.stage_gaps]
    if result.reassess_on is not None:
        lines.append(reassess_text(result.reassess_on, language))
    return lines


def resource_titles(overview: CountryOverview, language: str) -> list[tuple[str, str]]:
    """(resource id, title in ``language``) of the recommended resources."""
    if overview.latest is None:
        return []
    form = overview.latest.form
    return [(r.id, resource_title(r, form, language)) for r in overview.resources]


def action_status(status: str, language: str) -> str:
    return label(ACTION_STATUSES, status, language)


def actions_summary(actions: OpenActions, language: str) -> str:
    """ "3 open items: 1 blocked, 1 in progress, 1 not started. 1 overdue." """
    tr = translator(language)
    if actions.total == 0:
        return tr.gettext("No open action items.")
    counts = format_list(
        [
            f"{format_count(actions.by_status[s], language)} {action_status(s, language).lower()}"
            for s in STATUS_ORDER
            if actions.by_status.get(s)
        ],
        locale=language,
    )
    text = tr.ngettext(
        "{count} open item: {counts}.", "{count} open items: {counts}.", actions.total
    )
    text = text.format(count=format_count(actions.total, language), counts=counts)
    if actions.overdue:
        late = tr.ngettext("{count} is overdue.", "{count} are overdue.", actions.overdue)
        text += " " + late.format(count=format_count(actions.overdue, language))
    return text


def due_text(due_on: date | None, overdue: bool, language: str) -> str:
    tr = translator(language)
    if due_on is None:
        return tr.gettext("no due date")
    day = day_text(due_on, language)
    return tr.gettext("{date} (overdue)").format(date=day) if overdue else day


def meeting_type(code: str, language: str) -> str:
    return label(MEETING_TYPES, code, language)


def sector_counts(counts: dict[str, int], language: str) -> str:
    """ "Justice 2, Health 1" — largest first."""
    tr = translator(language)
    if not counts:
        return tr.gettext("none recorded")
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return format_list(
        [
            f"{label(SECTOR_WORDS, code, language) or tr.gettext(SECTOR_WORDS[''])} "
            f"{format_count(n, language)}"
            for code, n in ordered
        ],
        locale=language,
    )


def stage_counts(counts: dict[str, int], language: str) -> str:
    """People per continuum stage, in the continuum's order."""
    tr = translator(language)
    if not counts:
        return tr.gettext("none recorded")
    return format_list(
        [
            f"{label(STAGES, code, language)} {format_count(counts[code], language)}"
            for code in STAGES
            if counts.get(code)
        ],
        locale=language,
    )


def initiative_model(code: str, language: str) -> str:
    return label(MODEL_LABELS, code, language)


def person_line(person: KeyPerson, language: str) -> str:
    """ "Wanjiru Kamau — Magistrate, Kenya Judiciary (decides)"."""
    tr = translator(language)
    where = ", ".join(part for part in (person.role, person.organisation) if part)
    text = f"{person.name} — {where}" if where else person.name
    return (
        tr.gettext("{person} (decision authority)").format(person=text)
        if person.decision_authority
        else text
    )
