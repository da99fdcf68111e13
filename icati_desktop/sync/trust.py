"""Which devices this store trusts: enrolment, the HQ link, revocation.

Rules:

* a device never trusts its own card;
* a field device trusts HQ devices only (field devices exchange through HQ), and at
  most one at a time: another HQ is refused until the first is revoked;
* HQ trusts field cards (that is enrolment) and may trust other HQ devices;
* adding a card already trusted is a no-op (a renamed card of the same key updates the
  name); a card with a known device id but other keys or another role is refused;
* revoked devices stay revoked: a new identity is the only way back.

Entries come from a person here (source ``local``) or from HQ's central bundle (source
``central``); central entries never override local ones, but HQ's revocations apply.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.store.device import Role, require_device
from icati_desktop.store.preferences import COUNTRIES_OF_INTEREST
from icati_desktop.store.settings import get_setting
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import VersionRow
from icati_desktop.store.tables.sync_state import (
    BundleLogRow,
    SyncSourceRow,
    TrustedDeviceRow,
)
from icati_desktop.sync.cards import (
    CardError,
    SignedCard,
    decode_signing_key,
    make_card,
    parse_card,
)
from icati_desktop.sync.cards import fingerprint as key_fingerprint
from icati_desktop.sync.identity import DeviceKeys

_ALPHA3 = re.compile(r"^[A-Z]{3}$")
LOCAL = "local"
CENTRAL = "central"


class TrustError(ValueError):
    """A trust change that the rules refuse; the message says why and what to do."""


class TrustedDevice(BaseModel):
    device_id: str
    role: Literal["field", "hq"]
    name: str
    fingerprint: str
    signing_key: str
    """Ed25519 public key, base64 of the 32 raw bytes."""
    age_recipient: str
    source: Literal["local", "central"]
    added_at: str
    revoked_at: str | None
    proposed_countries: list[str] = []
    """The countries the device's card proposes (ISO alpha-3): what its user works on."""

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def signing_key_bytes(self) -> bytes:
        return decode_signing_key(self.signing_key)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _model(row: TrustedDeviceRow) -> TrustedDevice:
    return TrustedDevice.model_validate(
        {
            "device_id": row.device_id,
            "role": row.role,
            "name": row.name,
            "fingerprint": key_fingerprint(decode_signing_key(row.signing_key)),
            "signing_key": row.signing_key,
            "age_recipient": row.age_recipient,
            "source": row.source,
            "added_at": row.added_at,
            "revoked_at": row.revoked_at,
            "proposed_countries": _proposed(row.card),
        }
    )


def _proposed(card_json: str) -> list[str]:
    try:
        card = json.loads(card_json).get("card", {})
    except (ValueError, AttributeError):
        return []
    countries = card.get("countries") if isinstance(card, dict) else None
    return [str(c) for c in countries] if isinstance(countries, list) else []


def _new_row(signed: SignedCard, source: str) -> TrustedDeviceRow:
    card = signed.card
    return TrustedDeviceRow(
        device_id=card.device_id,
        role=card.role,
        name=card.name,
        signing_key=card.signing_key,
        age_recipient=card.age_recipient,
        card=signed.to_json(),
        source=source,
        added_at=_now(),
        revoked_at=None,
    )


def _label(row: TrustedDeviceRow) -> str:
    return f"{row.name!r} ({row.device_id})"


def _check_same_device(row: TrustedDeviceRow, signed: SignedCard) -> None:
    card = signed.card
    if row.revoked_at is not None:
        raise TrustError(
            f"device {_label(row)} was revoked on {row.revoked_at}; revoked devices stay "
            "revoked; ask for a new device identity"
        )
    if row.signing_key != card.signing_key or row.age_recipient != card.age_recipient:
        raise TrustError(
            f"this device already trusts {_label(row)} with other keys; "
            "revoke it and ask for a new device identity"
        )
    if row.role != card.role:
        raise TrustError(
            f"this device trusts {_label(row)} as a {row.role} device, but the card says "
            f"{card.role}; a device keeps its role: ask for a new device identity"
        )


