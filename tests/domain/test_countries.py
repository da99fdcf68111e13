from __future__ import annotations

from datetime import datetime

import pytest
from pydantic import TypeAdapter, ValidationError

from icati_desktop.domain.base import UtcDatetime
from icati_desktop.domain.continuum import ContinuumStage, stage_for_intercept
from icati_desktop.domain.countries import (
    Country,
    CountryStatus,
    Region,
    country_display_name,
    country_record_id,
    parse_region,
)
from icati_desktop.domain.ids import content_record_id


def fiji(**changes: object) -> Country:
    fields: dict[str, object] = {
        "alpha2": "FJ",
        "alpha3": "FJI",
        "m49": "242",
        "name": "Fiji",
        "region": "Oceania",
        "sub_region": "Melanesia",
        "status": "member_state",
        "groups": ["Colombo Plan"],
    }
    return Country.model_validate(fields | changes)


@pytest.mark.parametrize("text", ["Oceana", "oceana", "  OCEANA ", "Oceania", "009"])
def test_oceana_is_read_as_oceania(text: str) -> None:
    assert parse_region(text) is Region.OCEANIA


@pytest.mark.parametrize(
    ("text", "region"),
    [("the  Americas", Region.AMERICAS), ("africa", Region.AFRICA), ("142", Region.ASIA)],
)
def test_region_variants(text: str, region: Region) -> None:
    assert parse_region(text) is region


def test_unknown_region_names_the_choices() -> None:
    with pytest.raises(ValueError, match=r"unknown region 'Antarctica'.*Africa.*Oceania"):
        parse_region("Antarctica")


def test_regions_are_the_five_m49_continents() -> None:
    assert {r.value: r.m49 for r in Region} == {
        "Africa": "002",
        "Americas": "019",
        "Asia": "142",
        "Europe": "150",
        "Oceania": "009",
    }


def test_country_accepts_the_seed_spelling_and_stores_oceania() -> None:
    country = fiji(region="Oceana")
    assert country.region is Region.OCEANIA
    assert country.model_dump(mode="json")["region"] == "Oceania"
    assert country.status is CountryStatus.MEMBER_STATE


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("region", "Atlantis", "unknown region"),
        ("alpha2", "fj", "should match pattern"),
        ("m49", "242a", "should match pattern"),
        ("status", "province", "member_state"),
        ("groups", ["AU", "AU"], "each group tag once"),
        ("phase", 2, "Extra inputs are not permitted"),
    ],
)
def test_country_rejects_bad_input(field: str, value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        fiji(**{field: value})


def test_country_is_immutable() -> None:
    with pytest.raises(ValidationError, match="frozen"):
        fiji().name = "Viti"  # type: ignore[misc]


def test_display_name_uses_cldr_and_falls_back() -> None:
    assert country_display_name("CI", "fr") == "Côte d’Ivoire"
    assert country_display_name("de", "fr-FR") == "Allemagne"
    assert country_display_name("DE", "ar") == "ألمانيا"
    assert country_display_name("DE", "not-a-locale") == "Germany"
    with pytest.raises(ValueError, match="alpha-2"):
        country_display_name("XX", "en")


def test_record_ids_are_deterministic() -> None:
    assert (
        country_record_id("fji") == country_record_id("FJI") == content_record_id("country", "FJI")
    )
    assert country_record_id("FJI") != country_record_id("FRA")
    # Pinned: a changed namespace or key format would fork every store's default records.
    assert str(country_record_id("FJI")) == "7c4524c4-fa05-5085-abf9-47a118fc8aa1"


def test_naive_times_are_rejected() -> None:
    with pytest.raises(ValidationError, match="time zone"):
        TypeAdapter(UtcDatetime).validate_python(datetime(2024, 3, 14, 9, 0))


def test_continuum_stages_cover_the_intercepts() -> None:
    assert [stage_for_intercept(i) for i in range(6)] == [
        ContinuumStage.PRE_ARREST,
        ContinuumStage.PRE_ARREST,
        ContinuumStage.PRE_TRIAL,
        ContinuumStage.COURT,
        ContinuumStage.POST_SENTENCE,
        ContinuumStage.POST_SENTENCE,
    ]
    with pytest.raises(ValueError, match="0 to 5"):
        stage_for_intercept(6)
