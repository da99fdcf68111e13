from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from icati_desktop.domain.assessments import Answer, Assessment, ChoiceAnswer
from icati_desktop.domain.default_content import load_forms
from icati_desktop.domain.form_engine import (
    DomainProgress,
    Problem,
    answer_value,
    check_answer,
    expression_problems,
    form_values,
    problems_for_submit,
    progress,
    relevant_groups,
    relevant_in_entry,
    relevant_items,
)
from icati_desktop.domain.forms import FormDefinition

TODAY = date(2026, 12, 1)
ANCHORS = [{"value": v, "label": {"en": f"anchor {v}"}} for v in range(5)]


def item(name: str, type_: str = "score", **extra: Any) -> dict[str, Any]:
    return {"kind": "item", "name": name, "type": type_, "label": {"en": name}, **extra}


def group(name: str, items: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"kind": "group", "name": name, "items": items, **extra}


def make_form(*domains: list[dict[str, Any]], dont_know: bool = True) -> FormDefinition:
    scale: dict[str, Any] = {"anchors": ANCHORS, "dont_know_allowed": dont_know}
    if dont_know:
        scale["dont_know_label"] = {"en": "Don't know"}
    return FormDefinition.model_validate(
        {
            "form_id": "mini",
            "version": "1",
            "title": {"en": "Mini"},
            "languages": ["en", "fr"],
            "default_language": "en",
            "scale": scale,
            "choice_lists": [
                {
                    "name": "yes_no",
                    "choices": [
                        {"name": "yes", "label": {"en": "Yes"}},
                        {"name": "no", "label": {"en": "No"}},
                    ],
                },
                {
                    "name": "stages",
                    "choices": [
                        {"name": "police", "label": {"en": "Police"}},
                        {"name": "courts", "label": {"en": "Courts"}},
                    ],
                },
            ],
            "domains": [
                {"code": f"D{index}", "title": {"en": f"Domain {index}"}, "elements": elements}
                for index, elements in enumerate(domains, start=1)
            ],
        }
    )


def make_assessment(
    answers: dict[str, Any] | None = None, repeats: dict[str, list[dict[str, Any]]] | None = None
) -> Assessment:
    return Assessment.model_validate(
        {
            "country": "KEN",
            "form_id": "mini",
            "form_version": "1",
            "assessed_on": "2026-11-30",
            "answers": {name: {"value": value} for name, value in (answers or {}).items()},
            "repeats": {
                name: [{k: {"value": v} for k, v in entry.items()} for entry in entries]
                for name, entries in (repeats or {}).items()
            },
        }
    )


def ans(value: Any) -> Answer:
    """An answer from a plain value (3, "dk", Decimal, date, list) or a tagged one."""
    return Answer.model_validate({"value": value})


def choice(name: str) -> ChoiceAnswer:
    return ChoiceAnswer(value=name)


def test_answer_values() -> None:
    form = make_form(
        [
            item("s"),
            item("one", "select_one", choices="yes_no"),
            item("many", "select_multiple", choices="stages"),
            item("n", "decimal"),
            item("t", "text"),
            item("d", "date"),
        ]
    )
    a = make_assessment(
        {
            "s": 3,
            "one": choice("yes"),
            "many": ["police", "courts"],
            "n": Decimal("2.5"),
            "t": "hello",
            "d": date(2026, 1, 2),
        }
    )
    assert form_values(form, a) == {
        "s": Decimal(3),
        "one": "yes",
        "many": ("police", "courts"),
        "n": Decimal("2.5"),
        "t": "hello",
        "d": date(2026, 1, 2),
    }
    assert answer_value(form.item("s"), ans("dk")) == ""
    assert answer_value(form.item("s"), None) is None
    assert answer_value(form.item("s"), Answer()) is None


def chain_form() -> FormDefinition:
    return make_form(
        [
            item("has_law", "select_one", choices="yes_no"),
            item("law_used", relevant="${has_law} = 'yes'"),
            item("law_reviewed", relevant="${law_used} >= 2"),
            item("why_not", "text", relevant="${has_law} = 'no'"),
        ]
    )


