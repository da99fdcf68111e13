"""GUI test fixtures: isolated settings, and a guard against database work on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from icati_desktop.gui.db_worker import DatabaseWorker
from icati_desktop.gui.services import AppServices
from icati_desktop.store.store import Store


class DatabaseThreadGuard:
    """Fails any store transaction started on the GUI (main) thread while armed."""

    def __init__(self) -> None:
        self.armed = False
        self.violations: list[str] = []

    def check(self, what: str) -> None:
        if self.armed and threading.current_thread() is threading.main_thread():
            self.violations.append(what)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> Iterator[None]:
    QCoreApplication.setOrganizationName("ICATI-tests")
    QCoreApplication.setApplicationName("ICATI Desktop tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    return


@pytest.fixture(autouse=True)
def db_thread_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[DatabaseThreadGuard]:
    guard = DatabaseThreadGuard()
    original_read, original_write = Store.read, Store.write

    def read(self: Store) -> AbstractContextManager[Any]:
        guard.check("Store.read")
        return original_read(self)

    def write(self: Store) -> AbstractContextManager[Any]:
        guard.check("Store.write")
        return original_write(self)

    monkeypatch.setattr(Store, "read", read)
    monkeypatch.setattr(Store, "write", write)
    yield guard
    assert guard.violations == [], f"database work ran on the GUI thread: {guard.violations}"


@pytest.fixture
def make_services(
    db_thread_guard: DatabaseThreadGuard,
) -> Iterator[Callable[[Callable[[], Store]], AppServices]]:
    """Services over a store opened on the worker thread; the guard is armed from here on."""
    workers: list[DatabaseWorker] = []

    def factory(open_store: Callable[[], Store]) -> AppServices:
        db_thread_guard.armed = True
        worker = DatabaseWorker(open_store)
        workers.append(worker)
        return AppServices(worker)

    yield factory
    for worker in workers:
        worker.shutdown()
