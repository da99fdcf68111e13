"""The current tables of the field and directory record types match their payloads."""

from __future__ import annotations

import typing
from datetime import date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest
from sqlalchemy import Table, create_engine, select
from sqlalchemy.orm import Session

from icati_desktop.domain import action_plans, assessments, atlas, directory, meetings, network
from icati_desktop.domain.base import RecordPayload
from icati_desktop.store.materialise import CORE_COLUMNS, current_tables, row_values, term_values
from icati_desktop.store.tables import Base
from icati_desktop.versioning.canonical import canonical_json

MODELS: dict[str, type[RecordPayload]] = {
    model.record_type: model
    for module in (directory, meetings, action_plans, assessments, atlas, network)
    for model in module.RECORD_TYPES
}
ID = str(uuid4())
SAMPLES: dict[str, dict[str, object]] = {
    "organisation": {"name": "Ministry of Justice", "country": "GHA", "sector": "justice"},
    "person": {"display_name": "Amina Otieno", "country": "KEN", "languages": ["en", "sw"]},
    "contact": {"person_id": ID, "emails": ["amina@example.org"], "phones": ["+254 20 1234"]},
    "consent": {
        "person_id": ID,
        "given": True,
        "scope": "store_only",
        "decided_on": "2024-03-14",
        "method": "verbal",
        "notice_version": "2024-01",
        "recorded_by": "TA expert",
    },
    "meeting": {
        "country": "KEN",
        "held_on": "2024-05-02",
        "start_time": "09:30",
        "time_zone": "Africa/Nairobi",
        "format": "in_person",
        "meeting_type": "strategic",
        "resources_shared": [ID],
    },
    "action_plan": {
        "country": "KEN",
        "title": "Plan",
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
    },
    "action_item": {
        "action_plan_id": ID,
        "country": "KEN",
        "title": "Steering committee",
        "due_on": "2024-06-30",
        "status": "done",
        "closed_on": "2024-06-01",
        "continuum_stages": ["pre_arrest", "court"],
    },
    "assessment": {
        "country": "KEN",
        "form_id": "ati-self-assessment",
        "form_version": "1.0",
        "assessed_on": "2024-05-03",
        "status": "submitted",
        "submitted_at": "2024-05-03T13:00:00+03:00",
        "answers": {"d1_law": {"value": 3}},
        "computed_phase": 2,
        "phase_override": {"phase": 3, "reason": "r", "by": "b", "at": "2024-05-03T12:00:00Z"},
    },
    "initiative": {
        "country": "CHL",
        "name": "Drug treatment courts",
        "model": "drug_treatment_court",
        "status": "operational",
        "continuum_stages": ["court"],
        "latitude": Decimal("-33.4489"),
        "longitude": Decimal("-70.6693"),
    },
    "event": {
        "title": "ATI Basics 1",
        "kind": "webinar",
        "starts_at": "2024-09-10T14:00:00Z",
        "time_zone": "America/New_York",
        "format": "remote",
        "languages": ["en"],
    },
    "membership": {"kind": "country", "country": "GHA", "joined_on": "2024-03-20"},
    "mailing_list": {"name": "ICATI network", "subscriber_ids": [ID]},
    "roster_entry": {"roster": "trainer", "person_id": ID, "regions": ["Africa", "Asia"]},
    "network_group": {"kind": "affinity_group", "name": "Justice", "focus": "justice"},
}


def _table(record_type: str) -> Table:
    table = current_tables()[record_type].__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def test_every_record_type_has_a_table_and_a_sample() -> None:
    assert set(MODELS) <= set(current_tables())
    assert set(SAMPLES) == set(MODELS)


def test_the_tables_create_on_sqlite() -> None:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    engine.dispose()


@pytest.mark.parametrize("record_type", sorted(SAMPLES))
def test_columns_and_terms_name_payload_fields(record_type: str) -> None:
    model = MODELS[record_type]
    table_class = current_tables()[record_type]
    for column in _table(record_type).columns:
        if column.name not in CORE_COLUMNS:
            source = table_class.__projection__.get(column.name, column.name)
            assert source.split(".")[0] in model.model_fields, f"{column.name} has no payload field"
    hints = typing.get_type_hints(model)
    for field in table_class.__term_fields__:
        head, _dot, rest = field.partition(".")
        assert typing.get_origin(hints[head]) is list, f"{field} is not a list field"
        if rest:  # a key of the list's elements: "attendees.sector"
            element = typing.get_args(hints[head])[0]
            assert rest in element.model_fields, f"{field}: the elements have no {rest}"


@pytest.mark.parametrize("record_type", sorted(SAMPLES))
def test_a_sample_materialises_into_its_row(record_type: str) -> None:
    payload = MODELS[record_type].model_validate(SAMPLES[record_type])
    payload_json = canonical_json(payload.model_dump())
    values = row_values(record_type, ID, "v" * 64, 1, "device", payload_json)
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    table = _table(record_type)
    with Session(engine) as session:
        session.execute(table.insert().values(values))
        row = session.execute(select(table)).one()._mapping
    engine.dispose()
    assert dict(row) == values


def test_typed_columns_and_terms() -> None:
    item = row_values("action_item", ID, "v" * 64, 1, "d", _canonical("action_item"))
    assert item["due_on"] == date(2024, 6, 30)
    assert item["status"] == "done"
    assessment = row_values("assessment", ID, "v" * 64, 1, "d", _canonical("assessment"))
    assert assessment["override_phase"] == 3
    assert assessment["submitted_at"] == datetime(2024, 5, 3, 10, 0)
    terms = term_values("roster_entry", ID, _canonical("roster_entry"))
    assert {(t["field"], t["value"]) for t in terms} == {("regions", "Africa"), ("regions", "Asia")}
    stages = term_values("action_item", ID, _canonical("action_item"))
    assert sorted(t["value"] for t in stages) == ["court", "pre_arrest"]


def test_contact_details_are_neither_columns_nor_terms() -> None:
    for record_type in ("person", "contact"):
        columns = {c.name for c in _table(record_type).columns}
        assert not {"emails", "phones"} & columns
        assert not {"emails", "phones"} & set(current_tables()[record_type].__term_fields__)


def _canonical(record_type: str) -> str:
    return canonical_json(MODELS[record_type].model_validate(SAMPLES[record_type]).model_dump())
