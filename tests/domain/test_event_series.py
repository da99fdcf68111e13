"""The recurring series shipped as defaults: what the seed names, nothing invented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icati_desktop.domain.default_content import ContentError
from icati_desktop.domain.event_series import load_event_series
from icati_desktop.domain.ids import content_record_id
from icati_desktop.store.content import content_dir


def test_the_seeds_series_are_shipped_with_their_recordings() -> None:
    series = {s.key: s for s in load_event_series(content_dir())}
    assert set(series) == {
        "monthly-network-meeting",
        "office-hours",
        "annual-members-meeting",
        "ati-basics-1",
        "ati-basics-2",
        "ati-basics-3",
        "ati-basics-4",
    }
    assert series["monthly-network-meeting"].recurrence == "monthly"
    basics = series["ati-basics-2"]
    assert (basics.kind, basics.level, basics.series) == ("webinar", "basic", "ATI Basics")
    assert basics.recording_id == content_record_id("resource", "icati-ati-basics-2")
    fields = basics.event_fields("fr")
    assert fields["title"] == "ATI Basics 2 : Le continuum pénal et ses acteurs"
    assert "starts_at" not in fields  # a series has no invented date
    for one in series.values():
        assert {"en", "fr", "ar"} <= set(one.title)


def test_a_series_naming_an_unknown_recording_is_refused(tmp_path: Path) -> None:
    for name in ("curricula.json", "library.json", "webinars.json"):
        (tmp_path / name).write_text((content_dir() / name).read_text(encoding="utf-8"))
    entry = {
        "key": "x",
        "title": {"en": "X"},
        "kind": "webinar",
        "recurrence": "once",
        "format": "remote",
        "recording": "no-such-resource",
    }
    (tmp_path / "event_series.json").write_text(json.dumps([entry]))
    with pytest.raises(ContentError, match="unknown recording"):
        load_event_series(tmp_path)
