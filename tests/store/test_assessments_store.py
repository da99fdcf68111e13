"""The self-assessment service on SQLite and PostgreSQL: every change a durable version,
submitted assessments locked, reopening keeps history, one click from advice to action."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from sqlalchemy import func, select

from icati_desktop.domain.action_plans import ActionItem, ActionItemSource, ActionPlan
from icati_desktop.domain.assessments import (
    Answer,
    AssessmentStatus,
    ChoiceAnswer,
    ChoicesAnswer,
    DontKnowAnswer,
    NumberAnswer,
    TextAnswer,
)
from icati_desktop.domain.directory import Organisation, Person, Sector
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.store.assessments import (
    AnswerRejected,
    AssessmentLocked,
    NewAssessment,
    SubmitRefused,
    add_repeat_entry,
    clear_override,
    create_action_item,
    create_assessment,
    create_assessments,
    list_assessments,
    load,
    remove_repeat_entry,
    reopen,
    result,
    set_answer,
    set_details,
    set_override,
    set_participants,
    stakeholders,
    submit,
)
from icati_desktop.store.forms import save_form
from icati_desktop.store.records import RecordNotFound, RecordService
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import VersionRow
from icati_desktop.store.tables.field import ActionItemRow, ActionPlanRow
from tests.formats.small_form import small_form_data
from tests.store.helpers import StoreFactory

D2_PHASE_2 = {  # D1, D2, D3 at 1 or more and the ATI Basics webinars done: phase 2
    "d1_law_allows_treatment": 1,
    "d1_strategy_names_ati": 1,
    "d1_safeguards_defined": 1,
    "d2_steering_committee": 1,
    "d2_interagency_mous": 1,
    "d2_justice_support": 1,
    "d2_basics_webinars": 3,
    "d3_pre_arrest": 1,
    "d3_pre_trial": 1,
    "d3_court": 1,
}


@pytest.fixture
def store(make_store: StoreFactory) -> Store:
    hq = make_store(role="hq")  # HQ may also fill in assessments, and can store a test form
    data = small_form_data()
    data["domains"][0]["elements"][1]["required"] = True  # ``law``
    save_form(hq, FormDefinition.model_validate(data))
    return hq


def versions_of(store: Store, record_id: str) -> list[dict[str, object]]:
    with store.read() as session:
        rows = session.scalars(
            select(VersionRow).where(VersionRow.record_id == record_id).order_by(VersionRow.seq)
        )
        return [json.loads(row.payload) for row in rows]


def new(store: Store, form_id: str | None = None, country: str = "KEN") -> str:
    return create_assessment(store, country=country, assessed_on=date(2026, 3, 4), form_id=form_id)


def test_create_on_the_latest_default_form_and_answer_one_version_at_a_time(
    store: Store,
) -> None:
    rid = new(store)
    with store.read() as session:
        assessment, form = load(session, rid)
    assert (assessment.form_id, assessment.form_version) == ("ati-self-assessment", form.version)
    assert assessment.status is AssessmentStatus.DRAFT
    set_answer(store, rid, "d1_law_allows_treatment", Answer(value=3))
    set_answer(store, rid, "d1_strategy_names_ati", Answer(value=DontKnowAnswer(), note="ask"))
    changed = set_answer(store, rid, "d1_law_allows_treatment", Answer(value=2))
    assert changed.answer("d1_law_allows_treatment").score == 2
    history = versions_of(store, rid)
    assert len(history) == 4  # created + three answers, each durable on its own
    assert history[1]["answers"] == {"d1_law_allows_treatment": {
        "value": {"kind": "score", "value": 3}, "note": "", "evidence": {"attachments": [],
        "resource_ids": []}}}  # fmt: skip
    # Clearing an answer removes it (unanswered, not "don't know").
    cleared = set_answer(store, rid, "d1_strategy_names_ati", None)
    assert "d1_strategy_names_ati" not in cleared.answers


def test_answers_that_do_not_fit_their_item_are_refused_and_change_nothing(store: Store) -> None:
    rid = new(store, "small")
    before = len(versions_of(store, rid))
    refused = [
        ("nothing_here", Answer(value=1), "has no item 'nothing_here'"),
        ("law", Answer(value=TextAnswer(value="good")), "law takes a score from 0 to 4"),
        ("has_strategy", Answer(value=ChoiceAnswer(value="maybe")), "maybe is not a choice"),
        ("partners", Answer(value=ChoicesAnswer(value=["army"])), "army is not a choice"),
        ("strategy_year", Answer(value=TextAnswer(value="2020")), "takes a whole number"),
        ("intro", Answer(value=1), "intro is a note"),
        ("site_name", Answer(value=TextAnswer(value="x")), "say which entry"),
    ]
    for item, answer, message in refused:
        with pytest.raises(AnswerRejected, match=message):
            set_answer(store, rid, item, answer)
    assert len(versions_of(store, rid)) == before
    # Plain values are fitted to the item: an int for an integer item, text for a choice.
    set_answer(store, rid, "strategy_year", Answer(value=3))
    fitted = set_answer(store, rid, "has_strategy", Answer(value="yes"))
    assert fitted.answer("strategy_year").value == NumberAnswer(value=Decimal(3))
    assert fitted.answer("has_strategy").value == ChoiceAnswer(value="yes")


def test_repeat_entries_are_answered_per_entry(store: Store) -> None:
    rid = new(store, "small")
    with pytest.raises(AnswerRejected, match="sites has 0 entries"):
        set_answer(store, rid, "site_score", Answer(value=2), repeat=("sites", 0))
    add_repeat_entry(store, rid, "sites")
    add_repeat_entry(store, rid, "sites")
    set_answer(store, rid, "site_name", Answer(value="Kisumu"), repeat=("sites", 1))
    done = set_answer(store, rid, "site_score", Answer(value=3), repeat=("sites", 1))
    first, second = done.repeats["sites"]
    assert first.answers == {}
    assert second.answers["site_score"].score == 3
    assert first.id != second.id  # entries keep their own ids, so edits merge per entry
    after = remove_repeat_entry(store, rid, "sites", 0)
    assert [e.answers["site_score"].score for e in after.repeats["sites"]] == [3]
    assert after.repeats["sites"][0].id == second.id
    with pytest.raises(AnswerRejected, match="no repeat group 'visits'"):
        add_repeat_entry(store, rid, "visits")


def test_submit_is_refused_with_the_problems_until_they_are_fixed(store: Store) -> None:
    rid = new(store, "small")
    with pytest.raises(SubmitRefused) as refused:
        submit(store, rid, language="en")
    assert [p.item for p in refused.value.problems] == ["law"]
    assert "law: an answer is required" in str(refused.value)
    with store.read() as session:
        assert load(session, rid)[0].status is AssessmentStatus.DRAFT
    set_answer(store, rid, "law", Answer(value=2))
    assert submit(store, rid, language="en").status is AssessmentStatus.SUBMITTED


def test_submitted_is_locked_and_reopening_keeps_the_submitted_version(store: Store) -> None:
    rid = new(store)
    for item, score in D2_PHASE_2.items():
        set_answer(store, rid, item, Answer(value=score))
    submitted = submit(store, rid, language="en")
    assert submitted.computed_phase == 2
    assert submitted.submitted_at is not None
    with pytest.raises(AssessmentLocked, match="reopen it"):
        set_answer(store, rid, "d9_budget_line", Answer(value=1))
    with pytest.raises(AssessmentLocked):
        set_details(store, rid, assessed_on=date(2026, 3, 5))
    reopened = reopen(store, rid)
    assert reopened.status is AssessmentStatus.DRAFT
    assert reopened.submitted_at is None
    statuses = [v["status"] for v in versions_of(store, rid)]
    assert statuses[-2:] == ["submitted", "draft"]
    assert set_details(store, rid, assessed_on=date(2026, 3, 5)).assessed_on == date(2026, 3, 5)


def test_override_shows_in_the_list_and_clears(store: Store) -> None:
    rid = new(store)
    for item, score in D2_PHASE_2.items():
        set_answer(store, rid, item, Answer(value=score))
    submit(store, rid, language="en")
    set_override(store, rid, 3, "pilot courts run in two provinces", "Amina")
    with store.read() as session:
        [row] = list_assessments(session, "KEN")
        assert (row.phase, row.computed_phase, row.overridden) == (3, 2, True)
        assert result(session, rid).shown_phase == 3
    clear_override(store, rid)
    with store.read() as session:
        [row] = list_assessments(session, "ken")
    assert (row.phase, row.overridden) == (2, False)
    assert (row.answered, row.total) == (10, 35)


def test_list_filters_by_country_and_counts_answers(store: Store) -> None:
    kenya = new(store)
    new(store, country="COL")
    set_answer(store, kenya, "d1_law_allows_treatment", Answer(value=1))
    with store.read() as session:
        everything = list_assessments(session)
        kenya_only = list_assessments(session, "KEN")
    assert {r.country for r in everything} == {"KEN", "COL"}
    assert [(r.record_id, r.answered, r.status) for r in kenya_only] == [
        (kenya, 1, AssessmentStatus.DRAFT)
    ]


def test_bad_country_form_or_participant_creates_nothing(store: Store) -> None:
    with pytest.raises(ValueError, match="'XXX' is not the ISO alpha-3 code"):
        create_assessment(store, country="XXX", assessed_on=date(2026, 1, 1))
    with pytest.raises(RecordNotFound, match="no form nope"):
        create_assessment(store, country="KEN", assessed_on=date(2026, 1, 1), form_id="nope")
    with pytest.raises(ValueError, match="no person or organisation"):
        create_assessment(
            store, country="KEN", assessed_on=date(2026, 1, 1), participant_ids=[str(uuid4())]
        )
    # A batch (an import of several submissions) is all or nothing.
    good = NewAssessment(country="KEN", assessed_on=date(2026, 1, 1), answers={})
    bad = NewAssessment(
        country="KEN",
        assessed_on=date(2026, 1, 1),
        answers={"d1_law_allows_treatment": Answer(value="x")},
    )
    with pytest.raises(AnswerRejected, match="d1_law_allows_treatment takes a score"):
        create_assessments(store, [good, bad])
    with store.read() as session:
        assert list_assessments(session) == []


def test_participants_are_chosen_from_the_country_stakeholders(store: Store) -> None:
    records = RecordService(store)
    org = records.create(
        Organisation(name="Ministry of Health", country="KEN", sector=Sector.HEALTH)
    )
    person = records.create(
        Person(display_name="Wanjiru K.", country="KEN", organisation_name="MoH", role="Director")
    )
    records.create(Person(display_name="Someone else", country="COL"))
    with store.read() as session:
        found = stakeholders(session, "KEN")
    assert [(s.name, s.kind) for s in found] == [
        ("Ministry of Health", "organisation"),
        ("Wanjiru K.", "person"),
    ]
    rid = new(store)
    changed = set_participants(
        store,
        rid,
        participant_ids=[person.record_id, org.record_id],
        participant_names=["2 judges"],
    )
    assert changed.participant_ids == [UUID(person.record_id), UUID(org.record_id)]
    assert changed.participant_names == ["2 judges"]


def test_one_click_from_advice_to_an_action_item(store: Store) -> None:
    rid = new(store)
    for item, score in D2_PHASE_2.items():
        set_answer(store, rid, item, Answer(value=score))
    with store.read() as session:
        advice = result(session, rid).advice
    first, second = advice[0].domain, advice[1].domain
    item_id = create_action_item(store, rid, first, language="en")
    create_action_item(store, rid, second, language="en")
    records = RecordService(store)
    item = records.get(ActionItem, item_id).payload
    assert item.source is ActionItemSource.ADVICE
    assert item.source_ref == UUID(rid)
    assert item.domain_code == first
    assert item.country == "KEN"
    assert item.title.startswith(advice[0].action["en"][:40])
    plan = records.get(ActionPlan, item.action_plan_id).payload
    assert plan.assessment_id == UUID(rid)
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(ActionPlanRow)) == 1
        assert session.scalar(select(func.count()).select_from(ActionItemRow)) == 2
    with pytest.raises(ValueError, match="no line for D7"):
        create_action_item(store, rid, "D7", language="en")


def test_dont_know_is_refused_on_anything_but_a_score_item(store: Store) -> None:
    """The form engine calls "don't know" on a text item a wrong kind of answer, so the
    store refuses it up front instead of saving what would then block the submit."""
    rid = new(store, "small")
    before = len(versions_of(store, rid))
    for item in ("comment", "strategy_year", "has_strategy", "partners", "adopted_on"):
        with pytest.raises(AnswerRejected, match=r"only for score questions.*leave it empty"):
            set_answer(store, rid, item, Answer(value=DontKnowAnswer()))
    assert len(versions_of(store, rid)) == before
    # The same answer from an import refuses the whole batch.
    spec = NewAssessment(
        country="KEN",
        assessed_on=date(2026, 1, 1),
        form_id="small",
        answers={"law": Answer(value=2), "comment": Answer(value=DontKnowAnswer())},
    )
    with pytest.raises(AnswerRejected, match="comment takes text"):
        create_assessments(store, [spec])
    with store.read() as session:
        assert [a.record_id for a in list_assessments(session)] == [rid]
    # A score item still takes it.
    kept = set_answer(store, rid, "law", Answer(value=DontKnowAnswer()))
    assert kept.answer("law").is_dont_know


def test_a_line_of_advice_makes_one_action_item_however_often_it_is_asked(store: Store) -> None:
    rid = new(store)
    for item, score in D2_PHASE_2.items():
        set_answer(store, rid, item, Answer(value=score))
    with store.read() as session:
        domain = result(session, rid).advice[0].domain
    first = create_action_item(store, rid, domain, language="en")
    again = create_action_item(store, rid, domain, language="fr")
    assert again == first
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(ActionItemRow)) == 1
    # Once the item is deleted, the line of advice may make a new one.
    RecordService(store).delete(ActionItem.record_type, first)
    third = create_action_item(store, rid, domain, language="en")
    assert third != first
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(ActionItemRow)) == 1
