"""The lines that list the records behind a figure, in the UI language's own punctuation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from icati_desktop import i18n
from icati_desktop.gui.outcomes.records_list import title_text
from icati_desktop.store.record_titles import RecordTitle


@pytest.fixture
def french() -> Iterator[None]:
    i18n.set_language("fr")
    yield
    i18n.set_language("en")


def test_a_french_line_has_a_no_break_space_before_its_colon(french: None) -> None:
    line = title_text(RecordTitle("meeting", "m1", "Déjudiciarisation", "KEN", date(2026, 2, 3)))
    assert "\u00a0: " in line
    assert " : " not in line
    assert "Kenya" in line
