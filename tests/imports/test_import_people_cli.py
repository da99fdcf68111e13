"""`icati import people`: a 500-row stakeholder list, refused with every problem, then imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icati_desktop.cli import main
from tests.imports.stakeholders import stakeholders, write_csv


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def laptop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "laptop"
    code, _, err = run(capsys, "--data-dir", str(data), "init", "--role", "field", "--name", "A")
    assert code == 0, err
    return data


def total(capsys: pytest.CaptureFixture[str], data: Path) -> int:
    code, out, err = run(capsys, "--data-dir", str(data), "--json", "people", "list")
    assert code == 0, err
    return int(json.loads(out)["total"])


def test_a_stakeholder_list_with_bad_rows_is_refused_then_imported_and_reimported_unchanged(
    laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", str(laptop)]
    code, _, err = run(
        capsys, *d, "people", "add", "--name", "Grace Kamau",
        "--organisation", "Judiciary of Kenya", "--country", "KEN",
        "--email", "grace.kamau@judiciary.example.ke", "--consent", "share_with_partners",
    )  # fmt: skip
    assert code == 0, err
    rows = stakeholders(500)
    good = [dict(r) for r in rows]
    rows[41]["country"] = ""  # sheet row 43
    rows[99]["email"] = "peter.otieno(at)example.org"  # row 101
    rows[250]["sector"] = "judiciary"  # row 252
    rows[300] = dict(rows[10])  # row 302 repeats row 12
    rows[420]["email"] = "GRACE.KAMAU@judiciary.example.ke"  # already in the directory
    sheet = write_csv(tmp_path / "stakeholders.csv", rows, delimiter=";")

    code, out, err = run(capsys, *d, "import", "people", str(sheet))
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[-1] == (
        "icati: 5 problems in stakeholders.csv: nothing was imported; correct them and import again"
    )
    assert lines[0].startswith("row 43, country: the country is missing")
    assert lines[1].startswith("row 101, email: 'peter.otieno(at)example.org' is not an email")
    assert lines[2].startswith("row 252, sector: 'judiciary' is not one of the known values")
    assert "Justice" in lines[2]
    assert lines[3] == "row 302, email: the same person as row 12; keep one of the two rows"
    assert lines[4].startswith("row 422, email: already in the directory as Grace Kamau")
    assert total(capsys, laptop) == 1

    code, out, err = run(capsys, *d, "--json", "import", "people", str(sheet))
    assert code == 1
    assert len(json.loads(out)["problems"]) == 5

    fixed = write_csv(tmp_path / "fixed.csv", good)
    code, out, err = run(capsys, *d, "--json", "import", "people", str(fixed), "--dry-run")
    assert code == 0, err
    assert json.loads(out)["added"] == 500
    assert json.loads(out)["stored"] is False
    assert total(capsys, laptop) == 1

    code, out, err = run(capsys, *d, "--json", "import", "people", str(fixed))
    assert code == 0, err
    result = json.loads(out)
    assert (result["added"], result["changed"], result["skipped"]) == (500, 0, 0)
    assert "500 people's emails or phones were not stored" in result["notes"][0]
    assert total(capsys, laptop) == 501

    for suffix in ("xlsx", "csv"):
        export = tmp_path / f"people.{suffix}"
        code, _, err = run(capsys, *d, "people", "export", "--out", str(export))
        assert code == 0, err
        code, out, err = run(capsys, *d, "--json", "import", "people", str(export))
        assert code == 0, err
        result = json.loads(out)
        assert (result["added"], result["changed"], result["skipped"]) == (0, 0, 501)
    assert total(capsys, laptop) == 501


def test_an_edited_export_writes_new_versions_of_the_changed_rows_only(
    laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    d = ["--data-dir", str(laptop)]
    code, _, err = run(
        capsys, *d, "import", "people", str(write_csv(tmp_path / "a.csv", stakeholders(3)))
    )
    assert code == 0, err
    export = tmp_path / "people.xlsx"
    assert run(capsys, *d, "people", "export", "--out", str(export))[0] == 0
    book = load_workbook(export)
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("role") + 1, value="=Chief magistrate")
    sheet.cell(row=2, column=header.index("role") + 1).data_type = "s"
    book.save(export)
    code, out, err = run(capsys, *d, "--json", "import", "people", str(export))
    assert code == 0, err
    assert (json.loads(out)["changed"], json.loads(out)["skipped"]) == (1, 2)
    person = json.loads(out)["record_ids"][0]
    code, out, err = run(capsys, *d, "--json", "people", "show", person)
    assert json.loads(out)["person"]["role"] == "=Chief magistrate"


def test_headers_in_french_and_a_missing_column_are_read_or_named(
    laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", str(laptop)]
    french = tmp_path / "fr.csv"
    french.write_text("Nom;Organisation;Pays;Secteur\nAwa Diallo;Tribunal;KEN;Justice\n", "cp1252")
    code, out, err = run(capsys, *d, "--json", "import", "people", str(french))
    assert code == 0, err
    assert json.loads(out)["added"] == 1
    no_country = tmp_path / "nc.csv"
    no_country.write_text("name\nAwa\n", "utf-8")
    code, out, err = run(capsys, *d, "import", "people", str(no_country))
    assert code == 1
    assert err.splitlines()[0].startswith("the file has no column country (Country)")
    code, out, err = run(capsys, *d, "import", "people", str(tmp_path / "nothing.xlsx"))
    assert (code, err.strip()) == (1, f"icati: no file {tmp_path / 'nothing.xlsx'}; check the name")


def test_a_sheet_with_fewer_columns_changes_only_those(
    laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", str(laptop)]
    code, out, err = run(
        capsys, *d, "--json", "people", "add", "--name", "Amina Odhiambo", "--country", "KEN",
        "--sector", "justice", "--decision-authority", "--organisation", "Probation",
    )  # fmt: skip
    assert code == 0, err
    person = json.loads(out)["person_id"]
    sheet = tmp_path / "roles.csv"
    sheet.write_text(f"person_id,name,country,role\n{person},Amina Odhiambo,KEN,Director\n")
    code, out, err = run(capsys, *d, "--json", "import", "people", str(sheet))
    assert code == 0, err
    assert json.loads(out)["changed"] == 1
    code, out, err = run(capsys, *d, "--json", "people", "show", person)
    shown = json.loads(out)["person"]
    assert (shown["role"], shown["sector"], shown["decision_authority"]) == (
        "Director", "justice", True,
    )  # fmt: skip
    assert json.loads(out)["organisation"] == "Probation"