def _local_hq(session: Session, exclude: str | None = None) -> TrustedDeviceRow | None:
    query = (
        select(TrustedDeviceRow)
        .where(
            TrustedDeviceRow.role == Role.HQ.value,
            TrustedDeviceRow.source == LOCAL,
            TrustedDeviceRow.revoked_at.is_(None),
        )
        .order_by(TrustedDeviceRow.added_at, TrustedDeviceRow.device_id)
    )
    for row in session.scalars(query):
        if row.device_id != exclude:
            return row
    return None


def _check_role_rules(session: Session, own_role: Role, signed: SignedCard) -> None:
    card = signed.card
    if own_role is Role.FIELD:
        if card.role != Role.HQ.value:
            raise TrustError(
                f"{card.name!r} is a field device; a field device trusts only its central "
                "office (HQ) and exchanges with other field devices through it"
            )
        current = _local_hq(session, exclude=card.device_id)
        if current is not None:
            raise TrustError(
                f"this field device already trusts HQ {_label(current)}; a field device has "
                f"one HQ: revoke it first (`icati trust revoke {current.device_id}`)"
            )


def trust_card(store: Store, signed: SignedCard) -> TrustedDevice:
    """Trust a verified card here (by a person), following the rules above."""
    with store.write() as tx:
        return _model(trust_card_in(tx.session, signed))


def trust_card_in(session: Session, signed: SignedCard) -> TrustedDeviceRow:
    """:func:`trust_card` inside the caller's write transaction (enrolment with a scope)."""
    try:
        signed.verify()
    except CardError as exc:
        raise TrustError(str(exc)) from exc
    card = signed.card
    device = require_device(session)
    if card.device_id == device.device_id:
        raise TrustError("this is this device's own identity card; a device never trusts itself")
    row = session.get(TrustedDeviceRow, card.device_id)
    if row is not None:
        _check_same_device(row, signed)
    _check_role_rules(session, device.role, signed)
    if row is None:
        row = _new_row(signed, LOCAL)
        session.add(row)
    else:
        # A person vouching for a card HQ listed makes it local; a rename refreshes it.
        row.source = LOCAL
        row.name = card.name
        row.card = signed.to_json()
    session.flush()
    return row


def list_trusted(store: Store) -> list[TrustedDevice]:
    """Every trusted (or revoked) device, HQ first, then by name."""
    with store.read() as session:
        rows = session.scalars(select(TrustedDeviceRow)).all()
        return sorted(
            (_model(row) for row in rows),
            key=lambda d: (d.role != Role.HQ.value, d.name.casefold(), d.device_id),
        )


def find_trusted(session: Session, reference: str) -> TrustedDeviceRow:
    """A trusted (or revoked) device by its id, a unique id prefix of at least 8
    characters, or its name (ignoring case) when no other device has that name."""
    wanted = reference.strip().lower()
    row = session.get(TrustedDeviceRow, wanted)
    if row is not None:
        return row
    if len(wanted) >= 8:
        matches = session.scalars(
            select(TrustedDeviceRow).where(TrustedDeviceRow.device_id.startswith(wanted))
        ).all()
        if len(matches) == 1:
            return matches[0]
    named = [
        r
        for r in session.scalars(select(TrustedDeviceRow).order_by(TrustedDeviceRow.device_id))
        if r.name.casefold() == reference.strip().casefold()
    ]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        ids = ", ".join(r.device_id[:8] for r in named)
        raise TrustError(
            f"{len(named)} devices are named {reference.strip()!r} ({ids}): "
            "give the device id instead (see `icati trust list`)"
        )
    raise TrustError(f"no trusted device {reference!r} here: see `icati trust list`")


def revoke(store: Store, device_id: str) -> TrustedDevice:
    """Stop accepting a device's bundles, for good. Revoking twice keeps the first date.

    ``device_id`` may be a unique prefix of at least 8 characters, or the device's name.
    """
    with store.write() as tx:
        row = find_trusted(tx.session, device_id)
        if row.revoked_at is None:
            row.revoked_at = _now()
        tx.session.flush()
        return _model(row)


