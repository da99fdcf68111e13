"""A table model over a store query too large to load: the base of every large table.

The store sorts and filters (with an index per order, :mod:`icati_desktop.store.paging`);
this model only shows: ``rowCount()`` is the store's total, ``data()`` answers from a
cache of pages, and a row not in the cache shows empty while its page is read on the
database thread, once, then appears. Sorting never calls ``data()`` row by row and no
sort proxy sits in between, so opening, sorting, filtering and jumping to the end each
cost one or two indexed queries, whether the table holds 100 rows or 100,000.

How to use it (the Atlas initiatives do: :mod:`icati_desktop.gui.atlas.initiative_model`):

1. In the store, a function ``(session, filter, PageRequest, total | None) -> page``
   whose result has ``total``, ``offset`` and ``rows`` (rows are pydantic models or any
   plain values), built on :func:`~icati_desktop.store.paging.fetch_page`, with a dict of
   the orders it offers (``OrderKey``) and an index for each.
2. A subclass that says:

   * :attr:`columns` — the header titles (``N_()`` strings);
   * :meth:`page_job` — the database job reading one page (it receives ``total`` when the
     model already knows it, so later pages skip the count);
   * :attr:`ORDERS` — column → the store's order it sorts by (a column left out cannot
     be sorted, and clicking it keeps the current order);
   * :meth:`ranks_for` — for an order the store calls *ranked* (codes shown as labels:
     countries, statuses), the codes in the order their labels sort in the UI language;
     :func:`label_ranks` computes it with the locale's collation;
   * :meth:`display` (and, if wanted, :meth:`tooltip`, :meth:`alignment`) and
     :meth:`record_id` of a row.
3. Set it on a ``QTableView`` directly with ``setSortingEnabled(True)`` (the header calls
   :meth:`sort`), call :meth:`set_filter` when the filters change (the first call starts
   loading) and :meth:`reload` when the store reports the records changed.

For an action-item list of 100k items sorted by due date and filtered by status: an
``OrderKey(ActionItemRow.due_on, nullable=True)`` with an index ``(due_on, id)`` (and
``(status, due_on, id)`` for the filter), a ``ranked`` key for the status column, and a
subclass of this model — nothing else.

Signals: :attr:`loaded` (the total) when the first page of a new query is in;
:attr:`page_loaded` (its offset) for every page; :attr:`failed` with the error.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QCollator, QLocale, QModelIndex, QObject, Qt, Signal

from icati_desktop.gui.services import AppServices
from icati_desktop.gui.table_columns import AnyIndex, ColumnTableModel
from icati_desktop.store.paging import DEFAULT_PAGE, PageRequest

if TYPE_CHECKING:
    from icati_desktop.store.store import Store

PageJob = Callable[["Store"], Any]
MAX_PAGES = 50
"""Pages kept in the cache (the least recently used go first)."""


def label_ranks(labels: Mapping[str, str]) -> dict[str, int]:
    """code → position of its label in the UI language's collation (for ranked orders)."""
    collator = QCollator(QLocale())
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    collator.setNumericMode(True)

    def compare(a: tuple[str, str], b: tuple[str, str]) -> int:
        return collator.compare(a[1], b[1]) or (a[0] > b[0]) - (a[0] < b[0])

    ordered = sorted(labels.items(), key=functools.cmp_to_key(compare))
    return {code: rank for rank, (code, _label) in enumerate(ordered)}


