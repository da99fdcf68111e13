"""The XLSForm corpus (tests/data/xlsforms): forms as ODK and KoboToolbox users write them,
each imported, then filled in through the form engine to show its logic works here as
it does in ODK Collect."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from icati_desktop.domain.assessments import (
    AcknowledgedAnswer,
    Answer,
    Assessment,
    ChoiceAnswer,
    DateTimeAnswer,
    TextAnswer,
)
from icati_desktop.domain.form_engine import problems_for_submit
from icati_desktop.domain.form_state import FormState, evaluate_form
from icati_desktop.domain.form_text import offered_choices, rendered
from icati_desktop.domain.form_updates import answer_from_value, with_defaults, with_form_logic
from icati_desktop.domain.forms import FormDefinition, ItemType
from icati_desktop.formats.xlsform import XlsFormRejected, read_xlsform, read_xlsform_with_notes
from tests.data.xlsforms import make_corpus

CORPUS = Path(__file__).resolve().parents[1] / "data" / "xlsforms"
MEDIA = CORPUS / "media"
TODAY = date(2026, 3, 4)
NOW = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)

Entries = dict[str, list[dict[str, str]]]


def filled(
    form: FormDefinition, given: dict[str, str], repeats: Entries | None = None
) -> Assessment:
    """An assessment of ``form`` answered as a person would type the values."""

    def answers(values: dict[str, str]) -> dict[str, Answer]:
        found = {}
        for name, text in values.items():
            value = answer_from_value(form, form.item(name), text)
            assert value is not None, f"{name}: {text!r} is not an answer it takes"
            found[name] = Answer(value=value)
        return found

    return Assessment(
        country="KEN",
        form_id=form.form_id,
        form_version=form.version,
        assessed_on=TODAY,
        answers=answers(given),
        repeats={
            group: [answers(e) for e in entries] for group, entries in (repeats or {}).items()
        },
    )


def state(form: FormDefinition, assessment: Assessment) -> FormState:
    return evaluate_form(form, assessment, today=TODAY, now=NOW)


def problems(form: FormDefinition, assessment: Assessment) -> list[tuple[str, str]]:
    found = problems_for_submit(form, assessment, language="en", today=TODAY, now=NOW)
    return [(p.item, p.kind) for p in found]


def offered(form: FormDefinition, assessment: Assessment, item: str) -> list[str]:
    current = state(form, assessment)
    return [c.name for c in offered_choices(form, current, form.item(item), None)]


def _cells(rows: list[list[object]]) -> list[list[object]]:
    trimmed = [list(row) for row in rows]
    for row in trimmed:
        while row and row[-1] is None:
            row.pop()
    return trimmed


def test_the_corpus_files_are_what_the_script_writes() -> None:
    from openpyxl import load_workbook

    for name, sheets in make_corpus.WORKBOOKS.items():
        book = load_workbook(CORPUS / name, read_only=True)
        try:
            saved = {
                sheet.title: _cells([list(r) for r in sheet.iter_rows(values_only=True)])
                for sheet in book.worksheets
            }
        finally:
            book.close()
        assert saved == {title: _cells(rows) for title, rows in sheets.items()}, name
    for name, data in make_corpus.media_files().items():
        assert (MEDIA / name).read_bytes() == data


def test_cascading_selects_offer_the_countries_of_the_region_and_sites_of_the_country() -> None:
    form = read_xlsform(CORPUS / "cascading_sites.xlsx")
    assert (form.form_id, form.version) == ("pilot-sites", "2024061201")
    assert form.item("country").choice_filter == "region=${region}"
    assert form.item("country").appearance == "minimal"

    nothing = filled(form, {})
    assert offered(form, nothing, "country") == []
    africa = filled(form, {"region": "africa"})
    assert offered(form, africa, "country") == ["KEN", "GHA"]
    assert offered(form, filled(form, {"region": "americas"}), "country") == ["PER", "CHL"]
    kenya = filled(form, {"region": "africa", "country": "KEN"})
    assert offered(form, kenya, "site") == ["nairobi", "mombasa"]

    # A site of another country is refused: the person changed the country above it.
    moved = filled(form, {"region": "africa", "country": "GHA", "site": "nairobi"})
    assert problems(form, moved) == [("site", "choice")]
    fine = filled(form, {"region": "africa", "country": "GHA", "site": "accra"})
    assert problems(form, fine) == []


def test_a_calculation_feeds_a_relevance_a_constraint_and_labels() -> None:
    form = read_xlsform(CORPUS / "caseload_calculate.xlsx")
    assert form.version == "2024-06 draft"
    assert form.item("total_referred").type is ItemType.CALCULATE
    assert form.item("completion_rate").read_only

    started = with_defaults(form, filled(form, {}), today=TODAY, now=NOW)
    assert {n: a.value for n, a in started.answers.items()} == {
        "women_referred": answer_from_value(form, form.item("women_referred"), "0"),
        "men_referred": answer_from_value(form, form.item("men_referred"), "0"),
    }
    none = state(form, started)
    assert none.values["total_referred"] == 0
    assert "why_none" in none.relevant
    assert "completed" not in none.relevant
    assert problems(form, started) == [("why_none", "required")]

    some = filled(form, {"women_referred": "7", "men_referred": "5", "completed": "9"})
    current = state(form, some)
    assert current.values["total_referred"] == 12
    assert current.values["completion_rate"] == Decimal("75.0")
    assert {"completed", "completion_rate", "has_evaluation"} <= current.relevant
    assert "why_none" not in current.relevant
    label = rendered(form.item("completed").label, current, None)
    assert label == {"en": "How many of the 12 people completed treatment?"}

    too_many = filled(form, {"women_referred": "7", "men_referred": "5", "completed": "13"})
    [problem] = problems_for_submit(form, too_many, language="en", today=TODAY, now=NOW)
    assert (problem.item, problem.kind) == ("completed", "constraint")
    assert problem.message == "Cannot exceed the ${total_referred} people referred"

    # jr:choice-name gives the chosen label; the note shows every computed value.
    evaluated = filled(
        form,
        {"women_referred": "7", "men_referred": "5", "completed": "9", "has_evaluation": "yes"},
    )
    current = state(form, evaluated)
    assert current.values["evaluation_word"] == "Yes"
    assert rendered(form.item("summary").label, current, None) == {
        "en": "Referred: 12; completed: 9 (75 %). Evaluation: Yes."
    }


def test_once_keeps_the_first_value() -> None:
    form = read_xlsform(CORPUS / "caseload_calculate.xlsx")
    first = with_form_logic(form, filled(form, {}), today=TODAY, now=NOW)
    assert first.answers["recorded_on"].value == TextAnswer(value="2026-03-04")
    later = with_form_logic(form, first, today=date(2026, 9, 1), now=NOW)
    assert later.answers["recorded_on"].value == TextAnswer(value="2026-03-04")
    assert evaluate_form(form, later, today=date(2026, 9, 1)).values["recorded_on"] == (
        "2026-03-04"
    )


def test_a_repeat_count_sets_the_entries_and_sums_run_over_them() -> None:
    form = read_xlsform(CORPUS / "site_visits_repeat.xlsx")
    sites = next(g for d in form.domains for g in d.groups() if g.name == "sites")
    assert sites.repeat_count == "${n_sites}"

    # Answering "3 sites" makes three entries, each with its default.
    three = with_form_logic(form, filled(form, {"n_sites": "3"}), today=TODAY, now=NOW)
    assert len(three.repeats["sites"]) == 3
    assert all(
        e["has_case_manager"].value == ChoiceAnswer(value="no")
        for e in three.repeat_answers("sites")
    )

    visits = filled(
        form,
        {"n_sites": "3"},
        {
            "sites": [
                {"site_name": "Nairobi", "staff": "6", "has_case_manager": "yes"},
                {"site_name": "Kisumu", "staff": "2", "has_case_manager": "no"},
                {"site_name": "Mombasa", "staff": "4", "has_case_manager": "yes"},
            ]
        },
    )
    current = state(form, visits)
    assert [e.values["site_no"] for e in current.entries["sites"]] == [1, 2, 3]
    assert current.values["total_staff"] == 12
    assert current.values["sites_with_manager"] == 2
    assert current.values["largest_site"] == 6
    assert current.values["first_site"] == "Nairobi"
    assert "staffing_gap" in current.relevant
    label = rendered(form.item("site_name").label, current, ("sites", 1))
    assert label == {"en": "Name of site 2"}
    assert "case_manager_name" in current.entries["sites"][0].relevant
    assert "case_manager_name" not in current.entries["sites"][1].relevant

    # Fewer sites: the entries beyond the count are kept but no longer count.
    fewer = visits.model_copy(
        update={"answers": {**visits.answers, **filled(form, {"n_sites": "2"}).answers}}
    )
    current = state(form, fewer)
    assert len(current.entries["sites"]) == 2
    assert current.values["total_staff"] == 8
    assert len(with_form_logic(form, fewer, today=TODAY, now=NOW).repeats["sites"]) == 3

    too_many = filled(form, {"n_sites": "25"})
    assert ("n_sites", "constraint") in problems(form, too_many)


def test_choices_from_a_csv_an_xml_file_and_the_external_choices_sheet() -> None:
    path = CORPUS / "facility_check_external.xlsx"
    with pytest.raises(XlsFormRejected) as refused:
        read_xlsform(path)
    assert {(p.sheet, p.row, p.column) for p in refused.value.problems} == {
        ("survey", 2, "type"),
        ("survey", 3, "type"),
        ("survey", 5, "type"),
    }
    assert "--media" in refused.value.problems[0].message

    form = read_xlsform(path, MEDIA)
    lists = {c.name: c for c in form.choice_lists}
    facilities = lists[form.item("facility").choices or ""]
    assert facilities.source == "facilities.csv"
    assert facilities.choices[0].label == {"en": "Mathari Hospital", "fr": "Hôpital Mathari"}
    assert facilities.choices[0].properties["beds"] == "40"
    assert lists["districts.xml"].choices[1].properties == {"region": "western"}
    assert lists["court"].source == "external_choices"

    nairobi = filled(form, {"district": "nairobi"})
    assert offered(form, nairobi, "facility") == ["F001", "F002"]
    assert offered(form, nairobi, "court") == ["nbi_high", "nbi_mag"]
    chosen = filled(form, {"district": "nairobi", "facility": "F001"})
    assert offered(form, chosen, "also_refers_to") == ["F002"]
    kisumu = filled(form, {"district": "kisumu", "facility": "F001", "court": "ksm_high"})
    assert problems(form, kisumu) == [("facility", "choice")]


def test_labels_in_three_languages_and_the_new_question_types() -> None:
    form, notes = read_xlsform_with_notes(CORPUS / "trilingual_intake.xlsx")
    assert (form.version, form.default_language, form.languages) == (
        "2024-06-12",
        "en",
        ["en", "ar", "fr"],
    )
    assert notes == []
    consent = form.item("consent")
    assert consent.type is ItemType.ACKNOWLEDGE
    assert consent.label["ar"] == "أوافق على المشاركة في هذه المقابلة"
    assert consent.required_message["fr"] == "Le consentement est nécessaire pour continuer"
    assert form.item("hearing_time").hint == {
        "en": "24-hour clock",
        "fr": "Format 24 heures",
        "ar": "بنظام 24 ساعة",
    }
    assert form.item("office_location").type is ItemType.GEOPOINT
    assert form.item("office_location").appearance == "maps"
    assert form.item("agency").appearance == "horizontal"
    assert form.item("programme").read_only

    started = with_defaults(form, filled(form, {}), today=TODAY, now=NOW)
    assert started.answers["interview_start"].value == DateTimeAnswer(value=NOW)
    assert started.answers["agency"].value == ChoiceAnswer(value="police")
    assert started.answers["programme"].value == TextAnswer(value="Treatment court")
    [missing] = problems_for_submit(form, started, language="ar", today=TODAY, now=NOW)
    assert (missing.item, missing.kind, missing.message) == (
        "consent",
        "required",
        "الموافقة ضرورية للمتابعة",
    )

    answered = started.model_copy(
        update={
            "answers": {
                **started.answers,
                "consent": Answer(value=AcknowledgedAnswer()),
                **filled(
                    form, {"hearing_time": "14:30", "office_location": "-1.2921 36.8219 1795 8"}
                ).answers,
            }
        }
    )
    assert problems(form, answered) == []
    current = state(form, answered)
    assert current.values["office_location"] == "-1.2921 36.8219 1795 8"
    assert current.values["consent"] == "OK"


ALL: list[tuple[str, dict[str, Any]]] = [
    (name, {"media": MEDIA}) for name in sorted(make_corpus.WORKBOOKS)
]


@pytest.mark.parametrize(("name", "options"), ALL)
def test_every_corpus_form_converts_with_pyxform_too(name: str, options: dict[str, Any]) -> None:
    """The corpus is valid XLSForm: pyxform itself converts each workbook to an XForm."""
    from pyxform.xls2xform import convert

    result = convert(xlsform=str(CORPUS / name))
    assert "<h:html" in result.xform
    assert read_xlsform(CORPUS / name, options["media"]).domains
