"""Babel extractor for Qt Designer forms (``ui/*.ui``), so they share the gettext catalogs.

babel.cfg maps ``**.ui`` to :func:`extract_ui`. Every ``<string>`` in a form is a msgid unless
Designer marks it ``notr="true"``; its ``comment`` or ``extracomment`` attribute becomes a
translator note. At run time ``gui.language`` installs a QTranslator that answers Qt's
``translate()`` calls (made by QUiLoader and pyside6-uic code) from the same catalogs.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any
from xml.parsers import expat


def extract_ui(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any] | Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Yield ``(line, funcname, message, comments)`` for each translatable string."""
    found: list[tuple[int, str, list[str]]] = []
    open_strings: list[tuple[int, list[str], list[str]] | None] = []
    parser = expat.ParserCreate()

    def start(name: str, attrs: dict[str, str]) -> None:
        if name != "string":
            return
        if attrs.get("notr") == "true":
            open_strings.append(None)
            return
        notes = [attrs[k] for k in ("comment", "extracomment") if attrs.get(k)]
        open_strings.append((parser.CurrentLineNumber, [], notes))

    def text(data: str) -> None:
        if open_strings and open_strings[-1] is not None:
            open_strings[-1][1].append(data)

    def end(name: str) -> None:
        if name != "string" or not open_strings:
            return
        current = open_strings.pop()
        if current is not None and "".join(current[1]).strip():
            found.append((current[0], "".join(current[1]), current[2]))

    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    parser.EndElementHandler = end
    parser.ParseFile(fileobj)
    for line, message, notes in found:
        yield line, None, message, notes
