"""What every kind's planner shares: problems by cell, the record a row names, writes."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.base import RecordPayload
from icati_desktop.formats.spreadsheet.columns import Column
from icati_desktop.formats.spreadsheet.read import Cell
from icati_desktop.i18n import _
from icati_desktop.store.chunks import chunked
from icati_desktop.store.imports.cells import CellError, model_message, text
from icati_desktop.store.imports.model import Context, Plan, Problem, Row, Write
from icati_desktop.store.materialise import table_for
from icati_desktop.store.records import shown_payload
from icati_desktop.store.tables.core import RecordRow

T = TypeVar("T")
P = TypeVar("P", bound=RecordPayload)


class Planner:
    fields_to_columns: ClassVar[dict[str, str]] = {}
    columns: tuple[Column, ...] = ()
    """The kind's columns (set by each kind's planner)."""
    """A model field whose problem belongs to a column of another name."""

    def __init__(self, session: Session, context: Context) -> None:
        self.session, self.context, self.plan = session, context, Plan()
        self.loaded: dict[str, tuple[RecordRow, str | None]] = {}
        self.id_rows: dict[str, int] = {}

    def prefetch(self, rows: list[Row], column: str) -> None:
        """Read the records the rows name, a chunk at a time (not a query per row)."""
        self.loaded.update(loaded(self.session, [text(r.values.get(column)) for r in rows]))

    def central_only(self, record_type: str, message: str) -> bool:
        """A problem saying ``message`` (and False) when this device may not write these."""
        from icati_desktop.store.records import may_write

        if not may_write(self.session, record_type):
            self.plan.problems.append(Problem(0, "", message))
            return False
        return True

    def problem(self, row: Row, column: str, message: str) -> None:
        self.plan.problems.append(Problem(row.number, column, message))

    def cell(self, row: Row, column: str, read: Callable[[Cell], T]) -> T | None:
        try:
            return read(row.values.get(column))
        except CellError as exc:
            self.problem(row, column, str(exc))
            return None

    def existing(self, row: Row, column: str, model: type[P]) -> tuple[str, P] | None:
        """The record the row's id names; a problem if the device has no such record."""
        rid = text(row.values.get(column))
        if not rid:
            return None
        earlier = self.id_rows.setdefault(rid, row.number)
        if earlier != row.number:
            self.problem(
                row,
                column,
                _("the same record as row {row}; keep one of the two rows").format(row=earlier),
            )
            return None
        state, data = self.loaded.get(rid) or (self.session.get(RecordRow, rid), None)
        if state is None or state.deleted or state.record_type != model.record_type:
            self.problem(
                row,
                column,
                _(
                    "nothing on this device has this id; leave {column} blank to add a new record"
                ).format(column=column),
            )
            return None
        data = data or shown_payload(self.session, state)
        return rid, model.model_validate_json(data)

    def kept(self, row: Row, data: dict[str, object], current: object) -> dict[str, object]:
        """For an update (``current`` set), ``data`` without the fields whose column the
        file does not have: the update changes what the sheet holds, the rest stays."""
        if current is None:
            return data
        keys = {c.key for c in self.columns}
        return {
            name: value
            for name, value in data.items()
            if self.fields_to_columns.get(name, name) not in keys
            or self.fields_to_columns.get(name, name) in row.values
        }

    def build(self, row: Row, model: type[P], data: dict[str, object]) -> P | None:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            field, message = model_message(exc)
            if not field:  # a rule between fields: the column its message names
                field = next((f for f in data if f in message), "")
            self.problem(row, self.fields_to_columns.get(field, field), message)
            return None

    def keep(
        self, row: Row, rid: str | None, payload: P, current: P | None, *, counted: bool = True
    ) -> bool:
        """Plan the write of a new or changed record; an unchanged one is skipped."""
        if current is not None and payload.model_dump(mode="json") == current.model_dump(
            mode="json"
        ):
            if counted:
                self.plan.skipped += 1
            return False
        from uuid import uuid4

        self.plan.writes.append(
            Write(
                row.number,
                model_type(payload),
                rid or str(uuid4()),
                payload,
                new=current is None,
                counted=counted,
            )
        )
        return True


def model_type(payload: RecordPayload) -> str:
    return payload.record_type


def loaded(session: Session, ids: list[str]) -> dict[str, tuple[RecordRow, str | None]]:
    """id → (state, current data) for the live records among ``ids``."""
    wanted = sorted({i for i in ids if i})
    found: dict[str, tuple[RecordRow, str | None]] = {}
    for part in chunked(wanted):
        states = session.scalars(select(RecordRow).where(RecordRow.record_id.in_(part))).all()
        by_type: dict[str, list[str]] = {}
        for state in states:
            by_type.setdefault(state.record_type, []).append(state.record_id)
            found[state.record_id] = (state, None)
        for record_type, rids in by_type.items():
            table = table_for(record_type)
            for rid, data in session.execute(
                select(table.c.id, table.c.data).where(table.c.id.in_(rids))
            ):
                found[rid] = (found[rid][0], str(data))
    return found
