"""Start fast: nothing is imported or built before the first paint that the first screen
does not need (DESIGN.md, "Start fast"; issue: start to first paint ≤ 4× a bare window).

Each case starts the real app in a child process (``icati_desktop.gui.app.main``) and
records, at the first paint event, which modules are loaded and which window painted. The
app itself holds the database thread's opening of the store until that paint is over
(``gui.startup.FirstPaintGate``): started earlier, the opening's imports would compete with
the window's for the interpreter. So nothing of the database layer may be loaded by then.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.sync.device_setup import initialise_device

PROBE = textwrap.dedent(
    """
    import json, os, sys, threading
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    painted = threading.Event()

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and not painted.is_set():
                painted.set()
                print(json.dumps({
                    "window": type(watched.window()).__name__,
                    "modules": sorted(sys.modules),
                }), flush=True)
                os._exit(0)
            return False

    probe = FirstPaint()
    init = QApplication.__init__
    def patched(self, *args):
        init(self, *args)
        self.installEventFilter(probe)
    QApplication.__init__ = patched

    from icati_desktop.gui.app import main
    sys.exit(main(["icati-desktop", "--data-dir", sys.argv[1]]))
    """
)

HEAVY = (
    "sqlalchemy",
    "alembic",
    "matplotlib",
    "openpyxl",
    "pyxform",
    "pyrage",
    "cryptography",
    "icati_desktop.sync",
    "icati_desktop.reports.assessment_pdf",
    "icati_desktop.store.store",
)
OTHER_SECTIONS = (
    "icati_desktop.gui.library",
    "icati_desktop.gui.atlas",
    "icati_desktop.gui.assessments",
    "icati_desktop.gui.sync.conflicts",
    "icati_desktop.gui.sync.trust_page",
    "icati_desktop.gui.sync.flows",
    "icati_desktop.gui.workspace.page",
)
FIRST_RUN_PAGES = ("icati_desktop.gui.first_run", "icati_desktop.gui.first_run_pages")


def first_paint(data_dir: Path, tmp_path: Path) -> dict[str, object]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def loaded(report: dict[str, object], prefixes: tuple[str, ...]) -> list[str]:
    modules = report["modules"]
    assert isinstance(modules, list)
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)]


@pytest.mark.skipif(sys.platform == "win32", reason="offscreen Qt in a child process")
def test_a_set_up_store_paints_its_window_before_loading_the_database_layer(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    store = open_store(data_dir)
    initialise_device(store, Role.FIELD, "Amina")
    store.close()
    report = first_paint(data_dir, tmp_path)
    assert report["window"] == "MainWindow"
    assert loaded(report, HEAVY) == []
    assert loaded(report, OTHER_SECTIONS) == []  # built when first visited
    assert loaded(report, FIRST_RUN_PAGES) == []  # only on a first run


@pytest.mark.skipif(sys.platform == "win32", reason="offscreen Qt in a child process")
def test_a_first_run_paints_the_wizard_before_creating_the_store(tmp_path: Path) -> None:
    report = first_paint(tmp_path / "new", tmp_path)
    assert report["window"] == "FirstRunWizard"
    assert loaded(report, ("icati_desktop.gui.main_window", *OTHER_SECTIONS)) == []
    # The new store (its schema: Alembic) is created once the wizard has painted.
    assert loaded(report, HEAVY) == []
    assert not (tmp_path / "new" / "icati.sqlite3").exists()
