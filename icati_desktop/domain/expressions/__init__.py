"""The XLSForm expression subset used by ``relevant`` and ``constraint``, parsed and
evaluated safely (never with Python's ``eval``/``exec``/``compile``/``ast``).

Grammar: ``${name}`` references, ``.`` (the value being checked, in constraints), text
in ``'…'`` or ``"…"``, numbers, ``= != < <= > >=``, ``and``, ``or``, ``+ - * div mod``,
unary minus, parentheses, and the functions ``true() false() not() boolean()
selected() count-selected() if() string-length() regex() concat() number() string()
int() round() contains() starts-with() ends-with() coalesce() today()``.

Value rules (XPath 1.0 as ODK uses them, NaN for division by zero) are described in
:mod:`._values`; ``regex()`` uses a linear-time matcher described in :mod:`._regex`.
Every problem — a syntax error, an unknown function, an over-long or over-deep
expression, a refused pattern — is an :class:`ExpressionError` whose message says what
is wrong and at which character.
"""

from __future__ import annotations

from icati_desktop.domain.expressions._evaluate import evaluate
from icati_desktop.domain.expressions._limits import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_REGEX_PATTERN,
    MAX_REGEX_SUBJECT,
    MAX_STRING,
    MAX_TOKENS,
    ExpressionError,
)
from icati_desktop.domain.expressions._syntax import FUNCTIONS, Expression, Value, parse
from icati_desktop.domain.expressions._values import is_true, to_number, to_string

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_REGEX_PATTERN",
    "MAX_REGEX_SUBJECT",
    "MAX_STRING",
    "MAX_TOKENS",
    "Expression",
    "ExpressionError",
    "Value",
    "evaluate",
    "is_true",
    "parse",
    "to_number",
    "to_string",
]
