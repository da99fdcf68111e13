"""The user guide as a Qt text document: which file, its headings and anchors, its
screenshots fitted to the window, and finding words in it.

The guide is Markdown (``docs/user-guide.md``; a translation is ``user-guide.<lang>.md``
beside it). Qt's Markdown reader gives headings no anchors, so links such as
``[Sync](#3-syncing-with-hq)`` are matched to headings here, by the slugs GitHub makes
(lower case, punctuation dropped, spaces as hyphens, ``-1``, ``-2`` for repeats): the
same file reads alike on GitHub and in the app.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import (
    QImage,
    QPixmap,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextImageFormat,
)

from icati_desktop import paths
from icati_desktop.store.search_text import SearchQuery, fold, token_spans

GUIDE = "user-guide"


def guide_file(language: str, docs: Path | None = None) -> tuple[Path, str]:
    """The guide in ``language`` if translated, else the English one; and its language."""
    folder = docs or paths.docs_dir()
    translated = folder / f"{GUIDE}.{language}.md"
    if language != "en" and translated.is_file():
        return translated, language
    return folder / f"{GUIDE}.md", "en"


def heading_slug(text: str) -> str:
    """The anchor GitHub gives a heading: "5. Without the window: the `icati` command" →
    "5-without-the-window-the-icati-command"."""
    kept = (
        c
        for c in text.strip().lower()
        if c.isalnum() or c in " -_" or unicodedata.category(c).startswith("M")
    )
    return "".join(kept).replace(" ", "-")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str
    position: int
    """Where the heading's block starts in the document."""


def load_markdown(document: QTextDocument, path: Path) -> list[Heading]:
    """Fill ``document`` with the Markdown file (images relative to it); its headings."""
    document.setBaseUrl(QUrl.fromLocalFile(str(path.parent.resolve()) + "/"))
    document.setMarkdown(
        path.read_text(encoding="utf-8"), QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    )
    headings: list[Heading] = []
    seen: dict[str, int] = {}
    block = document.begin()
    while block.isValid():
        if block.blockFormat().nonBreakableLines():
            # Code blocks keep their lines whole in Qt's Markdown; long commands would
            # widen the page past the window. They wrap like the text around them.
            wrapping = block.blockFormat()
            wrapping.setNonBreakableLines(False)
            QTextCursor(block).setBlockFormat(wrapping)
        level = block.blockFormat().headingLevel()
        if level:
            slug = heading_slug(block.text())
            repeats = seen.get(slug, 0)
            seen[slug] = repeats + 1
            anchor = f"{slug}-{repeats}" if repeats else slug
            headings.append(Heading(level, block.text(), anchor, block.position()))
            spaced = block.blockFormat()
            spaced.setTopMargin(18 if level <= 2 else 12)
            spaced.setBottomMargin(6)
            QTextCursor(block).setBlockFormat(spaced)
        block = block.next()
    return headings


def _indent(document: QTextDocument, block: QTextBlock) -> float:
    """How far the block starts from the text's edge (a picture inside a list item is
    indented, so it has that much less room)."""
    block_format = block.blockFormat()
    indent = block_format.leftMargin() + block_format.indent() * document.indentWidth()
    listed = block.textList()
    if listed is not None:
        indent += listed.format().indent() * document.indentWidth()
    return indent


def fit_images(document: QTextDocument, width: float) -> int:
    """Shrink pictures wider than ``width`` (keeping their shape); the count changed."""
    changed = 0
    block = document.begin()
    while block.isValid():
        room = width - _indent(document, block)
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            fragments += 1
            char_format = fragment.charFormat()
            if not char_format.isImageFormat():
                continue
            image = char_format.toImageFormat()
            natural = _natural_size(document, image.name())
            if natural is None:
                continue
            wanted = min(float(natural[0]), max(room, 120.0))
            if abs(image.width() - wanted) < 0.5:
                continue
            fitted = QTextImageFormat(image)
            fitted.setWidth(wanted)
            fitted.setHeight(wanted * natural[1] / natural[0])
            cursor = QTextCursor(document)
            cursor.setPosition(fragment.position())
            cursor.setPosition(
                fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
            )
            cursor.setCharFormat(fitted)
            changed += 1
        block = block.next()
    return changed


def _natural_size(document: QTextDocument, name: str) -> tuple[int, int] | None:
    loaded = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
    if isinstance(loaded, QPixmap | QImage) and not loaded.isNull() and loaded.width() > 0:
        return loaded.width(), loaded.height()
    return None


def find_matches(document: QTextDocument, text: str) -> list[tuple[int, int]]:
    """Where the words of ``text`` occur in a row, as (start, end) document positions.

    Folded as the app's search folds (accents, case, Arabic letter forms), and each word
    matches the start of a word: "synch" finds "Syncing", "محكمة" finds "مَحْكَمَة"."""
    query = SearchQuery.parse(text)
    if not query:
        return []
    terms = [fold(t) for t in query.terms]
    found: list[tuple[int, int]] = []
    block = document.begin()
    while block.isValid():
        content = block.text()
        spans = list(token_spans(content))
        words = [fold(content[a:b]) for a, b in spans]
        for first in range(len(words) - len(terms) + 1):
            if all(words[first + k].startswith(term) for k, term in enumerate(terms)):
                start = block.position() + spans[first][0]
                found.append((start, block.position() + spans[first + len(terms) - 1][1]))
        block = block.next()
    return found
