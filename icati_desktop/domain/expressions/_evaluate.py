"""Computing a parsed expression against answer values.

The tree is walked recursively, which is safe: the parser bounds its depth
(:data:`MAX_DEPTH`) and keeps operator chains flat. ``if()``, ``and`` and ``or`` only
evaluate the branch they need. Every text built here is bounded by :data:`MAX_STRING`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext

from icati_desktop.domain.expressions._limits import MAX_STRING, ExpressionError
from icati_desktop.domain.expressions._regex import compile_pattern, search
from icati_desktop.domain.expressions._syntax import (
    FUNCTIONS,
    Call,
    Chain,
    Current,
    Expression,
    Literal,
    Negate,
    Node,
    Ref,
    Value,
)
from icati_desktop.domain.expressions._values import (
    CONTEXT,
    NAN,
    compare,
    is_true,
    to_number,
    to_string,
)

_MAX_ROUND_DIGITS = 100


class _Evaluation:
    def __init__(self, values: Mapping[str, Value], current: Value, today: date | None) -> None:
        self.values = values
        self.current = current
        self.today = today

    def value(self, node: Node) -> Value:
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Ref):
            return self.values.get(node.name)
        if isinstance(node, Current):
            return self.current
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
}
_LAZY = frozenset({"if", "coalesce", "today", "concat", "regex"})
assert set(_SIMPLE) | _LAZY == set(FUNCTIONS), "every parsed function is implemented"


def evaluate(
    expr: Expression,
    values: Mapping[str, Value],
    *,
    current: Value = None,
    today: date | None = None,
) -> Value:
    """The value of ``expr``; ``${name}`` reads ``values`` (absent: unanswered), ``.`` is
    ``current`` and ``today()`` is ``today``. Raises only :class:`ExpressionError`."""
    return _Evaluation(values, current, today).result(expr._root)
