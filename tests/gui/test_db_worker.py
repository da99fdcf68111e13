"""The database worker: jobs run on its thread, and what they hold is released on the GUI's."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from icati_desktop.gui.services import AppServices
from icati_desktop.store.store import Store
from tests.gui.stores import open_or_create

ServicesFactory = Callable[[Callable[[], Store]], AppServices]


class Widgetish:
    """Stands for a widget a job or callback closes over."""


def test_what_a_job_holds_is_released_on_the_gui_thread(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    """Releasing a Qt wrapper on the database thread can deadlock (Qt's connection lock
    against the GIL), so the worker must never drop the last reference to a job."""
    services = make_services(lambda: open_or_create(tmp_path / "data", None))
    released_on_gui: list[bool] = []
    ran_on: list[str] = []
    errors: list[str] = []
    for _ in range(5):
        held = Widgetish()
        weakref.finalize(
            held,
            lambda: released_on_gui.append(threading.current_thread() is threading.main_thread()),
        )

        def job(store: Store, held: Widgetish = held) -> str:
            return threading.current_thread().name

        failing = Widgetish()
        weakref.finalize(
            failing,
            lambda: released_on_gui.append(threading.current_thread() is threading.main_thread()),
        )

        def broken(store: Store) -> None:
            raise RuntimeError("refused")

        def report(error: BaseException, failing: Widgetish = failing) -> None:
            errors.append(str(error))

        services.run(job, ran_on.append)
        services.run(broken, lambda _result: None, report)
        del held, job, failing, report
    qtbot.waitUntil(lambda: len(ran_on) == 5, timeout=10_000)
    qtbot.waitUntil(lambda: len(released_on_gui) == 10, timeout=10_000)
    assert all(name.startswith("icati-db") for name in ran_on)
    assert errors == ["refused"] * 5
    assert released_on_gui == [True] * 10


def test_an_ordinary_user_error_is_noted_without_a_traceback(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path, caplog: Any
) -> None:
    """A value the form refuses is the person's to fix: no ERROR and no traceback in the log,
    while a real failure still gets both."""
    import logging

    from pydantic import BaseModel

    class Title(BaseModel):
        text: str

    services = make_services(lambda: open_or_create(tmp_path / "data", None))
    errors: list[BaseException] = []

    def refused(store: Store) -> None:
        Title.model_validate({"text": None})

    def broken(store: Store) -> None:
        raise ZeroDivisionError("a bug")

    def worker_records() -> list[logging.LogRecord]:
        # the store is made by the first job: its migrations log too, from alembic
        return [r for r in caplog.records if r.name == "icati_desktop.gui.db_worker"]

    with caplog.at_level(logging.INFO, logger="icati_desktop.gui.db_worker"):
        services.run(refused, lambda _v: None, errors.append)
        qtbot.waitUntil(lambda: len(errors) == 1, timeout=20_000)
        assert [r.levelno for r in worker_records()] == [logging.INFO]
        assert worker_records()[0].exc_info is None
        services.run(broken, lambda _v: None, errors.append)
        qtbot.waitUntil(lambda: len(errors) == 2, timeout=20_000)
    assert worker_records()[-1].levelno == logging.ERROR
    assert worker_records()[-1].exc_info


def test_a_result_for_a_closed_screen_is_dropped(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    """The window is rebuilt when the app switches to the central database and back; a
    dashboard's figures arriving after its table was destroyed must not raise in the
    event loop, and the next screen's results still arrive."""
    from PySide6.QtWidgets import QLabel

    services = make_services(lambda: open_or_create(tmp_path / "data", None))
    gone = QLabel()
    kept = QLabel()
    qtbot.addWidget(kept)
    started = threading.Event()
    release = threading.Event()

    def slow(store: Store) -> str:
        started.set()
        release.wait(10)
        return "figures"

    services.run(slow, gone.setText)
    services.run(lambda store: "next screen", kept.setText)
    assert started.wait(10)
    gone.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(gone), timeout=5_000)
    release.set()
    qtbot.waitUntil(lambda: kept.text() == "next screen", timeout=10_000)
