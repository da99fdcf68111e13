"""Meetings list benchmark: the page's queries at 2,000 then 20,000 meetings.

    .venv/bin/python bench/bench_meetings_list.py [--meetings 20000] [--baseline 2000]
        [--runs 20] [--db-url postgresql+psycopg://…]

Builds a field store (SQLite in a temporary directory unless --db-url is given) with
``--baseline`` meetings of 20 countries, each with attendees of two sectors, a barrier
and an agenda item tied to a domain, and times what the Meetings page asks for (a page of
200, as ``gui.meetings.jobs.page_job`` asks it, each in its own read transaction): the
first page, newest first; sorted by title; the last page; filtered by attendee sector;
by country and barrier; by words of the notes; everything at once. Then it grows the
store to ``--meetings`` and times the same again. Prints the median and the worst in
milliseconds, and the ratio of the median to the baseline's.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from uuid import uuid4

from _common import Query, time_growing_list
from sqlalchemy.orm import Session

from icati_desktop.domain.meetings import Meeting
from icati_desktop.store.device import Role
from icati_desktop.store.meetings import MeetingFilter, MeetingSort, query_meetings
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device

COUNTRIES = ["KEN", "COL", "BRA", "GHA", "PER", "MEX", "ZAF", "IND", "PHL", "MAR",
             "SEN", "NGA", "ARG", "CHL", "ECU", "URY", "TZA", "UGA", "IDN", "VNM"]  # fmt: skip
SECTORS = ["justice", "health", "community", "case_management", "research", "international"]
BARRIERS = ["workforce", "administrative", "resourcing", "other"]
WORDS = ["probation", "screening", "treatment", "court", "police", "referral", "budget",
         "training", "protocol", "data", "housing", "employment"]  # fmt: skip
TYPES = ["strategic", "ta_session", "mentoring_call", "training_workshop", "mapping_workshop"]
BATCH = 2_000


def meeting(rng: random.Random) -> Meeting:
    words = " ".join(rng.sample(WORDS, 4))
    return Meeting.model_validate(
        {
            "country": rng.choice(COUNTRIES),
            "held_on": date(2020, 1, 1) + timedelta(days=rng.randrange(2_000)),
            "title": f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} meeting",
            "format": rng.choice(["in_person", "remote", "hybrid"]),
            "meeting_type": rng.choice(TYPES),
            "attendees": [
                {"role": "officer", "sector": sector} for sector in rng.sample(SECTORS, 2)
            ],
            "barriers": [{"category": rng.choice(BARRIERS), "text": words}],
            "agenda": [{"title": words, "domain_code": f"D{rng.randint(1, 6)}"}],
            "notes": f"Discussed {words}.",
            "anonymous_attendee_count": rng.randrange(30),
        }
    )


def grow(store: Store, count: int, rng: random.Random) -> None:
    service = RecordService(store)
    while count > 0:
        size = min(BATCH, count)
        service.create_many([(uuid4(), meeting(rng)) for _ in range(size)])
        count -= size


def queries(total: int) -> dict[str, Query]:
    everything = MeetingFilter(
        country="KEN", sector="health", barrier="workforce", text="probation",
        date_from=date(2021, 1, 1), date_to=date(2024, 12, 31),
    )  # fmt: skip
    asked = {
        "first page, newest": (MeetingFilter(), MeetingSort.NEWEST, 0),
        "sorted by title": (MeetingFilter(), MeetingSort.TITLE, 0),
        "last page": (MeetingFilter(), MeetingSort.NEWEST, max(total - 200, 0)),
        "attendee sector": (MeetingFilter(sector="health"), MeetingSort.NEWEST, 0),
        "country + barrier": (
            MeetingFilter(country="KEN", barrier="resourcing"),
            MeetingSort.NEWEST,
            0,
        ),
        "words": (MeetingFilter(text="probation screening"), MeetingSort.NEWEST, 0),
        "everything at once": (everything, MeetingSort.COUNTRY, 0),
    }
    return {
        name: partial(_page, flt=flt, sort=sort, offset=offset)
        for name, (flt, sort, offset) in asked.items()
    }


def _page(session: Session, *, flt: MeetingFilter, sort: MeetingSort, offset: int) -> object:
    """A page of 200, as the Meetings page asks for it."""
    return query_meetings(session, flt, sort=sort, offset=offset, limit=200)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=20_000)
    parser.add_argument("--baseline", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--db-url")
    args = parser.parse_args(argv)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as scratch:
        store = open_store(Path(scratch), args.db_url)
        initialise_device(store, Role.FIELD, "Bench")
        time_growing_list(
            store,
            "meetings",
            (args.baseline, args.meetings),
            args.runs,
            lambda count: grow(store, count, rng),
            queries,
        )
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
