"""Computing a parsed expression against answer values.

The tree is walked recursively, which is safe: the parser bounds its depth
(:data:`MAX_DEPTH`) and keeps operator chains flat. ``if()``, ``and`` and ``or`` only
evaluate the branch they need. Every text built here is bounded by :data:`MAX_STRING`.

What an evaluation may read besides ``${name}`` values (:class:`Context`): ``.``, the
date and time for ``today()``/``now()``, the number of the repeat entry for
``position(..)``, the answers of every entry of a repeat group for ``sum()`` and the
other :data:`AGGREGATES`, a choice's columns for a choice filter, and the label of a
choice for ``jr:choice-name()``. Asked for something it was not given, an evaluation
raises :class:`ExpressionError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext

from icati_desktop.domain.expressions._limits import MAX_STRING, ExpressionError
from icati_desktop.domain.expressions._regex import compile_pattern, search
from icati_desktop.domain.expressions._syntax import (
    AGGREGATES,
    FUNCTIONS,
    Call,
    Chain,
    Column,
    Current,
    Expression,
    Literal,
    Negate,
    Node,
    Parent,
    Ref,
    Value,
)
from icati_desktop.domain.expressions._values import (
    CONTEXT,
    NAN,
    as_date,
    as_moment,
    compare,
    is_true,
    moment_days,
    to_number,
    to_string,
)

_MAX_ROUND_DIGITS = 100
_MAX_DAYS = 3_000_000
"""``date()`` of a number of days beyond this (about 8000 years) is no date."""
_EPOCH = date(1970, 1, 1)
_FIELD_REFERENCE = re.compile(r"^\s*\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}\s*$")

ChoiceLabel = Callable[[str, str], str | None]
"""(question name, choice name) → the choice's label, or ``None`` for no such choice."""


@dataclass(frozen=True)
class Context:
    """What an expression may read besides ``${name}`` values."""

    current: Value = None
    """``.``: the value being checked (a constraint), or a calculation's own stored value."""
    today: date | None = None
    now: datetime | None = None
    position: int | None = None
    """The 1-based number of the repeat entry being evaluated (``position(..)``)."""
    entries: Mapping[str, tuple[Value, ...]] = field(default_factory=dict)
    """Per name: the values of every entry of its repeat group (a repeat group's own name:
    one empty value per entry), for :data:`AGGREGATES`."""
    columns: Mapping[str, str] | None = None
    """The columns of the choice a choice filter is evaluated for."""
    choice_label: ChoiceLabel | None = None


