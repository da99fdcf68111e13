"""The sentences that explain an assessment result, in the language a report asks for."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from icati_desktop.domain.scoring import AssessmentResult, TaggedResource, score_assessment
from icati_desktop.reports.assessment_text import (
    advice_text,
    condition_text,
    localized,
    phase_name,
    result_json,
)
from tests.domain.scoring_helpers import (
    assess,
    default_answers,
    default_form,
    domain_answers,
    mini_form,
)

LIBRARY = [
    TaggedResource("utc81", {"en": "UTC 81", "fr": "UTC 81 (fr)"}, frozenset({"training-policy"})),
    TaggedResource("toolkit", "Assessment Toolkit", frozenset({"assessment"})),
]
P2 = default_answers(1, d2_basics_webinars=3)
P3 = default_answers(2, d2_basics_webinars=3)


def scored(answers: dict[str, Any], **fields: Any) -> AssessmentResult:
    form = default_form()
    return score_assessment(form, assess(form, answers, **fields), resources=LIBRARY)


def reasons(result: AssessmentResult, phase: int, language: str = "en") -> list[str]:
    return [condition_text(c, default_form(), language) for c in result.phase.unmet(phase)]


def test_a_domain_below_the_minimum() -> None:
    # D2: key item 0 (weight 2), 1, 2, "don't know" → (0 + 1 + 2) / 4 = 0.75.
    result = scored({**P2, **domain_answers("D2", 0, 1, 2, "dk")})
    [reason] = [r for r in reasons(result, 2) if "(D2)" in r]
    assert reason == "Leadership & coordination (D2) is 0.75; phase 2 needs at least 1."
    [french] = [r for r in reasons(result, 2, "fr") if "(D2)" in r]
    assert "Leadership et coordination (D2)" in french
    assert "0,75" in french


def test_a_domain_with_insufficient_data() -> None:
    result = scored({**P2, **domain_answers("D2", 1, "dk", "dk", 3)})  # 2 of 4 "don't know"
    assert reasons(result, 2) == [
        "Leadership & coordination (D2) has insufficient data; phase 2 needs at least 1."
    ]


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (2, "“Have the ATI Basic webinars been completed?” is 2; phase 2 needs at least 3."),
        (
            "dk",
            "“Have the ATI Basic webinars been completed?” is answered “Don't know”; "
            "phase 2 needs at least 3.",
        ),
    ],
)
def test_the_webinar_condition(answer: int | str, reason: str) -> None:
    assert reasons(scored({**P2, "d2_basics_webinars": answer}), 2) == [reason]


def test_counted_stages_and_domains() -> None:
    no_stage = scored({**P3, **domain_answers("D3", 1, 1, 1, 1)})
    assert reasons(no_stage, 3) == [
        "0 of these 4 items are at least 2; phase 3 needs 1. Not yet: Pre-arrest / deflection "
        "(police or first-responder referral to treatment) 1, Pre-trial diversion 1, Court / "
        "sentencing (e.g. drug treatment courts) 1, and Post-sentence / re-entry (probation, "
        "parole, release) 1."
    ]
    one_stage = scored({**default_answers(3), **domain_answers("D3", 3, 2, 2, 2)})
    assert reasons(one_stage, 4)[0].startswith("1 of these 4 items is at least 3; phase 4 needs 2.")
    two_domains = default_answers(
        0, **domain_answers("D2", 1, 1, 1, 3), **domain_answers("D1", 1, 1, 1, 1)
    )
    assert reasons(scored(two_domains), 2)[0].startswith(
        "2 domains are at least 1; phase 2 needs 3. Not yet: Continuum coverage (D3) 0.00, "
    )


def test_every_domain() -> None:
    # D6 key 2, 2, 2, 1 → 9/5 = 1.80 (scores always show two decimals); D9 with 2 of 3
    # "don't know" has insufficient data.
    answers = {**default_answers(3), **domain_answers("D6", 2, 2, 2, 1)}
    answers |= {"d9_budget_line": "dk", "d9_multi_year": "dk"}
    assert reasons(scored(answers), 4) == [
        "Phase 4 needs every domain at least 2; not yet: Case & care management (D6) 1.80 and "
        "Funding & resources (D9): insufficient data.",
        "Funding & resources (D9) has insufficient data; phase 4 needs at least 3.",
    ]


def test_a_choice_condition() -> None:
    form = mini_form()

    def reason(answers: dict[str, Any], language: str = "en") -> str:
        result = score_assessment(form, assess(form, {"a1": 1, "a2": 1, "a3": 1, **answers}))
        [check] = result.phase.unmet(2)
        return condition_text(check, form, language)

    no = {"trained": {"kind": "choice", "value": "no"}}
    assert reason(no) == "“Trained?” is “No”; phase 2 needs “Yes”."
    assert "«\u00a0Non\u00a0»" in reason(no, "fr")  # French quotes, as the catalog writes them
    assert "«\u00a0Oui\u00a0»" in reason(no, "fr")
    assert reason({}) == "“Trained?” is not answered; phase 2 needs “Yes”."


def test_an_advice_line() -> None:
    answers = {**P2, **domain_answers("D2", 0, 0, 1, 3)}  # D2 = 4/5 = 0.8
    result = scored(answers)
    line = result.advice[0]
    assert advice_text(line, default_form(), "en") == (
        "Leadership & coordination (D2) scored 0.80 (Absent). Next step: Set up a health–justice "
        "ATI steering committee with a written mandate, and agree inter-agency MoUs. "
        "Resources: UTC 81. ICATI support: Strategic stakeholder meeting; steering committee "
        "set-up."
    )
    french = advice_text(line, default_form(), "fr")
    assert "Leadership et coordination (D2)" in french
    assert "0,8" in french
    assert "UTC 81 (fr)" in french


def test_an_advice_line_without_data_or_resources() -> None:
    answers = {**P3, "d9_budget_line": "dk", "d9_multi_year": "dk"}
    line = next(a for a in scored(answers).advice if a.domain == "D9")
    text = advice_text(line, default_form(), "en")
    assert text.startswith("Funding & resources (D9) has insufficient data. Next step: Estimate")
    assert "Resources:" not in text
    assert text.endswith("ICATI support: Costing and sustainability plan.")


def test_phase_names() -> None:
    assert [phase_name(p, "en") for p in (1, 2, 3, 4)] == [
        "Interest & Exploration",
        "Systems Preparation",
        "Initiative Planning & Launch",
        "Expansion & Sustainability",
    ]
    assert phase_name(2, "fr") == "Préparation des systèmes"
    with pytest.raises(ValueError, match="1 to 4"):
        phase_name(5, "en")
    with pytest.raises(ValueError, match="unsupported language"):
        phase_name(1, "xx")


def test_form_texts_fall_back_to_the_forms_default_language() -> None:
    form = mini_form()
    rule = form.advice_rules[0]
    assert localized(rule.action, form, "fr") == "Revoir la loi."
    assert localized(rule.support_offer, form, "fr") == "Legal review"
    assert localized({}, form, "fr") == ""


def test_the_json_of_a_result() -> None:
    form = default_form()
    answers = {**P2, **domain_answers("D2", 0, 0, 1, 3), **domain_answers("D3", 0, 2, "dk", 1)}
    override = {
        "phase": 2,
        "reason": "Webinars attended after the workshop",
        "by": "TA expert",
        "at": "2025-03-20T09:00:00+00:00",
    }
    assessment = assess(form, answers, assessed_on=date(2025, 3, 14), phase_override=override)
    result = score_assessment(form, assessment, resources=LIBRARY)
    data = json.loads(json.dumps(result_json(result, form, assessment, "en")))
    leadership = data["domains"][1]
    assert leadership == {
        "code": "D2",
        "title": "Leadership & coordination",
        "score": "0.80",
        "percent": "20",
        "answered": 4,
        "dont_know": 0,
        "unanswered": 0,
        "total": 4,
        "insufficient": False,
    }
    assert data["data_gaps"]["items"] == [
        {
            "item": "d3_court",
            "domain": "D3",
            "status": "dont_know",
            "label": "Court / sentencing (e.g. drug treatment courts)",
        }
    ]
    phase = data["phase"]
    assert (phase["computed"], phase["shown"], phase["next"]) == (1, 2, 2)
    assert phase["override"]["reason"] == "Webinars attended after the workshop"
    assert phase["shown_name"] == "Systems Preparation"
    [blocked] = [p for p in phase["unmet"] if p["phase"] == 2]
    assert [c["text"] for c in blocked["conditions"]] == [
        "Leadership & coordination (D2) is 0.80; phase 2 needs at least 1."
    ]
    assert blocked["conditions"][0]["actual"] == "0.80"
    advice = data["advice"][0]
    assert (advice["domain"], advice["blocks_phase"], advice["anchor_label"]) == ("D2", 2, "Absent")
    assert advice["resources"] == [{"id": "utc81", "title": "UTC 81"}]
    assert advice["text"].startswith("Leadership & coordination (D2) scored 0.80 (Absent).")
    assert [g["item"] for g in data["stage_gaps"]] == ["d3_pre_arrest"]
    assert "ATI Atlas initiatives" in data["stage_gaps"][0]["text"]
    assert (data["mapping_first"], data["mapping_text"]) == (False, None)
    assert data["reassess_on"] == "2026-03-14"
    assert "March 14, 2026" in data["reassess_text"]


def test_many_dont_knows_put_the_mapping_meeting_first() -> None:
    form = default_form()
    names = [item.name for _, item in form.items()]
    answers = default_answers(1, **dict.fromkeys(names[:14], "dk"))  # 14 of 35 = 40 %
    assessment = assess(form, answers)
    data = result_json(score_assessment(form, assessment), form, assessment, "fr")
    assert data["mapping_first"] is True
    assert data["mapping_text"].startswith("40")
    assert "Organiser une réunion de cartographie" in data["mapping_text"]
