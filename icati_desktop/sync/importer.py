"""Import a bundle: stage → decrypt → check the archive → verify signature and trust →
check sequence, schema and clock → one transaction → commit.

Any failure rolls the transaction back and changes nothing; ``dry_run`` runs the very
same transaction and rolls it back, so the preview is exactly what an import would do.
No backup is taken per import: the one transaction is the import's safety, and its cost
must not grow with the store. Before the first import of a day a SQLite store keeps the
day's rolling backup (:mod:`icati_desktop.store.daily_backup`; docs/decisions.md, "Safety
without a full copy per import").
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import BaseModel
from sqlalchemy.orm import Session

from icati_desktop.domain.base import Owner
from icati_desktop.domain.registry import UnknownRecordType, owner_of
from icati_desktop.store.backup import BackupError
from icati_desktop.store.content import CONTENT_ORIGIN
from icati_desktop.store.daily_backup import take_daily_backup
from icati_desktop.store.device import DeviceInfo, Role, observe, read_device
from icati_desktop.store.people_writes import anonymise_meetings
from icati_desktop.store.planner_stats import analyze_grown_tables
from icati_desktop.store.store import Store
from icati_desktop.store.sync_state import (
    BUNDLE_SUFFIX,
    BundleLogEntry,
    get_ack,
    log_bundle,
    logged_bundle,
    now_text,
    record_source,
    set_ack,
    source_state,
)
from icati_desktop.sync.bundle_file import OpenedBundle, open_bundle
from icati_desktop.sync.cards import CardError, parse_card
from icati_desktop.sync.errors import BundleRejected, RejectCode, storage_rejection
from icati_desktop.sync.identity import load_age_identity_if_any
from icati_desktop.sync.limits import SyncLimits, sync_limits
from icati_desktop.sync.manifest import SCHEMA_VERSION, BundleKind, Manifest
from icati_desktop.sync.merge import MergePolicy, MergeStats, merge_versions
from icati_desktop.sync.removals import RemovalOutcome, apply_removals, drop_unreferenced_blobs
from icati_desktop.sync.signer import SignerInfo, hq_origins, verify_signer
from icati_desktop.sync.trust import apply_central_trust
from icati_desktop.versioning.hlc import Timestamp

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


log = logging.getLogger(__name__)


class _DryRunRollback(Exception):
    pass


class SourceSummary(BaseModel):
    device_id: str
    name: str
    role: str
    fingerprint: str


class ImportResult(BaseModel):
    bundle_id: str
    kind: BundleKind
    source: SourceSummary
    sequence: int
    created_at: datetime
    dry_run: bool
    already_imported: bool
    versions_in_bundle: int
    versions_added: int
    changes: dict[str, dict[str, int]]
    attachments_added: int
    warnings: list[str]
    records_removed: dict[str, int] = {}
    """Central bundles: records taken out of this store at HQ's request, per record type."""
    removal_waiting: int = 0
    """Records HQ asked this device to remove that stay until HQ has this device's work on
    them (sent in the next field bundle, removed after a later central import)."""

    @property
    def conflicts_opened(self) -> int:
        """How many conflicts the import opened, over every record type."""
        return sum(kinds.get("conflicts_opened", 0) for kinds in self.changes.values())


def _now(store: Store) -> datetime:
    return datetime.fromtimestamp(store.now_ms() / 1000, UTC)


def _check_placement(session: Session, opened: OpenedBundle, signer: SignerInfo) -> bool:
    """Checks that need the store but write nothing. True when already imported."""
    manifest = opened.manifest
    previous = logged_bundle(session, str(manifest.bundle_id))
    if previous is not None:
        if previous.manifest_sha256 == opened.manifest_sha256:
            return True
        raise BundleRejected(
            RejectCode.BUNDLE_ID_REUSED,
            f"a different bundle with the same id ({manifest.bundle_id}) was imported before; "
            "this one is a forgery or a corrupted copy — nothing was imported",
        )
    if manifest.kind is BundleKind.CENTRAL:
        state = source_state(session, signer.device_id)
        if state is not None and manifest.sequence <= state.last_sequence:
            raise BundleRejected(
                RejectCode.ROLLBACK,
                f"this central bundle (number {manifest.sequence}) is older than one already "
                f"accepted (number {state.last_sequence}); importing it would roll data back — "
                "ask HQ for its newest bundle",
            )
    return False


