"""A country's overview in words: names in the reader's language, counts that read right."""

from __future__ import annotations

from datetime import date

from icati_desktop.reports.country_text import actions_summary, due_text, sub_region_name
from icati_desktop.store.country_parts import OpenActions


def test_sub_regions_are_named_in_the_reader_language_where_cldr_names_them() -> None:
    assert sub_region_name("Sub-Saharan Africa", "fr") == "Afrique subsaharienne"
    assert sub_region_name("Sub-Saharan Africa", "ar") == "أفريقيا جنوب الصحراء الكبرى"
    assert sub_region_name("Sub-Saharan Africa", "en") == "Sub-Saharan Africa"
    # CLDR's "Latin America" would drop the Caribbean: kept as stored
    assert sub_region_name("Latin America and the Caribbean", "fr") == (
        "Latin America and the Caribbean"
    )


def test_open_items_are_counted_by_status_with_the_overdue_ones() -> None:
    one = OpenActions(by_status={"blocked": 1}, overdue=0, items=())
    assert actions_summary(one, "en") == "1 open item: 1 blocked."
    many = OpenActions(by_status={"open": 2, "in_progress": 1}, overdue=2, items=())
    assert actions_summary(many, "en") == (
        "3 open items: 1 in progress and 2 not started. 2 are overdue."
    )
    assert "en retard" in actions_summary(many, "fr")
    none = OpenActions(by_status={}, overdue=0, items=())
    assert actions_summary(none, "en") == "No open action items."


def test_due_dates_say_when_they_are_late() -> None:
    assert due_text(date(2026, 4, 24), True, "en") == "Apr 24, 2026 (overdue)"
    assert due_text(date(2026, 4, 24), False, "fr") == "24 avr. 2026"
    assert due_text(None, False, "en") == "no due date"
