"""Search text: how user and indexed text become words, queries and marked snippets.

No database here: the index upkeep (:mod:`icati_desktop.store.search_index`) and the
queries (:mod:`icati_desktop.store.search`) share these rules, so that what is
indexed, what is asked and what is highlighted fold alike.

User text never reaches the query syntax: it is split into terms (letters, digits,
marks, symbols), each quoted as a literal; the last term matches as a prefix, so typing
"medi" finds "mediation" (unless the text ends with a space: the word is complete).

Arabic is folded alike in indexed and query text (:func:`clean`) and when snippets mark
matches (:func:`fold`): harakat (tashkeel) and tatweel are dropped, the alef forms أ إ آ ٱ
read as ا, taa marbuta ة as ه and alef maqsura ى as ي, and presentation forms (text
copied from PDFs) as the letters they show. So "مُحَكَّمَة", "محكمه" and "محكمة" are one
word, and "أحمد", "احمد" and "إحمد" too. Latin accents and case are the engines' job
(FTS5's ``remove_diacritics``; :func:`fold` on PostgreSQL).

The Arabic definite article is written as part of the word: an Arabic term also matches
the word with the article or its common leading particles (ال، وال، بال، فال، كال، لل)
and, asked with one, the bare word (:func:`article_forms`). So "محكمة" finds
"المحكمة" and "للمحكمة", and "المحكمة" finds "محكمة", in every engine, with no change
to the index.

Indexed text is folded, so snippets are cut from the records' own text instead
(``store.search_display``), where :func:`shown` only removes control characters.

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
"""Harakat (tashkeel), the superscript alef and tatweel: dropped."""
_ARABIC_LETTERS = {
    0x0622: "\u0627",  # آ alef with madda
    0x0623: "\u0627",  # أ alef with hamza above
    0x0625: "\u0627",  # إ alef with hamza below
    0x0671: "\u0627",  # ٱ alef wasla
    0x0629: "\u0647",  # ة taa marbuta → ه
    0x0649: "\u064a",  # ى alef maqsura → ي
}
_PRESENTATION_FORMS = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
_TOKEN_CATEGORIES = frozenset("LNMS")


def _arabic_fold(char: str) -> str:
    """One character's Arabic folding (itself when it has none)."""
    code = ord(char)
    if code in _ARABIC_MARKS:
        return ""
    if code in _ARABIC_LETTERS:
        return _ARABIC_LETTERS[code]
    if any(low <= code <= high for low, high in _PRESENTATION_FORMS):
        shown = unicodedata.normalize("NFKC", char)
        # a byte-order mark, a noncharacter or an unassigned code point of these blocks
        # is its own NFKC: kept as it is (folding it again would never end)
        return char if shown == char else "".join(map(_arabic_fold, shown))
    return char


