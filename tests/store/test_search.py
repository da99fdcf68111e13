"""Full-text search: accents, scripts, prefixes, snippets, hostile text, and an index that
follows every way current rows change (edits, deletes, imports, restores, migrations)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from uuid import uuid4

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import delete, text

from icati_desktop.domain.action_plans import ActionItem
from icati_desktop.domain.assessments import Assessment
from icati_desktop.domain.library import Resource
from icati_desktop.domain.meetings import Meeting
from icati_desktop.store import migrate
from icati_desktop.store.backup import make_backup, restore_backup
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.search import (
    MARK_END,
    MARK_START,
    SearchQuery,
    SearchResults,
    ensure_search_index,
    search,
    split_marks,
)
from icati_desktop.store.store import Store
from icati_desktop.store.tables.search import SearchDocumentRow
from tests.store.helpers import StoreFactory, deliver, resource

HOSTILE = [
    '"',
    '""',
    "'",
    "*",
    "**",
    "-",
    "-mediation",
    "NEAR(",
    'NEAR("a" "b", 2)',
    "mediation OR",
    "AND",
    "title:mediation",
    "^mediation",
    "(mediation",
    "mediation)",
    "'; DROP TABLE versions; --",
    '" OR 1=1 --',
    "a & b | !c <-> d:*",
    "\\",
    "\x00\x02\x03",
    "\u0301",
    "\u064e\u0650",
    "🙂",
    "x" * 5000,
    " ".join(["word"] * 200),
]


def hits(results: SearchResults, record_type: str = "resource") -> list[str]:
    for group in results.groups:
        if group.record_type == record_type:
            return [hit.record_id for hit in group.hits]
    return []


def find(store: Store, query: str, **kwargs: object) -> SearchResults:
    with store.read() as session:
        return search(session, query, **kwargs)  # type: ignore[arg-type]


def localized(titles: dict[str, str], **extra: object) -> Resource:
    return Resource.model_validate({"title": titles, "resource_type": "guide", **extra})


@pytest.fixture
def hq(make_store: StoreFactory) -> Store:
    return make_store(role="hq")


def test_accents_do_not_matter(hq: Store) -> None:
    rid = RecordService(hq).create(localized({"es": "Guía de mediación penal"})).record_id
    for query in ("mediacion", "MEDIACIÓN", "mediación", "guia penal"):
        assert hits(find(hq, query)) == [rid], query


def test_french_and_arabic_titles_are_found(hq: Store) -> None:
    titles = {"fr": "Justice réparatrice et traitement", "ar": "العدالة التصالحية والعلاج"}
    rid = RecordService(hq).create(localized(titles)).record_id
    for query in ("réparatrice", "reparatrice", "التصالحية", "التَّصَالُحِيَّة"):
        assert hits(find(hq, query)) == [rid], query
    # "Justice" is also in the Arabic names of library topics: the title match comes first
    for query in ("العدالة", "العَدَالَة"):
        assert hits(find(hq, query))[0] == rid, query
    (hit,) = find(hq, "التصالحية", language="ar").groups[0].hits
    assert hit.title == titles["ar"]
    (hit,) = find(hq, "reparatrice", language="fr").groups[0].hits
    assert hit.title == titles["fr"]


def test_the_last_word_matches_as_a_prefix(hq: Store) -> None:
    rid = RecordService(hq).create(resource("Victim-offender mediation handbook")).record_id
    assert hits(find(hq, "medi")) == [rid]
    assert hits(find(hq, "handbook medi")) == [rid]
    assert hits(find(hq, "medi handbook")) == []  # only the last word is a prefix
    assert hits(find(hq, "medi ")) == []  # a trailing space: the word is complete


def test_snippets_mark_the_matches(hq: Store) -> None:
    summary = {"en": "How courts refer people to quagga treatment instead of prison."}
    RecordService(hq).create(resource("Zebra guide", summary=summary))
    (hit,) = find(hq, "quagg").groups[0].hits
    assert f"{MARK_START}quagga{MARK_END}" in hit.snippet
    assert ("quagga", True) in split_marks(hit.snippet)
    assert hit.title == "Zebra guide"
    (hit,) = find(hq, "zebra").groups[0].hits
    assert f"{MARK_START}Zebra{MARK_END}" in hit.snippet


@pytest.mark.parametrize("query", ["", "   ", "\n\t", *HOSTILE])
def test_hostile_or_empty_text_never_errors(hq: Store, query: str) -> None:
    results = find(hq, query)
    if not SearchQuery.parse(query):
        assert results.groups == []


def test_edits_and_deletes_keep_the_index_in_step(hq: Store) -> None:
    service = RecordService(hq)
    view = service.create(resource("Probation manual"))
    assert hits(find(hq, "probation")) == [view.record_id]
    service.update(view.record_id, resource("Diversion manual"))
    assert hits(find(hq, "probation")) == []
    assert hits(find(hq, "diversion")) == [view.record_id]
    service.delete("resource", view.record_id)
    assert hits(find(hq, "diversion")) == []
    with hq.read() as session:
        rows = session.query(SearchDocumentRow).filter_by(record_id=view.record_id).count()
    assert rows == 0


def test_the_full_text_index_holds_exactly_what_the_documents_say(hq: Store) -> None:
    """The app writes the FTS5 index itself (no triggers since 0017): after creates, edits
    and deletes in one batch and one by one, FTS5's own check against its content table
    passes, and an edited word is found where it now is and nowhere else."""
    if not hq.is_sqlite:
        pytest.skip("FTS5 is the SQLite engine's index")
    service = RecordService(hq)
    made = [service.create(resource(f"Numbat handbook {n}")).record_id for n in range(30)]
    for rid in made[:10]:
        service.update(rid, resource("Quoll handbook"))
    for rid in made[10:15]:
        service.delete("resource", rid)
    with hq.engine.begin() as conn:
        conn.execute(text("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)"))
        triggers = conn.execute(
            text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
        ).scalar_one()
    assert triggers == 0
    assert sorted(hits(find(hq, "quoll"))) == sorted(made[:10])
    assert sorted(hits(find(hq, "numbat"), "resource")) == sorted(made[15:])


def test_imported_versions_are_indexed(make_store: StoreFactory) -> None:
    hq, field = make_store(role="hq"), make_store()
    service = RecordService(hq)
    rid = service.create(resource("Quokka treatment standards")).record_id
    deliver(hq, field)
    assert hits(find(field, "quokka")) == [rid]
    service.delete("resource", rid)
    deliver(hq, field)
    assert hits(find(field, "quokka")) == []


def field_records(store: Store) -> dict[str, str]:
    service = RecordService(store)
    meeting = Meeting.model_validate(
        {
            "title": "Steering committee",
            "country": "KEN",
            "held_on": "2026-02-03",
            "format": "in_person",
            "meeting_type": "strategic",
            "objectives": ["Agree the pilot court"],
            "agenda": [{"title": "Eligibility", "notes": "Walrus criteria discussed"}],
            "decisions": ["Pilot the walrus pathway"],
            "notes": "Next time: budget",
        }
    )
    item = ActionItem.model_validate(
        {
            "action_plan_id": str(uuid4()),
            "country": "KEN",
            "title": "Draft walrus MoU",
            "description": "With the ministry of health",
            "progress_notes": [{"noted_on": "2026-02-10", "text": "Narwhal clause", "author": "A"}],
        }
    )
    assessment = Assessment.model_validate(
        {
            "country": "KEN",
            "form_id": "ati-self-assessment",
            "form_version": "1",
            "assessed_on": date(2026, 1, 20),
            "answers": {"d1_law_allows_treatment": {"value": 1, "note": "Walrus law pending"}},
        }
    )
    return {
        p.record_type: service.create(p).record_id
        for p in (meeting, item, assessment, resource("Walrus reading list"))
    }


def test_meetings_action_items_and_assessment_notes_are_grouped(hq: Store) -> None:
    ids = field_records(hq)
    results = find(hq, "walrus")
    assert [g.record_type for g in results.groups] == [
        "resource",
        "meeting",
        "action_item",
        "assessment",
    ]
    assert {t: hits(results, t) for t in ids} == {t: [rid] for t, rid in ids.items()}
    assert hits(find(hq, "narwhal"), "action_item") == [ids["action_item"]]
    only = find(hq, "walrus", types=["meeting", "assessment"])
    assert [g.record_type for g in only.groups] == ["meeting", "assessment"]
    assert find(hq, "walrus", types=["nothing"]).groups == []


def test_each_group_keeps_its_best_hits_and_counts_all(hq: Store) -> None:
    RecordService(hq).create_many(
        [(uuid4(), resource(f"Okapi paper {i}")) for i in range(7)]
        + [(uuid4(), resource("Okapi okapi okapi"))]
    )
    (group,) = find(hq, "okapi", limit_per_type=3).groups
    assert group.total == 8
    assert len(group.hits) == 3
    assert group.hits[0].title == "Okapi okapi okapi"
    assert [h.rank for h in group.hits] == sorted((h.rank for h in group.hits), reverse=True)


def test_an_emptied_index_is_rebuilt_when_the_store_opens(hq: Store) -> None:
    rid = RecordService(hq).create(resource("Pangolin guide")).record_id
    with hq.write() as tx:
        tx.session.execute(delete(SearchDocumentRow))
    assert hits(find(hq, "pangolin")) == []
    assert ensure_search_index(hq.engine) is True
    assert ensure_search_index(hq.engine) is False
    assert hits(find(hq, "pangolin")) == [rid]


def test_backups_and_restores_stay_searchable(
    make_store: StoreFactory, hq: Store, tmp_path: Path
) -> None:
    rid = RecordService(hq).create(resource("Axolotl protocol")).record_id
    backup = make_backup(hq.engine, tmp_path / "copy" / "icati.sqlite3")
    opened = open_store(backup.parent)  # a backup is a SQLite store, whatever the engine
    try:
        assert hits(find(opened, "axolotl")) == [rid]
    finally:
        opened.close()
    other = make_store(init=False)
    restore_backup(other.engine, backup)
    assert hits(find(other, "axolotl")) == [rid]
    RecordService(other).create(resource("Axolotl annex"))
    assert len(hits(find(other, "axolotl"))) == 2


def test_a_populated_store_at_0002_is_searchable_after_the_upgrade(hq: Store) -> None:
    rid = RecordService(hq).create(localized({"fr": "Tribunal de traitement"})).record_id
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    with hq.engine.connect() as conn, conn.begin():
        config.attributes["connection"] = conn
        command.downgrade(config, "0002")
        assert migrate.current_revision(conn) == "0002"
    report = migrate.ensure_schema(hq.engine, hq.data_dir / "backups")
    assert report is not None
    assert (report.from_revision, report.to_revision) == ("0002", migrate.HEAD_REVISION)
    with hq.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM search_documents")).scalar_one() > 25
    assert hits(find(hq, "tribunal traitement"))[0] == rid  # then the court topic's resources
    assert find(hq, "treatment").total > 0  # the default library, backfilled