def test_relevance_cascades_through_a_chain() -> None:
    form = chain_form()
    both = {"has_law": choice("yes"), "law_used": 3}
    assert relevant_items(form, make_assessment(both), today=TODAY) == {
        "has_law",
        "law_used",
        "law_reviewed",
    }
    # Changing the first answer hides law_used, and law_reviewed with it, although
    # law_used still holds a stored 3.
    changed = {"has_law": choice("no"), "law_used": 3}
    assert relevant_items(form, make_assessment(changed), today=TODAY) == {"has_law", "why_not"}
    assert relevant_items(form, make_assessment(), today=TODAY) == {"has_law"}


def test_dont_know_reads_as_unanswered_in_relevance() -> None:
    form = chain_form()
    answers = {"has_law": choice("yes"), "law_used": "dk"}
    assert "law_reviewed" not in relevant_items(form, make_assessment(answers), today=TODAY)


def test_group_relevance_hides_every_item_inside_and_what_depends_on_them() -> None:
    form = make_form(
        [
            item("has_courts", "select_one", choices="yes_no"),
            group(
                "courts",
                [item("dtc"), group("inner", [item("dtc_funded")])],
                relevant="${has_courts} = 'yes'",
            ),
        ],
        [item("dtc_evaluated", relevant="${dtc} > 0")],
    )
    answers = {"has_courts": choice("yes"), "dtc": 2}
    assert relevant_items(form, make_assessment(answers), today=TODAY) == {
        "has_courts",
        "dtc",
        "dtc_funded",
        "dtc_evaluated",
    }
    answers["has_courts"] = choice("no")
    assert relevant_items(form, make_assessment(answers), today=TODAY) == {"has_courts"}


def repeat_form() -> FormDefinition:
    return make_form(
        [
            item("has_sites", "select_one", choices="yes_no"),
            group(
                "sites",
                [
                    item("site_name", "text", required=True),
                    item("site_kind", "select_one", choices="stages"),
                    item("court_score", relevant="${site_kind} = 'courts'", required=True),
                    item(
                        "followup", "text", relevant="${has_sites} = 'yes' and ${court_score} < 2"
                    ),
                ],
                repeat=True,
                relevant="${has_sites} = 'yes'",
            ),
        ]
    )


def test_repeat_entries_overlay_their_answers_on_the_form() -> None:
    form = repeat_form()
    a = make_assessment(
        {"has_sites": choice("yes")},
        {
            "sites": [
                {"site_name": "Nairobi", "site_kind": choice("courts"), "court_score": 1},
                {"site_name": "Mombasa", "site_kind": choice("police")},
            ]
        },
    )
    assert relevant_items(form, a, today=TODAY) == {"has_sites"}
    assert relevant_in_entry(form, "sites", a, 0, today=TODAY) == {
        "site_name",
        "site_kind",
        "court_score",
        "followup",
    }
    assert relevant_in_entry(form, "sites", a, 1, today=TODAY) == {"site_name", "site_kind"}
    no_sites = a.model_copy(update={"answers": {"has_sites": ans(choice("no"))}})
    assert relevant_in_entry(form, "sites", no_sites, 0, today=TODAY) == frozenset()
    with pytest.raises(IndexError, match="has no entry 2"):
        relevant_in_entry(form, "sites", a, 2, today=TODAY)
    with pytest.raises(KeyError, match="no repeat group 'site_name'"):
        relevant_in_entry(form, "site_name", a, 0, today=TODAY)


def constraint_form() -> FormDefinition:
    return make_form(
        [
            item("staff", "integer", required=True),
            item(
                "trained",
                "integer",
                constraint=". >= 0 and . <= ${staff}",
                constraint_message={"en": "Trained staff cannot exceed all staff.", "fr": "Trop."},
            ),
            item("code", "text", constraint="regex(., '^[A-Z]{3}$')"),
            item("started", "date", constraint=". <= today()"),
            item("law", required=True),
        ]
    )


def test_a_constraint_checks_the_new_value_against_other_answers() -> None:
    form = constraint_form()
    a = make_assessment({"staff": Decimal(10)})
    assert check_answer(form, "trained", ans(Decimal(4)), a, language="en") is None
    too_many = check_answer(form, "trained", ans(Decimal(12)), a, language="fr")
    assert too_many == Problem("trained", "constraint", "Trop.", None)
    # A language without a message falls back to the form's default language.
    in_arabic = check_answer(form, "trained", ans(Decimal(12)), a, language="ar")
    assert in_arabic is not None
    assert in_arabic.message == "Trained staff cannot exceed all staff."
    # Without a message of its own, the screen words it (message None).
    bad_code = check_answer(form, "code", ans("ke"), a, language="en")
    assert bad_code == Problem("code", "constraint", None, None)
    assert check_answer(form, "code", ans("KEN"), a, language="en") is None


