"""The mission brief and mission report of Kenya as PDFs, in English and in Arabic: pages,
text a reader can search (the country, the open actions, the decisions), people named
only with consent to be shared, and the period of the report."""

from __future__ import annotations

import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from icati_desktop.reports.country_report import MissionKind, write_mission_pdf
from icati_desktop.store.store import Store
from tests.reports.test_assessment_pdf import arabic_words, has_words
from tests.store.country_scene import (
    BLOCKED_ITEM,
    DECISION,
    DONE_ITEM,
    IN_APP_PERSON,
    NEXT_MEETING,
    OPEN_ITEM,
    OVERDUE_ITEM,
    PAST_MEETING,
    SHARED_PERSON,
    TODAY,
    seed_kenya,
)
from tests.store.helpers import StoreFactory

pytestmark = pytest.mark.usefixtures("qapp")  # QtGui typesets the PDF


@pytest.fixture
def kenya(make_store: StoreFactory) -> Store:
    store = make_store()
    seed_kenya(store)
    return store


def pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(unicodedata.normalize("NFKC", text).split())


def write(store: Store, out: Path, kind: MissionKind, language: str) -> int:
    return write_mission_pdf(
        store,
        "KEN",
        out,
        kind=kind,
        language=language,
        today=TODAY,
        date_from=TODAY - timedelta(days=60),
    )


@pytest.mark.parametrize("engine_kind", ["sqlite"], indirect=True)
def test_the_brief_in_english(kenya: Store, tmp_path: Path) -> None:
    out = tmp_path / "brief.pdf"
    pages = write(kenya, out, MissionKind.BRIEF, "en")
    count, text = pdf_text(out)
    assert pages == count == 3
    assert "Mission brief" in text
    assert "Kenya" in text
    assert "Region Africa" in text  # the profile
    assert "Phase 2: Systems Preparation" in text
    assert "To reach phase 3" in text  # and why
    for item in (OVERDUE_ITEM, BLOCKED_ITEM, OPEN_ITEM):
        assert item in text
    assert DONE_ITEM not in text  # open actions only
    assert "Apr 24, 2026 (overdue)" in text
    assert PAST_MEETING in text
    assert NEXT_MEETING in text
    assert SHARED_PERSON in text
    assert IN_APP_PERSON not in text  # consented to be stored, not to be shared
    assert "Next step:" in text
    assert "Page 3 of 3" in text
    assert not list(tmp_path.glob(".*partial"))


@pytest.mark.parametrize("engine_kind", ["sqlite"], indirect=True)
def test_the_report_in_english(kenya: Store, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    pages = write(kenya, out, MissionKind.REPORT, "en")
    count, text = pdf_text(out)
    assert pages == count == 2
    assert "Mission report" in text
    assert "Kenya" in text
    assert "March 5, 2026 to May 4, 2026" in text
    assert PAST_MEETING in text  # held in the period
    assert NEXT_MEETING not in text  # planned after it
    assert "Colombia" not in text
    assert DECISION in text
    for item in (OVERDUE_ITEM, BLOCKED_ITEM, OPEN_ITEM):
        assert item in text  # the plan now
    assert DONE_ITEM in text  # done in the period
    assert "Next steps" in text


@pytest.mark.parametrize("engine_kind", ["sqlite"], indirect=True)
@pytest.mark.parametrize("kind", list(MissionKind))
def test_both_in_arabic(kenya: Store, tmp_path: Path, kind: MissionKind) -> None:
    out = tmp_path / f"{kind.value}-ar.pdf"
    pages = write(kenya, out, kind, "ar")
    count, text = pdf_text(out)
    assert pages == count >= 2
    words = arabic_words(text)
    assert has_words("كينيا", words)
    assert not has_words("مصر", words)  # the comparison can fail
    title = "موجز البعثة" if kind is MissionKind.BRIEF else "تقرير البعثة"
    assert has_words(title, words)
    for item in (OVERDUE_ITEM, BLOCKED_ITEM, OPEN_ITEM):  # typed in English, kept as typed
        assert all(word in text for word in item.split()), item
    assert has_words("قيد التنفيذ", words)  # "In progress"


@pytest.mark.parametrize("engine_kind", ["sqlite"], indirect=True)
def test_bad_requests_change_nothing(kenya: Store, tmp_path: Path) -> None:
    out = tmp_path / "brief.pdf"
    with pytest.raises(ValueError, match="not the ISO alpha-3 code"):
        write_mission_pdf(kenya, "XXX", out, kind=MissionKind.BRIEF, language="en")
    with pytest.raises(ValueError, match="swap --from and --to"):
        write_mission_pdf(
            kenya,
            "KEN",
            out,
            kind=MissionKind.REPORT,
            language="en",
            date_from=TODAY,
            date_to=TODAY - timedelta(days=1),
        )
    with pytest.raises(ValueError, match=r"ending in \.pdf"):
        write_mission_pdf(
            kenya, "KEN", tmp_path / "brief.docx", kind=MissionKind.BRIEF, language="en"
        )
    assert not list(tmp_path.glob("*.pdf"))
    assert not list(tmp_path.glob(".*partial"))
