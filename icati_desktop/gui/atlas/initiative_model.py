"""The initiatives list as a paged table model: the store sorts, filters and pages.

A :class:`~icati_desktop.gui.paged_table.PagedTableModel` over
:func:`icati_desktop.store.atlas.query_initiatives`. Country, model and status are
shown as labels in the UI language, so they sort by those labels (ranked orders); the
name sorts without case, the year numerically; the continuum stages (a list) do not sort.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt

from icati_desktop.gui.atlas.vocabulary import MODEL_LABELS, STATUS_LABELS, label, stages_text
from icati_desktop.gui.paged_table import PagedTableModel, PageJob, label_ranks
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.table_roles import RECORD_ID_ROLE
from icati_desktop.i18n import N_, _
from icati_desktop.store.paging import PageRequest

if TYPE_CHECKING:
    from icati_desktop.store.atlas import InitiativeFilter, InitiativePage, InitiativeSummary
    from icati_desktop.store.store import Store

COLUMNS = (
    N_("Country"),
    N_("Initiative"),
    N_("Model"),
    N_("Continuum stages"),
    N_("Status"),
    N_("Since"),
)
COUNTRY, NAME, MODEL, STAGES, STATUS, YEAR = range(len(COLUMNS))
ORDERS = {COUNTRY: "country", NAME: "name", MODEL: "model", STATUS: "status", YEAR: "start_year"}
PAGE_SIZE = 200


def page_job(flt: InitiativeFilter, request: PageRequest, total: int | None) -> PageJob:
    def job(store: Store) -> InitiativePage:
        from icati_desktop.store.atlas import query_initiatives

        with store.read() as session:
            return query_initiatives(session, flt, request, total=total)

    return job


class InitiativeTableModel(PagedTableModel):
    columns = COLUMNS
    ORDERS = ORDERS

    def __init__(self, services: AppServices, parent: QObject | None = None) -> None:
        super().__init__(services, PAGE_SIZE, parent)
        self.set_order("country")
        self.country_names: dict[str, str] = {}
        """alpha-3 → the country's name in the UI language (set by the page)."""

    def page_job(self, flt: Any, request: PageRequest, total: int | None) -> PageJob:
        return page_job(flt, request, total)

    def ranks_for(self, key: str) -> dict[str, int]:
        if key == "country":
            return label_ranks(self.country_names)
        if key == "model":
            return label_ranks({code: _(text) for code, text in MODEL_LABELS.items()})
        if key == "status":
            return label_ranks({code: _(text) for code, text in STATUS_LABELS.items()})
        return {}

    def display(self, row: InitiativeSummary, column: int) -> str:
        if column == COUNTRY:
            return self.country_names.get(row.country, row.country_name)
        if column == NAME:
            return row.name
        if column == MODEL:
            return label(MODEL_LABELS, row.model)
        if column == STAGES:
            return stages_text(row.stages)
        if column == STATUS:
            return label(STATUS_LABELS, row.status)
        return "" if row.start_year is None else str(row.start_year)

    def tooltip(self, row: InitiativeSummary, column: int) -> str:
        """The whole text of a cut-off cell; the lead organisation under the name."""
        if column == NAME and row.lead_organisation:
            return _("{name}\nLead organisation: {lead}").format(
                name=row.name, lead=row.lead_organisation
            )
        return self.display(row, column)

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        if column == YEAR:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None


__all__ = ["COLUMNS", "RECORD_ID_ROLE", "InitiativeTableModel"]
