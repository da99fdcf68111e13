"""Running an import: columns → rows → the kind's plan → one transaction, or nothing."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from icati_desktop.formats.spreadsheet.columns import (
    Column,
    locate_header,
    match_columns,
    missing_required,
)
from icati_desktop.formats.spreadsheet.read import Table
from icati_desktop.i18n import _
from icati_desktop.store.imports.model import Context, ImportResult, Kind, Plan, Problem, Row
from icati_desktop.store.imports.write import write_planned
from icati_desktop.store.store import Store

log = logging.getLogger(__name__)
"""Counts only: never a name or an address from the file."""


def column_problems(
    mapping: Mapping[str, int | None], columns: tuple[Column, ...]
) -> list[Problem]:
    return [
        Problem(
            0,
            c.key,
            _(
                "the file has no column {column}; add it, or choose the file's column that holds it"
            ).format(column=f"{c.key} ({c.shown()})"),
        )
        for c in missing_required(mapping, columns)
    ]


def table_rows(table: Table, mapping: Mapping[str, int | None]) -> list[Row]:
    return [
        Row(r.number, {key: r.cell(index) for key, index in mapping.items() if index is not None})
        for r in table.rows
    ]


def check_and_plan(
    store: Store, kind: Kind, table: Table, mapping: Mapping[str, int | None], context: Context
) -> Plan:
    problems = column_problems(mapping, kind.columns)
    if problems:
        return Plan(problems=problems)
    if not table.rows:
        return Plan(problems=[Problem(0, "", _("the file has a header row but no data rows"))])
    with store.read() as session:
        return kind.plan(session, table_rows(table, mapping), context)


def run_import(
    store: Store,
    kind: Kind,
    table: Table,
    context: Context,
    *,
    mapping: Mapping[str, int | None] | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Check every row; store everything in one transaction only if all rows are good."""
    if mapping is None:
        table = locate_header(table, kind.columns)
        mapping = match_columns(table.headers, kind.columns)
    plan = check_and_plan(store, kind, table, mapping, context)
    stored = not plan.problems and not dry_run
    if stored and plan.writes:
        with store.write() as tx:
            write_planned(tx, store, plan.writes)
    counted = [w for w in plan.writes if w.counted]
    order = {c.key: i for i, c in enumerate(kind.columns)}
    log.info(
        "%s import%s: %d row(s), %d problem(s), %d write(s)%s",
        kind.name, " (dry run)" if dry_run else "", len(table.rows), len(plan.problems),
        len(plan.writes), "" if stored else ", nothing stored",
    )  # fmt: skip
    return ImportResult(
        kind=kind.name,
        rows=len(table.rows),
        added=plan.tally[0] if plan.tally else sum(1 for w in counted if w.new),
        changed=plan.tally[1] if plan.tally else sum(1 for w in counted if not w.new),
        skipped=plan.skipped,
        problems=tuple(sorted(plan.problems, key=lambda p: (p.row, order.get(p.column, -1)))),
        notes=tuple(plan.notes),
        stored=stored,
        record_ids=tuple(w.record_id for w in counted) if stored else (),
    )
