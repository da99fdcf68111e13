"""`icati report assessment`: a stored assessment printed as a PDF, end to end."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from icati_desktop.cli import main
from icati_desktop.domain.assessments import Answer
from icati_desktop.domain.directory import Organisation, Person, Sector
from icati_desktop.reports import assessment_report
from icati_desktop.store.assessments import NewAssessment, create_assessments
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService

pytestmark = pytest.mark.usefixtures("qapp")  # the report needs a QGuiApplication

SCORES = {
    "d1_law_allows_treatment": 1,
    "d1_strategy_names_ati": 2,
    "d1_safeguards_defined": 1,
    "d2_steering_committee": 2,
    "d2_interagency_mous": 1,
    "d2_justice_support": 2,
    "d2_basics_webinars": 3,
    "d3_pre_arrest": 2,
    "d3_pre_trial": 1,
    "d3_court": 0,
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture
def stored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    """A central-office device (it may add organisations) with one assessment of Kenya."""
    data = tmp_path / "hq"
    code, _, err = run(capsys, "--data-dir", str(data), "init", "--role", "hq", "--name", "HQ")
    assert code == 0, err
    store = open_store(data)
    try:
        records = RecordService(store)
        person = records.create(
            Person(display_name="Wanjiru Kamau", country="KEN", organisation_name="Judiciary")
        )
        ministry = records.create(
            Organisation(name="Ministry of Interior", country="KEN", sector=Sector.JUSTICE)
        )
        spec = NewAssessment(
            country="KEN",
            assessed_on=date(2026, 5, 4),
            participant_ids=[person.record_id, ministry.record_id],
            participant_names=["2 county officials"],
            answers={name: Answer(value=score) for name, score in SCORES.items()},
        )
        [assessment_id] = create_assessments(store, [spec])
    finally:
        store.close()
    return data, assessment_id


def test_report_in_french(
    stored: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, assessment_id = stored
    out = tmp_path / "rapport kenya.pdf"
    code, stdout, err = run(
        capsys, "--data-dir", str(data), "report", "assessment", assessment_id,
        "--out", str(out), "--lang", "fr", "--json",
    )  # fmt: skip
    assert code == 0, err
    summary = json.loads(stdout)
    pages, text = pdf_text(out)
    assert summary == {"ok": True, "out": str(out), "pages": pages, "language": "fr"}
    assert pages >= 3
    assert "Kenya" in text
    assert "4 mai 2026" in text
    assert "Cadre juridique et politique" in text  # D1's French title
    assert "Wanjiru Kamau, Judiciary" in text
    assert "Ministry of Interior" in text
    assert "2 county officials" in text


def test_report_language_defaults_to_the_desktop_apps(
    stored: tuple[Path, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data, assessment_id = stored
    monkeypatch.setattr(assessment_report, "configured_language", lambda: "fr")
    out = tmp_path / "default.pdf"
    code, stdout, err = run(
        capsys, "--data-dir", str(data), "report", "assessment", assessment_id, "--out", str(out)
    )
    assert code == 0, err
    pages, text = pdf_text(out)
    assert f"({pages} pages)" in stdout
    assert "Leadership et coordination" in text


def test_bad_requests_fail_with_one_line_and_write_nothing(
    stored: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, assessment_id = stored
    base = ["--data-dir", str(data), "report", "assessment"]

    code, _, err = run(capsys, *base, "no-such-id", "--out", str(tmp_path / "x.pdf"))
    assert code == 1
    assert err.count("\n") == 1
    assert "icati assessment list" in err

    code, _, err = run(capsys, *base, assessment_id, "--out", str(tmp_path / "x.docx"))
    assert code == 1
    assert "--out must end in .pdf" in err

    code, _, err = run(capsys, *base, assessment_id, "--out", str(tmp_path / "no" / "x.pdf"))
    assert code == 1
    assert "does not exist" in err

    with pytest.raises(SystemExit):  # argparse lists the supported languages
        main([*base, assessment_id, "--out", str(tmp_path / "x.pdf"), "--lang", "de"])
    assert "invalid choice: 'de'" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hq"]
