"""Synthetic central content: an HQ publishes many library resources, fast.

Shared by the streaming test, the GUI import-progress test and ``bench/bench_import_100k.py``
(which puts the checkout root on ``sys.path`` to import it), so there is one generator.

``RecordService.create_many`` adds and materialises each version on its own (about 5 ms a
record), which would make a 100k bundle take minutes to build; this stamps each version
with HQ's clock exactly as ``write_version`` does and adds them through the same
``add_versions``, 1000 at a time.
"""

from __future__ import annotations

from uuid import UUID

from icati_desktop.domain.library import Resource, ResourceType
from icati_desktop.store.device import observe, require_device
from icati_desktop.store.store import Store
from icati_desktop.store.versions import add_versions
from icati_desktop.versioning.hlc import HybridLogicalClock
from icati_desktop.versioning.version import Version, make_version

CHUNK = 1_000
TRANSACTION = 20_000


def resource_payload(n: int) -> Resource:
    """The ``n``-th synthetic resource: realistic field lengths, deterministic content."""
    return Resource(
        title={"en": f"Field note {n}: referral pathways between courts and clinics"},
        summary={"en": f"Summary {n}: " + "how the pilot court refers people. " * 4},
        resource_type=ResourceType.GUIDE,
        topics=["legal", "treatment"],
        year=2020 + n % 6,
        languages=["en"],
    )


def resource_id(n: int) -> str:
    """Record id of the ``n``-th synthetic resource (stable across runs and sizes)."""
    return str(UUID(int=n + 1, version=4))


def publish_resources(hq: Store, start: int, count: int, transaction: int = TRANSACTION) -> None:
    """HQ publishes resources ``start`` … ``start + count - 1``, ``transaction`` per commit."""
    end = start + count
    for first in range(start, end, transaction):
        with hq.write() as tx:
            device = require_device(tx.session)
            clock = HybridLogicalClock(device.clock, hq.now_ms)
            batch: list[Version] = []
            for n in range(first, min(end, first + transaction)):
                payload = resource_payload(n)
                batch.append(
                    make_version(
                        record_type=payload.record_type,
                        record_id=resource_id(n),
                        parents=(),
                        hlc=clock.tick(),
                        origin=device.device_id,
                        deleted=False,
                        payload=payload.model_dump(mode="python"),
                    )
                )
                if len(batch) == CHUNK:
                    add_versions(tx.session, batch)
                    batch = []
            if batch:
                add_versions(tx.session, batch)
            observe(tx.session, clock.last, hq.now_ms)  # persist the clock, as tick() does
