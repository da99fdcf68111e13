"""Countries and the five UN M49 continental regions the mission reports on.

Countries are HQ-owned reference records. Region and sub-region follow UN M49 but stay
editable: M49 puts Cyprus, Türkiye and the Caucasus in Western Asia, and a programme
may group them with Europe. A country's development phase is not stored here: it is
computed from its assessments.
"""

from __future__ import annotations

import re
from contextlib import suppress
from enum import StrEnum
from typing import Annotated, ClassVar
from uuid import UUID

import pycountry
from babel import Locale, UnknownLocaleError
from pydantic import BeforeValidator, Field, field_validator

from icati_desktop.domain.base import Owner, RecordPayload, ShortText
from icati_desktop.domain.ids import content_record_id


class Region(StrEnum):
    """The UN M49 continental regions named by the seed (Antarctica is left out)."""

    AFRICA = "Africa"
    AMERICAS = "Americas"
    ASIA = "Asia"
    EUROPE = "Europe"
    OCEANIA = "Oceania"

    @property
    def m49(self) -> str:
        """The three-digit UN M49 code of the region."""
        return _REGION_M49[self]


_REGION_M49: dict[Region, str] = {
    Region.AFRICA: "002",
    Region.AMERICAS: "019",
    Region.ASIA: "142",
    Region.EUROPE: "150",
    Region.OCEANIA: "009",
}

_REGION_ALIASES: dict[str, Region] = {
    **{region.value.casefold(): region for region in Region},
    **{code: region for region, code in _REGION_M49.items()},
    "oceana": Region.OCEANIA,
    "the americas": Region.AMERICAS,
}


def parse_region(text: str) -> Region:
    """Read a region name as people write it: any case, extra spaces, the seed's "Oceana",
    "the Americas", or the M49 code ("002")."""
    key = re.sub(r"\s+", " ", text).strip().casefold()
    region = _REGION_ALIASES.get(key)
    if region is None:
        names = ", ".join(r.value for r in Region)
        raise ValueError(f"unknown region {text!r}: expected one of {names}")
    return region


def _coerce_region(value: object) -> object:
    return parse_region(value) if isinstance(value, str) else value


class CountryStatus(StrEnum):
    MEMBER_STATE = "member_state"
    """A member state of the United Nations."""
    OBSERVER_STATE = "observer_state"
    """A non-member observer state of the UN General Assembly (Holy See, State of Palestine)."""
    OTHER = "other"
    """A territory or other area with its own ISO 3166 code."""


class CountryGroup(StrEnum):
    """Group tags the default content uses; a country may carry other tags too."""

    AFRICAN_UNION = "AU"
    OAS = "OAS"
    EU = "EU"
    COLOMBO_PLAN = "Colombo Plan"
    ISSUP_CHAPTER = "ISSUP chapter"


class Country(RecordPayload):
    record_type: ClassVar[str] = "country"
    owner: ClassVar[Owner] = Owner.HQ

    alpha2: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    alpha3: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    m49: Annotated[str, Field(pattern=r"^[0-9]{3}$")]
    """The UN M49 numeric code (equal to the ISO 3166 numeric code), zero-padded."""
    name: Annotated[ShortText, Field(min_length=1)]
    """The English default name; other languages come from :func:`country_display_name`."""
    region: Annotated[Region, BeforeValidator(_coerce_region)]
    sub_region: Annotated[ShortText, Field(min_length=1)]
    """The M49 sub-region, e.g. "Sub-Saharan Africa", "Western Asia"."""
    intermediate_region: ShortText | None = None
    """The M49 intermediate region where there is one, e.g. "Western Africa", "Caribbean"."""
    status: CountryStatus
    groups: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(default_factory=list)
    """Memberships such as "AU", "OAS", "Colombo Plan", "EU", "ISSUP chapter"."""

    @field_validator("groups")
    @classmethod
    def _groups_are_distinct(cls, groups: list[str]) -> list[str]:
        if any(group != group.strip() for group in groups):
            raise ValueError("group tags must not start or end with spaces")
        if len(set(groups)) != len(groups):
            raise ValueError("a country lists each group tag once")
        return groups


def country_record_id(alpha3: str) -> UUID:
    """The deterministic record id of a default country record."""
    return content_record_id(Country.record_type, alpha3.upper())


def country_display_name(alpha2: str, locale: str) -> str:
    """The country's name in a UI language (CLDR via babel), else pycountry's English name.

    ``locale`` may be ``fr``, ``fr_FR`` or ``fr-FR``. An unknown locale falls back to
    English rather than failing: a name is always shown.
    """
    entry = pycountry.countries.get(alpha_2=alpha2.upper())
    if entry is None:
        raise ValueError(f"{alpha2!r} is not an ISO 3166 alpha-2 country code")
    name: object = None
    with suppress(UnknownLocaleError, ValueError):
        name = Locale.parse(locale.replace("-", "_")).territories.get(entry.alpha_2)
    return name if isinstance(name, str) and name else str(entry.name)


RECORD_TYPES: tuple[type[RecordPayload], ...] = (Country,)


__all__ = [
    "RECORD_TYPES",
    "Country",
    "CountryGroup",
    "CountryStatus",
    "Region",
    "country_display_name",
    "country_record_id",
    "parse_region",
]
