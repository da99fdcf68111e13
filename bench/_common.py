"""What the benchmarks share: timing, child processes, and the verdict line.

Every ``bench/bench_*.py`` measures what a user waits for and a baseline of the same
work done the plainest way (``bench/baselines/``: the standard library, sqlite3,
PySide6, openpyxl only), in the same run, on the same data, and prints one verdict line
per figure::

    VERDICT import-100k: 41.2 s vs baseline 3.9 s = 10.6× (goal ≤ 3×) MISS

A script exits 1 when a figure misses its goal, so ``make bench`` lists every miss.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
BASELINES = BENCH / "baselines"
MiB = 1024 * 1024

# The synthetic data generators are the tests' own (one generator for both).
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def clock() -> float:
    return time.perf_counter()


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def cpu_seconds() -> float:
    """This process's CPU time (user + system). On a shared machine the wall time of a
    run is mostly waiting for a core; the CPU time is what a quiet machine would wait."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mib() -> float:
    """This process's peak resident set size."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_json(args: Sequence[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a child Python script; its last stdout line is a JSON object."""
    full_env = {**os.environ, **(env or {})}
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=full_env, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


@dataclass
class Verdicts:
    """Collects verdict lines; :meth:`exit_code` is 1 when any goal was missed."""

    missed: list[str] = field(default_factory=list)

    def ratio(
        self, name: str, value: float, baseline: float, goal: float, unit: str = "s"
    ) -> float:
        ratio = value / baseline if baseline > 0 else float("inf")
        ok = ratio <= goal
        print(
            f"VERDICT {name}: {_fmt(value, unit)} vs baseline {_fmt(baseline, unit)} "
            f"= {ratio:.2f}× (goal ≤ {goal:g}×) {'PASS' if ok else 'MISS'}",
            flush=True,
        )
        if not ok:
            self.missed.append(name)
        return ratio

    def limit(self, name: str, value: float, goal: float, unit: str = "s") -> bool:
        ok = value <= goal
        print(
            f"VERDICT {name}: {_fmt(value, unit)} (goal ≤ {_fmt(goal, unit)}) "
            f"{'PASS' if ok else 'MISS'}",
            flush=True,
        )
        if not ok:
            self.missed.append(name)
        return ok

    def exit_code(self) -> int:
        if self.missed:
            print(f"missed: {', '.join(self.missed)}", flush=True)
            return 1
        return 0


def _fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    return f"{value:g} {unit}"


Query = Callable[[Any], object]
"""One question a list page asks, given a read session."""


def time_growing_list(
    store: Any,
    noun: str,
    sizes: tuple[int, int],
    runs: int,
    grow: Callable[[int], None],
    queries: Callable[[int], dict[str, Query]],
) -> None:
    """A list page's questions timed at ``sizes[0]`` records, then again once the store
    has grown to ``sizes[1]`` (each run in its own read transaction): median and worst in
    milliseconds, and the grown store's median against the smaller one's."""
    baseline, total = sizes
    started = clock()
    grow(baseline)
    print(f"{baseline} {noun} written in {clock() - started:.1f} s")
    first = _time_queries(store, runs, queries(baseline))
    _report_times(f"{baseline:,} {noun}", first, None)
    started = clock()
    grow(total - baseline)
    print(f"\ngrown to {total} {noun} in {clock() - started:.1f} s")
    grown = _time_queries(store, runs, queries(total))
    medians = {name: statistics.median(values) for name, values in first.items()}
    _report_times(f"{total:,} {noun}", grown, medians)


def _time_queries(store: Any, runs: int, named: dict[str, Query]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for name, ask in named.items():
        for _ in range(runs):
            start = clock()
            with store.read() as session:
                ask(session)
            times.setdefault(name, []).append((clock() - start) * 1000)
    return times


def _report_times(label: str, times: dict[str, list[float]], base: dict[str, float] | None) -> None:
    print(f"\n{label}")
    for name, values in times.items():
        middle = statistics.median(values)
        ratio = f"  ×{middle / base[name]:.2f} of baseline" if base else ""
        print(f"  {name:<22} median {middle:7.1f} ms   worst {max(values):7.1f} ms{ratio}")
