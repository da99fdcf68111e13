"""The import pipeline on both engines: one transaction, duplicates found, re-import idle."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from icati_desktop.domain.directory import ConsentRecord, Person
from icati_desktop.formats.spreadsheet import read_table
from icati_desktop.reports.people_export import export_people
from icati_desktop.store.imports.kinds import KINDS
from icati_desktop.store.imports.model import Context
from icati_desktop.store.imports.run import run_import
from icati_desktop.store.people import PeopleQuery, count_people
from icati_desktop.store.people_writes import save_person
from tests.imports.stakeholders import stakeholders, write_csv
from tests.store.helpers import StoreFactory

TODAY = date(2026, 6, 1)


def count(store: object) -> int:
    with store.read() as session:  # type: ignore[attr-defined]
        return count_people(session, PeopleQuery())


def test_people_import_on_both_engines(make_store: StoreFactory, tmp_path: Path) -> None:
    store = make_store()
    consent = ConsentRecord.model_validate({
        "person_id": "00000000-0000-0000-0000-000000000000", "given": True,
        "scope": "share_with_partners", "decided_on": date(2026, 1, 5), "method": "email",
        "notice_version": "2", "recorded_by": "test",
    })  # fmt: skip
    rid = save_person(
        store,
        Person(display_name="Ángela Suárez", country="COL", organisation_name="Rama Judicial"),
        emails=["angela@rama.example.co"],
        consent=consent,
        on=TODAY,
    )
    rows = stakeholders(60)
    rows[5] = {**rows[5], "name": "ÁNGELA SUÁREZ", "organisation": "rama judicial", "email": ""}
    rows[9] = {**rows[9], "email": "Angela@Rama.example.co"}
    sheet = write_csv(tmp_path / "list.csv", rows)
    result = run_import(store, KINDS["people"], read_table(sheet), Context(today=TODAY))
    assert [(p.row, p.column) for p in result.problems] == [(7, "name"), (11, "email")]
    assert not result.stored
    assert count(store) == 1

    del rows[9], rows[5]
    result = run_import(store, KINDS["people"], read_table(write_csv(sheet, rows)), Context(TODAY))
    assert (result.added, result.stored) == (58, True)
    export = tmp_path / "people.xlsx"
    export_people(store, export)
    again = run_import(store, KINDS["people"], read_table(export), Context(TODAY))
    assert (again.added, again.changed, again.skipped) == (0, 0, 59)
    assert count(store) == 59

    rows_of_export = read_table(export)
    assert any(row.cells[0] == rid for row in rows_of_export.rows)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_dialects_and_encodings_read_alike(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "x.csv"
    text = delimiter.join(["name", "role"]) + "\n" + delimiter.join(["Lucía Pérez", "'=juge"])
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "cp1252"):
        path.write_bytes(text.encode(encoding))
        table = read_table(path)
        assert table.headers == ("name", "role")
        assert table.rows[0].cells == ("Lucía Pérez", "=juge")
        assert table.rows[0].number == 2


def test_a_failure_while_writing_stores_nothing(
    make_store: StoreFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import icati_desktop.store.imports.write as write

    store = make_store()
    sheet = write_csv(tmp_path / "list.csv", stakeholders(40))
    real = write.add_versions

    def full_disk(session: object, versions: list[object]) -> object:
        real(session, versions[:20])  # type: ignore[arg-type]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write, "add_versions", full_disk)
    with pytest.raises(OSError, match="No space left"):
        run_import(store, KINDS["people"], read_table(sheet), Context(TODAY))
    assert count(store) == 0
    monkeypatch.setattr(write, "add_versions", real)
    assert run_import(store, KINDS["people"], read_table(sheet), Context(TODAY)).added == 40
    assert count(store) == 40
