from __future__ import annotations

import json
from decimal import Decimal

import pytest
from pydantic import ValidationError

from icati_desktop.domain.atlas import Initiative, InitiativeModel
from icati_desktop.domain.base import Owner
from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.versioning.canonical import canonical_json


def initiative(**changes: object) -> Initiative:
    fields: dict[str, object] = {
        "country": "CHL",
        "subnational_area": "Región Metropolitana",
        "name": "Tribunales de Tratamiento de Drogas",
        "model": "drug_treatment_court",
        "continuum_stages": ["court"],
        "status": "expanded",
        "start_year": 2004,
        "lead_organisation": "Fiscalía Nacional",
        "partners": ["SENDA", "Poder Judicial"],
        "links": ["https://www.senda.gob.cl"],
        "latitude": "-33.4489",
        "longitude": Decimal("-70.6693"),
        "source": "OAS/CICAD technical report, 2015",
    }
    return Initiative.model_validate(fields | changes)


def test_initiative_validates() -> None:
    i = initiative()
    assert Initiative.owner is Owner.FIELD
    assert i.model is InitiativeModel.DRUG_TREATMENT_COURT
    assert i.continuum_stages == [ContinuumStage.COURT]
    assert i.latitude == Decimal("-33.4489")
    assert Initiative.model_validate(json.loads(canonical_json(i.model_dump()))) == i


def test_coordinates_are_optional() -> None:
    assert initiative(latitude=None, longitude=None).latitude is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"latitude": 91}, "less than or equal to 90"),
        ({"latitude": "-90.5"}, "greater than or equal to -90"),
        ({"longitude": 180.5}, "is a float"),
        ({"longitude": "181"}, "less than or equal to 180"),
        ({"latitude": -33.4489}, "is a float"),
        ({"latitude": "north"}, "decimal"),
        ({"longitude": None}, "both latitude and longitude"),
        ({"model": "drug_court"}, "model"),
        ({"status": "active"}, "status"),
        ({"start_year": 1850}, "greater than or equal to 1950"),
        ({"continuum_stages": ["court", "court"]}, "listed twice"),
        ({"links": ["senda.gob.cl"]}, "not a web address"),
        ({"name": ""}, "at least 1 character"),
    ],
)
def test_initiative_rejects_bad_input(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        initiative(**changes)
