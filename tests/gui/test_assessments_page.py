"""The Assessments page on the real widgets: the list, the country filter, a new
assessment with its participants, opening one, and the hook for the results screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from icati_desktop.domain.assessments import Answer
from icati_desktop.domain.directory import Person
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.gui.assessments.model import COUNTRY, PHASE, PROGRESS, STATUS
from icati_desktop.gui.assessments.page import AssessmentsPage
from icati_desktop.gui.language import apply_language
from icati_desktop.gui.services import AppServices
from icati_desktop.store.assessments import create_assessment, load, set_answer, submit
from icati_desktop.store.device import Role
from icati_desktop.store.form_versions import set_retired
from icati_desktop.store.forms import save_form
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from tests.formats.small_form import small_form_data
from tests.gui.stores import open_or_create
from tests.gui.test_assessment_fill_in import run_job

ServicesFactory = Callable[[Callable[[], Store]], AppServices]


def seed(store: Store) -> str:
    """Two assessments (Kenya, Colombia) and a Kenyan stakeholder; the stakeholder's id."""
    create_assessment(store, country="KEN", assessed_on=date(2025, 3, 1))
    create_assessment(store, country="COL", assessed_on=date(2026, 1, 15))
    person = Person.model_validate(
        {"display_name": "Amina Odhiambo", "country": "KEN", "role": "Judge"}
    )
    return RecordService(store).create(person).record_id


@pytest.fixture
def page(qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path) -> AssessmentsPage:
    services = make_services(lambda: open_or_create(tmp_path / "data", None))
    page = AssessmentsPage(services)
    page.stakeholder_id = run_job(qtbot, services, seed)  # type: ignore[attr-defined]
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=20_000)
    return page


def column(page: AssessmentsPage, index: int) -> list[str]:
    return [str(page.proxy.index(r, index).data()) for r in range(page.proxy.rowCount())]


