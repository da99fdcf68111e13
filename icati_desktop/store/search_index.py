"""Search index upkeep: one entry per searchable live record, kept in step.

:func:`update_search_index` is called by the materialiser (``versions.refresh_records``)
for every refreshed record, in the same transaction. Which record types are indexed,
and what text each contributes, is the registry of document builders in
:mod:`icati_desktop.store.search_documents`. See :mod:`icati_desktop.store.search` for
the engines (FTS5 on SQLite, a ``tsvector`` on PostgreSQL).

An entry's ``title`` and ``body`` are the text as indexed (:func:`search_text.clean`:
Arabic folded), so snippets are cut from the record's own text when shown. The index
also holds names from the catalogs, CLDR and pycountry in every language; the settings
key :data:`STAMP_SETTING` records which (``search_words.index_stamp``), and a store
whose stamp differs is re-indexed when it opens.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Engine,
    Table,
    delete,
    exists,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.orm import Session

from icati_desktop.store.bulk_insert import insert_rows
from icati_desktop.store.engine import WRITE_OPTION
from icati_desktop.store.materialise import table_for
from icati_desktop.store.search_documents import (
    build_document,
    doc_id_range,
    indexed_types,
)
from icati_desktop.store.search_text import clean, fold, tokens
from icati_desktop.store.search_words import index_stamp
from icati_desktop.store.settings import get_setting, set_setting
from icati_desktop.store.tables.core import RecordRow
from icati_desktop.store.tables.search import SearchDocumentRow

log = logging.getLogger(__name__)


def _documents_table() -> Table:
    table = SearchDocumentRow.__table__
    assert isinstance(table, Table)
    return table


_DOCUMENTS = _documents_table()

MAX_BODY_CHARS = 100_000

SQLITE_FTS_DDL = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_documents', "
    "content_rowid='doc_id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
)
"""The FTS5 index (migration 0003 has a frozen copy). No triggers keep it in step (revision
0017 dropped them): FTS5 flushes a segment at every statement of a trigger, which made
each indexed row cost a segment write. :func:`update_search_index` writes it instead, one
statement per batch, and :func:`rebuild_search_index` rebuilds it from the content table."""

_FTS_INSERT = "INSERT INTO search_fts(rowid, title, body) VALUES (?, ?, ?)"
_FTS_DELETE_SQL = (
    "INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)"
)


def _rows(
    record_type: str,
    payloads: Mapping[str, str],
    pg: bool,
    first_id: int,
    parsed: Mapping[str, dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    rows = []
    for doc_id, (record_id, payload_json) in enumerate(payloads.items(), start=first_id):
        payload = parsed[record_id] if parsed is not None else json.loads(payload_json)
        document = build_document(record_type, payload)
        title = clean(document.index_title())
        own = [clean(line) for line in document.own_lines()]
        names = [_clean_names(line) for line in document.name_lines()]
        body = "\n".join(own + names)
        row = {
            "doc_id": doc_id,
            "record_type": record_type,
            "record_id": record_id,
            "language": document.language,
            "titles": json.dumps(document.titles, ensure_ascii=False, sort_keys=True),
            "title": title,
            "body": body[:MAX_BODY_CHARS],
        }
        if pg:
            row["title_terms"] = _terms(title)
            row["body_terms"] = (
                _terms(body[:MAX_BODY_CHARS])
                if len(body) > MAX_BODY_CHARS
                else " ".join(filter(None, [*map(_terms, own), *map(_name_terms, names)]))
            )
        rows.append(row)
    return rows


_clean_names = lru_cache(maxsize=4096)(clean)
"""Lines of names recur across records (the names of a country, a type, a topic in every
language): cleaned once. Cleaning line by line is cleaning the whole (a line break
composes with nothing)."""


def _terms(text: str) -> str:
    """The folded words of a text, for PostgreSQL's ``tsvector`` (line by line is the same:
    no word spans a line break)."""
    return " ".join(fold(word) for word in tokens(text))


_name_terms = lru_cache(maxsize=4096)(_terms)


_PG_INSERT = text(
    "INSERT INTO search_documents "
    "(doc_id, record_type, record_id, language, titles, title, body, terms) "
    "VALUES (:doc_id, :record_type, :record_id, :language, :titles, :title, :body, "
    "setweight(to_tsvector('simple', :title_terms), 'A') || "
    "setweight(to_tsvector('simple', :body_terms), 'B'))"
)


def _is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _insert(
    session: Session,
    record_type: str,
    payloads: Mapping[str, str],
    parsed: Mapping[str, dict[str, Any]] | None = None,
    *,
    fts: bool = True,
) -> None:
    """Index these live records (SQLite: into the FTS5 index too, unless ``fts`` is False
    because the caller rebuilds it afterwards)."""
    if not payloads:
        return
    pg = _is_pg(session)
    low, high = doc_id_range(record_type)
    last = session.scalar(
        select(func.max(SearchDocumentRow.doc_id)).where(
            SearchDocumentRow.doc_id.between(low, high)
        )
    )
    rows = _rows(record_type, payloads, pg, (last or low) + 1, parsed)
    if pg:
        session.execute(_PG_INSERT, rows)
        return
    insert_rows(session, _DOCUMENTS, rows)
    if fts:
        session.connection().exec_driver_sql(
            _FTS_INSERT, [(row["doc_id"], row["title"], row["body"]) for row in rows]
        )


def _delete(session: Session, record_ids: Sequence[str]) -> None:
    """Drop the entries of these records, from the FTS5 index too on SQLite (which needs
    the text it indexed to remove it)."""
    if not record_ids:
        return
    if not _is_pg(session):
        indexed = session.execute(
            select(SearchDocumentRow.doc_id, SearchDocumentRow.title, SearchDocumentRow.body).where(
                SearchDocumentRow.record_id.in_(record_ids)
            )
        ).all()
        if not indexed:
            return
        session.connection().exec_driver_sql(_FTS_DELETE_SQL, [tuple(row) for row in indexed])
    session.execute(delete(SearchDocumentRow).where(SearchDocumentRow.record_id.in_(record_ids)))


GENERATION_PREFIX = "search.generation."
STAMP_SETTING = "search.index_stamp"


def index_generation(session: Session, record_type: str) -> int:
    """A counter of changes to one type's index entries (and so to its records): a stamp
    that a cache of what the records hold compares in one key lookup."""
    return int(get_setting(session, GENERATION_PREFIX + record_type, 0))


def _changed(session: Session, record_type: str) -> None:
    set_setting(
        session, GENERATION_PREFIX + record_type, index_generation(session, record_type) + 1
    )


def update_search_index(
    session: Session,
    record_type: str,
    record_ids: Sequence[str],
    live: Mapping[str, str],
    parsed: Mapping[str, dict[str, Any]] | None = None,
) -> None:
    """The materialiser's hook: records were refreshed; ``record_ids``, those of them that
    may have entries (a record new in this refresh has none); ``live`` maps the refreshed
    records that are live to their winning payload JSON (``parsed``: the same payloads
    already parsed, when the caller has them). Drops the entries and indexes the live."""
    if record_type not in indexed_types():
        return
    _changed(session, record_type)
    _delete(session, record_ids)
    _insert(session, record_type, live, parsed)


def rebuild_search_index(session: Session, batch: int = 2_000) -> int:
    """Re-index every live record from the current tables; returns the entry count.

    Used by migration 0003's backfill, by :func:`ensure_search_index`, and after a
    restore (a PostgreSQL backup carries no FTS5 table; a restore into PostgreSQL
    copies ``search_documents`` without usable ``terms``). Records the index stamp.
    """
    session.execute(delete(SearchDocumentRow))
    count = 0
    for record_type in indexed_types():
        _changed(session, record_type)
        table = table_for(record_type)
        result = session.execute(select(table.c.id, table.c.data).order_by(table.c.id))
        while chunk := result.fetchmany(batch):
            _insert(session, record_type, dict(chunk), fts=False)
            count += len(chunk)
    if not _is_pg(session):
        # The whole FTS5 index from its content table, whatever state it was in (and
        # whatever triggers a store before revision 0017 still has).
        session.execute(text("INSERT INTO search_fts(search_fts) VALUES ('rebuild')"))
    set_setting(session, STAMP_SETTING, index_stamp())
    return count


def _needs_rebuild(session: Session) -> bool:
    if get_setting(session, STAMP_SETTING, None) != index_stamp():
        return True
    if _is_pg(session) and session.scalar(
        select(exists().where(SearchDocumentRow.terms.is_(None)))
    ):
        return True
    if session.scalar(select(exists().select_from(SearchDocumentRow))):
        return False
    searchable = exists().where(
        RecordRow.record_type.in_(indexed_types()), RecordRow.deleted.is_(False)
    )
    return bool(session.scalar(select(searchable)))


def ensure_search_index(engine: Engine) -> bool:
    """Make the index usable; True when it had to be rebuilt. Called when a store opens
    and after a restore. Cheap when the index is in place (a few indexed lookups).

    Rebuilds when the FTS5 table is missing (a SQLite store made from a PostgreSQL
    backup), when what is indexed changed (the index stamp: a new language, new
    translations, a new index format), when the index is empty but searchable records
    exist, or on PostgreSQL when entries lack their ``tsvector`` (restored from a SQLite
    backup). A store at a
    schema older than 0003 is left alone: its migration builds the index.
    """
    with engine.connect() as conn:
        conn = conn.execution_options(**{WRITE_OPTION: False})
        with conn.begin():
            inspector = inspect(conn)
            if not inspector.has_table("search_documents"):
                return False
            fts_missing = conn.dialect.name == "sqlite" and not inspector.has_table("search_fts")
            if not fts_missing and not _needs_rebuild(Session(bind=conn)):
                return False
    with engine.connect() as conn, conn.begin(), Session(bind=conn) as session:
        if fts_missing:
            for statement in SQLITE_FTS_DDL:
                session.execute(text(statement))
        rebuild_search_index(session)
        session.flush()
    log.info("search index rebuilt (%s)", index_stamp())
    return True
