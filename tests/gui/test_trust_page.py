"""Trust management: HQ enrols and revokes a field device; a field device shows its HQ."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from icati_desktop.gui.services import AppServices
from icati_desktop.gui.sync.scope_dialog import ScopeDialog
from icati_desktop.gui.sync.trust_devices import COUNTRIES
from icati_desktop.gui.sync.trust_page import FingerprintDialog, TrustPage
from icati_desktop.store.country_choices import country_choices
from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.preferences import COUNTRIES_OF_INTEREST
from icati_desktop.store.scopes import removals_for
from icati_desktop.store.settings import set_setting
from icati_desktop.store.store import Store
from icati_desktop.sync.cards import SignedCard, read_card_file
from icati_desktop.sync.central_scope import CentralTarget
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.importer import import_bundle
from icati_desktop.sync.scopes import ScopeChoice
from icati_desktop.sync.trust import TrustedDevice
from tests.gui.conftest import DatabaseThreadGuard
from tests.sync.network import card_of, enrol

ServicesFactory = Callable[[Callable[[], Store]], AppServices]
SCREENSHOTS = Path(os.environ.get("ICATI_SCREENSHOT_DIR", "/tmp"))


def make_device(directory: Path, role: Role, name: str) -> Store:
    store = open_store(directory)
    initialise_device(store, role, name)
    return store


def open_page(qtbot: QtBot, make_services: ServicesFactory, data_dir: Path) -> TrustPage:
    page = TrustPage(make_services(lambda: open_store(data_dir)))
    qtbot.addWidget(page)
    page.resize(1366 - 200, 768 - 80)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.state is not None, timeout=20_000)
    return page


def rows(page: TrustPage) -> list[dict[str, str]]:
    model = page.model
    columns = range(model.columnCount())
    titles = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns]
    return [
        {titles[c]: str(model.index(r, c).data()) for c in columns} for r in range(model.rowCount())
    ]


def test_hq_enrols_a_field_card_sees_its_fingerprint_and_revokes_it(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    hq = make_device(tmp_path / "hq", Role.HQ, "ICATI HQ")
    expert = make_device(tmp_path / "amina", Role.FIELD, "Amina Diallo")
    with expert.write() as tx:
        set_setting(tx.session, COUNTRIES_OF_INTEREST, ["KEN"])
    card_file = tmp_path / "amina.json"
    card_file.write_text(card_of(expert).to_json(), encoding="utf-8")
    hq_fingerprint = card_of(hq).fingerprint
    hq.close()
    expert.close()
    expected = read_card_file(card_file).fingerprint

    page = open_page(qtbot, make_services, tmp_path / "hq")
    assert page.fingerprint_value.text() == hq_fingerprint
    assert page.role_value.text() == "central office"
    assert page.enrol_button.isVisible()
    assert not page.hq_box.isVisible()
    assert page.model.rowCount() == 0

    shown: list[tuple[str, str]] = []

    def confirm(card: SignedCard, question: str) -> bool:
        dialog = FingerprintDialog(card, question, page)
        shown.append((dialog.fingerprint.text(), question))
        dialog.grab().save(str(SCREENSHOTS / "trust-fingerprint-dialog.png"))
        return True

    page.choose_card_file = lambda _title: card_file  # type: ignore[method-assign]
    page.confirm_fingerprint = confirm  # type: ignore[method-assign]
    proposals: list[list[str] | None] = []

    def confirm_countries(
        name: str, current: ScopeChoice, proposed: list[str] | None
    ) -> tuple[ScopeChoice, bool]:
        proposals.append(proposed)
        return ScopeChoice.of(["KEN", "UGA"]), False

    page.choose_scope = confirm_countries  # type: ignore[method-assign]
    with qtbot.waitSignal(page.changed, timeout=10_000):
        qtbot.mouseClick(page.enrol_button, Qt.MouseButton.LeftButton)
    assert shown == [(expected, "Does this match what the expert reads to you?")]
    assert proposals == [["KEN"]]  # what the expert chose at first run
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    [row] = rows(page)
    assert row["Name"] == "Amina Diallo"
    assert row["Role"] == "field device"
    assert row["Countries"] == "Kenya and Uganda"
    assert row["Fingerprint"] == expected
    assert row["Source"] == "added here"
    assert row["Revoked"] == "—"
    assert expected in page.notice.text()

    assert not page.revoke_button.isEnabled()  # nothing selected yet
    page.select_device(page.model.devices[0].device_id)
    assert page.revoke_button.isEnabled()
    page.grab().save(str(SCREENSHOTS / "trust-page-hq.png"))
    asked: list[TrustedDevice] = []
    page.confirm_revoke = lambda device: asked.append(device) or True  # type: ignore[method-assign]
    with qtbot.waitSignal(page.changed, timeout=10_000):
        qtbot.mouseClick(page.revoke_button, Qt.MouseButton.LeftButton)
    assert [d.name for d in asked] == ["Amina Diallo"]
    qtbot.waitUntil(lambda: page.model.devices[0].revoked, timeout=10_000)
    assert rows(page)[0]["Revoked"] != "—"
    page.select_device(page.model.devices[0].device_id)
    assert not page.revoke_button.isEnabled()  # revoked stays revoked

    # enrolling the same card again is refused, with the reason
    errors: list[tuple[str, str]] = []
    page.show_error = lambda title, text: errors.append((title, text))  # type: ignore[method-assign]
    page.enrol()
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert "revoked" in errors[0][1]
    page.grab().save(str(SCREENSHOTS / "trust-page-hq-revoked.png"))


def test_a_declined_fingerprint_trusts_nothing(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    hq = make_device(tmp_path / "hq", Role.HQ, "ICATI HQ")
    expert = make_device(tmp_path / "amina", Role.FIELD, "Amina")
    card_file = tmp_path / "amina.json"
    card_file.write_text(card_of(expert).to_json(), encoding="utf-8")
    hq.close()
    expert.close()
    page = open_page(qtbot, make_services, tmp_path / "hq")
    declined: list[str] = []
    page.choose_card_file = lambda _title: card_file  # type: ignore[method-assign]
    page.confirm_fingerprint = lambda card, _q: declined.append(card.fingerprint) and False  # type: ignore[method-assign]
    page.enrol()
    qtbot.waitUntil(lambda: bool(declined), timeout=10_000)
    qtbot.waitUntil(lambda: page.notice.text() == "Nothing was trusted.", timeout=5_000)
    page.refresh()
    qtbot.wait(300)
    assert page.model.rowCount() == 0


def test_a_field_device_shows_its_hq_and_saves_its_card(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    hq = make_device(tmp_path / "hq", Role.HQ, "ICATI Central Office")
    expert = make_device(tmp_path / "amina", Role.FIELD, "Amina Diallo")
    enrol(hq, expert)
    hq_fingerprint = card_of(hq).fingerprint
    own_fingerprint = card_of(expert).fingerprint
    hq.close()
    expert.close()
    page = open_page(qtbot, make_services, tmp_path / "amina")
    assert page.hq_box.isVisible()
    assert "ICATI Central Office" in page.hq_name.text()
    assert page.hq_fingerprint.text() == hq_fingerprint
    assert not page.trust_hq_button.isVisible()
    assert not page.enrol_button.isVisible()
    assert not page.revoke_button.isVisible()
    assert not page.countries_button.isVisible()
    assert page.table.isColumnHidden(COUNTRIES)  # other devices' countries are HQ's to know
    page.grab().save(str(SCREENSHOTS / "trust-page-field.png"))

    out = tmp_path / "mine.json"
    page.choose_card_destination = lambda _suggested: out  # type: ignore[method-assign]
    qtbot.mouseClick(page.save_card_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(out.exists, timeout=10_000)
    qtbot.waitUntil(lambda: "saved" in page.notice.text(), timeout=5_000)
    assert read_card_file(out).fingerprint == own_fingerprint


def test_a_field_device_without_hq_offers_to_trust_one(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    hq = make_device(tmp_path / "hq", Role.HQ, "ICATI HQ")
    expert = make_device(tmp_path / "amina", Role.FIELD, "Amina")
    card_file = tmp_path / "hq.json"
    card_file.write_text(card_of(hq).to_json(), encoding="utf-8")
    hq.close()
    expert.close()
    page = open_page(qtbot, make_services, tmp_path / "amina")
    assert "No HQ is trusted yet" in page.hq_name.text()
    assert page.trust_hq_button.isVisible()
    page.grab().save(str(SCREENSHOTS / "trust-page-field-no-hq.png"))
    questions: list[str] = []
    page.choose_card_file = lambda _title: card_file  # type: ignore[method-assign]
    page.confirm_fingerprint = lambda _card, q: questions.append(q) or True  # type: ignore[method-assign]
    with qtbot.waitSignal(page.changed, timeout=10_000):
        qtbot.mouseClick(page.trust_hq_button, Qt.MouseButton.LeftButton)
    assert questions == ["Does this match what your central office reads to you?"]
    qtbot.waitUntil(lambda: "ICATI HQ" in page.hq_name.text(), timeout=10_000)
    assert not page.trust_hq_button.isVisible()


def test_hq_changes_a_devices_countries_and_asks_for_removal(
    qtbot: QtBot,
    make_services: ServicesFactory,
    tmp_path: Path,
    db_thread_guard: DatabaseThreadGuard,
) -> None:
    hq = make_device(tmp_path / "hq", Role.HQ, "ICATI HQ")
    expert = make_device(tmp_path / "amina", Role.FIELD, "Amina Diallo")
    enrol(hq, expert, "KEN,UGA")
    hq.close()
    expert.close()
    page = open_page(qtbot, make_services, tmp_path / "hq")
    assert rows(page)[0]["Countries"] == "Kenya and Uganda"
    assert not page.countries_button.isEnabled()  # nothing selected yet
    page.select_device(page.model.devices[0].device_id)
    assert page.countries_button.isEnabled()
    asked: list[ScopeChoice] = []

    def keep_kenya(
        name: str, current: ScopeChoice, proposed: list[str] | None
    ) -> tuple[ScopeChoice, bool]:
        asked.append(current)
        return ScopeChoice.of(["KEN"]), True

    page.choose_scope = keep_kenya  # type: ignore[method-assign]
    with qtbot.waitSignal(page.changed, timeout=10_000):
        qtbot.mouseClick(page.countries_button, Qt.MouseButton.LeftButton)
    assert asked == [ScopeChoice.of(["KEN", "UGA"])]
    qtbot.waitUntil(lambda: rows(page)[0]["Countries"] == "Kenya", timeout=10_000)
    assert "remove the records of Uganda" in page.notice.text()
    db_thread_guard.armed = False  # the test itself reads what the page wrote
    store = open_store(tmp_path / "hq")
    try:
        with store.read() as session:
            removals = removals_for(session, page.model.devices[0].device_id)
    finally:
        store.close()
    assert [r.countries for r in removals.values()] == [["UGA"]]


def test_the_country_picker_confirms_a_proposal_and_offers_removal(
    qtbot: QtBot, tmp_path: Path
) -> None:
    store = make_device(tmp_path / "hq", Role.HQ, "ICATI HQ")
    countries = country_choices(store)
    store.close()
    enrolling = ScopeDialog("Amina", countries, ScopeChoice(), proposed=["KEN", "UGA"])
    qtbot.addWidget(enrolling)
    assert "Kenya and Uganda" in enrolling.proposal.text()
    assert enrolling.choice() == ScopeChoice.of(["KEN", "UGA"])
    assert not enrolling.remove_lost.isVisibleTo(enrolling)
    enrolling.every.setChecked(True)
    assert enrolling.choice() == ScopeChoice.everything()
    assert not enrolling.checklist.isEnabled()

    editing = ScopeDialog("Amina", countries, ScopeChoice.of(["KEN", "UGA"]))
    qtbot.addWidget(editing)
    assert not editing.proposal.isVisibleTo(editing)
    editing.checklist.set_checked(["KEN"])
    assert editing.remove_lost.isVisibleTo(editing)
    assert "Uganda" in editing.lost_note.text()
    assert not editing.wants_removal()  # destroying data is never the default
    editing.remove_lost.setChecked(True)
    editing.show()
    assert editing.wants_removal()
    editing.grab().save(str(SCREENSHOTS / "trust-countries-dialog.png"))


def test_a_field_device_sees_the_countries_hq_shares_with_it(
    qtbot: QtBot,
    make_services: ServicesFactory,
    tmp_path: Path,
    db_thread_guard: DatabaseThreadGuard,
) -> None:
    hq = make_device(tmp_path / "hq", Role.HQ, "ICATI HQ")
    expert = make_device(tmp_path / "amina", Role.FIELD, "Amina Diallo")
    enrol(hq, expert, "KEN,UGA")
    page = open_page(qtbot, make_services, tmp_path / "amina")
    assert "has not chosen the countries" in page.hq_box.countries.text()
    db_thread_guard.armed = False  # the exchange with HQ happens outside the page
    bundle = tmp_path / "for-amina.icati"
    export_bundle(hq, bundle, central=CentralTarget.for_device("Amina Diallo"))
    import_bundle(expert, bundle)
    hq.close()
    expert.close()
    page.refresh()
    qtbot.waitUntil(lambda: "Kenya and Uganda" in page.hq_box.countries.text(), timeout=10_000)


def test_the_devices_table_names_its_date_column_as_a_date_in_every_language() -> None:
    from icati_desktop.gui.sync.trust_devices import TrustedDevicesModel
    from icati_desktop.i18n import set_language

    titles = {}
    for language in ("en", "fr", "ar"):
        set_language(language)
        model = TrustedDevicesModel()
        titles[language] = str(model.headerData(5, Qt.Orientation.Horizontal))
    set_language("en")
    assert titles == {"en": "Date added", "fr": "Date d’ajout", "ar": "تاريخ الإضافة"}
