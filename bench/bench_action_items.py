"""The action-item table at 100k items: open, sort by due date, filter by status, scroll to
the end (goal < 150 ms each, app RSS < 300 MB), and the ratio to the same at 10k items.

    .venv/bin/python bench/bench_action_items.py [--items 100000] [--runs 5] [--keep DIR]

The real table model (``ActionItemTableModel`` on a ``QTableView``) over a store of
``--items`` items, with the app's database thread: each figure is the time from the action
(the filter set, a header clicked, the view scrolled to its last row) until the rows to
show have arrived from the store, median of ``--runs``. The baseline is the same table
over a store of a tenth as many items, measured in the same run: a ratio near 1 says the
cost does not grow with the store. RSS is this process's peak (the model, the view, the
database thread and SQLite's cache), the app's share of memory for this table. Building
the stores takes a few minutes the first time (keep them with --keep DIR).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from _common import Verdicts, median, peak_rss_mib
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QTableView

from icati_desktop.gui.actions.model import DUE, STATUS, ActionItemTableModel
from icati_desktop.gui.db_worker import DatabaseWorker
from icati_desktop.gui.services import AppServices
from icati_desktop.store.action_items import ItemFilter
from icati_desktop.store.opening import open_store
from tests.store.synthetic_actions import build_action_store

GOAL = 0.150
RSS_GOAL = 300.0
TODAY = date(2026, 6, 1)


def wait_for(signal: object, action: Callable[[], None], timeout_ms: int = 60_000) -> float:
    """Seconds from ``action`` until ``signal`` is emitted."""
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    start = time.perf_counter()
    action()
    loop.exec()
    seconds = time.perf_counter() - start
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]
    return seconds


def measure_table(data_dir: Path, runs: int) -> dict[str, float]:
    """Median seconds of each action on the table over the store at ``data_dir``."""
    worker = DatabaseWorker(lambda: open_store(data_dir))
    model = ActionItemTableModel(AppServices(worker))
    model.country_names = {"KEN": "Kenya", "UGA": "Uganda", "TZA": "Tanzania"}
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.resize(1000, 600)
    view.show()
    everything = ItemFilter(today=TODAY)
    wait_for(model.loaded, lambda: model.set_filter(everything))  # warm the store's cache
    figures: dict[str, list[float]] = {}

    def measure(name: str, signal: object, action: Callable[[], None]) -> None:
        figures.setdefault(name, []).append(wait_for(signal, action))

    for _ in range(runs):
        measure("open", model.loaded, lambda: model.set_filter(everything))
        measure(
            "sort-due-desc",
            model.loaded,
            lambda: view.sortByColumn(DUE, Qt.SortOrder.DescendingOrder),
        )
        measure(
            "sort-due-asc",
            model.loaded,
            lambda: view.sortByColumn(DUE, Qt.SortOrder.AscendingOrder),
        )
        measure(
            "sort-status",
            model.loaded,
            lambda: view.sortByColumn(STATUS, Qt.SortOrder.AscendingOrder),
        )
        measure(
            "filter-status",
            model.loaded,
            lambda: model.set_filter(ItemFilter(today=TODAY, status="in_progress")),
        )
        measure(
            "filter-overdue",
            model.loaded,
            lambda: model.set_filter(ItemFilter(today=TODAY, overdue_only=True)),
        )
        wait_for(model.loaded, lambda: model.set_filter(everything))
        view.sortByColumn(DUE, Qt.SortOrder.AscendingOrder)
        wait_for(model.loaded, lambda: None)
        measure("scroll-to-end", model.page_loaded, view.scrollToBottom)
        view.scrollToTop()
        QApplication.processEvents()
    view.close()
    worker.shutdown()
    return {name: median(values) for name, values in figures.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="icati-bench-actions-"))
    verdicts = Verdicts()
    QApplication(sys.argv[:1])
    try:
        sizes = (args.items // 10, args.items)
        for size in sizes:
            data_dir = root / f"actions-{size}"
            if not (data_dir / "icati.sqlite3").exists():
                start = time.perf_counter()
                build_action_store(data_dir, size)
                print(f"built {size} action items in {time.perf_counter() - start:.0f} s")
        small = measure_table(root / f"actions-{sizes[0]}", args.runs)
        large = measure_table(root / f"actions-{sizes[1]}", args.runs)
        label = f"{args.items // 1000}k"
        for name, seconds in large.items():
            base = small[name]
            print(
                f"{name}: {seconds * 1000:.1f} ms at {label}, {base * 1000:.1f} ms at "
                f"{sizes[0] // 1000}k = {seconds / base if base else float('inf'):.2f}×"
            )
            verdicts.limit(f"action-items-{label}-{name}", seconds, GOAL)
        rss = peak_rss_mib()
        verdicts.limit(f"action-items-{label}-rss", rss, RSS_GOAL, unit="MiB")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return verdicts.exit_code()


if __name__ == "__main__":
    sys.exit(main())
