"""The people of the directory to CSV or XLSX, consent honoured.

Columns are :data:`COLUMNS` (English, stable: a later import reads the same set). Email
and phone are filled only for people whose active consent covers sharing
(``share_with_partners``): an export is a file that leaves the app. Everything else is
the directory's own data. Rows are read a page at a time, so memory stays flat.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from icati_desktop.i18n import _
from icati_desktop.reports.table_files import checked_suffix, guard, write_table
from icati_desktop.store.people import (
    PeopleQuery,
    PersonSummary,
    contact_exportable,
    people_page,
)
from icati_desktop.store.store import Store

COLUMNS = (
    "person_id",
    "name",
    "organisation",
    "role",
    "sector",
    "country",
    "stages",
    "decision_authority",
    "consent_scopes",
    "email",
    "phone",
)
PAGE = 1_000
log = logging.getLogger(__name__)


def _row(person: PersonSummary) -> list[str]:
    shared = contact_exportable(person.scopes)
    return [
        person.record_id,
        guard(person.display_name),
        guard(person.organisation),
        guard(person.role),
        person.sector or "",
        person.country or "",
        " ".join(person.stages),
        "yes" if person.decision_authority else "no",
        " ".join(person.scopes),
        " ".join(person.emails) if shared else "",
        guard(" / ".join(person.phones)) if shared else "",
    ]


def people_rows(store: Store, country: str | None = None) -> Iterator[list[str]]:
    query = PeopleQuery(country=country)
    offset = 0
    while True:
        page = people_page(store, query, offset, PAGE)
        yield from (_row(p) for p in page)
        if len(page) < PAGE:
            return
        offset += PAGE


def export_people(store: Store, path: Path, country: str | None = None) -> int:
    """Write the people (of a country) to ``path`` (.csv or .xlsx), atomically; row count."""
    message = _("export people to a .csv or .xlsx file, not {suffix}")
    checked_suffix(path, (".csv", ".xlsx"), message)
    count = write_table(path, COLUMNS, people_rows(store, country), title="People")
    log.info("people exported: %d row(s) to %s", count, path.name)
    return count
