"""A small sync network for tests: an HQ and enrolled field devices exchanging bundles."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

from icati_desktop.store.integrity import state_digest
from icati_desktop.store.store import Store
from icati_desktop.sync.exporter import ExportResult, export_bundle
from icati_desktop.sync.identity import load_device_keys
from icati_desktop.sync.importer import ImportResult, import_bundle
from icati_desktop.sync.trust import own_card, trust_card


def card_of(store: Store):  # type: ignore[no-untyped-def]
    return own_card(store, load_device_keys(store.data_dir / "keys"))


def enrol(hq: Store, device: Store) -> None:
    """What people do once: HQ trusts the device's card, the device trusts HQ's."""
    trust_card(hq, card_of(device))
    trust_card(device, card_of(hq))


@dataclass
class Network:
    hq: Store
    fields: list[Store]
    outbox: Path
    _names: itertools.count = field(default_factory=itertools.count)  # type: ignore[type-arg]

    def export(self, store: Store) -> Path:
        path = self.outbox / f"bundle-{next(self._names)}.icati"
        result: ExportResult = export_bundle(store, path)
        assert Path(result.path) == path.resolve()
        return path

    def deliver(self, bundle: Path, store: Store, **kwargs: object) -> ImportResult:
        return import_bundle(store, bundle, **kwargs)  # type: ignore[arg-type]

    def round_trip(self) -> None:
        """Every field device sends to HQ, then HQ's central bundle goes to every device."""
        for device in self.fields:
            self.deliver(self.export(device), self.hq)
        central = self.export(self.hq)
        for device in self.fields:
            self.deliver(central, device)

    def digests(self) -> list[str]:
        out = []
        for store in [self.hq, *self.fields]:
            with store.read() as session:
                out.append(state_digest(session))
        return out
