"""The Atlas's codes in words: initiative models, statuses, continuum stages, regions, phases.

The store and the bundles keep codes (``drug_treatment_court``); people read these labels,
translated where they are shown. Phase names follow DOMAIN.md.
"""

from __future__ import annotations

from babel.lists import format_list

from icati_desktop.domain.atlas import InitiativeModel, InitiativeStatus
from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.domain.countries import Region
from icati_desktop.i18n import N_, _, locale

MODEL_LABELS: dict[str, str] = {
    InitiativeModel.DRUG_TREATMENT_COURT: N_("Drug treatment court"),
    InitiativeModel.DEFLECTION: N_("Deflection"),
    InitiativeModel.DIVERSION: N_("Diversion"),
    InitiativeModel.PROBATION_BASED_TREATMENT: N_("Probation-based treatment"),
    InitiativeModel.POLICE_REFERRAL: N_("Police referral"),
    InitiativeModel.PRISON_BASED_TREATMENT: N_("Prison-based treatment"),
    InitiativeModel.REENTRY: N_("Re-entry"),
    InitiativeModel.OTHER: N_("Other model"),
}

STATUS_LABELS: dict[str, str] = {
    InitiativeStatus.PLANNED: N_("Planned"),
    InitiativeStatus.PILOT: N_("Pilot"),
    InitiativeStatus.OPERATIONAL: N_("Operational"),
    InitiativeStatus.EXPANDED: N_("Expanded"),
    InitiativeStatus.CLOSED: N_("Closed"),
}

STAGE_LABELS: dict[str, str] = {
    ContinuumStage.PRE_ARREST: N_("Pre-arrest"),
    ContinuumStage.PRE_TRIAL: N_("Pre-trial"),
    ContinuumStage.COURT: N_("Court"),
    ContinuumStage.POST_SENTENCE: N_("Post-sentence"),
}

REGION_LABELS: dict[str, str] = {
    Region.AFRICA: N_("Africa"),
    Region.AMERICAS: N_("Americas"),
    Region.ASIA: N_("Asia"),
    Region.EUROPE: N_("Europe"),
    Region.OCEANIA: N_("Oceania"),
}

PHASE_LABELS: dict[int, str] = {
    1: N_("Interest & Exploration"),
    2: N_("Systems Preparation"),
    3: N_("Initiative Planning & Launch"),
    4: N_("Expansion & Sustainability"),
}


def label(labels: dict[str, str], code: str) -> str:
    """The translated label of ``code``; an unknown code (from a newer version) as it is."""
    text = labels.get(code)
    return _(text) if text else code.replace("_", " ")


def stages_text(stages: list[str]) -> str:
    """Continuum stages in continuum order, as a list in the current language."""
    order = [stage.value for stage in ContinuumStage]
    known = sorted((s for s in stages if s in STAGE_LABELS), key=lambda s: order.index(s))
    words = [label(STAGE_LABELS, s) for s in known + [s for s in stages if s not in known]]
    return format_list(words, style="unit-short", locale=locale()) if words else ""


def phase_label(phase: int) -> str:
    """ "2 · Systems Preparation" — the number keeps the order visible in every language."""
    text = PHASE_LABELS.get(phase)
    return f"{phase} · {_(text)}" if text else str(phase)
