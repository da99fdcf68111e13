"""The form's logic as a graph: calculations in any order, loops found, repeat counts,
defaults and once() — and the checks the importer relies on."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from icati_desktop.domain import version_order as form_versions
from icati_desktop.domain.assessments import Answer, Assessment, NumberAnswer, TextAnswer
from icati_desktop.domain.form_checks import expression_problems, form_checks
from icati_desktop.domain.form_engine import problems_for_submit, progress
from icati_desktop.domain.form_state import MAX_ENTRIES, cycles, evaluate_form
from icati_desktop.domain.form_updates import answer_from_value, new_entry, with_form_logic
from icati_desktop.domain.forms import FormDefinition

TODAY = date(2026, 3, 4)
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


def item(name: str, type_: str = "integer", **extra: Any) -> dict[str, Any]:
    return {"kind": "item", "name": name, "type": type_, "label": {"en": name}, **extra}


def repeat(name: str, items: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"kind": "group", "name": name, "repeat": True, "items": items, **extra}


def form(*elements: dict[str, Any], lists: list[dict[str, Any]] | None = None) -> FormDefinition:
    return FormDefinition.model_validate(
        {
            "form_id": "logic",
            "version": "draft 2",
            "title": {"en": "Logic"},
            "languages": ["en"],
            "default_language": "en",
            "scale": {
                "anchors": [{"value": v, "label": {"en": f"a{v}"}} for v in range(5)],
                "dont_know_allowed": False,
            },
            "choice_lists": lists or [],
            "domains": [{"code": "D1", "title": {"en": "D1"}, "elements": list(elements)}],
        }
    )


def numbers(**values: int) -> dict[str, Answer]:
    return {n: Answer(value=NumberAnswer(value=Decimal(v))) for n, v in values.items()}


def assessment(
    answers: dict[str, Answer] | None = None,
    repeats: dict[str, list[dict[str, Answer]]] | None = None,
) -> Assessment:
    return Assessment(
        country="KEN",
        form_id="logic",
        form_version="draft 2",
        assessed_on=TODAY,
        answers=answers or {},
        repeats=repeats or {},
    )


def test_a_calculation_may_use_a_question_further_down_and_feed_one_above() -> None:
    logic = form(
        item("follow_up", "text", relevant="${total} > 10"),
        item("total", "calculate", calculation="${a} + ${b}"),
        item("a"),
        item("b"),
    )
    state = evaluate_form(logic, assessment(numbers(a=7, b=5)), today=TODAY, now=NOW)
    assert state.values["total"] == 12
    assert "follow_up" in state.relevant
    state = evaluate_form(logic, assessment(numbers(a=1, b=2)), today=TODAY, now=NOW)
    assert "follow_up" not in state.relevant


def test_a_question_hidden_by_relevance_reads_empty_to_the_calculations_after_it() -> None:
    logic = form(
        item("has_budget", "integer"),
        item("budget", relevant="${has_budget} = 1"),
        item("per_site", "calculate", calculation="coalesce(${budget}, 0) div 2"),
    )
    answers = numbers(has_budget=0, budget=900)
    assert evaluate_form(logic, assessment(answers), now=NOW).values["per_site"] == 0
    answers = numbers(has_budget=1, budget=900)
    assert evaluate_form(logic, assessment(answers), now=NOW).values["per_site"] == 450


def test_loops_are_found_and_named() -> None:
    logic = form(
        item("a", "calculate", calculation="${b} + 1"),
        item("b", "calculate", calculation="${a} + 1"),
        item("c", relevant="${c} > 0"),
        item("d", "calculate", calculation="${x} * 2"),
        item("x"),
        item("after", "calculate", calculation="${a} * 2"),
    )
    assert cycles(logic) == ["a", "b", "c"]  # not "after", which only uses the loop
    kinds = {(c.element, c.kind) for c in form_checks(logic)}
    assert kinds == {("a", "cycle"), ("b", "cycle"), ("c", "cycle")}
    # Evaluated anyway (in form order), never a crash.
    assert evaluate_form(logic, assessment(numbers(x=2)), now=NOW).values["d"] == 4


def test_what_expressions_may_name_is_checked() -> None:
    logic = form(
        item("n"),
        repeat(
            "sites",
            [
                item("staff"),
                item("share", "calculate", calculation="${staff} div sum(${staff})"),
                item("number", "calculate", calculation="position(..)"),
            ],
            repeat_count="${n}",
        ),
        item("total", "calculate", calculation="sum(${staff})"),
        item("bad", "calculate", calculation="${staff} + position(..)"),
        item("pick", "select_one", choices="towns", choice_filter="district = ${n} or zone = 1"),
        item("word", "calculate", calculation="jr:choice-name(${n}, '${n}')"),
        item("shown", "text", label={"en": "Total ${total}, missing ${nowhere}"}),
        lists=[
            {
                "name": "towns",
                "choices": [{"name": "t", "label": {"en": "T"}, "properties": {"district": "1"}}],
            }
        ],
    )
    assert expression_problems(logic) == [
        "item bad: calculation refers to 'staff' inside repeat group 'sites', which it cannot see",
        "item bad: calculation uses position(..) outside a repeat group",
        "item pick: choice_filter names 'zone', which no choice of 'towns' has",
        "item word: calculation: jr:choice-name() needs a select question, not 'n'",
        "item shown: label refers to unknown name 'nowhere'",
    ]


def test_a_repeat_count_gives_the_entries_and_ignores_those_beyond_it() -> None:
    logic = form(
        item("n"),
        repeat(
            "sites",
            [item("staff", default="3"), item("no", "calculate", calculation="position(..)")],
            repeat_count="${n}",
        ),
        item("total", "calculate", calculation="sum(${staff})"),
    )
    two = with_form_logic(logic, assessment(numbers(n=2)), today=TODAY, now=NOW)
    assert [e["staff"].value for e in two.repeat_answers("sites")] == [
        NumberAnswer(value=Decimal(3))
    ] * 2
    state = evaluate_form(logic, two, now=NOW)
    assert state.values["total"] == 6
    assert [e.values["no"] for e in state.entries["sites"]] == [1, 2]

    one = two.model_copy(update={"answers": numbers(n=1)})
    state = evaluate_form(logic, one, now=NOW)
    assert (len(state.entries["sites"]), state.values["total"]) == (1, 3)
    assert with_form_logic(logic, one, today=TODAY, now=NOW) is one  # nothing to add

    huge = evaluate_form(logic, assessment(numbers(n=10**9)), now=NOW)
    assert len(huge.entries["sites"]) == MAX_ENTRIES
    assert progress(logic, assessment(numbers(n=2)))[0].relevant == 3  # n and two staff


def test_defaults_of_a_new_entry_can_use_its_number() -> None:
    order = item("order", default="position(..) * 10", default_dynamic=True)
    logic = form(repeat("visits", [order]))
    grown = assessment(repeats={"visits": [{}, {}]})
    state = evaluate_form(logic, grown, now=NOW)
    group = logic.domains[0].elements[0]
    assert new_entry(logic, group, state, 1) == numbers(order=20)  # type: ignore[arg-type]


def test_once_is_stored_the_first_time_it_has_a_value_and_kept() -> None:
    logic = form(
        item("a"),
        item("first_a", "calculate", calculation="once(${a})"),
        item("started", "calculate", calculation="once(now())"),
    )
    empty = with_form_logic(logic, assessment(), today=TODAY, now=NOW)
    assert "first_a" not in empty.answers  # nothing to keep yet
    assert empty.answers["started"].value == TextAnswer(value="2026-03-04T10:00:00.000+00:00")
    answered = with_form_logic(
        logic, empty.model_copy(update={"answers": {**empty.answers, **numbers(a=5)}}),
        today=TODAY, now=NOW,
    )  # fmt: skip
    assert answered.answers["first_a"].value == TextAnswer(value="5")
    changed = answered.model_copy(update={"answers": {**answered.answers, **numbers(a=9)}})
    assert evaluate_form(logic, changed, now=NOW).values["first_a"] == "5"


def test_computed_and_read_only_items_are_not_asked_for() -> None:
    logic = form(
        item("a", required=True, required_message={"en": "Give a"}),
        item("twice", "decimal", calculation="${a} * 2", required=True),
        item("fixed", "text", read_only=True, required=True, default="x"),
    )
    problems = problems_for_submit(logic, assessment(), language="en", now=NOW)
    assert [(p.item, p.kind, p.message) for p in problems] == [("a", "required", "Give a")]
    assert progress(logic, assessment())[0].relevant == 2  # a and fixed


def test_answers_from_values_follow_the_item_type() -> None:
    logic = form(
        item("when", "datetime"),
        item("at", "time"),
        item("where", "geopoint"),
        item("ok", "acknowledge"),
        item("n"),
    )
    assert answer_from_value(logic, logic.item("at"), "9:05") is None
    assert answer_from_value(logic, logic.item("at"), "09:05").value == "09:05:00"  # type: ignore[union-attr]
    moment = answer_from_value(logic, logic.item("when"), "2026-03-04T12:00:00+02:00")
    assert moment.value == datetime(2026, 3, 4, 10, 0, tzinfo=UTC)  # type: ignore[union-attr]
    assert answer_from_value(logic, logic.item("where"), "91 10") is None
    point = answer_from_value(logic, logic.item("where"), "-1.29 36.82")
    assert point.text() == "-1.29 36.82 0 0"  # type: ignore[union-attr]
    assert answer_from_value(logic, logic.item("ok"), "OK") is not None
    assert answer_from_value(logic, logic.item("ok"), "no") is None
    assert answer_from_value(logic, logic.item("n"), "2.5") is None


def test_versions_order_by_number_or_else_by_import() -> None:
    assert form_versions.ordered([("1.10", 1), ("1.9", 2), ("2", 0)]) == ["1.9", "1.10", "2"]
    mixed = [("2024-06 draft", 5), ("1", 9), ("v3", 7)]
    assert form_versions.ordered(mixed) == ["2024-06 draft", "v3", "1"]
    assert form_versions.latest(mixed) == "1"
    assert form_versions.latest([]) is None
    assert form_versions.numeric_parts("2024061201") == (2024061201,)
    assert form_versions.numeric_parts("2024-06-12") is None
