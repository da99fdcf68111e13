"""`icati assessment places`: the places recorded by geopoint items, as the Atlas shows them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from icati_desktop.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "data" / "xlsforms"


def icati(capsys: pytest.CaptureFixture[str], data: Path, *argv: str) -> tuple[int, Any, str]:
    code = main(["--data-dir", str(data), *argv])
    out, err = capsys.readouterr()
    try:
        return code, json.loads(out), err
    except json.JSONDecodeError:
        return code, out, err


def answered(tmp_path: Path, name: str, answers: dict[str, object]) -> Path:
    path = tmp_path / f"{name}.json"
    body = {"form_id": "intake", "version": "2024-06-12", "answers": answers}
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


@pytest.fixture
def hq(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "hq"
    assert icati(capsys, data, "init", "--role", "hq", "--name", "HQ")[0] == 0
    code, _, err = icati(capsys, data, "forms", "import", str(CORPUS / "trilingual_intake.xlsx"))
    assert code == 0, err
    return data


def test_places_lists_each_answered_geopoint_with_its_label_and_country(
    hq: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = icati(capsys, hq, "assessment", "places")
    assert code == 0
    assert "no places recorded" in out

    nairobi = answered(tmp_path, "ken", {"office_location": "-1.2921 36.8219 1650 5"})
    unanswered = answered(tmp_path, "col", {"programme": "Treatment court"})
    for path, country in ((nairobi, "KEN"), (unanswered, "COL")):
        code, _, err = icati(
            capsys, hq, "assessment", "import", str(path), "--country", country,
            "--date", "2026-03-04",
        )  # fmt: skip
        assert code == 0, err

    code, places, err = icati(capsys, hq, "assessment", "places", "--lang", "fr", "--json")
    assert code == 0, err
    assert [
        (p["country"], p["country_name"], p["label"], p["latitude"], p["longitude"]) for p in places
    ] == [("KEN", "Kenya", "Emplacement du bureau de probation", "-1.2921", "36.8219")]

    code, text, _ = icati(capsys, hq, "assessment", "places", "--lang", "fr")
    assert "-1,2921°, 36,8219°" in text
    assert text.rstrip().endswith("1 place")
    assert icati(capsys, hq, "assessment", "places", "--country", "COL", "--json")[1] == []

    code, _, err = icati(capsys, hq, "assessment", "places", "--country", "XXX")
    assert code != 0
    assert len(err.strip().splitlines()) == 1
    assert "XXX" in err
