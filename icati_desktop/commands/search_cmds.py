"""`icati search`: the global search of the app, headless (countries, the library, people,
institutions, meetings, network events, action items, assessments, assessment forms)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from icati_desktop.commands.common import Add, CliError, emit, open_store
from icati_desktop.i18n import SUPPORTED_LANGUAGES, translator

BOLD, PLAIN = "\x1b[1m", "\x1b[0m"


def _marked(snippet: str) -> tuple[str, list[list[int]]]:
    """A snippet without its match marks, and where the matches are in it."""
    from icati_desktop.store.search import split_marks

    text, spans = "", []
    for part, is_match in split_marks(snippet):
        if is_match:
            spans.append([len(text), len(text) + len(part)])
        text += part
    return text, spans


def _bold(text: str, spans: list[list[int]]) -> str:
    out, cursor = "", 0
    for start, end in spans:
        out += f"{text[cursor:start]}{BOLD}{text[start:end]}{PLAIN}"
        cursor = end
    return out + text[cursor:]


def cmd_search(args: argparse.Namespace) -> int:
    from icati_desktop.reports.assessment_report import configured_language
    from icati_desktop.store.search import SEARCH_TYPES, SearchQuery, search, search_type_of
    from icati_desktop.vocabulary import search_group_label

    language = args.lang or configured_language()
    tr = translator(language)
    if not SearchQuery.parse(args.query):
        raise CliError(
            tr.gettext("nothing to search for in “{text}”: give at least one word").format(
                text=args.query
            )
        )
    if args.limit < 1:
        raise CliError(tr.gettext("--limit must be 1 or more"))
    types = None if not args.type else [SEARCH_TYPES[t] for t in args.type]
    store = open_store(args)
    try:
        with store.read() as session:
            results = search(
                session, args.query, types=types, limit_per_type=args.limit, language=language
            )
    finally:
        store.close()
    color = sys.stdout.isatty()
    groups: list[dict[str, Any]] = []
    lines: list[str] = []
    for group in results.groups:
        label = search_group_label(group.record_type, language)
        hits = []
        lines.append(f"{label} ({group.total})")
        for hit in group.hits:
            snippet, spans = _marked(hit.snippet)
            hits.append(
                {
                    "type": search_type_of(hit.record_type),
                    "record_type": hit.record_type,
                    "record_id": hit.record_id,
                    "title": hit.title,
                    "snippet": snippet,
                    "matches": spans,
                    "rank": hit.rank,
                }
            )
            lines.append(f"  {hit.title or tr.gettext('(untitled)')}  {hit.record_id}")
            if snippet and snippet != hit.title:
                lines.append(f"    {_bold(snippet, spans) if color else snippet}")
        groups.append(
            {
                "type": search_type_of(group.record_type),
                "record_type": group.record_type,
                "label": label,
                "total": group.total,
                "hits": hits,
            }
        )
    if not groups:
        lines.append(tr.gettext("Nothing found for “{text}”.").format(text=args.query))
    data = {
        "query": args.query,
        "language": language,
        "total": results.total,
        "groups": groups,
    }
    emit(args, data, "\n".join(lines))
    return 0


def register(sub: Any, add: Add) -> None:
    """Adds this module's command to the `icati` parser."""
    from icati_desktop.store.search import SEARCH_TYPES

    command = add(
        "search",
        cmd_search,
        "find countries, resources, people, institutions, meetings, events, action items, "
        "assessments and forms by the words shown in any language",
    )
    command.add_argument("query", metavar="QUERY", help="words to look for (any language)")
    command.add_argument(
        "--lang",
        choices=SUPPORTED_LANGUAGES,
        default=None,
        help="language of titles and headings (default: the desktop app's language, else en)",
    )
    command.add_argument(
        "--type",
        action="append",
        choices=list(SEARCH_TYPES),
        default=None,
        help="only this kind of record (repeat for several)",
    )
    command.add_argument(
        "--limit",
        type=int,
        default=20,
        metavar="N",
        help="at most N results of each kind (default 20)",
    )
