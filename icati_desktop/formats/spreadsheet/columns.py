"""Which column of a file holds which expected column: matched by header.

A header matches a column by its key (``display_name``), its English label ("Name") or
its label in the UI language or another language of the app ("Nom", "الاسم"), so a
sheet written in French reads at HQ in English; ignoring case, accents on the outside,
spaces, hyphens and underscores. The user can change the result (the app's mapping step).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from icati_desktop.formats.spreadsheet.read import Table
from icati_desktop.i18n import SUPPORTED_LANGUAGES, _, translator

_SEPARATORS = re.compile(r"[\s_\-–—.:/]+")


@dataclass(frozen=True)
class Column:
    key: str
    """The stable English header the exports write."""
    label: str
    """The column in words (an ``N_`` message: translated where it is shown)."""
    required: bool = False
    informational: bool = False
    """Written by the export for people to read; ignored on import."""
    aliases: tuple[str, ...] = ()
    """Headers other programs write for it ("User Email", "Duration (Minutes)")."""

    def shown(self) -> str:
        return _(self.label)

    def names(self) -> tuple[str, ...]:
        """Every header that means this column: its key, its label in each app language."""
        return (
            self.key,
            self.shown(),
            self.label,
            *(translator(language).gettext(self.label) for language in SUPPORTED_LANGUAGES),
            *self.aliases,
        )


Mapping_ = dict[str, int | None]
"""Expected column key → index of the file's column (``None``: not in the file)."""


def normalise(header: str) -> str:
    decomposed = unicodedata.normalize("NFKD", header.strip().casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub("", plain)


def match_columns(headers: Sequence[str], columns: Sequence[Column]) -> Mapping_:
    """Each expected column ← the first header that names it (each header used once)."""
    index: dict[str, int] = {}
    for position, header in enumerate(headers):
        index.setdefault(normalise(header), position)
    used: set[int] = set()
    found: Mapping_ = {}
    for column in columns:
        hit = next(
            (
                index[n]
                for n in map(normalise, column.names())
                if n in index and index[n] not in used
            ),
            None,
        )
        found[column.key] = hit
        if hit is not None:
            used.add(hit)
    return found


HEADER_SEARCH = 30
"""How many rows may come before the header (a host's summary above its attendee list)."""


def locate_header(table: Table, columns: Sequence[Column]) -> Table:
    """The table read from the row that names the most expected columns.

    Webinar hosts and survey tools write a summary (title, date, totals) above the
    table; the header is the first row, among the first few, that names more expected
    columns than any before it.
    """

    def score(headers: Sequence[str]) -> int:
        return sum(1 for hit in match_columns(headers, columns).values() if hit is not None)

    best, best_score = None, score(table.headers)
    for index, row in enumerate(table.rows[:HEADER_SEARCH]):
        cells = tuple("" if c is None else str(c).strip() for c in row.cells)
        found = score(cells)
        if found > best_score:
            best, best_score = index, found
    if best is None:
        return table
    header = table.rows[best]
    return Table(
        tuple("" if c is None else str(c).strip() for c in header.cells),
        table.rows[best + 1 :],
        header.number,
    )


def missing_required(found: Mapping[str, int | None], columns: Sequence[Column]) -> list[Column]:
    return [c for c in columns if c.required and found.get(c.key) is None]
