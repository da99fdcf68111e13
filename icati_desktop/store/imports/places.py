"""Countries as a sheet may write them: the ISO alpha-3 code or the English name."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.formats.spreadsheet.columns import normalise
from icati_desktop.formats.spreadsheet.read import Cell
from icati_desktop.i18n import _
from icati_desktop.store.imports.cells import CellError, text
from icati_desktop.store.imports.model import Context
from icati_desktop.store.tables.reference import CountryRow


class Countries:
    def __init__(self, session: Session) -> None:
        self.known: dict[str, str] = {}
        for alpha3, name in session.execute(select(CountryRow.alpha3, CountryRow.name)):
            self.known[normalise(alpha3)] = alpha3
            self.known.setdefault(normalise(name), alpha3)

    def code(self, cell: Cell, context: Context, *, required: bool = True) -> str | None:
        value = text(cell)
        if not value:
            if context.country:
                return context.country
            if required:
                raise CellError(_("the country is missing; write its ISO code such as KEN"))
            return None
        code = self.known.get(normalise(value))
        if code is None:
            raise CellError(
                _(
                    "{value!r} is not a country on this device; write its ISO code such as KEN"
                ).format(value=value)
            )
        if context.country and code != context.country:
            raise CellError(
                _(
                    "this row is for {code}, but the file is imported for {country}; remove the "
                    "row or import without --country"
                ).format(code=code, country=context.country)
            )
        return code