def test_the_list_shows_each_assessment_and_filters_by_country(
    qtbot: QtBot, page: AssessmentsPage
) -> None:
    assert column(page, COUNTRY) == ["Colombia", "Kenya"]  # newest first
    assert column(page, STATUS) == ["Draft", "Draft"]
    assert column(page, PROGRESS) == ["0 of 35 answered", "0 of 35 answered"]
    assert page.count_label.text() == "2 assessments"
    page.country_filter.setCurrentIndex(page.country_filter.findData("KEN"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert column(page, COUNTRY) == ["Kenya"]


def test_a_new_assessment_names_its_participants_and_opens_the_fill_in(
    qtbot: QtBot, page: AssessmentsPage
) -> None:
    dialog = page.open_new_dialog()
    dialog.country.setCurrentIndex(dialog.country.findData("KEN"))
    qtbot.waitUntil(lambda: dialog.participants.count() == 1, timeout=20_000)
    qtbot.waitUntil(lambda: dialog.form.count() > 0, timeout=20_000)
    assert dialog.participants.item(0).text() == "Amina Odhiambo (Judge)"
    assert "version 1" in dialog.form.currentText()
    dialog.participants.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.keyClicks(dialog.names, "2 officials, Ministry of Health")
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.fill_in, timeout=20_000)
    view = page.fill_in
    qtbot.waitUntil(lambda: view.assessment is not None, timeout=20_000)
    assert view.title.text().startswith("Kenya · ")
    assessment_id = view.assessment_id
    assert assessment_id is not None

    def read(store: Store) -> object:
        with store.read() as session:
            return load(session, assessment_id)[0]

    created = run_job(qtbot, page.services, read)
    assert [str(i) for i in created.participant_ids] == [page.stakeholder_id]  # type: ignore[attr-defined]
    assert created.participant_names == ["2 officials, Ministry of Health"]
    with qtbot.waitSignal(page.results_requested) as blocker:
        qtbot.mouseClick(view.results, Qt.MouseButton.LeftButton)
    assert blocker.args == [assessment_id]
    qtbot.mouseClick(view.back, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=20_000)


def test_a_new_assessment_without_a_country_is_refused_with_a_message(
    qtbot: QtBot, page: AssessmentsPage
) -> None:
    dialog = page.open_new_dialog()
    dialog.country.setCurrentIndex(-1)
    dialog.country.setEditText("Atlantis")
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert dialog.error_text() == "Choose the country from the list (type part of its name)."
    assert dialog.isVisible()
    qtbot.wait(200)
    assert page.model.rowCount() == 2
    # Typing a country of the list puts the message away; another name brings nothing back.
    dialog.country.setEditText("Keny")
    assert dialog.error_text() == "Choose the country from the list (type part of its name)."
    dialog.country.setEditText("Kenya")
    assert dialog.error_text() == ""
    assert dialog.error.isHidden()


def test_drafts_show_their_phase_as_provisional(qtbot: QtBot, page: AssessmentsPage) -> None:
    kenya = next(r for r in page.model.rows() if r.country == "KEN")

    def answer(store: Store) -> None:
        # D1, D2, D3 at 1 or more (3 of 4 answered each) and the webinars at 3: phase 2.
        for item, value in {
            "d1_law_allows_treatment": 1, "d1_strategy_names_ati": 1, "d1_safeguards_defined": 1,
            "d2_steering_committee": 1, "d2_interagency_mous": 1, "d2_justice_support": 1,
            "d2_basics_webinars": 3, "d3_pre_arrest": 1, "d3_pre_trial": 1, "d3_court": 1,
        }.items():  # fmt: skip
            set_answer(store, kenya.record_id, item, Answer(value=value))

    run_job(qtbot, page.services, answer)
    # by its id: the list may already have reloaded the row with its new answers
    row = [r.record_id for r in page.model.rows()].index(kenya.record_id)
    index = page.model.index(row, PHASE)
    qtbot.waitUntil(
        lambda: page.model.data(index) == "2 · Systems Preparation (provisional)", timeout=20_000
    )
    assert "fixed when the assessment is submitted" in page.model.data(
        index, Qt.ItemDataRole.ToolTipRole
    )
    run_job(qtbot, page.services, lambda store: submit(store, kenya.record_id, language="en"))
    qtbot.waitUntil(lambda: page.model.data(index) == "2 · Systems Preparation", timeout=20_000)


def test_a_retired_form_version_is_not_offered_for_a_new_assessment(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    store = open_store(tmp_path / "hq")
    initialise_device(store, Role.HQ, "HQ")
    for version in ("1", "2"):
        save_form(store, FormDefinition.model_validate(small_form_data(version)))
    set_retired(store, "small", "2", True)
    store.close()
    services = make_services(lambda: open_store(tmp_path / "hq"))
    page = AssessmentsPage(services)
    qtbot.addWidget(page)
    dialog = page.open_new_dialog()
    qtbot.waitUntil(lambda: dialog.form.count() > 0, timeout=20_000)
    offered = [dialog.form.itemData(i) for i in range(dialog.form.count())]
    assert ("small", "1") in offered
    assert ("small", "2") not in offered


@pytest.fixture
def french() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_language(app, "fr")
    yield
    apply_language(app, "en")


def test_the_page_follows_a_language_switch(
    qtbot: QtBot, page: AssessmentsPage, french: None
) -> None:
    page.retranslate_ui()
    assert page.model.headerData(COUNTRY, Qt.Orientation.Horizontal) == "Pays"
    assert page.country_label.text() == "&Pays\u00a0:"  # French puts a no-break space before ":"
    assert column(page, COUNTRY) == ["Colombie", "Kenya"]


def test_an_assessment_added_elsewhere_appears_in_the_list(
    qtbot: QtBot, page: AssessmentsPage
) -> None:
    run_job(
        qtbot,
        page.services,
        lambda store: create_assessment(store, country="BRA", assessed_on=date(2026, 5, 2)),
    )
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=20_000)
    assert column(page, COUNTRY)[0] == "Brazil"
