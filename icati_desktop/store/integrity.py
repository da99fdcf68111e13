"""``db check`` and ``db digest``: is the store sound, and what state does it hold?"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import LargeBinary, cast, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from icati_desktop.store.attendee_erasure import scrub_problems
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
from icati_desktop.store.versions import current_leaves
from icati_desktop.versioning.canonical import canonical_bytes
from icati_desktop.versioning.hlc import Timestamp
from icati_desktop.versioning.version import Version, VersionIdMismatch

MAX_PROBLEMS = 50


def _shown_content(session: Session) -> dict[str, bytes]:
    """record id → SHA-256 of what its current row shows (the ``data`` column: the shown
    leaf's payload, or the merge of several leaves)."""
    shown: dict[str, bytes] = {}
    for record_type in sorted(current_tables()):
        table = table_for(record_type)
        rows = session.execute(select(table.c.id, table.c.data).execution_options(yield_per=5000))
        for record_id, data in rows:
            shown[record_id] = hashlib.sha256(str(data).encode("utf-8")).digest()
    return shown


def state_digest(session: Session) -> str:
    """SHA-256 over each record's shown leaf, leaves, conflict and shown content.

    Two stores that hold the same versions have the same digest, whatever order the
    versions arrived in, because leaves, shown states and merges are functions of the
    version set. The shown content counts for every record, so a current row altered on
    disk (or by a bug) changes the digest even when the ids agree.
    """
    shown = _shown_content(session)
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
            RecordRow.deleted,
            RecordRow.in_conflict,
        ).order_by(RecordRow.record_id)
    )
    for record_id, record_type, winner, deleted, in_conflict in rows:
        several = sorted(leaves[record_id]) if len(leaves[record_id]) > 1 else []
        content = shown.get(record_id)
        item = [record_id, record_type, winner, bool(deleted), bool(in_conflict), several]
        digest.update(canonical_bytes([*item, content.hex()] if content else item))
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


def _text(raw: object) -> str | None:
    if raw is None or isinstance(raw, str):
        return raw
    if isinstance(raw, bytes):
        return raw.decode("utf-8")
    raise TypeError(f"unexpected payload of type {type(raw).__name__}")


def _version_problems(session: Session) -> Iterator[str]:
    """Every version's id checked against its bytes (read as bytes: damaged text must be
    reported, not crash the check); a redacted version (erasure) has no bytes to check,
    only its tombstone (:func:`redaction_problems`)."""
    yield from redaction_problems(session)
    yield from scrub_problems(session)
    raw_payload = (
        cast(VersionRow.payload, LargeBinary)
        if session.get_bind().dialect.name == "sqlite"
        else VersionRow.payload
    )
    rows = session.execute(
        select(
            VersionRow.version_id,
            VersionRow.record_type,
            VersionRow.record_id,
            VersionRow.parents,
            VersionRow.hlc_ms,
            VersionRow.hlc_counter,
            VersionRow.origin,
            VersionRow.deleted,
            raw_payload,
        )
        .where(VersionRow.redacted.is_(False))
        .execution_options(yield_per=2000)
    )
    for vid, rtype, rid, parents, ms, counter, origin, deleted, payload in rows:
        try:
            version = Version(
                version_id=vid,
                record_type=rtype,
                record_id=rid,
                parents=tuple(json.loads(parents)),
                hlc=Timestamp(ms, counter),
                origin=origin,
                deleted=bool(deleted),
                payload_json=_text(payload) or "null",
            )
            version.verify()
        except VersionIdMismatch as exc:
            yield f"{exc} — its stored bytes were altered"
        except (ValueError, TypeError):  # not UTF-8, not JSON: damaged bytes
            yield f"version {str(vid)[:12]}… of {rtype} {rid}: its stored bytes are damaged"


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
                shown = expected.get(rid)
                if shown is None:  # a cycle or a missing version: no version is a leaf
                    yield f"record {rid}: its version log has no leaf"
                    continue
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
    """Every problem found (empty when the store is sound), at most ``MAX_PROBLEMS``.

    A part of the file the database cannot read is a problem to report, not a crash: each
    check stops at the first such error, says so, and the next check runs.
    """
    problems: list[str] = []
    merged: dict[str, str] = {}
    sources: list[Iterator[str]] = [
        _sqlite_problems(session),
        _version_problems(session),
        _record_problems(session, merged),
        _current_row_problems(session, merged),
    ]
    for source in sources:
        try:
            for problem in source:
                problems.append(problem)
                if len(problems) >= MAX_PROBLEMS:
                    return problems
        except (DBAPIError, sqlite3.DatabaseError, UnicodeDecodeError, ValueError) as exc:
            detail = str(getattr(exc, "orig", None) or exc).splitlines()[0][:160]
            problems.append(f"the store file is damaged: {detail}")
    return problems
