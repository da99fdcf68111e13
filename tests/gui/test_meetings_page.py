"""The Meetings section on the real widgets: the list and its empty state, a meeting typed
in (attendees, agenda tied to a domain, follow-ups) and its follow-ups made action items."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from icati_desktop.domain.action_plans import ActionItem
from icati_desktop.domain.directory import ConsentRecord, Person
from icati_desktop.domain.meetings import AttachmentKind, Attendee, Meeting
from icati_desktop.gui.language import apply_language
from icati_desktop.gui.meetings.page import MeetingsPage
from icati_desktop.gui.meetings.tables import AttendeeTable, FollowUpTable
from icati_desktop.gui.services import AppServices
from icati_desktop.store.meetings import PersonChoice
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.store.tables.field import ActionItemRow, ActionPlanRow
from tests.gui.stores import open_or_create

ServicesFactory = Callable[[Callable[[], Store]], AppServices]


def run_job(qtbot: QtBot, services: AppServices, job: Callable[[Store], Any]) -> Any:
    results: list[Any] = []
    services.run(job, results.append, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    if isinstance(results[0], BaseException):
        raise results[0]
    return results[0]


def _people(store: Store) -> dict[str, str]:
    service = RecordService(store)
    amina = service.create(Person(display_name="Amina Odhiambo", country="KEN", role="prosecutor"))
    hidden = service.create(Person(display_name="Brian Otieno", country="KEN"))
    service.create(
        ConsentRecord(
            person_id=amina.record_id,
            given=True,
            scope="store_only",
            decided_on=date(2020, 1, 1),
            method="in_person",
            notice_version="v1",
            recorded_by="Expert",
        )
    )
    return {"amina": amina.record_id, "brian": hidden.record_id}


def _kenya_in_phase_3(store: Store) -> None:
    from icati_desktop.domain.assessments import Assessment

    RecordService(store).create(
        Assessment(
            country="KEN",
            form_id="ati-self-assessment",
            form_version="1",
            assessed_on=date(2025, 3, 1),
            computed_phase=3,
        )
    )


@pytest.fixture
def page(qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path) -> MeetingsPage:
    services = make_services(lambda: open_or_create(tmp_path / "data", None))
    shown = MeetingsPage(services)
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    qtbot.waitUntil(lambda: bool(shown.vocabulary.countries), timeout=20_000)
    return shown


def test_empty_list_says_what_to_do(page: MeetingsPage, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: page.results.currentIndex() == 1)
    assert "New meeting" in page.empty.text()
    assert not page.clear_button.isVisibleTo(page)


def test_type_a_meeting_and_make_its_follow_ups_action_items(
    page: MeetingsPage, qtbot: QtBot, tmp_path: Path
) -> None:
    ids = run_job(qtbot, page.services, _people)
    run_job(qtbot, page.services, _kenya_in_phase_3)
    page.refresh(vocabulary=True)
    qtbot.waitUntil(lambda: page.vocabulary.phases.get("KEN") == 3, timeout=20_000)
    page.filters.set_choice("country", "KEN")
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert page.stack.currentWidget() is editor
    assert editor.details.country.currentData() == "KEN"
    assert editor.details.phase.currentData() == 3  # the country's phase, to keep or change
    qtbot.keyClicks(editor.details.title, "Diversion strategy")
    # Attendees: one from the directory (only consenting people are offered), one inline.
    offered: list[list[str]] = []

    def choose(choices: list[PersonChoice]) -> list[PersonChoice]:
        offered.append([c.name for c in choices])
        return choices

    editor.choose_people = choose  # type: ignore[method-assign]
    editor.people.pick_button.click()
    qtbot.waitUntil(lambda: editor.people.table.rowCount() == 1, timeout=20_000)
    assert offered == [["Amina Odhiambo"]]
    editor.people.inline_button.click()
    editor.people.table.item(1, AttendeeTable.ROLE).setText("police inspector")
    editor.people.anonymous.setValue(3)
    assert "3 people counted without consent" in editor.people.counted.text()
    # An agenda item tied to an assessment domain, by its name in the UI language.
    assert page.vocabulary.domains, "the default form's domains are offered"
    code, name = page.vocabulary.domains[1]
    editor.agenda.add_button.click()
    table = editor.agenda.table
    table.item(0, 0).setText("Screening at intake")
    domain_box = table.cellWidget(0, 1)
    assert domain_box.findText(name) > 0
    domain_box.setCurrentIndex(domain_box.findText(name))
    # Two follow-ups, then one click makes them action items of Kenya's plan.
    for action in ("Share the screening tool", "Draft the referral protocol"):
        editor.outcomes.add_follow_up.click()
        row = editor.outcomes.follow_ups.rowCount() - 1
        editor.outcomes.follow_ups.item(row, FollowUpTable.ACTION).setText(action)
    editor.outcomes.follow_ups.item(0, FollowUpTable.OWNER).setText("Amina")
    sheet = tmp_path / "attendance.pdf"
    sheet.write_bytes(b"%PDF-1.4 names")
    editor.choose_file = lambda _kind: sheet  # type: ignore[method-assign]
    editor.files.attach_buttons[AttachmentKind.ATTENDANCE_SHEET].click()
    qtbot.waitUntil(lambda: editor.files.attachments.count() == 1, timeout=20_000)
    made: list[list[str]] = []
    editor.action_items_made.connect(made.append)
    editor.outcomes.make_items_button.click()
    qtbot.waitUntil(lambda: bool(made), timeout=20_000)
    assert len(made[0]) == 2
    meeting_id = editor.record_id
    assert meeting_id is not None

    def stored(store: Store) -> tuple[Meeting, list[ActionItem], list[str]]:
        meeting = RecordService(store).get(Meeting, meeting_id).payload
        with store.read() as session:
            rows = session.scalars(
                select(ActionItemRow).where(ActionItemRow.source_ref == meeting_id)
            ).all()
            items = [ActionItem.model_validate_json(r.data) for r in rows]
            plans = list(session.scalars(select(ActionPlanRow.country)))
        return meeting, items, plans

    meeting, items, plans = run_job(qtbot, page.services, stored)
    assert sorted(i.title for i in items) == [
        "Draft the referral protocol",
        "Share the screening tool",
    ]
    assert plans == ["KEN"]
    assert {i.country for i in items} == {"KEN"}
    assert all(i.domain_code == code for i in items)
    assert meeting.title == "Diversion strategy"
    assert meeting.phase == 3
    assert [a.role for a in meeting.attendees] == ["prosecutor", "police inspector"]
    assert str(meeting.attendees[0].person_id) == ids["amina"]
    assert meeting.anonymous_attendee_count == 3
    assert meeting.agenda[0].domain_code == code
    assert meeting.attachments[0].file_name == "attendance.pdf"
    assert all(f.action_item_id is not None for f in meeting.follow_ups)
    qtbot.waitUntil(lambda: editor.outcomes.follow_ups.item(1, FollowUpTable.PLAN).text() != "—")
    # Back to the list: the meeting is there, found by its words.
    editor.back_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=20_000)
    qtbot.keyClicks(page.filters.text, "referral")
    qtbot.waitUntil(lambda: page.count_label.text() == "1 meeting", timeout=20_000)
    page.filters.set_choice("barrier", "workforce")
    qtbot.waitUntil(lambda: page.results.currentIndex() == 1, timeout=20_000)
    assert "Clear the filters" in page.clear_button.text()
    page.clear_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=20_000)


def test_a_person_without_consent_is_only_counted(page: MeetingsPage, qtbot: QtBot) -> None:
    ids = run_job(qtbot, page.services, _people)

    def seed(store: Store) -> str:
        meeting = Meeting(
            country="KEN",
            held_on=date(2026, 3, 2),
            format="remote",
            meeting_type="mentoring_call",
            attendees=[
                Attendee(person_id=ids["amina"], name="Amina Odhiambo"),
                Attendee(person_id=ids["brian"], name="Brian Otieno"),
            ],
        )
        return RecordService(store).create(meeting).record_id

    meeting_id = run_job(qtbot, page.services, seed)
    page.open_meeting(meeting_id)
    table = page.editor.people.table
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=20_000)
    assert table.item(0, AttendeeTable.NAME).text() == "Amina Odhiambo"
    assert "1 person counted without consent" in page.editor.people.counted.text()
    # An edit keeps the hidden attendee in the record.
    qtbot.keyClicks(page.editor.details.title, "Mentoring")
    qtbot.waitUntil(lambda: page.editor.state.text() == "Saved", timeout=20_000)
    stored = run_job(
        qtbot, page.services, lambda s: RecordService(s).get(Meeting, meeting_id).payload
    )
    assert stored.title == "Mentoring"
    assert len(stored.attendees) == 2


def test_export_delete_and_what_stops_a_save(
    page: MeetingsPage, qtbot: QtBot, tmp_path: Path
) -> None:
    from icalendar import Calendar

    def seed(store: Store) -> str:
        meeting = Meeting(
            country="KEN",
            held_on=date(2026, 3, 2),
            start_time="14:00",
            time_zone="Africa/Nairobi",
            title="Office hours on screening",
            format="remote",
            meeting_type="office_hours",
        )
        return RecordService(store).create(meeting).record_id

    meeting_id = run_job(qtbot, page.services, seed)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=20_000)
    target = tmp_path / "mission.ics"
    page.choose_path = lambda: target  # type: ignore[method-assign]
    page.export_button.click()
    qtbot.waitUntil(lambda: "exported" in page.status_line.text(), timeout=20_000)
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == ["Office hours on screening"]
    assert events[0].decoded("dtstart").hour == 14
    # Enter on its row opens it. An agenda item without a title: said in one line, nothing written.
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.editor
    editor = page.editor
    qtbot.waitUntil(lambda: editor.record_id == meeting_id, timeout=20_000)
    leaves = editor.leaves
    editor.agenda.add_button.click()
    editor.changed()
    qtbot.waitUntil(lambda: "Not saved" in editor.state.text(), timeout=20_000)
    assert "agenda item needs a title" in editor.state.text()
    assert editor.leaves == leaves
    editor.agenda.table.selectRow(0)
    editor.agenda.remove_button.click()
    qtbot.waitUntil(lambda: editor.state.text() == "Saved", timeout=20_000)
    # Delete asks first; refused, nothing happens; accepted, the list is empty again.
    answers = [False, True]
    editor.confirm_delete = lambda: answers.pop(0)  # type: ignore[method-assign]
    editor.delete_button.click()
    assert page.stack.currentWidget() is editor
    editor.delete_button.click()
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 0, timeout=20_000)
    qtbot.waitUntil(lambda: page.results.currentIndex() == 1, timeout=20_000)


def test_search_opens_a_meeting_in_its_own_screen(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    from icati_desktop.gui.main_window import MainWindow

    window = MainWindow(make_services(lambda: open_or_create(tmp_path / "data", None)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    def seed(store: Store) -> str:
        meeting = Meeting(
            country="COL",
            held_on=date(2026, 2, 1),
            title="Bogotá learning community",
            format="remote",
            meeting_type="learning_community",
        )
        return RecordService(store).create(meeting).record_id

    meeting_id = run_job(qtbot, window.services, seed)
    window.show_record("meeting", meeting_id)
    assert window.stack.currentWidget() is window.meetings_page
    editor = window.meetings_page.editor
    qtbot.waitUntil(lambda: editor.record_id == meeting_id, timeout=20_000)
    assert editor.details.title.text() == "Bogotá learning community"
    assert editor.details.country.currentData() == "COL"


def test_an_open_meetings_drop_downs_follow_a_language_change(
    page: MeetingsPage, qtbot: QtBot
) -> None:
    def seed(store: Store) -> str:
        meeting = Meeting(
            country="KEN",
            held_on=date(2026, 3, 2),
            format="in_person",
            meeting_type="ta_session",
            attendees=[Attendee(role="nurse", sector="health")],
            barriers=[{"category": "workforce", "text": "Two counsellors"}],
        )
        return RecordService(store).create(meeting).record_id

    page.open_meeting(run_job(qtbot, page.services, seed))
    table = page.editor.people.table
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=20_000)
    sector = table.cellWidget(0, AttendeeTable.SECTOR)
    barrier = page.editor.outcomes.barriers.cellWidget(0, 0)
    assert isinstance(sector, QComboBox)
    assert isinstance(barrier, QComboBox)
    assert (sector.currentText(), barrier.currentText()) == ("Health", "Workforce")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        apply_language(app, "fr")
        page.retranslate_ui()
        assert (sector.currentText(), barrier.currentText()) == ("Santé", "Personnel")
        assert sector.currentData() == "health"  # the choice is kept, only its label changes
    finally:
        apply_language(app, "en")
        page.retranslate_ui()
