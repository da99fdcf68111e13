"""Stream a bundle's versions into the store: check each, add them in batches, count changes.

Runs inside the caller's write transaction; any rejection propagates and the caller
rolls the whole import back. Batches never split one record's versions (the writer
keeps them together), so the per-batch before/after comparison counts each record
once without holding the whole bundle in memory.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from icati_desktop.domain.base import Owner
from icati_desktop.domain.registry import UnknownRecordType, owner_of, payload_model
from icati_desktop.store.chunks import chunked
from icati_desktop.store.tables.core import RecordLeafRow, RecordRow
from icati_desktop.store.versions import InconsistentVersion, add_versions
from icati_desktop.sync.attachments import missing_attachment
from icati_desktop.sync.bundle_file import OpenedBundle
from icati_desktop.sync.errors import BundleRejected, ImportCancelled, RejectCode
from icati_desktop.sync.limits import SyncLimits
from icati_desktop.sync.lines import version_from_line_fields, version_line
from icati_desktop.sync.manifest import BundleKind, FileEntry, VersionLine
from icati_desktop.versioning.canonical import CanonicalEncodingError, canonical_json, sha256_hex
from icati_desktop.versioning.hlc import Timestamp
from icati_desktop.versioning.version import Version, VersionIdMismatch, content_bytes

BATCH = 1000
_State = tuple[bool, str, bool, frozenset[str]]  # deleted, shown leaf, in conflict, leaves


@dataclass
class MergeStats:
    versions_read: int = 0
    versions_added: int = 0
    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    conflicts_opened: Counter[str] = field(default_factory=Counter)
    max_hlc: Timestamp | None = None
    scrubbed_meetings: set[str] = field(default_factory=set)
    """Meetings whose versions an erasure scrubbed: the importer makes them whole again."""

    def changes(self) -> dict[str, dict[str, int]]:
        kinds = sorted(
            set(self.added) | set(self.updated) | set(self.deleted) | set(self.conflicts_opened)
        )
        return {
            kind: {
                "added": self.added[kind],
                "updated": self.updated[kind],
                "deleted": self.deleted[kind],
                "conflicts_opened": self.conflicts_opened[kind],
            }
            for kind in kinds
        }


@dataclass(frozen=True)
class MergePolicy:
    """Who may have authored what in this bundle."""

    kind: BundleKind
    signer_id: str
    hq_origins: frozenset[str]
    """Origins allowed for HQ-owned types in a central bundle (HQ devices, default content)."""
    has_attachment: Callable[[str], bool] = lambda _sha256: True
    """Whether an attachment is available, in the bundle or in the store."""


def _reject_line(code: RejectCode, entry: FileEntry, number: int, what: str) -> BundleRejected:
    return BundleRejected(
        code, f"{entry.path} line {number}: {what}; ask the sender for a new bundle"
    )


def _parse(
    entry: FileEntry, number: int, text: str, policy: MergePolicy
) -> tuple[Version, dict[str, Any] | None]:
    """The line's version and its payload as read (handed on, not parsed again)."""
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError):
        raise _reject_line(RejectCode.MALFORMED_LINE, entry, number, "not valid JSON") from None
    try:
        line = VersionLine.model_validate(raw)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(p) for p in problem["loc"])
        raise _reject_line(
            RejectCode.INVALID_VERSION, entry, number, f"{where}: {problem['msg']}"
        ) from None
    if line.record_type != entry.record_type:
        raise _reject_line(
            RejectCode.INVALID_VERSION,
            entry,
            number,
            f"a {line.record_type[:40]!r} version in the {entry.record_type} file",
        )
    try:
        owner = owner_of(line.record_type)
    except UnknownRecordType:
        raise _reject_line(
            RejectCode.UNKNOWN_RECORD_TYPE,
            entry,
            number,
            f"unknown record type {line.record_type[:40]!r}",
        ) from None
    if policy.kind is BundleKind.FIELD:
        if owner is Owner.HQ:
            raise BundleRejected(
                RejectCode.HQ_OWNED_TYPE,
                f"this field bundle changes {line.record_type} records, which only the central "
                "office may publish; nothing was imported",
            )
        if line.origin != policy.signer_id:
            raise BundleRejected(
                RejectCode.FOREIGN_VERSIONS,
                "this field bundle carries versions written by another device; a device may "
                "only send its own work — nothing was imported",
            )
    elif owner is Owner.HQ and line.origin not in policy.hq_origins:
        raise BundleRejected(
            RejectCode.FOREIGN_VERSIONS,
            f"this central bundle carries {line.record_type} versions not written by the "
            "central office; nothing was imported",
        )
    if line.deleted != (line.payload is None):
        raise _reject_line(
            RejectCode.INVALID_VERSION,
            entry,
            number,
            "a deletion must have no payload and an edit must have one",
        )
    # Lines our exporter wrote are accepted by one comparison and one hash; any other line
    # goes through the detailed checks, which say exactly what is wrong.
    version = _canonical_version(text, line)
    as_read = line.payload  # exactly the stored payload's parse: the line is canonical
    if version is None:
        version, as_read = _checked_version(entry, number, line), None
    # a canonical line writes its keys as they are (no spaces): no such key, or only empty
    # lists of attachments, and there is no attachment to look for
    names_files = (
        as_read is None
        or '"sha256"' in text
        or text.count('"attachments"') != text.count('"attachments":[]')
    )
    if line.payload is not None and names_files:
        absent = missing_attachment(line.payload, policy.has_attachment)
        if absent is not None:
            raise _reject_line(
                RejectCode.MISSING_ATTACHMENT,
                entry,
                number,
                f"this {line.record_type} names an attachment ({absent[:12]}…) that neither "
                "the bundle nor this device holds",
            )
    return version, as_read


