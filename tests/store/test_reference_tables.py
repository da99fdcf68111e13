from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, select
from sqlalchemy.exc import IntegrityError

from icati_desktop.domain.default_content import load_all
from icati_desktop.store.materialise import row_values, term_values
from icati_desktop.store.tables.base import Base
from icati_desktop.store.tables.core import RecordTermRow
from icati_desktop.store.tables.directory import NetworkGroupRow
from icati_desktop.store.tables.reference import (
    CountryRow,
    CurriculumRow,
    FormDefinitionRow,
    ResourceRow,
)
from icati_desktop.versioning.canonical import canonical_json

CONTENT = Path(__file__).resolve().parents[2] / "resources" / "content"
CONTENT_TABLES = [CountryRow, ResourceRow, CurriculumRow, FormDefinitionRow, NetworkGroupRow]
"""The current tables of every record type the default content ships."""
TABLES = [*CONTENT_TABLES, RecordTermRow]


def test_default_content_materialises_into_the_reference_tables() -> None:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine, tables=[t.__table__ for t in TABLES])  # type: ignore[attr-defined]
    with engine.begin() as connection:
        for record_id, payload in load_all(CONTENT):
            data = canonical_json(payload.model_dump())
            values = row_values(payload.record_type, str(record_id), "v" * 64, 1, "hq", data)
            table = {t.record_type: t for t in CONTENT_TABLES}[payload.record_type]
            connection.execute(insert(table), values)
            terms = term_values(payload.record_type, str(record_id), data)
            if terms:
                connection.execute(insert(RecordTermRow), terms)
        fiji = connection.execute(select(CountryRow).where(CountryRow.alpha2 == "FJ")).one()
        assert (fiji.region, fiji.m49, fiji.status) == ("Oceania", "242", "member_state")
        utc82 = connection.execute(
            select(ResourceRow).where(ResourceRow.sort_title == "UTC 82: Case Care Management")
        ).one()
        assert utc82.source_to_confirm is True
        assert json.loads(utc82.title) == {"en": "UTC 82: Case Care Management"}
        assert utc82.curriculum_id is not None
        sessions = connection.execute(
            select(ResourceRow.series_order)
            .where(ResourceRow.series == "ATI Basics")
            .order_by(ResourceRow.series_order)
        ).scalars()
        assert list(sessions) == [None, 1, 2, 3, 4]
        topics = connection.execute(
            select(RecordTermRow.value).where(
                RecordTermRow.record_type == "resource", RecordTermRow.field == "topics"
            )
        ).scalars()
        assert {"legal", "m-and-e", "dtc"} <= set(topics)
        form = connection.execute(select(FormDefinitionRow)).one()
        assert (form.form_id, form.version) == ("ati-self-assessment", "1")

        row = dict(row_values("form_definition", "other-id", "w" * 64, 2, "hq", form.data))
        with pytest.raises(IntegrityError):
            connection.execute(insert(FormDefinitionRow), row)
