"""The XLSForm expression subset used by ``relevant`` and ``constraint``, parsed and
evaluated safely (never with Python's ``eval``/``exec``/``compile``/``ast``).

Grammar: ``${name}`` references, ``.`` (the value being checked, in constraints), text
in ``'…'`` or ``"…"``, numbers, ``= != < <= > >=``, ``and``, ``or``, ``+ - * div mod``,
unary minus, parentheses, bare names in choice filters (columns of the choices), and
the functions ``true() false() not() boolean() boolean-from-string() selected()
count-selected() selected-at() jr:choice-name() if() string-length() substr() regex()
concat() join() number() string() int() round() contains() starts-with() ends-with()
coalesce() today() now() date() decimal-date-time() once() position(..) sum() count()
count-non-empty() max() min() indexed-repeat()`` (:data:`FUNCTIONS`).

Value rules (XPath 1.0 as ODK uses them, NaN for division by zero) are described in
:mod:`._values`; ``regex()`` uses a linear-time matcher described in :mod:`._regex`.
Every problem — a syntax error, an unknown function, an over-long or over-deep
expression, a refused pattern — is an :class:`ExpressionError` whose message says what
is wrong and at which character.
"""

from __future__ import annotations

from icati_desktop.domain.expressions._evaluate import (
    ChoiceLabel,
    ColumnTest,
    Context,
    column_test,
    evaluate,
)
from icati_desktop.domain.expressions._limits import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_REGEX_PATTERN,
    MAX_REGEX_SUBJECT,
    MAX_STRING,
    MAX_TOKENS,
    ExpressionError,
)
from icati_desktop.domain.expressions._syntax import (
    AGGREGATES,
    FUNCTIONS,
    Expression,
    Value,
    parse,
)
from icati_desktop.domain.expressions._values import (
    as_date,
    as_moment,
    as_time,
    is_true,
    to_number,
    to_string,
)

__all__ = [
    "AGGREGATES",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_REGEX_PATTERN",
    "MAX_REGEX_SUBJECT",
    "MAX_STRING",
    "MAX_TOKENS",
    "ChoiceLabel",
    "ColumnTest",
    "Context",
    "Expression",
    "ExpressionError",
    "Value",
    "as_date",
    "as_moment",
    "as_time",
    "column_test",
    "evaluate",
    "is_true",
    "parse",
    "to_number",
    "to_string",
]
