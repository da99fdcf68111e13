"""Library search benchmark: 5,000 then 50,000 demo resources, 200 realistic queries.

    .venv/bin/python bench/bench_library_search.py [--resources 50000] [--baseline 5000]
        [--queries 200] [--db-url postgresql+psycopg://…]

Builds an HQ store (SQLite in a temporary directory unless --db-url is given), adds
``--baseline`` resources and times the query set, then grows the library to
``--resources`` and times the same queries again. Prints p50/p95/max in milliseconds,
and the ratio of each figure to the baseline, for:

* the global search box (``store.search.search``, 20 hits a type);
* the Library page's query (``store.library.query_resources`` as the page asks it: a
  first page of 100, by title) with text, with filters only, and with both; and with
  text sorted by relevance;
* its facet counts (``store.library.facet_counts``) under text and filters;
* what a user waits for when typing or clicking a filter: the page's query and its
  facet counts in one read transaction (``gui.library.jobs.snapshot_job``).

Each call runs in its own read transaction, as the GUI's database worker runs it. The
verdict line compares every p95 at ``--resources`` with the 50 ms target. Separately,
"after a change" times the first page after a resource is added: it rebuilds the
library's facet index (``store.library_index``), once per change.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from uuid import uuid4

from sqlalchemy.orm import Session

from icati_desktop.domain.library import Level, Resource, ResourceType
from icati_desktop.store.device import Role, observe, require_device, tick
from icati_desktop.store.library import (
    LibraryFilter,
    ResourceSort,
    facet_counts,
    query_resources,
)
from icati_desktop.store.opening import open_store
from icati_desktop.store.search import search
from icati_desktop.store.store import Store
from icati_desktop.store.versions import add_versions
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.versioning.hlc import HybridLogicalClock
from icati_desktop.versioning.version import make_version

BATCH = 5_000
FUNCTION_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "for",
    "on",
    "with",
    "by",
    "from",
    "as",
    "at",
    "is",
    "are",
    "be",
    "this",
    "that",
    "these",
    "its",
    "their",
    "an",
    "a",
    "or",
    "into",
    "between",
    "through",
    "under",
    "within",
    "among",
    "about",
    "after",
    "before",
    "during",
    "how",
    "what",
    "why",
    "when",
    "where",
    "which",
    "who",
    "more",
    "most",
    "other",
    "new",
    "all",
    "each",
    "both",
    "such",
    "not",
    "no",
    "can",
    "may",
    "should",
    "will",
    "has",
]
DOMAIN_WORDS = [
    "treatment",
    "court",
    "drug",
    "diversion",
    "justice",
    "alternatives",
    "incarceration",
    "community",
    "police",
    "prosecution",
    "probation",
    "rehabilitation",
    "recovery",
    "assessment",
    "screening",
    "women",
    "youth",
    "evaluation",
    "training",
    "policy",
    "sentencing",
    "restorative",
    "mediation",
    "reentry",
    "case",
    "management",
    "health",
    "services",
    "outcomes",
    "standards",
    "guide",
    "toolkit",
    "pilot",
    "programme",
    "network",
    "national",
    "regional",
    "practice",
    "evidence",
    "monitoring",
    "data",
    "care",
    "support",
    "model",
    "pathway",
    "referral",
    "substance",
    "use",
    "disorder",
    "dependence",
    "offender",
    "offenders",
    "prison",
    "prisons",
    "detention",
    "custody",
    "judge",
    "judges",
    "prosecutor",
    "defence",
    "lawyer",
    "legal",
    "law",
    "laws",
    "reform",
    "criminal",
    "system",
    "systems",
    "public",
    "safety",
    "harm",
    "reduction",
    "opioid",
    "cocaine",
    "cannabis",
    "alcohol",
    "methadone",
    "buprenorphine",
    "naloxone",
    "overdose",
    "relapse",
    "clinical",
    "medical",
    "psychosocial",
    "counselling",
    "therapy",
    "cognitive",
    "behavioural",
    "family",
    "peer",
    "mentoring",
    "employment",
    "housing",
    "education",
    "vocational",
    "social",
    "welfare",
    "integration",
    "supervision",
    "compliance",
    "sanctions",
    "incentives",
    "testing",
    "urine",
    "electronic",
    "remote",
    "rural",
    "urban",
    "indigenous",
    "gender",
    "children",
    "adolescents",
    "juvenile",
    "minors",
    "human",
    "rights",
    "proportionality",
    "consent",
    "confidentiality",
    "ethics",
    "quality",
    "indicators",
    "framework",
    "strategy",
    "action",
    "plan",
    "implementation",
    "capacity",
    "building",
    "workshop",
    "webinar",
    "curriculum",
    "course",
    "module",
    "lesson",
    "manual",
    "handbook",
    "report",
    "study",
    "review",
    "survey",
    "analysis",
    "cost",
    "benefit",
    "effectiveness",
    "efficiency",
    "sustainability",
    "funding",
    "budget",
    "partnership",
    "cooperation",
    "coordination",
    "governance",
    "leadership",
    "stakeholder",
    "ministry",
    "agency",
    "agencies",
]
VOCABULARY = FUNCTION_WORDS + DOMAIN_WORDS
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]
"""Zipf-distributed, function words first: each of the common domain words ("treatment",
"court", "mediation"…) is in about one resource in ten."""
FR = [
    "traitement",
    "tribunal",
    "justice",
    "réparatrice",
    "médiation",
    "probation",
    "santé",
    "alternatives",
]
ES = [
    "tratamiento",
    "tribunal",
    "justicia",
    "mediación",
    "reinserción",
    "alternativas",
    "prisión",
    "salud",
]
AR = ["العدالة", "العلاج", "المخدرات", "البدائل", "السجن", "الصحة", "المجتمع", "التأهيل"]
TOPICS = [
    "legal",
    "treatment",
    "continuum",
    "dtc",
    "ccm",
    "training",
    "m-and-e",
    "rights",
    "women",
    "core",
]
QUERIES = [
    *("treatment", "mediation", "mediacion", "probation", "youth", "العدالة", "médiation"),
    *("drug court", "case management", "restorative justice", "women treatment"),
    *("medi", "treat", "rehab", "reent", "screen", "tribu", "evaluation pil"),
]
FILTERS = [
    LibraryFilter(),
    LibraryFilter(resource_types=[ResourceType.GUIDE, ResourceType.BRIEF]),
    LibraryFilter(topics=["dtc"]),
    LibraryFilter(languages=["fr"], levels=[Level.BASIC]),
    LibraryFilter(topics=["treatment", "rights"], resource_types=[ResourceType.STUDY]),
]


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choices(VOCABULARY, WEIGHTS, k=count))


def demo_resource(rng: random.Random) -> Resource:
    title = {"en": words(rng, rng.randint(3, 8)).capitalize()}
    if rng.random() < 0.2:
        title["fr"] = " ".join(rng.choices(FR, k=rng.randint(3, 6))).capitalize()
    if rng.random() < 0.1:
        title["es"] = " ".join(rng.choices(ES, k=rng.randint(3, 6))).capitalize()
    if rng.random() < 0.1:
        title["ar"] = " ".join(rng.choices(AR, k=rng.randint(3, 6)))
    return Resource.model_validate(
        {
            "title": title,
            "summary": {"en": words(rng, rng.randint(15, 40)).capitalize() + "."},
            "resource_type": rng.choice(list(ResourceType)),
            "publisher": rng.choice(["UNODC", "OAS/CICAD", "WHO", "EMCDDA", "NADCP", ""]),
            "year": rng.randint(1995, 2025),
            "languages": sorted(set(rng.choices(["en", "fr", "es", "ar", "pt"], k=2))),
            "topics": sorted(set(rng.choices(TOPICS, k=rng.randint(1, 3)))),
            "level": rng.choice([*Level, None]),
        }
    )


def add_resources(store: Store, rng: random.Random, count: int) -> float:
    """Write ``count`` demo resources, one transaction and one ``add_versions`` per batch
    (as an import does): ``RecordService.create_many`` materialises version by version,
    about 5 ms each, which would make building 50,000 take minutes."""
    started = time.perf_counter()
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        with store.write() as tx:
            device = require_device(tx.session)
            clock = HybridLogicalClock(tick(tx.session, store.now_ms), store.now_ms)
            versions = [
                make_version(
                    record_type="resource",
                    record_id=str(uuid4()),
                    parents=[],
                    hlc=clock.tick(),
                    origin=device.device_id,
                    deleted=False,
                    payload=demo_resource(rng).model_dump(mode="python"),
                )
                for _ in range(size)
            ]
            observe(tx.session, clock.last, store.now_ms)
            tx.note_changes(add_versions(tx.session, versions).changed)
    return time.perf_counter() - started


PAGE_SIZE = 100
"""As ``gui.library.jobs.PAGE_SIZE``."""
TARGET_MS = 50.0


def workload(rng: random.Random, n: int = 200) -> list[tuple[str, LibraryFilter]]:
    return [(rng.choice(QUERIES), FILTERS[i % len(FILTERS)]) for i in range(n)]


def timed(run: Callable[[Session], object], store: Store) -> float:
    """Milliseconds for one call in its own read transaction, as the GUI's worker runs it."""
    with store.read() as session:
        started = time.perf_counter()
        run(session)
        return (time.perf_counter() - started) * 1000


