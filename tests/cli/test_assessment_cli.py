"""`icati assessment`: import answers, show the hand-computed result, list, export."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from icati_desktop.cli import main
from icati_desktop.domain.assessments import (
    ChoiceAnswer,
    ChoicesAnswer,
    NumberAnswer,
    TextAnswer,
)
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.store.assessments import load, submit
from icati_desktop.store.forms import save_form
from icati_desktop.store.opening import open_store
from icati_desktop.store.tables.core import VersionRow
from tests.formats.small_form import small_form_data

# Hand-computed (weights: the ★ key item of each domain counts twice):
#   D1 (3·2 + 2 + 2) / 4 = 2.50  — "dk" is left out of the mean
#   D2 (2·2 + 2 + 3 + 4) / 5 = 2.60
#   D3 (2·2 + 0 + 3 + 1) / 5 = 1.60
#   D4 all 1                 = 1.00
#   D5 (2·2 + 2 + 3 + 1) / 5 = 2.00  — exactly on phase 3's boundary
#   D6 2 of 4 "dk" (50 % ≥ 40 %)     → insufficient data
#   D7 2 of 4 answered (50 % < 60 %) → insufficient data
#   D8 all 1                 = 1.00
#   D9 (0·2 + 1 + 2) / 4     = 0.75
# Phase 2 holds (D2 ≥ 1, 3+ domains ≥ 1, webinars 4 ≥ 3); phase 3 holds (D1, D2, D5 ≥ 2,
# pre-arrest 2 ≥ 2); phase 4 does not (D4 < 2 among others): phase 3.
ANSWERS = {
    "d1_law_allows_treatment": 3,
    "d1_strategy_names_ati": 2,
    "d1_safeguards_defined": 2,
    "d1_legal_options_used": "dk",
    "d2_steering_committee": 2,
    "d2_interagency_mous": 2,
    "d2_justice_support": 3,
    "d2_basics_webinars": 4,
    "d3_pre_arrest": 2,
    "d3_pre_trial": 0,
    "d3_court": 3,
    "d3_post_sentence": 1,
    "d4_screening_first_contact": 1,
    "d4_clinical_assessment": 1,
    "d4_rnr_tool": 1,
    "d4_eligibility_written": 1,
    "d5_community_treatment": 2,
    "d5_international_standards": 2,
    "d5_moud": 3,
    "d5_special_populations": 1,
    "d6_case_manager": "dk",
    "d6_shared_case_plan": "dk",
    "d6_housing_employment": 1,
    "d7_policy_leaders_trained": 0,
    "d7_practitioners_trained": 1,
    "d8_service_data": 1,
    "d8_outcomes_tracked": 1,
    "d8_evaluation_planned": 1,
    "d8_sex_age_breakdown": 1,
    "d9_budget_line": 0,
    "d9_multi_year": 1,
    "d9_costs_estimated": 2,
}
SCORES = {
    "D1": "2.50",
    "D2": "2.60",
    "D3": "1.60",
    "D4": "1.00",
    "D5": "2.00",
    "D6": None,
    "D7": None,
    "D8": "1.00",
    "D9": "0.75",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    directory = tmp_path / "field"
    code, _, err = run(
        capsys, "--data-dir", str(directory), "init", "--role", "field", "--name", "A"
    )
    assert code == 0, err
    return directory


def answers_file(tmp_path: Path, answers: dict[str, object] | None = None, **extra: object) -> Path:
    path = tmp_path / "answers.json"
    body = {"form_id": "ati-self-assessment", "version": "1", "answers": answers or ANSWERS}
    path.write_text(json.dumps({**body, **extra}), encoding="utf-8")
    return path


def listed(capsys: pytest.CaptureFixture[str], data: Path, *extra: str) -> list[dict[str, object]]:
    code, out, err = run(capsys, "--data-dir", str(data), "assessment", "list", "--json", *extra)
    assert code == 0, err
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def test_import_then_show_has_the_hand_computed_scores_and_phase(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = answers_file(tmp_path)
    code, out, err = run(
        capsys, "--data-dir", str(data), "assessment", "import", str(path),
        "--country", "ken", "--date", "2026-03-04", "--json",
    )  # fmt: skip
    assert code == 0, err
    imported = json.loads(out)
    assert imported["country"] == "KEN"
    [row] = imported["imported"]
    assert row["answers"] == len(ANSWERS)

    code, out, err = run(capsys, "--data-dir", str(data), "assessment", "show", row["id"], "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert {d["code"]: d["score"] for d in shown["domains"]} == SCORES
    assert shown["data_gaps"]["insufficient_domains"] == ["D6", "D7"]
    assert shown["phase"]["computed"] == 3
    assert shown["phase"]["next"] == 4
    [unmet] = shown["phase"]["unmet"]
    assert unmet["phase"] == 4
    assert all(c["text"] for c in unmet["conditions"])
    assert shown["advice"], "phase 4 is blocked, so there is advice"
    assert shown["assessed_on"] == "2026-03-04"

    code, text, _ = run(capsys, "--data-dir", str(data), "assessment", "show", row["id"])
    assert code == 0
    assert "D5" in text
    assert "2.00" in text
    assert "insufficient data" in text

    [summary] = listed(capsys, data, "--country", "KEN")
    assert summary["record_id"] == row["id"]
    assert (summary["answered"], summary["total"]) == (len(ANSWERS), 35)
    assert listed(capsys, data, "--country", "COL") == []


def test_export_writes_the_answers(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = answers_file(tmp_path, assessed_on="2026-03-04")
    code, out, err = run(
        capsys, "--data-dir", str(data), "assessment", "import", str(path), "--country", "KEN",
        "--json",
    )  # fmt: skip
    assert code == 0, err
    rid = json.loads(out)["imported"][0]["id"]
    out_file = tmp_path / "answers.csv"
    code, _, err = run(
        capsys, "--data-dir", str(data), "assessment", "export", rid, "--out", str(out_file)
    )
    assert code == 0, err
    with out_file.open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["item_id"]: r for r in csv.DictReader(handle)}
    assert rows["d1_law_allows_treatment"]["value"] == "3"
    assert rows["d6_case_manager"]["dont_know"] == "1"
    assert rows["d7_cross_training"]["value"] == ""
    assert rows["d1_law_allows_treatment"]["assessed_on"] == "2026-03-04"


def test_import_of_an_odk_export_creates_one_assessment_per_row(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ati.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["SubmissionDate", "d1/d1_law_allows_treatment", "d2/d2_basics_webinars", "KEY"]
        )
        writer.writerow(["2026-03-04T10:00:00.000Z", "2", "dk", "uuid:1"])
        writer.writerow(["2026-03-05T10:00:00.000Z", "4", "3", "uuid:2"])
    base = ("--data-dir", str(data), "assessment", "import", str(path), "--country", "KEN")
    code, out, err = run(capsys, *base, "--row", "3", "--json")
    assert code == 0, err
    assert [r["row"] for r in json.loads(out)["imported"]] == [3]
    code, _, err = run(capsys, *base, "--row", "9")
    assert code == 1
    assert "no submission in row 9" in err
    code, out, err = run(capsys, *base, "--json")
    assert code == 0, err
    assert [r["row"] for r in json.loads(out)["imported"]] == [2, 3]
    dates = sorted(str(r["assessed_on"]) for r in listed(capsys, data))
    assert dates == ["2026-03-04", "2026-03-05", "2026-03-05"]


@pytest.mark.parametrize(
    ("extra", "args", "message"),
    [
        ({}, ("--country", "XYZ", "--date", "2026-03-04"), "'XYZ' is not the ISO alpha-3 code"),
        ({}, ("--country", "KEN", "--date", "4 March"), "--date '4 March' is not a date"),
        ({}, ("--country", "KEN"), "1 problem, listed above"),
        ({"answers": {**ANSWERS, "d1_law_allows_treatment": 5}},
         ("--country", "KEN", "--date", "2026-03-04"), "1 problem, listed above"),
        ({"version": "9"}, ("--country", "KEN", "--date", "2026-03-04"),
         "no form ati-self-assessment version 9"),
    ],
)  # fmt: skip
def test_bad_inputs_give_one_line_and_store_nothing(
    data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: dict[str, object],
    args: tuple[str, ...],
    message: str,
) -> None:
    path = answers_file(tmp_path, **extra)
    code, _, err = run(capsys, "--data-dir", str(data), "assessment", "import", str(path), *args)
    assert code == 1
    assert err.count("\n") == 1, err
    assert message in err
    assert listed(capsys, data) == []


def test_problems_are_listed_on_stdout(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = answers_file(tmp_path, answers={"d1_law_allows_treatment": 7, "d0_nothing": 1})
    code, out, err = run(
        capsys, "--data-dir", str(data), "assessment", "import", str(path), "--country", "KEN",
        "--date", "2026-03-04", "--json",
    )  # fmt: skip
    assert code == 1
    problems = json.loads(out)["problems"]
    assert len(problems) == 2
    assert "2 problems" in err


def test_show_of_an_unknown_id_says_where_to_look(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--data-dir", str(data), "assessment", "show", "nope")
    assert code == 1
    assert "icati assessment list" in err
    assert err.count("\n") == 1


@pytest.fixture
def hq_with_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A central-office device with the small test form, given constraints and relevance."""
    directory = tmp_path / "hq"
    code, _, err = run(capsys, "--data-dir", str(directory), "init", "--role", "hq", "--name", "A")
    assert code == 0, err
    data = small_form_data()
    details = data["domains"][0]["elements"][2]["items"]
    details[1].update(  # strategy_year
        relevant="${has_strategy} = 'yes'",
        constraint=". >= 1900 and . <= 2100",
        constraint_message={"en": "Give the year the strategy was adopted, from 1900."},
    )
    sites = data["domains"][1]["elements"][3]["items"]
    sites[1]["constraint"] = ". >= 1"  # site_score, no message: the rule itself is shown
    store = open_store(directory)
    try:
        save_form(store, FormDefinition.model_validate(data))
    finally:
        store.close()
    return directory


