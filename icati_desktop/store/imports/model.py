"""What an import plans and reports: problems by row and column, writes, counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from sqlalchemy.orm import Session

from icati_desktop.domain.base import RecordPayload
from icati_desktop.formats.spreadsheet.columns import Column
from icati_desktop.formats.spreadsheet.read import Cell
from icati_desktop.i18n import _


@dataclass(frozen=True)
class Problem:
    row: int
    """The sheet's row number; 0 for the file as a whole (a missing column)."""
    column: str
    """The expected column's key, or "" for the row as a whole."""
    message: str

    def line(self, label: str = "") -> str:
        where = label or self.column
        if self.row and where:
            return _("row {row}, {column}: {message}").format(
                row=self.row, column=where, message=self.message
            )
        if self.row:
            return _("row {row}: {message}").format(row=self.row, message=self.message)
        return self.message


@dataclass(frozen=True)
class Write:
    row: int
    record_type: str
    record_id: str
    payload: RecordPayload
    new: bool
    counted: bool = True
    """False for a record written alongside the row's own (a contact, a plan)."""


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, Cell]
    """The file's cells by expected column; a column the file does not have is absent."""


@dataclass
class Plan:
    writes: list[Write] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0
    notes: list[str] = field(default_factory=list)
    tally: tuple[int, int] | None = None
    """(added, changed) when the kind counts something else than its writes."""


@dataclass(frozen=True)
class Context:
    today: date
    country: str | None = None
    """``--country``: blank countries become it, other countries are refused."""
    event_id: str | None = None
    """The event an attendance list belongs to."""


class Kind(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def columns(self) -> tuple[Column, ...]: ...

    def plan(self, session: Session, rows: list[Row], context: Context) -> Plan: ...


@dataclass(frozen=True)
class ImportResult:
    kind: str
    rows: int
    added: int
    changed: int
    skipped: int
    problems: tuple[Problem, ...]
    notes: tuple[str, ...]
    stored: bool
    """False on a dry run and whenever there are problems."""
    record_ids: tuple[str, ...] = ()