class _Evaluation:
    def __init__(self, values: Mapping[str, Value], context: Context) -> None:
        self.values = values
        self.context = context
        self.current = context.current
        self.today = context.today

    def value(self, node: Node) -> Value:
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Ref):
            if node.name in self.values:
                return self.values[node.name]
            entries = self.context.entries.get(node.name)
            return entries[0] if entries else None  # XPath: a node set reads as its first
        if isinstance(node, Current):
            return self.current
        if isinstance(node, Column):
            if self.context.columns is None:
                raise ExpressionError(f"{node.name!r} names no column here", node.pos)
            return self.context.columns.get(node.name, "")
        if isinstance(node, Parent):
            raise ExpressionError("'..' is only understood as position(..)", node.pos)
        if isinstance(node, Negate):
            return CONTEXT.minus(to_number(self.value(node.operand)))
        if isinstance(node, Chain):
            return self.chain(node)
        return self.call(node)

    def chain(self, node: Chain) -> Value:
        operator = node.rest[0][0]
        if operator in ("or", "and"):
            # The whole chain is one operator: a level holds only "or" or only "and".
            stop = operator == "or"
            if is_true(self.value(node.first)) == stop:
                return stop
            return any(is_true(self.value(x)) == stop for _, _, x in node.rest) == stop
        left = self.value(node.first)
        for operator, _, operand in node.rest:
            right = self.value(operand)
            if operator in ("=", "!=", "<", "<=", ">", ">="):
                left = compare(operator, left, right)
            else:
                left = _arithmetic(operator, to_number(left), to_number(right))
        return left

    def text(self, node: Node) -> str:
        return to_string(self.value(node))

    def call(self, node: Call) -> Value:
        args = node.args
        name = node.name
        if name == "if":
            return self.value(args[1] if is_true(self.value(args[0])) else args[2])
        if name == "coalesce":
            first = self.value(args[0])
            return first if to_string(first) != "" else self.value(args[1])
        if name == "today":
            if self.today is None:
                raise ExpressionError("today() needs the current date; none was given", node.pos)
            return self.today
        if name == "now":
            if self.context.now is None:
                raise ExpressionError("now() needs the current time; none was given", node.pos)
            return self.context.now
        if name == "position":
            if self.context.position is None:
                raise ExpressionError("position(..) is only known inside a repeat", node.pos)
            return Decimal(self.context.position)
        if name == "once":
            return self.current if to_string(self.current) != "" else self.value(args[0])
        if name in AGGREGATES:
            return self.aggregate(node)
        if name == "jr:choice-name":
            return self.choice_name(node)
        if name == "concat":
            parts: list[str] = []
            size = 0
            for arg in args:
                part = self.text(arg)
                size += len(part)
                if size > MAX_STRING:
                    raise ExpressionError(
                        f"concat() would build a text longer than {MAX_STRING} characters",
                        node.pos,
                    )
                parts.append(part)
            return "".join(parts)
        if name == "regex":
            subject, pattern = self.text(args[0]), self.text(args[1])
            try:
                return search(compile_pattern(pattern), subject)
            except ExpressionError as error:
                raise ExpressionError(error.reason, node.pos) from None
        values = [self.value(arg) for arg in args]
        return _SIMPLE[name](values)

    def nodes(self, node: Node) -> tuple[Value, ...]:
        """The values an aggregate argument stands for: every entry's, for a question of a
        repeat group; otherwise the one value."""
        if isinstance(node, Ref) and node.name in self.context.entries:
            return self.context.entries[node.name]
        return (self.value(node),)

    def aggregate(self, node: Call) -> Value:
        name, args = node.name, node.args
        if name == "indexed-repeat":
            entries = self.nodes(args[0])
            index = to_number(self.value(args[2]))
            if not index.is_finite() or index != index.to_integral_value():
                return None
            return entries[int(index) - 1] if 1 <= index <= len(entries) else None
        if name == "join":
            separator = self.text(args[0])
            parts = [to_string(v) for arg in args[1:] for v in self.nodes(arg)]
            if sum(len(p) for p in parts) + len(separator) * len(parts) > MAX_STRING:
                raise ExpressionError(
                    f"join() would build a text longer than {MAX_STRING} characters", node.pos
                )
            return separator.join(parts)
        values = [v for arg in args for v in self.nodes(arg)]
        if name == "count":
            return Decimal(len(values))
        if name == "count-non-empty":
            return Decimal(sum(1 for v in values if to_string(v) != ""))
        numbers = [to_number(v) for v in values]
        if name == "sum":
            with localcontext(CONTEXT):
                return sum(numbers, Decimal(0))
        if not numbers or any(n.is_nan() for n in numbers):
            return NAN
        return max(numbers) if name == "max" else min(numbers)

    def choice_name(self, node: Call) -> Value:
        choice = self.text(node.args[0])
        reference = self.text(node.args[1])
        match = _FIELD_REFERENCE.match(reference)
        question = match.group(1) if match else reference.rstrip("/").rsplit("/", 1)[-1]
        if self.context.choice_label is None:
            raise ExpressionError("jr:choice-name() needs the form's choices", node.pos)
        if not choice:
            return ""
        return self.context.choice_label(question, choice) or ""

    def result(self, root: Node) -> Value:
        return self.value(root)


def _arithmetic(operator: str, left: Decimal, right: Decimal) -> Decimal:
    if operator in ("div", "mod") and right == 0:
        return NAN
    with localcontext(CONTEXT):
        if operator == "+":
            return left + right
        if operator == "-":
            return left - right
        if operator == "*":
            return left * right
        if operator == "div":
            return left / right
        return left % right  # XPath mod keeps the sign of the dividend, as Decimal's % does


def _choices(value: Value) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else tuple(to_string(value).split())


def _selected_at(values: list[Value]) -> Value:
    chosen = _choices(values[0])
    index = to_number(values[1])
    if not index.is_finite() or index != index.to_integral_value():
        return ""
    return chosen[int(index)] if 0 <= index < len(chosen) else ""


def _substr(values: list[Value]) -> Value:
    """ODK's substr(text, start[, end]): 0-based start, end not included."""
    text = to_string(values[0])
    start = to_number(values[1])
    end = to_number(values[2]) if len(values) > 2 else Decimal(len(text))
    if not (start.is_finite() and end.is_finite()):
        return ""
    low = max(0, min(len(text), int(start)))
    high = max(low, min(len(text), int(end)))
    return text[low:high]


def _date(values: list[Value]) -> Value:
    """date(x): a date from a date-time, ISO text or a number of days since 1970-01-01."""
    value = values[0]
    if isinstance(value, datetime):
        return value.date()
    moment = as_moment(value) if isinstance(value, str) else None
    if moment is not None:
        return moment.date()
    day = as_date(value)
    if day is not None:
        return day
    number = to_number(value)
    if not number.is_finite() or abs(number) > _MAX_DAYS:
        return ""
    return _EPOCH + timedelta(days=int(number.to_integral_value(rounding=ROUND_FLOOR)))


