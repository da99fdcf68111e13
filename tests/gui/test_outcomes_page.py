"""The outcomes dashboard and the national outcomes widget on real widgets and a real store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCollator, QDate, QLocale, Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from icati_desktop.gui.outcomes.national import NationalOutcomesWidget
from icati_desktop.gui.outcomes.page import OutcomesPage
from icati_desktop.gui.services import AppServices
from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from tests.store.outcome_seed import seed_outcomes

ServicesFactory = Callable[[Callable[[], Store]], AppServices]
END = date(2026, 3, 31)


@pytest.fixture
def hq_dir(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    data = tmp_path / "hq"
    store = open_store(data)
    try:
        initialise_device(store, Role.HQ, "HQ")
        ids = seed_outcomes(store)
    finally:
        store.close()
    return data, ids


def value_of(page: OutcomesPage, key: str) -> str:
    return page.figures.item(page.indicator_rows()[key], 1).text()


def page_from_2026(qtbot: QtBot, make_services: ServicesFactory, data: Path) -> OutcomesPage:
    """The Outcomes page on the test store, its period starting on 1 January 2026."""
    page = OutcomesPage(make_services(lambda: open_store(data)), today=END)
    qtbot.addWidget(page)
    page.start.setDate(QDate(2026, 1, 1))
    qtbot.waitUntil(
        lambda: page._data is not None and page._data.period.start == date(2026, 1, 1),
        timeout=20_000,
    )
    return page


def ready(qtbot: QtBot, page: OutcomesPage) -> None:
    qtbot.waitUntil(
        lambda: page._data is not None and "Computing" not in page.status.text(), timeout=20_000
    )


def test_changing_the_period_updates_the_figures(
    qtbot: QtBot, make_services: ServicesFactory, hq_dir: tuple[Path, dict[str, str]]
) -> None:
    data, _ids = hq_dir
    page = page_from_2026(qtbot, make_services, data)
    assert value_of(page, "members_added") == "2"  # Kenya on 1 January, Ghana on 31 March
    assert value_of(page, "monthly_meetings") == "2"
    row = page.indicator_rows()["email_network"]
    assert page.figures.item(row, 2).text() == "≥ 200"
    assert page.figures.item(row, 3).text() == "Not yet"
    page.start.setDate(QDate(2026, 2, 1))
    qtbot.waitUntil(lambda: value_of(page, "members_added") == "1", timeout=20_000)
    assert value_of(page, "monthly_meetings") == "1"
    page.region.setCurrentIndex(page.region.findData("Americas"))
    qtbot.waitUntil(lambda: value_of(page, "members_added") == "0", timeout=20_000)


def test_a_click_on_a_figure_lists_its_records_and_opens_one(
    qtbot: QtBot, make_services: ServicesFactory, hq_dir: tuple[Path, dict[str, str]]
) -> None:
    data, ids = hq_dir
    page = page_from_2026(qtbot, make_services, data)
    page.show()
    qtbot.waitExposed(page)
    item = page.figures.item(page.indicator_rows()["email_network"], 0)
    page.figures.scrollToItem(item)
    where = page.figures.visualItemRect(item).center()
    qtbot.mouseClick(page.figures.viewport(), Qt.MouseButton.LeftButton, pos=where)
    records = page.detail.records
    qtbot.waitUntil(lambda: records.list.count() == 1, timeout=10_000)
    assert "Ann" in records.list.item(0).text()
    assert "Bob" not in records.caption.text()
    with qtbot.waitSignal(page.record_requested) as opened:
        records.list.itemActivated.emit(records.list.item(0))
    assert opened.args == ["person", ids["ann"]]
    # The chart's numbers beside it; a row of them narrows the records to that row.
    page.choose("members_added")
    qtbot.waitUntil(lambda: records.list.count() == 2, timeout=10_000)
    numbers = page.detail.numbers
    assert [numbers.item(r, 1).text() for r in range(numbers.rowCount())][:2] == [
        "Africa",
        "Americas",
    ]
    assert numbers.item(0, 2).text() == "2"
    numbers.selectRow(1)  # the Americas: nobody joined
    qtbot.waitUntil(lambda: records.list.count() == 0, timeout=10_000)
    assert "No record" in records.caption.text()


def test_national_outcomes_of_a_country(
    qtbot: QtBot, make_services: ServicesFactory, hq_dir: tuple[Path, dict[str, str]]
) -> None:
    data, _ids = hq_dir
    widget = NationalOutcomesWidget(make_services(lambda: open_store(data)), "KEN", today=END)
    qtbot.addWidget(widget)
    widget.start.setDate(QDate(2026, 1, 1))
    qtbot.waitUntil(
        lambda: widget.table.rowCount() == 7 and widget.table.item(5, 1).text() == "2",
        timeout=20_000,
    )
    assert "Kenya" in widget.heading.text()
    widget.table.selectRow(5)  # participation in networks
    qtbot.waitUntil(lambda: widget.records.list.count() == 2, timeout=10_000)
    widget.set_country("GHA")
    qtbot.waitUntil(lambda: widget.table.item(2, 1).text() == "1", timeout=20_000)  # a judge met
    assert "Ghana" in widget.heading.text()


def test_export_writes_the_workbook_off_the_gui_thread(
    qtbot: QtBot,
    make_services: ServicesFactory,
    hq_dir: tuple[Path, dict[str, str]],
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    data, _ids = hq_dir
    page = OutcomesPage(make_services(lambda: open_store(data)), today=END)
    qtbot.addWidget(page)
    out = tmp_path / "outcomes.xlsx"
    page.choose_export_file = lambda _suffix: out  # type: ignore[method-assign]
    page.export(".xlsx")
    qtbot.waitUntil(lambda: "Report written" in page.status.text(), timeout=30_000)
    assert "Outcomes" in load_workbook(out).sheetnames


def countries_listed(page: OutcomesPage) -> list[str]:
    return countries_listed_in(page.country)


def test_one_country_of_a_region_its_figures_without_targets_and_its_exports(
    qtbot: QtBot,
    make_services: ServicesFactory,
    hq_dir: tuple[Path, dict[str, str]],
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    data, _ids = hq_dir
    page = page_from_2026(qtbot, make_services, data)
    qtbot.waitUntil(lambda: page.country.count() > 100, timeout=10_000)
    assert "Kenya" in countries_listed(page)
    assert "Colombia" in countries_listed(page)
    page.region.setCurrentIndex(page.region.findData("Africa"))
    africa = countries_listed(page)
    assert "Kenya" in africa
    assert "Ghana" in africa
    assert "Colombia" not in africa
    # in the UI language's collation ("São Tomé" before "Senegal" in English; code-point
    # order only while no language was applied, which made this test depend on the others)
    assert africa == sorted(africa, key=QCollator(QLocale()).sortKey)
    qtbot.waitUntil(lambda: page._data is not None and page._data.scope.region is not None)
    ready(qtbot, page)
    assert value_of(page, "members_added") == "2"  # Kenya and Ghana
    page.country.setCurrentIndex(page.country.findData("KEN"))
    qtbot.waitUntil(
        lambda: page._data is not None and page._data.scope.country == "KEN", timeout=20_000
    )
    assert value_of(page, "members_added") == "1"  # Kenya on 1 January
    assert value_of(page, "email_network") == "1"  # Ann, of Kenya; Bob is of Colombia
    row = page.indicator_rows()["email_network"]
    assert page.figures.item(row, 2).text() == "No target for one country"
    assert page.figures.item(row, 3).text() == ""
    assert "do not apply to one country" in page.figures.item(row, 2).toolTip()
    assert "do not apply to one country" in page.status.text()
    page.choose("members_added")
    numbers = page.detail.numbers
    qtbot.waitUntil(lambda: numbers.rowCount() == 1)
    assert numbers.item(0, 1).text() == "Africa"
    assert numbers.columnCount() == 3  # #, what, value: no target column
    assert "No target for one country" in page.detail.summary.text()
    records = page.detail.records
    qtbot.waitUntil(lambda: records.list.count() == 1, timeout=10_000)
    # Another region: Kenya is not in it, so the choice goes back to all its countries.
    page.region.setCurrentIndex(page.region.findData("Europe"))
    assert page.country.chosen() is None
    qtbot.waitUntil(
        lambda: (
            page._data is not None
            and page._data.scope.region is not None
            and page._data.scope.region.value == "Europe"
        ),
        timeout=20_000,
    )
    assert value_of(page, "members_added") == "0"
    assert page.figures.item(page.indicator_rows()["email_network"], 2).text() == "≥ 200"
    # Back to Kenya; both exports name it in their title.
    page.region.setCurrentIndex(page.region.findData("Africa"))
    page.country.setCurrentIndex(page.country.findData("KEN"))
    qtbot.waitUntil(
        lambda: page._data is not None and page._data.scope.country == "KEN", timeout=20_000
    )
    for suffix in (".xlsx", ".pdf"):
        out = tmp_path / f"kenya{suffix}"
        page.choose_export_file = lambda _suffix, out=out: out  # type: ignore[method-assign]
        page.status.clear()
        page.export(suffix)
        qtbot.waitUntil(lambda: "Report written" in page.status.text(), timeout=60_000)
        assert out.name in page.status.text()
    book = load_workbook(tmp_path / "kenya.xlsx")
    assert book.properties.title == "ICATI outcomes · Kenya"
    sheet = book["Outcomes"]
    header = [c.value for c in sheet[1]]
    figures = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    added = figures["Member countries added"]
    assert added[header.index("Value")] == 1
    assert added[header.index("Target")] == "No target for one country"
    assert added[header.index("Covers")] == "Kenya"
    pdf = PdfReader(tmp_path / "kenya.pdf")
    assert pdf.metadata is not None
    assert pdf.metadata.title == "ICATI outcomes · Kenya"
    first_page = " ".join(pdf.pages[0].extract_text().split())  # words, however spaced
    assert "Kenya, from" in first_page
    assert "do not apply to one country" in first_page


def test_the_countries_are_named_and_sorted_in_the_ui_language(
    qtbot: QtBot, qapp: QApplication
) -> None:
    from icati_desktop.domain.countries import Region
    from icati_desktop.gui.language import apply_language
    from icati_desktop.gui.outcomes.country_combo import OutcomeCountryCombo
    from icati_desktop.store.country_choices import RegionalCountry

    combo = OutcomeCountryCombo()
    qtbot.addWidget(combo)
    combo.set_countries(
        [
            RegionalCountry(alpha2=a2, alpha3=a3, region=region)
            for a2, a3, region in (
                ("KE", "KEN", "Africa"),
                ("EG", "EGY", "Africa"),
                ("ZA", "ZAF", "Africa"),
                ("ET", "ETH", "Africa"),
                ("FR", "FRA", "Europe"),
            )
        ]
    )
    try:
        apply_language(qapp, "fr")
        combo.set_region(Region.AFRICA)
        # The locale's collation puts "Égypte" among the E, not after the Z as code points do.
        assert countries_listed_in(combo) == ["Afrique du Sud", "Égypte", "Éthiopie", "Kenya"]
        assert combo.itemText(0) == "Tous les pays"
        combo.setCurrentIndex(combo.findData("EGY"))
        combo.set_region(None)  # every region: Egypt stays chosen, France is offered
        assert combo.chosen() == "EGY"
        assert "France" in countries_listed_in(combo)
    finally:
        apply_language(qapp, "en")


def countries_listed_in(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(1, combo.count())]
