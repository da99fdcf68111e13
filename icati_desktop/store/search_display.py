"""What a search hit shows: its title in the reader's language and the match in context.

The index holds folded text (``search_text.clean``) and names in every language, so a
hit's title and snippet are worked out again, for the few hits shown, from the
record's current payload: the title in the reader's language (else English, else any),
and the first match among, in order, that title, the record's other titles, its own
text in the reader's language and in no particular language, its names in the reader's
language, its codes, then its text and names in other languages. A reader of French who
typed "Kenia" sees "… Kenia …" (the Spanish name that matched); one who typed "Kenya"
on a meeting sees the meeting's title and "Kenya" in context. A hit found only by a
hidden search word shows its names in the reader's language, unmarked.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.store.materialise import table_for
from icati_desktop.store.search_documents import SearchDocument, build_document
from icati_desktop.store.search_text import (
    SEPARATOR,
    SearchQuery,
    display_title,
    fold_text,
    highlight,
    shown,
)
from icati_desktop.store.search_words import names_cache_key


@dataclass(frozen=True)
class _Shown:
    """What a record shows to a reader of one language: its title, and the texts a
    snippet may come from, best first (see the module doc), each with its folded form."""

    title: str
    candidates: tuple[tuple[str, str], ...]
    fallback: str
    """Shown when only a hidden search word matched: the names in the reader's language."""


def _candidates(document: SearchDocument, language: str, title: str) -> Iterator[str]:
    texts, names = document.texts, document.names
    yield title
    yield from (t for t in document.titles.values() if t and t != title)
    yield "\n".join(texts.get(language, ()))
    yield "\n".join(texts.get("", ()))
    yield SEPARATOR.join(names.get(language, ()))
    yield SEPARATOR.join(names.get("", ()))
    others = [lang for lang in dict.fromkeys([*texts, *names]) if lang not in (language, "")]
    yield from ("\n".join(texts.get(lang, ())) for lang in others)
    yield from (SEPARATOR.join(names.get(lang, ())) for lang in others)


def shown_to(document: SearchDocument, language: str) -> _Shown:
    title = display_title(document.titles, language)
    candidates = tuple(
        (text, fold_text(text))
        for text in map(shown, _candidates(document, language, title))
        if text
    )
    names = document.names
    return _Shown(
        title, candidates, shown(SEPARATOR.join(names.get(language) or names.get("en") or ()))
    )


_SHOWN_CACHE: OrderedDict[Hashable, _Shown] = OrderedDict()
_SHOWN_CACHE_SIZE = 1024
_SHOWN_LOCK = threading.Lock()


def _shown_version(
    record_type: str, version_id: str, data: str, language: str, names_key: Hashable
) -> _Shown:
    """Cached per version (a version never changes) and reader's language: typing a
    search shows the same hits again and again, and a form is a big document."""
    key = (record_type, version_id, language, names_key)
    with _SHOWN_LOCK:
        if key in _SHOWN_CACHE:
            _SHOWN_CACHE.move_to_end(key)
            return _SHOWN_CACHE[key]
    made = shown_to(build_document(record_type, json.loads(data)), language)
    with _SHOWN_LOCK:
        _SHOWN_CACHE[key] = made
        while len(_SHOWN_CACHE) > _SHOWN_CACHE_SIZE:
            _SHOWN_CACHE.popitem(last=False)
    return made


def snippet_of(shown_record: _Shown, query: SearchQuery) -> str:
    """The first match in context; the names in the reader's language if none shows."""
    terms = query.folded_terms()
    for text, folded in shown_record.candidates:
        if any(term in folded for term in terms):
            found = highlight(text, query)
            if found:
                return found
    return shown_record.fallback


def hit_texts(
    session: Session,
    query: SearchQuery,
    hits: Sequence[tuple[int, str, str]],
    language: str,
) -> dict[int, tuple[str, str]]:
    """``(doc id, record type, record id)`` → doc id → (title, snippet), from the
    records' current payloads (a hit whose record is gone is left out)."""
    by_type: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for doc_id, record_type, record_id in hits:
        by_type[record_type][record_id].append(doc_id)
    names_key = names_cache_key()
    out: dict[int, tuple[str, str]] = {}
    for record_type, wanted in by_type.items():
        table = table_for(record_type)
        rows = session.execute(
            select(table.c.id, table.c.version_id, table.c.data).where(table.c.id.in_(list(wanted)))
        )
        for record_id, version_id, data in rows:
            shown_record = _shown_version(record_type, version_id, data, language, names_key)
            texts = (shown_record.title, snippet_of(shown_record, query))
            for doc_id in wanted[record_id]:
                out[doc_id] = texts
    return out