def page(session: Session, flt: LibraryFilter) -> None:
    query_resources(session, flt, limit=PAGE_SIZE)


def page_and_facets(session: Session, flt: LibraryFilter) -> None:
    """What the Library page reads on each change of text or filter."""
    query_resources(session, flt, limit=PAGE_SIZE)
    facet_counts(session, flt)


def measure(store: Store, queries: list[tuple[str, LibraryFilter]]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in FIGURES}
    for n, (text, flt) in enumerate(queries):
        text_only = LibraryFilter(text=text)
        both = flt.model_copy(update={"text": text})
        relevance = partial(query_resources, flt=text_only, sort=ResourceSort.RELEVANCE)
        times["global search"].append(timed(partial(search, user_text=text), store))
        times["page: text"].append(timed(partial(page, flt=text_only), store))
        times["page: text, relevance"].append(timed(relevance, store))
        times["page: filters"].append(timed(partial(page, flt=flt), store))
        times["page: text + filters"].append(timed(partial(page, flt=both), store))
        times["facet counts"].append(timed(partial(facet_counts, flt=both), store))
        shown = (text_only, flt, both)[n % 3]
        times["page + facets"].append(timed(partial(page_and_facets, flt=shown), store))
    return times


FIGURES = (
    "global search",
    "page: text",
    "page: text, relevance",
    "page: filters",
    "page: text + filters",
    "facet counts",
    "page + facets",
)