def untrust_new(store: Store, device_id: str) -> bool:
    """Forget a device trusted here moments ago, before anything came from it.

    Only for undoing a trust that a failed first import made (see
    :func:`icati_desktop.sync.bootstrap.trust_and_import`): the entry must be local, not
    revoked, and nothing from that device may be here yet (no bundle in the history, no
    sequence recorded, no version it wrote). Anything else keeps its trust entry — use
    :func:`revoke`, which is permanent. Returns False if the device was not trusted.
    """
    with store.write() as tx:
        session = tx.session
        row = session.get(TrustedDeviceRow, device_id)
        if row is None:
            return False
        if row.source != LOCAL or row.revoked_at is not None:
            raise TrustError(f"device {_label(row)} was not just trusted here; revoke it instead")
        used = (
            session.scalar(
                select(BundleLogRow.bundle_id).where(BundleLogRow.source_device_id == device_id)
            )
            or session.get(SyncSourceRow, device_id)
            or session.scalar(select(VersionRow.seq).where(VersionRow.origin == device_id))
        )
        if used is not None:
            raise TrustError(f"data from device {_label(row)} is already here; revoke it instead")
        session.delete(row)
        session.flush()
        return True


def lookup_signer(session: Session, device_id: str) -> TrustedDevice | None:
    """The trust entry of a bundle's signer (check ``revoked`` before using its key)."""
    row = session.get(TrustedDeviceRow, device_id)
    return None if row is None else _model(row)


def trusted_hq(session: Session) -> TrustedDevice | None:
    """The HQ this device sends its bundles to: the HQ a person trusted here, not revoked."""
    row = _local_hq(session)
    return None if row is None else _model(row)


def enrolled_cards(session: Session) -> list[SignedCard]:
    """The cards of every device trusted and not revoked, as HQ publishes them."""
    rows = session.scalars(
        select(TrustedDeviceRow)
        .where(TrustedDeviceRow.revoked_at.is_(None))
        .order_by(TrustedDeviceRow.device_id)
    )
    return [SignedCard.model_validate_json(row.card) for row in rows]


def revoked_ids(session: Session) -> list[str]:
    return sorted(
        session.scalars(
            select(TrustedDeviceRow.device_id).where(TrustedDeviceRow.revoked_at.is_not(None))
        )
    )


def apply_central_trust(
    session: Session,
    enrolled: Sequence[SignedCard | Mapping[str, Any]],
    revoked: Sequence[str],
) -> None:
    """Take HQ's enrolment list and revocations from an accepted central bundle.

    Runs in the import's write transaction. ``enrolled`` holds signed cards (or their
    JSON objects, as in a manifest). New cards are stored with source ``central``;
    entries already here (local or central) are left as they are; this device's own
    card is skipped; then every id HQ revoked is marked revoked here (ids this device
    never knew are ignored). An invalid card raises :class:`CardError`: the bundle is
    signed by HQ, so it means a broken or hostile bundle and the import must roll back.
    """
    own = require_device(session).device_id
    for item in enrolled:
        signed = item.verify() if isinstance(item, SignedCard) else parse_card(dict(item))
        known = session.get(TrustedDeviceRow, signed.device_id)
        if signed.device_id == own or known is not None:
            continue
        session.add(_new_row(signed, CENTRAL))
        session.flush()
    now = _now()
    for device_id in revoked:
        row = session.get(TrustedDeviceRow, device_id)
        if row is not None and row.revoked_at is None:
            row.revoked_at = now
    session.flush()


def own_card(store: Store, keys: DeviceKeys) -> SignedCard:
    """This device's signed card (the same bytes every time it is exported).

    A field device's card proposes the countries its user chose (first-run wizard) for HQ
    to confirm when it enrols the device.
    """
    with store.read() as session:
        device = require_device(session)
        proposed = get_setting(session, COUNTRIES_OF_INTEREST, [])
    if device.device_id != keys.device_id:
        raise TrustError(
            f"the keys in {store.data_dir / 'keys'} belong to device {keys.device_id}, "
            f"not to this store's device {device.device_id}: restore the matching keys folder"
        )
    created = datetime.fromisoformat(device.created_at)
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    countries: list[str] = []
    if device.role is Role.FIELD and isinstance(proposed, list):
        countries = [str(code) for code in proposed if _ALPHA3.match(str(code))]
    return make_card(keys, device.role.value, device.name, created, countries)