def test_today_is_injected() -> None:
    form = constraint_form()
    a = make_assessment()
    future = ans(date(2026, 12, 2))
    assert check_answer(form, "started", future, a, language="en", today=TODAY) is not None
    assert check_answer(form, "started", future, a, language="en", today=date(2027, 1, 1)) is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("staff", Decimal("2.5")),
        ("staff", "ten"),
        ("law", Decimal(3)),
        ("code", 3),
    ],
)
def test_the_wrong_kind_of_answer_is_a_type_problem(name: str, value: Any) -> None:
    form = constraint_form()
    problem = check_answer(form, name, ans(value), make_assessment(), language="en")
    assert problem == Problem(name, "type", None, None)


def test_choices_must_come_from_the_items_list() -> None:
    form = make_form(
        [
            item("one", "select_one", choices="yes_no"),
            item("many", "select_multiple", choices="stages"),
        ]
    )
    a = make_assessment()
    assert check_answer(form, "one", ans(choice("maybe")), a, language="en") is not None
    assert check_answer(form, "one", ans(choice("no")), a, language="en") is None
    many_bad = ans(["police", "army"])
    assert check_answer(form, "many", many_bad, a, language="en") is not None
    assert check_answer(form, "many", ans(["courts"]), a, language="en") is None


def test_dont_know_is_only_for_score_items_of_a_scale_that_allows_it() -> None:
    form = constraint_form()
    a = make_assessment()
    assert check_answer(form, "law", ans("dk"), a, language="en") is None
    assert check_answer(form, "staff", ans("dk"), a, language="en") is not None
    strict = make_form([item("law")], dont_know=False)
    assert check_answer(strict, "law", ans("dk"), a, language="en") is not None


def test_problems_for_submit_lists_required_and_constraint_problems_in_form_order() -> None:
    form = constraint_form()
    a = make_assessment({"staff": Decimal(3), "trained": Decimal(5), "law": "dk"})
    assert problems_for_submit(form, a, language="en", today=TODAY) == [
        Problem("trained", "constraint", "Trained staff cannot exceed all staff.", None)
    ]
    empty = problems_for_submit(form, make_assessment(), language="en", today=TODAY)
    assert [(p.item, p.kind) for p in empty] == [("staff", "required"), ("law", "required")]


def test_hidden_items_are_neither_required_nor_checked() -> None:
    form = make_form(
        [
            item("has_law", "select_one", choices="yes_no"),
            item("law_used", required=True, relevant="${has_law} = 'yes'"),
            item("n", "integer", relevant="${has_law} = 'yes'", constraint=". < 5"),
        ]
    )
    a = make_assessment({"has_law": choice("no"), "n": Decimal(9)})
    assert problems_for_submit(form, a, language="en", today=TODAY) == []
    a = make_assessment({"has_law": choice("yes"), "n": Decimal(9)})
    assert [(p.item, p.kind) for p in problems_for_submit(form, a, language="en", today=TODAY)] == [
        ("law_used", "required"),
        ("n", "constraint"),
    ]


def test_repeat_entries_are_checked_one_by_one() -> None:
    form = repeat_form()
    a = make_assessment(
        {"has_sites": choice("yes")},
        {
            "sites": [
                {"site_name": "Nairobi", "site_kind": choice("courts")},
                {"site_kind": choice("police")},
            ]
        },
    )
    problems = problems_for_submit(form, a, language="en", today=TODAY)
    assert problems == [
        Problem("court_score", "required", None, ("sites", 0)),
        Problem("site_name", "required", None, ("sites", 1)),
    ]
    wrong = check_answer(form, "court_score", ans("text"), a, language="en", repeat=("sites", 0))
    assert wrong == Problem("court_score", "type", None, ("sites", 0))


