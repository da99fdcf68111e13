"""`icati report country ISO3 --kind brief|report`: a country's mission brief and mission
report printed from the command line, end to end, and bad requests refused in one line."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.sync.device_setup import initialise_device
from tests.cli.test_report_cli import pdf_text, run
from tests.store.country_scene import DECISION, OVERDUE_ITEM, PAST_MEETING, seed_kenya

pytestmark = pytest.mark.usefixtures("qapp")  # the PDF needs a QGuiApplication


@pytest.fixture
def data(tmp_path: Path) -> Path:
    data = tmp_path / "expert"
    store = open_store(data)
    try:
        initialise_device(store, Role.FIELD, "Amina Diallo")
        seed_kenya(store, date.today())
    finally:
        store.close()
    return data


def test_brief_and_report_from_the_command_line(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = tmp_path / "brief.pdf"
    base = ("--data-dir", str(data), "report", "country")
    code, out, err = run(
        capsys, *base, "ken", "--kind", "brief", "--out", str(brief), "--lang", "fr", "--json"
    )
    assert code == 0, err
    answer = json.loads(out)
    assert answer["ok"] is True
    assert answer["kind"] == "brief"
    assert answer["country"] == "KEN"
    assert answer["language"] == "fr"
    pages, text = pdf_text(brief)
    assert pages == answer["pages"] >= 2
    assert "Kenya" in text
    assert OVERDUE_ITEM in text
    assert "(en retard)" in text  # the overdue mark, in French
    report = tmp_path / "report.pdf"
    since = (date.today() - timedelta(days=60)).isoformat()
    code, out, err = run(
        capsys, *base, "KEN", "--kind", "report", "--out", str(report), "--from", since
    )
    assert code == 0, err
    assert "Mission report written to" in out
    _pages, text = pdf_text(report)
    assert PAST_MEETING in text
    assert DECISION in text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["XXX", "--kind", "brief"], "not the ISO alpha-3 code"),
        (["KEN", "--kind", "report", "--from", "2026-13-01"], "is not a date"),
        (
            ["KEN", "--kind", "report", "--from", "2026-05-02", "--to", "2026-05-01"],
            "--to is before",
        ),
    ],
)
def test_bad_requests_are_one_line_and_write_nothing(
    data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    out = tmp_path / "out" / "x.pdf"
    out.parent.mkdir()
    code, _out, err = run(
        capsys, "--data-dir", str(data), "report", "country", *arguments, "--out", str(out)
    )
    assert code != 0
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert list(out.parent.iterdir()) == []
