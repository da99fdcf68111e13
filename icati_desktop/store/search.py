"""Full-text search over countries, the library, people, institutions, meetings, network
events, action items, assessments and assessment forms, in every language of the app.

One index, one entry per searchable live record (``search_documents``), kept in step
with the current tables by :mod:`icati_desktop.store.search_index`; what each type
contributes is in :mod:`icati_desktop.store.search_documents`, the names of codes in
every language in :mod:`icati_desktop.store.search_words`, the rules that turn text into
words, queries and marked snippets in :mod:`icati_desktop.store.search_text`, and what
a hit shows in :mod:`icati_desktop.store.search_display`. This module holds the
queries; the public names of the others are importable from here.

Record types have public names (:data:`SEARCH_TYPES`: ``action`` for action items,
``institution`` for organisations, ``form`` for assessment forms) used by ``icati
search --type`` and by screens that open a hit.

Engines:

* SQLite: an FTS5 table over ``search_documents`` (tokenizer ``unicode61
  remove_diacritics 2``: "mediacion" finds "mediación"), ranked by ``bm25`` with titles
  weighted 10:1. Each type's entries live in their own doc id (rowid) range, so FTS5
  selects and counts a type without reading the content table.
* PostgreSQL: a ``tsvector`` (config ``simple``) in ``search_documents.terms`` with a GIN
  index, ranked by ``ts_rank``. ``unaccent`` is an optional extension a central office's
  server may lack, so text is accent-folded in Python before it becomes a ``tsvector``,
  and query terms are folded alike.

Snippets are cut by :func:`highlight` on both engines, from the record's own text: it
folds like the index, where ``ts_headline`` cannot match a folded term in unfolded text,
and it is 30–50× cheaper than FTS5's ``snippet()`` (see :func:`snippets`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from pydantic import BaseModel
from sqlalchemy import (
    BigInteger,
    bindparam,
    column,
    exists,
    select,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import TextClause

from icati_desktop.store.search_display import hit_texts
from icati_desktop.store.search_documents import (
    DOC_ID_SPAN,
    DocumentBuilder,
    SearchDocument,
    build_document,
    doc_id_range,
    indexed_types,
)
from icati_desktop.store.search_index import (
    GENERATION_PREFIX,
    MAX_BODY_CHARS,
    SQLITE_FTS_DDL,
    STAMP_SETTING,
    ensure_search_index,
    index_generation,
    rebuild_search_index,
    update_search_index,
)
from icati_desktop.store.search_text import (
    ELLIPSIS,
    MARK_END,
    MARK_START,
    MAX_TERM_CHARS,
    MAX_TERMS,
    SEPARATOR,
    SNIPPET_TOKENS,
    SearchQuery,
    clean,
    display_title,
    fold,
    highlight,
    shown,
    split_marks,
    token_spans,
    tokens,
)
from icati_desktop.store.tables.search import SearchDocumentRow


def _is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


__all__ = [
    "DOC_ID_SPAN",
    "ELLIPSIS",
    "GENERATION_PREFIX",
    "MARK_END",
    "MARK_START",
    "MAX_BODY_CHARS",
    "MAX_TERMS",
    "MAX_TERM_CHARS",
    "RANK_LIMIT",
    "SEARCH_TYPES",
    "SEPARATOR",
    "SNIPPET_TOKENS",
    "SQLITE_FTS_DDL",
    "STAMP_SETTING",
    "TITLE_WEIGHT",
    "DocumentBuilder",
    "SearchDocument",
    "SearchGroup",
    "SearchHit",
    "SearchQuery",
    "SearchResults",
    "build_document",
    "clean",
    "display_title",
    "doc_id_range",
    "ensure_search_index",
    "fold",
    "highlight",
    "index_generation",
    "indexed_types",
    "matching_docs",
    "ranked_docs",
    "rebuild_search_index",
    "search",
    "search_type_of",
    "shown",
    "snippets",
    "split_marks",
    "token_spans",
    "tokens",
    "update_search_index",
]

TITLE_WEIGHT = 10.0

SEARCH_TYPES: dict[str, str] = {
    "country": "country",
    "resource": "resource",
    "person": "person",
    "institution": "organisation",
    "meeting": "meeting",
    "event": "event",
    "action": "action_item",
    "assessment": "assessment",
    "form": "form_definition",
}
"""Public name of each searchable type → its record type."""


def search_type_of(record_type: str) -> str:
    """The public name of a record type (:data:`SEARCH_TYPES`); itself if it has none."""
    return next((k for k, v in SEARCH_TYPES.items() if v == record_type), record_type)


class SearchHit(BaseModel):
    record_type: str
    record_id: str
    title: str
    """The title in the requested language, else English, else any (a country's or an
    assessment's is made from names: "Kenya · 20 January 2026", never a code)."""
    snippet: str
    """Text around the match with :data:`MARK_START`/:data:`MARK_END` around matches."""
    rank: float
    """Higher is better; comparable within one result set only."""


class SearchGroup(BaseModel):
    record_type: str
    total: int
    """All matches of this type (``hits`` holds the best ``limit_per_type``)."""
    hits: list[SearchHit]


class SearchResults(BaseModel):
    query: str
    language: str = "en"
    groups: list[SearchGroup] = []

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


RANK_LIMIT = 2_000
"""On SQLite, a query matching more entries of one type than this ranks only the most
recently indexed ``RANK_LIMIT`` of them (bm25 reads each match's length, ~2 µs a row);
counts stay exact. Such a query is too broad to read through anyway."""

_FTS_RANGE = "search_fts MATCH :query AND search_fts.rowid BETWEEN :low AND :high"


def records_matching(session: Session, record_type: str, words: str) -> Any:
    """Ids of the records of one type whose indexed text matches ``words``, as a subquery
    for a list's filter: however many match, no id list passes through Python or the
    driver's parameters. Its parameters are named after the type, so two such filters
    can stand in one statement."""
    query = SearchQuery.parse(words)
    if not query:
        return select(SearchDocumentRow.record_id).where(SearchDocumentRow.doc_id < 0)
    name = f"{record_type}_words"
    if session.get_bind().dialect.name == "postgresql":
        docs: Any = text(
            f"SELECT doc_id FROM search_documents WHERE record_type = :{name}_type "
            f"AND terms @@ to_tsquery('simple', :{name})"
        ).bindparams(**{name: query.tsquery(), f"{name}_type": record_type})
    else:
        low, high = doc_id_range(record_type)
        docs = text(
            f"SELECT rowid AS doc_id FROM search_fts WHERE search_fts MATCH :{name} "
            f"AND search_fts.rowid BETWEEN :{name}_low AND :{name}_high"
        ).bindparams(**{name: query.fts5(), f"{name}_low": low, f"{name}_high": high})
    docs = docs.columns(column("doc_id", BigInteger))
    return select(SearchDocumentRow.record_id).where(SearchDocumentRow.doc_id.in_(docs))


def _fts(statement: str, query: SearchQuery, record_type: str, **params: Any) -> TextClause:
    low, high = doc_id_range(record_type)
    return text(statement).bindparams(query=query.fts5(), low=low, high=high, **params)


def _rank_floor(session: Session, query: SearchQuery, record_type: str) -> tuple[int, int]:
    """(match count, lowest doc id worth ranking) of one type's matches (SQLite)."""
    counting = f"SELECT count(*) FROM search_fts WHERE {_FTS_RANGE}"
    count = session.scalar(_fts(counting, query, record_type)) or 0
    if count <= RANK_LIMIT:
        return count, doc_id_range(record_type)[0]
    newest = f"SELECT rowid FROM search_fts WHERE {_FTS_RANGE} ORDER BY rowid DESC"
    floor = session.scalar(
        _fts(f"{newest} LIMIT 1 OFFSET :skip", query, record_type, skip=RANK_LIMIT - 1)
    )
    return count, int(floor or 0)


def matching_docs(session: Session, query: SearchQuery, record_type: str) -> list[int]:
    """Doc ids of one type's entries matching ``query`` (unranked: the cheap part).

    On SQLite the ids are read through the driver's cursor: a broad query matches tens
    of thousands of entries, and a result row object per id cost more than the match.
    """
    if _is_pg(session):
        statement = text(
            "SELECT doc_id FROM search_documents WHERE terms @@ to_tsquery('simple', :query) "
            "AND record_type = :record_type"
        ).bindparams(query=query.tsquery(), record_type=record_type)
        return [int(doc_id) for doc_id in session.scalars(statement)]
    low, high = doc_id_range(record_type)
    cursor = session.connection().connection.driver_connection.execute(  # type: ignore[union-attr]
        f"SELECT rowid FROM search_fts WHERE {_FTS_RANGE}",
        {"query": query.fts5(), "low": low, "high": high},
    )
    return [doc_id for (doc_id,) in cursor]


def ranked_docs(
    session: Session,
    query: SearchQuery,
    record_type: str,
    matched: Sequence[int] | None = None,
) -> dict[int, float]:
    """Doc id → score (higher is better) of one type's matches; on SQLite only the
    :data:`RANK_LIMIT` most recently indexed of a broad query's matches are ranked.
    ``matched``: :func:`matching_docs` of the same query, when the caller has it (it
    spares matching twice more to find the newest matches)."""
    if _is_pg(session):
        statement = text(
            "SELECT doc_id, ts_rank(terms, to_tsquery('simple', :query)) FROM search_documents "
            "WHERE terms @@ to_tsquery('simple', :query) AND record_type = :record_type"
        ).bindparams(query=query.tsquery(), record_type=record_type)
    else:
        if matched is None:
            _, floor = _rank_floor(session, query, record_type)
        elif len(matched) > RANK_LIMIT:
            floor = sorted(matched)[-RANK_LIMIT]
        else:
            floor = doc_id_range(record_type)[0]
        statement = _fts(
            f"SELECT rowid, -bm25(search_fts, {TITLE_WEIGHT}, 1.0) FROM search_fts "
            f"WHERE {_FTS_RANGE} AND rowid >= :floor",
            query,
            record_type,
            floor=floor,
        )
    return {int(doc_id): float(score) for doc_id, score in session.execute(statement)}


class _Top(NamedTuple):
    doc_id: int
    record_type: str
    score: float
    total: int


def _top_hits_sqlite(
    session: Session, query: SearchQuery, record_type: str, limit: int
) -> list[_Top]:
    low, high = doc_id_range(record_type)
    if not session.scalar(select(exists().where(SearchDocumentRow.doc_id.between(low, high)))):
        return []  # skips the MATCH, which costs even over an empty range (prefix merges)
    total, floor = _rank_floor(session, query, record_type)
    if not total:
        return []
    rows = session.execute(
        _fts(
            f"SELECT rowid, -bm25(search_fts, {TITLE_WEIGHT}, 1.0) AS score FROM search_fts "
            f"WHERE {_FTS_RANGE} AND rowid >= :floor ORDER BY score DESC, rowid LIMIT :limit",
            query,
            record_type,
            floor=floor,
            limit=limit,
        )
    )
    return [_Top(int(doc_id), record_type, float(score), total) for doc_id, score in rows]


def _top_hits_pg(session: Session, query: SearchQuery, types: list[str], limit: int) -> list[_Top]:
    statement = text(
        "SELECT doc_id, record_type, score, total FROM ("
        "SELECT doc_id, record_type, score, "
        "row_number() OVER (PARTITION BY record_type ORDER BY score DESC, doc_id) AS n, "
        "count(*) OVER (PARTITION BY record_type) AS total FROM ("
        "SELECT d.doc_id, d.record_type, ts_rank(d.terms, to_tsquery('simple', :query)) AS score "
        "FROM search_documents d WHERE d.terms @@ to_tsquery('simple', :query) "
        "AND d.record_type IN :types) AS found) AS ranked WHERE n <= :limit"
    ).bindparams(
        bindparam("types", expanding=True), query=query.tsquery(), types=types, limit=limit
    )
    return [_Top(int(a), str(b), float(c), int(d)) for a, b, c, d in session.execute(statement)]


def snippets(
    session: Session, query: SearchQuery, doc_ids: Sequence[int], language: str = "en"
) -> dict[int, str]:
    """doc id → highlighted snippet (see :mod:`icati_desktop.store.search_display`).

    Cut in Python on both engines, from the records' own text: FTS5's ``snippet()`` has
    to evaluate the MATCH again (for a prefix, a merge over the whole index), which cost
    30–50 ms for 20 hits over 50,000 entries; :func:`highlight` costs well under 1 ms.
    """
    if not doc_ids:
        return {}
    return {
        doc_id: texts[1]
        for doc_id, texts in hit_texts(session, query, _hits(session, doc_ids), language).items()
    }


def _hits(session: Session, doc_ids: Sequence[int]) -> list[tuple[int, str, str]]:
    rows = session.execute(
        select(
            SearchDocumentRow.doc_id, SearchDocumentRow.record_type, SearchDocumentRow.record_id
        ).where(SearchDocumentRow.doc_id.in_(doc_ids))
    )
    return [(int(doc_id), record_type, record_id) for doc_id, record_type, record_id in rows]


def search(
    session: Session,
    user_text: str,
    *,
    types: Iterable[str] | None = None,
    limit_per_type: int = 20,
    language: str = "en",
) -> SearchResults:
    """The best ``limit_per_type`` hits of each indexed type (record types; all when
    None), grouped in index order, titled and cut in ``language``."""
    query = SearchQuery.parse(user_text)
    chosen = None if types is None else set(types)
    wanted = [t for t in indexed_types() if chosen is None or t in chosen]
    if not query or not wanted or limit_per_type < 1:
        return SearchResults(query=user_text, language=language)
    if _is_pg(session):
        top = _top_hits_pg(session, query, wanted, limit_per_type)
    else:
        top = [hit for t in wanted for hit in _top_hits_sqlite(session, query, t, limit_per_type)]
    found = _hits(session, [row.doc_id for row in top])
    texts = hit_texts(session, query, found, language)
    record_ids = {doc_id: record_id for doc_id, _type, record_id in found}
    groups: dict[str, SearchGroup] = {}
    for row in sorted(top, key=lambda r: (-r.score, r.doc_id)):
        if row.doc_id not in texts:
            continue  # an entry whose record is gone (not in step: never seen so far)
        title, snippet = texts[row.doc_id]
        group = groups.setdefault(
            row.record_type, SearchGroup(record_type=row.record_type, total=row.total, hits=[])
        )
        group.hits.append(
            SearchHit(
                record_type=row.record_type,
                record_id=record_ids[row.doc_id],
                title=title,
                snippet=snippet,
                rank=float(row.score),
            )
        )
    return SearchResults(
        query=user_text, language=language, groups=[groups[t] for t in wanted if t in groups]
    )