def test_import_refuses_answers_that_break_the_forms_rules_and_lists_them_all(
    hq_with_rules: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ("--data-dir", str(hq_with_rules), "assessment", "import")
    csv_path = tmp_path / "kobo.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["today", "law", "has_strategy", "strategy_year"])
        writer.writerow(["2026-03-04", "2", "yes", "1850"])  # breaks the constraint
        writer.writerow(["2026-03-05", "3", "no", "2019"])  # not asked when "no"
        writer.writerow(["2026-03-06", "1", "yes", "2019"])  # fine
    code, out, err = run(
        capsys, *base, str(csv_path), "--form", "small", "--country", "KEN", "--json",
        "--without-repeats",
    )  # fmt: skip
    assert code == 1
    assert json.loads(out)["problems"] == [
        "row 2: strategy_year: Give the year the strategy was adopted, from 1900.",
        "row 3: strategy_year: the form does not ask this question with the other answers "
        "given; leave it empty or correct the answers it depends on",
    ]
    assert "2 problems" in err
    assert listed(capsys, hq_with_rules) == []  # the good row is not stored either

    json_path = tmp_path / "a.json"
    body = {
        "form_id": "small",
        "version": "1",
        "assessed_on": "2026-03-04",
        "answers": {"law": 2},
        "repeats": {"sites": [{"site_name": "Nairobi", "site_score": 0}]},
    }
    json_path.write_text(json.dumps(body), encoding="utf-8")
    code, out, err = run(capsys, *base, str(json_path), "--country", "KEN", "--json")
    assert code == 1
    assert json.loads(out)["problems"] == [
        "sites[1].site_score: the answer breaks the form's rule . >= 1; "
        "give an answer that meets it"
    ]
    assert listed(capsys, hq_with_rules) == []

    # Answers within the rules import as before.
    body["repeats"] = {"sites": [{"site_name": "Nairobi", "site_score": 1}]}
    json_path.write_text(json.dumps(body), encoding="utf-8")
    code, out, err = run(capsys, *base, str(json_path), "--country", "KEN", "--json")
    assert code == 0, err
    assert len(listed(capsys, hq_with_rules)) == 1


def odk_zip(path: Path, sites: list[list[str]], *extra: tuple[str, list[list[str]]]) -> Path:
    """An ODK Central CSV export of the small form: two submissions and their sites."""
    main = [
        ["SubmissionDate", "d1/law", "SET-OF-sites", "meta/instanceID", "KEY"],
        ["2026-03-04T10:00:00.000Z", "3", "uuid:a/sites", "uuid:a", "uuid:a"],
        ["2026-03-05T10:00:00.000Z", "1", "uuid:b/sites", "uuid:b", "uuid:b"],
    ]
    header = ["d2/sites/site_name", "d2/sites/site_score", "PARENT_KEY", "KEY"]
    with zipfile.ZipFile(path, "w") as archive:
        for name, rows in (("small.csv", main), ("small-sites.csv", [header, *sites]), *extra):
            text = io.StringIO(newline="")
            csv.writer(text).writerows(rows)
            archive.writestr(name, text.getvalue())
    return path


def test_import_of_an_odk_central_zip_brings_the_repeat_entries(
    hq_with_rules: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ("--data-dir", str(hq_with_rules), "assessment", "import")
    sites = [["Nairobi", "2", "uuid:a", "uuid:a/sites[1]"], ["Kisumu", "0", "uuid:b", "k"]]
    path = odk_zip(tmp_path / "small.zip", sites)
    code, out, _ = run(capsys, *base, str(path), "--form", "small", "--country", "KEN", "--json")
    assert code == 1  # Kisumu's score breaks the rule . >= 1: nothing is stored
    assert json.loads(out)["problems"] == [
        "row 3: sites[1].site_score: the answer breaks the form's rule . >= 1; "
        "give an answer that meets it"
    ]
    assert listed(capsys, hq_with_rules) == []

    sites[1][1] = "4"
    code, out, err = run(
        capsys, *base, str(odk_zip(path, sites)), "--form", "small", "--country", "KEN", "--json"
    )
    assert code == 0, err
    ids = [row["id"] for row in json.loads(out)["imported"]]
    store = open_store(hq_with_rules)
    try:
        with store.read() as session:
            stored = [load(session, i)[0].repeat_answers("sites") for i in ids]
    finally:
        store.close()
    assert [[e["site_name"].value for e in entries] for entries in stored] == [
        [TextAnswer(value="Nairobi")],
        [TextAnswer(value="Kisumu")],
    ]
    assert stored[1][0]["site_score"].score == 4


def test_odk_central_zip_with_orphans_or_unknown_tables_stores_nothing(
    hq_with_rules: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = odk_zip(
        tmp_path / "small.zip",
        [["Nairobi", "2", "uuid:a", "k1"], ["Lost", "2", "uuid:gone", "k2"]],
        ("small-visits.csv", [["when", "PARENT_KEY", "KEY"], ["2026-01-01", "uuid:a", "k3"]]),
    )
    code, out, err = run(
        capsys, "--data-dir", str(hq_with_rules), "assessment", "import", str(path),
        "--form", "small", "--country", "KEN", "--json",
    )  # fmt: skip
    assert code == 1
    assert json.loads(out)["problems"] == [
        "small-sites.csv, row 3: no submission with KEY 'uuid:gone' in the main table "
        "for this entry",
        "small-visits.csv: not a repeat group of form small@1",
    ]
    assert "2 problems" in err
    assert listed(capsys, hq_with_rules) == []


def test_a_main_csv_alone_is_refused_for_a_form_with_repeats_unless_asked(
    hq_with_rules: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with zipfile.ZipFile(odk_zip(tmp_path / "small.zip", [])) as archive:
        (tmp_path / "small.csv").write_bytes(archive.read("small.csv"))
    base = ("--data-dir", str(hq_with_rules), "assessment", "import", str(tmp_path / "small.csv"))
    code, _, err = run(capsys, *base, "--form", "small", "--country", "KEN")
    assert code == 1
    assert "this form has repeat groups (sites); import the ODK Central ZIP export" in err
    assert "--without-repeats" in err
    assert listed(capsys, hq_with_rules) == []
    code, _, err = run(capsys, *base, "--form", "small", "--country", "KEN", "--without-repeats")
    assert code == 0, err
    assert len(listed(capsys, hq_with_rules)) == 2


def test_answer_sets_one_item_per_version_by_its_type(
    hq_with_rules: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ("--data-dir", str(hq_with_rules), "assessment")
    path = tmp_path / "start.json"
    path.write_text(
        json.dumps({
            "form_id": "small", "version": "1", "assessed_on": "2026-03-04",
            "answers": {"law": 2}, "repeats": {"sites": [{"site_name": "Kisumu"}]},
        }),
        encoding="utf-8",
    )  # fmt: skip
    code, out, err = run(capsys, *base, "import", str(path), "--country", "KEN", "--json")
    assert code == 0, err
    rid = json.loads(out)["imported"][0]["id"]

    def answer(*argv: str) -> tuple[int, str, str]:
        return run(capsys, *base, "answer", rid, *argv)

    def versions() -> int:
        store = open_store(hq_with_rules)
        try:
            with store.read() as session:
                return len(list(session.scalars(select(VersionRow).where(
                    VersionRow.record_id == rid))))  # fmt: skip
        finally:
            store.close()

    before = versions()
    assert answer("has_strategy", "yes", "--json")[1].count('"choice"') == 1
    assert answer("strategy_year", "2019")[0] == 0
    assert answer("adopted_on", "2019-05-01")[0] == 0
    assert answer("partners", "police courts")[0] == 0
    assert answer("site_score", "3", "--entry", "1")[0] == 0
    assert versions() == before + 5  # one answer, one version
    store = open_store(hq_with_rules)
    try:
        with store.read() as session:
            stored, _form = load(session, rid)
    finally:
        store.close()
    assert stored.answer("has_strategy").value == ChoiceAnswer(value="yes")
    assert stored.answer("strategy_year").value == NumberAnswer(value=Decimal(2019))
    assert stored.answer("partners").value == ChoicesAnswer(value=["police", "courts"])
    assert stored.repeat_answers("sites")[0]["site_score"].score == 3
    assert stored.repeat_answers("sites")[0]["site_name"].value == TextAnswer(value="Kisumu")

    # bad input: one line that says what to do, and nothing written
    for argv, says in [
        (("law", "7"), "law takes a score from 0 to 4, or dk, not '7'"),
        (("has_strategy", "maybe"), "maybe is not a choice; choose from yes, no"),
        (("strategy_year", "dk"), '"don\'t know" is only for score questions'),
        (("law",), "give the answer as VALUE, or --clear"),
        (("site_score", "2"), "site_score is in the repeat group sites: give --entry N"),
        (("nothing", "2"), "has no item 'nothing'"),
    ]:
        code, _out, err = answer(*argv)
        assert code == 1, argv
        assert says in err, err
        assert err.count("\n") == 1
    assert versions() == before + 5

    code, out, err = answer("law", "--clear", "--json")
    assert code == 0, err
    assert json.loads(out)["value"] is None
    store = open_store(hq_with_rules)
    try:
        submit(store, rid, language="en")
    finally:
        store.close()
    code, _out, err = answer("law", "1")
    assert code == 1
    assert "submitted and is locked; reopen it" in err
