"""The words of the outcomes dashboard and report: indicator names, row labels, values.

Qt-free and language-explicit (``OutcomeText(language)``), so the screen, the PDF, the
XLSX and the CLI name every figure alike, in any of the app's languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

import pycountry
from babel.dates import format_date
from babel.numbers import format_decimal

from icati_desktop.domain.countries import country_display_name
from icati_desktop.domain.indicators import Breakdown, Indicator, Row, Unit
from icati_desktop.i18n import N_, translator
from icati_desktop.reports.meeting_text import SECTORS
from icati_desktop.store.labels import (
    CURRICULUM_STATUS_LABELS,
    PHASE_LABELS,
    REGION_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
    _language_label,
)

TITLES = {
    "members_added": N_("Member countries added"),
    "newly_engaged": N_("Countries newly engaged in ATI development"),
    "support_growth": N_("Growth of the countries receiving support"),
    "atlas_initiatives": N_("ATI Atlas initiatives"),
    "basics_languages": N_("Languages of the ATI Basics series"),
    "curriculum_pipeline": N_("New specialty curricula in the pipeline"),
    "monthly_meetings": N_("Months with a network meeting"),
    "email_network": N_("Email network participants"),
    "funnel": N_("Countries reached, engaged and supported"),
    "coverage": N_("Coverage of each region (countries reached)"),
    "members_at_end": N_("Member countries at the end of the period"),
    "members_growth": N_("Growth of the membership"),
    "countries_per_phase": N_("Countries per phase"),
    "phase_moves": N_("Phase changes"),
    "assessments": N_("Assessments completed"),
    "domain_change": N_("Mean change of the domain scores at repeat assessments"),
    "network_sessions": N_("Network sessions held"),
    "unique_participants": N_("Unique participants"),
    "countries_represented": N_("Countries represented at network sessions"),
    "retention": N_("Participants who came back (two sessions or more)"),
    "trained_per_curriculum": N_("People trained, per curriculum"),
    "trained_per_sector": N_("People trained, per sector"),
    "trained_per_country": N_("People trained, per country"),
    "trainers_certified": N_("ATI Global Trainers certified"),
    "action_items_on_time": N_("Action items closed by their due date"),
    # The seed's national outcomes
    "effectiveness": N_("Understand how ATI is effective at reducing crime and drug use"),
    "collaboration": N_("Justice, health and community services collaborating"),
    "stakeholders": N_("Stakeholders engaged along the justice continuum"),
    "readiness": N_("Systems readiness evaluated, next steps prioritised"),
    "initiatives": N_("ATI initiatives planned, implemented, evaluated and expanded"),
    "networks": N_("Participation in supportive networks"),
    "resource_centre": N_("Access to the ATI resource centre"),
}

ROWS = {
    "reached": N_("Reached (any contact)"),
    "engaged": N_("Engaged (two-way activity)"),
    "supported": N_("Supported (TA or strategic meeting)"),
    "up": N_("Moved up"),
    "down": N_("Moved down"),
    "first": N_("First assessment"),
    "repeat": N_("Repeat assessment"),
    "retained": N_("Two sessions or more"),
    "once": N_("One session"),
    "in_period": N_("Certified in the period"),
    "total": N_("All certified trainers"),
    "on_time": N_("Done by the due date"),
    "late": N_("Done after the due date"),
    "not_done": N_("Not done"),
    "resources_shared": N_("Meetings where resources were shared"),
    "phase": N_("Current phase"),
    "webinar": N_("Webinar"),
    "training": N_("Training"),
    "network_meeting": N_("Network meeting"),
    "learning_community": N_("Learning community"),
    "affinity_group": N_("Affinity group"),
    "office_hours": N_("Office hours"),
    "annual_members_meeting": N_("Annual members meeting"),
    "conference": N_("Conference"),
    "": N_("Not recorded"),
}


class OutcomeText:
    """Labels in one language. ``names``: shown names of record ids used as row keys
    (curricula), read from the store by the caller."""

    def __init__(self, language: str, names: Mapping[str, str] | None = None) -> None:
        self.language = language
        self.gettext = translator(language).gettext
        self.names = dict(names or {})

    def title(self, indicator: Indicator) -> str:
        text = TITLES.get(indicator.key)
        return self.gettext(text) if text else indicator.key.replace("_", " ").capitalize()

    def number(self, value: Decimal | None, unit: Unit) -> str:
        if value is None:
            return "–"
        if unit is Unit.PERCENT:
            return self.gettext("{value} %").format(
                value=format_decimal(value, "#,##0.#", locale=self.language)
            )
        if unit is Unit.SCORE:
            return format_decimal(value, "+#,##0.00;-#,##0.00", locale=self.language)
        return format_decimal(value, "#,##0.#", locale=self.language)

    def value(self, indicator: Indicator) -> str:
        return self.number(indicator.value, indicator.unit)

    def target(self, indicator: Indicator) -> str:
        if indicator.target_left_out:
            return self.gettext("No target for one country")
        if indicator.target is None:
            return ""
        if indicator.unit is Unit.PERCENT:
            return self.gettext("+{value}").format(
                value=self.number(indicator.target, indicator.unit)
            )
        return self.gettext("≥ {value}").format(value=self.number(indicator.target, Unit.COUNT))

    def targets_left_out(self) -> str:
        """Why the figures of one country show no target (a screen's or report's note)."""
        return self.gettext(
            "The targets are set for the whole network or for each region: they do not "
            "apply to one country, so its own figures are shown without them."
        )

    def status(self, indicator: Indicator) -> str:
        met = indicator.met
        if met is None:
            return ""
        return self.gettext("Target reached") if met else self.gettext("Not yet")

    def row_value(self, indicator: Indicator, row: Row) -> str:
        unit = (
            indicator.unit
            if indicator.breakdown is Breakdown.REGION and indicator.key == "coverage"
            else Unit.COUNT
        )
        return self.number(row.value, unit)

    def row_label(self, indicator: Indicator, row: Row) -> str:
        key, by = row.key, indicator.breakdown
        if ":" in key:
            kind, _sep, key = key.partition(":")
            return self._prefixed(kind, key)
        if by is Breakdown.REGION:
            return self._from(REGION_LABELS, key)
        if by is Breakdown.PHASE:
            label = PHASE_LABELS.get(int(key))
            return f"{key} · {self.gettext(label)}" if label else key
        if by is Breakdown.STATUS:
            return self._from(CURRICULUM_STATUS_LABELS, key)
        if by is Breakdown.STAGE:
            return self._from(STATUS_LABELS, key)
        if by is Breakdown.MONTH:
            year, month = (int(part) for part in key.split("-"))
            return format_date(date(year, month, 1), "LLLL y", locale=self.language)
        if by is Breakdown.LANGUAGE:
            return _language_label(key, self.language)
        if by is Breakdown.SECTOR:
            return self._from(SECTORS, key) if key else self.gettext(ROWS[""])
        if by is Breakdown.COUNTRY:
            return self.country(key) if key else self.gettext(ROWS[""])
        if by is Breakdown.CURRICULUM:
            return self.names.get(key, key) if key else self.gettext(ROWS[""])
        return self._from(ROWS, key)

    def _prefixed(self, kind: str, key: str) -> str:
        if kind == "stage":
            return self.gettext("Stage: {stage}").format(stage=self._from(STAGE_LABELS, key))
        if kind == "sector":
            return self.gettext("Sector: {sector}").format(sector=self._from(SECTORS, key))
        return self.gettext("Action items: {what}").format(what=self._from(ROWS, key).lower())

    def _from(self, table: Mapping[str, str], key: str) -> str:
        text = table.get(key)
        return self.gettext(text) if text else key.replace("_", " ").capitalize()

    def country(self, alpha3: str) -> str:
        entry = pycountry.countries.get(alpha_3=alpha3)
        if entry is None:
            return alpha3
        try:
            return country_display_name(entry.alpha_2, self.language)
        except ValueError:
            return alpha3
