"""Reading one cell as the value a model field needs; :class:`CellError` says what is wrong."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from enum import StrEnum
from functools import cache
from typing import TypeVar

from babel.lists import format_list
from pydantic import TypeAdapter, ValidationError

from icati_desktop.formats.spreadsheet.columns import normalise
from icati_desktop.formats.spreadsheet.read import Cell
from icati_desktop.i18n import N_, SUPPORTED_LANGUAGES, _, locale, translator

E = TypeVar("E", bound=StrEnum)
NOT_AN_EMAIL = N_("{value!r} is not an email address; correct it in the file")
NOT_A_PHONE = N_(
    "{value!r} is not a phone number (digits, spaces, + - ( ) . / and at least 5 digits); "
    "correct it in the file"
)
_LIST = re.compile(r"[\s,;]+")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}([ T][0-9:.]+)?$")
_YES = frozenset({"yes", "y", "true", "1", "x", "oui", "نعم", "vrai"})
_NO = frozenset({"no", "n", "false", "0", "non", "لا", "faux"})


class CellError(ValueError):
    pass


def text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime) and cell.time() == time(0):
        return cell.date().isoformat()
    if isinstance(cell, date | time):
        return cell.isoformat()
    return str(cell).strip()


def day(cell: Cell) -> date | None:
    if cell is None or cell == "":
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    value = text(cell)
    try:
        if not _ISO_DAY.match(value):
            raise ValueError(value)
        return date.fromisoformat(value[:10])
    except ValueError:
        raise CellError(
            _("{value!r} is not a date; write it as YYYY-MM-DD").format(value=value)
        ) from None


def whole(cell: Cell) -> int | None:
    value = text(cell)
    if not value:
        return None
    if not value.isdigit():
        raise CellError(_("{value!r} is not a whole number").format(value=value))
    return int(value)


def yes_no(cell: Cell) -> bool:
    if isinstance(cell, bool):
        return cell
    value = normalise(text(cell))
    if not value or value in _NO:
        return False
    if value in _YES:
        return True
    raise CellError(_("{value!r} is not yes or no; write yes or no").format(value=text(cell)))


@cache
def _words(labels: tuple[tuple[str, str], ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for code, label in labels:
        found[normalise(code)] = code
        for language in SUPPORTED_LANGUAGES:
            found.setdefault(normalise(translator(language).gettext(label)), code)
        found.setdefault(normalise(label), code)
    return found


def choice(cell: Cell, enum: type[E], labels: Mapping[str, str]) -> E | None:
    """An enum value given as its code or its label (in English, French or Arabic)."""
    value = text(cell)
    if not value:
        return None
    pairs = tuple((m.value, labels.get(m.value, m.value)) for m in enum)
    code = _words(pairs).get(normalise(value))
    if code is None:
        words = [_(labels.get(m.value, m.value)) for m in enum]
        allowed = format_list(words, style="or", locale=locale())
        raise CellError(
            _("{value!r} is not one of the known values; use one of: {allowed}").format(
                value=value, allowed=allowed
            )
        )
    return enum(code)


def choices(cell: Cell, enum: type[E], labels: Mapping[str, str]) -> list[E]:
    """Several enum values separated by spaces, commas or semicolons (codes), or lines."""
    raw = text(cell)
    parts: Iterable[str] = raw.splitlines() if "\n" in raw else _LIST.split(raw)
    out: list[E] = []
    for part in parts:
        found = choice(part, enum, labels) if part.strip() else None
        if found is not None and found not in out:
            out.append(found)
    return out


def lines(cell: Cell) -> list[str]:
    return [line.strip() for line in text(cell).splitlines() if line.strip()]


def checked(adapter: TypeAdapter[str], value: str, message: str) -> str:
    """``value`` through a domain type's checks (email, phone); ``message`` says what is
    wrong (``{value!r}`` is the cell's text)."""
    try:
        return adapter.validate_python(value)
    except ValidationError:
        raise CellError(message.format(value=value)) from None


def model_message(exc: ValidationError) -> tuple[str, str]:
    """The first field a model refused, and why, in one line."""
    first = exc.errors()[0]
    where = str(first["loc"][0]) if first["loc"] else ""
    return where, str(first["msg"]).removeprefix("Value error, ")
