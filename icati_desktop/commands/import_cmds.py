"""`icati import KIND FILE`: bring a spreadsheet (.xlsx or .csv) into the store.

Every problem is printed, one line each (row, column, what is wrong, what to do), and
then nothing is stored; ``--dry-run`` checks only.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from icati_desktop.commands.common import Add, CliError, emit, open_store
from icati_desktop.i18n import _, ngettext

KIND_NAMES = ("people", "meetings", "actions", "members", "events", "attendance")
"""The keys of ``store.imports.kinds.KINDS`` (not imported here: the parser starts fast)."""


def summary(result: Any) -> str:
    """What an import did (or would do), in one line."""
    text = _("{added} added, {changed} changed, {skipped} unchanged").format(
        added=result.added, changed=result.changed, skipped=result.skipped
    )
    if not result.stored:
        return _("checked {rows} rows, nothing stored: would be {summary}").format(
            rows=result.rows, summary=text
        )
    return text


def cmd_import(args: argparse.Namespace) -> int:
    from icati_desktop.formats.spreadsheet import TableUnreadable, read_table
    from icati_desktop.store.assessment_reads import require_country
    from icati_desktop.store.imports.kinds import KINDS
    from icati_desktop.store.imports.model import Context
    from icati_desktop.store.imports.run import run_import

    kind = KINDS[args.kind]
    try:
        table = read_table(Path(args.file).expanduser())
    except TableUnreadable as exc:
        raise CliError(str(exc)) from None
    store = open_store(args, create=False)
    try:
        country = None
        if args.country:
            with store.read() as session:
                country = require_country(session, args.country)
        context = Context(today=date.today(), country=country, event_id=args.event)
        result = run_import(store, kind, table, context, dry_run=args.dry_run)
    finally:
        store.close()
    labels = {c.key: c.key for c in kind.columns}
    data = {
        **asdict(result),
        "problems": [
            {**asdict(p), "text": p.line(labels.get(p.column, ""))} for p in result.problems
        ],
        "ok": not result.problems,
    }
    if result.problems:
        if args.json:
            emit(args, data, "")
        else:
            for problem in result.problems:
                print(problem.line(labels.get(problem.column, "")), file=sys.stderr)
        count = len(result.problems)
        print(
            "icati: "
            + ngettext(
                "{n} problem in {file}: nothing was imported; correct it and import again",
                "{n} problems in {file}: nothing was imported; correct them and import again",
                count,
            ).format(n=count, file=Path(args.file).name),
            file=sys.stderr,
        )
        return 1
    emit(args, data, "\n".join([summary(result), *result.notes]))
    return 0


def register(sub: Any, add: Add) -> None:
    """Adds `icati import` to the parser."""
    command = add("import", cmd_import, "bring in a spreadsheet (.xlsx or .csv)", sub)
    command.add_argument("kind", choices=KIND_NAMES, metavar="KIND", help=" | ".join(KIND_NAMES))
    command.add_argument("file", metavar="FILE.xlsx|FILE.csv")
    command.add_argument("--dry-run", action="store_true", help="check every row, store nothing")
    command.add_argument("--country", metavar="ISO3", help="rows without a country are in it")
    command.add_argument("--event", metavar="ID", help="attendance: the event it belongs to")
    command.set_defaults(needs_store=True)
