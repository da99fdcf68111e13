"""Field devices doing work fast: action items written straight through ``add_versions``,
then exported as real bundles, each carrying only what follows the previous one.

Shared by the concurrent-import test and ``bench/bench_hq_imports.py``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from icati_desktop.domain.action_plans import ActionItem, ActionItemStatus
from icati_desktop.store.device import observe, require_device
from icati_desktop.store.store import Store
from icati_desktop.store.sync_state import set_ack
from icati_desktop.store.versions import add_versions
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.versioning.hlc import HybridLogicalClock
from icati_desktop.versioning.version import Version, make_version

PLAN = "00000000-0000-4000-8000-00000000abcd"


def _item(n: int, status: ActionItemStatus) -> dict[str, Any]:
    return ActionItem(
        action_plan_id=UUID(PLAN),
        country="KEN",
        title=f"Action item {n}: train court staff on referral pathways",
        description="Two workshops with the pilot court and the treatment centre. " * 2,
        owner_name="Amina Diallo",
        due_on=date(2026, 6, 30),
        status=status,
        closed_on=date(2026, 5, 1) if status.is_closed else None,
    ).model_dump(mode="python")


class FieldWork:
    """One laptop's stream of changes: three new action items for every edit of an older one."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.history: list[tuple[str, str]] = []
        self.serial = 0

    def write(self, count: int) -> list[Version]:
        store = self.store
        with store.write() as tx:
            device = require_device(tx.session)
            clock = HybridLogicalClock(device.clock, store.now_ms)
            batch: list[Version] = []
            for k in range(count):
                index = (self.serial * 7919) % len(self.history) if self.history else -1
                if k % 4 == 3 and index >= 0:
                    record_id, parent = self.history[index]
                    payload, parents = _item(self.serial, ActionItemStatus.IN_PROGRESS), (parent,)
                else:
                    record_id = str(
                        UUID(int=(int(device.device_id[:24], 16) << 32) + self.serial, version=4)
                    )
                    index, payload, parents = -1, _item(self.serial, ActionItemStatus.OPEN), ()
                version = make_version(
                    record_type="action_item",
                    record_id=record_id,
                    parents=parents,
                    hlc=clock.tick(),
                    origin=device.device_id,
                    deleted=False,
                    payload=payload,
                )
                if index >= 0:
                    self.history[index] = (record_id, version.version_id)
                else:
                    self.history.append((record_id, version.version_id))
                batch.append(version)
                self.serial += 1
            add_versions(tx.session, batch)
            observe(tx.session, clock.last, store.now_ms)
        return batch

    def bundle(self, count: int, out: Path) -> list[Version]:
        """Write ``count`` changes and export them; then take HQ's acknowledgement, as its
        central bundle would bring it, so the next bundle carries only what follows."""
        batch = self.write(count)
        export_bundle(self.store, out)
        with self.store.write() as tx:
            set_ack(tx.session, require_device(tx.session).device_id, batch[-1].hlc)
        return batch
