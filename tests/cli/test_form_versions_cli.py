"""`icati forms export / versions / diff / retire / crosswalk` as HQ staff use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyxform.xls2xform import convert

from icati_desktop.domain.forms import FormDefinition
from icati_desktop.store.forms import save_form
from icati_desktop.store.opening import open_store
from tests.cli.test_assessment_workflow_cli import icati, imported
from tests.formats.small_form import small_form_data


@pytest.fixture
def hq(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    directory = tmp_path / "hq"
    code, _, err = icati(capsys, directory, "init", "--role", "hq", "--name", "HQ")
    assert code == 0, err
    later = small_form_data("2")
    later["domains"][0]["elements"][1]["name"] = "legal_basis"  # law, renamed
    later["domains"][0]["elements"][0]["label"] = {"en": "Read this first"}  # intro
    store = open_store(directory)
    try:
        for data in (small_form_data("1"), later):
            save_form(store, FormDefinition.model_validate(data))
    finally:
        store.close()
    return directory


def test_the_default_form_exported_imports_back_as_the_very_same_version(
    hq: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ati.xlsx"
    code, data, err = icati(
        capsys, hq, "forms", "export", "ati-self-assessment", "--out", str(out), "--json"
    )
    assert code == 0, err
    assert (data["form_id"], data["version"], data["items"], data["out"]) == (
        "ati-self-assessment",
        "1",
        35,
        str(out),
    )
    convert(xlsform=str(out), warnings=[])  # pyxform takes it as KoboToolbox would

    _code, before, _ = icati(capsys, hq, "forms", "list", "--json")
    code, again, err = icati(capsys, hq, "forms", "import", str(out), "--json")
    assert code == 0, err  # the same content: not "already stored with different content"
    record = next(f["record_id"] for f in before if f["form_id"] == "ati-self-assessment")
    assert again["record_id"] == record
    assert icati(capsys, hq, "forms", "list", "--json")[1] == before

    for argv, message in (
        (["ati-self-assessment", "--out", str(tmp_path / "ati.xls")], "must end in .xlsx"),
        (["ati-self-assessment", "--out", str(tmp_path / "no" / "a.xlsx")], "no folder"),
        (["nope", "--out", str(tmp_path / "nope.xlsx")], "no form nope"),
        (["small", "--version", "9", "--out", str(tmp_path / "s.xlsx")], "version 9"),
    ):
        code, _, err = icati(capsys, hq, "forms", "export", *argv)
        assert code == 1, err
        assert message in err
        assert err.count("\n") == 1, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ati.xlsx", "hq"]


def test_versions_diff_and_retire(
    hq: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "v1.json"
    path.write_text(json.dumps({"form_id": "small", "version": "1", "answers": {"law": 2}}))
    imported(capsys, hq, path, "2025-03-04")

    code, versions, _ = icati(capsys, hq, "forms", "versions", "small", "--json")
    assert [(v["version"], v["retired"], v["assessments"]) for v in versions] == [
        ("1", False, 1),
        ("2", False, 0),
    ]

    code, diff, _ = icati(capsys, hq, "forms", "diff", "small", "1", "2", "--json")
    assert code == 0
    assert (diff["added"], diff["removed"], diff["relabelled"], diff["rules_changed"]) == (
        ["legal_basis"],
        ["law"],
        ["intro"],
        [],
    )
    assert diff["unchanged"] is False
    code, text, _ = icati(capsys, hq, "forms", "diff", "small", "1", "2")
    assert "items added: legal_basis" in text
    assert "items relabelled: intro" in text

    code, out, _ = icati(capsys, hq, "forms", "retire", "small", "1", "--json")
    assert (code, out["retired"]) == (0, True)
    code, _, err = icati(
        capsys, hq, "assessment", "import", str(path), "--country", "KEN", "--date", "2026-01-01"
    )
    assert code == 1
    assert "version 1 of form small is retired" in err
    code, text, _ = icati(capsys, hq, "forms", "versions", "small")
    assert text.splitlines()[0].startswith("1  retired  1 assessment")
    code, out, _ = icati(capsys, hq, "forms", "retire", "small", "1", "--undo", "--json")
    assert out["retired"] is False
    assert imported(capsys, hq, path, "2026-01-01")

    code, _, err = icati(capsys, hq, "forms", "versions", "nope")
    assert code == 1
    assert "icati forms list" in err


def test_the_crosswalk_is_read_mapped_and_unmapped(
    hq: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ("forms", "crosswalk", "small", "--from", "1", "--to", "2")
    code, out, _ = icati(capsys, hq, *base, "--json")
    assert out["edited"] is False
    assert {"earlier": "law", "later": None, "pairing": None} in out["pairs"]

    code, out, _ = icati(capsys, hq, *base, "--map", "law=legal_basis", "--json")
    assert code == 0
    assert out["edited"] is True
    assert {"earlier": "law", "later": "legal_basis", "pairing": "crosswalk"} in out["pairs"]
    code, text, _ = icati(capsys, hq, *base)
    assert "law → legal_basis  (crosswalk)" in text
    code, _, _ = icati(capsys, hq, "forms", "versions", "small")

    code, out, _ = icati(capsys, hq, *base, "--unmap", "law", "--json")
    assert {"earlier": "law", "later": None, "pairing": None} in out["pairs"]
    assert out["edited"] is True  # an edited, now empty, crosswalk

    for bad, message in (
        (["--map", "law"], "EARLIER=LATER"),
        (["--map", "nope=legal_basis"], "nope is not an item of version 1"),
        (["--unmap", "intro"], "not in the crosswalk"),
    ):
        code, _, err = icati(capsys, hq, *base, *bad)
        assert code == 1, err
        assert message in err
    code, _, err = icati(
        capsys, hq, "forms", "crosswalk", "small", "--from", "2", "--to", "1", "--map", "a=b"
    )
    assert code == 1
    assert "--from names the earlier version" in err
