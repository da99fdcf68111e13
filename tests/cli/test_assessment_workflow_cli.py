"""The assessment workflow headless: submit, reopen, compare, override, advice, and the
provisional phase of drafts in `icati assessment list` — outputs checked against values
computed by hand (see ``ANSWERS`` in test_assessment_cli for the first round)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from icati_desktop.domain.forms import FormDefinition
from icati_desktop.store.forms import save_form
from icati_desktop.store.opening import open_store
from icati_desktop.store.tables.field import ActionItemRow
from tests.cli.test_assessment_cli import ANSWERS, answers_file, run
from tests.formats.small_form import small_form_data

# The second round changes four answers of the first:
#   d4_rnr_tool 1 → 3:            D4 (1·2 + 1 + 3 + 1) / 5 = 1.40   (+0.40)
#   d9_budget_line 0 → 3 (key):   D9 (3·2 + 1 + 2) / 4 = 2.25       (+1.50)
#   d6_case_manager dk → 2 (key), d6_continuity_of_care unanswered → 2:
#       D6 answered 3 of 4 (75 % ≥ 60 %), 1 "don't know" (25 % < 40 %):
#       (2·2 + 1 + 2) / 4 = 1.75; it had insufficient data, so no change is computed.
# Mean change over the 7 domains scored in both rounds: (0.40 + 1.50) / 7 = 0.2714 → 0.27.
# Phase: still 3 (phase 4 needs every domain ≥ 2; D3 is 1.60).
SECOND = {
    **ANSWERS,
    "d4_rnr_tool": 3,
    "d9_budget_line": 3,
    "d6_case_manager": 2,
    "d6_continuity_of_care": 2,
}


def icati(capsys: pytest.CaptureFixture[str], data: Path, *argv: str) -> tuple[int, Any, str]:
    code, out, err = run(capsys, "--data-dir", str(data), *argv)
    try:
        return code, json.loads(out), err
    except json.JSONDecodeError:
        return code, out, err


def imported(
    capsys: pytest.CaptureFixture[str], data: Path, path: Path, day: str, *extra: str
) -> str:
    code, out, err = icati(
        capsys, data, "assessment", "import", str(path), "--country", "KEN", "--date", day,
        "--json", *extra,
    )  # fmt: skip
    assert code == 0, err
    return str(out["imported"][0]["id"])


@pytest.fixture
def field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    directory = tmp_path / "field"
    code, _, err = run(
        capsys, "--data-dir", str(directory), "init", "--role", "field", "--name", "Amina Diallo"
    )
    assert code == 0, err
    return directory


@pytest.fixture
def rounds(field: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    first = imported(capsys, field, answers_file(tmp_path), "2025-03-04")
    (tmp_path / "second").mkdir()
    second = imported(capsys, field, answers_file(tmp_path / "second", SECOND), "2026-03-04")
    return first, second


def listed(capsys: pytest.CaptureFixture[str], data: Path) -> dict[str, dict[str, Any]]:
    code, out, err = icati(capsys, data, "assessment", "list", "--json")
    assert code == 0, err
    return {row["record_id"]: row for row in out}


def test_drafts_are_listed_with_their_provisional_phase(
    field: Path, rounds: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    first, _second = rounds
    row = listed(capsys, field)[first]
    assert (row["status"], row["phase"], row["computed_phase"], row["provisional"]) == (
        "draft",
        3,
        3,
        True,
    )
    _code, text, _ = icati(capsys, field, "assessment", "list")
    assert "draft  phase 3 (provisional)  32/35" in text

    assert icati(capsys, field, "assessment", "submit", first)[0] == 0
    row = listed(capsys, field)[first]
    assert (row["status"], row["phase"], row["provisional"]) == ("submitted", 3, False)


def test_submit_locks_and_says_what_it_locked_then_reopen_makes_a_draft(
    field: Path, rounds: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    first, _second = rounds
    code, out, err = icati(capsys, field, "assessment", "submit", first, "--json")
    assert code == 0, err
    assert out["status"] == "submitted"
    assert out["submitted_by"] == "Amina Diallo"
    assert out["computed_phase"] == 3
    assert out["unanswered"] == ["d6_continuity_of_care", "d7_cross_training", "d7_trainer_pool"]
    assert out["insufficient_domains"] == ["D6", "D7"]
    code, shown, _ = icati(capsys, field, "assessment", "show", first, "--json")
    assert (shown["status"], shown["submitted_by"]) == ("submitted", "Amina Diallo")
    assert shown["submitted_at"] == out["submitted_at"]

    code, _, err = icati(capsys, field, "assessment", "submit", first)
    assert code == 1
    assert "locked" in err
    assert err.count("\n") == 1

    code, out, err = icati(capsys, field, "assessment", "reopen", first, "--json")
    assert (code, out) == (0, {"ok": True, "id": first, "status": "draft"})
    code, shown, _ = icati(capsys, field, "assessment", "show", first, "--json")
    assert (shown["status"], shown["submitted_by"], shown["submitted_at"]) == ("draft", None, None)
    code, _, err = icati(capsys, field, "assessment", "reopen", first)
    assert code == 1
    assert "draft already" in err


def test_submit_is_refused_with_every_problem_listed_and_nothing_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hq = tmp_path / "hq"
    assert run(capsys, "--data-dir", str(hq), "init", "--role", "hq", "--name", "HQ")[0] == 0
    data = small_form_data()
    data["domains"][0]["elements"][1]["required"] = True  # law
    data["domains"][1]["elements"][0]["required"] = True  # coordination
    store = open_store(hq)
    try:
        save_form(store, FormDefinition.model_validate(data))
    finally:
        store.close()
    body = {"form_id": "small", "version": "1", "answers": {"budget": "12.5"}}
    path = tmp_path / "small.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    rid = imported(capsys, hq, path, "2026-03-04")

    code, out, err = icati(capsys, hq, "assessment", "submit", rid, "--json")
    assert code == 1
    assert out["ok"] is False
    assert [(p["item"], p["kind"]) for p in out["problems"]] == [
        ("law", "required"),
        ("coordination", "required"),
    ]
    assert out["problems"][0]["text"] == "law: an answer is required"
    assert "2 problems" in err
    assert listed(capsys, hq)[rid]["status"] == "draft"


def test_compare_gives_the_change_per_domain_and_the_answers_that_changed(
    field: Path, rounds: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = rounds
    # Given newest first, the rounds are still compared oldest first.
    code, out, err = icati(capsys, field, "assessment", "compare", second, first, "--json")
    assert code == 0, err
    assert (out["earlier"]["id"], out["later"]["id"]) == (first, second)
    assert (out["earlier"]["phase"], out["later"]["phase"]) == (3, 3)
    assert out["crosswalk_used"] is False
    assert out["mean_change"] == "0.27"
    domains = {d["code"]: (d["before"], d["after"], d["change"]) for d in out["domains"]}
    assert domains == {
        "D1": ("2.50", "2.50", "0.00"),
        "D2": ("2.60", "2.60", "0.00"),
        "D3": ("1.60", "1.60", "0.00"),
        "D4": ("1.00", "1.40", "0.40"),
        "D5": ("2.00", "2.00", "0.00"),
        "D6": (None, "1.75", None),
        "D7": (None, None, None),
        "D8": ("1.00", "1.00", "0.00"),
        "D9": ("0.75", "2.25", "1.50"),
    }
    items = {i["item"]: (i["kind"], i["before"], i["after"]) for i in out["items"]}
    assert items == {
        "d4_rnr_tool": ("changed", {"kind": "score", "value": 1}, {"kind": "score", "value": 3}),
        "d6_case_manager": ("changed", {"kind": "dk"}, {"kind": "score", "value": 2}),
        "d6_continuity_of_care": ("changed", {"kind": "none"}, {"kind": "score", "value": 2}),
        "d9_budget_line": ("changed", {"kind": "score", "value": 0}, {"kind": "score", "value": 3}),
    }
    texts = {i["item"]: (i["before_text"], i["after_text"]) for i in out["items"]}
    assert texts["d9_budget_line"] == ("0 (Absent)", "3 (Operational)")

    code, text, _ = icati(capsys, field, "assessment", "compare", first, second, "--lang", "fr")
    assert "  D9  Financement et ressources: 0,75 → 2,25 (+1,50)" in text
    assert "  D6  Gestion de cas et coordination des soins: – → 1,75" in text
    assert "+0,27" in text
    assert "  d9_budget_line: 0 (Absent) → 3 (Opérationnel)" in text


def test_compare_across_form_versions_goes_through_the_crosswalk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hq = tmp_path / "hq"
    assert run(capsys, "--data-dir", str(hq), "init", "--role", "hq", "--name", "HQ")[0] == 0
    later = small_form_data("2")
    later["domains"][0]["elements"][1]["name"] = "legal_basis"  # law, renamed
    store = open_store(hq)
    try:
        save_form(store, FormDefinition.model_validate(small_form_data("1")))
        save_form(store, FormDefinition.model_validate(later))
    finally:
        store.close()
    ids = []
    for version, item, score in (("1", "law", 1), ("2", "legal_basis", 3)):
        path = tmp_path / f"v{version}.json"
        body = {"form_id": "small", "version": version, "answers": {item: score}}
        path.write_text(json.dumps(body), encoding="utf-8")
        ids.append(imported(capsys, hq, path, f"202{version}-03-04"))

    code, out, _ = icati(capsys, hq, "assessment", "compare", *ids, "--json")
    assert code == 0
    assert out["crosswalk_used"] is False
    kinds = {(i["before_item"], i["item"]): i["kind"] for i in out["items"]}
    assert kinds == {(None, "legal_basis"): "added", ("law", None): "removed"}

    code, out, err = icati(
        capsys, hq, "forms", "crosswalk", "small", "--from", "1", "--to", "2",
        "--map", "law=legal_basis", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert out["edited"] is True
    assert {"earlier": "law", "later": "legal_basis", "pairing": "crosswalk"} in out["pairs"]

    code, out, _ = icati(capsys, hq, "assessment", "compare", *ids, "--json")
    assert out["crosswalk_used"] is True
    [change] = out["items"]
    assert (change["before_item"], change["item"], change["kind"]) == (
        "law",
        "legal_basis",
        "changed",
    )
    assert (change["before"], change["after"]) == (
        {"kind": "score", "value": 1},
        {"kind": "score", "value": 3},
    )
    # D1 = law (key, weight 2) alone: 1.00 → 3.00.
    d1 = next(d for d in out["domains"] if d["code"] == "D1")
    assert (d1["before"], d1["after"], d1["change"]) == ("1.00", "3.00", "2.00")


def test_override_sets_and_clears_the_phase_with_who_and_why(
    field: Path, rounds: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    first, _second = rounds
    code, out, err = icati(
        capsys, field, "assessment", "override", first, "--phase", "4",
        "--reason", "Courts run ATI nationwide since 2025", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert (out["phase"], out["computed_phase"]) == (4, None)  # a draft stores no phase
    assert out["override"]["by"] == "Amina Diallo"
    assert out["override"]["reason"] == "Courts run ATI nationwide since 2025"
    row = listed(capsys, field)[first]
    assert (row["phase"], row["computed_phase"], row["overridden"], row["provisional"]) == (
        4,
        3,
        True,
        False,
    )
    code, out, _ = icati(capsys, field, "assessment", "override", first, "--clear", "--json")
    assert (code, out["phase"], out["override"]) == (0, None, None)
    assert listed(capsys, field)[first]["phase"] == 3

    for bad in (["--phase", "2"], ["--phase", "2", "--clear"], []):
        code, _, err = icati(capsys, field, "assessment", "override", first, *bad, "--reason", " ")
        assert code == 1
        assert err.count("\n") == 1
    assert listed(capsys, field)[first]["overridden"] is False


def test_advice_lists_the_lines_and_makes_action_items_with_owner_and_due_date(
    field: Path, rounds: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    first, _second = rounds
    code, out, err = icati(capsys, field, "assessment", "advice", first, "--json")
    assert code == 0, err
    # Phase 4 is blocked by every domain below 2: the three weakest scored ones, weakest
    # first (D9 0.75, then D4 and D8 at 1.00); at most 3 lines.
    lines = out["advice"]
    assert [(a["domain"], a["score"], a["blocks_phase"]) for a in lines] == [
        ("D9", "0.75", 4),
        ("D4", "1.00", 4),
        ("D8", "1.00", 4),
    ]
    assert all(a["action_item"] is None and a["created"] is False for a in lines)

    code, out, err = icati(
        capsys, field, "assessment", "advice", first, "--create-actions", "--domain", "D4",
        "--owner", "Juma Otieno", "--due", "2026-06-30", "--json",
    )  # fmt: skip
    assert code == 0, err
    by_domain = {a["domain"]: a for a in out["advice"]}
    d4 = by_domain["D4"]
    assert d4["created"] is True
    assert (d4["action_item"]["owner"], d4["action_item"]["due_on"]) == (
        "Juma Otieno",
        "2026-06-30",
    )
    assert by_domain["D9"]["action_item"] is None

    code, out, _ = icati(
        capsys, field, "assessment", "advice", first, "--create-actions", "--owner", "Wanjiru",
        "--json",
    )  # fmt: skip
    by_domain = {a["domain"]: a for a in out["advice"]}
    assert by_domain["D4"]["created"] is False  # asked again: the same item, unchanged
    assert by_domain["D4"]["action_item"] == d4["action_item"]
    assert by_domain["D9"]["created"]
    assert by_domain["D9"]["action_item"]["owner"] == "Wanjiru"

    store = open_store(field)
    try:
        with store.read() as session:
            rows = session.query(ActionItemRow).order_by(ActionItemRow.domain_code).all()
            saved = [(r.domain_code, r.owner_name, r.due_on) for r in rows]
    finally:
        store.close()
    assert saved == [
        ("D4", "Juma Otieno", date(2026, 6, 30)),
        ("D8", "Wanjiru", None),
        ("D9", "Wanjiru", None),
    ]


def test_advice_options_that_cannot_apply_are_refused_and_create_nothing(
    field: Path, rounds: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    first, _second = rounds
    for bad in (
        ["--owner", "Juma"],
        ["--create-actions", "--domain", "D1"],
        ["--create-actions", "--due", "30/06/2026"],
    ):
        code, _, err = icati(capsys, field, "assessment", "advice", first, *bad)
        assert code == 1, bad
        assert err.count("\n") == 1, bad
    code, out, _ = icati(capsys, field, "assessment", "advice", first, "--json")
    assert all(a["action_item"] is None for a in out["advice"])
