"""Answers filled in elsewhere: JSON, and ODK Central / KoboToolbox exports as CSV and XLSX."""

from __future__ import annotations

import csv
import io
import re
import struct
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from icati_desktop.domain.assessments import (
    ChoiceAnswer,
    ChoicesAnswer,
    DateAnswer,
    DontKnowAnswer,
    NumberAnswer,
    ScoreAnswer,
    TextAnswer,
)
from icati_desktop.formats.submissions import (
    MAX_BYTES,
    RepeatsNotInFile,
    SubmissionFileError,
    form_reference,
    read_submissions,
)
from tests.formats.small_form import default_form, small_form, write_json


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


# --- JSON ---------------------------------------------------------------------------


def test_json_answers_of_every_type_are_tagged_by_the_item(tmp_path: Path) -> None:
    path = write_json(
        tmp_path / "a.json",
        {
            "form_id": "small",
            "version": "1",
            "assessed_on": "2026-03-04",
            "answers": {
                "law": 3,
                "has_strategy": "yes",
                "strategy_year": 2021,
                "adopted_on": "2021-05-17",
                "comment": "drafted with the ministry",
                "coordination": {"value": "dk", "note": "ask the ministry"},
                "budget": 1250.75,
                "partners": ["police", "health"],
            },
            "repeats": {"sites": [{"site_name": "Nairobi", "site_score": 2}]},
        },
    )
    assert form_reference(path) == ("small", "1")
    [got] = read_submissions(path, small_form())
    assert got.problems == []
    assert got.assessed_on == date(2026, 3, 4)
    values = {name: answer.value for name, answer in got.answers.items()}
    assert values == {
        "law": ScoreAnswer(value=3),
        "has_strategy": ChoiceAnswer(value="yes"),
        "strategy_year": NumberAnswer(value=Decimal(2021)),
        "adopted_on": DateAnswer(value=date(2021, 5, 17)),
        "comment": TextAnswer(value="drafted with the ministry"),
        "coordination": DontKnowAnswer(),
        "budget": NumberAnswer(value=Decimal("1250.75")),
        "partners": ChoicesAnswer(value=["police", "health"]),
    }
    # The decimal is exact, never a float on the way.
    budget = got.answers["budget"].value
    assert isinstance(budget, NumberAnswer)
    assert str(budget.value) == "1250.75"
    assert got.answers["coordination"].note == "ask the ministry"
    assert got.repeats["sites"][0]["site_score"].score == 2


def test_json_problems_name_each_item_and_what_it_takes(tmp_path: Path) -> None:
    path = write_json(
        tmp_path / "bad.json",
        {
            "form_id": "small",
            "version": "1",
            "answers": {
                "law": 7,
                "has_strategy": "maybe",
                "strategy_year": "2021.5",
                "adopted_on": "17/05/2021",
                "not_an_item": 1,
                "site_name": "x",
                "partners": ["police", "police"],
            },
        },
    )
    [got] = read_submissions(path, small_form())
    text = "\n".join(got.problems)
    assert len(got.problems) == 7, text
    assert "law takes a score 0, 1, 2, 3 or 4" in text
    assert "maybe is not a choice; the choices are yes, no" in text
    assert "strategy_year takes a whole number" in text
    assert "YYYY-MM-DD" in text
    assert "answers.not_an_item: is not an item of the form" in text
    assert 'answers.site_name: belongs in "repeats"' in text
    assert "a choice is given twice" in text


def test_json_for_another_form_is_a_problem(tmp_path: Path) -> None:
    path = write_json(tmp_path / "a.json", {"form_id": "other", "answers": {"law": 1}})
    [got] = read_submissions(path, small_form())
    assert got.problems == ["the file is for form other, not small"]


def test_hostile_json_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"answers": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(SubmissionFileError, match="not valid JSON"):
        read_submissions(deep, small_form())
    huge = tmp_path / "huge.json"
    huge.write_text('{"answers": {"budget": ' + "9" * 10_000 + "}}", encoding="utf-8")
    with pytest.raises(SubmissionFileError, match="not valid JSON"):
        read_submissions(huge, small_form())
    odd = write_json(
        tmp_path / "odd.json",
        {"version": "2", "answers": {"comment": ["x"]}, "repeats": {"sites": ["x"]}},
    )
    [got] = read_submissions(odd, small_form())
    assert got.problems == [
        "the file is for version 2 of the form, not 1",
        "answers.comment: comment takes text, not ['x']",
        "repeats.sites[1]: an entry maps item names to answers",
    ]


