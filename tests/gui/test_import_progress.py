"""A large import keeps the window alive: the progress dialog repaints, timers tick, Cancel works.

A field device imports a central bundle of several thousand resources, which takes a few
seconds. The work runs on the database thread (``AppServices.run_long`` with the real
importer); the GUI thread must keep running its event loop meanwhile. Were the import run
on the GUI thread, the dialog would get no paint event and the timer no tick until it ended.
"""

from __future__ import annotations

import itertools
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from icati_desktop.gui.services import AppServices
from icati_desktop.store.device import Role
from icati_desktop.store.integrity import state_digest
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import VersionRow
from icati_desktop.sync.central_scope import CentralTarget
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.errors import ImportCancelled
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.importer import ImportResult, import_bundle
from tests.sync.network import enrol
from tests.sync.synthetic import publish_resources

ServicesFactory = Callable[[Callable[[], Store]], AppServices]

RESOURCES = 5_000
"""Enough for a few seconds of import and a progress report every 1000 versions."""
TICK_MS = 50


@dataclass(frozen=True)
class Central:
    bundle: Path
    pristine: Path
    """An enrolled field device that has imported nothing yet (copied for each test)."""


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Central:
    root = tmp_path_factory.mktemp("import-progress")
    hq = open_store(root / "hq")
    initialise_device(hq, Role.HQ, "ICATI HQ")
    field_device = open_store(root / "pristine")
    initialise_device(field_device, Role.FIELD, "Amina")
    enrol(hq, field_device)
    publish_resources(hq, 0, RESOURCES)
    bundle = root / "central.icati"
    central = CentralTarget.for_device("Amina")
    assert export_bundle(hq, bundle, central=central).counts["resource"] >= RESOURCES
    hq.close()
    field_device.close()
    return Central(bundle, root / "pristine")


@dataclass
class Watch:
    """What the GUI thread did while the import ran on the database thread."""

    running: bool = True
    painted_values: list[int] = field(default_factory=list)
    ticks: list[float] = field(default_factory=list)
    outcome: list[Any] = field(default_factory=list)

    def tick(self) -> None:
        if self.running:
            self.ticks.append(time.monotonic())

    def done(self, value: Any) -> None:
        self.running = False
        self.ticks.append(time.monotonic())
        self.outcome.append(value)

    def longest_gap(self, started: float) -> float:
        """Longest time the GUI thread went without a timer tick, start to finish."""
        return max(b - a for a, b in itertools.pairwise([started, *self.ticks]))


class PaintSpy(QObject):
    """Event filter on the dialog and its bar: the dialog's value at each paint event."""

    def __init__(self, dialog: QProgressDialog, watch: Watch) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.watch = watch
        dialog.installEventFilter(self)
        bar = dialog.findChild(QProgressBar)
        assert bar is not None
        bar.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.watch.running:
            self.watch.painted_values.append(self.dialog.value())
        return False


def field_services(make_services: ServicesFactory, central: Central, where: Path) -> AppServices:
    shutil.copytree(central.pristine, where)
    return make_services(lambda: open_store(where))


def start_import(
    services: AppServices, parent: QWidget, bundle: Path, watch: Watch
) -> QProgressDialog:
    def job(
        store: Store, progress: Callable[[int, int], None], cancelled: Callable[[], bool]
    ) -> ImportResult:
        return import_bundle(store, bundle, progress=progress, cancelled=cancelled)

    timer = QTimer(parent)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(watch.tick)
    timer.start()
    dialog = services.run_long(parent, "Importing the bundle…", job, watch.done, watch.done)
    PaintSpy(dialog, watch)
    return dialog


def store_state(qtbot: QtBot, services: AppServices) -> tuple[str, int]:
    """(state digest, number of versions), read on the database thread."""

    def read(store: Store) -> tuple[str, int]:
        with store.read() as session:
            versions = session.scalar(select(func.count()).select_from(VersionRow))
            return state_digest(session), int(versions or 0)

    found: list[tuple[str, int]] = []
    services.run(read, found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=10_000)
    return found[0]


@pytest.mark.slow
def test_the_dialog_repaints_and_timers_tick_during_a_large_import(
    qtbot: QtBot, make_services: ServicesFactory, central: Central, tmp_path: Path
) -> None:
    services = field_services(make_services, central, tmp_path / "field")
    before = store_state(qtbot, services)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    watch = Watch()
    started = time.monotonic()
    start_import(services, parent, central.bundle, watch)
    qtbot.waitUntil(lambda: bool(watch.outcome), timeout=60_000)
    seconds = time.monotonic() - started

    result = watch.outcome[0]
    assert isinstance(result, ImportResult), result
    assert result.versions_added >= RESOURCES
    assert store_state(qtbot, services)[1] == before[1] + result.versions_added
    distinct = sorted({value for value in watch.painted_values if value > 0})
    assert len(distinct) >= 3, (
        f"the progress dialog painted at {distinct} during a {seconds:.1f} s import; "
        "it should repaint as progress arrives"
    )
    ticks = len(watch.ticks) - 1  # the last entry is when the result arrived
    assert ticks >= seconds * 1000 / TICK_MS / 4, (
        f"{ticks} timer ticks during a {seconds:.1f} s import"
    )
    # An import run on the GUI thread would freeze the loop for the whole import; a loaded
    # 2-core machine may delay one tick by a second or so (the worker holds the GIL).
    stall = max(1.5, seconds / 2)
    assert watch.longest_gap(started) < stall, "the event loop stalled during the import"


@pytest.mark.slow
def test_cancel_stops_the_import_and_changes_nothing(
    qtbot: QtBot, make_services: ServicesFactory, central: Central, tmp_path: Path
) -> None:
    services = field_services(make_services, central, tmp_path / "field")
    before = store_state(qtbot, services)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    watch = Watch()
    dialog = start_import(services, parent, central.bundle, watch)
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.value() > 0, timeout=30_000)
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None
    assert cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(watch.outcome), timeout=30_000)

    assert isinstance(watch.outcome[0], ImportCancelled), watch.outcome[0]
    assert store_state(qtbot, services) == before
