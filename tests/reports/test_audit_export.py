"""The HQ audit export: one row per changed field in a period, CSV and XLSX, streamed."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from icati_desktop.domain.library import Resource
from icati_desktop.i18n import set_language
from icati_desktop.reports.audit_export import ExportCancelled, export_audit, headers
from icati_desktop.store.records import RecordService
from tests.store.helpers import StoreFactory, resource

DAY = 86_400_000
MARCH_1 = int(datetime(2027, 3, 1, tzinfo=UTC).timestamp() * 1000)


@pytest.fixture
def clock() -> list[int]:
    return [MARCH_1]


def _store(make_store: StoreFactory, clock: list[int]):  # type: ignore[no-untyped-def]
    hq = make_store(role="hq", name="HQ Vienna", now_ms=lambda: clock[0])
    service = RecordService(hq)
    rid = service.create(resource("Audit me", publisher="UNODC")).record_id
    clock[0] += DAY  # March 2
    current = service.get(Resource, rid).payload.model_dump(mode="python")
    service.update(rid, Resource.model_validate({**current, "publisher": "WHO", "year": 2020}))
    clock[0] += DAY  # March 3
    service.delete("resource", rid)
    clock[0] += 30 * DAY  # April 2: outside March
    service.create(resource("Later"))
    return hq


def test_csv_has_one_row_per_changed_field_in_the_period(
    make_store: StoreFactory, clock: list[int], tmp_path: Path
) -> None:
    hq = _store(make_store, clock)
    out = tmp_path / "audit.csv"
    summary = export_audit(hq, date(2027, 3, 2), date(2027, 3, 31), out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == headers()
    body = rows[1:]
    assert summary.versions == 2
    assert summary.rows == len(body) == 3
    edit = {(r[5], r[6], r[7]) for r in body if r[0].startswith("2027-03-02")}
    assert edit == {("Publisher", "UNODC", "WHO"), ("Year", "—", "2020")}
    deletion = next(r for r in body if r[0].startswith("2027-03-03"))
    assert deletion[1:6] == [
        "HQ Vienna",
        deletion[2],
        "Library resource",
        "Audit me",
        "(record deleted)",
    ]
    assert not list(tmp_path.glob(".*partial"))


def test_xlsx_in_french_with_real_times(
    make_store: StoreFactory, clock: list[int], tmp_path: Path
) -> None:
    hq = _store(make_store, clock)
    out = tmp_path / "audit.xlsx"
    set_language("fr")
    try:
        summary = export_audit(hq, date(2027, 3, 1), date(2027, 4, 30), out)
        expected_headers = headers()
    finally:
        set_language("en")
    book = load_workbook(out, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert list(rows[0]) == expected_headers
    assert expected_headers[0] == "Heure (UTC)"
    assert summary.rows == len(rows) - 1
    assert rows[1][0] == datetime(2027, 3, 1)
    assert {r[5] for r in rows[1:]} >= {"Éditeur", "Titre"}
    assert any(r[3] == "Ressource de la bibliothèque" for r in rows[1:])


def test_bad_requests_write_nothing(
    make_store: StoreFactory, clock: list[int], tmp_path: Path
) -> None:
    hq = _store(make_store, clock)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        export_audit(hq, date(2027, 3, 1), date(2027, 3, 31), tmp_path / "audit.txt")
    with pytest.raises(ValueError, match="swap --from and --to"):
        export_audit(hq, date(2027, 3, 31), date(2027, 3, 1), tmp_path / "audit.csv")
    with pytest.raises(ExportCancelled):
        export_audit(
            hq, date(2027, 3, 1), date(2027, 4, 30), tmp_path / "audit.xlsx", cancelled=lambda: True
        )
    assert list(tmp_path.iterdir()) == [], "no file and no stray partial file"


def test_a_long_xlsx_export_goes_on_in_further_sheets(
    make_store: StoreFactory, clock: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hq = _store(make_store, clock)
    monkeypatch.setattr("icati_desktop.reports.audit_export.SHEET_ROWS", 4)
    out = tmp_path / "audit.xlsx"
    summary = export_audit(hq, date(2027, 3, 1), date(2027, 4, 30), out)
    book = load_workbook(out, read_only=True)
    assert len(book.worksheets) == -(-summary.rows // 4) > 1
    assert book.worksheets[1].title == "Changes 2"
    rows = [r for sheet in book.worksheets for r in list(sheet.iter_rows(values_only=True))[1:]]
    book.close()
    assert len(rows) == summary.rows