def _checked_version(entry: FileEntry, number: int, line: VersionLine) -> Version:
    """The version of a line not written canonically, or the refusal that says why."""
    try:
        version = version_from_line_fields(line.model_dump())
        version.verify()
    except CanonicalEncodingError as exc:
        raise _reject_line(RejectCode.INVALID_PAYLOAD, entry, number, str(exc)) from None
    except VersionIdMismatch:
        raise _reject_line(
            RejectCode.VERSION_ID_MISMATCH,
            entry,
            number,
            "the version's content does not match its id",
        ) from None
    if line.payload is not None:
        try:
            model = payload_model(line.record_type).model_validate(line.payload)
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(p) for p in problem["loc"])
            raise _reject_line(
                RejectCode.INVALID_PAYLOAD,
                entry,
                number,
                f"invalid {line.record_type} ({where}: {problem['msg']})",
            ) from None
        _require_complete(entry, number, line.record_type, version, model)
    return version


def _canonical_version(text: str, line: VersionLine) -> Version | None:
    """The line's version when the line is exactly its canonical form — a complete payload
    that its model validates — and its id is the hash of its content; else ``None``.

    The one canonical encoding per version happens here, of the validated payload model; the
    line is then compared as text and the content's bytes are assembled around that payload
    (:func:`~icati_desktop.versioning.version.content_bytes`). Lines our exporter writes
    take this path; anything else falls through to the detailed checks, which produce the
    refusal (or accept a valid line written with other spacing or key order).
    """
    payload_json = "null"
    if line.payload is not None:
        try:
            model = payload_model(line.record_type).model_validate(line.payload)
            payload_json = canonical_json(model.model_dump(mode="python"))
        except (ValidationError, CanonicalEncodingError):
            return None
    parents = tuple(sorted(line.parents))
    hlc = Timestamp(*line.hlc)
    expected_line = version_line(
        version_id=line.version_id,
        record_type=line.record_type,
        record_id=line.record_id,
        parents_json=json.dumps(list(parents), separators=(",", ":")),
        hlc=hlc,
        origin=line.origin,
        deleted=line.deleted,
        payload_json=payload_json,
    )
    if text != expected_line:
        return None
    content = content_bytes(
        line.record_type, line.record_id, parents, hlc, line.origin, line.deleted, payload_json
    )
    if sha256_hex(content) != line.version_id:
        return None
    return Version(
        version_id=line.version_id,
        record_type=line.record_type,
        record_id=line.record_id,
        parents=parents,
        hlc=hlc,
        origin=line.origin,
        deleted=line.deleted,
        payload_json=payload_json,
    )


def _require_complete(
    entry: FileEntry, number: int, record_type: str, version: Version, model: BaseModel
) -> None:
    """A payload is the canonical JSON of its validated model, every field included.

    One content has one form, hence one version id, whoever wrote it; and the current
    tables, which read the payload's fields, never meet a missing one. See
    docs/bundle-format.md, "Payloads".
    """
    canonical = canonical_json(model.model_dump(mode="python"))
    if canonical == version.payload_json:
        return
    expected: dict[str, Any] = json.loads(canonical)
    payload: dict[str, Any] = version.payload
    missing = sorted(expected.keys() - payload.keys())
    differs = sorted(
        k
        for k in expected.keys() & payload.keys()
        if canonical_json(expected[k]) != canonical_json(payload[k])
    )
    if missing:
        what = f"field {missing[0]!r} is missing (write every field, defaults too)"
    elif differs:
        what = f"field {differs[0]!r} is not in canonical form"
    else:
        what = "it is not in canonical form"
    raise _reject_line(RejectCode.INVALID_PAYLOAD, entry, number, f"{record_type}: {what}")


