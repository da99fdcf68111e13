"""Who a central bundle is for, and which versions it may carry.

HQ makes one central bundle per enrolled device, encrypted to that device: reference
content, the Atlas, what is addressed to the device, and the field records of its
countries (:mod:`icati_desktop.domain.scope_rules`). A *content-only* bundle, for a device
not enrolled yet, carries reference content and nothing else — no field record at all —
and is signed but not encrypted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import true
from sqlalchemy.orm import Session

from icati_desktop.domain.scope_rules import (
    ADDRESSED_TYPES,
    EVERY_DEVICE,
    addressed_to,
    reference_types,
    scoped_types,
)
from icati_desktop.store.device import Role
from icati_desktop.store.scope_index import entitled_ids
from icati_desktop.store.scopes import read_scope
from icati_desktop.store.tables.core import VersionRow
from icati_desktop.sync.scopes import ScopeChoice, choice_of
from icati_desktop.sync.trust import TrustError, find_trusted


@dataclass(frozen=True)
class CentralTarget:
    """What HQ is exporting: a bundle for one device (by id, id prefix or name), or
    content only (``device`` None)."""

    device: str | None

    @classmethod
    def content_only(cls) -> CentralTarget:
        return cls(None)

    @classmethod
    def for_device(cls, device: str) -> CentralTarget:
        return cls(device)


@dataclass(frozen=True)
class Recipient:
    device_id: str
    name: str
    age_recipient: str
    scope: ScopeChoice
    is_hq: bool = False
    """Another device of the central office: it gets everything, scopes and removals too."""


def resolve_recipient(session: Session, target: CentralTarget) -> Recipient | None:
    """The enrolled device a bundle is for (None for content only), or :class:`TrustError`."""
    if target.device is None:
        return None
    row = find_trusted(session, target.device)
    if row.revoked_at is not None:
        raise TrustError(
            f"{row.name!r} was revoked on {row.revoked_at}: HQ sends nothing to a revoked device"
        )
    scope = (
        ScopeChoice.everything()
        if row.role == Role.HQ.value
        else choice_of(read_scope(session, row.device_id))
    )
    return Recipient(
        row.device_id, row.name, row.age_recipient, scope, is_hq=row.role == Role.HQ.value
    )


def central_filter(recipient: Recipient | None, record_type: str) -> Any | None:
    """The condition on ``versions`` of one record type for what a central bundle for
    ``recipient`` (None: content only) carries; None when it carries no version of that type.

    One condition per type, so each query reads the ``(record_type, record_id, …)`` index
    (reference content) or looks up the entitled records one by one (scoped types): a
    bundle for one country costs what it carries, not what HQ holds.
    """
    if record_type in reference_types():
        return true()
    if recipient is None:
        return None
    if recipient.is_hq:
        return true()  # another central office device: everything HQ holds
    own = addressed_to(recipient.device_id)
    if record_type in ADDRESSED_TYPES:  # another device's scope or removal is not this one's
        return VersionRow.record_id.in_(entitled_ids([own]))
    if recipient.scope.all_countries:
        return true()  # every country's records, as HQ holds them
    if record_type not in scoped_types():
        return None
    codes = [*recipient.scope.countries, EVERY_DEVICE, own]
    return VersionRow.record_id.in_(entitled_ids(codes))
