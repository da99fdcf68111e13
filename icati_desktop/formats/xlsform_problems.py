"""What the XLSForm importer reports: problems by sheet, row and column.

An import either yields a whole form or raises :class:`XlsFormRejected` carrying every
problem found, so an author fixes the workbook in one pass rather than one error at a
time. Notes are things the importer ignored on purpose (a purely presentational column,
a metadata field such as ``start``); they never stop an import.
"""

from __future__ import annotations

from dataclasses import dataclass

from icati_desktop.i18n import _


@dataclass(frozen=True)
class XlsFormProblem:
    sheet: str
    """The sheet as XLSForm names it (``survey``, ``choices``, ``settings``…), or ``workbook``."""
    row: int | None
    """The spreadsheet row number (the header is row 1), when the problem has one."""
    column: str | None
    message: str

    def where(self) -> str:
        """``survey row 7`` / ``choices`` / ``survey row 7, column relevant``."""
        place = self.sheet if self.row is None else f"{self.sheet} row {self.row}"
        if self.column:
            place = _("{place}, column {column}").format(place=place, column=self.column)
        return place

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class XlsFormRejected(ValueError):
    """The workbook cannot be imported; :attr:`problems` lists every reason."""

    def __init__(self, problems: list[XlsFormProblem]) -> None:
        self.problems = sorted(problems, key=_order)
        count = len(self.problems)
        first = str(self.problems[0]) if self.problems else ""
        super().__init__(
            _("the XLSForm cannot be imported ({count} problem(s)); first: {first}").format(
                count=count, first=first
            )
        )


_SHEET_ORDER = {"workbook": 0, "settings": 1, "survey": 2, "choices": 3}


def _order(problem: XlsFormProblem) -> tuple[int, str, int, str]:
    return (
        _SHEET_ORDER.get(problem.sheet, 9),
        problem.sheet,
        problem.row or 0,
        problem.column or "",
    )


class Problems:
    """Collects problems (and notes) while a workbook is read."""

    def __init__(self) -> None:
        self.problems: list[XlsFormProblem] = []
        self.notes: list[XlsFormProblem] = []

    def add(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        problem = XlsFormProblem(sheet, row, column, message)
        if problem not in self.problems:
            self.problems.append(problem)

    def note(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.notes.append(XlsFormProblem(sheet, row, column, message))

    def has_row(self, sheet: str, row: int | None) -> bool:
        return any(p.sheet == sheet and p.row == row for p in self.problems)

    def has_sheet(self, sheet: str) -> bool:
        return any(p.sheet == sheet for p in self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise XlsFormRejected(self.problems)


__all__ = ["Problems", "XlsFormProblem", "XlsFormRejected"]
