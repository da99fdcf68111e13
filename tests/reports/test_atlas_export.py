"""Atlas exports a spreadsheet and a GIS tool can open, safely."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest

from icati_desktop.domain.atlas import Initiative
from icati_desktop.reports.atlas_export import export_initiatives

ROWS = [
    (
        "11111111-1111-4111-8111-111111111111",
        Initiative.model_validate(
            {
                "country": "KEN",
                "name": '=HYPERLINK("http://evil")',
                "model": "deflection",
                "continuum_stages": ["pre_arrest", "pre_trial"],
                "status": "pilot",
                "latitude": Decimal("-1.29"),
                "longitude": Decimal("36.82"),
            }
        ),
    ),
    (
        "22222222-2222-4222-8222-222222222222",
        Initiative.model_validate(
            {
                "country": "MAR",
                "name": "محكمة علاج الإدمان",
                "model": "drug_treatment_court",
                "status": "planned",
            }
        ),
    ),
]


def test_csv_has_stable_columns_and_defuses_formulas(tmp_path: Path) -> None:
    path = export_initiatives(ROWS, tmp_path / "atlas.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["name"].startswith("'=")
    assert rows[0]["continuum_stages"] == "pre_arrest; pre_trial"
    assert rows[1]["name"] == "محكمة علاج الإدمان"
    assert rows[1]["latitude"] == ""


def test_geojson_points_where_coordinates_are_known(tmp_path: Path) -> None:
    path = export_initiatives(ROWS, tmp_path / "atlas.geojson")
    data = json.loads(path.read_text("utf-8"))
    assert data["type"] == "FeatureCollection"
    first, second = data["features"]
    assert first["geometry"] == {"type": "Point", "coordinates": [36.82, -1.29]}
    assert second["geometry"] is None
    assert second["properties"]["country"] == "MAR"


def test_an_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.csv or \.geojson"):
        export_initiatives(ROWS, tmp_path / "atlas.xls")
    assert list(tmp_path.iterdir()) == []