def test_a_file_that_is_not_answers_is_refused_with_what_is_expected(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(SubmissionFileError, match='"answers"'):
        read_submissions(tmp_path / "a.json", small_form())
    (tmp_path / "a.txt").write_text("law=1", encoding="utf-8")
    with pytest.raises(SubmissionFileError, match=r"\.json.*\.csv or \.xlsx"):
        read_submissions(tmp_path / "a.txt", small_form())


# --- ODK Central / Kobo exports ------------------------------------------------------

ODK_HEADER = [
    "SubmissionDate",
    "start",
    "end",
    "intro",
    "d1/law",
    "d1/details/has_strategy",
    "d1/details/strategy_year",
    "d1/details/adopted_on",
    "d1/details/comment",
    "d2/coordination",
    "d2/budget",
    "d2/partners",
    "d2/partners/police",
    "d2/partners/health",
    "d2/partners/courts",
    "meta/instanceID",
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
]


def odk_row(law: str, partners: str, flags: tuple[str, str, str], start: str) -> list[str]:
    return [
        "2026-03-05T09:00:00.000Z",
        start,
        "2026-03-04T12:00:00.000+03:00",
        "",
        law,
        "yes",
        "2019",
        "2019-06-01",
        "=HYPERLINK(evil)",
        "dk",
        "1500.5",
        partners,
        *flags,
        "uuid:7f0c…",
        "uuid:7f0c…",
        "5",
        "amina",
        "0",
        "0",
        "",
        "approved",
        "collect:abc",
        "0",
        "1",
    ]


def test_odk_central_csv_with_group_paths_and_metadata(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "small.csv",
        [
            ODK_HEADER,
            odk_row("3", "police health", ("1", "1", "0"), "2026-03-04T09:10:00.000+03:00"),
            odk_row("0", "courts", ("0", "0", "1"), "2026-03-11T09:10:00.000+03:00"),
        ],
    )
    first, second = read_submissions(path, small_form(), without_repeats=True)
    assert first.problems == []
    assert second.problems == []
    assert (first.row, second.row) == (2, 3)
    # The date of the workshop: ``start``, as written (local to the device).
    assert (first.assessed_on, second.assessed_on) == (date(2026, 3, 4), date(2026, 3, 11))
    assert first.answers["law"].score == 3
    assert second.answers["law"].score == 0
    assert first.answers["coordination"].is_dont_know
    assert first.answers["has_strategy"].value == ChoiceAnswer(value="yes")
    assert first.answers["budget"].value == NumberAnswer(value=Decimal("1500.5"))
    assert first.answers["partners"].value == ChoicesAnswer(value=["police", "health"])
    assert second.answers["partners"].value == ChoicesAnswer(value=["courts"])
    assert first.answers["comment"].value == TextAnswer(value="=HYPERLINK(evil)")
    assert "intro" not in first.answers


def test_kobo_xlsx_with_short_headers_and_only_expanded_select_multiple(tmp_path: Path) -> None:
    header = [
        "start",
        "end",
        "today",
        "law",
        "has_strategy",
        "strategy_year",
        "budget",
        "partners/police",
        "partners/health",
        "partners/courts",
        "coordination",
        "_id",
        "_uuid",
        "_submission_time",
        "_validation_status",
        "_notes",
        "_status",
        "_submitted_by",
        "__version__",
        "_tags",
        "_index",
    ]
    row: list[object] = [
        "2026-04-01T08:00:00.000+01:00",
        "2026-04-01T11:00:00.000+01:00",
        "2026-04-02",
        4,
        "no",
        2020,
        12.25,
        0,
        1,
        1,
        "DK",
        101,
        "c0ffee",
        "2026-04-02T10:00:00",
        "",
        "",
        "submitted_via_web",
        "",
        "vAbCdEf",
        "",
        1,
    ]
    path = write_xlsx(tmp_path / "kobo.xlsx", [header, row])
    [got] = read_submissions(path, small_form())
    assert got.problems == []
    assert got.assessed_on == date(2026, 4, 2)  # ``today`` comes first
    assert got.answers["law"].score == 4
    assert got.answers["strategy_year"].value == NumberAnswer(value=Decimal(2020))
    assert got.answers["budget"].value == NumberAnswer(value=Decimal("12.25"))
    assert got.answers["partners"].value == ChoicesAnswer(value=["health", "courts"])
    assert got.answers["coordination"].is_dont_know


def test_kobo_dash_separated_groups(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "kobo.csv",
        [["d1-law", "d1-details-has_strategy", "_id"], ["2", "no", "7"]],
    )
    [got] = read_submissions(path, small_form(), without_repeats=True)
    assert got.problems == []
    assert got.answers["law"].score == 2
    assert got.answers["has_strategy"].value == ChoiceAnswer(value="no")


def test_unknown_columns_and_bad_values_are_listed_with_row_and_column(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        [
            ["d1/law", "d1/lawyers_count", "d2/partners", "d2/partners/police", "empty_extra"],
            ["5", "12", "police", "0", ""],
            ["-1", "", "army", "", ""],
        ],
    )
    first, second = read_submissions(path, small_form(), without_repeats=True)
    assert first.problems == [
        "row 2, column 'd1/law': law takes a score 0, 1, 2, 3 or 4, or \"dk\" for don't know; "
        "not '5'",
        "row 2, column 'd1/lawyers_count': not an item of form small@1",
        "row 2, column 'partners': partners says 'police' but its 0/1 columns say ''",
    ]
    assert second.problems == [
        "row 3, column 'd1/law': law takes a score 0, 1, 2, 3 or 4, or \"dk\" for don't know; "
        "not '-1'",
        "row 3, column 'd2/partners': partners: army is not a choice; the choices are "
        "police, health, courts",
    ]


def test_repeat_items_in_a_spreadsheet_are_refused_with_the_way_to_give_them(
    tmp_path: Path,
) -> None:
    path = write_csv(tmp_path / "r.csv", [["d2/sites/site_score"], ["2"]])
    [got] = read_submissions(path, small_form(), without_repeats=True)
    assert got.problems == [
        "row 2, column 'd2/sites/site_score': site_score is in the repeat group sites: "
        "Kobo's XLSX export gives it its own sheet; otherwise give repeat answers as JSON"
    ]


def test_kobo_xlsx_repeat_sheets_become_entries_of_their_submission(tmp_path: Path) -> None:
    workbook = Workbook()
    main = workbook.active
    assert main is not None
    main.title = "Small form"
    for row in (["law", "_id", "_index"], [1, 501, 1], [], [2, 502, 2]):
        main.append(row)
    sites = workbook.create_sheet("sites")
    for row in (
        ["d2/sites/site_name", "d2/sites/site_score", "_index", "_parent_table_name",
         "_parent_index", "_submission__id"],
        ["Nairobi", 2, 1, "Small form", 1, 501],
        ["Mombasa", "dk", 2, "Small form", 1, 501],
        ["Kisumu", 3, 3, "Small form", 2, 502],
    ):  # fmt: skip
        sites.append(row)
    workbook.save(tmp_path / "kobo.xlsx")
    first, second = read_submissions(tmp_path / "kobo.xlsx", small_form())
    assert first.problems == []
    assert second.problems == []
    assert (first.row, second.row) == (2, 4)  # the blank row keeps the numbering true
    assert [e["site_name"].value for e in first.repeats["sites"]] == [
        TextAnswer(value="Nairobi"),
        TextAnswer(value="Mombasa"),
    ]
    assert first.repeats["sites"][1]["site_score"].is_dont_know
    assert [e["site_score"].score for e in second.repeats["sites"]] == [3]


def test_kobo_xlsx_sheets_that_do_not_fit_are_problems(tmp_path: Path) -> None:
    workbook = Workbook()
    main = workbook.active
    assert main is not None
    for row in (["law", "_index"], [1, 1]):
        main.append(row)
    sites = workbook.create_sheet("sites")
    for row in (["site_score", "colour", "_parent_index"], [9, "red", 1], [1, "", 7]):
        sites.append(row)
    visits = workbook.create_sheet("visits")
    for row in (["when", "_parent_index"], ["2026-01-01", 1]):
        visits.append(row)
    workbook.save(tmp_path / "kobo.xlsx")
    [got] = read_submissions(tmp_path / "kobo.xlsx", small_form())
    assert got.problems == [
        "sheet 'sites', row 2, column 'site_score': site_score takes a score 0, 1, 2, 3 or 4, "
        "or \"dk\" for don't know; not '9'",
        "sheet 'sites', row 2, column 'colour': not an item of form small@1",
        "sheet 'sites', row 3: no submission with _index '7' on the first sheet for this entry",
        "sheet 'visits': not a repeat group of form small@1",
    ]


def test_default_form_export_reads_every_domain(tmp_path: Path) -> None:
    form = default_form()
    names = [item.name for _, item in form.items()]
    header = [f"{domain.code.lower()}/{item.name}" for domain, item in form.items()]
    scores = [str(i % 5) for i in range(len(names))]
    scores[1] = "dk"
    scores[2] = "dont_know"  # the name the XLSForm import gives icati_scale's "don't know"
    path = write_csv(tmp_path / "ati.csv", [["SubmissionDate", *header], ["2026-05-01", *scores]])
    [got] = read_submissions(path, form)
    assert got.problems == []
    assert got.assessed_on == date(2026, 5, 1)
    assert len(got.answers) == len(names)
    assert got.answers[names[0]].score == 0
    assert got.answers[names[1]].is_dont_know
    assert got.answers[names[2]].is_dont_know
    assert got.answers[names[7]].score == 2


def test_an_export_with_only_a_header_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "h.csv", [["law"]])
    with pytest.raises(SubmissionFileError, match="no submission rows"):
        read_submissions(path, small_form(), without_repeats=True)


