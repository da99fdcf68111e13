"""The country assessment report as a PDF, in English and in Arabic: the pages a reader
gets, text that can be searched and copied, and no half-written file on failure.

pypdf reads Arabic back as the shaped glyphs (presentation forms) in visual order, with
lam-alef ligatures in logical order inside them, so Arabic words are compared by their
letters: NFKC-normalised (presentation forms to letters), then sorted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from icati_desktop import paths
from icati_desktop.domain.assessments import Answer, Assessment
from icati_desktop.domain.default_content import load_forms
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.domain.scoring import AssessmentResult, score_assessment
from icati_desktop.reports import pdf_pages
from icati_desktop.reports.assessment_pdf import render_assessment_pdf
from icati_desktop.reports.assessment_text import phase_name

# Phase 2 reached (D2 ≥ 1, three domains ≥ 1, webinars done); D1 at 1 blocks phase 3;
# D4 is all "don't know" (insufficient data).
SCORES = {
    "d1_law_allows_treatment": 1,
    "d1_strategy_names_ati": 1,
    "d1_safeguards_defined": 1,
    "d1_legal_options_used": 1,
    "d2_steering_committee": 2,
    "d2_interagency_mous": 2,
    "d2_justice_support": 2,
    "d2_basics_webinars": 4,
    "d3_pre_arrest": 2,
    "d3_pre_trial": 0,
    "d3_court": 1,
    "d3_post_sentence": 1,
    "d5_community_treatment": 2,
    "d5_international_standards": 2,
    "d5_moud": 3,
    "d5_special_populations": 2,
}
DONT_KNOW = [
    "d4_screening_first_contact",
    "d4_clinical_assessment",
    "d4_rnr_tool",
    "d4_eligibility_written",
]
PARTICIPANTS = ["Wanjiru Kamau, Ministry of Health", "Otieno Ochieng", "2 judges"]
ARABIC_LETTERS = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]+")


@pytest.fixture(scope="module")
def form() -> FormDefinition:
    forms = {(f.form_id, f.version): f for _, f in load_forms(paths.resource("content"))}
    return forms[("ati-self-assessment", "1")]


@pytest.fixture(scope="module")
def assessment(form: FormDefinition) -> Assessment:
    answers = {name: Answer(value=score) for name, score in SCORES.items()}
    answers |= {name: Answer(value="dk") for name in DONT_KNOW}
    return Assessment(
        country="KEN",
        form_id=form.form_id,
        form_version=form.version,
        assessed_on=date(2026, 3, 14),
        answers=answers,
    )


@pytest.fixture(scope="module")
def result(form: FormDefinition, assessment: Assessment) -> AssessmentResult:
    scored = score_assessment(form, assessment)
    assert scored.shown_phase == 2
    assert scored.phase.next_phase == 3
    assert scored.domain("D4").insufficient
    return scored


def render(
    out: Path,
    form: FormDefinition,
    assessment: Assessment,
    result: AssessmentResult,
    language: str,
    country: str,
) -> int:
    return render_assessment_pdf(
        out,
        assessment=assessment,
        form=form,
        result=result,
        participants=PARTICIPANTS,
        country_name=country,
        language=language,
    )


def page_texts(path: Path) -> list[str]:
    """Each page's text, ligatures undone and runs of white space made one space."""
    reader = PdfReader(path)
    return [
        " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())
        for page in reader.pages
    ]


def font_names(path: Path) -> set[str]:
    names: set[str] = set()
    for page in PdfReader(path).pages:
        fonts = page["/Resources"]["/Font"]
        names |= {str(fonts[key].get_object()["/BaseFont"]).lstrip("/") for key in fonts}
    return names


def letters(word: str) -> str:
    return "".join(sorted(unicodedata.normalize("NFKC", word)))


def arabic_words(text: str) -> set[str]:
    """The Arabic words of ``text``, each as :func:`letters`."""
    return {letters(run) for run in ARABIC_LETTERS.findall(text)}


def has_words(phrase: str, words: set[str]) -> bool:
    return all(letters(word) in words for word in phrase.split())


@pytest.mark.usefixtures("qapp")
def test_english_report(
    tmp_path: Path, form: FormDefinition, assessment: Assessment, result: AssessmentResult
) -> None:
    out = tmp_path / "kenya.pdf"
    pages = render(out, form, assessment, result, "en", "Kenya")

    texts = page_texts(out)
    # Cover; phase and radar chart; the whole domain table (never a row cut in two across
    # pages) and the advice; the rest of the advice and the participants.
    assert pages == len(texts) >= 3
    flat = [" ".join(t.split()) for t in texts]
    assert any(all(d.title["en"] in page for d in form.domains) for page in flat)
    cover, *_ = texts
    assert "Country ATI Self-assessment" in cover
    assert "Kenya" in cover
    assert "March 14, 2026" in cover
    assert "version 1" in cover
    everything = " ".join(texts)
    assert "Phase 2: Systems Preparation" in everything
    assert "To reach phase 3 (Initiative Planning & Launch)" in everything
    assert "Legal & policy framework (D1) is 1" in everything  # the unmet condition
    for domain in form.domains:
        assert domain.title["en"] in everything
    assert "? insufficient data" in everything  # D4
    assert "Next step:" in everything
    for name in PARTICIPANTS:
        assert name in texts[-1]
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
        assert "Kenya · March 14, 2026" in text
    assert not list(tmp_path.glob(".*partial"))


