"""Pages of a large, sorted, filtered query: the store side of the GUI's paged tables.

A table over 100k rows never loads them: it asks for the total and for one page of rows
at a time, in an order the store computes with an index, so a page costs about the same
at any size and any position. Two kinds of order (:class:`OrderKey`):

* a **plain** key — a column such as a name or a year: ``ORDER BY key, tie-break`` (the
  record id last, so the order is total and the same on every read). A page in the far
  half of the rows is read in reverse order and turned round, so ``OFFSET`` never walks
  more than half the index;
* a **ranked** key — a code column (a country, a status) that people see as a label in
  their language, whose order therefore comes with the request as ``ranks`` (code →
  position, from the labels' collation). The store counts the rows of each code under the
  filter (``GROUP BY``), puts the codes in rank order, and reads only the groups the page
  spans, each through the index ``(code, within-group order…)``.

Every key needs an index that starts with its column(s) and ends with the tie-break, or
pages get slower as the table grows (see ``InitiativeRow`` and migration 0006).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, SQLColumnExpression, func
from sqlalchemy.orm import Session

DEFAULT_PAGE = 200


@dataclass(frozen=True)
class OrderKey:
    """How one sortable column orders rows in the store."""

    column: SQLColumnExpression[Any]
    ranked: bool = False
    """A code column ordered by ``ranks`` given with each request."""
    nullable: bool = False
    """Rows without a value come first in ascending order, last in descending (both engines)."""


@dataclass(frozen=True)
class PageRequest:
    """One page: which order, where, how many."""

    key: str
    descending: bool = False
    offset: int = 0
    limit: int = DEFAULT_PAGE
    ranks: Mapping[str, int] = field(default_factory=dict)
    """For a ranked key: code → position (codes not listed come last, by code)."""
    counts: Mapping[Any, int] | None = None
    """For a ranked key: rows per code under the filter, when the caller has them from an
    earlier page of the same filter and the same records (a sort that only changes the
    order); the store then skips counting them."""


@dataclass(frozen=True)
class Page:
    """One page's rows, the query's row count, and for a ranked key its rows per code."""

    rows: list[Any]
    total: int
    counts: Mapping[Any, int] | None = None


def _directed(column: SQLColumnExpression[Any], descending: bool, nullable: bool) -> Any:
    ordered = column.desc() if descending else column.asc()
    if nullable:
        return ordered.nulls_last() if descending else ordered.nulls_first()
    return ordered


def _plain_page(
    session: Session,
    query: Select[Any],
    key: OrderKey,
    tiebreak: Sequence[SQLColumnExpression[Any]],
    request: PageRequest,
    total: int,
) -> list[Any]:
    offset, limit = max(0, request.offset), max(0, min(request.limit, total - request.offset))
    if limit == 0:
        return []
    reverse = offset + limit / 2 > total / 2  # nearer the end: count from there
    descending = request.descending != reverse
    if reverse:
        offset = total - offset - limit
    order = [_directed(key.column, descending, key.nullable)]
    order += [_directed(c, descending, False) for c in tiebreak]
    rows = list(session.execute(query.order_by(*order).offset(offset).limit(limit)))
    return rows[::-1] if reverse else rows


def group_counts(
    session: Session, query: Select[Any], column: SQLColumnExpression[Any]
) -> dict[Any, int]:
    """Rows per value of ``column`` under the query's filters."""
    counting = query.with_only_columns(column, func.count(), maintain_column_froms=True)
    return {value: int(n) for value, n in session.execute(counting.group_by(column))}


def _ranked_page(
    session: Session,
    query: Select[Any],
    key: OrderKey,
    within: Sequence[SQLColumnExpression[Any]],
    request: PageRequest,
) -> tuple[list[Any], Mapping[Any, int]]:
    counts = request.counts
    if counts is None:
        counts = group_counts(session, query, key.column)
    last = len(request.ranks)
    groups = sorted(
        counts, key=lambda code: (code is None, request.ranks.get(code, last), str(code or ""))
    )
    if request.descending:
        groups.reverse()
    start, end = request.offset, request.offset + request.limit
    rows: list[Any] = []
    position = 0
    for code in groups:
        size = counts[code]
        if position + size > start and position < end:
            skip = max(0, start - position)
            take = min(size, end - position) - skip
            reverse = skip + take / 2 > size / 2  # nearer the group's end: count from there
            descending = request.descending != reverse
            order = [_directed(c, descending, False) for c in within]
            where = key.column.is_(None) if code is None else key.column == code
            part = query.where(where).order_by(*order)
            part = part.offset(size - skip - take if reverse else skip).limit(take)
            found = list(session.execute(part))
            rows.extend(found[::-1] if reverse else found)
        position += size
        if position >= end:
            break
    return rows, counts


def fetch_page(
    session: Session,
    query: Select[Any],
    keys: Mapping[str, OrderKey],
    request: PageRequest,
    *,
    total: int | None,
    tiebreak: Sequence[SQLColumnExpression[Any]],
    within: Sequence[SQLColumnExpression[Any]],
) -> Page:
    """The rows of one page of ``query`` (filters applied, no order) in ``request``'s
    order, and the query's row count (and a ranked key's rows per code).

    ``total``, when the caller knows it (a later page of the same query, or the same
    filter in another order), saves counting, as ``request.counts`` does for a ranked key;
    ``tiebreak`` ends every plain order (the record id); ``within`` orders the rows of one
    ranked group (e.g. name, then id).
    """
    try:
        key = keys[request.key]
    except KeyError:
        raise ValueError(f"this list cannot be sorted by {request.key!r}") from None
    if key.ranked:
        rows, counts = _ranked_page(session, query, key, within, request)
        return Page(rows, sum(counts.values()), counts)
    if total is None:
        total = count_rows(session, query)
    return Page(_plain_page(session, query, key, tiebreak, request, total), total)


def count_rows(session: Session, query: Select[Any]) -> int:
    counting = query.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)
    return int(session.scalar(counting) or 0)
