"""XPath 1.0 value rules as ODK applies them: conversions, truth and comparison.

* An unanswered question (``None``) is the empty string: ``${x} = ''`` holds and
  ``${x} != ''`` does not.
* ``=`` and ``!=`` compare numbers when both sides are numbers or numeric text, dates
  when both are dates (or one is ``YYYY-MM-DD`` text), booleans when either is one,
  and text otherwise (so ``5 != ''`` holds).
* ``< <= > >=`` compare dates as dates and everything else as numbers; text that is not
  a number (the empty answer too) is NaN and the comparison is false, as in XPath.
* Division or ``mod`` by zero gives NaN rather than XPath's ±Infinity. Every comparison
  with NaN — ``=`` and ``!=`` too, unlike XPath — is false, NaN is false as a
  condition and reads "NaN" as text. So a rule that divides by an unanswered or zero
  value never holds, in either direction.
* Numbers are :class:`~decimal.Decimal`, never float, so ``0.1 + 0.2 = 0.3`` holds.
"""

from __future__ import annotations

import operator as op
import re
from collections.abc import Callable
from datetime import date
from decimal import Context, Decimal

from icati_desktop.domain.expressions._syntax import Value

NAN = Decimal("NaN")
CONTEXT = Context(prec=34, Emax=999_999, Emin=-999_999, traps=[])
"""Arithmetic never raises: overflow gives Infinity and invalid operations NaN."""
_EPOCH = date(1970, 1, 1)
_NUMERIC = re.compile(r"\s*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ORDER: dict[str, Callable[[Decimal | date, Decimal | date], bool]] = {
    "<": op.lt,
    "<=": op.le,
    ">": op.gt,
    ">=": op.ge,
}
_PLAIN_DIGITS = 100
"""Numbers with more integer or fraction digits than this read in scientific notation."""


def is_true(value: Value) -> bool:
    """XPath ``boolean()``: empty text, no answer, 0, NaN and no choices are false."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return not value.is_nan() and value != 0
    if isinstance(value, (str, tuple)):
        return len(value) > 0
    return True


def to_number(value: Value) -> Decimal:
    """XPath ``number()``: NaN for anything that is not a number (the empty answer too)."""
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, date):
        return Decimal((value - _EPOCH).days)
    text = to_string(value)
    if len(text) <= 1000 and _NUMERIC.fullmatch(text):
        return CONTEXT.create_decimal(text.strip())
    return NAN


def to_string(value: Value) -> str:
    """XPath ``string()``: "" for no answer, "true"/"false", ISO dates, space-joined choices."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return " ".join(value)
    return value


def format_number(number: Decimal) -> str:
    if number.is_nan():
        return "NaN"
    if number.is_infinite():
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "0"
    normal = number.normalize(CONTEXT)
    exponent = normal.as_tuple().exponent
    fraction_digits = -exponent if isinstance(exponent, int) else 0
    if abs(normal.adjusted()) > _PLAIN_DIGITS or fraction_digits > _PLAIN_DIGITS:
        return str(normal)
    return format(normal, "f")


def _as_date(value: Value) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _numeric(value: Value) -> Decimal | None:
    """The number a value reads as for ``=``, or ``None`` when it is not a number."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        number = to_number(value)
        return None if number.is_nan() else number
    return None


def _not_finite(value: Value) -> bool:
    return isinstance(value, Decimal) and not value.is_finite()


def compare(operator: str, left: Value, right: Value) -> bool:
    if _not_finite(left) or _not_finite(right):
        return False
    if operator in ("=", "!="):
        return _equal(left, right) == (operator == "=")
    order = _ORDER[operator]
    left_date, right_date = _as_date(left), _as_date(right)
    if left_date and right_date and (isinstance(left, date) or isinstance(right, date)):
        return order(left_date, right_date)
    a, b = to_number(left), to_number(right)
    return not (a.is_nan() or b.is_nan()) and order(a, b)


def _equal(left: Value, right: Value) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return is_true(left) == is_true(right)
    left_number, right_number = _numeric(left), _numeric(right)
    if left_number is not None and right_number is not None:
        return left_number == right_number
    if isinstance(left, date) or isinstance(right, date):
        left_date, right_date = _as_date(left), _as_date(right)
        if left_date and right_date:
            return left_date == right_date
    return to_string(left) == to_string(right)
