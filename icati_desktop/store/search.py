"""Full-text search over the library, meeting notes, action items and assessment notes.

One index, one entry per searchable live record (``search_documents``), kept in step
with the current tables: :func:`update_search_index` is called by the materialiser
(``versions.refresh_records``) for every refreshed record, in the same transaction.
Which record types are indexed, and what text each contributes, is the registry of
document builders below (``@_builds("resource", code=1)`` …).

Engines:

* SQLite: an FTS5 table over ``search_documents`` (tokenizer ``unicode61
  remove_diacritics 2``: "mediacion" finds "mediación"), ranked by ``bm25`` with titles
  weighted 10:1. Each type's entries live in their own doc id (rowid) range, so FTS5
  selects and counts a type without reading the content table.
* PostgreSQL: a ``tsvector`` (config ``simple``) in ``search_documents.terms`` with a GIN
  index, ranked by ``ts_rank``. ``unaccent`` is an optional extension a central office's
  server may lack, so text is accent-folded in Python before it becomes a ``tsvector``,
  and query terms are folded alike.

Snippets are cut by :func:`highlight` on both engines, from the stored text: it folds
like the index, where ``ts_headline`` cannot match a folded term in unfolded text, and
it is 30–50× cheaper than FTS5's ``snippet()`` (see :func:`snippets`).

Snippets mark matches with :data:`MARK_START` ``\\x02`` … :data:`MARK_END` ``\\x03`` and
elide cut text with :data:`ELLIPSIS`; the GUI turns the marks into bold (see
:func:`split_marks`). Indexed text never contains the marks.

User text never reaches the query syntax: it is split into terms (letters, digits,
marks, symbols), each quoted as a literal; the last term matches as a prefix, so typing
"medi" finds "mediation" (unless the text ends with a space: the word is complete).

Arabic: harakat and tatweel are dropped from indexed and query text, so "كِتَاب" and
"كتاب" match; other letters (hamza forms, alef maqsura) are kept as written.
"""

from __future__ import annotations

import json
import logging
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from pydantic import BaseModel
from sqlalchemy import (
    Engine,
    Float,
    Integer,
    String,
    bindparam,
    column,
    delete,
    exists,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import Subquery, TextClause

from icati_desktop.store.engine import WRITE_OPTION
from icati_desktop.store.materialise import table_for
from icati_desktop.store.tables.core import RecordRow
from icati_desktop.store.tables.search import SearchDocumentRow

log = logging.getLogger(__name__)

MARK_START = "\x02"
MARK_END = "\x03"
ELLIPSIS = "…"
SEPARATOR = " · "
"""Shown in snippets where indexed text has a line break (between titles, notes…)."""
SNIPPET_TOKENS = 14
MAX_TERMS = 12
MAX_TERM_CHARS = 64
MAX_BODY_CHARS = 100_000
TITLE_WEIGHT = 10.0

SQLITE_FTS_DDL = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_documents', "
    "content_rowid='doc_id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.doc_id, new.title, new.body); END",
    "CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) "
    "VALUES ('delete', old.doc_id, old.title, old.body); END",
    "CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) "
    "VALUES ('delete', old.doc_id, old.title, old.body); "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.doc_id, new.title, new.body); END",
)
"""The FTS5 index and the triggers that keep it in step (migration 0003 has a frozen copy)."""

_ARABIC_MARKS = frozenset([*range(0x064B, 0x0660), 0x0670, 0x0640])
_TOKEN_CATEGORIES = frozenset("LNMS")


# --- text ------------------------------------------------------------------------------


def clean(value: str) -> str:
    """Text as indexed: NFC, no control characters (so no marks), no Arabic harakat."""
    out = []
    for char in unicodedata.normalize("NFC", value):
        if ord(char) in _ARABIC_MARKS:
            continue
        out.append(" " if unicodedata.category(char) == "Cc" and char != "\n" else char)
    return "".join(out)


def fold(value: str) -> str:
    """Case- and accent-folded text: "Mediación" → "mediacion"."""
    decomposed = unicodedata.normalize("NFKD", value)
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", bare).casefold()


def _is_token_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in _TOKEN_CATEGORIES or category == "Co"


