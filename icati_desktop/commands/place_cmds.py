"""`icati assessment places`: the places self-assessments recorded (answers to geopoint
items), as the Atlas map shows them."""

from __future__ import annotations

import argparse
from typing import Any

from icati_desktop.commands.common import Add, emit, open_store
from icati_desktop.i18n import _, ngettext


def cmd_places(args: argparse.Namespace) -> int:
    from icati_desktop.domain.assessments import GeopointAnswer
    from icati_desktop.reports.assessment_report import country_name
    from icati_desktop.reports.form_text import geopoint_text
    from icati_desktop.store.assessments import require_country
    from icati_desktop.store.places import recorded_places

    store = open_store(args, create=False)
    try:
        with store.read() as session:
            country = None if args.country is None else require_country(session, args.country)
            places = recorded_places(session, args.lang, country)
            names = {p.country: country_name(session, p.country, args.lang) for p in places}
    finally:
        store.close()
    data = [
        {
            "assessment": p.assessment_id,
            "country": p.country,
            "country_name": names[p.country],
            "assessed_on": p.assessed_on,
            "item": p.item,
            "label": p.label,
            "entry": p.entry,
            "latitude": str(p.latitude),
            "longitude": str(p.longitude),
        }
        for p in places
    ]
    lines = []
    for p in places:
        point = GeopointAnswer(latitude=p.latitude, longitude=p.longitude)
        where = geopoint_text(point, args.lang)
        what = p.label
        if p.entry is not None:
            what = _("{item} (entry {n})").format(item=what, n=p.entry)
        lines.append(f"{names[p.country]}  {p.assessed_on}  {what}  {where}")
    summary = ngettext("{n} place", "{n} places", len(places)).format(n=len(places))
    text = (
        "\n".join([*lines, summary])
        if places
        else _(
            "no places recorded: a form's geopoint items, once answered, show here and on the Atlas"
        )
    )
    emit(args, data, text)
    return 0


def register_into(commands: Any, add: Add) -> None:
    """Adds ``places`` to the `icati assessment` group."""
    places = add(
        "places", cmd_places, "places recorded by geopoint items (shown on the Atlas map)", commands
    )
    places.add_argument("--country", metavar="ISO3")
    places.add_argument("--lang", default="en", metavar="LANG", help="language of item labels")
