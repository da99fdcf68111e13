"""``db check`` and ``db digest``: is the store sound, and what state does it hold?"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from icati_desktop.store.materialise import (
    current_tables,
    naive_utc,
    row_values,
    table_for,
    term_values,
)
from icati_desktop.store.tables.core import RecordLeafRow, RecordRow, RecordTermRow, VersionRow
from icati_desktop.store.versions import chunked, current_leaves, version_from_row
from icati_desktop.versioning.canonical import canonical_bytes
from icati_desktop.versioning.version import VersionIdMismatch
from icati_desktop.versioning.winner import choose_winner, is_conflict

MAX_PROBLEMS = 50


def state_digest(session: Session) -> str:
    """SHA-256 over each record's winner and open conflict, in record-id order.

    Two stores that hold the same versions have the same digest, whatever order the
    versions arrived in, because winners and leaves are functions of the version set.
    """
    leaves: dict[str, list[str]] = defaultdict(list)
    for record_id, version_id in session.execute(
        select(RecordLeafRow.record_id, RecordLeafRow.version_id)
    ):
        leaves[record_id].append(version_id)
    digest = hashlib.sha256()
    rows = session.execute(
        select(
            RecordRow.record_id,
            RecordRow.record_type,
            RecordRow.winner_version_id,
            RecordRow.in_conflict,
        ).order_by(RecordRow.record_id)
    )
    for record_id, record_type, winner, in_conflict in rows:
        conflict = sorted(leaves[record_id]) if in_conflict else []
        digest.update(canonical_bytes([record_id, record_type, winner, conflict]))
        digest.update(b"\n")
    return digest.hexdigest()


def _sqlite_problems(session: Session) -> Iterator[str]:
    if session.get_bind().dialect.name != "sqlite":
        return
    result = [r[0] for r in session.execute(text("PRAGMA integrity_check"))]
    if result != ["ok"]:
        yield f"SQLite integrity check: {'; '.join(result[:5])}"
    for row in session.execute(text("PRAGMA foreign_key_check")):
        yield f"foreign key broken in table {row[0]} (row {row[1]} → {row[2]})"


def _version_problems(session: Session) -> Iterator[str]:
    for row in session.scalars(select(VersionRow).execution_options(yield_per=2000)):
        try:
            version_from_row(row).verify()
        except VersionIdMismatch as exc:
            yield str(exc)


def _record_problems(session: Session) -> Iterator[str]:
    record_ids = list(session.scalars(select(VersionRow.record_id).distinct()))
    for part in chunked(sorted(record_ids)):
        leaves = current_leaves(session, part)
        states = {
            r.record_id: r
            for r in session.scalars(select(RecordRow).where(RecordRow.record_id.in_(part)))
        }
        stored: dict[str, set[str]] = defaultdict(set)
        for rid, vid in session.execute(
            select(RecordLeafRow.record_id, RecordLeafRow.version_id).where(
                RecordLeafRow.record_id.in_(part)
            )
        ):
            stored[rid].add(vid)
        for rid in part:
            state = states.get(rid)
            if state is None:
                yield f"record {rid} has versions but no record state"
                continue
            winner = choose_winner(leaves[rid])
            if stored[rid] != {leaf.version_id for leaf in leaves[rid]}:
                yield f"record {rid}: stored leaves differ from the version log"
            if (state.winner_version_id, state.deleted, state.in_conflict) != (
                winner.version_id,
                winner.deleted,
                is_conflict(leaves[rid]),
            ):
                yield f"record {rid}: stored winner differs from the version log's winner"


def _comparable(key: str, value: Any) -> Any:
    if key == "data":
        return json.loads(value)
    if isinstance(value, datetime):
        return naive_utc(value)
    return value


def _row_key(values: dict[str, Any]) -> dict[str, Any]:
    return {k: _comparable(k, v) for k, v in values.items()}


def _current_row_problems(session: Session) -> Iterator[str]:
    for record_type in sorted(current_tables()):
        table = table_for(record_type)
        expected: dict[str, dict[str, Any]] = {}
        expected_terms: set[tuple[str, str, str]] = set()
        winners = session.execute(
            select(VersionRow)
            .join(RecordRow, RecordRow.winner_version_id == VersionRow.version_id)
            .where(RecordRow.record_type == record_type, RecordRow.deleted.is_(False))
        ).scalars()
        for v in winners:
            expected[v.record_id] = row_values(
                record_type, v.record_id, v.version_id, v.hlc_ms, v.origin, v.payload
            )
            for term in term_values(record_type, v.record_id, v.payload):
                expected_terms.add((term["record_id"], term["field"], term["value"]))
        actual = {row.id: dict(row._mapping) for row in session.execute(select(table))}
        for rid in sorted(expected.keys() | actual.keys()):
            if rid not in actual:
                yield f"{record_type} {rid} is missing from table {table.name}"
            elif rid not in expected:
                yield f"{record_type} {rid} is in table {table.name} but has no live version"
            elif _row_key(actual[rid]) != _row_key(expected[rid]):
                differing = sorted(
                    k for k in expected[rid] if expected[rid][k] != actual[rid].get(k)
                )
                yield (
                    f"{record_type} {rid}: row in {table.name} disagrees with its winning "
                    f"version ({', '.join(differing)})"
                )
        terms = set(
            session.execute(
                select(RecordTermRow.record_id, RecordTermRow.field, RecordTermRow.value).where(
                    RecordTermRow.record_type == record_type
                )
            )
        )
        if terms != expected_terms:
            yield f"{record_type}: filter terms disagree with the winning versions"


def check_store(session: Session) -> list[str]:
    """Every problem found (empty when the store is sound), at most ``MAX_PROBLEMS``."""
    problems: list[str] = []
    for source in (_sqlite_problems, _version_problems, _record_problems, _current_row_problems):
        for problem in source(session):
            problems.append(problem)
            if len(problems) >= MAX_PROBLEMS:
                return problems
    return problems
