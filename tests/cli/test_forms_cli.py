"""`icati forms import` and `icati forms list` as central staff use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icati_desktop.cli import main
from tests.formats.xlsforms import (
    PROBATION_CHOICES,
    PROBATION_SETTINGS,
    PROBATION_SURVEY,
    SHARED,
    broken_form,
    probation_form,
    write_workbook,
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def init(capsys: pytest.CaptureFixture[str], directory: Path, role: str) -> Path:
    code, _, err = run(capsys, "--data-dir", str(directory), "init", "--role", role, "--name", "X")
    assert code == 0, err
    return directory


def listed(capsys: pytest.CaptureFixture[str], directory: Path) -> list[tuple[str, str]]:
    code, out, err = run(capsys, "forms", "list", "--data-dir", str(directory), "--json")
    assert code == 0, err
    return [(f["form_id"], f["version"]) for f in json.loads(out)]


def test_hq_imports_a_form_and_lists_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hq = init(capsys, tmp_path / "hq", "hq")
    path = probation_form(tmp_path)

    code, out, err = run(capsys, "forms", "import", str(path), "--data-dir", str(hq), "--dry-run")
    assert code == 0, err
    assert "probation-check version 2.1" in out
    assert "2 domains, 8 items, 2 choice lists" in out
    assert listed(capsys, hq) == [("ati-self-assessment", "1")]

    code, out, err = run(capsys, "forms", "import", str(path), "--data-dir", str(hq), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["form_id"], data["version"], data["domains"], data["items"]) == (
        "probation-check",
        "2.1",
        2,
        8,
    )
    assert data["record_id"]
    assert listed(capsys, hq) == [("ati-self-assessment", "1"), ("probation-check", "2.1")]
    code, out, _ = run(capsys, "forms", "list", "--data-dir", str(hq))
    assert "probation-check  2.1  Probation readiness" in out


def test_a_rejected_workbook_prints_every_problem_and_stores_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hq = init(capsys, tmp_path / "hq", "hq")
    code, out, err = run(
        capsys, "forms", "import", str(broken_form(tmp_path)), "--data-dir", str(hq)
    )
    assert code == 1
    lines = out.splitlines()
    assert "survey row 3, column type: media questions are not supported: 'image'" in lines[0]
    assert any(line.startswith("choices row 2, column image:") for line in lines)
    assert err.count("\n") == 1
    assert f"{len(lines)} problems" in err
    assert listed(capsys, hq) == [("ati-self-assessment", "1")]

    code, out, _ = run(
        capsys,
        "forms",
        "import",
        str(SHARED / "loop.xlsx"),
        "--data-dir",
        str(hq),
        "--json",
    )
    assert code == 1
    problems = json.loads(out)["problems"]
    assert [(p["sheet"], p["row"], p["column"]) for p in problems] == [
        ("survey", 3, "type"),
        ("survey", 5, "type"),
    ]
    assert "loop is not supported" in problems[0]["message"]
    assert "use a repeat" in problems[0]["message"]


def test_a_field_device_is_told_forms_come_from_the_central_office(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    field = init(capsys, tmp_path / "field", "field")
    code, _, err = run(
        capsys, "forms", "import", str(probation_form(tmp_path)), "--data-dir", str(field)
    )
    assert code == 1
    assert "central office" in err
    assert err.count("\n") == 1
    assert listed(capsys, field) == [("ati-self-assessment", "1")]


def test_changed_content_under_the_same_version_asks_for_a_new_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hq = init(capsys, tmp_path / "hq", "hq")
    first = probation_form(tmp_path)
    assert run(capsys, "forms", "import", str(first), "--data-dir", str(hq))[0] == 0
    survey = [list(row) for row in PROBATION_SURVEY]
    survey[2][2] = "A law provides for probation and parole"
    changed = write_workbook(
        tmp_path / "changed.xlsx",
        {"survey": survey, "choices": PROBATION_CHOICES, "settings": PROBATION_SETTINGS},
    )
    code, _, err = run(capsys, "forms", "import", str(changed), "--data-dir", str(hq))
    assert code == 1
    assert "version 2.1 is already stored with different content" in err
    code, _, err = run(
        capsys, "forms", "import", str(tmp_path / "none.xlsx"), "--data-dir", str(hq)
    )
    assert code == 1
    assert "no file" in err
