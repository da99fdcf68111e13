"""XLSForm columns and types of the common set, one at a time: what is read, what is
recorded, and what is still refused — by row and column, with what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from icati_desktop.domain.forms import ItemType
from icati_desktop.formats.xlsform import (
    XlsFormRejected,
    media_files,
    read_xlsform,
    read_xlsform_with_notes,
)
from tests.formats.xlsforms import Rows, write_workbook


def survey_form(tmp_path: Path, survey: Rows, **sheets: Rows) -> Path:
    return write_workbook(tmp_path / "form.xlsx", {"survey": survey, **sheets})


def refused(path: Path, media: Path | None = None) -> dict[tuple[str, int | None, str | None], str]:
    with pytest.raises(XlsFormRejected) as info:
        read_xlsform(path, media)
    return {(p.sheet, p.row, p.column): p.message for p in info.value.problems}


@pytest.mark.parametrize(
    ("type_", "words"),
    [
        ("image", "media questions are not supported"),
        ("audio", "media questions are not supported"),
        ("barcode", "media questions are not supported"),
        ("audit", "records how or where the form was filled in"),
        ("background-geopoint", "records how or where"),
        ("range", "use an integer or decimal question with a constraint"),
        ("rank choices", "ranking is not supported"),
        ("geotrace", "ask for a geopoint"),
        ("osm buildings", "ask for a geopoint"),
        ("hidden", "question type 'hidden' is not supported"),
    ],
)
def test_what_remains_unsupported_is_refused_with_what_to_do(
    tmp_path: Path, type_: str, words: str
) -> None:
    path = survey_form(tmp_path, [["type", "name", "label"], ["text", "a", "A"], [type_, "b", "B"]])
    found = refused(path)
    assert list(found) == [("survey", 3, "type")]
    assert words in found["survey", 3, "type"]


def test_columns_that_would_change_the_form_are_refused_by_row_and_column(tmp_path: Path) -> None:
    survey: Rows = [
        ["type", "name", "label", "read_only", "appearance", "parameters", "trigger",
         "calculation", "default", "choice_filter", "required"],
        ["text", "a", "A", "${b} = 1"],
        ["text", "b", "B", None, "search('towns')"],
        ["integer", "c", "C", None, None, "randomize=true"],
        ["text", "d", "D", None, None, None, "${a}"],
        ["score", "e", "E", None, None, None, None, "1 + 1"],
        ["calculate", "f", None],
        ["integer", "g", "G", None, None, None, None, None, "many"],
        ["text", "h", "H", None, None, None, None, None, None, "x = 1"],
        ["text", "i", "I", None, None, None, None, "'x'", "y"],
        ["select_one_from_file towns.geojson", "j", "J"],
    ]  # fmt: skip
    found = refused(survey_form(tmp_path, survey))
    assert "read_only must be yes or no" in found["survey", 2, "read_only"]
    assert "select_one_from_file instead" in found["survey", 3, "appearance"]
    assert (
        "'randomize' is not supported for a question of type integer"
        in found["survey", 4, "parameters"]
    )
    assert "trigger is not supported" in found["survey", 5, "trigger"]
    assert "answered by people, never calculated" in found["survey", 6, "calculation"]
    assert "needs a calculation" in found["survey", 7, "calculation"]
    assert ("survey", 8, "default") not in found  # other rows' problems come first
    assert "only select questions" in found["survey", 9, "choice_filter"]
    assert "has no default" in found["survey", 10, "default"]
    assert ".csv or .xml file" in found["survey", 11, "type"]


def test_a_default_that_is_not_an_answer_of_its_question_names_its_row(tmp_path: Path) -> None:
    survey: Rows = [
        ["type", "name", "label", "default"],
        ["integer", "n", "N", "many"],
        ["select_one yn", "q", "Q", "maybe"],
        ["date", "d", "D", "2024-02-30"],
        ["select_one yn", "ok", "OK", "yes"],
    ]
    choices: Rows = [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]]
    found = refused(survey_form(tmp_path, survey, choices=choices))
    assert set(found) == {
        ("survey", 2, "default"),
        ("survey", 3, "default"),
        ("survey", 4, "default"),
    }
    assert "a choice name of yn" in found["survey", 3, "default"]


def test_appearances_are_recorded_and_unknown_ones_noted(tmp_path: Path) -> None:
    rows: Rows = [
        ["type", "name", "label", "appearance", "calculation", "bind::type",
         "body::accuracyThreshold"],
        ["text", "a", "A", "multiline w4"],
        ["date", "b", "B", "month-year"],
        ["text", "c", "C", "sparkly"],
        ["calculate", "d", None, None, "1 + 1", "int"],
        ["geopoint", "e", "E", "maps", None, None, "10"],
    ]  # fmt: skip
    form, notes = read_xlsform_with_notes(survey_form(tmp_path, rows))
    assert form.item("a").appearance == "multiline w4"
    assert form.item("b").appearance == "month-year"
    assert form.item("d").label == {"en": "d"}
    assert [(n.row, n.column) for n in notes] == [
        (4, "appearance"),
        (5, "type"),
        (6, "accuracyThreshold"),
    ]


def test_settings_versions_of_any_text_and_forms_without_scores_in_any_language(
    tmp_path: Path,
) -> None:
    survey: Rows = [["type", "name", "label::Português (pt)"], ["text", "nome", "Nome"]]
    for version, expected in [("2024-06-12", "2024-06-12"), ("v3  draft", "v3 draft")]:
        settings: Rows = [["version", "default_language"], [version, "pt"]]
        form = read_xlsform(survey_form(tmp_path, survey, settings=settings))
        assert (form.version, form.default_language) == (expected, "pt")
    too_long: Rows = [["version"], ["x" * 40]]
    found = refused(survey_form(tmp_path, survey, settings=too_long))
    assert "longer than 32 characters" in found["settings", 2, "version"]


def test_labels_with_and_without_a_language_in_one_sheet(tmp_path: Path) -> None:
    survey: Rows = [
        ["type", "name", "label", "label::Français (fr)", "hint"],
        ["text", "a", "Name", "Nom", "Full name"],
    ]
    settings: Rows = [["default_language"], ["English (en)"]]
    form = read_xlsform(survey_form(tmp_path, survey, settings=settings))
    assert form.item("a").label == {"en": "Name", "fr": "Nom"}
    assert form.item("a").hint == {"en": "Full name"}


def test_files_of_choices_need_their_folder_and_sane_content(tmp_path: Path) -> None:
    survey: Rows = [
        ["type", "name", "label", "parameters"],
        ["select_one_from_file towns.csv", "town", "Town"],
        ["select_multiple_from_file zones.xml", "zones", "Zones", "value=id"],
        ["select_one_from_file missing.csv", "other", "Other"],
    ]
    path = survey_form(tmp_path, survey)
    assert media_files(path) == ["missing.csv", "towns.csv", "zones.xml"]
    media = tmp_path / "media"
    media.mkdir()
    (media / "towns.csv").write_text(
        "name,label\nnairobi,Nairobi\nnairobi,Again\nbad name,Bad\nkisumu,\n", encoding="utf-8"
    )
    (media / "zones.xml").write_text("<root><item><id>z1</id><label>Z", encoding="utf-8")
    found = refused(path, media)
    assert "already a choice on row 2" in found["towns.csv", 3, "name"]
    assert "parameters value=COLUMN" in found["towns.csv", 4, "name"]
    assert "no label in the default language" in found["towns.csv", 5, "label"]
    assert "not readable XML" in found["zones.xml", None, None]
    assert "is not in" in found["survey", 4, "type"]

    (media / "towns.csv").write_bytes("name,label\nn1,Caf\xe9\n".encode("latin-1"))
    assert "CSV UTF-8" in refused(path, media)["towns.csv", None, None]


def test_the_types_of_the_common_set_become_items(tmp_path: Path) -> None:
    rows: Rows = [
        ["type", "name", "label", "calculation"],
        ["time", "t", "Time"],
        ["dateTime", "dt", "Date and time"],
        ["trigger", "ack", "Confirm"],
        ["gps", "where", "Where"],
        ["start", "started"],
        ["add calculate prompt", "c", None, "2 * 2"],
    ]
    form, notes = read_xlsform_with_notes(survey_form(tmp_path, rows))
    assert [(i.name, i.type) for _, i in form.items()] == [
        ("t", ItemType.TIME),
        ("dt", ItemType.DATETIME),
        ("ack", ItemType.ACKNOWLEDGE),
        ("where", ItemType.GEOPOINT),
        ("c", ItemType.CALCULATE),
    ]
    assert [(n.row, n.column) for n in notes] == [(6, "type")]