def test_dont_know_on_anything_but_a_score_is_a_problem_with_row_and_column(
    tmp_path: Path,
) -> None:
    """The form engine refuses "don't know" off score items, so an import reports it
    rather than storing an answer that would block the submit."""
    path = write_csv(
        tmp_path / "dk.csv",
        [["d1/law", "d1/details/comment", "d1/details/strategy_year", "d2/coordination"],
         ["dk", "DK", "dont_know", "dk"]],
    )  # fmt: skip
    [got] = read_submissions(path, small_form(), without_repeats=True)
    assert got.problems == [
        "row 2, column 'd1/details/comment': comment: \"don't know\" is only for score "
        "questions; answer it or leave it empty",
        "row 2, column 'd1/details/strategy_year': strategy_year: \"don't know\" is only for "
        "score questions; answer it or leave it empty",
    ]
    assert set(got.answers) == {"law", "coordination"}
    assert got.answers["law"].is_dont_know
    json_path = write_json(
        tmp_path / "dk.json",
        {"answers": {"has_strategy": "dk"}, "repeats": {"sites": [{"site_name": "dk"}]}},
    )
    [from_json] = read_submissions(json_path, small_form())
    assert [p.split(":")[0] for p in from_json.problems] == [
        "answers.has_strategy",
        "repeats.sites[1].site_name",
    ]
    assert from_json.answers == {}
    assert from_json.repeats == {"sites": [{}]}


