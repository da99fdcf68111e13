"""`icati people`: add, list, show, export, dossier, withdraw-consent and erase, end to end."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from icati_desktop.cli import main

EMAIL = "amina.odhiambo@probation.example.ke"


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


def add(capsys: pytest.CaptureFixture[str], data: Path, *extra: str) -> str:
    code, out, err = run(capsys, "--data-dir", str(data), "--json", "people", "add", *extra)
    assert code == 0, err
    return str(json.loads(out)["person_id"])


def test_a_person_with_consent_is_listed_exported_and_withdrawn(
    laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", str(laptop)]
    amina = add(
        capsys,
        laptop,
        "--name",
        "Amina Odhiambo",
        "--role",
        "Head of probation",
        "--sector",
        "justice",
        "--country",
        "ken",
        "--stage",
        "post_sentence",
        "--decision-authority",
        "--email",
        EMAIL,
        "--consent",
        "share_with_partners",
        "--consent-date",
        "2026-03-02",
        "--notice-version",
        "2026-01",
    )
    add(capsys, laptop, "--name", "Luis Pérez", "--country", "COL", "--sector", "health")

    code, out, _ = run(capsys, *d, "--json", "people", "list", "--country", "KEN")
    listed = json.loads(out)
    assert code == 0
    assert listed["total"] == 1
    assert listed["people"][0]["emails"] == [EMAIL]
    assert listed["people"][0]["stages"] == ["post_sentence"]

    xlsx = tmp_path / "people.xlsx"
    code, out, _ = run(capsys, *d, "--json", "people", "export", "--out", str(xlsx))
    assert code == 0
    assert json.loads(out)["people"] == 2
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    rows = {r[1]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Amina Odhiambo"][9] == EMAIL
    assert rows["Luis Pérez"][9] is None

    code, out, _ = run(capsys, *d, "--json", "people", "withdraw-consent", amina)
    assert code == 0
    assert json.loads(out) == {"consents_withdrawn": 1, "contacts_erased": 1}
    code, out, _ = run(capsys, *d, "--json", "people", "show", amina)
    shown = json.loads(out)
    assert shown["contact"] is None
    assert shown["consents"][0]["withdrawn_on"]
    code, out, _ = run(capsys, *d, "--json", "people", "list")
    assert EMAIL not in out
    csv_file = tmp_path / "people.csv"
    assert run(capsys, *d, "people", "export", "--out", str(csv_file))[0] == 0
    text = csv_file.read_text(encoding="utf-8-sig")
    assert "Amina Odhiambo" in text
    assert EMAIL not in text
    assert next(csv.reader(text.splitlines()))[0] == "person_id"

    # Withdrawing twice is refused in one line and changes nothing.
    code, _, err = run(capsys, *d, "people", "withdraw-consent", amina)
    assert code != 0
    assert len(err.strip().splitlines()) == 1
    assert "no consent" in err


def test_dossier_then_erasure(
    laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", str(laptop)]
    pid = add(
        capsys,
        laptop,
        "--name",
        "Amina Odhiambo",
        "--email",
        EMAIL,
        "--consent",
        "store_only",
        "--recorded-by",
        "Expert A",
    )
    out_file = tmp_path / "amina.json"
    code, _, err = run(capsys, *d, "people", "dossier", pid, "--out", str(out_file))
    assert code == 0, err
    dossier = json.loads(out_file.read_text(encoding="utf-8"))
    assert dossier["person"]["display_name"] == "Amina Odhiambo"
    assert dossier["contact"]["emails"] == [EMAIL]
    assert dossier["consents"][0]["history"][0]["consent"]["recorded_by"] == "Expert A"

    code, _, err = run(capsys, *d, "people", "erase", pid)
    assert code != 0
    assert "--yes" in err
    assert run(capsys, *d, "--json", "people", "list")[1].count("Amina") == 1
    code, out, _ = run(capsys, *d, "--json", "people", "erase", pid, "--yes")
    assert code == 0
    assert json.loads(out)["contacts_erased"] == 1
    code, out, _ = run(capsys, *d, "--json", "people", "list")
    assert json.loads(out)["total"] == 0
    code, _, err = run(capsys, *d, "people", "show", pid)
    assert code != 0
    assert "erased" in err
    code, out, _ = run(capsys, *d, "--json", "db", "check")
    assert code == 0, out
    assert json.loads(out)["redacted_versions"] == 2  # the person and the contact as written


def test_bad_input_is_one_line_and_changes_nothing(
    laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--data-dir", str(laptop)]
    code, _, err = run(
        capsys,
        *d,
        "people",
        "add",
        "--name",
        "X",
        "--email",
        "not-an-email",
        "--consent",
        "store_only",
    )
    assert code != 0
    assert len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, *d, "people", "add", "--name", "X", "--email", "x@example.org")
    assert code != 0
    assert "consent" in err
    code, _, err = run(capsys, *d, "people", "list", "--country", "XXX")
    assert code != 0
    assert "XXX" in err
    code, _, err = run(capsys, *d, "people", "export", "--out", str(tmp_path / "p.pdf"))
    assert code != 0
    assert ".xlsx" in err
    assert not (tmp_path / "p.pdf").exists()
    code, out, _ = run(capsys, *d, "--json", "people", "list")
    assert json.loads(out)["total"] == 0
