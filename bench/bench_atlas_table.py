"""The Atlas table at 100k initiatives: open, sort, filter, jump to the end (goal < 150 ms each).

    .venv/bin/python bench/bench_atlas_table.py [--initiatives 100000] [--runs 5] [--keep DIR]

The real table model (``InitiativeTableModel`` on a ``QTableView``) over a store of
``--initiatives`` initiatives, with the app's database thread: each figure is the time from
the action (the filter set, a header clicked, the view scrolled to its last row) until the
rows to show have arrived from the store, median of ``--runs``. The baseline is the same
page read with plain sqlite3 from the same file (``bench/baselines/sqlite_page.py``), for
scale. Verdicts: every action < 150 ms. Takes about 2 minutes the first time (building
the store; keep it with --keep DIR), 20 seconds after.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from _common import BASELINES, Verdicts, median, run_json
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QTableView

from icati_desktop.gui.atlas.initiative_model import (
    COUNTRY,
    MODEL,
    NAME,
    STATUS,
    YEAR,
    InitiativeTableModel,
)
from icati_desktop.gui.db_worker import DatabaseWorker
from icati_desktop.gui.services import AppServices
from icati_desktop.store.atlas import InitiativeFilter
from icati_desktop.store.opening import open_store
from tests.store.synthetic_atlas import build_atlas_store

GOAL = 0.150


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="icati-bench-atlas-"))
    data_dir = root / f"atlas-{args.initiatives}"
    verdicts = Verdicts()
    app = QApplication(sys.argv[:1])
    try:
        if not (data_dir / "icati.sqlite3").exists():
            start = time.perf_counter()
            build_atlas_store(data_dir, args.initiatives)
            print(f"built {args.initiatives} initiatives in {time.perf_counter() - start:.0f} s")
        worker = DatabaseWorker(lambda: open_store(data_dir))
        model = InitiativeTableModel(AppServices(worker))
        model.country_names = {"KEN": "Kenya", "FRA": "France", "DEU": "Germany"}
        view = QTableView()
        view.setModel(model)
        view.setSortingEnabled(True)
        view.resize(1000, 600)
        view.show()
        app.processEvents()
        everything = InitiativeFilter()
        wait_for(model.loaded, lambda: model.set_filter(everything))  # warm the store's cache
        figures: dict[str, list[float]] = {}

        def measure(name: str, signal: object, action: Callable[[], None]) -> None:
            figures.setdefault(name, []).append(wait_for(signal, action))

        for _ in range(args.runs):
            measure("open", model.loaded, lambda: model.set_filter(everything))
            for column, label in ((NAME, "name"), (COUNTRY, "country"), (YEAR, "year")):
                for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                    direction = "desc" if order == Qt.SortOrder.DescendingOrder else "asc"
                    measure(
                        f"sort-{label}-{direction}",
                        model.loaded,
                        partial(view.sortByColumn, column, order),
                    )
            measure(
                "sort-model",
                model.loaded,
                lambda: view.sortByColumn(MODEL, Qt.SortOrder.AscendingOrder),
            )
            measure(
                "filter-status",
                model.loaded,
                lambda: model.set_filter(InitiativeFilter(status="pilot")),
            )
            measure(
                "filter-text",
                model.loaded,
                lambda: model.set_filter(InitiativeFilter(text="court 9")),
            )
            wait_for(model.loaded, lambda: model.set_filter(everything))
            view.sortByColumn(STATUS, Qt.SortOrder.AscendingOrder)
            wait_for(model.loaded, lambda: None)
            measure("scroll-to-end", model.page_loaded, view.scrollToBottom)
            view.scrollToTop()
        worker.shutdown()
        raw = run_json([str(BASELINES / "sqlite_page.py"), str(data_dir / "icati.sqlite3")])
        print(f"baseline (plain sqlite3, same pages): {raw['seconds'] * 1000:.1f} ms a page")
        for name, values in figures.items():
            verdicts.limit(f"atlas-{args.initiatives // 1000}k-{name}", median(values), GOAL)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return verdicts.exit_code()


if __name__ == "__main__":
    sys.exit(main())
