"""The shown state of a record with several leaves: base, existence, validity, fallback."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from icati_desktop.domain.assessments import Answer, Assessment, AssessmentStatus
from icati_desktop.domain.base import RecordPayload
from icati_desktop.domain.meetings import AgendaItem, Meeting, MeetingFormat, MeetingType
from icati_desktop.domain.merge_rules import merge_spec
from icati_desktop.versioning.canonical import canonical_json
from icati_desktop.versioning.hlc import Timestamp
from icati_desktop.versioning.merge import MISSING
from icati_desktop.versioning.record_merge import (
    BASE,
    MAX_BASE_DEPTH,
    RecordMerge,
    VersionNode,
    merge_record,
    resolved_payload,
)


class Graph:
    """A record's versions, written one by one (each later than the last)."""

    def __init__(self, model: type[RecordPayload]) -> None:
        self.model = model
        self.nodes: dict[str, VersionNode] = {}
        self.payloads: dict[str, Any] = {}

    def add(self, name: str, payload: RecordPayload | None, *parents: str) -> str:
        self.nodes[name] = VersionNode(
            name, parents, Timestamp(len(self.nodes) + 1, 0), "device", payload is None
        )
        self.payloads[name] = (
            None if payload is None else json.loads(canonical_json(payload.model_dump()))
        )
        return name

    def merge(self, *leaves: str) -> RecordMerge:
        return merge_record(self.model, leaves, self.nodes, self.payloads.__getitem__)


def meeting(**changes: Any) -> Meeting:
    fields: dict[str, Any] = {
        "title": "Steering committee",
        "country": "KEN",
        "held_on": date(2026, 3, 2),
        "format": MeetingFormat.IN_PERSON,
        "meeting_type": MeetingType.STRATEGIC,
    }
    return Meeting.model_validate(fields | changes)


def assessment(**changes: Any) -> Assessment:
    fields: dict[str, Any] = {
        "country": "KEN",
        "form_id": "ati-self-assessment",
        "form_version": "1",
        "assessed_on": date(2026, 3, 2),
    }
    return Assessment.model_validate(fields | changes)


def test_one_leaf_is_shown_as_it_is() -> None:
    g = Graph(Meeting)
    g.add("v1", meeting())
    outcome = g.merge("v1")
    assert (outcome.shown, outcome.deleted, outcome.conflicts) == ("v1", False, ())
    assert outcome.payload == g.payloads["v1"]


def test_two_leaves_merge_against_their_common_ancestor() -> None:
    g = Graph(Meeting)
    g.add("base", meeting())
    g.add("a", meeting(title="Steering committee (2nd)"), "base")
    g.add("b", meeting(notes="Minutes attached"), "base")
    outcome = g.merge("a", "b")
    assert outcome.base == "base"
    assert outcome.conflicts == ()
    assert outcome.shown == "b"  # the newer leaf
    assert outcome.payload is not None
    assert (outcome.payload["title"], outcome.payload["notes"]) == (
        "Steering committee (2nd)",
        "Minutes attached",
    )


def test_leaves_without_a_common_ancestor_merge_against_nothing() -> None:
    g = Graph(Meeting)
    g.add("a", meeting(title="A"))
    g.add("b", meeting(notes="B"))
    outcome = g.merge("a", "b")
    assert outcome.base is None
    assert outcome.base_payload is MISSING
    assert [c.path for c in outcome.conflicts] == [("title",), ("notes",)]


def test_delete_against_edit_conflicts_at_the_root_and_shows_the_edit() -> None:
    g = Graph(Meeting)
    g.add("base", meeting())
    g.add("edit", meeting(notes="more"), "base")
    g.add("gone", None, "base")
    outcome = g.merge("edit", "gone")
    assert not outcome.deleted
    [root] = outcome.conflicts
    assert root.path == ()
    assert root.shown == "edit"
    assert dict(root.values) == {"edit": g.payloads["edit"], "gone": MISSING}
    assert outcome.shown == "edit"


def test_delete_against_an_unchanged_copy_deletes_and_all_deletions_agree() -> None:
    g = Graph(Meeting)
    g.add("base", meeting())
    g.add("same", meeting(), "base")
    g.add("gone", None, "base")
    g.add("gone too", None, "base")
    outcome = g.merge("same", "gone")
    assert (outcome.deleted, outcome.conflicts, outcome.shown) == (True, (), "gone")
    both = g.merge("gone", "gone too")
    assert (both.deleted, both.conflicts) == (True, ())


def test_a_merge_the_model_refuses_falls_back_to_the_winner_whole() -> None:
    g = Graph(Meeting)
    g.add("base", meeting(start_time="09:00", time_zone="Africa/Nairobi"))
    g.add("no time", meeting(), "base")  # clears the time and the zone
    g.add("later", meeting(start_time="10:00", time_zone="Africa/Nairobi"), "base")
    outcome = g.merge("no time", "later")
    assert outcome.fallback is not None
    assert "time zone" in outcome.fallback
    assert outcome.payload == g.payloads["later"]  # the winner, whole
    assert sorted(c.path for c in outcome.conflicts) == [("start_time",), ("time_zone",)]
    assert {c.shown for c in outcome.conflicts} == {"later"}


def submission_race(submitted_last: bool) -> Graph:
    """A draft submitted on one device and answered further on another."""
    g = Graph(Assessment)
    g.add("draft", assessment(answers={"d1": Answer(value=1)}))
    submitted = assessment(
        answers={"d1": Answer(value=1)},
        status=AssessmentStatus.SUBMITTED,
        submitted_at=datetime(2026, 3, 3, tzinfo=UTC),
        computed_phase=1,
    )
    answered = assessment(answers={"d1": Answer(value=1), "d9": Answer(value=3)})
    for name in ["answered", "submitted"] if submitted_last else ["submitted", "answered"]:
        g.add(name, submitted if name == "submitted" else answered, "draft")
    return g


