"""Set a new device up from its HQ's central bundle: show HQ's fingerprint, then trust and import.

A central bundle's manifest lists HQ's own signed identity card first. A new device
cannot check the bundle against a trusted key yet, so it reads that card, checks that
the card is genuine (self-signed, id derived from its key) and that the very same key
signed the manifest, and shows the card's fingerprint. The person compares it with the
fingerprint HQ gives them (by phone, on paper) and only then is the card trusted and
the bundle imported — the full import checks apply as for any other bundle.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from uuid import uuid4

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import BaseModel, ConfigDict

from icati_desktop.store.store import Store
from icati_desktop.sync.bundle_file import OpenedBundle, open_bundle
from icati_desktop.sync.cards import CardError, SignedCard, parse_card
from icati_desktop.sync.errors import BundleRejected, RejectCode
from icati_desktop.sync.identity import load_age_identity_if_any
from icati_desktop.sync.importer import ImportResult, import_bundle
from icati_desktop.sync.limits import sync_limits
from icati_desktop.sync.manifest import BundleKind
from icati_desktop.sync.trust import lookup_signer, trust_card, untrust_new

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class BootstrapInfo(BaseModel):
    """What a central bundle says about the HQ that made it, after the checks above."""

    model_config = ConfigDict(frozen=True)

    hq_name: str
    device_id: str
    fingerprint: str
    card: SignedCard
    created_at: datetime
    sequence: int
    versions: int
    """How many versions the bundle carries."""
    counts: dict[str, int]
    """Versions per record type."""
    enrolled_devices: int
    """Devices HQ lists besides itself."""


def _hq_card(opened: OpenedBundle) -> SignedCard:
    manifest = opened.manifest
    if manifest.kind is not BundleKind.CENTRAL or manifest.source.role != "hq":
        raise BundleRejected(
            RejectCode.NOT_CENTRAL,
            f"this is a {manifest.kind.value} bundle from {manifest.source.name[:60]!r}, not a "
            "central bundle from HQ: ask your central office for its central bundle",
        )
    source_id = manifest.source.device_id
    entry = next((c for c in manifest.enrolled if _card_device_id(c) == source_id), None)
    if entry is None:
        raise BundleRejected(
            RejectCode.NO_HQ_CARD,
            "this central bundle does not carry HQ's identity card (it was made by an older "
            "version of ICATI Desktop): ask HQ to export a new one",
        )
    try:
        card = parse_card(entry)
    except CardError as exc:
        raise BundleRejected(
            RejectCode.MALFORMED_MANIFEST, f"HQ's identity card in this bundle is invalid ({exc})"
        ) from exc
    if card.card.role != "hq" or card.card.signing_key != manifest.source.signing_key:
        raise BundleRejected(
            RejectCode.SIGNER_MISMATCH,
            "the identity card in this bundle does not match the key that claims to have "
            "signed it: it is a forgery or damaged — ask HQ for a new copy",
        )
    try:
        Ed25519PublicKey.from_public_bytes(card.card.signing_key_bytes).verify(
            opened.signature, opened.manifest_bytes
        )
    except InvalidSignature:
        raise BundleRejected(
            RejectCode.BAD_SIGNATURE,
            "the bundle's signature does not match its content: it was altered after HQ made "
            "it — ask HQ for a new copy",
        ) from None
    return card


def _card_device_id(entry: dict[str, object]) -> object:
    card = entry.get("card")
    return card.get("device_id") if isinstance(card, dict) else None


def read_central_card(store: Store, path: Path) -> BootstrapInfo:
    """Open a central bundle and return its HQ's verified card; nothing is written.

    Works on a store with no device yet. Raises :class:`BundleRejected` when the file is
    not a central bundle, carries no HQ card, or its signature does not verify with it.
    """
    with store.read() as session:
        limits = sync_limits(session)
    identity = load_age_identity_if_any(store.keys_dir, store.passphrase)
    staging = store.data_dir / "staging" / uuid4().hex
    try:
        with open_bundle(path.expanduser().resolve(), staging, limits, identity) as opened:
            card = _hq_card(opened)
            manifest = opened.manifest
            return BootstrapInfo(
                hq_name=card.card.name,
                device_id=card.device_id,
                fingerprint=card.fingerprint,
                card=card,
                created_at=manifest.created_at,
                sequence=manifest.sequence,
                versions=sum(manifest.counts.values()),
                counts=dict(manifest.counts),
                enrolled_devices=len(manifest.enrolled) - 1,
            )
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _same_fingerprint(shown: str, expected: str) -> bool:
    def norm(text: str) -> str:
        return "".join(text.split()).replace("-", "").upper()

    return norm(shown) == norm(expected)


def trust_and_import(
    store: Store,
    path: Path,
    expected_fingerprint: str,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """Trust the bundle's HQ (whose fingerprint the person confirmed) and import the bundle.

    The card is read again, so a file swapped since the person looked is refused. If the
    import is refused, a trust entry made here is removed again (:func:`untrust_new`):
    the store is left as it was. A HQ trusted before the call stays trusted.
    """
    info = read_central_card(store, path)
    if not _same_fingerprint(info.fingerprint, expected_fingerprint):
        raise BundleRejected(
            RejectCode.FINGERPRINT_CHANGED,
            f"this bundle is signed by fingerprint {info.fingerprint}, not the "
            f"{expected_fingerprint} you confirmed: the file changed — nothing was trusted",
        )
    with store.read() as session:
        trusted_before = lookup_signer(session, info.device_id) is not None
    trust_card(store, info.card)
    try:
        return import_bundle(store, path, progress=progress, cancelled=cancelled)
    except BaseException:
        if not trusted_before:
            untrust_new(store, info.device_id)
        raise
