"""The words of network events in a chosen language: kinds, levels, times in their zone.

The kinds' and levels' labels live in :mod:`icati_desktop.vocabulary`, where the search
index finds events by them too.

Screens, exports and the CLI show these, never the codes the store keeps. A time is
shown in the event's own time zone with the zone named, so "10:00" is never ambiguous.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_timezone_name

from icati_desktop.i18n import N_, translator
from icati_desktop.reports.meeting_text import label
from icati_desktop.vocabulary import EVENT_KIND_LABELS, LEVEL_LABELS


def kind_label(kind: str, language: str) -> str:
    return label(EVENT_KIND_LABELS, kind, language)


def level_label(level: str | None, language: str) -> str:
    return label(LEVEL_LABELS, level, language)


def zone_name(moment: datetime, zone: str, language: str) -> str:
    """The zone's name at that moment ("Eastern Daylight Time", "heure normale d’Afrique
    de l’Est"), by CLDR."""
    return str(get_timezone_name(moment.astimezone(ZoneInfo(zone)), "long", locale=language))


def when_text(starts_at: datetime, ends_at: datetime | None, zone: str, language: str) -> str:
    """Date, start (and end) time in the event's zone, with the zone named."""
    tz = ZoneInfo(zone)
    start = starts_at.astimezone(tz)
    times = str(format_time(start, "short", locale=language))
    if ends_at is not None:
        end = ends_at.astimezone(tz)
        if end.date() == start.date():
            times += "–" + str(format_time(end, "short", locale=language))
    text = translator(language).gettext(N_("{date}, {time} ({zone})"))
    return text.format(
        date=format_date(start.date(), "medium", locale=language),
        time=times,
        zone=zone_name(starts_at, zone, language),
    )