class _IndexChars(dict[int, str]):
    """``str.translate`` table of :func:`clean`, filled as characters are met (so the
    per-character work runs in C after the first sight of each character)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = " " if unicodedata.category(char) == "Cc" and char != "\n" else _arabic_fold(char)
        self[code] = folded
        return folded


class _FoldChars(dict[int, str]):
    """Arabic folding after accents are gone (:func:`fold`): marks are already removed."""

    def __missing__(self, code: int) -> str:
        folded = _arabic_fold(chr(code))
        self[code] = folded
        return folded


_INDEX_CHARS = _IndexChars()
_FOLD_CHARS = _FoldChars()


_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
"""Control characters but the line break (``Cc``): C-speed tests for the common case."""


_CHANGED_BY_CLEAN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u0622-\u0671\ufb50-\ufdff\ufe70-\ufeff]"
)
"""Every character :data:`_INDEX_CHARS` may change: controls, the Arabic letters and marks
it folds, and the presentation forms. Text without them is left as it is, tested in C
(a per-character ``translate`` was most of the search index's cost in an import)."""


def clean(value: str) -> str:
    """Text as indexed and asked: NFC, no control characters (so no marks), Arabic folded."""
    if value.isascii():
        return _CONTROLS.sub(" ", value)
    value = unicodedata.normalize("NFC", value)
    return value.translate(_INDEX_CHARS) if _CHANGED_BY_CLEAN.search(value) else value


def shown(value: str) -> str:
    """Text as a snippet shows it: NFC, no control characters (so no marks); as written."""
    value = unicodedata.normalize("NFC", value)
    return _CONTROLS.sub(" ", value) if _CONTROLS.search(value) else value


class _NoMarks(dict[int, int | None]):
    """``str.translate`` table that drops combining marks (accents once decomposed)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.category(chr(code)) == "Mn" else code
        self[code] = kept
        return kept


_NO_MARKS = _NoMarks()


def fold_text(value: str) -> str:
    """:func:`fold` of a whole text, not cached (texts seldom repeat, words do)."""
    return _fold(value)


def _fold(value: str) -> str:
    if value.isascii():
        return value.lower()  # what the rest does to ASCII, 20× faster
    bare = unicodedata.normalize("NFKD", value).translate(_NO_MARKS)
    return unicodedata.normalize("NFC", bare).translate(_FOLD_CHARS).casefold()


@lru_cache(maxsize=1 << 16)
def fold(value: str) -> str:
    """Case-, accent- and Arabic-folded text: "Mediación" → "mediacion", "محكمة" → "محكمه".

    Cached: it runs on every word of every snippet, and words repeat."""
    return _fold(value)


ARABIC_ARTICLES = (
    "\u0627\u0644",
    "\u0648\u0627\u0644",
    "\u0628\u0627\u0644",
    "\u0641\u0627\u0644",
    "\u0643\u0627\u0644",
    "\u0644\u0644",
)
"""ال وال بال فال كال لل: the article, alone or after و ب ف ك ل (longest first below)."""
_ARTICLES_LONGEST_FIRST = sorted(ARABIC_ARTICLES, key=len, reverse=True)
_MIN_STEM = 3
"""Letters left after an article for it to count as one: "الم" (pain, ألم) keeps its alef."""


@lru_cache(maxsize=1024)
def article_forms(term: str) -> tuple[str, ...]:
    """A (cleaned) term and, for an Arabic word, its forms with and without the article:
    "محكمه" → ("محكمه", "المحكمه", "والمحكمه", …); "المحكمه" → the same."""
    if not term or not "\u0621" <= term[0] <= "\u064a":
        return (term,)
    stem = next(
        (
            term[len(article) :]
            for article in _ARTICLES_LONGEST_FIRST
            if term.startswith(article) and len(term) - len(article) >= _MIN_STEM
        ),
        term,
    )
    return tuple(dict.fromkeys([term, stem, *(article + stem for article in ARABIC_ARTICLES)]))


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

    def _last(self, index: int) -> bool:
        return self.prefix and index == len(self.terms) - 1

    def fts5(self) -> str:
        groups = []
        for index, term in enumerate(self.terms):
            star = "*" if self._last(index) else ""
            forms = ['"' + t.replace('"', '""') + '"' + star for t in article_forms(term)]
            groups.append(forms[0] if len(forms) == 1 else "(" + " OR ".join(forms) + ")")
        return " AND ".join(groups)  # FTS5 does not AND a bracket implicitly

    def tsquery(self) -> str:
        """Terms are letters, digits, marks and symbols only: no quote can occur in them."""
        groups = []
        for index, term in enumerate(self.terms):
            star = ":*" if self._last(index) else ""
            lexemes = [f"'{fold(t)}'{star}" for t in article_forms(term)]
            groups.append(lexemes[0] if len(lexemes) == 1 else "(" + " | ".join(lexemes) + ")")
        return " & ".join(groups)

    @cached_property
    def _folded(self) -> frozenset[str]:
        return frozenset(fold(form) for t in self.terms for form in article_forms(t))

    @cached_property
    def _prefixes(self) -> tuple[str, ...]:
        return tuple(fold(form) for form in article_forms(self.terms[-1])) if self.prefix else ()

    def matches(self, word: str) -> bool:
        folded = fold(word)
        return folded in self._folded or folded.startswith(self._prefixes)

    def folded_terms(self) -> frozenset[str]:
        return self._folded

    def may_match(self, text: str) -> bool:
        """False when no word of ``text`` can match (a quick test on the whole text:
        folding keeps word boundaries, so a matching word's folded form is in it)."""
        folded = _fold(text)
        return any(term in folded for term in self._folded)


def highlight(value: str, query: SearchQuery, window: int = SNIPPET_TOKENS) -> str | None:
    """A snippet of ``value`` around the first match, matches marked; None if none."""
    if not query.may_match(value):
        return None
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