def test_progress_counts_relevant_answered_and_missing_items_per_domain() -> None:
    form = make_form(
        [
            item("has_law", "select_one", choices="yes_no", required=True),
            item("law_used", required=True, relevant="${has_law} = 'yes'"),
            item("intro", "note"),
            item("law_note", "text"),
        ],
        [item("budget", required=True), item("multi_year")],
    )
    a = make_assessment({"has_law": choice("yes"), "budget": "dk"})
    assert progress(form, a, today=TODAY) == [
        DomainProgress("D1", answered=1, relevant=3, required_missing=1),
        DomainProgress("D2", answered=1, relevant=2, required_missing=0),
    ]
    a = make_assessment({"has_law": choice("no"), "budget": 2, "multi_year": 4})
    assert progress(form, a, today=TODAY) == [
        DomainProgress("D1", answered=1, relevant=2, required_missing=0),
        DomainProgress("D2", answered=2, relevant=2, required_missing=0),
    ]


def test_progress_counts_each_repeat_entry() -> None:
    form = repeat_form()
    a = make_assessment(
        {"has_sites": choice("yes")},
        {"sites": [{"site_name": "A", "site_kind": choice("police")}, {"site_name": "B"}]},
    )
    assert progress(form, a, today=TODAY) == [
        DomainProgress("D1", answered=4, relevant=5, required_missing=0)
    ]


def test_expression_problems_name_every_broken_expression() -> None:
    form = make_form(
        [
            item("a", relevant="${b} > 1"),
            item("b", constraint=". < ${nowhere}"),
            item("c", relevant="pulldata('x')"),
            group("g", [item("d", relevant="${a} > 0")], relevant="${g2} = ''"),
            group("sites", [item("site_score")], repeat=True),
            item("e", relevant="${site_score} > 1"),
            item("f", constraint="regex(., '(a)\\1')"),
        ]
    )
    assert expression_problems(form) == [
        "item b: constraint refers to unknown name 'nowhere'",
        "item c: relevant \"pulldata('x')\": unknown function 'pulldata' at 0",
        "group g: relevant refers to unknown name 'g2'",
        "item e: relevant refers to 'site_score' inside repeat group 'sites', which it cannot see",
        "item f: constraint \"regex(., '(a)\\\\1')\": regex pattern: backreferences such as \\1 "
        "are not supported (at 5 in the pattern) at 9",
    ]
    assert expression_problems(chain_form()) == []
    assert expression_problems(repeat_form()) == []


def test_the_shipped_forms_have_no_expression_problems() -> None:
    forms = load_forms(Path(__file__).resolve().parents[2] / "resources" / "content")
    assert forms
    for _, form in forms:
        assert expression_problems(form) == []


def test_relevant_groups_cascade_from_enclosing_groups_and_include_repeat_groups() -> None:
    form = make_form(
        [
            item("has_courts", "select_one", choices="yes_no"),
            item("courts_level"),
            group(
                "courts",
                [
                    item("dtc"),
                    group("inner", [item("dtc_funded")]),
                    group("big", [item("big_score")], relevant="${courts_level} > 2"),
                    group(
                        "court_sites",
                        [item("court_site"), group("per_site", [item("x")], relevant="1 = 2")],
                        repeat=True,
                    ),
                ],
                relevant="${has_courts} = 'yes'",
            ),
        ],
        [group("plain", [item("y")])],
    )
    answers: dict[str, Any] = {"has_courts": choice("yes"), "courts_level": 1}
    # A group inside a repeat depends on the entry, so ``per_site`` is never named.
    assert relevant_groups(form, make_assessment(answers), today=TODAY) == {
        "courts",
        "inner",
        "court_sites",
        "plain",
    }
    answers["courts_level"] = 3
    assert "big" in relevant_groups(form, make_assessment(answers), today=TODAY)
    # Hiding the outer group hides every group in it, the repeat group included.
    answers["has_courts"] = choice("no")
    assert relevant_groups(form, make_assessment(answers), today=TODAY) == {"plain"}
    # With no entry at all, the repeat group is still relevant (an entry may be added).
    assert "sites" in relevant_groups(
        repeat_form(), make_assessment({"has_sites": choice("yes")}), today=TODAY
    )
    assert relevant_groups(repeat_form(), make_assessment(), today=TODAY) == frozenset()