@pytest.mark.usefixtures("qapp")
def test_arabic_report(
    tmp_path: Path, form: FormDefinition, assessment: Assessment, result: AssessmentResult
) -> None:
    out = tmp_path / "kenya-ar.pdf"
    pages = render(out, form, assessment, result, "ar", "كينيا")

    texts = page_texts(out)
    assert pages == len(texts) >= 3
    assert all(ARABIC_LETTERS.search(t) for t in texts)  # the footer names the country
    words = arabic_words(" ".join(texts))
    assert has_words("كينيا", words)
    assert not has_words("مصر", words)  # the comparison can fail
    assert has_words(form.title["ar"], words)
    for domain in form.domains:
        assert has_words(domain.title["ar"], words), domain.code
    # Typeset in the bundled fonts, whatever the machine has installed.
    assert {"NotoSansArabic-Regular", "NotoSans-Regular"} <= font_names(out)
    name = phase_name(2, "ar")  # "Systems Preparation", from the Arabic catalog
    assert ARABIC_LETTERS.search(name)
    assert has_words(name, words)
    assert "D1" in texts[1]
    assert "D9" in " ".join(texts)


@pytest.mark.usefixtures("qapp")
def test_a_failed_render_leaves_the_previous_file(
    tmp_path: Path,
    form: FormDefinition,
    assessment: Assessment,
    result: AssessmentResult,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"the report of last week")

    def broken(*args: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(pdf_pages, "_paint", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        render(out, form, assessment, result, "en", "Kenya")
    assert out.read_bytes() == b"the report of last week"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


@pytest.mark.usefixtures("qapp")
def test_bad_requests_are_refused_before_a_file_is_made(
    tmp_path: Path, form: FormDefinition, assessment: Assessment, result: AssessmentResult
) -> None:
    with pytest.raises(ValueError, match=r"ending in \.pdf"):
        render(tmp_path / "report.docx", form, assessment, result, "en", "Kenya")
    with pytest.raises(ValueError, match="unsupported language 'de'"):
        render(tmp_path / "report.pdf", form, assessment, result, "de", "Kenya")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        render(tmp_path / "missing" / "report.pdf", form, assessment, result, "en", "Kenya")
    assert list(tmp_path.iterdir()) == []


def test_mixed_latin_entries_keep_their_order_and_side_in_an_arabic_report(
    form: FormDefinition, assessment: Assessment, result: AssessmentResult
) -> None:
    """ "2 judges" in an Arabic report read "judges 2 •" at the left: each entry is now an
    isolated run in a right-aligned paragraph that starts with its bullet. No Qt lists: an
    item running over a page break was written on both pages (read aloud twice)."""
    from icati_desktop.reports.assessment_html import ReportInput, report_html

    report = ReportInput(
        form=form,
        assessment=assessment,
        result=result,
        participants=PARTICIPANTS,
        country_name="كينيا",
        language="ar",
    )
    html = report_html(report, chart_width=400)
    for name in PARTICIPANTS:
        assert f'<p dir="rtl" align="right">• \u2068{name}\u2069</p>' in html
    assert "<ul" not in html
    english = report_html(replace(report, language="en"), chart_width=400)
    assert '<p dir="ltr" align="left">• \u20682 judges\u2069</p>' in english
    assert "<ol" not in english
    assert "<ul" not in english


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize(
    ("language", "country", "domain", "advice"),
    [
        ("es", "Kenia", "Marco jurídico y de políticas", "Revisar la ley de drogas"),
        ("pt", "Quênia", "Marco jurídico e de políticas", "Revisar a lei de drogas"),
    ],
)
def test_spanish_and_portuguese_reports_show_the_form_in_their_language(
    tmp_path: Path,
    form: FormDefinition,
    assessment: Assessment,
    result: AssessmentResult,
    language: str,
    country: str,
    domain: str,
    advice: str,
) -> None:
    out = tmp_path / f"kenya-{language}.pdf"
    render(out, form, assessment, result, language, country)
    everything = " ".join(page_texts(out))
    assert form.title[language] in everything
    assert domain in everything  # D1's title, as the domain table and the reasons show it
    for code in ("D1", "D5", "D9"):
        assert " ".join(form.domain(code).title[language].split()) in everything, code
    assert advice in everything  # D1 is 1: the advice to review the law, in the language
    assert "Legal & policy framework" not in everything  # no English left for the form
