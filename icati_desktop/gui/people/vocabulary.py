"""Translated labels of the directory's codes (sectors, consent scopes and methods)."""

from __future__ import annotations

from babel.dates import format_date

from icati_desktop.domain.countries import country_display_name
from icati_desktop.domain.directory import ConsentMethod, ConsentScope, Sector
from icati_desktop.gui.atlas.vocabulary import STAGE_LABELS, label, stages_text
from icati_desktop.i18n import N_, current_language

SECTOR_LABELS: dict[str, str] = {
    Sector.JUSTICE: N_("Justice"),
    Sector.HEALTH: N_("Health"),
    Sector.COMMUNITY: N_("Community services"),
    Sector.CASE_MANAGEMENT: N_("Case management"),
    Sector.RESEARCH: N_("Research"),
    Sector.INTERNATIONAL: N_("International"),
    Sector.CIVIL_SOCIETY: N_("Civil society"),
}

SCOPE_LABELS: dict[str, str] = {
    ConsentScope.STORE_ONLY: N_("Store only"),
    ConsentScope.SHARE_WITH_PARTNERS: N_("Share with partner organisations"),
    ConsentScope.NETWORK_MAILINGS: N_("Network mailings"),
}

METHOD_LABELS: dict[str, str] = {
    ConsentMethod.IN_PERSON: N_("In person (signed or ticked)"),
    ConsentMethod.VERBAL: N_("Verbally"),
    ConsentMethod.EMAIL: N_("By email"),
    ConsentMethod.FORM: N_("On a form"),
    ConsentMethod.OTHER: N_("Other"),
}


def sector_label(code: str | None) -> str:
    return label(SECTOR_LABELS, code) if code else ""


def country_label(alpha3: str | None, alpha2_of: dict[str, str]) -> str:
    """A country by its name in the UI language (``alpha2_of``: alpha-3 → alpha-2)."""
    if not alpha3:
        return ""
    alpha2 = alpha2_of.get(alpha3)
    return country_display_name(alpha2, current_language()) if alpha2 else alpha3


def day_text(day: object) -> str:
    return str(format_date(day, format="medium", locale=current_language()))  # type: ignore[arg-type]


__all__ = [
    "METHOD_LABELS",
    "SCOPE_LABELS",
    "SECTOR_LABELS",
    "STAGE_LABELS",
    "country_label",
    "day_text",
    "label",
    "sector_label",
    "stages_text",
]
