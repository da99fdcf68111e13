from __future__ import annotations

import json
import unicodedata
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from icati_desktop.domain.assessments import (
    Answer,
    Assessment,
    AssessmentStatus,
    ChoiceAnswer,
    ChoicesAnswer,
    DateAnswer,
    DontKnowAnswer,
    NumberAnswer,
    ScoreAnswer,
    TextAnswer,
    answer_value,
)
from icati_desktop.domain.base import Owner
from icati_desktop.versioning.canonical import canonical_json

SHA = "ab" * 32


def assessment(**changes: object) -> Assessment:
    fields: dict[str, object] = {
        "country": "KEN",
        "form_id": "ati-self-assessment",
        "form_version": "1.0",
        "assessed_on": "2024-05-03",
        "participant_ids": [str(uuid4())],
        "participant_names": ["Two officials, Ministry of Health"],
        "answers": {
            "d1_law_allows_treatment": {
                "value": 3,
                "note": "Section 12 of the narcotics act",
                "evidence": {"resource_ids": [str(uuid4())], "attachments": [SHA]},
            },
            "d2_steering_committee": {"value": "dk"},
            "d9_budget_amount": {"value": Decimal("125000.50")},
            "d2_webinars_done": {"value": {"kind": "choice", "value": "yes"}},
        },
        "computed_phase": 2,
    }
    return Assessment.model_validate(fields | changes)


def round_trip(a: Assessment) -> Assessment:
    return Assessment.model_validate(json.loads(canonical_json(a.model_dump())))


def test_assessment_validates() -> None:
    a = assessment()
    assert Assessment.owner is Owner.FIELD
    assert a.answer("d1_law_allows_treatment").score == 3
    assert a.answer("d2_steering_committee").is_dont_know
    assert isinstance(a.answer("d9_budget_amount").value, NumberAnswer)
    assert isinstance(a.answer("d2_webinars_done").value, ChoiceAnswer)
    assert a.answer("never_asked").value is None
    assert a.phase == 2


def test_plain_answer_values_are_tagged() -> None:
    assert answer_value(0) == ScoreAnswer(value=0)
    assert answer_value("dk") == DontKnowAnswer()
    assert answer_value("Some text") == TextAnswer(value="Some text")
    assert answer_value(Decimal("2.5")) == NumberAnswer(value=Decimal("2.5"))
    assert answer_value(date(2023, 1, 1)) == DateAnswer(value=date(2023, 1, 1))
    assert answer_value(["women", "youth"]) == ChoicesAnswer(value=["women", "youth"])
    assert Answer.model_validate({"value": 4}) == Answer(value=answer_value(4))


def test_answers_keep_their_type_through_the_canonical_round_trip() -> None:
    a = assessment(answers={"n": {"value": Decimal("1.5")}, "d": {"value": date(2024, 1, 2)}})
    again = round_trip(a)
    assert again == a
    assert isinstance(again.answer("n").value, NumberAnswer)
    assert isinstance(again.answer("d").value, DateAnswer)


_plain_values = st.one_of(
    st.integers(0, 4),
    st.just("dk"),
    # Canonical text is NFC, so only NFC text comes back equal.
    st.text(max_size=50).filter(lambda s: s != "dk" and unicodedata.is_normalized("NFC", s)),
    st.decimals(
        allow_nan=False, allow_infinity=False, places=4, min_value=-(10**9), max_value=10**9
    ),
    st.dates(),
    st.lists(st.from_regex(r"[a-z_][a-z0-9_]{0,10}", fullmatch=True), max_size=4),
)


@given(_plain_values)
def test_any_answer_round_trips_canonically(value: object) -> None:
    a = assessment(answers={"item": {"value": value}})
    text = canonical_json(a.model_dump())
    again = round_trip(a)
    assert again == a
    assert canonical_json(again.model_dump()) == text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (5, "less than or equal to 4"),
        (-1, "greater than or equal to 0"),
        (2.5, "is a float"),
        (True, "not a bool"),
        (datetime(2024, 1, 1), "time zone"),
        ({"kind": "number", "value": 1.5}, "is a float"),
        ({"kind": "number", "value": "NaN"}, "finite"),
        ({"kind": "score", "value": "3"}, "valid integer"),
        ({"kind": "rating", "value": 3}, "kind"),
        ({"kind": "choice", "value": "not a name"}, "pattern"),
    ],
)
def test_bad_answers_are_refused(value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Answer.model_validate({"value": value})


def test_answer_value_refuses_a_score_of_5() -> None:
    with pytest.raises(ValidationError, match="less than or equal to 4"):
        answer_value(5)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"computed_phase": 5}, "less than or equal to 4"),
        ({"form_version": " v1"}, "form_version"),
        ({"form_version": "x" * 33}, "form_version"),
        ({"form_id": "ATI Form"}, "form_id"),
        ({"answers": {"1bad name": {"value": 1}}}, "answers"),
        ({"status": "submitted"}, "needs submitted_at"),
        ({"submitted_at": "2024-05-03T10:00:00Z"}, "draft assessment has no submitted_at"),
        ({"status": "approved"}, "status"),
    ],
)
def test_assessment_rejects_bad_input(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        assessment(**changes)


def test_submission_and_phase_override() -> None:
    a = assessment(
        status="submitted",
        submitted_at="2024-05-03T13:00:00+03:00",
        phase_override={
            "phase": 3,
            "reason": "Pilot drug court already running in Mombasa",
            "by": "TA expert",
            "at": "2024-05-03T12:00:00Z",
        },
    )
    assert a.status is AssessmentStatus.SUBMITTED
    assert a.submitted_at == datetime(2024, 5, 3, 10, 0, tzinfo=UTC)
    assert a.phase == 3
    assert round_trip(a) == a


def test_an_override_needs_a_reason_and_an_aware_time() -> None:
    override = {"phase": 3, "reason": "", "by": "TA", "at": "2024-05-03T12:00:00Z"}
    with pytest.raises(ValidationError, match="reason"):
        assessment(phase_override=override)
    override |= {"reason": "r", "at": "2024-05-03T12:00:00"}
    with pytest.raises(ValidationError, match="time zone"):
        assessment(phase_override=override)
