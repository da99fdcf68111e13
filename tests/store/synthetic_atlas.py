"""Many Atlas initiatives, fast: for the paging tests and ``bench/bench_atlas_table.py``.

Versions are stamped with the device's clock and added through ``add_versions`` in
batches, as ``tests/sync/synthetic.py`` does for library resources.
"""

from __future__ import annotations

import random
from pathlib import Path
from uuid import UUID

from icati_desktop.domain.atlas import Initiative, InitiativeModel, InitiativeStatus
from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.store.device import Role, observe, require_device
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.store.versions import add_versions
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.versioning.hlc import HybridLogicalClock
from icati_desktop.versioning.version import Version, make_version

COUNTRIES = ("KEN", "FRA", "DEU", "BRA", "IND", "EGY", "MAR", "ZAF", "MEX", "IDN", "TUN", "SEN")
WORDS = ("court", "referral", "clinic", "probation", "police", "pilot", "treatment", "youth")


def initiative(n: int, rng: random.Random) -> Initiative:
    stages = rng.sample(list(ContinuumStage), k=rng.randint(0, 2))
    return Initiative(
        country=rng.choice(COUNTRIES),
        # Some names start in lower case: the order must not depend on it.
        name=f"{rng.choice(WORDS).title() if n % 5 else rng.choice(WORDS)} programme {n}",
        description="A programme that refers people from the justice system to treatment.",
        model=rng.choice(list(InitiativeModel)),
        continuum_stages=stages,
        status=rng.choice(list(InitiativeStatus)),
        start_year=rng.choice([None, *range(1995, 2026)]),
        lead_organisation=f"Organisation {n % 997}",
    )


def build_atlas_store(path: Path, count: int, seed: int = 5) -> None:
    """A field store at ``path`` holding ``count`` initiatives."""
    store = open_store(path)
    try:
        initialise_device(store, Role.FIELD, "Atlas editor")
        add_initiatives(store, count, seed)
    finally:
        store.close()


def add_initiatives(store: Store, count: int, seed: int = 5) -> None:
    """``count`` initiatives of varied countries, names, models, statuses and years."""
    rng = random.Random(seed)
    for first in range(0, count, 10_000):
        with store.write() as tx:
            device = require_device(tx.session)
            clock = HybridLogicalClock(device.clock, store.now_ms)
            batch: list[Version] = []
            for n in range(first, min(count, first + 10_000)):
                payload = initiative(n, rng)
                batch.append(
                    make_version(
                        record_type="initiative",
                        record_id=str(UUID(int=n + 1, version=4)),
                        parents=(),
                        hlc=clock.tick(),
                        origin=device.device_id,
                        deleted=False,
                        payload=payload.model_dump(mode="python"),
                    )
                )
                if len(batch) == 1000:
                    add_versions(tx.session, batch)
                    batch = []
            if batch:
                add_versions(tx.session, batch)
            observe(tx.session, clock.last, store.now_ms)
