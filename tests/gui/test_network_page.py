"""The Network section on the real widgets: members, the network's size against 200,
groups, the expert finder, curricula, and mailing lists that never reach anyone whose
consent does not cover mailings (CSV, vCard read back with vobject, mailto batches)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import vobject
from PySide6.QtCore import QDate, QItemSelectionModel, Qt, QUrl
from pytestqt.qtbot import QtBot

from icati_desktop.gui.network.page import NetworkPage
from icati_desktop.gui.services import AppServices
from icati_desktop.store.people_writes import withdraw_consent
from icati_desktop.store.store import Store
from tests.gui.test_stakeholders_page import hq_store, run_job
from tests.store.network_world import NetworkWorld, build, person

ServicesFactory = Callable[[Callable[[], Store]], AppServices]
ALLOWED = ["amina@example.org", "bruno@example.org"]


@pytest.fixture
def world() -> dict[str, NetworkWorld]:
    return {}


@pytest.fixture
def page(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path, world: dict[str, NetworkWorld]
) -> NetworkPage:
    def opened() -> Store:
        store = hq_store(tmp_path / "data")
        world["w"] = build(store)
        return store

    widget = NetworkPage(make_services(opened))
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.members.model.total() == 2, timeout=30_000)
    return widget


def cells(model: Any, column: int) -> list[str]:
    return [str(model.index(r, column).data()) for r in range(model.rowCount())]


def test_members_participants_and_groups(qtbot: QtBot, page: NetworkPage) -> None:
    assert sorted(cells(page.members.model, 0)) == ["Brazil", "Kenya"]
    page.members.region.set_code("Africa")
    qtbot.waitUntil(lambda: page.members.model.total() == 1)
    assert cells(page.members.model, 0) == ["Kenya"]
    page.members.status.set_code("left")
    qtbot.waitUntil(lambda: page.members.list.currentWidget() is page.members.list.empty)
    assert "icati network members add" in page.members.list.empty.text()

    qtbot.waitUntil(lambda: page.participants.model.total() == 3)
    assert "3 participants of the target of 200" in page.participants.target.text()
    assert page.participants.progress.value() == 3

    page.tabs.setCurrentWidget(page.groups)
    qtbot.waitUntil(lambda: page.groups.groups.rowCount() == 8)
    row = cells(page.groups.groups, 0).index("East Africa learning community")
    page.groups.group_list.table.selectRow(row)
    qtbot.waitUntil(lambda: page.groups.members.rowCount() == 5)
    mailing = dict(zip(cells(page.groups.members, 0), cells(page.groups.members, 3), strict=True))
    assert mailing["Amina Odhiambo"] == "Yes"
    assert mailing["Dana Mwangi"] == "No"


def test_the_expert_finder(qtbot: QtBot, page: NetworkPage) -> None:
    tab = page.experts
    page.tabs.setCurrentWidget(tab)
    assert "Kenya" in tab.result_list.empty.text()
    tab.set_search("KEN", "fr", "case_management")
    qtbot.mouseClick(tab.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.results.rowCount() == 2)
    assert cells(tab.results, 1) == ["Amina Odhiambo", "Bruno Silva"]
    assert "worked in the country" in cells(tab.results, 0)[0]
    assert "French" in cells(tab.results, 4)[0]
    tab.set_search("CHN", "fr", None)
    qtbot.mouseClick(tab.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.result_list.currentWidget() is tab.result_list.empty)
    assert "Nobody matches" in tab.result_list.empty.text()
    tab.roster.set_code("trainer")
    qtbot.waitUntil(lambda: tab.model.total() == 1)
    assert "UTC 81" in cells(tab.model, 6)[0]


def test_curricula_pipeline_and_trained_people(qtbot: QtBot, page: NetworkPage) -> None:
    tab = page.curricula
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.curricula.rowCount() == 5)
    codes = [c.code for c in tab.curricula.rows]
    utc81 = codes.index("UTC 81")
    assert cells(tab.curricula, 3)[utc81] == "4 (3 not named)"
    tab.list.table.selectRow(utc81)
    qtbot.waitUntil(lambda: cells(tab.trained, 0) == ["Amina Odhiambo"])
    specialty = codes.index("ATI-SPECIALTY-1")
    assert cells(tab.curricula, 2)[specialty].startswith("[Draft]")
    tab.list.table.selectRow(specialty)
    tab.step.set_code("piloting")
    qtbot.mouseClick(tab.move_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(
            c.code == "ATI-SPECIALTY-1" and c.status == "piloting" for c in tab.curricula.rows
        ),
        timeout=20_000,
    )


def mailed(urls: list[QUrl]) -> list[str]:
    return [a for u in urls for a in parse_qs(urlsplit(u.toString()).query)["bcc"][0].split(",")]


def test_mailing_lists_leave_out_who_may_not_be_written_to(
    qtbot: QtBot, page: NetworkPage, tmp_path: Path, world: dict[str, NetworkWorld]
) -> None:
    tab = page.mailing
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.audience is not None and tab.audience.selector.kind == "all")
    assert "2 recipients" in tab.summary.text()
    assert "3 people left out" in tab.summary.text()
    assert "1 who withdrew their consent" in tab.summary.text()
    opened: list[QUrl] = []
    tab.open_url = opened.append
    qtbot.mouseClick(tab.write_button, Qt.MouseButton.LeftButton)
    assert sorted(mailed(opened)) == ALLOWED

    done: list[bool] = []
    tab.export_to(tmp_path / "all.csv", lambda: done.append(True))
    tab.export_to(tmp_path / "all.vcf", lambda: done.append(True))
    qtbot.waitUntil(lambda: len(done) == 2, timeout=20_000)
    with (tmp_path / "all.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert sorted(row["email"] for row in csv.DictReader(handle)) == ALLOWED
    cards = list(vobject.readComponents((tmp_path / "all.vcf").read_text(encoding="utf-8")))
    assert sorted(card.email.value for card in cards) == ALLOWED
    assert "3 people left out" in tab.batch_state.text()

    amina = world["w"].people["amina"]
    run_job(qtbot, page.services, lambda s: withdraw_consent(s, amina))
    qtbot.waitUntil(lambda: "1 recipient" in tab.summary.text(), timeout=20_000)
    opened.clear()
    qtbot.mouseClick(tab.write_button, Qt.MouseButton.LeftButton)
    assert mailed(opened) == ["bruno@example.org"]


def test_write_to_a_long_list_one_batch_per_click(qtbot: QtBot, page: NetworkPage) -> None:
    def many(store: Store) -> None:
        for n in range(101):
            person(
                store, f"Participant {n:03d}", "UGA", "network_mailings", f"u{n:03d}@example.org"
            )

    run_job(qtbot, page.services, many)
    tab = page.mailing
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.list.findData("country:UGA") >= 0, timeout=60_000)
    tab.select_list("country:UGA")
    qtbot.waitUntil(
        lambda: tab.audience is not None and tab.audience.selector.text == "country:UGA",
        timeout=60_000,
    )
    assert len(tab.batches) == 3
    assert "batch 1 of 3" in tab.write_button.text()
    opened: list[QUrl] = []
    tab.open_url = opened.append
    qtbot.mouseClick(tab.write_button, Qt.MouseButton.LeftButton)
    assert "Batch 1 of 3" in tab.batch_state.text()
    assert "batch 2 of 3" in tab.write_button.text()
    qtbot.mouseClick(tab.write_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.write_button, Qt.MouseButton.LeftButton)
    assert [len(mailed([u])) for u in opened] == [50, 50, 1]
    assert len(set(mailed(opened))) == 101


def test_hq_adds_a_member_and_marks_another_as_left(qtbot: QtBot, page: NetworkPage) -> None:
    tab = page.members
    qtbot.waitUntil(lambda: tab.add_button.isVisible())
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    dialog.country.setCurrentIndex(dialog.country.findData("GHA"))
    dialog.groups.setText("AU member, ISSUP chapter")
    dialog.status.set_code("left")  # a member cannot leave before joining: said, not saved
    dialog.joined.setDate(QDate(2026, 5, 1))
    dialog.left.setDate(QDate(2026, 4, 1))
    dialog.save()
    assert dialog.error.isVisible()
    assert "leave before joining" in dialog.error.text()
    dialog.status.set_code("active")
    dialog.save()
    qtbot.waitUntil(lambda: tab.model.total() == 3, timeout=20_000)
    ghana = next(m for m in tab.model.loaded_rows() if m.country == "GHA")
    assert ghana.own_groups == ("AU member", "ISSUP chapter")

    brazil = next(r for r in range(3) if tab.model.row_at(r).country == "BRA")
    tab.open_member(brazil)
    dialog = tab.dialog
    assert not dialog.kind.isEnabled()
    assert dialog.groups.text() == "OAS member"
    dialog.status.set_code("left")
    dialog.left.setDate(QDate(2026, 6, 30))
    dialog.save()
    qtbot.waitUntil(
        lambda: any(m.status == "left" for m in tab.model.loaded_rows()), timeout=20_000
    )
    left = next(m for m in tab.model.loaded_rows() if m.status == "left")
    assert (left.country, str(left.left_on), left.own_groups) == (
        "BRA",
        "2026-06-30",
        ("OAS member",),
    )


def test_hq_adds_people_to_a_group_and_removes_one(
    qtbot: QtBot, page: NetworkPage, world: dict[str, NetworkWorld]
) -> None:
    tab = page.groups
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.groups.rowCount() == 8)
    row = cells(tab.groups, 0).index("Justice affinity group")
    tab.group_list.table.selectRow(row)
    qtbot.waitUntil(lambda: tab.member_list.currentWidget() is tab.member_list.empty)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    dialog.add_chosen()  # nobody chosen: said, nothing written
    assert "Choose one or more" in dialog.error.text()
    dialog.search.setText("a")
    dialog.find_people()
    qtbot.waitUntil(lambda: "Amina Odhiambo" in cells(dialog.matches, 0))
    for name in ("Amina Odhiambo", "Dana Mwangi"):
        index = dialog.matches.index(cells(dialog.matches, 0).index(name), 0)
        dialog.list.table.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        )
    dialog.add_chosen()
    qtbot.waitUntil(lambda: tab.members.rowCount() == 2, timeout=20_000)
    assert cells(tab.members, 3) == ["Yes", "No"]  # Dana withdrew her consent
    tab.member_list.table.selectRow(1)
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cells(tab.members, 0) == ["Amina Odhiambo"], timeout=20_000)


def test_hq_puts_someone_on_a_roster_and_certifies_a_trainer(
    qtbot: QtBot, page: NetworkPage
) -> None:
    tab = page.experts
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.add_button.isVisible())
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog is not None
    dialog.person_search.setText("Eve")
    dialog.find_people()
    qtbot.waitUntil(lambda: dialog.person.count() == 1)
    dialog.roster.set_code("ta_expert")
    dialog.languages.setText("sw, en")
    dialog.countries.setText("ken")
    dialog.regions["Africa"].setChecked(True)
    dialog.expertise["research"].setChecked(True)
    dialog.availability.set_code("available")
    dialog.save()
    tab.roster.set_code("ta_expert")
    qtbot.waitUntil(lambda: "Eve Njoroge" in cells(tab.model, 0), timeout=20_000)
    tab.set_search("KEN", "sw", "research")
    tab.find_experts()
    qtbot.waitUntil(lambda: cells(tab.results, 1) == ["Eve Njoroge"], timeout=20_000)

    tab.roster.set_code("trainer")
    qtbot.waitUntil(lambda: cells(tab.model, 0) == ["Bruno Silva"], timeout=20_000)
    tab.open_entry(0)
    dialog = tab.dialog
    qtbot.waitUntil(lambda: dialog.curriculum.count() == 5)
    assert not dialog.roster.isEnabled()
    dialog.curriculum.setCurrentIndex(dialog.curriculum.findText("UTC Basic"))
    dialog.certified_on.setDate(QDate(2026, 9, 15))
    dialog.add_certification.click()
    dialog.save()
    qtbot.waitUntil(lambda: "UTC Basic" in cells(tab.model, 6)[0], timeout=20_000)
    assert "UTC 81" in cells(tab.model, 6)[0]
