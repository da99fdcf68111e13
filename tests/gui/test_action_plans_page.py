"""The Action plans section on the real widgets: the country's plan table with overdue items
marked, a status changed in the editor, a meeting's follow-ups in the plan, the timeline,
and an item opened from global search."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from icati_desktop.domain.action_plans import ActionItem
from icati_desktop.domain.meetings import FollowUp, Meeting
from icati_desktop.gui.actions.model import DUE, STATUS, TITLE
from icati_desktop.gui.actions.page import ActionPlansPage
from icati_desktop.gui.main_window import MainWindow
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.table_roles import RECORD_ID_ROLE
from icati_desktop.store.action_writes import current_plan, load_item, save_item
from icati_desktop.store.meeting_writes import follow_ups_to_action_items, save_meeting
from icati_desktop.store.store import Store
from icati_desktop.store.tables.reference import ResourceRow
from tests.gui.stores import open_or_create
from tests.gui.test_global_search import first_hit, search_for

ServicesFactory = Callable[[Callable[[], Store]], AppServices]
TODAY = datetime.now(UTC).date()


def run_job(qtbot: QtBot, services: AppServices, job: Callable[[Store], Any]) -> Any:
    results: list[Any] = []
    services.run(job, results.append, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    if isinstance(results[0], BaseException):
        raise results[0]
    return results[0]


def seed(store: Store) -> dict[str, str]:
    plan = current_plan(store, "KEN")
    with store.read() as session:
        guide = session.scalars(select(ResourceRow.id).order_by(ResourceRow.id)).first()
    assert guide is not None  # the library every new store starts with
    ids = {"guide": guide}
    late = {"title": "Map the courts", "due_on": TODAY - timedelta(days=3), "resource_ids": [guide]}
    for key, extra in {
        "late": late,
        "next": {"title": "Brief the judges", "due_on": TODAY + timedelta(days=20)},
        "closed": {
            "title": "Train the registrars",
            "due_on": TODAY - timedelta(days=40),
            "status": "done",
            "closed_on": TODAY - timedelta(days=41),
        },
    }.items():
        item = ActionItem.model_validate({"action_plan_id": plan, "country": "KEN", **extra})
        ids[key] = save_item(store, item).record_id
    uga = current_plan(store, "UGA")
    ids["uga"] = save_item(
        store,
        ActionItem.model_validate(
            {"action_plan_id": uga, "country": "UGA", "title": "Elsewhere", "due_on": TODAY}
        ),
    ).record_id
    return ids


def open_page(qtbot: QtBot, services: AppServices) -> ActionPlansPage:
    page = ActionPlansPage(services)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.country.count() > 1, timeout=20_000)
    return page


def choose_country(qtbot: QtBot, page: ActionPlansPage, alpha3: str, rows: int) -> None:
    page.country.setCurrentIndex(page.country.findData(alpha3))
    page.country.activated.emit(page.country.currentIndex())
    qtbot.waitUntil(lambda: page.model.rowCount() == rows, timeout=20_000)
    qtbot.waitUntil(lambda: page.plan.count() > 1, timeout=20_000)


def texts(page: ActionPlansPage, column: int) -> dict[str, str]:
    model = page.model
    return {
        model.index(r, TITLE).data(): model.index(r, column).data() for r in range(model.rowCount())
    }


@pytest.fixture
def seeded(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> tuple[AppServices, dict[str, str]]:
    services = make_services(lambda: open_or_create(tmp_path / "data", None))
    return services, run_job(qtbot, services, seed)


def test_overdue_items_are_marked_in_words_icon_and_colour(
    qtbot: QtBot, seeded: tuple[AppServices, dict[str, str]]
) -> None:
    services, _ids = seeded
    page = open_page(qtbot, services)
    choose_country(qtbot, page, "KEN", 3)
    due = texts(page, DUE)
    assert due["Map the courts"].endswith("— Overdue")
    assert "Overdue" not in due["Brief the judges"]
    assert "Overdue" not in due["Train the registrars"]  # done: never overdue
    rows = {page.model.index(r, TITLE).data(): r for r in range(page.model.rowCount())}
    late, done = rows["Map the courts"], rows["Train the registrars"]
    assert page.model.index(late, DUE).data(Qt.ItemDataRole.DecorationRole) is not None
    assert page.model.index(late, TITLE).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert page.model.index(done, DUE).data(Qt.ItemDataRole.DecorationRole) is None
    assert "1 overdue" in page.summary.text()
    page.overdue.setChecked(True)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=20_000)
    assert list(texts(page, DUE)) == ["Map the courts"]
    page.search.setText("nothing like this")
    page.search.returnPressed.emit()
    qtbot.waitUntil(lambda: page.results.currentIndex() == 1, timeout=20_000)
    assert "No action item matches these filters" in page.empty.text()


def test_changing_an_items_status_in_the_editor(
    qtbot: QtBot, seeded: tuple[AppServices, dict[str, str]]
) -> None:
    services, ids = seeded
    page = open_page(qtbot, services)
    choose_country(qtbot, page, "KEN", 3)
    row = next(
        r for r in range(page.model.rowCount())
        if page.model.index(r, 0).data(RECORD_ID_ROLE) == ids["late"]
    )  # fmt: skip
    page.table.clicked.emit(page.model.index(row, TITLE))
    qtbot.waitUntil(lambda: page.editor.title.text() == "Map the courts", timeout=20_000)
    qtbot.waitUntil(lambda: page.editor.linked_resources() == [ids["guide"]], timeout=20_000)
    page.editor.status.setCurrentIndex(page.editor.status.findData("done"))
    page.editor.save_button.click()
    qtbot.waitUntil(lambda: texts(page, STATUS)["Map the courts"] == "Done", timeout=20_000)
    assert "Overdue" not in texts(page, DUE)["Map the courts"]
    stored = run_job(qtbot, services, lambda store: load_item(store, ids["late"]).payload)
    assert (stored.status.value, stored.closed_on) == ("done", TODAY)
    assert [str(r) for r in stored.resource_ids] == [ids["guide"]]  # the link stays
    page.editor.note_text.setText("Registrar met on Monday")
    page.editor.note_button.click()
    qtbot.waitUntil(lambda: page.editor.notes.count() == 1, timeout=20_000)
    assert "Registrar met on Monday" in page.editor.notes.item(0).text()


def test_a_meetings_two_follow_ups_appear_in_the_countrys_plan(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    services = make_services(lambda: open_or_create(tmp_path / "data", None))

    def meeting_with_follow_ups(store: Store) -> None:
        saved = save_meeting(
            store,
            Meeting(
                country="KEN",
                held_on=date(2026, 3, 2),
                format="in_person",
                meeting_type="ta_session",
                title="Diversion at intake",
                follow_ups=[
                    FollowUp(action="Draft the referral form", owner="Amina"),
                    FollowUp(action="Count the diverted cases", due_on=TODAY + timedelta(9)),
                ],
            ),
        )
        follow_ups_to_action_items(store, saved.record_id)

    run_job(qtbot, services, meeting_with_follow_ups)
    page = open_page(qtbot, services)
    choose_country(qtbot, page, "KEN", 2)
    assert texts(page, 3) == {"Draft the referral form": "Amina", "Count the diverted cases": ""}
    assert page.plan.itemText(1).startswith("ATI action plan")
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: len(page.timeline.rows) == 1, timeout=20_000)
    assert page.timeline.rows[0].title == "Count the diverted cases"  # the one with a due date


def test_an_action_item_opens_from_search_in_its_section(
    qtbot: QtBot, seeded: tuple[AppServices, dict[str, str]]
) -> None:
    services, ids = seeded
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    assert window.openers.can_open("action_item")
    popup = search_for(qtbot, window, "judges", "action_item")
    assert popup.group_titles()["action_item"] == ["Brief the judges"]
    first_hit(popup, "action_item")
    page = window.stack.currentWidget()
    assert isinstance(page, ActionPlansPage)
    qtbot.waitUntil(lambda: page.editor.title.text() == "Brief the judges", timeout=20_000)
    assert page.editor.view is not None
    assert page.editor.view.record_id == ids["next"]
    assert not popup.isVisible()


def seed_plan(store: Store) -> str:
    """A Kenyan plan with two goals and items in every state (for the screenshots)."""
    from icati_desktop.store.action_writes import add_goal, add_progress_note

    plan = current_plan(store, "KEN")
    add_goal(store, plan, "Divert people who use drugs before trial")
    goals = add_goal(store, plan, "Treatment capacity in the community").payload.goals
    first, second = (str(g.id) for g in goals)
    rows: list[tuple[str, int, str, str, str, str]] = [
        ("Agree referral forms with police", -12, "in_progress", first, "Amina Diallo", "high"),
        ("Map treatment near the pilot court", -3, "open", second, "Ministry of Health", "medium"),
        ("Train intake officers on screening", 10, "in_progress", first, "Judiciary", "high"),
        ("Draft the diversion guideline", 25, "blocked", first, "Office of the DPP", "medium"),
        ("Cost community treatment", 45, "open", second, "Treasury liaison", "low"),
        ("Convene the steering committee", -30, "done", first, "Amina Diallo", "high"),
        ("Set up routine data on referrals", 70, "open", second, "", "medium"),
    ]  # fmt: skip
    with store.read() as session:
        guides = list(session.scalars(select(ResourceRow.id).order_by(ResourceRow.id).limit(2)))
    made = ""
    for title, days, status, goal, owner, priority in rows:
        extra: dict[str, object] = {"resource_ids": [] if made else guides}
        if status == "done":
            extra["closed_on"] = TODAY + timedelta(days=days - 2)
        item = ActionItem.model_validate(
            {
                "action_plan_id": plan,
                "country": "KEN",
                "title": title,
                "due_on": TODAY + timedelta(days=days),
                "status": status,
                "goal_id": goal,
                "owner_name": owner,
                "priority": priority,
                "domain_code": "D2",
                **extra,
            }
        )
        record_id = save_item(store, item).record_id
        made = made or record_id
    add_progress_note(store, made, "Police command agreed the draft form", author="Amina Diallo")
    return made
