"""`icati indicators` and `icati report outcomes`, end to end on a seeded central store."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from icati_desktop.cli import main
from icati_desktop.store.opening import open_store
from tests.reports.test_assessment_pdf import arabic_words, has_words
from tests.store.outcome_seed import seed_outcomes

pytestmark = pytest.mark.usefixtures("qapp")  # the PDF needs a QGuiApplication
PERIOD = ("--from", "2026-01-01", "--to", "2026-03-31")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def hq(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "hq"
    code, _out, err = run(capsys, "--data-dir", str(data), "init", "--role", "hq", "--name", "HQ")
    assert code == 0, err
    store = open_store(data)
    try:
        seed_outcomes(store)
    finally:
        store.close()
    return data


def test_indicators_as_json_with_targets_rows_and_records(
    hq: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--data-dir", str(hq), "indicators", *PERIOD, "--json")
    assert code == 0, err
    data = json.loads(out)
    found = {i["key"]: i for i in data["indicators"]}
    assert found["email_network"]["value"] == "1"
    assert found["email_network"]["target"] == "200"
    assert found["email_network"]["met"] is False
    added = found["members_added"]
    assert added["value"] == "2"
    africa = next(r for r in added["rows"] if r["key"] == "Africa")
    assert africa["label"] == "Africa"
    assert africa["target"] == "20"
    assert len(africa["records"]) == 2
    assert found["monthly_meetings"]["value"] == "2"
    assert data["national"] == []


def test_one_country_adds_its_national_outcomes_in_french(
    hq: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys,
        "--data-dir",
        str(hq),
        "indicators",
        *PERIOD,
        "--country",
        "ken",
        "--lang",
        "fr",
        "--json",
    )
    assert code == 0, err
    data = json.loads(out)
    national = {i["key"]: i for i in data["national"]}
    assert national["networks"]["value"] == "2"
    assert national["networks"]["title"] == "Participation à des réseaux de soutien"
    # Kenya's own figures, without the network's and regions' targets (as on the screen).
    added = next(i for i in data["indicators"] if i["key"] == "members_added")
    assert (added["value"], added["target"], added["met"]) == ("1", None, None)
    assert added["target_left_out"] is True
    assert [(r["key"], r["value"], r["target"]) for r in added["rows"]] == [("Africa", "1", None)]
    code, out, err = run(capsys, "--data-dir", str(hq), "indicators", *PERIOD, "--country", "KEN")
    assert code == 0, err
    assert "Member countries added: 1 (No target for one country)" in out


def test_bad_options_fail_with_one_line(hq: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ("--data-dir", str(hq), "indicators")
    for argv, words in (
        (("--from", "2026-13-01"), "not a date"),
        (("--from", "2026-03-01", "--to", "2026-01-01"), "before --from"),
        (("--region", "Atlantis"), "unknown region"),
        (("--country", "XXX"), "not a country of this store"),
    ):
        code, _out, err = run(capsys, *base, *argv)
        assert code != 0
        assert words in err
        assert len(err.strip().splitlines()) == 1


def pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ("ICATI outcomes", "Email network participants", "Africa")),
        ("ar", ("النتائج العالمية وأهدافها", "المشاركون في شبكة البريد الإلكتروني", "أفريقيا")),
    ],
)
def test_outcomes_pdf(
    hq: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    language: str,
    words: tuple[str, ...],
) -> None:
    out = tmp_path / f"outcomes-{language}.pdf"
    code, printed, err = run(
        capsys,
        "--data-dir",
        str(hq),
        "report",
        "outcomes",
        *PERIOD,
        "--out",
        str(out),
        "--lang",
        language,
        "--json",
    )
    assert code == 0, err
    pages, text = pdf_text(out)
    assert json.loads(printed)["pages"] == pages
    assert pages >= 3
    if language == "ar":  # extracted in visual order: compare each word's letters
        found = arabic_words(text)
        for phrase in words:
            assert has_words(phrase, found), phrase
    else:
        for phrase in words:
            assert phrase in text
    assert not list(tmp_path.glob(".*partial"))


def test_outcomes_xlsx_reads_back(
    hq: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "outcomes.xlsx"
    code, _printed, err = run(
        capsys,
        "--data-dir",
        str(hq),
        "report",
        "outcomes",
        *PERIOD,
        "--out",
        str(out),
        "--region",
        "Africa",
    )
    assert code == 0, err
    book = load_workbook(out)
    assert book.sheetnames == ["Outcomes", "Breakdown", "Records"]
    figures = {row[0]: row for row in book["Outcomes"].iter_rows(min_row=2, values_only=True)}
    assert figures["Member countries added"][1] == 2
    assert figures["Email network participants"][1:3] == (1, 200)
    assert figures["Email network participants"][6] == "Africa"


def test_report_refuses_another_suffix_and_writes_nothing(
    hq: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(
        capsys, "--data-dir", str(hq), "report", "outcomes", "--out", str(tmp_path / "x.docx")
    )
    assert code != 0
    assert ".pdf or .xlsx" in err
    assert not list(tmp_path.glob("x*"))
