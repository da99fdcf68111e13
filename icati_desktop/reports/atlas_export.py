"""Export atlas initiatives to CSV (for spreadsheets) and GeoJSON (for GIS tools)."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from icati_desktop.domain.atlas import Initiative

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


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    text = str(value)
    # Spreadsheets execute cells that start with these characters (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.partial")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)


def initiatives_csv(rows: Sequence[tuple[str, Initiative]]) -> str:
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for record_id, item in rows:
        data = item.model_dump(mode="json")
        data["record_id"] = record_id
        writer.writerow([_cell(data.get(column)) for column in CSV_COLUMNS])
    return buffer.getvalue()


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
        _atomic_write(path, initiatives_csv(rows))
    elif suffix in (".geojson", ".json"):
        _atomic_write(path, json.dumps(initiatives_geojson(rows), ensure_ascii=False, indent=1))
    else:
        raise ValueError(f"export to .csv or .geojson, not {suffix or 'a file without suffix'}")
    return path