def _check_static(
    me: DeviceInfo,
    manifest: Manifest,
    opened: OpenedBundle,
    signer: SignerInfo,
    now: datetime,
    limits: SyncLimits,
) -> None:
    if manifest.schema_version > SCHEMA_VERSION:
        raise BundleRejected(
            RejectCode.SCHEMA_TOO_NEW,
            f"this bundle uses record schema {manifest.schema_version}, newer than this app's "
            f"{SCHEMA_VERSION}: update ICATI Desktop, then import it again",
        )
    if manifest.kind is BundleKind.FIELD:
        if me.role is not Role.HQ or me.device_id not in manifest.recipients:
            raise BundleRejected(
                RejectCode.NOT_FOR_THIS_DEVICE,
                "this field bundle is addressed to a central office, not to this device",
            )
        if not opened.encrypted:
            raise BundleRejected(
                RejectCode.NOT_ENCRYPTED,
                "field bundles must be encrypted to HQ; this one is not — ask the sender to "
                "export it again with ICATI Desktop",
            )
    if manifest.kind is BundleKind.CENTRAL:
        if manifest.recipients and me.device_id not in manifest.recipients:
            raise BundleRejected(
                RejectCode.NOT_FOR_THIS_DEVICE,
                "this central bundle was made for another device: ask HQ for the bundle "
                "made for this one",
            )
        field_types = sorted(t for t in manifest.counts if _field_authored(t))
        if field_types and not opened.encrypted:
            raise BundleRejected(
                RejectCode.NOT_ENCRYPTED,
                f"this central bundle carries field records ({', '.join(field_types[:3])}) "
                "without encryption; HQ encrypts those for the device they are for — ask HQ "
                "for the bundle made for this device",
            )
        for card in manifest.enrolled:
            try:
                parse_card(card)
            except CardError as exc:
                raise BundleRejected(
                    RejectCode.MALFORMED_MANIFEST,
                    f"the central bundle lists an invalid device card ({exc}); "
                    "nothing was imported",
                ) from exc
    if manifest.expires_at < now:
        raise BundleRejected(
            RejectCode.EXPIRED,
            f"this bundle expired on {manifest.expires_at:%Y-%m-%d}; ask for a new one",
        )
    ahead = manifest.created_at - now
    if ahead > timedelta(hours=limits.max_clock_skew_hours):
        raise BundleRejected(
            RejectCode.CLOCK_AHEAD,
            f"this bundle was made {ahead.days} days and {ahead.seconds // 3600} hours in the "
            "future by this device's clock. Check the date and time on both computers, then "
            "import it again",
        )


def _field_authored(record_type: str) -> bool:
    try:
        return owner_of(record_type) is Owner.FIELD
    except UnknownRecordType:
        return False  # refused line by line, with its own code


def _warnings(
    me: DeviceInfo, opened: OpenedBundle, session: Session, now: datetime, limits: SyncLimits
) -> list[str]:
    manifest = opened.manifest
    warnings: list[str] = []
    if manifest.kind is BundleKind.CENTRAL and now - manifest.created_at > timedelta(
        days=limits.stale_central_days
    ):
        age = (now - manifest.created_at).days
        warnings.append(f"this central data is {age} days old; ask HQ for a newer bundle")
    state = source_state(session, manifest.source.device_id)
    if (
        manifest.kind is BundleKind.FIELD
        and state is not None
        and manifest.previous_manifest_sha256 not in (None, state.last_manifest_sha256)
        and manifest.sequence > state.last_sequence + 1
    ):
        warnings.append(
            f"bundles {state.last_sequence + 1}–{manifest.sequence - 1} from "
            f"{manifest.source.name} never arrived; nothing is lost, since each bundle "
            "carries everything not yet acknowledged"
        )
    return warnings


def _quarantine(store: Store, path: Path, manifest: Manifest) -> Path:
    target = store.data_dir / "quarantine" / f"{manifest.bundle_id}{BUNDLE_SUFFIX}"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    return target


