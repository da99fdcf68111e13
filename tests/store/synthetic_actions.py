"""Many action items, fast: for ``bench/bench_action_items.py``.

Versions are stamped with the device's clock and added through ``add_versions`` in
batches, as :mod:`tests.store.synthetic_atlas` does for initiatives.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

from icati_desktop.domain.action_plans import ActionItem, ActionItemStatus, ActionPlan, Priority
from icati_desktop.store.device import Role, observe, require_device
from icati_desktop.store.opening import open_store
from icati_desktop.store.versions import add_versions
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.versioning.hlc import HybridLogicalClock
from icati_desktop.versioning.version import Version, make_version

COUNTRIES = ("KEN", "UGA", "TZA", "GHA", "SEN", "MAR", "TUN", "EGY", "BRA", "MEX", "IND", "IDN")
VERBS = ("Map", "Train", "Draft", "Agree", "Cost", "Convene", "Pilot", "Review")
THINGS = ("referral forms", "intake screening", "court diversion", "treatment services")
START = date(2025, 1, 1)


def item(n: int, plans: dict[str, UUID], rng: random.Random) -> ActionItem:
    country = COUNTRIES[n % len(COUNTRIES)]
    status = rng.choice(list(ActionItemStatus))
    due = None if n % 11 == 0 else START + timedelta(days=rng.randint(0, 900))
    return ActionItem(
        action_plan_id=plans[country],
        country=country,
        title=f"{rng.choice(VERBS)} {rng.choice(THINGS)} {n}",
        owner_name=f"Owner {n % 313}",
        due_on=due,
        status=status,
        priority=rng.choice(list(Priority)),
        closed_on=(due or START) if status.is_closed else None,
    )


def build_action_store(path: Path, count: int, seed: int = 7) -> None:
    """A field store at ``path`` holding one plan per country and ``count`` items."""
    store = open_store(path)
    try:
        initialise_device(store, Role.FIELD, "Planner")
        rng = random.Random(seed)
        plans = {c: UUID(int=10**9 + i, version=4) for i, c in enumerate(COUNTRIES)}
        for first in range(0, count, 10_000):
            with store.write() as tx:
                device = require_device(tx.session)
                clock = HybridLogicalClock(device.clock, store.now_ms)
                batch: list[Version] = []

                def stamp(
                    record_type: str,
                    record_id: UUID,
                    payload: object,
                    clock: HybridLogicalClock = clock,
                    origin: str = device.device_id,
                ) -> Version:
                    return make_version(
                        record_type=record_type,
                        record_id=str(record_id),
                        parents=(),
                        hlc=clock.tick(),
                        origin=origin,
                        deleted=False,
                        payload=payload.model_dump(mode="python"),  # type: ignore[attr-defined]
                    )

                if first == 0:
                    for country, plan_id in plans.items():
                        plan = ActionPlan(
                            country=country,
                            title=f"ATI action plan, {country}",
                            period_start=START,
                            period_end=START + timedelta(days=900),
                        )
                        batch.append(stamp("action_plan", plan_id, plan))
                for n in range(first, min(count, first + 10_000)):
                    batch.append(
                        stamp("action_item", UUID(int=n + 1, version=4), item(n, plans, rng))
                    )
                    if len(batch) >= 1000:
                        add_versions(tx.session, batch)
                        batch = []
                if batch:
                    add_versions(tx.session, batch)
                observe(tx.session, clock.last, store.now_ms)
    finally:
        store.close()
