"""Write a bundle: a field device's unacknowledged versions, or HQ's bundle for one device.

A field bundle is encrypted to HQ. At HQ a bundle is made for one enrolled device (its
scope, encrypted to it) or is content only (no field record, signed, not encrypted); see
:mod:`icati_desktop.sync.central_scope`.

The zip is written in the store's private scratch space (``tmp/``), signed, encrypted,
and only then moved to its destination — inside the transaction that records the export,
so there is never a bundle on disk that the store does not know, nor a recorded export
without its file: a full disk, a cancel or a kill leaves either nothing or a complete,
recorded bundle.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any
from uuid import uuid4

import pyrage
from pydantic import BaseModel
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from icati_desktop import __version__
from icati_desktop.domain.registry import record_types
from icati_desktop.store.device import DeviceInfo, Role, require_device, tick
from icati_desktop.store.scope_index import refresh_scope_index
from icati_desktop.store.settings import set_setting
from icati_desktop.store.store import Store
from icati_desktop.store.sync_state import (
    BundleLogEntry,
    all_acks,
    get_ack,
    now_text,
    record_export,
    reserve_export_sequence,
)
from icati_desktop.store.sync_status import EXPORTED_UP_TO
from icati_desktop.store.tables.core import VersionRow
from icati_desktop.sync.attachments import attachment_hashes
from icati_desktop.sync.central_scope import (
    CentralTarget,
    Recipient,
    central_filter,
    resolve_recipient,
)
from icati_desktop.sync.errors import (
    BundleRejected,
    ExportCancelled,
    RejectCode,
    storage_rejection,
)
from icati_desktop.sync.identity import DeviceKeys, load_device_keys
from icati_desktop.sync.limits import sync_limits
from icati_desktop.sync.lines import version_line
from icati_desktop.sync.manifest import (
    BLOBS_DIR,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST_NAME,
    SCHEMA_VERSION,
    SIGNATURE_NAME,
    VERSIONS_DIR,
    BundleKind,
    FileEntry,
    Manifest,
    SourceInfo,
)
from icati_desktop.sync.trust import (
    TrustedDevice,
    enrolled_cards,
    own_card,
    revoked_ids,
    trusted_hq,
)
from icati_desktop.versioning.canonical import canonical_bytes, sha256_hex
from icati_desktop.versioning.hlc import Timestamp

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
_BATCH = 1000


log = logging.getLogger(__name__)


class ExportResult(BaseModel):
    path: str
    bundle_id: str
    kind: BundleKind
    sequence: int
    versions: int
    counts: dict[str, int]
    attachments: int
    encrypted_to: str | None
    """The device id the file is encrypted to (None: content only, readable by anyone)."""
    recipient_name: str | None = None
    """The name of that device (HQ for a field bundle)."""
    countries: list[str] | None = None
    """Central bundles for a device: the countries whose field records it carries, or
    ``["all"]``; None for field and content-only bundles."""
    size: int


@dataclass
class _Selection:
    """Which versions go into the bundle."""

    device: DeviceInfo
    ack: Timestamp | None
    recipient: Recipient | None = None
    total: int = 0
    max_seq: int = 0
    """The local sequence number of the newest version when the export started."""
    counts: dict[str, int] = field(default_factory=dict)

    def where(self, record_type: str) -> Any | None:
        """The condition on this type's versions (None: the bundle carries none of them).
        Redacted versions (erasure) never travel: their content is gone."""
        shareable = VersionRow.redacted.is_(False)
        if self.device.role is Role.HQ:
            scoped = central_filter(self.recipient, record_type)
            return None if scoped is None else and_(shareable, scoped)
        own = and_(shareable, VersionRow.origin == self.device.device_id)
        if self.ack is None:
            return own
        newer = or_(
            VersionRow.hlc_ms > self.ack.ms,
            and_(VersionRow.hlc_ms == self.ack.ms, VersionRow.hlc_counter > self.ack.counter),
        )
        return and_(own, newer)


def _count(session: Session, selection: _Selection) -> None:
    counts: dict[str, int] = {}
    for record_type in sorted(record_types()):
        condition = selection.where(record_type)
        if condition is None:
            continue
        n = int(
            session.scalar(
                select(func.count())
                .select_from(VersionRow)
                .where(VersionRow.record_type == record_type, condition)
            )
            or 0
        )
        if n:
            counts[record_type] = n
    selection.counts = counts
    selection.total = sum(counts.values())


def _lines(session: Session, selection: _Selection, record_type: str) -> Iterator[tuple[str, Any]]:
    """(line, version row) for one record type, records kept together, in clock order."""
    condition = selection.where(record_type)
    assert condition is not None, "only types the selection counted are written"
    query = (
        select(
            VersionRow.version_id,
            VersionRow.record_id,
            VersionRow.parents,
            VersionRow.hlc_ms,
            VersionRow.hlc_counter,
            VersionRow.origin,
            VersionRow.deleted,
            VersionRow.payload,
        )
        .where(VersionRow.record_type == record_type, condition)
        .order_by(VersionRow.record_id, VersionRow.hlc_ms, VersionRow.hlc_counter)
        .execution_options(yield_per=_BATCH)
    )
    for row in session.execute(query):
        yield (
            version_line(
                version_id=row.version_id,
                record_type=record_type,
                record_id=row.record_id,
                parents_json=row.parents,
                hlc=Timestamp(row.hlc_ms, row.hlc_counter),
                origin=row.origin,
                deleted=row.deleted,
                payload_json=row.payload,
            ),
            row,
        )


class _HashingWriter:
    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.target.write(data)
        self.digest.update(data)
        self.size += len(data)


def _central_trust(
    store: Store, session: Session, keys: DeviceKeys
) -> tuple[list[dict[str, Any]], list[str]]:
    """HQ's own card first (so a new device can confirm and trust it), then enrolled devices."""
    cards = [own_card(store, keys), *enrolled_cards(session)]
    return [card.to_dict() for card in cards], revoked_ids(session)


