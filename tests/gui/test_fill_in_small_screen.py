"""The fill-in fits a 1024×600 netbook screen: no horizontal scrolling, in every language."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractScrollArea, QApplication
from pytestqt.qtbot import QtBot

from icati_desktop.gui.language import apply_language
from icati_desktop.gui.main_window import MainWindow
from icati_desktop.gui.services import AppServices
from icati_desktop.store.assessments import create_assessment
from icati_desktop.store.store import Store
from tests.gui.stores import open_or_create
from tests.gui.test_assessment_fill_in import run_job

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ServicesFactory = Callable[[Callable[[], Store]], AppServices]


@pytest.fixture(params=["en", "fr", "ar"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_language(qapp, request.param)
    yield request.param
    apply_language(qapp, "en")


def test_the_fill_in_fits_1024_by_600_without_horizontal_scrolling(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path, language: str
) -> None:
    services = make_services(lambda: open_or_create(tmp_path / "data", None))
    assessment_id = run_job(
        qtbot,
        services,
        lambda store: create_assessment(store, country="KEN", assessed_on=date(2026, 2, 1)),
    )
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(1024, 600)
    window.show()
    qtbot.waitExposed(window)
    page = window.assessments_page
    window.show_page(window.assessments)
    page.open_assessment(assessment_id)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.fill_in, timeout=20_000)
    qtbot.waitUntil(lambda: page.fill_in.assessment is not None, timeout=20_000)
    qtbot.waitUntil(lambda: bool(page.fill_in.editors), timeout=20_000)
    assert page.fill_in.isVisible()
    if os.environ.get("ICATI_SCREENSHOTS"):
        page.fill_in.go_to_domain(1)
        qtbot.wait(200)
        window.grab().save(str(SCREENSHOTS / f"assessment-fill-in-1024x600-{language}.png"))
    assert window.width() <= 1024
    assert window.height() <= 600
    for domain in range(page.fill_in.domains.count()):
        page.fill_in.go_to_domain(domain)
        qtbot.wait(50)
        areas = [a for a in page.fill_in.findChildren(QAbstractScrollArea) if a.isVisible()]
        assert areas
        for area in areas:
            if area.isVisible():
                bar = area.horizontalScrollBar()
                assert not bar.isVisible(), (language, domain, type(area).__name__, bar.maximum())
