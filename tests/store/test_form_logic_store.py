"""What the form writes itself into a stored assessment — defaults, the entries a
repeat_count asks for, once() values — and the order of form versions that are not
numbers (by import), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from icati_desktop.domain.assessments import Answer, ChoiceAnswer, NumberAnswer, TextAnswer
from icati_desktop.formats.xlsform import read_xlsform
from icati_desktop.store.assessments import (
    AnswerRejected,
    add_repeat_entry,
    create_assessment,
    load,
    set_answer,
)
from icati_desktop.store.forms import get_form, list_forms, save_form
from icati_desktop.store.store import Store
from tests.formats.xlsforms import probation_form
from tests.store.helpers import StoreFactory

CORPUS = Path(__file__).resolve().parents[1] / "data" / "xlsforms"


@pytest.fixture
def store(make_store: StoreFactory) -> Store:
    hq = make_store(role="hq")
    for name in ("site_visits_repeat.xlsx", "caseload_calculate.xlsx"):
        save_form(hq, read_xlsform(CORPUS / name))
    return hq


def number(value: int) -> Answer:
    return Answer(value=NumberAnswer(value=Decimal(value)))


def test_a_new_assessment_starts_with_the_defaults_and_once_values(store: Store) -> None:
    rid = create_assessment(
        store, country="KEN", assessed_on=date(2026, 3, 4), form_id="diversion-caseload"
    )
    with store.read() as session:
        assessment, _form = load(session, rid)
    assert assessment.answers["women_referred"].value == NumberAnswer(value=Decimal(0))
    recorded = assessment.answers["recorded_on"].value
    assert isinstance(recorded, TextAnswer)  # once(today()): the day it was started


def test_answering_a_count_adds_the_entries_it_asks_for(store: Store) -> None:
    rid = create_assessment(
        store, country="KEN", assessed_on=date(2026, 3, 4), form_id="site-visits"
    )
    changed = set_answer(store, rid, "n_sites", number(2))
    assert len(changed.repeats["sites"]) == 2
    assert changed.repeat_answers("sites")[0]["has_case_manager"].value == ChoiceAnswer(value="no")
    changed = set_answer(store, rid, "staff", number(4), repeat=("sites", 1))
    assert changed.repeat_answers("sites")[1]["staff"].value == NumberAnswer(value=Decimal(4))
    with pytest.raises(AnswerRejected, match="the form sets how many entries sites has"):
        add_repeat_entry(store, rid, "sites")
    smaller = set_answer(store, rid, "n_sites", number(1))
    assert len(smaller.repeats["sites"]) == 2  # kept, though only the first counts now


def test_versions_that_are_not_numbers_are_ordered_by_import(
    make_store: StoreFactory, tmp_path: Path
) -> None:
    now = [1_700_000_000_000]

    def clock() -> int:
        now[0] += 1000
        return now[0]

    store = make_store(role="hq", now_ms=clock)
    for version in ("2024-06 draft", "2024-05 final", "1"):
        save_form(store, read_xlsform(probation_form(tmp_path, version, f"{version}.xlsx")))
    with store.read() as session:
        versions = [s.version for s in list_forms(session) if s.form_id == "probation-check"]
        latest = get_form(session, "probation-check")
    assert versions == ["2024-06 draft", "2024-05 final", "1"]
    assert latest.version == "1"
