"""The first-run wizard on the real widgets: every page, the default start, HQ's bundle."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from icati_desktop import paths
from icati_desktop.gui.first_run import FirstRunGate, FirstRunWizard
from icati_desktop.gui.language import apply_language
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.settings import LANGUAGE
from icati_desktop.i18n import _
from icati_desktop.store.demo import DemoSpec, run_demo
from icati_desktop.store.device import DeviceInfo, Role, read_device
from icati_desktop.store.opening import open_store
from icati_desktop.store.preferences import PersonRole, countries_of_interest, person_role
from icati_desktop.store.store import Store
from icati_desktop.store.sync_state import bundle_history
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.importer import import_bundle
from icati_desktop.sync.trust import TrustedDevice, list_trusted
from tests.sync.network import card_of, enrol

ServicesFactory = Callable[[Callable[[], Store]], AppServices]
T = TypeVar("T")
FINISH = QWizard.WizardButton.FinishButton


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    apply_language(cast(QApplication, QApplication.instance()), "en")


def on_worker(qtbot: QtBot, services: AppServices, job: Callable[[Store], T]) -> T:
    results: list[T] = []
    services.run(job, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    return results[0]


def open_wizard(qtbot: QtBot, services: AppServices) -> FirstRunWizard:
    wizard = FirstRunWizard(services)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.profile_page.model.rowCount() > 100, timeout=10_000)
    return wizard


def fill_to_start_page(
    qtbot: QtBot, wizard: FirstRunWizard, role: PersonRole, countries: list[str]
) -> None:
    assert wizard.currentPage() is wizard.language_page
    wizard.next()
    assert wizard.currentPage() is wizard.role_page
    wizard.role_page.choose(role)
    wizard.next()
    page = wizard.profile_page
    assert wizard.currentPage() is page
    wizard.next()  # no name yet: the page says why and stays
    assert wizard.currentPage() is page
    assert page.name_error.isVisible()
    assert "name" in page.name_error.text()
    qtbot.keyClicks(page.name, "Karim Haddad")
    assert not page.name_error.isVisible()
    for name in countries:
        page.filter.setText(name)
        assert page.proxy.rowCount() >= 1
        source = page.proxy.mapToSource(page.proxy.index(0, 0))
        page.model.itemFromIndex(source).setCheckState(Qt.CheckState.Checked)
    page.filter.clear()
    assert page.selected_label.text().startswith(f"{len(countries)} countr")
    wizard.next()
    assert wizard.currentPage() is wizard.start_page


def test_finish_with_the_default_content(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    services = make_services(lambda: open_store(tmp_path / "new"))
    wizard = open_wizard(qtbot, services)
    fill_to_start_page(qtbot, wizard, PersonRole.FOCAL_POINT, ["Kenya", "Brazil"])
    start = wizard.start_page
    assert start.import_choice.isChecked()  # a field role starts from HQ's bundle by default
    assert not wizard.button(FINISH).isEnabled()  # no bundle chosen yet
    start.default_choice.setChecked(True)
    assert wizard.button(FINISH).isEnabled()
    with qtbot.waitSignal(wizard.completed, timeout=20_000) as finished:
        qtbot.mouseClick(wizard.button(FINISH), Qt.MouseButton.LeftButton)
    assert finished.args[0].imported is None
    assert not wizard.isVisible()

    def state(store: Store) -> tuple[DeviceInfo | None, PersonRole | None, list[str]]:
        with store.read() as session:
            device = read_device(session)
        return device, person_role(store), countries_of_interest(store)

    device, role, countries = on_worker(qtbot, services, state)
    assert device is not None
    assert (device.role, device.name) == (Role.FIELD, "Karim Haddad")
    assert role is PersonRole.FOCAL_POINT
    assert countries == ["BRA", "KEN"]
    assert LANGUAGE.get(QSettings()) == "en"


def test_arabic_lays_the_wizard_out_right_to_left(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    wizard = open_wizard(qtbot, make_services(lambda: open_store(tmp_path / "new")))
    assert wizard.layoutDirection() == Qt.LayoutDirection.LeftToRight
    english_title = wizard.windowTitle()
    wizard.language_page.choose("ar")
    assert wizard.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert wizard.start_page.fingerprint.layoutDirection() == Qt.LayoutDirection.LeftToRight
    catalog = paths.translations_dir() / "ar" / "LC_MESSAGES" / "icati.po"
    if catalog.is_file() and _("Set up ICATI Desktop") != english_title:
        assert wizard.windowTitle() == _("Set up ICATI Desktop")
    kenya = next(
        wizard.profile_page.model.item(row)
        for row in range(wizard.profile_page.model.rowCount())
        if wizard.profile_page.model.item(row).data(Qt.ItemDataRole.UserRole) == "KE"
    )
    assert kenya.text() == "كينيا"  # country names follow the language (CLDR)
    wizard.language_page.choose("fr")
    assert wizard.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert kenya.text() == "Kenya"


@pytest.fixture
def central_bundle(tmp_path: Path) -> tuple[Path, TrustedDevice | Any]:
    """HQ with an enrolled expert's two meetings, and HQ's central bundle."""
    hq = open_store(tmp_path / "hq")
    initialise_device(hq, Role.HQ, "ICATI HQ Vienna")
    expert = open_store(tmp_path / "expert")
    initialise_device(expert, Role.FIELD, "Amina")
    enrol(hq, expert)
    run_demo(expert, DemoSpec(seed=9, countries=1, meetings=2, action_items=1))
    export_bundle(expert, tmp_path / "amina.icati")
    import_bundle(hq, tmp_path / "amina.icati")
    bundle = tmp_path / "central.icati"
    export_bundle(hq, bundle)
    card = card_of(hq)
    hq.close()
    expert.close()
    return bundle, card


def test_import_hqs_bundle_after_the_fingerprint_is_confirmed(
    qtbot: QtBot,
    make_services: ServicesFactory,
    tmp_path: Path,
    central_bundle: tuple[Path, Any],
) -> None:
    bundle, hq_card = central_bundle
    services = make_services(lambda: open_store(tmp_path / "new"))
    wizard = open_wizard(qtbot, services)
    fill_to_start_page(qtbot, wizard, PersonRole.FIELD_EXPERT, ["Kenya"])
    start = wizard.start_page
    start.ask_for_bundle = lambda: bundle  # type: ignore[method-assign]
    qtbot.mouseClick(start.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: start.info is not None, timeout=10_000)
    assert start.hq_box.isVisible()
    assert start.fingerprint.text() == hq_card.fingerprint
    assert "ICATI HQ Vienna" in start.hq_label.text()
    assert not wizard.button(FINISH).isEnabled()  # not before "It matches" is ticked
    start.matches.setChecked(True)
    assert wizard.button(FINISH).isEnabled()
    with qtbot.waitSignal(wizard.completed, timeout=30_000) as finished:
        qtbot.mouseClick(wizard.button(FINISH), Qt.MouseButton.LeftButton)
    result = finished.args[0]
    assert result.import_refused is None
    assert result.imported.changes["meeting"]["added"] == 2

    def state(store: Store) -> tuple[list[TrustedDevice], list[str]]:
        with store.read() as session:
            history = [entry.source_name for entry in bundle_history(session)]
        return list_trusted(store), history

    trusted, history = on_worker(qtbot, services, state)
    hq_entry = next(d for d in trusted if d.role == "hq")
    assert (hq_entry.device_id, hq_entry.source) == (hq_card.device_id, "local")
    assert history == ["ICATI HQ Vienna"]


def test_a_file_that_is_not_a_bundle_says_why(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.icati"
    junk.write_bytes(b"not a bundle at all")
    wizard = open_wizard(qtbot, make_services(lambda: open_store(tmp_path / "new")))
    fill_to_start_page(qtbot, wizard, PersonRole.FIELD_EXPERT, [])
    start = wizard.start_page
    start.load(junk)
    qtbot.waitUntil(lambda: bool(start.error.text()), timeout=10_000)
    assert "This is not an ICATI sync file" in start.error.text()
    assert start.info is None
    assert not wizard.button(FINISH).isEnabled()


def test_the_gate_shows_the_wizard_only_for_a_store_without_device(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    ready_store = open_store(tmp_path / "ready")
    initialise_device(ready_store, Role.FIELD, "Amina")
    ready_store.close()
    gate = FirstRunGate(make_services(lambda: open_store(tmp_path / "ready")))
    with qtbot.waitSignal(gate.ready, timeout=10_000):
        gate.start()
    assert gate.wizard is None
    fresh = FirstRunGate(make_services(lambda: open_store(tmp_path / "fresh")))
    fresh.start()
    qtbot.waitUntil(lambda: fresh.wizard is not None, timeout=10_000)
    assert fresh.wizard is not None
    qtbot.addWidget(fresh.wizard)
    with qtbot.waitSignal(fresh.cancelled, timeout=5_000):
        fresh.wizard.reject()
