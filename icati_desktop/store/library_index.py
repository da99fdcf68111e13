"""The library's facet index: which resources carry each filter value, as bitmaps.

Why: at 50,000 resources the Library page spent most of its time in SQL that counted
and sorted every filtered row, and its facet counts (four grouped joins of
``record_terms`` with the filtered set, each facet under the other filters) took
0.5–1.3 s on every change of text or filter. Here each filter value (a type, a level,
a curriculum, a topic, a language) is a set of resources held as a Python ``int``
used as a bitmap over the resources in title order: a filter is a few ANDs and ORs, a
count is ``int.bit_count()``, each facet value's count is one AND and one count, and
a page in title order is the first set bits. 50,000 resources are 6 KB a bitmap.

The index is built from the database (a few aggregate queries, under a second at
50,000) and cached per engine under a *stamp*: the resources' search generation (a
counter the search index upkeep raises in every transaction that changes a resource,
see ``store.search.index_generation``), the number of resources and the newest
resource search entry. Edits to other records leave the index as it is. Only read
transactions share the cache: a write transaction may see its own uncommitted rows,
so it builds a private index.

Other orders (newest, oldest, titles in another language) are permutations of the
same ordinals, read from SQL once per index and kept with it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, String, cast, func, literal, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import Session

from icati_desktop.store.engine import WRITE_OPTION
from icati_desktop.store.search_documents import doc_id_range
from icati_desktop.store.search_index import index_generation
from icati_desktop.store.tables.core import RecordTermRow
from icati_desktop.store.tables.reference import ResourceRow
from icati_desktop.store.tables.search import SearchDocumentRow

TERM_FIELDS = ("topics", "languages")
_SEPARATOR = "\x1f"
"""Joins ids in one aggregated string: never part of a record id."""


_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def bitmap(ordinals: Iterable[int], size: int) -> int:
    """The bitmap with the given ordinals (each below ``size``) set.

    One flag byte per ordinal, then one conversion: setting bits in place costs three
    times more in Python, and a text match can set 50,000 of them.
    """
    if not size:
        return 0
    flags = bytearray(size)
    for ordinal in ordinals:
        flags[ordinal] = 1
    return int(flags[::-1].translate(_DIGITS), 2)


def set_bits(mask: int, skip: int, limit: int) -> list[int]:
    """The ordinals of the set bits of ``mask``, lowest first, after the first ``skip``."""
    bits = bin(mask)[:1:-1]  # lowest bit first
    out: list[int] = []
    position = -1
    for seen in range(skip + limit):
        position = bits.find("1", position + 1)
        if position < 0:
            break
        if seen >= skip:
            out.append(position)
    return out


def _joined(session: Session, column: Any, order_by: Any) -> Any:
    """An aggregate joining ``column``'s values with :data:`_SEPARATOR`, in ``order_by``."""
    if session.get_bind().dialect.name == "postgresql":
        return func.string_agg(column, aggregate_order_by(literal(_SEPARATOR), order_by))
    return func.group_concat(column, _SEPARATOR)


def _split(joined: str | None) -> list[str]:
    return joined.split(_SEPARATOR) if joined else []


