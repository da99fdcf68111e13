"""XLSForm import: realistic forms become form definitions; unsupported ones are refused
with every problem by sheet and row; the real workbooks in ../shared/xlsforms never crash."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from icati_desktop.domain.assessments import Answer, Assessment, ChoiceAnswer
from icati_desktop.domain.form_state import evaluate_form
from icati_desktop.domain.forms import FormGroup, FormItem, ItemType
from icati_desktop.formats.xlsform import (
    XlsFormRejected,
    default_scale,
    default_scale_in,
    read_xlsform,
    read_xlsform_with_notes,
)
from icati_desktop.formats.xlsform_sheets import language_code
from tests.formats.xlsforms import SHARED, broken_form, probation_form, write_workbook


def rejected(path: Path) -> set[tuple[str, int | None, str | None]]:
    with pytest.raises(XlsFormRejected) as info:
        read_xlsform(path)
    return {(p.sheet, p.row, p.column) for p in info.value.problems}


def test_a_multilingual_form_with_groups_a_repeat_and_logic_imports_whole(tmp_path: Path) -> None:
    form, notes = read_xlsform_with_notes(probation_form(tmp_path))

    assert (form.form_id, form.version, form.default_language) == ("probation-check", "2.1", "en")
    assert form.title == {"en": "Probation readiness"}
    assert form.languages == ["en", "ar", "fr"]
    # The default scale, in the form's own languages (so that its export gives it back).
    assert form.scale == default_scale_in(["en", "ar", "fr"])
    assert set(form.scale.anchors[4].label) == {"en", "ar", "fr"}
    assert form.scale.anchors[4].label["fr"] == default_scale().anchors[4].label["fr"]
    assert [d.code for d in form.domains] == ["D1", "D2"]
    assert form.domains[0].title == {"en": "Legal framework", "fr": "Cadre juridique"}
    assert form.domains[1].title == {"en": "Pilot sites"}

    legal = form.domains[0].elements[0]
    assert isinstance(legal, FormGroup)
    assert legal.name == "legal"
    assert not legal.repeat
    budget = legal.items[2]
    assert isinstance(budget, FormGroup)
    assert budget.relevant == "${has_budget} = 'yes'"
    law = form.item("law_exists")
    assert law.type is ItemType.SCORE
    assert (law.weight, law.key_item, law.continuum_stage) == (Decimal(2), True, "court")
    assert law.required
    assert law.hint == {"en": "Count draft laws as 2"}
    assert law.label["ar"] == "يوجد قانون ينص على الاختبار"
    amount = form.item("budget_amount")
    assert amount.constraint == ". > 0"
    assert amount.constraint_message == {"en": "Must be above zero", "fr": "Doit être positif"}
    assert form.item("has_budget").choices == "yes_no"
    assert form.item("has_budget").required

    sites = form.domains[1].elements[0]
    assert isinstance(sites, FormGroup)
    assert sites.repeat
    assert [i.name for i in sites.flat_items()] == [
        "site_name",
        "site_services",
        "opened_on",
        "caseload_share",
    ]
    services = form.item("site_services")
    assert services.type is ItemType.SELECT_MULTIPLE
    assert services.relevant == "string-length(${site_name}) > 0"
    assert form.item("opened_on").type is ItemType.DATE
    assert form.item("caseload_share").type is ItemType.DECIMAL
    thanks = form.domains[1].elements[1]
    assert isinstance(thanks, FormItem)
    assert thanks.type is ItemType.NOTE

    lists = {c.name: c for c in form.choice_lists}
    assert [c.name for c in lists["services"].choices] == ["counselling", "community_work"]
    assert lists["yes_no"].choices[0].label == {"en": "Yes", "fr": "Oui", "ar": "نعم"}
    assert services.appearance == "minimal"  # recorded: it changes only how it looks
    assert notes == []


def test_without_a_domain_column_top_level_groups_become_domains(tmp_path: Path) -> None:
    survey = [
        ["type", "name", "label:English", "label:French", "$kuid", "guidance_hint:English"],
        ["text", "respondent", "Your name", "Votre nom", "abc123", "Full name"],
        ["begin_group", "police", "Police", "Police"],
        ["score", "referral", "Police refer to services", "La police oriente"],
        ["end_group"],
        ["begin group", "courts", "Courts", "Tribunaux"],
        ["begin group", "inner", None, None],
        ["score", "diversion", "Courts divert cases", "Les tribunaux orientent"],
        ["end group"],
        ["end group"],
        ["integer", "year", "Year", "Année"],
    ]
    form, notes = read_xlsform_with_notes(
        write_workbook(tmp_path / "Country_Check.xlsx", {"survey": survey})
    )

    assert (form.form_id, form.version) == ("country-check", "1")
    assert [(d.code, d.title["en"]) for d in form.domains] == [
        ("D1", "Country Check"),
        ("D2", "Police"),
        ("D3", "Courts"),
    ]
    assert [i.name for i in form.domains[0].items()] == ["respondent", "year"]
    assert [i.name for i in form.domains[2].items()] == ["diversion"]
    assert form.domains[2].title == {"en": "Courts", "fr": "Tribunaux"}
    assert [(n.row, n.column) for n in notes] == [(2, "$kuid"), (2, "guidance_hint")]


def test_unsupported_things_are_all_listed_by_sheet_row_and_column(tmp_path: Path) -> None:
    with pytest.raises(XlsFormRejected) as info:
        read_xlsform(broken_form(tmp_path))
    found = {(p.sheet, p.row, p.column): p.message for p in info.value.problems}

    assert "media questions are not supported" in found["survey", 3, "type"]
    assert "${a} names no question" in found["survey", 4, "calculation"]
    assert "nobody" in found["survey", 5, "relevant"]
    assert "external_choices" in found["survey", 6, "type"]
    assert "${none} names no question" in found["survey", 7, "repeat_count"]
    assert "condition" in found["survey", 8, "required"]
    assert "only score" in found["survey", 10, "weight"]
    assert "Klingon" in found["survey", 11, "label::Klingon"]
    assert "without a begin" in found["survey", 12, "type"]
    assert ("choices", 2, "image") in found
    assert not any(row == 2 and sheet == "survey" for sheet, row, _ in found)


def test_a_broken_expression_and_a_duplicate_name_name_their_rows(tmp_path: Path) -> None:
    survey = [
        ["type", "name", "label", "constraint"],
        ["integer", "age", "Age", ". > (1"],
        ["integer", "age", "Age again"],
        ["begin repeat", "people", "People"],
        ["text", "who", "Who"],
    ]
    assert rejected(write_workbook(tmp_path / "f.xlsx", {"survey": survey})) >= {
        ("survey", 2, "constraint"),
        ("survey", 3, "name"),
        ("survey", 4, "type"),
    }


def test_a_file_that_is_not_a_workbook_is_refused_not_crashed_on(tmp_path: Path) -> None:
    fake = tmp_path / "form.xlsx"
    fake.write_text("type,name,label\ntext,a,A\n")
    assert rejected(fake) == {("workbook", None, None)}
    other = tmp_path / "form.csv"
    other.write_text("type,name,label\n")
    assert rejected(other) == {("workbook", None, None)}


def test_labels_without_the_default_language_and_choice_names_are_checked(tmp_path: Path) -> None:
    survey = [["type", "name", "label::fr"], ["select_one l", "q", "Question"]]
    choices = [["list_name", "name", "label::fr"], ["l", "un choix", "Un"], ["l", "b", None]]
    settings = [["default_language"], ["en"]]
    path = write_workbook(
        tmp_path / "f.xlsx", {"survey": survey, "choices": choices, "settings": settings}
    )
    assert rejected(path) == {
        ("survey", 2, "label"),
        ("choices", 2, "name"),
        ("choices", 3, "label"),
    }


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("en", "en"),
        ("EN", "en"),
        ("English (en)", "en"),
        ("english", "en"),
        ("French", "fr"),
        ("Arabic (ar)", "ar"),
        ("Français", "fr"),
        ("chinese", "zh"),
        ("pt-BR", "pt-BR"),
        ("Klingon", None),
        ("xx", None),
    ],
)
def test_language_columns_map_to_iso_codes(text: str, code: str | None) -> None:
    assert language_code(text) == code


def test_the_shared_workbooks_that_fit_import_with_their_questions_and_choices() -> None:
    form = read_xlsform(SHARED / "yes_or_no_question.xlsx")
    item = form.item("good_day")
    assert (item.type, item.choices, item.label) == (
        ItemType.SELECT_ONE,
        "yes_or_no",
        {"en": "have you had a good day today?"},
    )
    assert [(c.name, c.label) for c in form.choice_lists[0].choices] == [
        ("yes", {"en": "yes"}),
        ("no", {"en": "no"}),
    ]

    form = read_xlsform(SHARED / "text_and_integer.xlsx")
    assert [(i.name, i.type) for _, i in form.items()] == [
        ("your_name", ItemType.TEXT),
        ("your_age", ItemType.INTEGER),
    ]

    # Refused before for its "phone number" row, a metadata field: now noted and skipped.
    form, notes = read_xlsform_with_notes(SHARED / "group.xlsx")
    assert [(i.name, i.type) for _, i in form.items()] == [
        ("family_name", ItemType.TEXT),
        ("age", ItemType.INTEGER),
    ]
    assert [(n.row, n.column) for n in notes] == [(4, "type")]

    form = read_xlsform(SHARED / "field-list.xlsx")
    assert form.languages == ["en", "zh"]
    group = form.domains[0].elements[0]
    assert isinstance(group, FormGroup)
    assert group.name == "name"
    assert form.item("table_list_question").hint == {"en": "hint"}
    assert form.choice_lists[0].choices[0].label == {"en": "Yes", "zh": "是"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            # select_one_external and choice_filter (rows 3) are read now.
            "case_insensitivity.xlsx",
            {
                ("survey", 4, "type"),
                ("entities", 2, None),
                ("osm", 2, None),
                ("osm", 3, None),
            },
        ),
        # Its "or specify other" (row 2) is read now; the legacy loop is not.
        ("loop.xlsx", {("survey", 3, "type"), ("survey", 5, "type")}),
    ],
)
def test_the_shared_workbooks_that_do_not_fit_are_refused_by_sheet_and_row(
    name: str, expected: set[tuple[str, int | None, str | None]]
) -> None:
    assert rejected(SHARED / name) == expected


def test_or_specify_other_adds_the_other_choice_and_a_question_shown_when_it_is_chosen() -> None:
    # Refused before: pyxform's "or specify other" (or_other), as in specify_other.xlsx.
    form = read_xlsform(SHARED / "specify_other.xlsx")
    assert [(c.name, c.label) for c in form.choice_lists[0].choices] == [
        ("male", {"en": "Male"}),
        ("female", {"en": "Female"}),
        ("other", {"en": "Other"}),
    ]
    other = form.item("sex_other")
    assert (other.type, other.label) == (ItemType.TEXT, {"en": "Specify other."})

    def shown(choice: str) -> bool:
        answer = Answer(value=ChoiceAnswer(value=choice))
        assessment = Assessment(
            country="KEN",
            form_id=form.form_id,
            form_version=form.version,
            assessed_on=date(2026, 3, 4),
            answers={"sex": answer},
        )
        return "sex_other" in evaluate_form(form, assessment).relevant

    assert shown("other")
    assert not shown("female")


def test_or_other_that_pyxform_refuses_is_refused_with_its_row(tmp_path: Path) -> None:
    choices = [["list_name", "name", "label", "kind"], ["yn", "yes", "Yes", "a"]]
    survey: list[list[object]] = [
        ["type", "name", "label", "choice_filter"],
        ["select_one yn or_other", "q", "Q?", "kind = 'a'"],
        ["text", "p_other", "P?", None],
        ["select_one yn or_other", "p", "P?", None],
    ]
    path = write_workbook(tmp_path / "o.xlsx", {"survey": survey, "choices": choices})
    assert rejected(path) == {("survey", 2, "choice_filter"), ("survey", 4, "type")}


def test_every_shared_workbook_imports_or_is_refused_never_crashes() -> None:
    workbooks = sorted(SHARED.glob("*.xlsx"))
    assert len(workbooks) >= 7
    imported, refused = [], []
    for path in workbooks:
        try:
            form = read_xlsform(path)
        except XlsFormRejected as error:
            refused.append((path.name, error.problems))
        else:
            imported.append((path.name, list(form.items())))
    assert all(items for _, items in imported)
    # 5 of the 7: the others ask for OpenStreetMap and entities (case_insensitivity) and a
    # legacy loop (loop), each refused with its rows above.
    assert sorted(name for name, _ in imported) == [
        "field-list.xlsx",
        "group.xlsx",
        "specify_other.xlsx",
        "text_and_integer.xlsx",
        "yes_or_no_question.xlsx",
    ]
    assert all(problems for _, problems in refused)
    assert all(p.sheet and p.message for _, problems in refused for p in problems)
    assert len(imported) + len(refused) == len(workbooks)


SPANISH_SURVEY = [["type", "name", "label::Español (es)"], ["score", "ley", "Existe una ley"]]


SWAHILI_SURVEY = [["type", "name", "label::Kiswahili (sw)"], ["score", "sheria", "Kuna sheria"]]


def test_a_form_in_another_language_labels_its_own_scale(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "sw.xlsx", {"survey": SWAHILI_SURVEY})
    with pytest.raises(XlsFormRejected) as info:
        read_xlsform(path)
    assert [(p.sheet, p.column) for p in info.value.problems] == [("settings", "default_language")]
    assert "icati_scale" in info.value.problems[0].message

    # Spanish is one of the default scale's languages: a Spanish form may leave it out.
    spanish = read_xlsform(write_workbook(tmp_path / "es.xlsx", {"survey": SPANISH_SURVEY}))
    assert [a.label for a in spanish.scale.anchors][4] == {"es": "Institucionalizado"}
    assert spanish.scale.dont_know_label == {"es": "No sabe"}

    labels = ["Ausente", "Reconocido", "Planificado", "Operativo", "Institucionalizado"]
    choices = [["list_name", "name", "label::es"]]
    choices += [["icati_scale", str(value), label] for value, label in enumerate(labels)]
    choices += [["icati_scale", "dont_know", "No sé"]]
    path = write_workbook(tmp_path / "es.xlsx", {"survey": SPANISH_SURVEY, "choices": choices})
    form = read_xlsform(path)
    assert form.default_language == "es"
    assert form.choice_lists == []
    assert [a.label for a in form.scale.anchors][4] == {"es": "Institucionalizado"}
    assert form.scale.dont_know_allowed
    assert form.scale.dont_know_label == {"es": "No sé"}

    incomplete = write_workbook(
        tmp_path / "es.xlsx", {"survey": SPANISH_SURVEY, "choices": choices[:3]}
    )
    assert rejected(incomplete) == {("choices", 2, "name")}


def test_pyxforms_own_errors_become_problems(tmp_path: Path) -> None:
    no_type_column = [["name", "label"], ["q", "Question"]]
    with pytest.raises(XlsFormRejected) as info:
        read_xlsform(write_workbook(tmp_path / "f.xlsx", {"survey": no_type_column}))
    assert [(p.sheet, p.row) for p in info.value.problems] == [("workbook", None)]
    assert "type" in info.value.problems[0].message


def test_domains_named_out_of_order_are_numbered_by_code(tmp_path: Path) -> None:
    survey = [
        ["type", "name", "label", "domain", "domain_title"],
        ["score", "b", "B", "D2", "Second"],
        ["score", "a", "A", "d1", "First"],
        ["score", "c", "C", "2"],
    ]
    form = read_xlsform(write_workbook(tmp_path / "f.xlsx", {"survey": survey}))
    assert [(d.code, d.title["en"], [i.name for i in d.items()]) for d in form.domains] == [
        ("D1", "First", ["a"]),
        ("D2", "Second", ["b", "c"]),
    ]
    survey.append(["score", "d", "D"])
    assert rejected(write_workbook(tmp_path / "g.xlsx", {"survey": survey})) == {
        ("survey", 5, "domain")
    }


def test_an_expression_outside_a_repeat_cannot_see_inside_it(tmp_path: Path) -> None:
    survey = [
        ["type", "name", "label", "relevant"],
        ["begin repeat", "sites", "Sites"],
        ["integer", "staff", "Staff"],
        ["end repeat"],
        ["text", "summary", "Summary", "${staff} > 2"],
    ]
    with pytest.raises(XlsFormRejected) as info:
        read_xlsform(write_workbook(tmp_path / "f.xlsx", {"survey": survey}))
    [problem] = info.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("survey", 5, "relevant")
    assert "sites" in problem.message


def test_hostile_expressions_are_refused_not_run(tmp_path: Path) -> None:
    survey = [
        ["type", "name", "label", "constraint"],
        ["text", "a", "A", "__import__('os').system('echo hacked')"],
        ["integer", "b", "B", "(" * 500 + "1" + ")" * 500],
        ["integer", "c", "C", ". > 0 and unknown_function(.)"],
    ]
    assert rejected(write_workbook(tmp_path / "f.xlsx", {"survey": survey})) == {
        ("survey", 2, "constraint"),
        ("survey", 3, "constraint"),
        ("survey", 4, "constraint"),
    }


def test_numbered_choices_are_kept_as_written(tmp_path: Path) -> None:
    survey = [["type", "name", "label"], ["select_one agree", "q", "Agree?"]]
    choices = [["list_name", "name", "label"], ["agree", "1", "Yes"], ["agree", "2", "No"]]
    form = read_xlsform(
        write_workbook(tmp_path / "numbered.xlsx", {"survey": survey, "choices": choices})
    )
    assert [c.name for c in form.choice_lists[0].choices] == ["1", "2"]