def _hq_recipient(session: Session) -> TrustedDevice:
    hq = trusted_hq(session)
    if hq is None:
        raise BundleRejected(
            RejectCode.NO_HQ_TRUSTED,
            "this device trusts no central office yet: get your HQ's identity card and run "
            "`icati trust add CARD` first",
        )
    return hq


def _central_recipient(session: Session, central: CentralTarget | None) -> Recipient | None:
    if central is None:
        raise BundleRejected(
            RejectCode.NO_RECIPIENT,
            "say which device this central bundle is for: --for DEVICE (see `icati trust "
            "list`), or --content-only for a device not yet enrolled",
        )
    recipient = resolve_recipient(session, central)
    if recipient is not None:
        refresh_scope_index(session)
    return recipient


def export_bundle(
    store: Store,
    out: Path,
    *,
    central: CentralTarget | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportResult:
    """Write this device's bundle to ``out``.

    At HQ, ``central`` says who it is for (one enrolled device, or content only); a field
    device's bundle always goes to its HQ and takes no ``central``.
    """
    try:
        return _export(store, out, central, progress, cancelled)
    except BundleRejected:
        raise
    except Exception as exc:
        rejection = storage_rejection(exc, store.data_dir, "no bundle was made")
        if rejection is None:
            raise
        raise rejection from exc


def _export(
    store: Store,
    out: Path,
    central: CentralTarget | None,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> ExportResult:
    keys = load_device_keys(store.keys_dir, store.passphrase)
    out = out.expanduser().resolve()
    with store.write() as tx:
        device = require_device(tx.session)
        if device.role is Role.HQ:
            scoped = _central_recipient(tx.session, central)
            recipient = None if scoped is None else _Addressee.of(scoped)
        elif central is not None:
            raise ValueError(
                "only the central office (HQ) makes bundles for other devices; a field "
                "device's bundle always goes to its HQ"
            )
        else:
            scoped = None
            recipient = _Addressee.of(_hq_recipient(tx.session))
        sequence, previous = reserve_export_sequence(tx.session)
        created_hlc = tick(tx.session, store.now_ms)
        limits = sync_limits(tx.session)
    bundle_id = str(uuid4())
    plain = store.scratch.new_file("bundle.zip")
    sealed = store.scratch.new_file("bundle.age")
    try:
        with store.read() as session:
            ack = get_ack(session, device.device_id) if device.role is Role.FIELD else None
            selection = _Selection(device, ack, scoped)
            _count(session, selection)
            selection.max_seq = int(session.scalar(select(func.max(VersionRow.seq))) or 0)
            enrolled, revoked = (
                _central_trust(store, session, keys) if device.role is Role.HQ else ([], [])
            )
            acks = all_acks(session) if device.role is Role.HQ else {}
            created = datetime.fromtimestamp(store.now_ms() / 1000, UTC)
            header = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "schema_version": SCHEMA_VERSION,
                "app_version": __version__,
                "bundle_id": bundle_id,
                "kind": BundleKind.CENTRAL if device.role is Role.HQ else BundleKind.FIELD,
                "source": SourceInfo(
                    device_id=device.device_id,
                    role=device.role.value,
                    name=device.name,
                    signing_key=keys.signing_key_b64,
                ),
                "recipients": [recipient.device_id] if recipient else [],
                "sequence": sequence,
                "previous_manifest_sha256": previous,
                "created_at": created,
                "expires_at": created + timedelta(days=limits.bundle_lifetime_days),
                "created_hlc": created_hlc.to_json(),
                "ack_basis": ack.to_json() if ack else None,
                "acks": {d: t.to_json() for d, t in acks.items()},
                "enrolled": enrolled,
                "revoked": revoked,
            }
            manifest = _write_zip(
                store, session, plain, selection, header, keys, progress, cancelled
            )
        if recipient is not None:
            with plain.open("rb") as source, sealed.open("wb") as target:
                pyrage.encrypt_io(
                    source, target, [pyrage.x25519.Recipient.from_str(recipient.age_recipient)]
                )
            plain.unlink()
        finished = sealed if recipient is not None else plain
        with finished.open("rb") as handle:
            os.fsync(handle.fileno())
        size = finished.stat().st_size
        _record_and_place(store, finished, out, bundle_id, device, sequence, manifest, selection)
    except OSError as exc:
        raise BundleRejected(
            RejectCode.DISK_FULL if exc.errno == errno.ENOSPC else RejectCode.WRITE_FAILED,
            f"the bundle could not be written to {out.parent} ({exc.strerror or exc}); "
            "free some space or choose another destination — no bundle was made",
        ) from exc
    finally:
        plain.unlink(missing_ok=True)
        sealed.unlink(missing_ok=True)
    blobs = sum(1 for f in manifest.files if f.kind == "blob")
    log.info(
        "exported %s bundle %s (#%d, %d versions, %d attachments, %d bytes) to %s for device %s",
        manifest.kind,
        bundle_id,
        sequence,
        selection.total,
        blobs,
        size,
        out.name,
        recipient.device_id if recipient else "any (content only)",
    )
    return ExportResult(
        path=str(out),
        bundle_id=bundle_id,
        kind=manifest.kind,
        sequence=sequence,
        versions=selection.total,
        counts=selection.counts,
        attachments=blobs,
        encrypted_to=recipient.device_id if recipient else None,
        recipient_name=recipient.name if recipient else None,
        countries=None if scoped is None else _countries(scoped),
        size=size,
    )


def _countries(target: Recipient) -> list[str]:
    return ["all"] if target.scope.all_countries else list(target.scope.countries)


@dataclass(frozen=True)
class _Addressee:
    """Who the file is encrypted to."""

    device_id: str
    name: str
    age_recipient: str

    @classmethod
    def of(cls, device: TrustedDevice | Recipient) -> _Addressee:
        return cls(device.device_id, device.name, device.age_recipient)


def _record_and_place(
    store: Store,
    finished: Path,
    out: Path,
    bundle_id: str,
    device: DeviceInfo,
    sequence: int,
    manifest: Manifest,
    selection: _Selection,
) -> None:
    """Record the export and move the file to ``out`` in one step: both or neither."""
    manifest_sha = sha256_hex(canonical_bytes(manifest.model_dump(mode="python")))
    blobs = sum(1 for f in manifest.files if f.kind == "blob")
    placed = False
    try:
        with store.write() as tx:
            record_export(
                tx.session,
                BundleLogEntry(
                    bundle_id=bundle_id,
                    direction="export",
                    kind=manifest.kind.value,
                    source_device_id=device.device_id,
                    source_name=device.name,
                    sequence=sequence,
                    created_at=manifest.created_at.isoformat(),
                    processed_at=now_text(),
                    file_name=out.name,
                    summary={
                        "versions": selection.total,
                        "counts": selection.counts,
                        "attachments": blobs,
                    },
                ),
                manifest_sha,
            )
            set_setting(tx.session, EXPORTED_UP_TO, selection.max_seq)
            tx.session.flush()  # a full disk fails here, before the file is placed
            store.scratch.move_into_place(finished, out)
            placed = True
    except BaseException:
        if placed:  # the commit failed after the move: take the file back
            out.unlink(missing_ok=True)
        raise


def _write_zip(
    store: Store,
    session: Session,
    path: Path,
    selection: _Selection,
    header: dict[str, Any],
    keys: DeviceKeys,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> Manifest:
    files: list[FileEntry] = []
    blobs: set[str] = set()
    done = 0
    low: Timestamp | None = None
    high: Timestamp | None = None
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for record_type in sorted(selection.counts):
            name = f"{VERSIONS_DIR}{record_type}.jsonl"
            count = 0
            with zf.open(name, "w", force_zip64=True) as member:
                writer = _HashingWriter(member)
                for line, row in _lines(session, selection, record_type):
                    writer.write(line.encode("utf-8") + b"\n")
                    stamp = Timestamp(row.hlc_ms, row.hlc_counter)
                    low = stamp if low is None or stamp < low else low
                    high = stamp if high is None or stamp > high else high
                    if not row.deleted and (
                        '"sha256"' in row.payload or '"attachments"' in row.payload
                    ):
                        blobs.update(attachment_hashes(json.loads(row.payload)))
                    count += 1
                    done += 1
                    if done % _BATCH == 0:
                        if cancelled is not None and cancelled():
                            raise ExportCancelled()
                        if progress is not None:
                            progress(done, selection.total)
            files.append(
                FileEntry(
                    path=name,
                    size=writer.size,
                    sha256=writer.digest.hexdigest(),
                    kind="versions",
                    record_type=record_type,
                    count=count,
                )
            )
        for sha in sorted(blobs):
            if not store.blobs.has(sha):
                continue
            source = store.blobs.open_path(sha)  # a central store may hold it in its database
            zf.write(source, f"{BLOBS_DIR}{sha}")
            files.append(
                FileEntry(
                    path=f"{BLOBS_DIR}{sha}", size=source.stat().st_size, sha256=sha, kind="blob"
                )
            )
        manifest = Manifest.model_validate(
            {
                **header,
                "files": files,
                "counts": selection.counts,
                "min_hlc": low.to_json() if low else None,
                "max_hlc": high.to_json() if high else None,
            }
        )
        manifest_bytes = canonical_bytes(manifest.model_dump(mode="python"))
        zf.writestr(MANIFEST_NAME, manifest_bytes)
        zf.writestr(SIGNATURE_NAME, keys.signing.private_key.sign(manifest_bytes))
    if progress is not None:
        progress(selection.total, selection.total)
    return manifest
