"""Look inside a bundle without importing it: manifest, signer, verification, counts."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from uuid import uuid4

from pydantic import BaseModel

from icati_desktop.store.device import read_device
from icati_desktop.store.store import Store
from icati_desktop.sync.bundle_file import open_bundle
from icati_desktop.sync.errors import BundleRejected, RejectCode
from icati_desktop.sync.identity import load_age_identity_if_any
from icati_desktop.sync.limits import sync_limits
from icati_desktop.sync.manifest import BundleKind
from icati_desktop.sync.signer import verify_signer


class Verification(BaseModel):
    ok: bool
    code: str | None = None
    message: str


class BundleInspection(BaseModel):
    file: str
    size: int
    encrypted: bool
    bundle_id: str
    kind: BundleKind
    signer_device_id: str
    signer_name: str
    signer_role: str
    sequence: int
    created_at: datetime
    expires_at: datetime
    schema_version: int
    app_version: str
    versions: int
    counts: dict[str, int]
    attachments: int
    acknowledged_devices: int
    enrolled_devices: int
    revoked_devices: int
    verification: Verification

    def as_text(self) -> str:
        lines = [
            f"{self.kind.value} bundle {self.bundle_id} (number {self.sequence})",
            f"from {self.signer_name} ({self.signer_role}, {self.signer_device_id})",
            f"made {self.created_at:%Y-%m-%d %H:%M} UTC, expires {self.expires_at:%Y-%m-%d}",
            f"{self.versions} versions, {self.attachments} attachments"
            + (", encrypted" if self.encrypted else ""),
        ]
        lines += [f"  {kind}: {n}" for kind, n in sorted(self.counts.items())]
        state = "verified" if self.verification.ok else f"NOT verified ({self.verification.code})"
        lines.append(f"signature: {state} — {self.verification.message}")
        return "\n".join(lines)


def inspect_bundle(store: Store, path: Path) -> BundleInspection:
    path = path.expanduser().resolve()
    staging = store.data_dir / "staging" / uuid4().hex
    try:
        with store.read() as session:
            me = read_device(session)
            limits = sync_limits(session)
        identity = load_age_identity_if_any(store.keys_dir, store.passphrase)
        with open_bundle(path, staging, limits, identity) as opened:
            manifest = opened.manifest
            try:
                if me is None:
                    raise BundleRejected(RejectCode.NOT_INITIALISED, "this store has no device")
                with store.read() as session:
                    signer = verify_signer(session, me, opened)
                verification = Verification(
                    ok=True, message=f"signed by {signer.name}, fingerprint {signer.fingerprint}"
                )
            except BundleRejected as exc:
                verification = Verification(ok=False, code=exc.code.value, message=exc.message)
            return BundleInspection(
                file=str(path),
                size=path.stat().st_size,
                encrypted=opened.encrypted,
                bundle_id=str(manifest.bundle_id),
                kind=manifest.kind,
                signer_device_id=manifest.source.device_id,
                signer_name=manifest.source.name,
                signer_role=manifest.source.role,
                sequence=manifest.sequence,
                created_at=manifest.created_at,
                expires_at=manifest.expires_at,
                schema_version=manifest.schema_version,
                app_version=manifest.app_version,
                versions=sum(manifest.counts.values()),
                counts=dict(manifest.counts),
                attachments=sum(1 for f in manifest.files if f.kind == "blob"),
                acknowledged_devices=len(manifest.acks),
                enrolled_devices=len(manifest.enrolled),
                revoked_devices=len(manifest.revoked),
                verification=verification,
            )
    finally:
        shutil.rmtree(staging, ignore_errors=True)