def _decimal_date_time(values: list[Value]) -> Decimal:
    value = values[0]
    moment = value if isinstance(value, datetime) else None
    if moment is None and isinstance(value, str):
        moment = as_moment(value)
    if moment is not None:
        return moment_days(moment)
    day = as_date(value)
    return to_number(day) if day is not None else to_number(value)


def _round(values: list[Value]) -> Decimal:
    number = to_number(values[0])
    digits = to_number(values[1]) if len(values) > 1 else Decimal(0)
    if not number.is_finite() or not digits.is_finite() or abs(digits) > _MAX_ROUND_DIGITS:
        return NAN
    exponent = Decimal(1).scaleb(-int(digits))
    return number.quantize(exponent, rounding=ROUND_HALF_UP, context=CONTEXT)


def _int(values: list[Value]) -> Decimal:
    number = to_number(values[0])
    if not number.is_finite():
        return number
    return number.to_integral_value(rounding=ROUND_DOWN, context=CONTEXT)


_SIMPLE: dict[str, Callable[[list[Value]], Value]] = {
    "true": lambda _: True,
    "false": lambda _: False,
    "not": lambda v: not is_true(v[0]),
    "boolean": lambda v: is_true(v[0]),
    "selected": lambda v: to_string(v[1]) in _choices(v[0]),
    "count-selected": lambda v: Decimal(len(_choices(v[0]))),
    "string-length": lambda v: Decimal(len(to_string(v[0]))),
    "number": lambda v: to_number(v[0]),
    "string": lambda v: to_string(v[0]),
    "int": _int,
    "round": _round,
    "contains": lambda v: to_string(v[1]) in to_string(v[0]),
    "starts-with": lambda v: to_string(v[0]).startswith(to_string(v[1])),
    "ends-with": lambda v: to_string(v[0]).endswith(to_string(v[1])),
    "selected-at": _selected_at,
    "substr": _substr,
    "date": _date,
    "decimal-date-time": _decimal_date_time,
    "boolean-from-string": lambda v: to_string(v[0]).strip() in ("true", "1"),
}
_LAZY = frozenset(
    {"if", "coalesce", "today", "now", "concat", "regex", "position", "once", "jr:choice-name"}
    | AGGREGATES
)
assert set(_SIMPLE) | _LAZY == set(FUNCTIONS), "every parsed function is implemented"


def _has_column(node: Node) -> bool:
    if isinstance(node, Column):
        return True
    if isinstance(node, Negate):
        return _has_column(node.operand)
    if isinstance(node, Chain):
        return _has_column(node.first) or any(_has_column(x) for _, _, x in node.rest)
    if isinstance(node, Call):
        return any(_has_column(arg) for arg in node.args)
    return False


ColumnTest = Callable[[Mapping[str, str]], bool]


def column_test(
    expr: Expression, values: Mapping[str, Value], context: Context
) -> ColumnTest | None:
    """A fast test of a choice filter made of ``column = value`` terms (``!=`` too,
    joined by ``and``): each value is computed once, then each choice is only compared.
    ``None`` for any other shape (evaluate it per choice instead)."""
    root = expr._root
    terms = (
        [root.first, *(x for _, _, x in root.rest)]
        if (isinstance(root, Chain) and root.rest[0][0] == "and")
        else [root]
    )
    tests: list[tuple[str, str, Value]] = []
    evaluation = _Evaluation(values, context)
    for term in terms:
        if not (isinstance(term, Chain) and len(term.rest) == 1 and term.rest[0][0] in ("=", "!=")):
            return None
        operator, _pos, right = term.rest[0]
        left = term.first
        if isinstance(right, Column) and not isinstance(left, Column):
            left, right = right, left
        if not isinstance(left, Column) or _has_column(right):
            return None
        tests.append((left.name, operator, evaluation.value(right)))
    checks = [_column_check(name, operator, value) for name, operator, value in tests]

    def test(columns: Mapping[str, str]) -> bool:
        return all(check(columns) for check in checks)

    return test


def _column_check(name: str, operator: str, value: Value) -> ColumnTest:
    """``column op value`` for one column; plain text is compared as text at once (XPath
    gives the same answer: a column is text, and text that is not a number only equals
    the same text)."""
    if isinstance(value, str) and to_number(value).is_nan():
        if operator == "=":
            return lambda columns: columns.get(name, "") == value
        return lambda columns: columns.get(name, "") != value
    return lambda columns: compare(operator, columns.get(name, ""), value)


def evaluate(
    expr: Expression,
    values: Mapping[str, Value],
    *,
    current: Value = None,
    today: date | None = None,
    context: Context | None = None,
) -> Value:
    """The value of ``expr``; ``${name}`` reads ``values`` (absent: unanswered), ``.`` is
    ``current`` and ``today()`` is ``today`` — or everything from ``context`` when given.
    Raises only :class:`ExpressionError`."""
    if context is None:
        context = Context(current=current, today=today)
    return _Evaluation(values, context).result(expr._root)
