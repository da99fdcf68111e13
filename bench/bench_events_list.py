"""Events list benchmark: the Events page's queries at 2,000 then 20,000 events.

    .venv/bin/python bench/bench_events_list.py [--events 20000] [--baseline 2000]
        [--runs 20] [--db-url postgresql+psycopg://…]

Builds an HQ store (SQLite in a temporary directory unless --db-url is given) with
``--baseline`` events of every kind over ten years, each with a few attendees from 20
countries, and times what the Events page asks for (a page of 200, as
``gui.events.jobs.page_job`` asks it, each in its own read transaction): the upcoming
events, soonest first; the last page; sorted by kind (a ranked order); filtered by kind;
by an attendee's country; by language; everything at once. Then it grows the store to
``--events`` and times the same again. Prints the median and the worst in milliseconds,
and the ratio of the median to the baseline's.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from uuid import uuid4

from _common import Query, time_growing_list

from icati_desktop.domain.network import EventKind, NetworkEvent
from icati_desktop.store.device import Role
from icati_desktop.store.events import EventFilter, EventWhen, query_events
from icati_desktop.store.opening import open_store
from icati_desktop.store.paging import PageRequest
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device

COUNTRIES = ["KEN", "COL", "BRA", "GHA", "PER", "MEX", "ZAF", "IND", "PHL", "MAR",
             "SEN", "NGA", "ARG", "CHL", "ECU", "URY", "TZA", "UGA", "IDN", "VNM"]  # fmt: skip
ZONES = ["Africa/Nairobi", "America/Bogota", "Europe/Paris", "Asia/Manila", "UTC"]
LANGUAGES = ["en", "fr", "es", "pt", "ar"]
BATCH = 2_000
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def event(rng: random.Random) -> NetworkEvent:
    kind = rng.choice(list(EventKind))
    starts = NOW + timedelta(days=rng.randrange(-3_000, 700), hours=rng.randrange(24))
    return NetworkEvent.model_validate(
        {
            "title": f"{kind.value.replace('_', ' ').title()} {rng.randrange(1000)}",
            "kind": kind,
            "starts_at": starts,
            "ends_at": starts + timedelta(minutes=90),
            "time_zone": rng.choice(ZONES),
            "format": "remote",
            "languages": rng.sample(LANGUAGES, 2),
            "level": "basic" if kind in (EventKind.WEBINAR, EventKind.TRAINING) else None,
            "participants": [
                {"country": c, "count": rng.randint(1, 30)} for c in rng.sample(COUNTRIES, 3)
            ],
        }
    )


def grow(store: Store, count: int, rng: random.Random) -> None:
    service = RecordService(store)
    while count > 0:
        size = min(BATCH, count)
        service.create_many([(uuid4(), event(rng)) for _ in range(size)])
        count -= size


def queries(total: int) -> dict[str, Query]:
    upcoming = EventFilter(when=EventWhen.UPCOMING, now=NOW)
    everything = EventFilter(
        kind="webinar", country="KEN", language="fr", date_from=date(2020, 1, 1),
        date_to=date(2026, 12, 31),
    )  # fmt: skip
    asked = {
        "upcoming, soonest": (upcoming, PageRequest("starts_at")),
        "last page": (EventFilter(), PageRequest("starts_at", offset=max(total - 200, 0))),
        "sorted by kind": (EventFilter(), PageRequest("kind")),
        "kind": (EventFilter(kind="office_hours"), PageRequest("starts_at")),
        "attendee country": (EventFilter(country="KEN"), PageRequest("starts_at")),
        "language": (EventFilter(language="ar"), PageRequest("starts_at")),
        "everything at once": (everything, PageRequest("starts_at", descending=True)),
    }
    return {
        name: partial(query_events, flt=flt, request=request)
        for name, (flt, request) in asked.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--baseline", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--db-url")
    args = parser.parse_args(argv)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as scratch:
        store = open_store(Path(scratch), args.db_url)
        initialise_device(store, Role.HQ, "Bench")
        time_growing_list(
            store,
            "events",
            (args.baseline, args.events),
            args.runs,
            lambda count: grow(store, count, rng),
            queries,
        )
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