def _states(session: Session, record_ids: Sequence[str]) -> dict[str, _State]:
    found: dict[str, _State] = {}
    for part in chunked(record_ids):
        leaves: dict[str, set[str]] = defaultdict(set)
        for rid, vid in session.execute(
            select(RecordLeafRow.record_id, RecordLeafRow.version_id).where(
                RecordLeafRow.record_id.in_(part)
            )
        ):
            leaves[rid].add(vid)
        for row in session.execute(
            select(
                RecordRow.record_id,
                RecordRow.deleted,
                RecordRow.winner_version_id,
                RecordRow.in_conflict,
            ).where(RecordRow.record_id.in_(part))
        ):
            found[row.record_id] = (
                row.deleted,
                row.winner_version_id,
                row.in_conflict,
                frozenset(leaves[row.record_id]),
            )
    return found


def _apply(
    session: Session, batch: list[Version], parsed: dict[str, Any], stats: MergeStats
) -> None:
    ids = sorted({v.record_id for v in batch})
    types = {v.record_id: v.record_type for v in batch}
    before = _states(session, ids)
    try:
        result = add_versions(session, batch, parsed)
    except InconsistentVersion as exc:
        raise BundleRejected(
            RejectCode.INCONSISTENT_VERSION, f"{exc}; nothing was imported"
        ) from None
    except IntegrityError:
        # A current table's unique key (a country's code, a form's id and version) would
        # hold two records: the bundle gives an existing thing a second record id.
        kinds = ", ".join(sorted(set(types.values())))
        raise BundleRejected(
            RejectCode.DUPLICATE_RECORD,
            f"this bundle gives something this device already has ({kinds}) a second record "
            "with another id; nothing was imported — ask the sender to check its data",
        ) from None
    stats.versions_added += len(result.added)
    stats.scrubbed_meetings |= result.scrubbed
    after = {**before, **result.shown}  # a record given no new version is as it was
    for rid in ids:
        old, new = before.get(rid), after[rid]
        kind = types[rid]
        was_live, is_live = old is not None and not old[0], not new[0]
        if is_live and not was_live:
            stats.added[kind] += 1
        elif was_live and not is_live:
            stats.deleted[kind] += 1
        elif was_live and is_live and old is not None and old[1:] != new[1:]:
            # A new leaf, a new shown leaf or a merge: what the record shows may differ.
            stats.updated[kind] += 1
        if new[2] and not (old is not None and old[2]):
            stats.conflicts_opened[kind] += 1


def _versions(
    opened: OpenedBundle, limits: SyncLimits, policy: MergePolicy, stats: MergeStats
) -> Iterator[tuple[Version, dict[str, Any] | None]]:
    for entry in sorted(opened.manifest.files, key=lambda f: f.path):
        if entry.kind != "versions":
            continue
        count = 0
        for number, text in opened.archive.iter_lines(
            entry.path, size=entry.size, sha256=entry.sha256, max_line_bytes=limits.max_line_bytes
        ):
            version, as_read = _parse(entry, number, text, policy)
            count += 1
            if stats.max_hlc is None or version.hlc > stats.max_hlc:
                stats.max_hlc = version.hlc
            yield version, as_read
        per_type = opened.manifest.counts.get(entry.record_type or "")
        if count != entry.count or count != per_type:
            says = f"{entry.count}" if count != entry.count else f"{per_type} in its counts"
            raise BundleRejected(
                RejectCode.COUNT_MISMATCH,
                f"{entry.path} holds {count} versions but the manifest says {says}: "
                "the bundle is incomplete or was altered",
            )
    declared = sum(opened.manifest.counts.values())
    listed = sum(f.count or 0 for f in opened.manifest.files if f.kind == "versions")
    if declared != listed:
        raise BundleRejected(
            RejectCode.COUNT_MISMATCH,
            f"the manifest counts {declared} versions but its files hold {listed}",
        )


def merge_versions(
    session: Session,
    opened: OpenedBundle,
    limits: SyncLimits,
    policy: MergePolicy,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> MergeStats:
    stats = MergeStats()
    total = sum(opened.manifest.counts.values())
    batch: list[Version] = []
    parsed: dict[str, Any] = {}  # the batch's payloads as read, by version id
    for version, as_read in _versions(opened, limits, policy, stats):
        full = len(batch) >= BATCH and batch[-1].record_id != version.record_id
        if full or len(batch) >= 4 * BATCH:  # the hard cap bounds memory for hostile input
            _apply(session, batch, parsed, stats)
            batch, parsed = [], {}
            if cancelled is not None and cancelled():
                raise ImportCancelled()
            if progress is not None:
                progress(stats.versions_read, total)
        batch.append(version)
        if as_read is not None:
            parsed[version.version_id] = as_read
        stats.versions_read += 1
    if batch:
        _apply(session, batch, parsed, stats)
    if progress is not None:
        progress(stats.versions_read, total)
    return stats
