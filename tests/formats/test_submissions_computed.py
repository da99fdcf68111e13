"""Answers from ODK Central and KoboToolbox, complete: the form named by the export, every
repeat table present, computed values recomputed and compared — not trusted — and the
new kinds of answer (times, date-times, places, confirmations) read."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from icati_desktop.domain.assessments import (
    AcknowledgedAnswer,
    DateTimeAnswer,
    GeopointAnswer,
    TextAnswer,
    TimeAnswer,
)
from icati_desktop.formats.submission_checks import rule_problems, same_value
from icati_desktop.formats.submissions import (
    SubmissionFileError,
    form_reference,
    read_submissions,
)
from icati_desktop.formats.xlsform import read_xlsform

CORPUS = Path(__file__).resolve().parents[1] / "data" / "xlsforms"


def csv_text(rows: list[list[str]]) -> str:
    text = io.StringIO(newline="")
    csv.writer(text).writerows(rows)
    return text.getvalue()


def write_zip(path: Path, members: dict[str, list[list[str]]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in members.items():
            archive.writestr(name, csv_text(rows))
    return path


CASELOAD_HEADER = [
    "SubmissionDate", "women_referred", "men_referred", "total_referred", "completed",
    "completion_rate", "why_none", "has_evaluation", "evaluation_word", "recorded_on",
    "meta/instanceID", "KEY", "FormVersion",
]  # fmt: skip


def caseload_row(total: str, rate: str, word: str = "Yes") -> list[str]:
    return [
        "2026-03-04T10:00:00.000Z", "7", "5", total, "9", rate, "", "yes", word,
        "2026-03-01", "uuid:a", "uuid:a", "2024-06 draft",
    ]  # fmt: skip


def problems_of(path: Path, form_name: str) -> list[str]:
    form = read_xlsform(CORPUS / form_name)
    found: list[str] = []
    for record in read_submissions(path, form):
        found += record.problems
        found += rule_problems(record, form, country="KEN", language="en")
    return found


def test_computed_values_are_recomputed_and_compared(tmp_path: Path) -> None:
    path = tmp_path / "caseload.csv"
    # ODK computes with floating point: 75.00000000000001 is 75.
    path.write_text(
        csv_text([CASELOAD_HEADER, caseload_row("12", "75.00000000000001")]), encoding="utf-8"
    )
    assert problems_of(path, "caseload_calculate.xlsx") == []
    form = read_xlsform(CORPUS / "caseload_calculate.xlsx")
    [record] = read_submissions(path, form)
    # once(today()) is taken as the file gives it; the others are only compared.
    assert record.answers["recorded_on"].value == TextAnswer(value="2026-03-01")
    assert "total_referred" not in record.answers

    path.write_text(csv_text([CASELOAD_HEADER, caseload_row("13", "80", "No")]), encoding="utf-8")
    assert problems_of(path, "caseload_calculate.xlsx") == [
        "row 2: total_referred: the file says '13' but the form computes '12' from the other "
        "answers; check the answers it is computed from (or that the file was filled with "
        "this version of the form)",
        "row 2: completion_rate: the file says '80' but the form computes '75' from the other "
        "answers; check the answers it is computed from (or that the file was filled with "
        "this version of the form)",
        "row 2: evaluation_word: the file says 'No' but the form computes 'Yes' from the other "
        "answers; check the answers it is computed from (or that the file was filled with "
        "this version of the form)",
    ]


@pytest.mark.parametrize(
    ("computed", "written", "same"),
    [
        (Decimal(12), "12", True),
        (Decimal("0.3"), "0.30000000000000004", True),
        (Decimal("0.3"), "0.31", False),
        (True, "true", True),
        (False, "1", False),
        (("a", "b"), "b a", True),
        (date(2026, 3, 4), "2026-03-04", True),
        (date(2026, 3, 4), "2026-03-05", False),
        (datetime(2026, 3, 4, 10, 0, tzinfo=UTC), "2026-03-04T12:00:00.000+02:00", True),
        ("", "", True),
        (None, "x", False),
        ("Nairobi", "Nairobi ", True),
    ],
)
def test_values_compare_as_odk_writes_them(computed: object, written: str, same: bool) -> None:
    assert same_value(computed, written) is same  # type: ignore[arg-type]


SITES_MAIN = [
    ["SubmissionDate", "n_sites", "total_staff", "sites_with_manager", "largest_site",
     "first_site", "staffing_gap", "SET-OF-sites", "meta/instanceID", "KEY", "FormVersion"],
    ["2026-03-04T10:00:00.000Z", "2", "8", "1", "6", "Nairobi", "More nurses",
     "uuid:a/sites", "uuid:a", "uuid:a", "3"],
]  # fmt: skip
SITES_HEADER = [
    "sites/site_no", "sites/site_name", "sites/staff", "sites/has_case_manager",
    "sites/case_manager_count", "sites/visited_on", "sites/case_manager_name",
    "PARENT_KEY", "KEY",
]  # fmt: skip


def sites_export(path: Path, entries: list[list[str]], *, with_table: bool = True) -> Path:
    members = {"site_visits.csv": SITES_MAIN}
    if with_table:
        members["site_visits-sites.csv"] = [SITES_HEADER, *entries]
    return write_zip(path, members)


ENTRIES = [
    ["1", "Nairobi", "6", "yes", "1", "2026-03-01", "Amina", "uuid:a", "k1"],
    ["2", "Kisumu", "2", "no", "0", "2026-03-02", "", "uuid:a", "k2"],
]


def test_an_odk_central_zip_names_its_form_and_its_entries_are_checked(tmp_path: Path) -> None:
    path = sites_export(tmp_path / "site_visits.zip", ENTRIES)
    assert form_reference(path) == ("site-visits", "3")
    assert problems_of(path, "site_visits_repeat.xlsx") == []

    wrong = [row.copy() for row in ENTRIES]
    wrong[1][4] = "1"  # says Kisumu has a case manager counted, but it has none
    path = sites_export(tmp_path / "wrong.zip", wrong)
    assert problems_of(path, "site_visits_repeat.xlsx") == [
        "row 2: sites[2].case_manager_count: the file says '1' but the form computes '0' from "
        "the other answers; check the answers it is computed from (or that the file was "
        "filled with this version of the form)"
    ]

    extra = [*ENTRIES, ["3", "Mombasa", "4", "no", "0", "2026-03-03", "", "uuid:a", "k3"]]
    found = problems_of(sites_export(tmp_path / "extra.zip", extra), "site_visits_repeat.xlsx")
    assert "row 2: sites: the file has 3 entries but the form's repeat_count gives 2" in found[0]


def test_a_zip_without_a_repeat_table_of_the_form_is_refused(tmp_path: Path) -> None:
    path = sites_export(tmp_path / "site_visits.zip", [], with_table=False)
    form = read_xlsform(CORPUS / "site_visits_repeat.xlsx")
    with pytest.raises(SubmissionFileError, match=r"\(site_visits-sites\.csv\)"):
        read_submissions(path, form)


def test_places_times_and_confirmations_as_odk_central_and_kobo_write_them(
    tmp_path: Path,
) -> None:
    form = read_xlsform(CORPUS / "trilingual_intake.xlsx")
    central = [
        ["consent", "interview_start", "hearing_time", "office_location-Latitude",
         "office_location-Longitude", "office_location-Altitude", "office_location-Accuracy",
         "agency", "programme", "KEY"],
        ["OK", "2026-03-04T12:30:00.000+03:00", "14:30:00.000+03:00", "-1.2921", "36.8219",
         "1795.5", "8.1", "court", "Treatment court", "uuid:a"],
    ]  # fmt: skip
    path = tmp_path / "intake.csv"
    path.write_text(csv_text(central), encoding="utf-8")
    [record] = read_submissions(path, form)
    assert record.problems == []
    values = {name: answer.value for name, answer in record.answers.items()}
    assert values["consent"] == AcknowledgedAnswer()
    assert values["interview_start"] == DateTimeAnswer(
        value=datetime(2026, 3, 4, 9, 30, tzinfo=UTC)
    )
    assert values["hearing_time"] == TimeAnswer(value="14:30:00")
    assert values["office_location"] == GeopointAnswer(
        latitude=Decimal("-1.2921"),
        longitude=Decimal("36.8219"),
        altitude=Decimal("1795.5"),
        accuracy=Decimal("8.1"),
    )

    kobo = [
        ["consent", "office_location", "_office_location_latitude", "hearing_time", "agency"],
        ["OK", "-1.2921 36.8219 0 0", "-1.2921", "9:00", "police"],
    ]
    path.write_text(csv_text(kobo), encoding="utf-8")
    [record] = read_submissions(path, form)
    assert record.problems == [
        "row 2, column 'hearing_time': hearing_time takes a time as HH:MM, not '9:00'"
    ]
    assert record.answers["office_location"].value == GeopointAnswer(
        latitude=Decimal("-1.2921"),
        longitude=Decimal("36.8219"),
        altitude=Decimal(0),
        accuracy=Decimal(0),
    )
