"""``icati-desktop --smoke``: prove that this installation works, offscreen, then exit.

Made for the packaged build, where a missing data file or library only shows when the code
that needs it runs. Each step uses what a person's first hour would: bundled files and
catalogs, a new HQ and field store (migrations, default content), a signed and encrypted
field bundle, the main window over the HQ store importing that bundle, the results charts,
PDF reports in English and Arabic, an XLSForm read, country names in every language.

Everything happens in a throwaway folder (in portable mode, under ``icati-data/tmp``),
including the app's preferences; exit status 0 when every step passed, otherwise 1 with
one line naming the step and the error.
"""

from __future__ import annotations

import gc
import gettext
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

SMOKE_TIMEOUT_S = 120.0
"""How long one step may wait for the database thread (a slow USB stick, a busy CI)."""


class SmokeFailure(RuntimeError):
    """A step found something wrong (its message says what)."""


_unhandled: list[BaseException] = []
"""Exceptions raised in Qt callbacks during the run (Qt prints them and carries on)."""


def _record_unhandled(kind: type[BaseException], error: BaseException, tb: Any) -> None:
    sys.__excepthook__(kind, error, tb)
    _unhandled.append(error)


def _raise_unhandled() -> None:
    if _unhandled:
        error = _unhandled.pop(0)
        raise SmokeFailure(f"{type(error).__name__} in the window: {error}") from error


@dataclass(frozen=True)
class SmokeStep:
    name: str
    run: Callable[[], str]
    """Does the step; returns a short note on what it saw (shown after "ok")."""


def run_steps(steps: Sequence[SmokeStep], out: TextIO | None) -> int:
    """Run ``steps`` in order, stop at the first failure; the process exit status."""
    started = time.monotonic()
    for step in steps:
        began = time.monotonic()
        try:
            note = step.run()
            _raise_unhandled()
        except Exception as exc:  # a smoke test reports every failure the same way
            _say(out, traceback.format_exc().rstrip())
            _say(out, f"smoke: FAILED at {step.name}: {type(exc).__name__}: {exc}")
            return 1
        _say(out, f"smoke: ok    {step.name} ({time.monotonic() - began:.1f} s) {note}".rstrip())
    _say(out, f"smoke: passed {len(steps)} steps in {time.monotonic() - started:.1f} s")
    return 0


def _say(out: TextIO | None, line: str) -> None:
    if out is not None:  # a windowed Windows build has no stdout
        print(line, file=out, flush=True)


@dataclass
class _Smoke:
    """The state the steps share: the folder, the stores, the window."""

    root: Path
    app: Any = None
    window: Any = None
    services: Any = None
    bundle: Path | None = None
    assessment_id: str = ""
    closers: list[Callable[[], object]] = field(default_factory=list)

    def steps(self) -> list[SmokeStep]:
        from icati_desktop.gui import smoke_steps as s

        return [
            SmokeStep("Qt application", lambda: s.start_qt(self)),
            SmokeStep("bundled files and catalogs", s.bundled_files),
            SmokeStep("HQ and field stores", lambda: s.make_stores(self)),
            SmokeStep("signed field bundle", lambda: s.export_field_bundle(self)),
            SmokeStep("main window", lambda: s.open_main_window(self)),
            SmokeStep("bundle import", lambda: s.import_in_window(self)),
            SmokeStep("results charts", lambda: s.show_charts(self)),
            SmokeStep("PDF reports", lambda: s.pdf_reports(self)),
            SmokeStep("XLSForm", lambda: s.read_xlsform(self)),
            SmokeStep("country names", s.country_names),
        ]

    def close(self) -> None:
        for closer in reversed(self.closers):
            try:
                closer()
            except Exception as exc:  # cleaning up must not hide the verdict
                print(f"smoke: cleanup: {exc}", file=sys.stderr)
        self.closers.clear()
        self.window = self.services = None
        if self.app is not None:
            # Preferences still pending in the window's QSettings would be written when
            # those are destroyed at exit, recreating the removed folder: write them now.
            from PySide6.QtCore import QSettings

            for settings in [o for o in gc.get_objects() if isinstance(o, QSettings)]:
                settings.sync()


def run_smoke(out: TextIO | None = None) -> int:
    """The ``--smoke`` run: every step in a throwaway folder; the exit status.

    The report goes to ``out``, by default standard output (none in a windowed build).
    """
    out = out if out is not None else sys.stdout
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    root = Path(tempfile.mkdtemp(prefix="icati-smoke-"))
    smoke = _Smoke(root)
    previous_hook, sys.excepthook = sys.excepthook, _record_unhandled
    try:
        return run_steps(smoke.steps(), out)
    finally:
        smoke.close()
        sys.excepthook = previous_hook
        shutil.rmtree(root, ignore_errors=True)


def wait_until(
    condition: Callable[[], bool], what: str, timeout_s: float = SMOKE_TIMEOUT_S
) -> None:
    """Run the Qt event loop until ``condition()`` holds, or fail naming ``what``."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout_s
    while not condition():
        _raise_unhandled()
        if time.monotonic() > deadline:
            raise SmokeFailure(f"no {what} after {timeout_s:.0f} s")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)


def qt_catalog_loads(language: str) -> bool:
    """Whether Qt's own translations (qtbase) load for ``language`` (pt finds pt_BR)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return QTranslator().load(QLocale(language), "qtbase", "_", folder)


def gettext_catalog(domain: str, folder: Path, language: str) -> gettext.NullTranslations:
    """A compiled catalog, or a failure naming what is missing."""
    try:
        return gettext.translation(domain, str(folder), languages=[language])
    except OSError as exc:
        raise SmokeFailure(f"no {domain} catalog for {language} in {folder}") from exc


__all__ = ["SmokeFailure", "SmokeStep", "run_smoke", "run_steps", "wait_until"]