def _stage_blobs(opened: OpenedBundle, staging: Path) -> list[tuple[str, Path]]:
    staged: list[tuple[str, Path]] = []
    for entry in opened.manifest.files:
        if entry.kind != "blob":
            continue
        if entry.path != f"blobs/{entry.sha256}":
            raise BundleRejected(
                RejectCode.BAD_ENTRY_NAME,
                f"attachment {entry.path[:80]!r} is not named by its hash",
            )
        target = staging / "blobs" / entry.sha256
        target.parent.mkdir(parents=True, exist_ok=True)
        with (
            opened.archive.open_verified(
                entry.path, size=entry.size, sha256=entry.sha256
            ) as source,
            target.open("wb") as out,
        ):
            shutil.copyfileobj(source, out)
        staged.append((entry.sha256, target))
    return staged


def _verify_versions_files(opened: OpenedBundle) -> None:
    """Check every versions file's size and SHA-256 before a line is parsed, so bytes altered
    in transit are reported as such, never blamed on the signer (e.g. as foreign versions)."""
    for entry in opened.manifest.files:
        if entry.kind == "versions":
            with opened.archive.open_verified(
                entry.path, size=entry.size, sha256=entry.sha256
            ) as stream:
                while stream.read(1024 * 1024):
                    pass


def _after_merge(
    session: Session, me: DeviceInfo, opened: OpenedBundle, stats: MergeStats, store: Store
) -> RemovalOutcome:
    manifest = opened.manifest
    if stats.max_hlc is not None:
        observe(session, stats.max_hlc, store.now_ms)
    if manifest.kind is BundleKind.FIELD:
        current = get_ack(session, manifest.source.device_id)
        basis = Timestamp(*manifest.ack_basis) if manifest.ack_basis else None
        top = Timestamp(*manifest.max_hlc) if manifest.max_hlc else None
        complete = basis is None or (current is not None and basis <= current)
        if top is not None and complete and (current is None or top > current):
            set_ack(session, manifest.source.device_id, top)
    else:
        mine = manifest.acks.get(me.device_id)
        if mine is not None:
            set_ack(session, me.device_id, Timestamp(*mine))
        apply_central_trust(session, manifest.enrolled, manifest.revoked)
    outcome = (
        apply_removals(session, me.device_id)
        if manifest.kind is BundleKind.CENTRAL and me.role is Role.FIELD
        else RemovalOutcome()
    )
    record_source(
        session,
        manifest.source.device_id,
        manifest.sequence,
        opened.manifest_sha256,
        manifest.created_at.isoformat(),
        central=manifest.kind is BundleKind.CENTRAL,
    )
    return outcome