def test_a_submitted_assessment_takes_no_answer_another_device_changed() -> None:
    g = submission_race(submitted_last=True)
    outcome = g.merge("submitted", "answered")
    assert outcome.fallback == "a submitted assessment would hold changes nobody submitted"
    assert outcome.payload == g.payloads["submitted"]  # the newer leaf, whole
    assert [c.path for c in outcome.conflicts] == [("answers", "d9")]
    g = submission_race(submitted_last=False)
    outcome = g.merge("submitted", "answered")
    assert outcome.payload == g.payloads["answered"]  # the draft is newer: shown whole
    assert {c.path for c in outcome.conflicts} == {
        ("status",),
        ("submitted_at",),
        ("computed_phase",),
    }
    # two drafts answering different items merge
    g.add("other", assessment(answers={"d1": Answer(value=2)}), "draft")
    merged = g.merge("answered", "other")
    assert merged.conflicts == ()
    assert merged.payload is not None
    assert set(merged.payload["answers"]) == {"d1", "d9"}


def test_criss_cross_merges_rebuild_the_base_so_nothing_conflicts_twice() -> None:
    """Two devices both continue from the merged record: only new changes count."""
    g = Graph(Assessment)
    g.add("start", assessment())
    g.add("a1", assessment(answers={"d3": Answer(value=1)}), "start")
    g.add("b1", assessment(answers={"d9": Answer(value=2)}), "start")
    both = {"d3": Answer(value=1), "d9": Answer(value=2)}
    g.add("a2", assessment(answers={**both, "d3": Answer(value=4)}), "a1", "b1")
    g.add("b2", assessment(answers={**both, "d1": Answer(value=0)}), "a1", "b1")
    outcome = g.merge("a2", "b2")
    assert outcome.base is None
    assert outcome.base_from == ("a1", "b1")
    assert outcome.conflicts == ()
    assert outcome.payload is not None
    values = {k: v["value"]["value"] for k, v in outcome.payload["answers"].items()}
    assert values == {"d1": 0, "d3": 4, "d9": 2}
    assert MAX_BASE_DEPTH >= 1


def test_three_leaves_merge_against_the_base_of_all_three() -> None:
    g = Graph(Meeting)
    g.add("base", meeting())
    g.add("a", meeting(title="A"), "base")
    g.add("b", meeting(notes="B"), "base")
    g.add("c", meeting(agenda=[AgendaItem(title="Budget")]), "base")
    outcome = g.merge("a", "b", "c")
    assert outcome.conflicts == ()
    assert outcome.payload is not None
    assert (outcome.payload["title"], outcome.payload["notes"]) == ("A", "B")
    assert [i["title"] for i in outcome.payload["agenda"]] == ["Budget"]


def test_resolved_payloads_take_each_chosen_path_from_its_source() -> None:
    g = Graph(Meeting)
    g.add("base", meeting())
    g.add("a", meeting(title="A", notes="from a"), "base")
    g.add("b", meeting(title="B"), "base")
    outcome = g.merge("a", "b")
    [conflict] = outcome.conflicts
    spec = merge_spec(Meeting)
    assert resolved_payload(spec, outcome, {("title",): "a"})["title"] == "A"
    kept_base = resolved_payload(spec, outcome, {("title",): BASE})
    assert (kept_base["title"], kept_base["notes"]) == ("Steering committee", "from a")
    g.add("gone", None, "base")
    with_deletion = g.merge("a", "gone")
    assert resolved_payload(spec, with_deletion, {(): "gone"}) is None
    assert conflict.shown == "b"


def test_long_runs_of_criss_cross_merges_keep_every_answer() -> None:
    """Two laptops keep answering after each exchange, for more rounds than bases are
    rebuilt through: every answer stays, and nothing overflows a stack."""
    for rounds in (12, MAX_BASE_DEPTH + 3):
        g = Graph(Assessment)
        g.add("start", assessment())
        answers: dict[str, Answer] = {}
        a, b = "start", "start"
        for k in range(rounds):
            parents = tuple(sorted({a, b}))
            a = g.add(f"a{k}", assessment(answers={**answers, f"a{k}": Answer(value=1)}), *parents)
            b = g.add(f"b{k}", assessment(answers={**answers, f"b{k}": Answer(value=2)}), *parents)
            answers |= {f"a{k}": Answer(value=1), f"b{k}": Answer(value=2)}
        outcome = g.merge(a, b)
        assert outcome.conflicts == ()
        assert outcome.payload is not None
        assert set(outcome.payload["answers"]) == set(answers)


def test_with_three_leaves_each_is_merged_against_what_it_had_seen() -> None:
    """Found by the convergence property test: HQ answers q, a laptop answers r after
    seeing q, HQ then removes q, another laptop only ever saw the start. The removal must
    win: the laptop that kept q did not change it."""
    g = Graph(Assessment)
    g.add("start", assessment())
    g.add("q", assessment(answers={"q": Answer(value=3)}), "start")
    g.add("q removed", assessment(), "q")
    g.add("r", assessment(answers={"q": Answer(value=3), "r": Answer(value=1)}), "q")
    g.add("s", assessment(answers={"s": Answer(value=2)}), "start")
    outcome = g.merge("q removed", "r", "s")
    assert outcome.conflicts == ()
    assert outcome.payload is not None
    assert set(outcome.payload["answers"]) == {"r", "s"}
