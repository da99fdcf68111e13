"""`icati search` end to end: issue 12's examples on a freshly set-up store, each hit by
its name in the asked language, and one clear line for a query with nothing to search."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from icati_desktop.cli import main


def search(capsys: pytest.CaptureFixture[str], data: Path, *argv: str) -> dict[str, Any]:
    code = main(["--data-dir", str(data), "search", *argv, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


def titles(result: dict[str, Any], kind: str) -> list[str]:
    return [hit["title"] for g in result["groups"] if g["type"] == kind for hit in g["hits"]]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("search") / "field"
    assert main(["--data-dir", str(folder), "init", "--role", "field", "--name", "Amina"]) == 0
    return folder


@pytest.mark.parametrize(
    ("query", "language", "shown"),
    [("Kenya", "en", "Kenya"), ("Kenia", "fr", "Kenya"), ("كينيا", "ar", "كينيا")],
)
def test_a_country_is_found_by_name_and_shown_in_the_asked_language(
    capsys: pytest.CaptureFixture[str], data: Path, query: str, language: str, shown: str
) -> None:
    result = search(capsys, data, query, "--lang", language, "--type", "country")
    assert result["language"] == language
    assert [g["type"] for g in result["groups"]] == ["country"]
    assert titles(result, "country") == [shown]


def test_the_topic_and_arabic_examples_find_the_court_resources(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    court = set(titles(search(capsys, data, "court", "--type", "resource"), "resource"))
    assert len(court) >= 3
    french = search(capsys, data, "toxicomanie", "--lang", "fr")
    assert court <= set(titles(french, "resource"))
    assert "Bibliothèque" in [g["label"] for g in french["groups"]]
    snippet = french["groups"][0]["hits"][0]
    start, end = snippet["matches"][0]
    assert snippet["snippet"][start:end].lower() == "toxicomanie"
    arabic = search(capsys, data, "محكمة", "--lang", "ar", "--type", "resource")
    assert set(titles(arabic, "resource")) == court
    assert arabic["groups"][0]["label"] == "المكتبة"
    assert titles(search(capsys, data, "محكمه", "--type", "resource"), "resource")  # taa folded


def test_nothing_found_says_so_in_the_text_output(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    assert main(["--data-dir", str(data), "search", "zzqxv", "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Aucun résultat pour")
    assert "zzqxv" in out
    assert out.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "said"), [(["  "], "at least one word"), (["x", "--limit", "0"], "--limit")]
)
def test_bad_input_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], data: Path, argv: list[str], said: str
) -> None:
    code = main(["--data-dir", str(data), "search", *argv])
    _out, err = capsys.readouterr()
    assert code == 1
    assert err.count("\n") == 1
    assert said in err
