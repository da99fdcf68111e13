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
from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.store.materialise import table_for
from icati_desktop.store.search_documents import SearchDocument, build_document
from icati_desktop.store.search_text import (
    SEPARATOR,
    SearchQuery,
    display_title,
    highlight,
    shown,
)


def snippet_of(document: SearchDocument, query: SearchQuery, language: str, title: str) -> str:
    """The first match in context (see the module doc); ``""`` when nothing shows one."""
    texts, names = document.texts, document.names
    others = [lang for lang in dict.fromkeys([*texts, *names]) if lang not in (language, "")]
    candidates: Iterable[str] = (
        title,
        *(t for t in document.titles.values() if t and t != title),
        "\n".join(texts.get(language, ())),
        "\n".join(texts.get("", ())),
        SEPARATOR.join(names.get(language, ())),
        SEPARATOR.join(names.get("", ())),
        *("\n".join(texts.get(lang, ())) for lang in others),
        *(SEPARATOR.join(names.get(lang, ())) for lang in others),
    )
    for text in candidates:
        found = highlight(shown(text), query) if text else None
        if found:
            return found
    return shown(SEPARATOR.join(names.get(language) or names.get("en") or ()))


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
    out: dict[int, tuple[str, str]] = {}
    for record_type, wanted in by_type.items():
        table = table_for(record_type)
        rows = session.execute(select(table.c.id, table.c.data).where(table.c.id.in_(list(wanted))))
        for record_id, data in rows:
            document = build_document(record_type, json.loads(data))
            title = display_title(document.titles, language)
            texts = (title, snippet_of(document, query, language, title))
            for doc_id in wanted[record_id]:
                out[doc_id] = texts
    return out
