"""Who signed a bundle, and may they? (signature, trust, revocation, role)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.store.device import DeviceInfo, Role
from icati_desktop.store.tables.sync_state import TrustedDeviceRow
from icati_desktop.sync.bundle_file import OpenedBundle
from icati_desktop.sync.cards import fingerprint
from icati_desktop.sync.errors import BundleRejected, RejectCode
from icati_desktop.sync.manifest import BundleKind


@dataclass(frozen=True)
class SignerInfo:
    device_id: str
    name: str
    role: str
    fingerprint: str


def _key_bytes(text: str) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise BundleRejected(
            RejectCode.MALFORMED_MANIFEST, "the signer's key is not an Ed25519 key"
        )
    return raw


def verify_signer(session: Session, me: DeviceInfo, opened: OpenedBundle) -> SignerInfo:
    source = opened.manifest.source
    if source.device_id == me.device_id:
        raise BundleRejected(
            RejectCode.OWN_BUNDLE, "this bundle was exported by this very device; nothing to import"
        )
    trusted = session.get(TrustedDeviceRow, source.device_id)
    if trusted is None:
        raise BundleRejected(
            RejectCode.UNKNOWN_SIGNER,
            f"this bundle is signed by {source.name[:60]!r} ({source.device_id}), a device this "
            "store does not trust: add its identity card with `icati trust add` after comparing "
            "its fingerprint",
        )
    if trusted.revoked_at is not None:
        raise BundleRejected(
            RejectCode.REVOKED_SIGNER,
            f"this bundle is signed by {trusted.name!r}, whose key was revoked on "
            f"{trusted.revoked_at[:10]}; nothing was imported",
        )
    claimed = _key_bytes(source.signing_key)
    known = _key_bytes(trusted.signing_key)
    if claimed != known:
        raise BundleRejected(
            RejectCode.SIGNER_MISMATCH,
            f"this bundle claims to come from {trusted.name!r} but names a different key; "
            "it is a forgery or the device was re-installed — nothing was imported",
        )
    try:
        Ed25519PublicKey.from_public_bytes(known).verify(opened.signature, opened.manifest_bytes)
    except InvalidSignature:
        raise BundleRejected(
            RejectCode.BAD_SIGNATURE,
            "the bundle's signature does not match its content: it was altered after it was "
            "made — ask the sender for a new copy",
        ) from None
    expected_role = "hq" if opened.manifest.kind is BundleKind.CENTRAL else "field"
    if trusted.role != expected_role or source.role != expected_role:
        raise BundleRejected(
            RejectCode.SIGNER_MISMATCH,
            f"a {opened.manifest.kind.value} bundle must be signed by a {expected_role} device, "
            f"but {trusted.name!r} is a {trusted.role} device",
        )
    return SignerInfo(trusted.device_id, trusted.name, trusted.role, fingerprint(known))


def hq_origins(session: Session, me: DeviceInfo) -> set[str]:
    """Devices whose versions of HQ-owned types are legitimate: the trusted HQ devices."""
    ids = set(
        session.scalars(select(TrustedDeviceRow.device_id).where(TrustedDeviceRow.role == "hq"))
    )
    if me.role is Role.HQ:
        ids.add(me.device_id)
    return ids
