"""The error type and the size limits every part of the expression package shares.

Expressions come from imported forms, so they are untrusted input: every limit below
turns an over-long or over-deep expression into a clear :class:`ExpressionError`
instead of a ``RecursionError``, a frozen screen or a huge allocation.
"""

from __future__ import annotations

MAX_LENGTH = 2000
"""Characters in one expression (the same bound as ``forms.Expression``)."""
MAX_DEPTH = 32
"""Nesting of parentheses, function calls and unary minus."""
MAX_TOKENS = 1000
"""Tokens in one expression."""
MAX_STRING = 10_000
"""Characters of any string built while evaluating (``concat`` and friends)."""
MAX_REGEX_PATTERN = 200
"""Characters of a ``regex()`` pattern."""
MAX_REGEX_SUBJECT = 1000
"""Characters of the text a ``regex()`` pattern is matched against."""


class ExpressionError(ValueError):
    """An expression that cannot be parsed or evaluated; the message says what and where."""

    def __init__(self, message: str, position: int | None = None) -> None:
        self.position = position
        self.reason = message
        super().__init__(message if position is None else f"{message} at {position}")
