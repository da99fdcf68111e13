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

from icati_desktop.store.chunks import chunked
from icati_desktop.store.erasure import redaction_problems
from icati_desktop.store.materialise import (
    current_tables,
    naive_utc,
    row_values,
    table_for,
    term_values,
)
from icati_desktop.store.merged import shown_states
from icati_desktop.store.tables.core import RecordLeafRow, RecordRow, RecordTermRow, VersionRow
from icati_desktop.store.versions import current_leaves, version_from_row
from icati_desktop.versioning.canonical import canonical_bytes, sha256_hex
from icati_desktop.versioning.version import VersionIdMismatch

MAX_PROBLEMS = 50


def _merged_contents(session: Session) -> dict[str, str]:
    """record id → SHA-256 of the shown payload, for live records with several leaves."""
    merged: dict[str, list[str]] = defaultdict(list)
    for record_id, record_type in session.execute(
        select(RecordRow.record_id, RecordRow.record_type).where(
            RecordRow.leaf_count > 1, RecordRow.deleted.is_(False)
        )
    ):
        merged[record_type].append(record_id)
    out: dict[str, str] = {}
    for record_type, ids in merged.items():
        table = table_for(record_type)
        for part in chunked(sorted(ids)):
            for rid, data in session.execute(
                select(table.c.id, table.c.data).where(table.c.id.in_(part))
            ):
                out[rid] = sha256_hex(str(data).encode("utf-8"))
    return out


def state_digest(session: Session) -> str:
    """SHA-256 over each record's shown leaf, leaves, conflict and merged content.

    Two stores that hold the same versions have the same digest, whatever order the
    versions arrived in, because leaves, shown states and merges are functions of the
    version set. A record with one leaf shows that version (its id covers its
    content); a record with several shows their merge, whose payload is hashed in.
    """
    leaves: dict[str, list[str]] = defaultdict(list)
    for record_id, version_id in session.execute(
        select(RecordLeafRow.record_id, RecordLeafRow.version_id)
    ):
        leaves[record_id].append(version_id)
    contents = _merged_contents(session)
    digest = hashlib.sha256()
    rows = session.execute(
        select(
            RecordRow.record_id,
            RecordRow.record_type,
            RecordRow.winner_version_id,
            RecordRow.deleted,
            RecordRow.in_conflict,
        ).order_by(RecordRow.record_id)
    )
    for record_id, record_type, winner, deleted, in_conflict in rows:
        several = sorted(leaves[record_id]) if len(leaves[record_id]) > 1 else []
        content = contents.get(record_id)
        item = [record_id, record_type, winner, bool(deleted), bool(in_conflict), several]
        digest.update(canonical_bytes([*item, content] if content else item))
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
    yield from redaction_problems(session)
    query = select(VersionRow).where(VersionRow.redacted.is_(False))
    for row in session.scalars(query.execution_options(yield_per=2000)):
        try:
            version_from_row(row).verify()
        except VersionIdMismatch as exc:
            yield str(exc)


def _record_problems(session: Session, merged: dict[str, str]) -> Iterator[str]:
    """Leaves and shown states against the version log; fills ``merged`` (record id →
    the merged payload it must show) for the current-row check."""
    typed = session.execute(select(VersionRow.record_id, VersionRow.record_type).distinct())
    by_type: dict[str, list[str]] = defaultdict(list)
    for record_id, record_type in typed:
        by_type[record_type].append(record_id)
    for record_type in sorted(by_type):
        for part in chunked(sorted(by_type[record_type])):
            leaves = current_leaves(session, part)
            expected = shown_states(session, record_type, leaves)
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
                shown = expected[rid]
                if shown.payload_json is not None and not shown.deleted:
                    merged[rid] = shown.payload_json
                if stored[rid] != {leaf.version_id for leaf in leaves[rid]}:
                    yield f"record {rid}: stored leaves differ from the version log"
                if (state.winner_version_id, state.deleted, state.in_conflict) != (
                    shown.shown.version_id,
                    shown.deleted,
                    shown.in_conflict,
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


def _current_row_problems(session: Session, merged: dict[str, str]) -> Iterator[str]:
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
            payload = merged.get(v.record_id, v.payload)
            expected[v.record_id] = row_values(
                record_type, v.record_id, v.version_id, v.hlc_ms, v.origin, payload
            )
            for term in term_values(record_type, v.record_id, payload):
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
    merged: dict[str, str] = {}
    sources: list[Iterator[str]] = [
        _sqlite_problems(session),
        _version_problems(session),
        _record_problems(session, merged),
        _current_row_problems(session, merged),
    ]
    for source in sources:
        for problem in source:
            problems.append(problem)
            if len(problems) >= MAX_PROBLEMS:
                return problems
    return problems
