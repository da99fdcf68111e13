"""The recurring event series ICATI runs, as shipped defaults (``event_series.json``).

A series is what every session of it shares — its title, kind, level, format and, for
the ATI Basics webinars, the recording in the library — never a date: the sessions
themselves are events HQ records as they are held. The editor and ``icati events add
--from-series KEY`` start a new event from one.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from icati_desktop.domain.default_content import ContentError
from icati_desktop.domain.ids import RequiredTranslatedText, TranslatedText, content_record_id
from icati_desktop.domain.library import Level, Resource
from icati_desktop.domain.meetings import MeetingFormat
from icati_desktop.domain.network import EventKind

SERIES_FILE = "event_series.json"


class Recurrence(StrEnum):
    ONCE = "once"
    """One session of a series (each ATI Basics webinar), repeated live or watched recorded."""
    MONTHLY = "monthly"
    YEARLY = "yearly"
    RECURRING = "recurring"
    """Held regularly, no fixed rhythm."""


class EventSeries(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(min_length=1)
    title: RequiredTranslatedText
    kind: EventKind
    level: Level | None = None
    series: str = ""
    recurrence: Recurrence
    format: MeetingFormat
    recording: str | None = None
    """The content key of the library resource holding the recording."""
    description: TranslatedText = {}

    @property
    def recording_id(self) -> UUID | None:
        if self.recording is None:
            return None
        return content_record_id(Resource.record_type, self.recording)

    def title_in(self, language: str) -> str:
        return self.title.get(language) or self.title["en"]

    def event_fields(self, language: str) -> dict[str, object]:
        """What a new session of the series starts with (no date: the user gives it)."""
        return {
            "title": self.title_in(language),
            "kind": self.kind.value,
            "level": self.level.value if self.level else None,
            "series": self.series or self.title["en"],
            "format": self.format.value,
            "recording_id": str(self.recording_id) if self.recording_id else None,
            "description": self.description.get(language) or self.description.get("en", ""),
        }


def load_event_series(directory: Path) -> list[EventSeries]:
    """The shipped series; a recording must name a default library resource."""
    from icati_desktop.domain.default_content import load_resources

    path = directory / SERIES_FILE
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ContentError(f"{path}: cannot read JSON ({error})") from error
    if not isinstance(entries, list):
        raise ContentError(f"{path}: expected a list of objects")
    resources = {record_id for record_id, _ in load_resources(directory)}
    found: list[EventSeries] = []
    for index, entry in enumerate(entries):
        try:
            series = EventSeries.model_validate(entry)
        except ValidationError as error:
            raise ContentError(f"{path} entry {index}: {error}") from error
        if series.recording_id is not None and series.recording_id not in resources:
            raise ContentError(f"{path} {series.key}: unknown recording {series.recording!r}")
        found.append(series)
    keys = [s.key for s in found]
    if len(set(keys)) != len(keys):
        raise ContentError(f"{path}: repeated keys")
    return found
