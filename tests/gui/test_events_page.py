"""The Events section on the real widgets: empty states, an event typed in with its zone,
language, level and recording, attendance per person and country, calendar export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from icati_desktop.domain.directory import ConsentRecord, Person
from icati_desktop.domain.network import NetworkEvent
from icati_desktop.gui.events.page import EventsPage
from icati_desktop.gui.services import AppServices
from icati_desktop.store.device import Role, read_device
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device

ServicesFactory = Callable[[Callable[[], Store]], AppServices]


def open_hq(data_dir: Path) -> Store:
    store = open_store(data_dir, None)
    with store.read() as session:
        if read_device(session) is None:
            initialise_device(store, Role.HQ, "HQ")
    return store


def run_job(qtbot: QtBot, services: AppServices, job: Callable[[Store], Any]) -> Any:
    results: list[Any] = []
    services.run(job, results.append, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    if isinstance(results[0], BaseException):
        raise results[0]
    return results[0]


@pytest.fixture
def page(qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path) -> EventsPage:
    services = make_services(lambda: open_hq(tmp_path / "data"))
    shown = EventsPage(services)
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    qtbot.waitUntil(lambda: bool(shown.vocabulary.countries), timeout=20_000)
    return shown


def _people(store: Store) -> str:
    service = RecordService(store)
    amina = service.create(Person(display_name="Amina Odhiambo", country="KEN"))
    service.create(
        ConsentRecord(
            person_id=amina.record_id,
            given=True,
            scope="store_only",
            decided_on=date(2020, 1, 1),
            method="in_person",
            notice_version="v1",
            recorded_by="HQ",
        )
    )
    return amina.record_id


def test_empty_list_says_what_to_do(page: EventsPage, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: page.results.currentIndex() == 1)
    qtbot.waitUntil(lambda: "New event" in page.empty.text())
    assert not page.export_button.isEnabled()


def test_type_an_event_record_attendance_and_export_it(
    page: EventsPage, qtbot: QtBot, tmp_path: Path
) -> None:
    run_job(qtbot, page.services, _people)
    page.refresh(vocabulary=True)
    qtbot.waitUntil(lambda: len(page.vocabulary.people) == 1, timeout=20_000)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert page.stack.currentWidget() is editor
    editor.details.kind.setCurrentIndex(editor.details.kind.findData("webinar"))
    assert editor.details.level.isEnabled()
    editor.details.level.setCurrentIndex(editor.details.level.findData("intermediate"))
    qtbot.keyClicks(editor.details.title, "Case management in practice")
    editor.details.date.setDate(QDate(2030, 7, 7))
    editor.details.time.setTime(QTime(10, 0))
    editor.details.minutes.setValue(90)
    editor.details.zone.setCurrentText("America/New_York")
    assert editor.details.zone_hint.text() == "Eastern Daylight Time"
    editor.details.link.setText("https://example.org/webinar")
    assert editor.details.recording.count() >= 5, "the library's ATI Basics webinars are offered"
    editor.details.recording.setCurrentIndex(1)
    recording = editor.details.recording.currentData()
    # attendance: a person from the directory and unnamed attendees from Nigeria
    editor.attendance.person.setCurrentIndex(0)
    editor.attendance.minutes.setValue(80)
    editor.attendance.add_person.click()
    editor.attendance.country.setCurrentIndex(editor.attendance.country.findData("NGA"))
    editor.attendance.count.setValue(4)
    editor.attendance.add_count.click()
    assert editor.attendance.table.rowCount() == 2
    assert "5 attendees" in editor.attendance.totals.text()
    assert "Nigeria: 4" in editor.attendance.totals.text()
    editor.save_button.click()
    qtbot.waitUntil(lambda: editor.record_id is not None, timeout=20_000)
    record_id = editor.record_id
    assert record_id is not None

    def stored(store: Store) -> NetworkEvent:
        return RecordService(store).get(NetworkEvent, record_id).payload

    event = run_job(qtbot, page.services, stored)
    assert event.local_starts_at.isoformat() == "2030-07-07T10:00:00-04:00"
    assert (event.level, str(event.recording_id)) == ("intermediate", recording)
    assert event.attendance_by_country() == {"KEN": 1, "NGA": 4}  # Amina's from the directory
    assert [p.minutes for p in event.participants] == [80, None]

    out = tmp_path / "one.ics"
    page.choose_path = lambda _suggested: out  # type: ignore[method-assign]
    editor.export_button.click()
    qtbot.waitUntil(lambda: editor.file_ready.isVisibleTo(editor), timeout=20_000)
    assert str(out) in editor.file_ready.message.text()
    (item,) = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert item.decoded("DTSTART").tzinfo == ZoneInfo("America/New_York")

    editor.back_button.click()
    qtbot.waitUntil(lambda: page.model.total() == 1, timeout=20_000)
    shown = page.model.index(0, 0).data()
    assert "Eastern Daylight Time" in shown
    assert page.model.index(0, 1).data() == "Webinar · Intermediate"
    # the past list is empty and says so; "show every event" brings it back
    page.filters.when.setCurrentIndex(page.filters.when.findData("past"))
    qtbot.waitUntil(lambda: page.results.currentIndex() == 1, timeout=20_000)
    assert "No past event" in page.empty.text()
    page.clear_button.click()
    qtbot.waitUntil(lambda: page.model.total() == 1, timeout=20_000)
    listing = tmp_path / "all.ics"
    page.choose_path = lambda _suggested: listing  # type: ignore[method-assign]
    page.export_button.click()
    qtbot.waitUntil(lambda: "1 event written" in page.file_ready.message.text(), timeout=20_000)
    assert listing.exists()


def test_a_bad_event_says_why_and_saves_nothing(page: EventsPage, qtbot: QtBot) -> None:
    page.new_event()
    editor = page.editor
    editor.save_button.click()
    assert editor.status.text() == "Give the event a title."
    qtbot.keyClicks(editor.details.title, "Office hours")
    editor.details.zone.setCurrentText("Mars/Base")
    editor.save_button.click()
    assert "Choose a time zone" in editor.status.text()
    editor.details.zone.setCurrentText("Africa/Nairobi")
    editor.details.link.setText("not a link")
    editor.save_button.click()
    assert "web address" in editor.status.text()
    assert editor.record_id is None


def test_start_a_webinar_from_a_shipped_series(page: EventsPage) -> None:
    page.new_event()
    editor = page.editor
    index = editor.details.from_series.findData("ati-basics-3")
    assert index > 0
    editor.details.from_series.setCurrentIndex(index)
    editor.details.from_series.activated.emit(index)
    assert editor.details.title.text().startswith("ATI Basics 3")
    assert editor.details.kind.currentData() == "webinar"
    assert editor.details.level.currentData() == "basic"
    assert editor.details.recording.currentData() is not None
    assert editor.details.series.text() == "ATI Basics"


def test_a_laptop_reads_events_but_does_not_record_them(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    from tests.gui.stores import open_or_create

    services = make_services(lambda: open_or_create(tmp_path / "field", None))
    page = EventsPage(services)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: bool(page.vocabulary.countries), timeout=20_000)
    assert not page.new_button.isVisible()
    assert not page.editor.save_button.isVisibleTo(page.editor)
    qtbot.waitUntil(lambda: "central office" in page.empty.text(), timeout=20_000)


def test_the_editor_fits_a_1366_pixel_screen_in_french(
    qapp: QApplication, page: EventsPage
) -> None:
    from icati_desktop.gui.language import apply_language

    apply_language(qapp, "fr")
    try:
        page.retranslate_ui()
        # long names in the list's filters (they once widened the list past the screen)
        page.filters.set_countries([("SGS", "Géorgie du Sud-et-les Îles Sandwich du Sud")])
        page.filters.set_languages(["fr", "pt", "es", "ar"])
        page.new_event()
        # the navigation list takes 180 px and the window's margins some more; the
        # page holds the list and the editor, and is as wide as the wider of them
        assert page.minimumSizeHint().width() <= 1366 - 200
    finally:
        apply_language(qapp, "en")
        page.retranslate_ui()


def test_an_event_listed_elsewhere_opens_in_the_events_section(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    """Behind an outcome's figure (network sessions) or on Home: the event's own screen."""
    from icati_desktop.gui.main_window import EVENTS, MainWindow

    services = make_services(lambda: open_hq(tmp_path / "data"))
    window = MainWindow(services)
    qtbot.addWidget(window)
    event = NetworkEvent.model_validate(
        {
            "title": "Monthly network meeting — March",
            "kind": "network_meeting",
            "starts_at": "2026-03-10T13:00:00Z",
            "time_zone": "Africa/Nairobi",
            "format": "remote",
        }
    )
    event_id = run_job(qtbot, services, lambda store: RecordService(store).create(event).record_id)
    window.open_record("event", event_id)
    page = window.page(EVENTS)
    assert isinstance(page, EventsPage)
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(
        lambda: page.editor.details.title.text() == "Monthly network meeting — March",
        timeout=20_000,
    )


def test_the_start_time_reads_the_same_way_in_arabic(qapp: QApplication, qtbot: QtBot) -> None:
    """The locale's 12-hour form showed "م 00:4" in a right-to-left editor; the editor
    shows 24-hour time, as the meeting editor does."""
    from icati_desktop.gui.events.details import EventDetails
    from icati_desktop.gui.language import apply_language

    apply_language(qapp, "ar")
    try:
        details = EventDetails()  # made in Arabic, as after a start in Arabic
        qtbot.addWidget(details)
        details.time.setTime(QTime(16, 0))
        shown = details.time.text()
        assert "م" not in shown
        assert "ص" not in shown
        assert shown.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")) == "16:00"
    finally:
        apply_language(qapp, "en")


def test_the_list_and_the_editor_fit_a_1366_pixel_screen_with_french_names(
    qapp: QApplication, qtbot: QtBot
) -> None:
    """Measured as the window first shows them, filled with long French names: the filter
    bar sized its lists to their longest name, and the attendance put two labels, a list,
    a number and a button in one row (the French window needed 1,437 px)."""
    from icati_desktop.gui.events.attendance import AttendanceEditor
    from icati_desktop.gui.events.details import EventDetails
    from icati_desktop.gui.events.filters import EventFilterBar
    from icati_desktop.gui.language import apply_language

    long_country = ("SGS", "Géorgie du Sud-et-les Îles Sandwich du Sud")
    apply_language(qapp, "fr")
    try:
        bar = EventFilterBar()
        bar.set_countries([long_country, ("KEN", "Kenya")])
        bar.set_languages(["fr", "pt", "es", "ar"])
        attendance, details = AttendanceEditor(), EventDetails()
        attendance.set_choices([], [long_country])
        for widget in (bar, attendance, details):
            qtbot.addWidget(widget)
        # the navigation list and the window's margins take about 200 px
        assert bar.minimumSizeHint().width() <= 1366 - 200
        assert details.minimumSizeHint().width() + attendance.minimumSizeHint().width() <= (
            1366 - 200 - 40  # the splitter's handle and the page's margins
        )
    finally:
        apply_language(qapp, "en")