def import_bundle(
    store: Store,
    path: Path,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    path = path.expanduser().resolve()
    staging: Path | None = None
    try:
        staging = store.scratch.new_dir("import-")  # private, and swept if this process dies
        result = _import(store, path, staging, dry_run, progress, cancelled)
    except BundleRejected as refused:
        log.info("refused bundle %s: %s", path.name, refused)
        raise
    except Exception as exc:
        rejection = storage_rejection(exc, store.data_dir, "nothing was imported")
        if rejection is None:
            raise
        raise rejection from exc
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    _log_import(path, result)
    return result


def _log_import(path: Path, result: ImportResult) -> None:
    """What support needs to follow a device's sync (ids and counts; no names)."""
    state = (
        "preview" if result.dry_run else "already imported" if result.already_imported else "done"
    )
    log.info(
        "imported %s bundle %s (%s #%d from device %s, %s): %d of %d versions new, "
        "%d attachments, %d warnings",
        result.kind,
        path.name,
        result.bundle_id,
        result.sequence,
        result.source.device_id,
        state,
        result.versions_added,
        result.versions_in_bundle,
        result.attachments_added,
        len(result.warnings),
    )


def _import(
    store: Store,
    path: Path,
    staging: Path,
    dry_run: bool,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> ImportResult:
    with store.read() as session:
        me = read_device(session)
        if me is None:
            raise BundleRejected(
                RejectCode.NOT_INITIALISED, "this store has no device yet: run `icati init` first"
            )
        limits = sync_limits(session)
    identity = load_age_identity_if_any(store.keys_dir, store.passphrase)
    with open_bundle(path, staging, limits, identity) as opened:
        manifest = opened.manifest
        now = _now(store)
        with store.read() as session:
            signer = verify_signer(session, me, opened)
            try:
                _check_static(me, manifest, opened, signer, now, limits)
            except BundleRejected as exc:
                if exc.code is RejectCode.CLOCK_AHEAD and not dry_run:
                    kept = _quarantine(store, path, manifest)
                    raise BundleRejected(
                        exc.code, f"{exc.message} (a copy is kept in {kept})"
                    ) from None
                raise
            already = _check_placement(session, opened, signer)
            warnings = _warnings(me, opened, session, now, limits)
            origins = hq_origins(session, me) | {CONTENT_ORIGIN}
        result = ImportResult(
            bundle_id=str(manifest.bundle_id),
            kind=manifest.kind,
            source=SourceSummary(
                device_id=signer.device_id,
                name=signer.name,
                role=signer.role,
                fingerprint=signer.fingerprint,
            ),
            sequence=manifest.sequence,
            created_at=manifest.created_at,
            dry_run=dry_run,
            already_imported=already,
            versions_in_bundle=sum(manifest.counts.values()),
            versions_added=0,
            changes={},
            attachments_added=0,
            warnings=warnings,
        )
        if already:
            return result
        if not dry_run:
            try:
                take_daily_backup(store)
            except BackupError as exc:
                warnings.append(f"today's backup could not be made ({exc})")
                result = result.model_copy(update={"warnings": warnings})
        in_bundle = frozenset(f.sha256 for f in manifest.files if f.kind == "blob")
        policy = MergePolicy(
            manifest.kind,
            signer.device_id,
            frozenset(origins),
            has_attachment=lambda sha256: sha256 in in_bundle or store.blobs.has(sha256),
        )
        staged = _stage_blobs(opened, staging)
        _verify_versions_files(opened)
        try:
            with store.write() as tx:
                if _check_placement(tx.session, opened, signer):
                    return result.model_copy(update={"already_imported": True})
                stats = merge_versions(tx.session, opened, limits, policy, progress, cancelled)
                removal = _after_merge(tx.session, me, opened, stats, store)
                if stats.scrubbed_meetings:  # an erasure reached meetings (attendee_erasure)
                    anonymise_meetings(tx, store, stats.scrubbed_meetings)
                new_blobs = [(sha, p) for sha, p in staged if not store.blobs.has(sha)]
                result = result.model_copy(
                    update={
                        "versions_added": stats.versions_added,
                        "changes": stats.changes(),
                        "attachments_added": len(new_blobs),
                        "records_removed": removal.removed,
                        "removal_waiting": removal.waiting,
                    }
                )
                if dry_run:
                    raise _DryRunRollback()
                log_bundle(
                    tx.session,
                    BundleLogEntry(
                        bundle_id=str(manifest.bundle_id),
                        direction="import",
                        kind=manifest.kind.value,
                        source_device_id=signer.device_id,
                        source_name=signer.name,
                        sequence=manifest.sequence,
                        created_at=manifest.created_at.isoformat(),
                        processed_at=now_text(),
                        file_name=path.name,
                        summary={
                            "versions": result.versions_in_bundle,
                            "added": stats.versions_added,
                            "changes": result.changes,
                            "warnings": warnings,
                            "removed": removal.removed,
                            "removal_waiting": removal.waiting,
                        },
                    ),
                    opened.manifest_sha256,
                )
                tx.note_changes({k: set() for k in [*result.changes, *removal.removed]})
                for sha, staged_path in new_blobs:
                    with staged_path.open("rb") as stream:
                        store.blobs.put_stream(stream, expected_sha256=sha)
        except _DryRunRollback:
            return result
    if removal.blobs:
        drop_unreferenced_blobs(store, removal.blobs)
    analyze_grown_tables(store)  # PostgreSQL: plans that keep using the indexes as it grows
    return result