@dataclass
class LibraryIndex:
    stamp: tuple[int, ...]
    ids: list[str]
    """Record ids in title order (English title, as ``lower(sort_title), id`` sorts)."""
    ordinal: dict[str, int]
    by_doc: dict[int, int]
    """Search entry (doc id) → ordinal (``len(ids)`` for an entry of no resource)."""
    doc_of: dict[int, int]
    """Ordinal → search entry, the other way."""
    values: dict[str, dict[str, int]]
    """Facet (``resource_types``, ``levels``, ``curricula``, ``topics``, ``languages``)
    → value → bitmap. Resources with no level or curriculum are in no bitmap."""
    orders: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def everything(self) -> int:
        return (1 << len(self.ids)) - 1

    def of_ids(self, record_ids: Iterable[str]) -> int:
        ordinal = self.ordinal
        return bitmap((ordinal[i] for i in record_ids if i in ordinal), len(self.ids))

    def of_docs(self, doc_ids: Sequence[int]) -> int:
        """The resources of these search entries (entries of no resource are left out:
        they map to the spare bit ``size``, cleared)."""
        size = len(self.ids)
        found = map(self.by_doc.get, doc_ids, repeat(size, len(doc_ids)))
        return bitmap(found, size + 1) & self.everything

    def any_of(self, facet: str, values: Iterable[str]) -> int:
        chosen = self.values.get(facet, {})
        mask = 0
        for value in values:
            mask |= chosen.get(value, 0)
        return mask

    def order(self, key: tuple[str, str], read: Callable[[], Sequence[str]]) -> list[int]:
        """Ordinals in another order, read once (``read`` gives record ids in it)."""
        with self.lock:
            if key not in self.orders:
                ordinal = self.ordinal
                self.orders[key] = [ordinal[i] for i in read() if i in ordinal]
            return self.orders[key]

    def page(self, mask: int, order: Sequence[int] | None, skip: int, limit: int) -> list[str]:
        """Record ids of one page of ``mask``'s resources, in ``order`` (title if None)."""
        if order is None:
            return [self.ids[o] for o in set_bits(mask, skip, limit)]
        members = mask.to_bytes((len(self.ids) + 7) // 8 or 1, "little")
        out: list[str] = []
        for o in order:
            if members[o >> 3] >> (o & 7) & 1:
                if skip:
                    skip -= 1
                    continue
                out.append(self.ids[o])
                if len(out) >= limit:
                    break
        return out


_CACHE: WeakKeyDictionary[Engine, LibraryIndex] = WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


def _stamp(session: Session) -> tuple[int, ...]:
    low, high = doc_id_range("resource")
    newest_doc = select(func.max(SearchDocumentRow.doc_id)).where(
        SearchDocumentRow.doc_id.between(low, high)
    )
    return (
        index_generation(session, "resource"),
        session.scalar(select(func.count()).select_from(ResourceRow)) or 0,
        session.scalar(newest_doc) or 0,
    )


def _build(session: Session, stamp: tuple[int, ...]) -> LibraryIndex:
    rows = session.execute(
        select(
            ResourceRow.id, ResourceRow.resource_type, ResourceRow.level, ResourceRow.curriculum_id
        ).order_by(func.lower(ResourceRow.sort_title), ResourceRow.id)
    ).all()
    ids = [row.id for row in rows]
    ordinal = {record_id: n for n, record_id in enumerate(ids)}
    size = len(ids)
    everything = (1 << size) - 1
    columns: dict[str, dict[str, list[int]]] = {"resource_types": {}, "levels": {}, "curricula": {}}
    for n, row in enumerate(rows):
        for facet, value in (
            ("resource_types", row.resource_type),
            ("levels", row.level),
            ("curricula", row.curriculum_id),
        ):
            if value is not None:
                columns[facet].setdefault(value, []).append(n)
    values = {
        facet: {value: bitmap(ordinals, size) for value, ordinals in chosen.items()}
        for facet, chosen in columns.items()
    }
    terms = session.execute(
        select(
            RecordTermRow.field,
            RecordTermRow.value,
            _joined(session, RecordTermRow.record_id, RecordTermRow.record_id),
        )
        .where(RecordTermRow.record_type == "resource", RecordTermRow.field.in_(TERM_FIELDS))
        .group_by(RecordTermRow.field, RecordTermRow.value)
    )
    # Ids of no resource (none, as materialised) map to ``size``: one spare bit, cleared.
    for term_field, value, joined in terms:
        owners = _split(joined)
        found = bitmap(map(ordinal.get, owners, repeat(size, len(owners))), size + 1)
        values.setdefault(term_field, {})[value] = found & everything
    low, high = doc_id_range("resource")
    docs, owners = session.execute(
        select(
            _joined(session, cast(SearchDocumentRow.doc_id, String), SearchDocumentRow.doc_id),
            _joined(session, SearchDocumentRow.record_id, SearchDocumentRow.doc_id),
        ).where(SearchDocumentRow.doc_id.between(low, high))
    ).one()
    of_owner = map(ordinal.get, _split(owners), repeat(size))
    by_doc = dict(zip(map(int, _split(docs)), of_owner, strict=True))
    doc_of = {o: doc for doc, o in by_doc.items()}  # also the spare ``size`` (never asked)
    return LibraryIndex(stamp, ids, ordinal, by_doc, doc_of, values)


def library_index(session: Session) -> LibraryIndex:
    """The index as of this session's snapshot (cached per engine for read transactions)."""
    stamp = _stamp(session)
    connection = session.connection()
    if connection.get_execution_options().get(WRITE_OPTION, True):
        return _build(session, stamp)
    engine = connection.engine
    with _CACHE_LOCK:
        cached = _CACHE.get(engine)
    if cached is not None and cached.stamp == stamp:
        return cached
    built = _build(session, stamp)
    with _CACHE_LOCK:
        _CACHE[engine] = built
    return built
