"""ICATI's forms go out as XLSForms that pyxform converts, and come back the same."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from icati_desktop.domain.assessments import DontKnowAnswer, ScoreAnswer
from icati_desktop.domain.forms import (
    Choice,
    ChoiceList,
    FormDefinition,
    FormGroup,
    FormItem,
    ItemType,
)
from icati_desktop.formats.submissions import read_submissions
from icati_desktop.formats.xlsform import XlsFormRejected, read_xlsform, read_xlsform_with_notes
from icati_desktop.formats.xlsform_export import (
    export_xlsform,
    language_column,
    media_files,
    xlsform_sheets,
)
from icati_desktop.formats.xlsform_icati import SHEETS
from tests.formats.small_form import default_form, small_form_data
from tests.formats.xlsforms import SHARED, probation_form, write_workbook

CORPUS = Path(__file__).resolve().parents[1] / "data" / "xlsforms"


def same(form: FormDefinition, other: FormDefinition) -> bool:
    """Equal as the store compares versions: where it came from does not count."""
    exclude = {"source_note"}
    return form.model_dump(mode="json", exclude=exclude) == other.model_dump(
        mode="json", exclude=exclude
    )


def test_the_default_form_goes_out_converts_with_pyxform_and_comes_back_the_same(
    tmp_path: Path,
) -> None:
    form = default_form()
    path = export_xlsform(form, tmp_path / "ati.xlsx")

    warnings: list[str] = []
    xform = convert(xlsform=str(path), warnings=warnings).xform
    assert "<h:title>Country ATI Self-assessment</h:title>" in xform
    assert 'lang="French (fr)"' in xform
    assert 'lang="Arabic (ar)"' in xform
    assert 'lang="Spanish (es)"' in xform
    assert 'lang="Portuguese (pt)"' in xform
    assert warnings == []

    back, notes = read_xlsform_with_notes(path)
    assert notes == []
    assert same(back, form)
    # What the comparison covers, named: items, choices, rules, languages, weights, advice.
    assert [i for _d, i in back.items()] == [i for _d, i in form.items()]
    assert back.item("d1_law_allows_treatment").weight == 2
    assert back.item("d1_law_allows_treatment").key_item
    assert back.item("d3_court").continuum_stage == "court"
    assert back.languages == ["en", "fr", "ar", "es", "pt"]
    assert back.title == form.title
    assert back.description == form.description
    assert back.scale == form.scale  # labels and descriptions of each anchor, "don't know"
    assert back.domain("D3").description == form.domain("D3").description
    assert back.phase_rules == form.phase_rules
    assert back.advice_rules == form.advice_rules
    assert back.advice == form.advice
    assert back.scoring == form.scoring
    # Typography survives: pyxform would straighten l’ONUDC to l'ONUDC.
    assert "’" in back.item("d5_international_standards").label["fr"]


def test_a_form_with_groups_repeats_selects_and_logic_comes_back_the_same(
    tmp_path: Path,
) -> None:
    data = small_form_data()
    details = data["domains"][0]["elements"][2]
    details["relevant"] = "${law} >= 1"
    details["items"][1].update(
        required=True,
        relevant="${has_strategy} = 'yes'",
        constraint=". >= 1900 and . <= 2100",
        constraint_message={"en": "From 1900.", "fr": "À partir de 1900."},
        hint={"fr": "L’année d’adoption"},
    )
    data["crosswalk"] = [{"from_form_version": "0.9", "from_item": "legal", "to_item": "law"}]
    form = FormDefinition.model_validate(data)
    path = export_xlsform(form, tmp_path / "small.xlsx")
    convert(xlsform=str(path), warnings=[])
    back = read_xlsform(path)
    assert same(back, form)
    year = back.item("strategy_year")
    assert (year.relevant, year.constraint, year.required) == (
        "${has_strategy} = 'yes'",
        ". >= 1900 and . <= 2100",
        True,
    )
    sites = back.domain("D2").elements[-1]
    assert isinstance(sites, FormGroup)
    assert sites.repeat
    assert back.crosswalk == form.crosswalk

    imported = read_xlsform(probation_form(tmp_path))
    again = read_xlsform(export_xlsform(imported, tmp_path / "probation-out.xlsx"))
    assert same(again, imported)


def test_score_questions_go_out_as_the_scale_list_and_answers_from_kobo_come_back(
    tmp_path: Path,
) -> None:
    form = default_form()
    survey = xlsform_sheets(form)["survey"]
    header = survey[0]
    row = next(r for r in survey if r[1] == "d1_law_allows_treatment")
    cells = dict(zip(header, row, strict=True))
    assert cells["type"] == "select_one icati_scale"
    assert (cells["weight"], cells["key_item"], cells["domain"]) == ("2", "yes", "D1")
    assert cells["label::English (en)"].startswith("Does the law allow treatment")
    assert cells["domain_title::Arabic (ar)"] == form.domain("D1").title["ar"]
    choices = xlsform_sheets(form)["choices"]
    assert [r[1] for r in choices[1:]] == ["0", "1", "2", "3", "4", "dont_know"]

    # KoboToolbox exports the choice names of a select_one: the answer import reads them.
    export = tmp_path / "kobo.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["today", "d1_law_allows_treatment", "d1_strategy_names_ati"])
        writer.writerow(["2026-03-04", "3", "dont_know"])
    back = read_xlsform(export_xlsform(form, tmp_path / "ati.xlsx"))
    [record] = read_submissions(export, back)
    assert record.answers["d1_law_allows_treatment"].value == ScoreAnswer(value=3)
    assert isinstance(record.answers["d1_strategy_names_ati"].value, DontKnowAnswer)


def test_the_icati_sheets_are_there_only_when_the_form_needs_them() -> None:
    rich = xlsform_sheets(default_form())
    assert [s for s in rich if s.startswith("icati")] == [
        "icati_settings",
        "icati_descriptions",
        "icati_phases",
        "icati_advice",
    ]
    plain = xlsform_sheets(FormDefinition.model_validate(small_form_data()))
    assert [s for s in plain if s.startswith("icati")] == ["icati_settings"]
    assert set(rich) <= {"survey", "choices", "settings", *SHEETS}
    assert language_column("fr") == "French (fr)"
    assert language_column("pt-BR") == "Portuguese (Brazil) (pt-BR)"


def test_every_field_of_an_item_and_a_group_is_exported() -> None:
    """A field added to the form model must be given a column (or an ICATI sheet) here."""
    assert set(FormItem.model_fields) == {
        "kind", "name", "type", "label", "hint", "required", "relevant", "constraint",
        "constraint_message", "choices", "weight", "key_item", "continuum_stage",
        "choice_filter", "calculation", "default", "read_only", "required_message",
        "appearance",
        "default_dynamic",  # not a column: the import reads it from the default's text
    }  # fmt: skip
    assert set(FormGroup.model_fields) == {
        "kind", "name", "label", "repeat", "relevant", "items", "repeat_count", "appearance",
    }  # fmt: skip
    assert set(ItemType) == {
        ItemType.SCORE, ItemType.SELECT_ONE, ItemType.SELECT_MULTIPLE, ItemType.INTEGER,
        ItemType.DECIMAL, ItemType.TEXT, ItemType.DATE, ItemType.NOTE, ItemType.CALCULATE,
        ItemType.TIME, ItemType.DATETIME, ItemType.ACKNOWLEDGE, ItemType.GEOPOINT,
    }  # fmt: skip
    # A choice's properties are columns of its sheet or file; a list's source, the sheet
    # or file it is written to.
    assert set(Choice.model_fields) == {"name", "label", "properties"}
    assert set(ChoiceList.model_fields) == {"name", "choices", "source"}
    assert set(FormDefinition.model_fields) == {
        "form_id", "version", "title", "description", "languages", "default_language",
        "scale", "scoring", "choice_lists", "domains", "phase_rules", "advice_rules",
        "advice", "crosswalk", "source_note",
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.xlsx")))
def test_forms_using_the_common_xlsform_set_go_out_and_come_back_the_same(
    name: str, tmp_path: Path
) -> None:
    """calculate, choice_filter, default, read_only, required_message, time, datetime,
    acknowledge, geopoint, repeat_count, appearance, external_choices, choices from CSV
    and XML files, three languages: each corpus form → XLSForm → pyxform → import."""
    form = read_xlsform(CORPUS / name, media=CORPUS / "media")
    out = tmp_path / "out"
    out.mkdir()
    path = export_xlsform(form, out / name)
    warnings: list[str] = []
    convert(xlsform=str(path), warnings=warnings)
    assert warnings == []
    back, notes = read_xlsform_with_notes(path, media=out)
    assert notes == []
    assert same(back, form)
    assert sorted(p.name for p in out.iterdir()) == sorted([name, *media_files(form)])


def test_the_common_set_is_written_in_its_columns_and_choice_files(tmp_path: Path) -> None:
    form = read_xlsform(CORPUS / "facility_check_external.xlsx", media=CORPUS / "media")
    sheets = xlsform_sheets(form)
    survey = [dict(zip(sheets["survey"][0], row, strict=True)) for row in sheets["survey"][1:]]
    rows = {row["name"]: row for row in survey if row["name"]}
    assert rows["district"]["type"] == "select_one_from_file districts.xml"
    assert rows["facility"]["type"] == "select_one_from_file facilities.csv"
    assert rows["facility"]["parameters"] == "value=code label=facility_name"
    assert rows["facility"]["choice_filter"] == "district=${district}"
    assert rows["court"]["type"] == "select_one_external court"
    assert [r[0] for r in sheets["external_choices"][1:]] == ["court"] * 3
    assert media_files(form) == ["districts.xml", "facilities.csv"]

    form = read_xlsform(CORPUS / "caseload_calculate.xlsx")
    survey = xlsform_sheets(form)["survey"]
    rows = {row[1]: dict(zip(survey[0], row, strict=True)) for row in survey[1:]}
    assert rows["total_referred"]["type"] == "calculate"
    assert rows["total_referred"]["calculation"] == "${women_referred} + ${men_referred}"
    assert rows["total_referred"]["label::English (en)"] is None  # it had none
    assert rows["completion_rate"]["read_only"] == "yes"
    assert rows["women_referred"]["default"] == "0"
    assert rows["women_referred"]["required_message::English (en)"] == (
        "Count the women referred, 0 if none"
    )


def test_or_other_comes_back_as_its_choice_and_question(tmp_path: Path) -> None:
    form = read_xlsform(SHARED / "specify_other.xlsx")
    assert same(read_xlsform(export_xlsform(form, tmp_path / "other.xlsx")), form)


def edited(path: Path, sheet: str, row: int, column: int, value: object) -> Path:
    book = load_workbook(path)
    book[sheet].cell(row=row, column=column, value=value)
    book.save(path)
    return path


def problems(path: Path) -> list[tuple[str, int | None, str | None]]:
    with pytest.raises(XlsFormRejected) as info:
        read_xlsform(path)
    return [(p.sheet, p.row, p.column) for p in info.value.problems]


def test_a_bad_rule_in_an_icati_sheet_is_named_by_sheet_row_and_column(tmp_path: Path) -> None:
    path = export_xlsform(default_form(), tmp_path / "ati.xlsx")
    phases = xlsform_sheets(default_form())["icati_phases"]
    minimum = phases[0].index("min") + 1
    assert problems(edited(path, "icati_phases", 3, minimum, "lots")) == [
        ("icati_phases", 3, "min")
    ]
    path = export_xlsform(default_form(), tmp_path / "ati.xlsx")
    assert problems(edited(path, "icati_phases", 2, 1, 7)) == [("icati_phases", 2, "phase")]
    path = export_xlsform(default_form(), tmp_path / "ati.xlsx")
    assert problems(edited(path, "icati_advice", 2, 2, "=A1&A2")) == [
        ("icati_advice", 2, "library_tags")
    ]
    path = export_xlsform(default_form(), tmp_path / "ati.xlsx")
    assert problems(edited(path, "icati_descriptions", 2, 2, "D12")) == [
        ("icati_descriptions", 2, "name")
    ]
    # A rule naming a domain the form does not have is refused with the form's reason.
    path = export_xlsform(default_form(), tmp_path / "ati.xlsx")
    with pytest.raises(XlsFormRejected, match="advice for unknown domain D42"):
        read_xlsform(edited(path, "icati_advice", 2, 1, "D42"))


def test_a_hand_written_icati_sheet_gives_an_imported_form_its_rules(tmp_path: Path) -> None:
    survey = [
        ["type", "name", "label", "domain", "weight", "key_item"],
        ["select_one icati_scale", "law", "Is there a law?", "D1", 2, "yes"],
        ["score", "budget", "Is there a budget?", "D2", None, None],
    ]
    scale = [["list_name", "name", "label"]]
    scale += [["icati_scale", str(n), f"level {n}"] for n in range(5)]
    phases = [
        ["Phase", "Condition", "Domain", "Min", "items", "count"],
        [2, "domain_at_least", "D1", 1],
        [2, "items_count_at_least", None, 2, "law budget", 1],
        [3, "every_domain_at_least", None, "2.5"],
    ]
    advice = [
        ["domain", "library_tags", "action::fr", "action::English (en)", "support_offer"],
        ["D2", "funding costing", "Budgétiser", "Cost the programme", "Costing help"],
    ]
    path = write_workbook(
        tmp_path / "hand.xlsx",
        {"survey": survey, "choices": scale, "icati_phases": phases, "ICATI_Advice": advice},
    )
    form = read_xlsform(path)
    assert form.item("law").type is ItemType.SCORE
    assert form.item("law").weight == 2
    assert [(r.phase, [c.kind for c in r.conditions]) for r in form.phase_rules] == [
        (2, ["domain_at_least", "items_count_at_least"]),
        (3, ["every_domain_at_least"]),
    ]
    [rule] = form.advice_rules
    assert rule.library_tags == ["funding", "costing"]
    assert rule.action == {"fr": "Budgétiser", "en": "Cost the programme"}
    assert rule.support_offer == {"en": "Costing help"}


def test_a_failed_export_leaves_nothing_behind(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.xlsx"):
        export_xlsform(default_form(), tmp_path / "ati.xls")
    target = tmp_path / "missing" / "ati.xlsx"
    with pytest.raises(FileNotFoundError):
        export_xlsform(default_form(), target)
    assert list(tmp_path.rglob("*")) == []
