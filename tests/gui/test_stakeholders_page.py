"""The Stakeholders section on the real widgets: the empty state, consent-covered contact
details, withdrawing consent (list, pane, search, XLSX export and the next bundle), erasing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text as sql

from icati_desktop.domain.directory import ConsentMethod, ConsentRecord, ConsentScope, Person
from icati_desktop.gui.library.jobs import search_job
from icati_desktop.gui.people.model import EMAIL, NAME
from icati_desktop.gui.people.page import StakeholdersPage
from icati_desktop.gui.services import AppServices
from icati_desktop.reports.people_export import export_people
from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.people_writes import save_person
from icati_desktop.store.store import Store
from icati_desktop.sync.central_scope import CentralTarget
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.importer import import_bundle
from tests.sync.network import device_id, enrol

ServicesFactory = Callable[[Callable[[], Store]], AppServices]
EMAIL_ADDRESS = "wanjiru.kamau@judiciary.example.ke"


def hq_store(data_dir: Path) -> Store:
    """A central office."""
    store = open_store(data_dir, None)
    initialise_device(store, Role.HQ, "ICATI HQ")
    return store


def run_job(qtbot: QtBot, services: AppServices, job: Callable[[Store], Any]) -> Any:
    results: list[Any] = []
    services.run(job, results.append, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    if isinstance(results[0], BaseException):
        raise results[0]
    return results[0]


def add_wanjiru(store: Store) -> str:
    consent = ConsentRecord(
        person_id="00000000-0000-4000-8000-000000000000",
        given=True,
        scope=ConsentScope.SHARE_WITH_PARTNERS,
        decided_on=date(2026, 3, 2),
        method=ConsentMethod.IN_PERSON,
        notice_version="2026-01",
        recorded_by="Expert A",
    )
    person = Person(
        display_name="Wanjiru Kamau", role="Magistrate", country="KEN", sector="justice",
        organisation_name="Kenya Judiciary", stages=["court"], decision_authority=True,
    )  # fmt: skip
    return save_person(store, person, consent=consent, emails=[EMAIL_ADDRESS])


@pytest.fixture
def page(qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path) -> StakeholdersPage:
    services = make_services(lambda: hq_store(tmp_path / "data"))
    widget = StakeholdersPage(services)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.country.count() > 100, timeout=20_000)
    return widget


def listed(page: StakeholdersPage, column: int) -> list[str]:
    return [str(page.model.index(r, column).data()) for r in range(page.model.rowCount())]


def test_an_empty_directory_says_what_to_do(page: StakeholdersPage) -> None:
    assert page.list_stack.currentWidget() is page.empty
    assert "Add person" in page.empty.text()
    assert not page.pane.erase_button.isEnabled()


def test_withdrawing_consent_removes_the_email_everywhere(
    qtbot: QtBot, page: StakeholdersPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    person_id = run_job(qtbot, page.services, add_wanjiru)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert listed(page, EMAIL) == [EMAIL_ADDRESS]
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.pane.detail is not None)
    assert EMAIL_ADDRESS in page.pane.contact.text()
    assert "Share with partner organisations" in page.pane.consent.text()

    asked: list[str] = []
    monkeypatch.setattr(page, "confirm", lambda title, text: asked.append(text) or False)
    qtbot.mouseClick(page.pane.withdraw_button, Qt.MouseButton.LeftButton)
    assert asked
    assert listed(page, EMAIL) == [EMAIL_ADDRESS]

    monkeypatch.setattr(page, "confirm", lambda title, text: True)
    qtbot.mouseClick(page.pane.withdraw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: listed(page, EMAIL) == [""], timeout=20_000)
    qtbot.waitUntil(lambda: "not shown" in page.pane.contact.text(), timeout=20_000)
    assert "withdrawn on" in page.pane.consent.text()
    assert listed(page, NAME) == ["Wanjiru Kamau"]

    found = run_job(qtbot, page.services, lambda s: search_job(s, "Wanjiru", "en"))
    assert [h.record_id for g in found.groups for h in g.hits] == [person_id]
    assert EMAIL_ADDRESS not in found.model_dump_json()
    sheet_path = tmp_path / "people.xlsx"
    run_job(qtbot, page.services, lambda s: export_people(s, sheet_path))
    sheet = load_workbook(sheet_path).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "Wanjiru Kamau" in cells
    assert EMAIL_ADDRESS not in cells
    # The next central bundle, for a laptop working on Kenya: the person, not the email.
    field: Store = run_job(qtbot, page.services, lambda _s: open_store(tmp_path / "field", None))

    def read_payloads(_hq: Store) -> list[str]:  # on the database thread, like every job
        with field.read() as session:
            return [str(p) for (p,) in session.execute(sql("SELECT payload FROM versions"))]

    try:
        run_job(qtbot, page.services, lambda _s: initialise_device(field, Role.FIELD, "Amina"))
        run_job(qtbot, page.services, lambda s: enrol(s, field, "KEN"))
        bundle = tmp_path / "central.icati"
        target = run_job(
            qtbot, page.services, lambda _s: CentralTarget.for_device(device_id(field))
        )
        run_job(qtbot, page.services, lambda s: export_bundle(s, bundle, central=target))
        run_job(qtbot, page.services, lambda _s: import_bundle(field, bundle))
        payloads = run_job(qtbot, page.services, read_payloads)
        assert any("Wanjiru Kamau" in p for p in payloads)
        assert not any(EMAIL_ADDRESS in p for p in payloads)
    finally:
        field.close()


def test_export_everything_then_erase(
    qtbot: QtBot, page: StakeholdersPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_job(qtbot, page.services, add_wanjiru)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.pane.detail is not None)
    dossier = tmp_path / "wanjiru.json"
    monkeypatch.setattr(page, "choose_dossier_path", lambda name: dossier)
    qtbot.mouseClick(page.pane.dossier_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dossier.exists, timeout=20_000)
    assert EMAIL_ADDRESS in dossier.read_text(encoding="utf-8")

    monkeypatch.setattr(page, "confirm", lambda title, text: "cannot be undone" in text)
    qtbot.mouseClick(page.pane.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=20_000)
    assert page.list_stack.currentWidget() is page.empty
    assert page.pane.detail is None
    found = run_job(qtbot, page.services, lambda s: search_job(s, "Wanjiru", "en"))
    assert found.groups == []


def test_sorting_and_filtering_run_in_the_store(qtbot: QtBot, page: StakeholdersPage) -> None:
    def seed(store: Store) -> None:
        for name, country in (
            ("Zainab Bello", "NGA"),
            ("Ana Ruiz", "COL"),
            ("Moses Otieno", "KEN"),
        ):
            save_person(store, Person(display_name=name, country=country))

    run_job(qtbot, page.services, seed)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert listed(page, NAME) == ["Ana Ruiz", "Moses Otieno", "Zainab Bello"]
    page._sort_by(NAME)
    qtbot.waitUntil(lambda: listed(page, NAME)[0] == "Zainab Bello")
    page.country.setCurrentIndex(page.country.findData("KEN"))
    qtbot.waitUntil(lambda: listed(page, NAME) == ["Moses Otieno"])
    assert page.count.text() == "1 person"
    page.search.setText("nobody-like-this")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert "Nobody matches" in page.empty.text()


def seed_people(store: Store) -> None:
    """A few stakeholders of Kenya and Colombia, one institution, consent of several kinds."""
    from icati_desktop.domain.directory import Organisation
    from icati_desktop.store.people_writes import save_organisation, withdraw_consent

    judiciary = save_organisation(
        store,
        Organisation(name="Kenya Judiciary", country="KEN", sector="justice",
                     sub_sector="courts", website="https://judiciary.go.ke"),
    )  # fmt: skip
    save_organisation(
        store, Organisation(name="National Authority for the Campaign Against Alcohol and Drug "
                            "Abuse", acronym="NACADA", country="KEN", sector="health"),
    )  # fmt: skip
    add_wanjiru(store)
    people = [
        ("Peter Mwangi", "Chief probation officer", "justice", "KEN", ["post_sentence"], True),
        ("Grace Achieng", "Addiction counsellor", "health", "KEN", ["court"], False),
        ("Ana Lucía Ruiz", "Fiscal", "justice", "COL", ["pre_trial"], True),
    ]
    for name, role, sector, country, stages, authority in people:
        person = Person(display_name=name, role=role, sector=sector, country=country,
                        stages=stages, decision_authority=authority,
                        organisation_id=judiciary if name == "Peter Mwangi" else None)  # fmt: skip
        consent = ConsentRecord(
            person_id="00000000-0000-4000-8000-000000000000", given=True,
            scope=ConsentScope.STORE_ONLY, decided_on=date(2026, 2, 11),
            method=ConsentMethod.VERBAL, notice_version="2026-01", recorded_by="Amina Diallo",
        )  # fmt: skip
        email = name.split()[0].lower() + "@example.org"
        pid = save_person(store, person, consent=consent, emails=[email])
        if name == "Grace Achieng":
            withdraw_consent(store, pid, date(2026, 4, 2))


def test_adding_a_person_needs_consent_for_contact_details(
    qtbot: QtBot, page: StakeholdersPage
) -> None:
    page.country.setCurrentIndex(page.country.findData("KEN"))
    page.open_person_dialog(None)
    qtbot.waitUntil(lambda: getattr(page, "person_dialog", None) is not None, timeout=20_000)
    dialog = page.person_dialog
    assert dialog.country.currentData() == "KEN"
    dialog.name.setText("Moses Otieno")
    dialog.organisation.setEditText("Kenya Prisons Service")
    dialog.sector.setCurrentIndex(dialog.sector.findData("justice"))
    dialog.stages["post_sentence"].setChecked(True)
    dialog.emails.setText("moses@example.org")
    dialog.consent_box.setChecked(False)
    dialog.save()
    qtbot.waitUntil(dialog.error.isVisible, timeout=20_000)
    assert "consent" in dialog.error.text()
    assert page.model.rowCount() == 0  # nothing stored
    dialog.consent_box.setChecked(True)
    dialog.recorded_by.setText("Amina Diallo")
    dialog.save()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=20_000)
    assert listed(page, EMAIL) == ["moses@example.org"]
    assert listed(page, NAME) == ["Moses Otieno"]
    qtbot.waitUntil(lambda: page.pane.detail is not None, timeout=20_000)
    assert "Post-sentence" in page.pane.facts.text()


def test_the_central_office_adds_an_institution(qtbot: QtBot, page: StakeholdersPage) -> None:
    assert page.add_institution_button.isEnabled()
    page.open_institution_dialog()
    dialog = page.institution_dialog
    dialog.name.setText("Kenya Probation and Aftercare Service")
    dialog.website.setText("not a website")
    dialog.save()
    assert dialog.error.isVisible()
    assert "web address" in dialog.error.text()
    dialog.website.setText("https://probation.go.ke")
    dialog.country.setCurrentIndex(dialog.country.findData("KEN"))
    dialog.save()
    qtbot.waitUntil(lambda: page.institutions.rowCount() == 1, timeout=20_000)
    assert page.institutions.index(0, 0).data() == "Kenya Probation and Aftercare Service"
    assert page.institutions.index(0, 3).data() == "Kenya"
