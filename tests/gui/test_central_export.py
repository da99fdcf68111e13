"""HQ's export from the GUI: who is the bundle for (one device, every device, a new
device), then where; the message says what the file holds and who can open it."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from icati_desktop.domain.meetings import Meeting, MeetingFormat, MeetingType
from icati_desktop.gui.language import apply_language
from icati_desktop.gui.main_window import MainWindow
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.sync.central_export_dialog import (
    CentralExportDialog,
    ExportChoice,
    ExportKind,
    ExportTargets,
)
from icati_desktop.gui.sync.preview import ImportPreviewDialog
from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.sync.central_scope import CentralTarget
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.importer import import_bundle
from icati_desktop.sync.scopes import ScopeChoice, set_scope
from tests.gui.test_sync_flow import Messages, messages  # noqa: F401  (fixture)
from tests.sync.network import device_id, enrol

ServicesFactory = Callable[[Callable[[], Store]], AppServices]
SCREENSHOTS = Path(os.environ.get("ICATI_SCREENSHOT_DIR", "/tmp"))


@pytest.fixture
def hq_with_devices(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    hq = open_store(tmp_path / "hq")
    initialise_device(hq, Role.HQ, "ICATI HQ")
    ids = {}
    for name, countries in (("Amina Diallo", "KEN"), ("Karim Haddad", "all")):
        expert = open_store(tmp_path / name.split()[0])
        initialise_device(expert, Role.FIELD, name)
        enrol(hq, expert, countries)
        ids[name] = device_id(expert)
        expert.close()
    hq.close()
    return tmp_path / "hq", ids


def hq_window(qtbot: QtBot, make_services: ServicesFactory, hq_dir: Path) -> MainWindow:
    window = MainWindow(make_services(lambda: open_store(hq_dir)))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.home.counts.rowCount() > 0, timeout=20_000)
    return window


def test_hq_exports_for_one_device_then_for_every_device(
    qtbot: QtBot,
    make_services: ServicesFactory,
    hq_with_devices: tuple[Path, dict[str, str]],
    messages: Messages,  # noqa: F811
    tmp_path: Path,
) -> None:
    hq_dir, ids = hq_with_devices
    window = hq_window(qtbot, make_services, hq_dir)
    offered: list[ExportTargets] = []

    def for_amina(targets: ExportTargets) -> ExportChoice:
        offered.append(targets)
        return ExportChoice(ExportKind.DEVICE, ids["Amina Diallo"], "Amina Diallo")

    suggested: list[str] = []
    window.flows.choose_central = for_amina  # type: ignore[method-assign]
    window.flows.choose_save_path = lambda _title, name: (  # type: ignore[method-assign]
        suggested.append(name) or tmp_path / name
    )
    window.flows.choose_and_export()
    qtbot.waitUntil(lambda: any(m[1] == "Bundle written" for m in messages.shown), timeout=20_000)
    assert [name for _, name in offered[0].devices] == ["Amina Diallo", "Karim Haddad"]
    assert offered[0].scopes[ids["Amina Diallo"]] == ScopeChoice.of(["KEN"])
    [file_name] = suggested
    assert file_name == f"Amina-Diallo-{ids['Amina Diallo'][:8]}.icati"
    assert (tmp_path / file_name).read_bytes().startswith(b"age-encryption.org/v1\n")
    assert "only Amina Diallo's device can open it" in window.flows.last_message

    messages.shown.clear()
    window.flows.choose_central = lambda _t: ExportChoice(ExportKind.EVERY_DEVICE)  # type: ignore[method-assign]
    window.flows.choose_folder = lambda: tmp_path / "every"  # type: ignore[method-assign]
    window.flows.choose_and_export()
    qtbot.waitUntil(lambda: any(m[1] == "Bundles written" for m in messages.shown), timeout=30_000)
    assert len(list((tmp_path / "every").glob("*.icati"))) == 2
    assert "Karim Haddad: Karim-Haddad-" in window.flows.last_message

    messages.shown.clear()
    window.flows.choose_central = lambda _t: ExportChoice(ExportKind.CONTENT_ONLY)  # type: ignore[method-assign]
    window.flows.choose_and_export()
    qtbot.waitUntil(lambda: any(m[1] == "Bundle written" for m in messages.shown), timeout=20_000)
    assert (tmp_path / "content-only.icati").read_bytes().startswith(b"PK")
    assert "not encrypted" in window.flows.last_message


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_export_dialog_names_devices_and_countries(
    qtbot: QtBot, qapp: QApplication, language: str
) -> None:
    from icati_desktop.store.country_choices import CountryChoice

    countries = [
        CountryChoice(alpha2="KE", alpha3="KEN", name="Kenya"),
        CountryChoice(alpha2="UG", alpha3="UGA", name="Uganda"),
    ]
    targets = ExportTargets(
        Role.HQ,
        [("a" * 32, "Amina Diallo"), ("b" * 32, "Karim Haddad")],
        {"a" * 32: ScopeChoice.of(["KEN", "UGA"]), "b" * 32: ScopeChoice.everything()},
        countries,
    )
    apply_language(qapp, language)
    try:
        dialog = CentralExportDialog(targets)
        qtbot.addWidget(dialog)
        dialog.show()
        items = [dialog.devices.itemText(i) for i in range(dialog.devices.count())]
        if language == "en":
            assert items == ["Amina Diallo — Kenya and Uganda", "Karim Haddad — every country"]
        else:
            assert "KEN" not in items[0]
            assert "Amina Diallo" in items[0]
        assert dialog.choice() == ExportChoice(ExportKind.DEVICE, "a" * 32, "Amina Diallo")
        dialog.devices.setCurrentIndex(1)
        assert dialog.choice().device_name == "Karim Haddad"
        assert not dialog.empty.isVisible()
        dialog.grab().save(str(SCREENSHOTS / f"export-for-device-{language}.png"))
    finally:
        apply_language(qapp, "en")


def test_with_no_device_enrolled_only_content_is_offered(qtbot: QtBot) -> None:
    dialog = CentralExportDialog(ExportTargets(Role.HQ))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.empty.isVisible()
    assert not dialog.one.isEnabled()
    assert not dialog.every.isEnabled()
    assert dialog.choice() == ExportChoice(ExportKind.CONTENT_ONLY)


def test_a_field_device_exports_to_its_hq_without_questions(
    qtbot: QtBot,
    make_services: ServicesFactory,
    tmp_path: Path,
    messages: Messages,  # noqa: F811
) -> None:
    hq = open_store(tmp_path / "hq")
    initialise_device(hq, Role.HQ, "ICATI HQ")
    expert = open_store(tmp_path / "amina")
    initialise_device(expert, Role.FIELD, "Amina")
    enrol(hq, expert, "KEN")
    hq.close()
    expert.close()
    window = MainWindow(make_services(lambda: open_store(tmp_path / "amina")))
    qtbot.addWidget(window)
    asked: list[ExportTargets] = []
    window.flows.choose_central = lambda t: asked.append(t)  # type: ignore[method-assign]
    window.flows.choose_save_path = lambda _t, _s: tmp_path / "to-hq.icati"  # type: ignore[method-assign]
    window.flows.choose_and_export()
    qtbot.waitUntil(lambda: any(m[1] == "Bundle written" for m in messages.shown), timeout=20_000)
    assert asked == []
    assert "encrypted for your central office" in window.flows.last_message


def test_the_preview_and_the_result_say_what_a_removal_takes_away(
    qtbot: QtBot,
    make_services: ServicesFactory,
    tmp_path: Path,
    messages: Messages,  # noqa: F811
) -> None:
    hq = open_store(tmp_path / "hq")
    initialise_device(hq, Role.HQ, "ICATI HQ")
    expert = open_store(tmp_path / "amina")
    initialise_device(expert, Role.FIELD, "Amina")
    enrol(hq, expert, "KEN,UGA")
    RecordService(hq).create(
        Meeting(
            title="Steering committee",
            country="UGA",
            held_on=date(2026, 3, 2),
            format=MeetingFormat.IN_PERSON,
            meeting_type=MeetingType.STRATEGIC,
        )
    )
    first, second = tmp_path / "first.icati", tmp_path / "second.icati"
    export_bundle(hq, first, central=CentralTarget.for_device("Amina"))
    import_bundle(expert, first)
    set_scope(hq, "Amina", ScopeChoice.of(["KEN"]), remove_lost=True)
    export_bundle(hq, second, central=CentralTarget.for_device("Amina"))
    hq.close()
    expert.close()
    window = MainWindow(make_services(lambda: open_store(tmp_path / "amina")))
    qtbot.addWidget(window)
    notes: list[str] = []

    def confirm(dialog: ImportPreviewDialog) -> bool:
        notes.extend(dialog.notes)
        return True

    window.flows.confirm = confirm
    window.flows.preview(second)
    qtbot.waitUntil(lambda: any(m[1] == "Import complete" for m in messages.shown), timeout=20_000)
    assert notes == [
        "At HQ's request, this import removes 1 record of countries this device no longer "
        "works on (HQ keeps it)."
    ]
    assert "1 record of countries this device no longer works on was removed" in (
        window.flows.last_message
    )