def token_spans(value: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each word: runs of letters, digits, marks and symbols."""
    start = None
    for index, char in enumerate(value):
        if _is_token_char(char):
            if start is None:
                start = index
        elif start is not None:
            yield start, index
            start = None
    if start is not None:
        yield start, len(value)


def tokens(value: str) -> list[str]:
    return [value[a:b] for a, b in token_spans(value)]


@dataclass(frozen=True)
class SearchQuery:
    """User text as literal terms; ``prefix``: the last term matches word beginnings."""

    terms: tuple[str, ...]
    prefix: bool

    @classmethod
    def parse(cls, user_text: str) -> SearchQuery:
        cleaned = clean(user_text)
        terms = [t[:MAX_TERM_CHARS] for t in tokens(cleaned) if fold(t)][:MAX_TERMS]
        prefix = bool(terms) and not cleaned[-1:].isspace() and len(fold(terms[-1])) >= 2
        return cls(tuple(terms), prefix)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def fts5(self) -> str:
        quoted = ['"' + t.replace('"', '""') + '"' for t in self.terms]
        if self.prefix:
            quoted[-1] += "*"
        return " ".join(quoted)

    def tsquery(self) -> str:
        """Terms are letters, digits, marks and symbols only: no quote can occur in them."""
        lexemes = [f"'{fold(t)}'" for t in self.terms]
        if self.prefix:
            lexemes[-1] += ":*"
        return " & ".join(lexemes)

    def matches(self, word: str) -> bool:
        folded = fold(word)
        last = fold(self.terms[-1])
        return any(folded == fold(t) for t in self.terms) or (
            self.prefix and folded.startswith(last)
        )


def highlight(value: str, query: SearchQuery, window: int = SNIPPET_TOKENS) -> str | None:
    """A snippet of ``value`` around the first match, matches marked; None if none."""
    spans = list(token_spans(value))
    hits = [i for i, (a, b) in enumerate(spans) if query.matches(value[a:b])]
    if not hits:
        return None
    first = max(0, min(hits[0] - window // 3, len(spans) - window))
    last = min(len(spans), first + window)
    out, cursor = [], spans[first][0]
    for i in range(first, last):
        a, b = spans[i]
        out.append(value[cursor:a])
        word = value[a:b]
        out.append(f"{MARK_START}{word}{MARK_END}" if i in hits else word)
        cursor = b
    head = ELLIPSIS if first > 0 else ""
    tail = ELLIPSIS if last < len(spans) else ""
    return head + "".join(out).replace("\n", SEPARATOR) + tail


def split_marks(snippet: str) -> list[tuple[str, bool]]:
    """A snippet as (text, is_match) parts, for a view that renders matches in bold."""
    parts: list[tuple[str, bool]] = []
    for index, chunk in enumerate(snippet.split(MARK_START)):
        inside, _, rest = chunk.partition(MARK_END) if index else ("", "", chunk)
        parts += [(p, m) for p, m in ((inside, True), (rest, False)) if p]
    return parts


# --- documents -------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchDocument:
    language: str
    titles: dict[str, str]
    body: Sequence[str]


DocumentBuilder = Callable[[dict[str, Any]], SearchDocument]
_BUILDERS: dict[str, DocumentBuilder] = {}
_TYPE_CODES: dict[str, int] = {}
DOC_ID_SPAN = 1 << 40
"""Each indexed type's entries have doc ids in their own range (code × span …), so the
FTS5 index selects a type by rowid range, without reading the content table."""


def _builds(record_type: str, code: int) -> Callable[[DocumentBuilder], DocumentBuilder]:
    """Register a type's document builder; ``code`` fixes its doc id range (never reuse)."""

    def register(builder: DocumentBuilder) -> DocumentBuilder:
        if code in _TYPE_CODES.values() or not 0 < code < 1 << 20:
            raise ValueError(f"search type code {code} is taken or out of range")
        _BUILDERS[record_type], _TYPE_CODES[record_type] = builder, code
        return builder

    return register


def indexed_types() -> tuple[str, ...]:
    """Indexed record types, in the order search results are grouped."""
    return tuple(_BUILDERS)


def doc_id_range(record_type: str) -> tuple[int, int]:
    low = _TYPE_CODES[record_type] * DOC_ID_SPAN
    return low, low + DOC_ID_SPAN - 1


@_builds("resource", code=1)
def _resource(p: dict[str, Any]) -> SearchDocument:
    titles: dict[str, str] = p.get("title") or {}
    language = "en" if "en" in titles else next(iter(titles), "")
    topics = " ".join(p.get("topics") or [])
    body = [*(p.get("summary") or {}).values(), p.get("publisher") or "", p.get("series") or ""]
    return SearchDocument(language, titles, [*body, topics])


@_builds("meeting", code=2)
def _meeting(p: dict[str, Any]) -> SearchDocument:
    title = p.get("title") or f"{p.get('country', '')} {p.get('held_on', '')}"
    agenda = [f"{a.get('title', '')}\n{a.get('notes', '')}" for a in p.get("agenda") or []]
    body = [*(p.get("objectives") or []), *agenda, *(p.get("decisions") or []), p.get("notes")]
    return SearchDocument("", {"": title}, [b or "" for b in body])


@_builds("action_item", code=3)
def _action_item(p: dict[str, Any]) -> SearchDocument:
    notes = [n.get("text", "") for n in p.get("progress_notes") or []]
    return SearchDocument("", {"": p.get("title") or ""}, [p.get("description") or "", *notes])


@_builds("assessment", code=4)
def _assessment(p: dict[str, Any]) -> SearchDocument:
    title = f"{p.get('country', '')} {p.get('assessed_on', '')}"
    notes = [a.get("note") or "" for a in (p.get("answers") or {}).values()]
    return SearchDocument("", {"": title}, notes)


def _rows(
    record_type: str, payloads: Mapping[str, str], pg: bool, first_id: int
) -> list[dict[str, Any]]:
    builder = _BUILDERS[record_type]
    rows = []
    for doc_id, (record_id, payload_json) in enumerate(payloads.items(), start=first_id):
        document = builder(json.loads(payload_json))
        title = clean("\n".join(t for t in document.titles.values() if t))
        body = clean("\n".join(b for b in document.body if b))[:MAX_BODY_CHARS]
        row = {
            "doc_id": doc_id,
            "record_type": record_type,
            "record_id": record_id,
            "language": document.language,
            "titles": json.dumps(document.titles, ensure_ascii=False, sort_keys=True),
            "title": title,
            "body": body,
        }
        if pg:
            row["title_terms"] = " ".join(fold(t) for t in tokens(title))
            row["body_terms"] = " ".join(fold(t) for t in tokens(body))
        rows.append(row)
    return rows


_PG_INSERT = text(
    "INSERT INTO search_documents "
    "(doc_id, record_type, record_id, language, titles, title, body, terms) "
    "VALUES (:doc_id, :record_type, :record_id, :language, :titles, :title, :body, "
    "setweight(to_tsvector('simple', :title_terms), 'A') || "
    "setweight(to_tsvector('simple', :body_terms), 'B'))"
)


def _is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _insert(session: Session, record_type: str, payloads: Mapping[str, str]) -> None:
    if not payloads:
        return
    pg = _is_pg(session)
    low, high = doc_id_range(record_type)
    last = session.scalar(
        select(func.max(SearchDocumentRow.doc_id)).where(
            SearchDocumentRow.doc_id.between(low, high)
        )
    )
    rows = _rows(record_type, payloads, pg, (last or low) + 1)
    if pg:
        session.execute(_PG_INSERT, rows)
    else:
        session.execute(insert(SearchDocumentRow), rows)


def update_search_index(
    session: Session, record_type: str, record_ids: Sequence[str], live: Mapping[str, str]
) -> None:
    """The materialiser's hook: ``record_ids`` were refreshed; ``live`` maps those that are
    live to their winning payload JSON. Drops their entries and indexes the live ones."""
    if record_type not in _BUILDERS:
        return
    session.execute(delete(SearchDocumentRow).where(SearchDocumentRow.record_id.in_(record_ids)))
    _insert(session, record_type, live)


def rebuild_search_index(session: Session, batch: int = 2_000) -> int:
    """Re-index every live record from the current tables; returns the entry count.

    Used by migration 0003's backfill, by :func:`ensure_search_index`, and after a
    restore (a PostgreSQL backup carries no FTS5 table; a restore into PostgreSQL
    copies ``search_documents`` without usable ``terms``).
    """
    if not _is_pg(session):
        # Bring FTS5 in step with its content table first (whatever state it was in),
        # so the delete triggers below remove exactly what is indexed.
        session.execute(text("INSERT INTO search_fts(search_fts) VALUES ('rebuild')"))
    session.execute(delete(SearchDocumentRow))
    count = 0
    for record_type in _BUILDERS:
        table = table_for(record_type)
        result = session.execute(select(table.c.id, table.c.data).order_by(table.c.id))
        while chunk := result.fetchmany(batch):
            _insert(session, record_type, dict(chunk))
            count += len(chunk)
    return count


def _needs_rebuild(session: Session) -> bool:
    if _is_pg(session) and session.scalar(
        select(exists().where(SearchDocumentRow.terms.is_(None)))
    ):
        return True
    if session.scalar(select(exists().select_from(SearchDocumentRow))):
        return False
    searchable = exists().where(
        RecordRow.record_type.in_(list(_BUILDERS)), RecordRow.deleted.is_(False)
    )
    return bool(session.scalar(select(searchable)))


def ensure_search_index(engine: Engine) -> bool:
    """Make the index usable; True when it had to be rebuilt. Called when a store opens
    and after a restore. Cheap when the index is in place (a few indexed lookups).

    Rebuilds when the FTS5 table is missing (a SQLite store made from a PostgreSQL
    backup), when the index is empty but searchable records exist, or on PostgreSQL
    when entries lack their ``tsvector`` (restored from a SQLite backup). A store at a
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
    log.info("search index rebuilt")
    return True


# --- queries ---------------------------------------------------------------------------


class SearchHit(BaseModel):
    record_type: str
    record_id: str
    title: str
    """The title in the requested language, else English, else any."""
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
    groups: list[SearchGroup] = []

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


def display_title(titles: Mapping[str, str], language: str) -> str:
    for key in (language, "en"):
        if titles.get(key):
            return titles[key]
    return next((t for t in titles.values() if t), "")


RANK_LIMIT = 2_000
"""On SQLite, a query matching more entries of one type than this ranks only the most
recently indexed ``RANK_LIMIT`` of them (bm25 reads each match's length, ~2 µs a row);
counts stay exact. Such a query is too broad to read through anyway."""

_FTS_RANGE = "search_fts MATCH :query AND search_fts.rowid BETWEEN :low AND :high"


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


def matches(session: Session, query: SearchQuery, record_type: str) -> Subquery:
    """(doc_id, record_id, score) of one type's entries matching ``query``; a higher score
    is a better match, NULL for a match past :data:`RANK_LIMIT` (SQLite)."""
    columns = (column("doc_id", Integer), column("record_id", String), column("score", Float))
    if _is_pg(session):
        statement = text(
            "SELECT d.doc_id AS doc_id, d.record_id AS record_id, "
            "ts_rank(d.terms, to_tsquery('simple', :query)) AS score FROM search_documents d "
            "WHERE d.terms @@ to_tsquery('simple', :query) "
            "AND d.record_type = :record_type"
        ).bindparams(query=query.tsquery(), record_type=record_type)
        return statement.columns(*columns).subquery("matches")
    _, floor = _rank_floor(session, query, record_type)
    statement = _fts(
        "SELECT search_fts.rowid AS doc_id, d.record_id AS record_id, CASE WHEN "
        f"search_fts.rowid >= :floor THEN -bm25(search_fts, {TITLE_WEIGHT}, 1.0) END AS score "
        "FROM search_fts "
        f"JOIN search_documents d ON d.doc_id = search_fts.rowid WHERE {_FTS_RANGE}",
        query,
        record_type,
        floor=floor,
    )
    return statement.columns(*columns).subquery("matches")


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


def snippets(session: Session, query: SearchQuery, doc_ids: Sequence[int]) -> dict[int, str]:
    """doc id → highlighted snippet of the title, or else of the body.

    Cut in Python on both engines, from the stored text: FTS5's ``snippet()`` has to
    evaluate the MATCH again (for a prefix, a merge over the whole index), which cost
    30–50 ms for 20 hits over 50,000 entries; :func:`highlight` costs well under 1 ms.
    """
    if not doc_ids:
        return {}
    rows = session.execute(
        select(SearchDocumentRow.doc_id, SearchDocumentRow.title, SearchDocumentRow.body).where(
            SearchDocumentRow.doc_id.in_(doc_ids)
        )
    )
    return {
        doc_id: highlight(title, query) or highlight(body, query) or ""
        for doc_id, title, body in rows
    }


def search(
    session: Session,
    user_text: str,
    *,
    types: Iterable[str] | None = None,
    limit_per_type: int = 20,
    language: str = "en",
) -> SearchResults:
    """The best ``limit_per_type`` hits of each indexed type, grouped in index order."""
    query = SearchQuery.parse(user_text)
    wanted = [t for t in indexed_types() if types is None or t in set(types)]
    if not query or not wanted or limit_per_type < 1:
        return SearchResults(query=user_text)
    if _is_pg(session):
        top = _top_hits_pg(session, query, wanted, limit_per_type)
    else:
        top = [hit for t in wanted for hit in _top_hits_sqlite(session, query, t, limit_per_type)]
    doc_ids = [row.doc_id for row in top]
    marked = snippets(session, query, doc_ids)
    docs = {
        doc_id: (record_id, json.loads(titles))
        for doc_id, record_id, titles in session.execute(
            select(
                SearchDocumentRow.doc_id, SearchDocumentRow.record_id, SearchDocumentRow.titles
            ).where(SearchDocumentRow.doc_id.in_(doc_ids))
        )
    }
    groups: dict[str, SearchGroup] = {}
    for row in sorted(top, key=lambda r: (-r.score, r.doc_id)):
        record_id, titles = docs[row.doc_id]
        group = groups.setdefault(
            row.record_type, SearchGroup(record_type=row.record_type, total=row.total, hits=[])
        )
        group.hits.append(
            SearchHit(
                record_type=row.record_type,
                record_id=record_id,
                title=display_title(titles, language),
                snippet=marked.get(row.doc_id, ""),
                rank=float(row.score),
            )
        )
    return SearchResults(query=user_text, groups=[groups[t] for t in wanted if t in groups])
