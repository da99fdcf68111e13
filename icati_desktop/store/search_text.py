"""Search text: how user and indexed text become words, queries and marked snippets.

No database here: the index upkeep (:mod:`icati_desktop.store.search_index`) and the
queries (:mod:`icati_desktop.store.search`) share these rules, so that what is
indexed, what is asked and what is highlighted fold alike.

User text never reaches the query syntax: it is split into terms (letters, digits,
marks, symbols), each quoted as a literal; the last term matches as a prefix, so typing
"medi" finds "mediation" (unless the text ends with a space: the word is complete).

Arabic: harakat and tatweel are dropped from indexed and query text, so "كِتَاب" and
"كتاب" match; other letters (hamza forms, alef maqsura) are kept as written.

Snippets mark matches with :data:`MARK_START` ``\\x02`` … :data:`MARK_END` ``\\x03`` and
elide cut text with :data:`ELLIPSIS`; the GUI turns the marks into bold (see
:func:`split_marks`). Indexed text never contains the marks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

MARK_START = "\x02"
MARK_END = "\x03"
ELLIPSIS = "…"
SEPARATOR = " · "
"""Shown in snippets where indexed text has a line break (between titles, notes…)."""
SNIPPET_TOKENS = 14
MAX_TERMS = 12
MAX_TERM_CHARS = 64

_ARABIC_MARKS = frozenset([*range(0x064B, 0x0660), 0x0670, 0x0640])
_TOKEN_CATEGORIES = frozenset("LNMS")


class _CleanChars(dict[int, int | None]):
    """A ``str.translate`` table for :func:`clean`, filled as characters are met (so the
    per-character work runs in C): Arabic harakat dropped, control characters but the line
    break turned into spaces, everything else kept."""

    def __missing__(self, code: int) -> int | None:
        kept: int | None = code
        if code in _ARABIC_MARKS:
            kept = None
        elif code != 0x0A and unicodedata.category(chr(code)) == "Cc":
            kept = 0x20
        self[code] = kept
        return kept


_CLEAN_CHARS = _CleanChars()


def clean(value: str) -> str:
    """Text as indexed: NFC, no control characters (so no marks), no Arabic harakat."""
    return unicodedata.normalize("NFC", value).translate(_CLEAN_CHARS)


@lru_cache(maxsize=1 << 16)
def fold(value: str) -> str:
    """Case- and accent-folded text: "Mediación" → "mediacion".

    Cached: it runs on every word of every snippet, and words repeat."""
    decomposed = unicodedata.normalize("NFKD", value)
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", bare).casefold()


def _is_token_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in _TOKEN_CATEGORIES or category == "Co"


class _WordChars(dict[int, int]):
    """A ``str.translate`` table that keeps word characters and turns every other into
    a space, filled as characters are met: the per-character test then runs in C."""

    def __missing__(self, code: int) -> int:
        kept = code if code != 0x20 and _is_token_char(chr(code)) else 0x20
        self[code] = kept
        return kept


_WORD_CHARS = _WordChars()
_WORD = re.compile(r"[^ ]+")


def token_spans(value: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each word: runs of letters, digits, marks and symbols."""
    for found in _WORD.finditer(value.translate(_WORD_CHARS)):
        yield found.span()


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

    @cached_property
    def _folded(self) -> frozenset[str]:
        return frozenset(fold(t) for t in self.terms)

    def matches(self, word: str) -> bool:
        folded = fold(word)
        return folded in self._folded or (self.prefix and folded.startswith(fold(self.terms[-1])))


def highlight(value: str, query: SearchQuery, window: int = SNIPPET_TOKENS) -> str | None:
    """A snippet of ``value`` around the first match, matches marked; None if none."""
    spans = list(token_spans(value))
    hit = next((i for i, (a, b) in enumerate(spans) if query.matches(value[a:b])), None)
    if hit is None:
        return None
    first = max(0, min(hit - window // 3, len(spans) - window))
    last = min(len(spans), first + window)
    hits = {i for i in range(first, last) if query.matches(value[slice(*spans[i])])}
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


def display_title(titles: Mapping[str, str], language: str) -> str:
    for key in (language, "en"):
        if titles.get(key):
            return titles[key]
    return next((t for t in titles.values() if t), "")
