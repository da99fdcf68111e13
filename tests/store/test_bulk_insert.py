"""Rows go to the store as tuples (SQLite ``executemany``, PostgreSQL ``COPY``): text that
either format treats specially arrives exactly as written, on both engines."""

from __future__ import annotations

import json

from sqlalchemy import select

from icati_desktop.domain.library import Resource
from icati_desktop.store.records import RecordService
from icati_desktop.store.search import search
from icati_desktop.store.tables.core import RecordRow, VersionRow
from icati_desktop.store.tables.reference import ResourceRow
from tests.store.helpers import StoreFactory

TITLE = 'Tab\there, a line\nbreak, a back\\slash, \\N, "quotes", ; | , Überleitung — محكمة'
FRENCH = "\\.\nfin de COPY ?"
SUMMARY = "\\\\server\\share\t\r\n"


def test_text_that_copy_treats_specially_arrives_as_written(make_store: StoreFactory) -> None:
    store = make_store(role="hq")
    service = RecordService(store)
    created = service.create(
        Resource.model_validate(
            {
                "title": {"en": TITLE, "fr": FRENCH},
                "summary": {"en": SUMMARY},
                "resource_type": "guide",
                "source_to_confirm": True,
            }
        )
    )
    shown = service.get(Resource, created.record_id).payload
    assert (shown.title["en"], shown.title["fr"]) == (TITLE, FRENCH)
    assert shown.summary is not None
    assert shown.summary["en"] == SUMMARY
    with store.read() as session:
        row = session.scalars(select(ResourceRow).where(ResourceRow.id == created.record_id)).one()
        assert json.loads(row.title) == {"en": TITLE, "fr": FRENCH}
        assert row.source_to_confirm is True
        assert row.year is None
        stored = session.scalars(
            select(VersionRow.payload).where(VersionRow.version_id == created.version_id)
        ).one()
        assert json.loads(stored)["title"] == {"en": TITLE, "fr": FRENCH}
        record = session.scalars(
            select(RecordRow).where(RecordRow.record_id == created.record_id)
        ).one()
        assert (record.deleted, record.in_conflict, record.leaf_count) == (False, False, 1)
        found = search(session, "Überleitung", language="en", types=["resource"])
    assert [h.record_id for g in found.groups for h in g.hits] == [created.record_id]
