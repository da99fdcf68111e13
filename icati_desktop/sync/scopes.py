"""HQ decides which countries each enrolled device works on, and asks for removals.

A device's scope is an HQ-owned ``device_scope`` record (one per device) and each removal
request a ``data_removal`` record: both are versions, so they have a history, reach a
second HQ device like any HQ record, and travel to the device they name in its central
bundle. Enrolling a field device at HQ sets its scope in the same transaction as the
trust, from the countries its card proposes once a person confirmed them.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import uuid4

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from icati_desktop.domain.device_scopes import DataRemoval, DeviceScope, device_scope_record_id
from icati_desktop.store.device import Role, require_device
from icati_desktop.store.records import edit_parents, write_version
from icati_desktop.store.scopes import known_country_codes, read_scope, read_scopes
from icati_desktop.store.store import Store, WriteTransaction
from icati_desktop.store.tables.core import RecordRow
from icati_desktop.store.tables.sync_state import TrustedDeviceRow
from icati_desktop.sync.cards import SignedCard
from icati_desktop.sync.trust import (
    TrustedDevice,
    TrustError,
    find_trusted,
    lookup_signer,
    trust_card_in,
)

ALL = "all"


class ScopeError(ValueError):
    """A scope HQ cannot set; the message is one line that says what to do."""


class ScopeChoice(BaseModel):
    """Countries as a person chooses them: a list of alpha-3 codes, or all of them."""

    model_config = ConfigDict(frozen=True)

    all_countries: bool = False
    countries: tuple[str, ...] = ()

    @classmethod
    def of(cls, countries: Iterable[str]) -> ScopeChoice:
        return cls(countries=tuple(sorted({c.strip().upper() for c in countries if c.strip()})))

    @classmethod
    def everything(cls) -> ScopeChoice:
        return cls(all_countries=True)

    @classmethod
    def parse(cls, text: str) -> ScopeChoice:
        """``all``, or codes separated by commas (``KEN,UGA``); an empty text is no country."""
        if text.strip().casefold() == ALL:
            return cls.everything()
        return cls.of(text.replace(";", ",").split(","))

    def covers(self, country: str) -> bool:
        return self.all_countries or country in self.countries

    def describe(self) -> str:
        if self.all_countries:
            return "all countries"
        return ", ".join(self.countries) if self.countries else "no country"


class ScopeChange(BaseModel):
    """What :func:`set_scope` did."""

    device_id: str
    name: str
    all_countries: bool
    countries: list[str]
    removal: list[str]
    """Countries whose records the device was asked to remove (empty: no request)."""
    changed: bool
    """False when the scope was already this and nothing was asked."""


def choice_of(scope: DeviceScope | None) -> ScopeChoice:
    if scope is None:
        return ScopeChoice()
    return ScopeChoice(all_countries=scope.all_countries, countries=tuple(scope.countries))


def _check_codes(session: Session, codes: Iterable[str]) -> None:
    known = known_country_codes(session)
    unknown = sorted(set(codes) - known)
    if unknown:
        what = "is not a country code" if len(unknown) == 1 else "are not country codes"
        raise ScopeError(
            f"{', '.join(unknown[:5])} {what} this store knows: use ISO alpha-3 codes "
            "such as KEN or UGA, or `all`"
        )


def _target(session: Session, row: TrustedDeviceRow) -> None:
    if require_device(session).role is not Role.HQ:
        raise ScopeError("only the central office (HQ) decides which countries a device works on")
    if row.revoked_at is not None:
        raise ScopeError(f"{row.name!r} was revoked: a revoked device receives nothing")
    if row.role != Role.FIELD.value:
        raise ScopeError(
            f"{row.name!r} is a central office: it holds every country's records already"
        )


def _write(
    tx: WriteTransaction,
    store: Store,
    row: TrustedDeviceRow,
    choice: ScopeChoice,
    remove: Iterable[str],
) -> ScopeChange:
    session = tx.session
    _target(session, row)
    wanted = sorted(set(remove))
    _check_codes(session, [*choice.countries, *wanted])
    overlap = [c for c in wanted if choice.covers(c)]
    if overlap:
        raise ScopeError(
            f"{', '.join(overlap)}: the device still works on "
            f"{'it' if len(overlap) == 1 else 'them'}; take "
            f"{'it' if len(overlap) == 1 else 'them'} out of its countries before asking "
            "for removal"
        )
    current = read_scope(session, row.device_id)
    payload = DeviceScope(
        device_id=row.device_id,
        all_countries=choice.all_countries,
        countries=[] if choice.all_countries else list(choice.countries),
    )
    changed = current != payload
    if changed:
        record_id = str(device_scope_record_id(row.device_id))
        state = session.get(RecordRow, record_id)
        write_version(  # on top of what it shows, as any edit (store.records.edit_parents)
            tx,
            store,
            record_type=DeviceScope.record_type,
            record_id=record_id,
            parents=[] if state is None else edit_parents(session, state),
            payload=payload,
        )
    if wanted:
        write_version(
            tx,
            store,
            record_type=DataRemoval.record_type,
            record_id=str(uuid4()),
            parents=[],
            payload=DataRemoval(device_id=row.device_id, countries=wanted),
        )
    return ScopeChange(
        device_id=row.device_id,
        name=row.name,
        all_countries=payload.all_countries,
        countries=list(payload.countries),
        removal=wanted,
        changed=changed or bool(wanted),
    )


def set_scope(
    store: Store,
    device: str,
    choice: ScopeChoice | None = None,
    *,
    remove: Iterable[str] = (),
    remove_lost: bool = False,
) -> ScopeChange:
    """Set the countries of an enrolled field device and/or ask it to remove some.

    ``device`` is a device id, a unique id prefix or the device's name. ``choice`` None
    keeps the countries as they are. ``remove_lost`` asks the device to remove the records
    of every country it loses here (all the others when it had every country); ``remove``
    names countries outside its scope whose records it must remove.
    """
    with store.write() as tx:
        session = tx.session
        row = find_trusted(session, device)
        _target(session, row)
        current = choice_of(read_scope(session, row.device_id))
        new = current if choice is None else choice
        wanted = {c.strip().upper() for c in remove if c.strip()}
        if remove_lost and not new.all_countries:
            old = known_country_codes(session) if current.all_countries else set(current.countries)
            wanted |= old - set(new.countries)
        return _write(tx, store, row, new, wanted)


def enrol(store: Store, signed: SignedCard, choice: ScopeChoice | None) -> TrustedDevice:
    """Trust a card and, at HQ for a field device, set its countries: one transaction.

    At HQ a new field device's countries must be given (``choice``; None keeps those of a
    device enrolled before); elsewhere, or for another HQ's card, ``choice`` must be None.
    """
    with store.write() as tx:
        session = tx.session
        me = require_device(session)
        is_field_card = signed.card.role == Role.FIELD.value
        known = session.get(TrustedDeviceRow, signed.card.device_id) is not None
        if me.role is Role.HQ and is_field_card and choice is None and not known:
            proposed = ",".join(signed.card.countries) or "KEN,UGA"
            raise ScopeError(
                "say which countries this device works on: --countries "
                f"{proposed}{' (as its card proposes)' if signed.card.countries else ''}, "
                "or --countries all"
            )
        if choice is not None and not (me.role is Role.HQ and is_field_card):
            raise ScopeError("countries are set only when HQ enrols a field device")
        row = trust_card_in(session, signed)
        if choice is not None:
            _write(tx, store, row, choice, ())
        device = lookup_signer(session, row.device_id)
    assert device is not None
    return device


def scopes(store: Store) -> dict[str, DeviceScope]:
    """Device id → the countries HQ set for it."""
    with store.read() as session:
        return read_scopes(session)


__all__ = [
    "ALL",
    "ScopeChange",
    "ScopeChoice",
    "ScopeError",
    "TrustError",
    "choice_of",
    "enrol",
    "scopes",
    "set_scope",
]