class PagedTableModel(ColumnTableModel):
    loaded = Signal(int)
    """The first page of a new query arrived; the argument is the total."""
    page_loaded = Signal(int)
    """A page arrived; the argument is its offset."""
    failed = Signal(object)

    def __init__(
        self, services: AppServices, page_size: int = DEFAULT_PAGE, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.page_size = page_size
        self._filter: Any = None
        self._started = False
        self._key: str | None = None
        self._descending = False
        self._total = 0
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self._first_pending = False
        """A new read (filter, order or records changed) waits for its first page."""
        self._known_total: int | None = None
        self._known_counts: dict[str, Mapping[Any, int]] = {}
        """What the last full read counted (the total, each ranked key's rows per code):
        valid until the filter or the records change, so a sort only reads a page."""

    # --- what a subclass says -------------------------------------------------------------------

    def page_job(self, flt: Any, request: PageRequest, total: int | None) -> PageJob:
        raise NotImplementedError

    ORDERS: ClassVar[Mapping[int, str]] = {}
    """column → the store order it sorts by; a column not named here does not sort."""

    def order_of(self, column: int) -> str | None:
        return self.ORDERS.get(column)

    def ranks_for(self, key: str) -> dict[str, int]:
        """For a ranked order: code → position of its label (empty: by code)."""
        return {}

    # display, tooltip, alignment and record_id: see ColumnTableModel

    # --- what the page calls -------------------------------------------------------------------

    def set_filter(self, flt: Any) -> None:
        """Show the rows ``flt`` selects (the first call starts loading)."""
        self._filter, self._started = flt, True
        self.reload()

    def current_filter(self) -> Any:
        return self._filter

    def set_order(self, key: str, descending: bool = False) -> None:
        """The order before the first load (the view's header usually sets it via :meth:`sort`)."""
        self._key, self._descending = key, descending

    def reload(self) -> None:
        """Read the rows again (the filter or the records changed): count them anew."""
        self._known_total, self._known_counts = None, {}
        self._read_again()

    def _read_again(self) -> None:
        if not self._started or self._key is None:
            return
        self._generation += 1
        self._pending.clear()
        self._request(0, first=True)

    def total(self) -> int:
        return self._total

    def row_at(self, row: int) -> Any | None:
        """The row's value if its page is loaded (``None`` while it is being read)."""
        page = self._pages.get(row // self.page_size)
        if page is None:
            return None
        offset = row % self.page_size
        return page[offset] if offset < len(page) else None

    def loaded_rows(self) -> list[Any]:
        """The rows loaded so far, in table order (for checks and small tables)."""
        return [value for r in range(self._total) if (value := self.row_at(r)) is not None]

    def row_of(self, record_id: str) -> int | None:
        """The row of a record among the loaded pages."""
        for number, rows in self._pages.items():
            for offset, value in enumerate(rows):
                if self.record_id(value) == record_id:
                    return number * self.page_size + offset
        return None

    def _relabel_rows(self) -> None:
        """A ranked order sorts by label: read it again in the new language's order."""
        if self._key is not None and self.ranks_for(self._key):
            self.reload()
        else:
            super()._relabel_rows()

    # --- loading --------------------------------------------------------------------------------

    def _request(self, number: int, *, first: bool = False) -> None:
        if number in self._pending:
            return
        self._pending.add(number)
        assert self._key is not None
        request = PageRequest(
            key=self._key,
            descending=self._descending,
            offset=number * self.page_size,
            limit=self.page_size,
            ranks=self.ranks_for(self._key),
            counts=self._known_counts.get(self._key) if first else None,
        )
        generation = self._generation
        total = self._known_total if first else self._total
        self._first_pending = self._first_pending or first
        self.services.run(
            self.page_job(self._filter, request, total),
            lambda page: self._arrived(generation, number, page, first),
            self._failed,
        )

    def _arrived(self, generation: int, number: int, page: Any, first: bool) -> None:
        if generation != self._generation:
            return  # an answer to an older filter or order
        self._pending.discard(number)
        rows = list(page.rows)
        if first:
            self._first_pending = False
            self._known_total = int(page.total)
            counts = getattr(page, "counts", None)
            if counts is not None and self._key is not None:
                self._known_counts[self._key] = counts
            self.beginResetModel()
            self._total, self._pages = int(page.total), OrderedDict({number: rows})
            self.endResetModel()
            self.loaded.emit(self._total)
        elif int(page.total) != self._total:
            self.reload()  # the records changed meanwhile: start again
            return
        else:
            self._pages[number] = rows
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
            first_row = number * self.page_size
            if rows:
                self.dataChanged.emit(
                    self.index(first_row, 0),
                    self.index(first_row + len(rows) - 1, len(self.columns) - 1),
                )
        self.page_loaded.emit(number * self.page_size)

    def _failed(self, error: BaseException) -> None:
        self._pending.clear()
        self._first_pending = False
        self.failed.emit(error)

    # --- QAbstractTableModel ----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def _row_for(self, index: AnyIndex, role: int) -> Any | None:
        """The row if its page is loaded; a missing page is read when its text is asked for."""
        number = index.row() // self.page_size
        rows = self._pages.get(number)
        if rows is None:
            if role == Qt.ItemDataRole.DisplayRole:
                self._request(number)
            return None
        self._pages.move_to_end(number)
        offset = index.row() % self.page_size
        return rows[offset] if offset < len(rows) else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.order_of(column)
        if key is None:
            return  # not a sortable column: keep the current order
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._key, self._descending) and self._first_pending:
            return  # QTableView.sortByColumn sorts twice: that order is being read already
        self._key, self._descending = key, descending
        self._read_again()  # the same rows in another order: what was counted still holds