# --- ODK Central's CSV export zip ----------------------------------------------------


def write_zip(path: Path, members: dict[str, list[list[str]]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in members.items():
            text = io.StringIO(newline="")
            csv.writer(text).writerows(rows)
            archive.writestr(name, text.getvalue())
    return path


ODK_MAIN = [
    ["SubmissionDate", "d1/law", "d2/coordination", "SET-OF-sites", "meta/instanceID", "KEY"],
    ["2026-03-04T10:00:00.000Z", "3", "2", "uuid:a/sites", "uuid:a", "uuid:a"],
    ["2026-03-05T10:00:00.000Z", "1", "dk", "uuid:b/sites", "uuid:b", "uuid:b"],
]
ODK_SITES_HEADER = ["d2/sites/site_name", "site_score", "PARENT_KEY", "KEY", "SET-OF-sites"]


def test_odk_central_zip_attaches_repeat_rows_to_their_submission_in_order(
    tmp_path: Path,
) -> None:
    path = write_zip(
        tmp_path / "small.zip",
        {
            "small.csv": ODK_MAIN,
            "small-sites.csv": [
                ODK_SITES_HEADER,
                ["Nairobi", "2", "uuid:a", "uuid:a/sites[1]", "uuid:a/sites"],
                ["Kisumu", "4", "uuid:b", "uuid:b/sites[1]", "uuid:b/sites"],
                ["Mombasa", "dk", "uuid:a", "uuid:a/sites[2]", "uuid:a/sites"],
            ],
            "media/photo.jpg": [["not read"]],
        },
    )
    first, second = read_submissions(path, small_form())
    assert first.problems == []
    assert second.problems == []
    assert (first.answers["law"].score, second.answers["law"].score) == (3, 1)
    assert first.assessed_on == date(2026, 3, 4)
    assert [e["site_name"].value for e in first.repeats["sites"]] == [
        TextAnswer(value="Nairobi"),
        TextAnswer(value="Mombasa"),
    ]
    assert first.repeats["sites"][0]["site_score"].score == 2
    assert first.repeats["sites"][1]["site_score"].is_dont_know
    assert [(e["site_name"].value, e["site_score"].score) for e in second.repeats["sites"]] == [
        (TextAnswer(value="Kisumu"), 4)
    ]


def test_odk_central_zip_orphans_and_unknown_tables_are_problems(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "small.zip",
        {
            "small.csv": ODK_MAIN,
            "small-sites.csv": [
                ODK_SITES_HEADER,
                ["Nairobi", "2", "uuid:zzz", "uuid:zzz/sites[1]", ""],
            ],
            "small-visits.csv": [["when", "PARENT_KEY", "KEY"], ["2026-01-01", "uuid:a", "k"]],
        },
    )
    first, second = read_submissions(path, small_form())
    assert first.problems == [
        "small-sites.csv, row 2: no submission with KEY 'uuid:zzz' in the main table "
        "for this entry",
        "small-visits.csv: not a repeat group of form small@1",
    ]
    assert first.repeats == {}
    assert second.repeats == {}


def test_a_plain_csv_for_a_form_with_repeats_is_refused_unless_asked(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "small.csv", ODK_MAIN)
    with pytest.raises(RepeatsNotInFile, match=r"repeat groups \(sites\).*ZIP export"):
        read_submissions(path, small_form())
    first, second = read_submissions(path, small_form(), without_repeats=True)
    assert (first.answers["law"].score, second.answers["law"].score) == (3, 1)
    assert first.repeats == {}


def _patch_central_entry(data: bytes, index: int, offset: int, value: int) -> bytes:
    """``data`` with a 4-byte field of its ``index``-th central directory entry replaced."""
    at = [m.start() for m in re.finditer(b"PK\x01\x02", data)][index] + offset
    return data[:at] + struct.pack("<L", value) + data[at + 4 :]


def test_hostile_zips_are_refused_before_anything_is_read(tmp_path: Path) -> None:
    form = small_form()
    traversal = write_zip(tmp_path / "t.zip", {"small.csv": ODK_MAIN, "../x.csv": [["a"]]})
    with pytest.raises(SubmissionFileError, match=r"'\.\./x\.csv' points outside"):
        read_submissions(traversal, form)

    many = write_zip(tmp_path / "m.zip", {f"small-{n}.csv": [["a"]] for n in range(201)})
    with pytest.raises(SubmissionFileError, match="201 files, more than 200"):
        read_submissions(many, form)

    # Two entries sharing their bytes (CVE-2024-0450): the second, renamed to match,
    # points at the first's local header; zipfile itself would read both.
    two = write_zip(tmp_path / "o.zip", {"small.csv": ODK_MAIN, "xmall.csv": [["a"]]})
    with zipfile.ZipFile(two) as archive:
        main = archive.getinfo("small.csv")
    shared = two.read_bytes().replace(b"xmall.csv", b"small.csv")
    for offset, value in ((16, main.CRC), (20, main.compress_size), (24, main.file_size)):
        shared = _patch_central_entry(shared, 1, offset, value)
    shared = _patch_central_entry(shared, 1, 42, 0)
    overlapping = tmp_path / "overlap.zip"
    overlapping.write_bytes(shared)
    with pytest.raises(SubmissionFileError, match="overlaps another entry"):
        read_submissions(overlapping, form)

    # An entry that says it expands to more than the 50 MB limit.
    big = tmp_path / "big.zip"
    big.write_bytes(_patch_central_entry(two.read_bytes(), 0, 24, MAX_BYTES + 1))
    with pytest.raises(SubmissionFileError, match=r"'small\.csv' unpacks to more than 50 MB"):
        read_submissions(big, form)

    not_zip = tmp_path / "n.zip"
    not_zip.write_bytes(b"SubmissionDate,law\n")
    with pytest.raises(SubmissionFileError, match="not a readable zip"):
        read_submissions(not_zip, form)

    no_main = write_zip(tmp_path / "x.zip", {"small-sites.csv": [ODK_SITES_HEADER]})
    with pytest.raises(SubmissionFileError, match=r"one main table.*holds 0"):
        read_submissions(no_main, form)
