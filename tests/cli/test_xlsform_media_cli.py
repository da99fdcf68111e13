"""`icati forms import FORM.xlsx --media DIR` for forms whose choices are in files, and
`icati assessment import` of an ODK Central export without `--form`."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from icati_desktop.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "data" / "xlsforms"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def hq(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    directory = tmp_path / "hq"
    code, _, err = run(capsys, "--data-dir", str(directory), "init", "--role", "hq", "--name", "HQ")
    assert code == 0, err
    return directory


def test_a_form_with_choices_in_files_imports_with_its_media_folder(
    hq: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = str(CORPUS / "facility_check_external.xlsx")
    base = ("--data-dir", str(hq), "forms", "import", form)
    code, out, err = run(capsys, *base, "--json")
    assert code == 1
    problems = json.loads(out)["problems"]
    assert {(p["row"], p["column"]) for p in problems} == {(2, "type"), (3, "type"), (5, "type")}
    assert "--media" in problems[0]["message"]
    assert "nothing was imported" in err

    code, _, err = run(capsys, *base, "--media", str(tmp_path / "nowhere"))
    assert code == 1
    assert "no folder" in err

    code, out, err = run(capsys, *base, "--media", str(CORPUS / "media"), "--json")
    assert code == 0, err
    assert (json.loads(out)["form_id"], json.loads(out)["choice_lists"]) == ("facility-check", 3)

    # Out again for a partner: the workbook, and its choice files beside it.
    partner = tmp_path / "partner"
    partner.mkdir()
    out_file = partner / "facility.xlsx"
    export = ("--data-dir", str(hq), "forms", "export", "facility-check", "--out", str(out_file))
    code, out, err = run(capsys, *export, "--json")
    assert code == 0, err
    assert json.loads(out)["media"] == [
        str(partner / "districts.xml"),
        str(partner / "facilities.csv"),
    ]
    assert sorted(p.name for p in partner.iterdir()) == [
        "districts.xml",
        "facilities.csv",
        "facility.xlsx",
    ]
    code, out, err = run(capsys, *export)
    assert "upload them with the form" in out
    # The same content comes back: the stored version, not a conflicting one.
    code, out, err = run(
        capsys, "--data-dir", str(hq), "forms", "import", str(out_file), "--media", str(partner)
    )
    assert code == 0, err


def csv_text(rows: list[list[str]]) -> str:
    text = io.StringIO(newline="")
    csv.writer(text).writerows(rows)
    return text.getvalue()


def test_an_odk_central_zip_finds_its_form_without_being_told(
    hq: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "--data-dir", str(hq), "forms", "import", str(CORPUS / "site_visits_repeat.xlsx")
    )
    assert code == 0, err
    main_table = [
        ["SubmissionDate", "n_sites", "total_staff", "SET-OF-sites", "KEY", "FormVersion"],
        ["2026-03-04T10:00:00.000Z", "1", "6", "uuid:a/sites", "uuid:a", "3"],
    ]
    sites = [
        ["sites/site_name", "sites/staff", "sites/has_case_manager", "PARENT_KEY", "KEY"],
        ["Nairobi", "6", "no", "uuid:a", "k1"],
    ]
    export = tmp_path / "site_visits.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("site_visits.csv", csv_text(main_table))
        archive.writestr("site_visits-sites.csv", csv_text(sites))
    base = ("--data-dir", str(hq), "assessment", "import", str(export), "--country", "KEN")
    code, out, err = run(capsys, *base, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["form_id"], data["form_version"], len(data["imported"])) == ("site-visits", "3", 1)

    main_table[1][2] = "60"  # a total the answers do not give
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("site_visits.csv", csv_text(main_table))
        archive.writestr("site_visits-sites.csv", csv_text(sites))
    code, out, err = run(capsys, *base, "--json")
    assert code == 1
    [problem] = json.loads(out)["problems"]
    assert problem.startswith("row 2: total_staff: the file says '60' but the form computes '6'")
