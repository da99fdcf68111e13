"""A small sync network for tests: an HQ and enrolled field devices exchanging bundles."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from icati_desktop.domain.scope_rules import ADDRESSED_TYPES
from icati_desktop.store.device import Role, require_device
from icati_desktop.store.integrity import state_digest
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import VersionRow
from icati_desktop.sync.central_scope import CentralTarget
from icati_desktop.sync.exporter import ExportResult, export_bundle
from icati_desktop.sync.identity import load_device_keys
from icati_desktop.sync.importer import ImportResult, import_bundle
from icati_desktop.sync.scopes import ScopeChoice
from icati_desktop.sync.scopes import enrol as enrol_with_scope
from icati_desktop.sync.trust import own_card, trust_card


def card_of(store: Store):  # type: ignore[no-untyped-def]
    return own_card(store, load_device_keys(store.data_dir / "keys"))


def device_id(store: Store) -> str:
    with store.read() as session:
        return require_device(session).device_id


def enrol(hq: Store, device: Store, countries: str = "all") -> None:
    """What people do once: HQ trusts the device's card and confirms the countries it works
    on (every country unless told), the device trusts HQ's card."""
    enrol_with_scope(hq, card_of(device), ScopeChoice.parse(countries))
    trust_card(device, card_of(hq))


@dataclass
class Network:
    hq: Store
    fields: list[Store]
    outbox: Path
    _names: itertools.count = field(default_factory=itertools.count)  # type: ignore[type-arg]

    def export(
        self, store: Store, for_device: Store | None = None, *, content_only: bool = False
    ) -> Path:
        """A field device's bundle, or HQ's bundle for ``for_device`` (or content only)."""
        path = self.outbox / f"bundle-{next(self._names)}.icati"
        central = None
        if for_device is not None:
            central = CentralTarget.for_device(device_id(for_device))
        elif content_only:
            central = CentralTarget.content_only()
        result: ExportResult = export_bundle(store, path, central=central)
        assert Path(result.path) == path.resolve()
        return path

    def deliver(self, bundle: Path, store: Store, **kwargs: object) -> ImportResult:
        return import_bundle(store, bundle, **kwargs)  # type: ignore[arg-type]

    def round_trip(self) -> None:
        """Every field device sends to HQ, then HQ makes each device its central bundle."""
        for device in self.fields:
            self.deliver(self.export(device), self.hq)
        for device in self.fields:
            self.deliver(self.export(self.hq, device), device)

    def digests(self) -> list[str]:
        """Each store's state digest, HQ first. With more than one field device, the digest
        of what they all share: every version except the scope records and removal requests
        addressed to one device (each device holds only its own; HQ holds them all)."""
        out = []
        for store in [self.hq, *self.fields]:
            with store.read() as session:
                if len(self.fields) <= 1:
                    out.append(state_digest(session))
                    continue
                ids = session.scalars(
                    select(VersionRow.version_id)
                    .where(VersionRow.record_type.not_in(sorted(ADDRESSED_TYPES)))
                    .order_by(VersionRow.version_id)
                ).all()
                out.append(hashlib.sha256("\n".join(ids).encode()).hexdigest())
        return out


__all__ = ["Network", "Role", "card_of", "device_id", "enrol"]