def after_change(store: Store, rng: random.Random, times: int = 5) -> list[float]:
    """The first page and facets after one resource is added (the facet index rebuilds)."""
    spent = []
    for n in range(times):
        add_resources(store, rng, 1)
        text, flt = QUERIES[n], FILTERS[n % len(FILTERS)]
        spent.append(
            timed(partial(page_and_facets, flt=flt.model_copy(update={"text": text})), store)
        )
    return spent


def summary(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered), p95, ordered[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=50_000)
    parser.add_argument("--baseline", type=int, default=5_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--db-url", default=None)
    args = parser.parse_args()
    rng = random.Random(20260105)
    queries = workload(random.Random(7), args.queries)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        store = open_store(Path(scratch), args.db_url)
        try:
            initialise_device(store, Role.HQ, "Bench HQ")
            print(f"engine: {store.engine.dialect.name}; {len(queries)} queries")
            took = add_resources(store, rng, args.baseline)
            print(f"created {args.baseline:,} resources in {took:.1f} s")
            measure(store, queries[:10])  # warm caches (and the facet index)
            baseline = measure(store, queries)
            took = add_resources(store, rng, args.resources - args.baseline)
            print(f"created {args.resources - args.baseline:,} more in {took:.1f} s")
            measure(store, queries[:10])
            full = measure(store, queries)
            changed = after_change(store, rng)
        finally:
            store.close()
    size, base = f"{args.resources:,}", f"{args.baseline:,}"
    print(f"\n{'ms':24}{'p50':>8}{'p95':>8}{'max':>8}   at {base}: p50/p95/max   ratio p50/p95/max")
    failing = []
    for name in FIGURES:
        now, then = summary(full[name]), summary(baseline[name])
        ratios = " / ".join(f"{a / b:.1f}x" for a, b in zip(now, then, strict=True))
        before = "/".join(f"{v:.1f}" for v in then)
        print(f"{name:24}{now[0]:8.1f}{now[1]:8.1f}{now[2]:8.1f}   {before:>20}   {ratios}")
        if now[1] >= TARGET_MS:
            failing.append(f"{name} ({now[1]:.1f} ms)")
    rebuilt = summary(changed)
    print(
        f"\nafter a change (facet index rebuilt, {len(changed)} runs at {size}): "
        f"p50 {rebuilt[0]:.0f} ms, max {rebuilt[2]:.0f} ms"
    )
    if failing:
        print(f"FAIL: p95 at {size} over {TARGET_MS:.0f} ms: {', '.join(failing)}")
    else:
        print(f"PASS: every p95 at {size} under {TARGET_MS:.0f} ms")
    print(f"benchmark took {time.perf_counter() - started:.0f} s")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
