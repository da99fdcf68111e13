"""What the app's import dialog asks of the store, each a function of the store."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from icati_desktop.formats.spreadsheet import Table, read_table
from icati_desktop.formats.spreadsheet.columns import locate_header
from icati_desktop.store.imports.kinds import KINDS
from icati_desktop.store.imports.model import Context, ImportResult
from icati_desktop.store.imports.run import run_import
from icati_desktop.store.store import Store
from icati_desktop.store.tables.directory import NetworkEventRow

EVENT_CHOICES = 500
"""The most recent events offered for an attendance list."""


@dataclass(frozen=True)
class EventChoice:
    record_id: str
    title: str
    starts_at: datetime


def event_choices(store: Store) -> list[EventChoice]:
    """The latest network events, newest first (an attendance list is for one of them)."""
    with store.read() as session:
        rows = session.execute(
            select(NetworkEventRow.id, NetworkEventRow.title, NetworkEventRow.starts_at)
            .order_by(NetworkEventRow.starts_at.desc())
            .limit(EVENT_CHOICES)
        ).all()
    return [EventChoice(rid, title, starts) for rid, title, starts in rows]


def read_file(path: Path, kind: str) -> Table:
    """The file's table, from the row that names the kind's columns."""
    return locate_header(read_table(path), KINDS[kind].columns)


def import_file(
    store: Store,
    kind: str,
    path: Path,
    mapping: Mapping[str, int | None],
    *,
    country: str | None,
    event_id: str | None,
    dry_run: bool,
) -> ImportResult:
    """Read ``path`` again (it may have been corrected since) and check or import it."""
    table = read_file(path, kind)
    context = Context(today=date.today(), country=country, event_id=event_id)
    return run_import(store, KINDS[kind], table, context, mapping=mapping, dry_run=dry_run)
