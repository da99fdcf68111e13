"""Export atlas initiatives to CSV (for spreadsheets) and GeoJSON (for GIS tools).

The CSV is written as every other table (:mod:`icati_desktop.reports.table_files`): UTF-8
with a byte-order mark, texts guarded against formulas, coordinates as plain numbers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from icati_desktop.atomic_file import write_atomic
from icati_desktop.domain.atlas import Initiative
from icati_desktop.reports.table_files import Cell, guard, write_csv

CSV_COLUMNS = (
    "record_id",
    "country",
    "subnational_area",
    "name",
    "model",
    "continuum_stages",
    "status",
    "start_year",
    "lead_organisation",
    "partners",
    "latitude",
    "longitude",
    "description",
    "links",
    "source",
)


def _cell(value: Any) -> Cell:
    if value is None or isinstance(value, (int, Decimal)):
        return value
    if isinstance(value, (list, tuple)):
        return guard("; ".join(str(v) for v in value))
    return guard(str(value))


def initiative_rows(rows: Sequence[tuple[str, Initiative]]) -> Iterator[list[Cell]]:
    """The CSV rows of :data:`CSV_COLUMNS`."""
    for record_id, item in rows:
        data = item.model_dump(mode="json")
        data["record_id"] = record_id
        # Numbers, not texts: a guarded "-1.29" would reach GIS tools as "'-1.29".
        data["latitude"], data["longitude"] = item.latitude, item.longitude
        yield [_cell(data.get(column)) for column in CSV_COLUMNS]


def initiatives_geojson(rows: Sequence[tuple[str, Initiative]]) -> dict[str, Any]:
    """A FeatureCollection; initiatives without coordinates have a null geometry."""
    features = []
    for record_id, item in rows:
        geometry = None
        if item.latitude is not None and item.longitude is not None:
            geometry = {
                "type": "Point",
                "coordinates": [float(item.longitude), float(item.latitude)],
            }
        properties = item.model_dump(mode="json", exclude={"latitude", "longitude"})
        features.append(
            {"type": "Feature", "id": record_id, "geometry": geometry, "properties": properties}
        )
    return {"type": "FeatureCollection", "features": features}


def export_initiatives(rows: Sequence[tuple[str, Initiative]], path: Path) -> Path:
    """Write ``path`` as CSV or GeoJSON, chosen by its suffix; atomically."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(path, CSV_COLUMNS, initiative_rows(rows))
    elif suffix in (".geojson", ".json"):
        text = json.dumps(initiatives_geojson(rows), ensure_ascii=False, indent=1)
        write_atomic(path, text.encode("utf-8"))
    else:
        raise ValueError(f"export to .csv or .geojson, not {suffix or 'a file without suffix'}")
    return path
