"""The people list as a paging Qt table model; sort and filter run in the store (SQL).

The model holds the rows loaded so far and the total the query matches; Qt's
``canFetchMore``/``fetchMore`` ask for the next page, which the page loads through a
database job (:meth:`PeopleTableModel.append_rows`). A header click asks the page for a
new query sorted by that column (:data:`SORT_KEYS`), never a sort of the loaded rows.
Contact details are whatever the store gave: only while consent covers them.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from icati_desktop.gui.growing_table import GrowingTableModel
from icati_desktop.gui.people.vocabulary import SCOPE_LABELS, country_label, label, sector_label
from icati_desktop.i18n import N_, _
from icati_desktop.store.people import PersonSummary

COLUMNS = (
    N_("Name"),
    N_("Institution"),
    N_("Role"),
    N_("Sector"),
    N_("Country"),
    N_("Consent"),
    N_("Email"),
)
NAME, INSTITUTION, ROLE, SECTOR, COUNTRY, CONSENT, EMAIL = range(len(COLUMNS))
SORT_KEYS = ("display_name", "organisation", "role", "sector", "country", "consent", None)
"""The store's sort key per column (``None``: not sortable)."""


class PeopleTableModel(GrowingTableModel[PersonSummary]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, self._text, parent)
        self.alpha2_of: dict[str, str] = {}

    @property
    def total(self) -> int:
        return self._total

    def summary(self, row: int) -> PersonSummary:
        return self._rows[row]

    def row_of(self, record_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.record_id == record_id), None)

    def _text(self, row: PersonSummary, column: int) -> str:
        if column == NAME:
            return row.display_name
        if column == INSTITUTION:
            return row.organisation
        if column == ROLE:
            return row.role
        if column == SECTOR:
            return sector_label(row.sector)
        if column == COUNTRY:
            return country_label(row.country, self.alpha2_of)
        if column == CONSENT:
            if not row.scopes:
                return _("No consent")
            return ", ".join(label(SCOPE_LABELS, s) for s in row.scopes)
        return ", ".join(row.emails)
