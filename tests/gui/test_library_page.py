"""The Library page on the real widgets: search, filters, details, attachments, favourites."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from icati_desktop.domain.library import Resource
from icati_desktop.gui.library.model import TITLE, TYPE
from icati_desktop.gui.library.page import LibraryPage
from icati_desktop.gui.library.search_results import GlobalSearchPopup
from icati_desktop.gui.services import AppServices
from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from tests.gui.stores import open_or_create

ServicesFactory = Callable[[Callable[[], Store]], AppServices]
DEFAULT_COUNT = 29  # the default content: library.json and webinars.json
TOKYO = "UN Standard Minimum Rules for Non-custodial Measures (Tokyo Rules)"


class RecordingLibraryPage(LibraryPage):
    """Records the files it would hand to the system viewer instead of launching apps."""

    def __init__(self, services: AppServices) -> None:
        super().__init__(services)
        self.opened: list[Path] = []

    def open_file(self, path: Path) -> bool:
        self.opened.append(path)
        return True


def run_job(qtbot: QtBot, services: AppServices, job: Callable[[Store], Any]) -> Any:
    results: list[Any] = []
    services.run(job, results.append, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    if isinstance(results[0], BaseException):
        raise results[0]
    return results[0]


def hq_store(data_dir: Path) -> Store:
    store = open_store(data_dir, None)
    initialise_device(store, Role.HQ, "ICATI HQ")
    return store


def show(qtbot: QtBot, page: LibraryPage, rows: int = DEFAULT_COUNT) -> LibraryPage:
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == rows, timeout=20_000)
    return page


@pytest.fixture
def field_page(qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path) -> LibraryPage:
    services = make_services(lambda: open_or_create(tmp_path / "data", None))
    return show(qtbot, RecordingLibraryPage(services))


def search(qtbot: QtBot, page: LibraryPage, text: str) -> None:
    qtbot.keyClicks(page.search, text)
    qtbot.waitUntil(lambda: page.current_filter().text == text)


def test_search_filters_the_list_with_marked_snippets(
    qtbot: QtBot, field_page: LibraryPage
) -> None:
    search(qtbot, field_page, "tokyo")
    qtbot.waitUntil(lambda: field_page.model.rowCount() == 1, timeout=10_000)
    assert field_page.listed_titles()[0].startswith(TOKYO)
    assert "Tokyo" in str(field_page.model.index(0, TITLE).data(Qt.ItemDataRole.ToolTipRole))
    assert field_page.count_label.text() == "1 resource"
    field_page.search.clear()
    qtbot.waitUntil(lambda: field_page.model.rowCount() == DEFAULT_COUNT, timeout=10_000)


def test_type_and_topic_filters_narrow_with_facet_counts(
    qtbot: QtBot, field_page: LibraryPage
) -> None:
    types = field_page.type_filter
    curriculum = types.findData("curriculum")
    assert curriculum > 0
    count = int(types.itemText(curriculum).rsplit("(", 1)[1].rstrip(")"))
    types.set_choice("curriculum")
    qtbot.waitUntil(lambda: field_page.model.rowCount() == count, timeout=10_000)
    listed_types = {field_page.model.index(r, TYPE).data() for r in range(count)}
    assert listed_types == {"Curriculum"}
    field_page.topic_filter.set_choice("ccm")
    qtbot.waitUntil(lambda: 0 < field_page.model.rowCount() < count, timeout=10_000)
    assert all("Case" in title for title in field_page.listed_titles())
    field_page.clear_filters()
    qtbot.waitUntil(lambda: field_page.model.rowCount() == DEFAULT_COUNT, timeout=10_000)


def test_selecting_shows_details_and_favourites_filter(
    qtbot: QtBot, field_page: LibraryPage
) -> None:
    row = next(i for i, t in enumerate(field_page.listed_titles()) if t.startswith(TOKYO))
    field_page.table.selectRow(row)
    detail = field_page.detail
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=10_000)
    assert TOKYO in detail.title.text()
    assert detail.type_value.text() == "Guide"
    assert "Arabic" in detail.languages_value.text()
    assert not field_page.add_button.isVisible()  # a field device reads only
    assert not detail.edit_button.isVisible()
    assert not detail.favourite.isChecked()
    qtbot.mouseClick(detail.favourite, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.favourite.isChecked(), timeout=10_000)
    qtbot.waitUntil(lambda: field_page.model.summary(row).favourite, timeout=10_000)
    field_page.favourites_only.setChecked(True)
    qtbot.waitUntil(lambda: field_page.model.rowCount() == 1, timeout=10_000)
    assert field_page.listed_titles()[0].startswith(TOKYO)


def test_hq_adds_a_resource_with_an_attachment_and_opens_it(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    services = make_services(lambda: hq_store(tmp_path / "hq"))
    page = show(qtbot, RecordingLibraryPage(services))
    assert isinstance(page, RecordingLibraryPage)
    assert page.add_button.isVisible()
    dialog = page.open_dialog(None)
    dialog.titles["en"].setText("Mediación penal: a practice note")
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("brief"))
    dialog.publisher.setText("ICATI")
    dialog.year.setValue(2025)
    dialog.languages.setText("es, en")
    dialog.topics.setText("legal")
    dialog.links.setPlainText("https://example.org/mediacion")
    note = tmp_path / "practice-note.pdf"
    note.write_bytes(b"%PDF-1.4 a practice note")
    dialog.attach(note)
    with qtbot.waitSignal(dialog.saved, timeout=20_000) as saved:
        dialog.save()
    record_id = saved.args[0]
    qtbot.waitUntil(lambda: page.model.rowCount() == DEFAULT_COUNT + 1, timeout=20_000)
    search(qtbot, page, "mediacion")  # the index ignores diacritics
    qtbot.waitUntil(
        lambda: page.listed_titles() == ["Mediación penal: a practice note"], timeout=10_000
    )
    page.table.selectRow(0)
    detail = page.detail
    qtbot.waitUntil(lambda: detail.attachments.count() == 1, timeout=10_000)
    assert detail.edit_button.isVisible()
    assert "example.org/mediacion" in detail.links.text()
    qtbot.mouseClick(detail.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.opened), timeout=10_000)
    assert page.opened[0].read_bytes() == note.read_bytes()
    # a private, read-only copy under the attachment's own name, never the blob itself
    assert page.opened[0].name == "practice-note.pdf"
    assert page.opened[0].is_relative_to(tmp_path / "hq" / "opened")
    assert page.opened[0].stat().st_mode & 0o222 == 0  # read-only
    # edit: the stored attachment is kept, the new title saved
    dialog = page.open_dialog(record_id)
    dialog.titles["fr"].setText("Médiation pénale")
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        dialog.save()
    view = run_job(qtbot, services, lambda store: RecordService(store).get(Resource, record_id))
    assert view.payload.title["fr"] == "Médiation pénale"
    assert [a.filename for a in view.payload.attachments] == ["practice-note.pdf"]


def test_global_search_groups_results_and_asks_for_a_resource(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    services = make_services(lambda: open_or_create(tmp_path / "data", None))
    popup = GlobalSearchPopup(services)
    qtbot.addWidget(popup)
    popup.show()
    popup.search("tokyo")
    qtbot.waitUntil(lambda: "resource" in popup.group_titles(), timeout=20_000)
    assert popup.group_titles()["resource"][0].startswith(TOKYO)
    heading = popup.model.item(0)
    assert heading.text() == "Library (1)"
    hit = popup.model.index(0, 0, popup.model.index(0, 0))
    with qtbot.waitSignal(popup.record_requested) as requested:
        popup.activate(hit)
    assert requested.args[0] == "resource"
    assert requested.args[1]


def test_a_search_without_results_says_so_and_empties_the_detail(
    qtbot: QtBot, field_page: LibraryPage
) -> None:
    field_page.table.selectRow(0)
    qtbot.waitUntil(lambda: field_page.detail.detail is not None, timeout=10_000)
    search(qtbot, field_page, "zzqxw")
    qtbot.waitUntil(lambda: field_page.model.total == 0, timeout=10_000)
    qtbot.waitUntil(lambda: field_page.detail.detail is None, timeout=10_000)
    assert field_page.empty_label.isVisible()
    assert not field_page.table.isVisible()
    assert "No resource matches these filters" in field_page.empty_label.text()
    assert field_page.detail.no_selection_label.isVisible()
    field_page.clear_filters()
    qtbot.waitUntil(lambda: field_page.model.rowCount() == DEFAULT_COUNT, timeout=10_000)
    assert field_page.table.isVisible()
    assert not field_page.empty_label.isVisible()


def test_the_resource_editor_says_what_is_wrong_in_plain_words(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    services = make_services(lambda: hq_store(tmp_path / "hq"))
    page = show(qtbot, RecordingLibraryPage(services))
    dialog = page.open_dialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.links.setPlainText("example.org/mediacion")
    dialog.save()
    text = dialog.error.text()
    assert "Value error" not in text
    assert "Title: give the resource a title in at least one language." in text
    assert "Links: Line 1: “example.org/mediacion” is not a web address" in text
    assert dialog.focusWidget() is dialog.titles[next(iter(dialog.titles))]


def test_type_names_are_not_clipped_in_french(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path, qapp: Any
) -> None:
    from icati_desktop.gui.language import apply_language

    apply_language(qapp, "fr")
    try:
        services = make_services(lambda: open_or_create(tmp_path / "data", None))
        page = show(qtbot, RecordingLibraryPage(services))
        metrics = page.table.fontMetrics()
        needed = metrics.horizontalAdvance("Programme de formation")
        assert page.table.columnWidth(TYPE) > needed
        assert page.splitter.sizes()[0] > page.splitter.sizes()[1]
    finally:
        apply_language(qapp, "en")
