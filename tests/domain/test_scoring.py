"""Scoring hand-computed assessments with the default form's rules (and a small form)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from icati_desktop.domain.assessments import PhaseOverride
from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.domain.scoring import (
    AssessmentResult,
    TaggedResource,
    add_months,
    score_assessment,
)
from tests.domain.scoring_helpers import (
    assess,
    default_answers,
    default_form,
    domain_answers,
    mini_form,
    mini_form_data,
)

LIBRARY = [
    TaggedResource(
        "core", "Treatment and care … Alternatives", frozenset({"core", "legal", "continuum"})
    ),
    TaggedResource("tokyo", "Tokyo Rules", frozenset({"legal", "rights"})),
    TaggedResource("handbook", "Handbook on Alternatives", frozenset({"legal", "continuum"})),
    TaggedResource("utc81", "UTC 81", frozenset({"training-policy"})),
    TaggedResource("toolkit", "Assessment Toolkit", frozenset({"assessment"})),
    TaggedResource("elearning", "ATI e-learning", frozenset({"training"})),
    TaggedResource("nida", "NIDA Principles", frozenset({"treatment", "assessment"})),
]


def scored(answers: dict[str, Any], **fields: Any) -> AssessmentResult:
    form = default_form()
    return score_assessment(form, assess(form, answers, **fields), resources=LIBRARY)


def d(text: str) -> Decimal:
    return Decimal(text)


# --- domain scores -------------------------------------------------------------------------------


def test_dont_know_is_left_out_of_the_mean_and_counted_as_a_gap() -> None:
    # D1: key item 4 (weight 2), 2, DK, 1 → (2·4 + 2 + 1) / (2 + 1 + 1) = 11/4 = 2.75;
    # counting DK as 0 would give 11/5 = 2.2.
    result = scored(default_answers(1, **domain_answers("D1", 4, 2, "dk", 1)))
    law = result.domain("D1")
    assert law.score == d("2.75")
    assert law.percent == 69  # 2.75 / 4 = 68.75 %
    assert (law.answered, law.dont_know, law.unanswered, law.total) == (3, 1, 0, 4)
    assert law.dont_know_items == ("d1_safeguards_defined",)
    assert not law.insufficient


def test_key_items_weigh_twice() -> None:
    # D4: key item 4 (weight 2), then 0, 0, 1 → (2·4 + 0 + 0 + 1) / 5 = 9/5 = 1.80
    # (unweighted it would be 5/4 = 1.25).
    result = scored(default_answers(1, **domain_answers("D4", 4, 0, 0, 1)))
    assert result.domain("D4").score == d("1.80")
    assert result.domain("D4").percent == 45


def test_scores_are_rounded_half_up_to_hundredths() -> None:
    # D2 with its key item "don't know" leaves three items of weight 1:
    # (1 + 1 + 2) / 3 = 1.333… → 1.33 and (2 + 2 + 1) / 3 = 1.666… → 1.67.
    low = scored(default_answers(1, d2_steering_committee="dk", d2_basics_webinars=2))
    high = scored(
        default_answers(1, d2_steering_committee="dk", d2_interagency_mous=2, d2_justice_support=2)
    )
    assert low.domain("D2").score == d("1.33")
    assert high.domain("D2").score == d("1.67")


def test_half_a_hundredth_rounds_up() -> None:
    # Weights 5 and 3: (5·1 + 3·0) / 8 = 0.625 → 0.63 (half-even would give 0.62).
    data = mini_form_data()
    data["domains"][0]["elements"] = [
        {"kind": "item", "name": "a1", "type": "score", "label": {"en": "a1"}, "weight": 5},
        {"kind": "item", "name": "a2", "type": "score", "label": {"en": "a2"}, "weight": 3},
    ]
    form = mini_form(domains=data["domains"])
    result = score_assessment(form, assess(form, {"a1": 1, "a2": 0}))
    assert result.domain("D1").score == d("0.63")


@pytest.mark.parametrize(
    ("answers", "insufficient", "expected", "percent"),
    [
        # 3 of 5 answered = 60 %: enough. (2·4 + 2 + 0) / 4 = 2.50 = 62.5 % → 63 %
        ({"a1": 4, "a2": 2, "a3": 0}, False, d("2.50"), 63),
        # 2 of 5 = 40 % answered: below 60 %.
        ({"a1": 4, "a2": 2}, True, None, None),
        # 2 of 5 "don't know" = 40 %: at the limit, insufficient.
        ({"a1": 4, "a2": 2, "a3": 0, "a4": "dk", "a5": "dk"}, True, None, None),
        # 1 of 5 "don't know" = 20 %: (2·4 + 2 + 0 + 3) / 5 = 2.60 = 65 %
        ({"a1": 4, "a2": 2, "a3": 0, "a4": 3, "a5": "dk"}, False, d("2.60"), 65),
        # Only "don't know" and blanks: nothing to average.
        ({"a1": "dk"}, True, None, None),
    ],
)
def test_insufficient_data_boundaries(
    answers: dict[str, Any], insufficient: bool, expected: Decimal | None, percent: int | None
) -> None:
    form = mini_form()
    domain = score_assessment(form, assess(form, answers)).domain("D1")
    assert domain.insufficient is insufficient
    assert domain.score == expected
    assert domain.percent == percent


def test_only_relevant_items_count() -> None:
    form = mini_form()
    answers = {"a1": 4, "a2": 0, "a3": 0}
    everything = score_assessment(form, assess(form, answers)).domain("D1")
    # Everything: 3 of 5 answered, (2·4 + 0 + 0) / 4 = 2.00. Only a1 and a3 apply:
    # 2 of 2 answered, (2·4 + 0) / 3 = 2.67.
    relevant = score_assessment(form, assess(form, answers), relevant={"a1", "a3"}).domain("D1")
    assert (everything.score, everything.total) == (d("2.00"), 5)
    assert (relevant.score, relevant.total, relevant.unanswered) == (d("2.67"), 2, 0)


def test_a_score_item_in_a_repeat_group_takes_the_mean_of_its_entries() -> None:
    form = mini_form()
    sites = [
        {"site_records": {"value": 1}, "site_reports": {"value": "dk"}},
        {"site_records": {"value": 2}, "site_reports": {"value": "dk"}},
    ]
    result = score_assessment(form, assess(form, {}, repeats={"sites": sites}))
    data = result.domain("D7")
    # site_records = (1 + 2) / 2 = 1.5; site_reports "don't know" in every entry: 1 of 2
    # items DK = 50 % → insufficient.
    assert (data.answered, data.dont_know, data.insufficient) == (1, 1, True)
    sites[1]["site_reports"] = {"value": 3}
    data = score_assessment(form, assess(form, {}, repeats={"sites": sites})).domain("D7")
    assert data.score == d("2.25")  # (1.5 + 3) / 2


def test_a_non_score_answer_to_a_score_item_is_refused() -> None:
    form = mini_form()
    with pytest.raises(ValueError, match="item 'a1' is scored 0-4"):
        score_assessment(form, assess(form, {"a1": "text"}))


def test_the_form_version_must_be_the_one_answered() -> None:
    form = mini_form()
    other = mini_form(version="2")
    with pytest.raises(ValueError, match="answered on form mini@1, not mini@2"):
        score_assessment(other, assess(form, {}))


# --- phases --------------------------------------------------------------------------------------


def phase_of(answers: dict[str, Any]) -> int:
    return scored(answers).phase.computed


# Phase 2 baseline: every item 1, webinars 3 → D2 = (2·1 + 1 + 1 + 3) / 5 = 1.40.
P2 = default_answers(1, d2_basics_webinars=3)


def test_phase_2_needs_leadership_at_least_1() -> None:
    # D2 key 0, MoUs 1, support 1, webinars 3 → (0 + 1 + 1 + 3) / 5 = 1.00: exactly at.
    at = {**P2, **domain_answers("D2", 0, 1, 1, 3)}
    # D2 key 0, MoUs 0, support 1, webinars 3 → 4/5 = 0.80: just below.
    below = {**P2, **domain_answers("D2", 0, 0, 1, 3)}
    assert scored(at).domain("D2").score == d("1.00")
    assert phase_of(at) == 2
    result = scored(below)
    assert result.phase.computed == 1
    assert result.phase.next_phase == 2
    [unmet] = result.phase.unmet(2)
    assert (unmet.actual, unmet.blocking_domains) == (d("0.80"), ("D2",))


def test_phase_2_needs_three_domains_at_least_1() -> None:
    nothing = default_answers(0, **domain_answers("D2", 1, 1, 1, 3))
    three = {**nothing, **domain_answers("D1", 1, 1, 1, 1), **domain_answers("D3", 1, 1, 1, 1)}
    two = {**nothing, **domain_answers("D1", 1, 1, 1, 1)}
    assert phase_of(three) == 2
    result = scored(two)
    assert result.phase.computed == 1
    [unmet] = result.phase.unmet(2)
    assert unmet.actual == 2
    # The domains nearest the minimum first; all others are at 0 in form order.
    assert unmet.blocking_domains == ("D3", "D4", "D5", "D6", "D7", "D8", "D9")


@pytest.mark.parametrize(("webinars", "phase"), [(3, 2), (4, 2), (2, 1), ("dk", 1), (None, 1)])
def test_the_webinar_condition(webinars: int | str | None, phase: int) -> None:
    answers = dict(P2)
    if webinars is None:
        del answers["d2_basics_webinars"]
    else:
        answers["d2_basics_webinars"] = webinars
    result = scored(answers)
    leadership = result.domain("D2").score
    assert leadership is not None
    assert leadership >= 1
    assert result.phase.computed == phase
    if phase == 1:
        [unmet] = result.phase.unmet(2)
        status = {2: "below", "dk": "dont_know", None: "unanswered"}[webinars]
        assert unmet.shortfalls[0].status == status
        assert unmet.blocking_domains == ("D2",)


# Phase 3 baseline: every item 2, webinars 3 → D2 = (4 + 2 + 2 + 3) / 5 = 2.20.
P3 = default_answers(2, d2_basics_webinars=3)


def test_phase_3_boundaries() -> None:
    assert phase_of(P3) == 3  # D1, D5 = 2.00 exactly; every D3 stage at 2
    # D5 key 2 (weight 2), 2, 2, 1 → (4 + 2 + 2 + 1) / 5 = 1.80: just below.
    low_treatment = scored({**P3, **domain_answers("D5", 2, 2, 2, 1)})
    assert low_treatment.phase.computed == 2
    assert [c.blocking_domains for c in low_treatment.phase.unmet(3)] == [("D5",)]
    # No D3 stage at 2 (all at 1) → phase 2; one stage at 2 → phase 3.
    no_stage = {**P3, **domain_answers("D3", 1, 1, 1, 1)}
    one_stage = {**P3, **domain_answers("D3", 1, 1, 2, 1)}
    assert phase_of(no_stage) == 2
    assert phase_of(one_stage) == 3
    [unmet] = scored(no_stage).phase.unmet(3)
    assert (unmet.actual, unmet.blocking_domains) == (0, ("D3",))


# Phase 4 baseline: every item 3 → every domain 3.00, every D3 stage 3.
P4 = default_answers(3)


def test_phase_4_boundaries() -> None:
    result = scored(P4)
    assert (result.phase.computed, result.phase.next_phase) == (4, None)
    # Exactly at: D4 all 2 (2.00, the minimum for every domain), D1 3.00, two stages at 3.
    at = {**P4, **domain_answers("D4", 2, 2, 2, 2), **domain_answers("D3", 3, 3, 2, 2)}
    assert phase_of(at) == 4
    # D1 key 3 (weight 2), 3, 3, 2 → (6 + 3 + 3 + 2) / 5 = 2.80: just below 3.
    assert phase_of({**P4, **domain_answers("D1", 3, 3, 3, 2)}) == 3
    # One D3 stage at 3: (2·3 + 2 + 2 + 2) / 5 = 2.40 keeps D3 ≥ 2, but phase 4 needs two.
    one_stage = scored({**P4, **domain_answers("D3", 3, 2, 2, 2)})
    assert one_stage.phase.computed == 3
    [unmet] = one_stage.phase.unmet(4)
    assert unmet.actual == 1
    # D6 key 2, 2, 2, 1 → 9/5 = 1.80 < 2 for "every domain".
    low_case = scored({**P4, **domain_answers("D6", 2, 2, 2, 1)})
    assert low_case.phase.computed == 3
    [every] = low_case.phase.unmet(4)
    assert (every.actual, every.blocking_domains) == (d("1.80"), ("D6",))


def test_a_domain_with_insufficient_data_cannot_reach_a_minimum() -> None:
    # D9 with 2 of 3 "don't know" is insufficient even though the third item is 4.
    result = scored({**P4, "d9_budget_line": "dk", "d9_multi_year": "dk", "d9_costs_estimated": 4})
    assert result.domain("D9").insufficient
    assert result.phase.computed == 3
    checks = result.phase.unmet(4)
    assert [(c.condition.kind, c.actual) for c in checks] == [
        ("every_domain_at_least", d("3.00")),
        ("domain_at_least", None),
    ]
    assert all(c.shortfalls[0].status == "insufficient" for c in checks)


def test_the_highest_phase_whose_conditions_hold_wins() -> None:
    # Phase 3 holds although the webinars (a phase 2 condition) are not done:
    # D2 = (2·3 + 2 + 2 + 0) / 5 = 2.00.
    result = scored({**P3, **domain_answers("D2", 3, 2, 2, 0)})
    assert result.phase.computed == 3
    assert [c.condition.kind for c in result.phase.unmet(2)] == ["items_count_at_least"]


def test_item_equals_and_every_domain_on_a_small_form() -> None:
    form = mini_form()
    sites = [{"site_records": {"value": 1}, "site_reports": {"value": 1}}]
    base = {"a1": 1, "a2": 1, "a3": 1, "s_first": 2, "s_middle": 1, "s_last": 1}
    yes = {**base, "trained": {"kind": "choice", "value": "yes"}}
    no = {**base, "trained": {"kind": "choice", "value": "no"}}
    result = score_assessment(form, assess(form, yes, repeats={"sites": sites}))
    assert result.phase.computed == 3
    refused = score_assessment(form, assess(form, no, repeats={"sites": sites}))
    # Phase 3 still holds (no phase 2 needed), phase 2's choice is reported.
    [choice] = refused.phase.unmet(2)
    assert (choice.met, choice.actual, choice.blocking_domains) == (False, "no", ("D5",))
    not_applicable = score_assessment(
        form, assess(form, yes), relevant={"a1", "a2", "a3", "s_first"}
    )
    [choice] = not_applicable.phase.unmet(2)
    assert choice.shortfalls[0].status == "not_relevant"
    # D7 has no site entries: insufficient data, so phase 3's "every domain ≥ 1" fails.
    assert not_applicable.phase.computed == 1
    assert not_applicable.phase.unmet(3)[-1].blocking_domains == ("D7",)


def test_an_override_is_shown_and_the_computed_phase_kept() -> None:
    override = PhaseOverride(
        phase=3,
        reason="Pilot courts run in two provinces",
        by="TA expert",
        at=datetime(2025, 3, 15, tzinfo=UTC),
    )
    result = scored(default_answers(0), phase_override=override)
    assert (result.phase.computed, result.shown_phase, result.override) == (1, 3, override)
    assert scored(default_answers(0)).shown_phase == 1


# --- advice --------------------------------------------------------------------------------------


def test_advice_puts_blocking_domains_first_then_the_weakest_top_3() -> None:
    # P1: D2 = (0 + 0 + 1 + 3) / 5 = 0.80 blocks phase 2; D4 and D7 at 0, D8 at 1 are
    # weaker than the target 2 but do not block.
    answers = {
        **P2,
        **domain_answers("D2", 0, 0, 1, 3),
        **domain_answers("D4", 0, 0, 0, 0),
        **domain_answers("D7", 0, 0, 0, 0),
    }
    result = scored(answers)
    assert [(a.domain, a.score, a.anchor, a.blocks_phase) for a in result.advice] == [
        ("D2", d("0.80"), 0, 2),
        ("D4", d("0.00"), 0, None),
        ("D7", d("0.00"), 0, None),
    ]
    assert [r.id for r in result.advice[0].resources] == ["utc81"]
    assert [r.id for r in result.advice[1].resources] == ["toolkit", "nida"]
    assert result.advice[2].library_tags == ("training",)
    assert result.advice[0].action == dict(default_form().advice_rules[1].action)


def test_resources_matching_more_tags_come_first() -> None:
    answers = {**P2, **domain_answers("D1", 0, 1, 1, 1)}  # D1 = 3/5 = 0.60: blocks phase 3
    line = scored(answers).advice[0]
    assert line.domain == "D1"
    assert [r.id for r in line.resources] == ["core", "handbook", "tokyo"]


def test_no_advice_when_every_domain_has_reached_the_target() -> None:
    assert scored(P4).advice == ()
    # At phase 3 (every domain 2) the domains holding back phase 4 are advised, in rule
    # order: D1, D8, D9 below 3, then D3 (no two stages at 3); the top 3 are shown.
    assert [a.domain for a in scored(P3).advice] == ["D1", "D8", "D9"]


def test_a_domain_without_an_advice_rule_is_skipped() -> None:
    form = mini_form()
    answers = {"a1": 0, "a2": 0, "a3": 0, "s_first": 0, "s_middle": 0, "s_last": 0}
    sites = [{"site_records": {"value": 0}, "site_reports": {"value": 0}}]
    result = score_assessment(form, assess(form, answers, repeats={"sites": sites}))
    assert [a.domain for a in result.advice] == ["D1", "D5"]


def test_a_stage_at_zero_while_another_is_at_two_is_a_stage_gap() -> None:
    result = scored({**P3, **domain_answers("D3", 0, 2, 1, 0)})
    assert [(g.stage_item, g.stage) for g in result.stage_gaps] == [
        ("d3_pre_arrest", ContinuumStage.PRE_ARREST),
        ("d3_post_sentence", ContinuumStage.POST_SENTENCE),
    ]
    assert scored({**P3, **domain_answers("D3", 0, 1, 1, 0)}).stage_gaps == ()
    assert scored({**P3, **domain_answers("D3", "dk", 2, 1, 1)}).stage_gaps == ()


def test_stage_items_come_from_the_form_not_from_names() -> None:
    form = mini_form()
    result = score_assessment(form, assess(form, {"s_first": 3, "s_middle": 0, "s_last": 1}))
    assert [(g.stage_item, g.stage) for g in result.stage_gaps] == [
        ("s_middle", ContinuumStage.COURT)
    ]


def test_many_dont_knows_advise_a_mapping_meeting_first() -> None:
    names = [item.name for _, item in default_form().items()]  # 35 score items
    fourteen = default_answers(1, **dict.fromkeys(names[:14], "dk"))  # 14/35 = 40 %
    thirteen = default_answers(1, **dict.fromkeys(names[:13], "dk"))  # 13/35 = 37 %
    assert (scored(fourteen).mapping_first, scored(fourteen).dont_know_share) == (True, d("0.40"))
    assert (scored(thirteen).mapping_first, scored(thirteen).dont_know_share) == (False, d("0.37"))


def test_reassessment_is_due_after_the_forms_months() -> None:
    assert scored(P2, assessed_on=date(2024, 5, 3)).reassess_on == date(2025, 5, 3)
    assert scored(P2, assessed_on=date(2024, 2, 29)).reassess_on == date(2025, 2, 28)
    form = mini_form(advice={"reassess_after_months": 6})
    result = score_assessment(form, assess(form, {}, assessed_on=date(2024, 8, 31)))
    assert result.reassess_on == date(2025, 2, 28)
    assert add_months(date(2024, 12, 15), 1) == date(2025, 1, 15)
