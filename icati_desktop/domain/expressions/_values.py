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
* Dates and date-times are numbers of days since 1970-01-01 (a date-time's in UTC, with
  its fraction of a day) when a number is needed, as ODK does; times of day the
  fraction of a day. ``< <= > >=`` compare them as such, and text written as an ISO date
  (``2024-06-01``), date-time or time (``10:30``) reads as one next to them.
"""

from __future__ import annotations

import operator as op
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from decimal import Context, Decimal

from icati_desktop.domain.expressions._syntax import Value

NAN = Decimal("NaN")
CONTEXT = Context(prec=34, Emax=999_999, Emin=-999_999, traps=[])
"""Arithmetic never raises: overflow gives Infinity and invalid operations NaN."""
_EPOCH = date(1970, 1, 1)
_EPOCH_MOMENT = datetime(1970, 1, 1, tzinfo=UTC)
_DAY_SECONDS = Decimal(86400)
_NUMERIC = re.compile(r"\s*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(?:Z|[+-][0-9]{2}:?[0-9]{2})?")
_ISO_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9])(?:\.[0-9]+)?)?")
_ORDER: dict[str, Callable[[Decimal, Decimal], bool]] = {
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
    if isinstance(value, datetime):
        return moment_days(value)
    if isinstance(value, date):
        return Decimal((value - _EPOCH).days)
    if isinstance(value, time):
        return _day_fraction(value)
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
    if isinstance(value, datetime):
        return value.isoformat(timespec="milliseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="seconds")
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


def moment_days(value: datetime) -> Decimal:
    """Days since 1970-01-01T00:00Z, with the fraction of the day (naive: read as UTC)."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    seconds = (aware - _EPOCH_MOMENT).total_seconds()
    return CONTEXT.divide(CONTEXT.create_decimal(repr(seconds)), _DAY_SECONDS)


def _day_fraction(value: time) -> Decimal:
    seconds = value.hour * 3600 + value.minute * 60 + value.second
    return CONTEXT.divide(Decimal(seconds), _DAY_SECONDS)


def as_date(value: Value) -> date | None:
    """A date, or the date written as ISO text (``2024-06-01``, or a date-time's date part)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def as_moment(value: Value) -> datetime | None:
    """A date-time, or one written as ISO text (``2024-06-01T10:30:00+02:00``)."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_MOMENT.fullmatch(value.strip()):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def as_time(value: Value) -> time | None:
    """A time of day, or one written as text (``10:30``, ``10:30:00.000+02:00``: the
    time as written, its zone left out)."""
    if isinstance(value, time):
        return value
    if isinstance(value, str) and (match := _ISO_TIME.match(value.strip())):
        hour, minute, second = match.group(1), match.group(2), match.group(3) or "0"
        return time(int(hour), int(minute), int(second))
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


def _temporal_numbers(left: Value, right: Value) -> tuple[Decimal, Decimal] | None:
    """Both sides as numbers when either is a date, date-time or time (and the other reads
    as one), else ``None``."""
    if isinstance(left, time) or isinstance(right, time):
        a, b = as_time(left), as_time(right)
        return (_day_fraction(a), _day_fraction(b)) if a and b else None
    if not (isinstance(left, date) or isinstance(right, date)):
        return None
    numbers: list[Decimal] = []
    for value in (left, right):
        moment = as_moment(value)
        if moment is not None:
            numbers.append(moment_days(moment))
        elif (day := as_date(value)) is not None:
            numbers.append(to_number(day))
        else:
            return None
    return numbers[0], numbers[1]


def compare(operator: str, left: Value, right: Value) -> bool:
    if _not_finite(left) or _not_finite(right):
        return False
    if operator in ("=", "!="):
        return _equal(left, right) == (operator == "=")
    order = _ORDER[operator]
    pair = _temporal_numbers(left, right)
    a, b = pair if pair is not None else (to_number(left), to_number(right))
    return not (a.is_nan() or b.is_nan()) and order(a, b)


def _equal(left: Value, right: Value) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return is_true(left) == is_true(right)
    left_number, right_number = _numeric(left), _numeric(right)
    if left_number is not None and right_number is not None:
        return left_number == right_number
    pair = _temporal_numbers(left, right)
    if pair is not None:
        return pair[0] == pair[1]
    return to_string(left) == to_string(right)
