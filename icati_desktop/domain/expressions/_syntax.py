"""Reading XLSForm expression text into a small tree (tokeniser and parser).

Hand-written and table-driven: the text is never given to Python's ``eval``, ``exec``,
``compile`` or ``ast``. Anything outside the grammar — bare names, attribute access,
unknown functions — is a parse error naming what and where, so a form cannot smuggle
code in. Chains of one operator (``a + b + c``) are kept flat, so the tree's depth is
only the nesting of parentheses, calls and unary minus, which :data:`MAX_DEPTH` bounds:
evaluating a tree can never recurse deeper than that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from functools import lru_cache

from icati_desktop.domain.expressions._limits import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_TOKENS,
    ExpressionError,
)
from icati_desktop.domain.expressions._regex import compile_pattern

Value = None | bool | Decimal | str | date | time | tuple[str, ...]
"""An expression value; a tuple holds the selected choices of a select_multiple item. A
``datetime`` (a ``date`` too) is a date and time, a ``time`` a time of day."""

FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "true": (0, 0),
    "false": (0, 0),
    "not": (1, 1),
    "boolean": (1, 1),
    "selected": (2, 2),
    "count-selected": (1, 1),
    "if": (3, 3),
    "string-length": (1, 1),
    "regex": (2, 2),
    "concat": (1, None),
    "number": (1, 1),
    "string": (1, 1),
    "int": (1, 1),
    "round": (1, 2),
    "contains": (2, 2),
    "starts-with": (2, 2),
    "ends-with": (2, 2),
    "coalesce": (2, 2),
    "today": (0, 0),
    "now": (0, 0),
    "date": (1, 1),
    "decimal-date-time": (1, 1),
    "selected-at": (2, 2),
    "jr:choice-name": (2, 2),
    "substr": (2, 3),
    "boolean-from-string": (1, 1),
    "once": (1, 1),
    "sum": (1, 1),
    "count": (1, 1),
    "count-non-empty": (1, 1),
    "max": (1, None),
    "min": (1, None),
    "join": (2, None),
    "position": (1, 1),
    "indexed-repeat": (3, 3),
}
"""Supported functions and their (fewest, most) arguments; ``None``: no upper bound."""
AGGREGATES = frozenset({"sum", "count", "count-non-empty", "max", "min", "join", "indexed-repeat"})
"""Functions that read every entry of a repeat group: a ``${name}`` argument of theirs
stands for the answers of all entries (``sum(${staff})``), not one."""

LEVELS: tuple[frozenset[str], ...] = (
    frozenset({"or"}),
    frozenset({"and"}),
    frozenset({"=", "!="}),
    frozenset({"<", "<=", ">", ">="}),
    frozenset({"+", "-"}),
    frozenset({"*", "div", "mod"}),
)
"""Binary operators, loosest first, as XPath 1.0 ranks them; all associate to the left."""
_WORD_OPERATORS = frozenset({"and", "or", "div", "mod"})

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*(?::[A-Za-z_][A-Za-z0-9_-]*)?")
_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_SYMBOLS = ("!=", "<=", ">=", "=", "<", ">", "+", "-", "*", "(", ")", ",")


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "number", "string", "ref", "dot", "parent", "name", "symbol", "end"
    text: str
    pos: int


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if len(tokens) >= MAX_TOKENS:
            raise ExpressionError(f"expression has more than {MAX_TOKENS} parts", pos)
        if ch.isspace():
            pos += 1
            continue
        if ch == "$":
            match = _REFERENCE.match(text, pos)
            if not match:
                raise ExpressionError("a reference is written ${name} with a valid name", pos)
            tokens.append(Token("ref", match.group(1), pos))
        elif ch in "'\"":
            end = text.find(ch, pos + 1)
            if end < 0:
                raise ExpressionError(f"text opened with {ch} is never closed", pos)
            tokens.append(Token("string", text[pos + 1 : end], pos))
            pos = end + 1
            continue
        elif match := _NUMBER.match(text, pos):
            tokens.append(Token("number", match.group(), pos))
        elif text.startswith("..", pos):
            tokens.append(Token("parent", "..", pos))
            pos += 2
            continue
        elif ch == ".":
            tokens.append(Token("dot", ".", pos))
            pos += 1
            continue
        elif match := _NAME.match(text, pos):
            tokens.append(Token("name", match.group(), pos))
        else:
            symbol = next((s for s in _SYMBOLS if text.startswith(s, pos)), None)
            if symbol is None:
                raise ExpressionError(f"unexpected character {ch!r}", pos)
            tokens.append(Token("symbol", symbol, pos))
            pos += len(symbol)
            continue
        pos = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


@dataclass(frozen=True, slots=True)
class Literal:
    pos: int
    value: Value


@dataclass(frozen=True, slots=True)
class Ref:
    pos: int
    name: str


@dataclass(frozen=True, slots=True)
class Current:
    pos: int


@dataclass(frozen=True, slots=True)
class Parent:
    """``..``: only as the argument of ``position(..)`` (the number of the repeat entry)."""

    pos: int


@dataclass(frozen=True, slots=True)
class Column:
    """A bare name in a choice filter: that column of the choice being filtered."""

    pos: int
    name: str


@dataclass(frozen=True, slots=True)
class Negate:
    pos: int
    operand: Node


@dataclass(frozen=True, slots=True)
class Chain:
    """``first op1 x1 op2 x2 …`` for operators of one precedence level."""

    pos: int
    first: Node
    rest: tuple[tuple[str, int, Node], ...]


@dataclass(frozen=True, slots=True)
class Call:
    pos: int
    name: str
    args: tuple[Node, ...]


Node = Literal | Ref | Current | Parent | Column | Negate | Chain | Call


class _Parser:
    def __init__(self, text: str, *, columns: bool) -> None:
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0
        self.columns_allowed = columns
        self.references: set[str] = set()
        self.aggregated: set[str] = set()
        self.columns: set[str] = set()
        self.functions: set[str] = set()

    def peek(self) -> Token:
        return self.tokens[self.index]

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, symbol: str) -> None:
        token = self.peek()
        if token.kind != "symbol" or token.text != symbol:
            raise ExpressionError(f"expected {symbol!r} but found {_describe(token)}", token.pos)
        self.index += 1

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"expression is nested more than {MAX_DEPTH} levels deep", pos)

    def parse(self) -> Node:
        node = self.binary(0)
        token = self.peek()
        if token.kind != "end":
            raise ExpressionError(f"unexpected {_describe(token)}", token.pos)
        return node

    def binary(self, level: int) -> Node:
        if level == len(LEVELS):
            return self.unary()
        first = self.binary(level + 1)
        rest: list[tuple[str, int, Node]] = []
        while (token := self.peek()).kind in ("symbol", "name") and token.text in LEVELS[level]:
            self.index += 1
            rest.append((token.text, token.pos, self.binary(level + 1)))
        return Chain(_position(first), first, tuple(rest)) if rest else first

    def unary(self) -> Node:
        token = self.peek()
        if token.kind == "symbol" and token.text == "-":
            self.index += 1
            self.enter(token.pos)
            operand = self.unary()
            self.depth -= 1
            return Negate(token.pos, operand)
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "number":
            return Literal(token.pos, Decimal(token.text))
        if token.kind == "string":
            return Literal(token.pos, token.text)
        if token.kind == "ref":
            self.references.add(token.text)
            return Ref(token.pos, token.text)
        if token.kind == "dot":
            return Current(token.pos)
        if token.kind == "parent":
            raise ExpressionError("'..' is only understood as position(..)", token.pos)
        if token.kind == "symbol" and token.text == "(":
            self.enter(token.pos)
            node = self.binary(0)
            self.expect(")")
            self.depth -= 1
            return node
        if token.kind == "name" and token.text not in _WORD_OPERATORS:
            after = self.peek()
            if after.kind == "symbol" and after.text == "(":
                return self.call(token)
            if self.columns_allowed and ":" not in token.text:
                self.columns.add(token.text)
                return Column(token.pos, token.text)
            raise ExpressionError(
                f"unexpected name {token.text!r}; refer to a question as ${{{token.text}}}",
                token.pos,
            )
        if token.kind == "end":
            raise ExpressionError("expression ends where a value is expected", token.pos)
        raise ExpressionError(f"expected a value but found {_describe(token)}", token.pos)

    def call(self, name: Token) -> Node:
        if name.text not in FUNCTIONS:
            raise ExpressionError(f"unknown function {name.text!r}", name.pos)
        self.index += 1  # the "("
        self.enter(name.pos)
        args: list[Node] = []
        if name.text == "position":
            token = self.take()
            if token.kind != "parent":
                raise ExpressionError(
                    "position() is understood as position(..): the number of the repeat entry",
                    token.pos,
                )
            args.append(Parent(token.pos))
        elif not (self.peek().kind == "symbol" and self.peek().text == ")"):
            args.append(self.binary(0))
            while self.peek().kind == "symbol" and self.peek().text == ",":
                self.index += 1
                args.append(self.binary(0))
        self.expect(")")
        self.depth -= 1
        fewest, most = FUNCTIONS[name.text]
        if len(args) < fewest or (most is not None and len(args) > most):
            wanted = str(fewest) if fewest == most else f"at least {fewest}"
            if most is not None and fewest != most:
                wanted = f"{fewest} to {most}"
            raise ExpressionError(
                f"{name.text}() takes {wanted} argument(s), not {len(args)}", name.pos
            )
        self.functions.add(name.text)
        if name.text in AGGREGATES:
            counted = args[1:] if name.text == "join" else args[:2]
            if name.text == "indexed-repeat" and not all(isinstance(a, Ref) for a in counted):
                raise ExpressionError(
                    "indexed-repeat() takes ${question}, ${repeat group} and an entry number",
                    name.pos,
                )
            self.aggregated |= {a.name for a in counted if isinstance(a, Ref)}
        if name.text == "regex" and isinstance(pattern := args[1], Literal):
            try:
                compile_pattern(str(pattern.value))
            except ExpressionError as error:
                raise ExpressionError(error.reason, pattern.pos) from None
        return Call(name.pos, name.text, tuple(args))


def _position(node: Node) -> int:
    return node.pos


def _describe(token: Token) -> str:
    if token.kind == "end":
        return "the end of the expression"
    if token.kind == "string":
        return "a text"
    return repr(token.text[:20])


@dataclass(frozen=True)
class Expression:
    """A parsed expression; :func:`parse` makes one, :func:`evaluate` computes it."""

    text: str
    references: frozenset[str]
    """The names used as ``${name}``."""
    _root: Node = field(repr=False, compare=False)
    aggregated: frozenset[str] = frozenset()
    """The names used as arguments of :data:`AGGREGATES` (``sum(${staff})``): they may
    name an item of a repeat group from outside it."""
    columns: frozenset[str] = frozenset()
    """The bare names of a choice filter: columns of the choices."""
    functions: frozenset[str] = frozenset()
    """The functions called."""


def parse(text: str, *, columns: bool = False) -> Expression:
    """Parse ``text``; :class:`ExpressionError` says what is wrong and at which character.

    ``columns``: the text is a choice filter, whose bare names are columns of the choices
    (``region = ${region}``); elsewhere a bare name is an error."""
    if not isinstance(text, str):
        raise ExpressionError(f"an expression is text, not {type(text).__name__}")
    return _parse(text, columns)


@lru_cache(maxsize=2048)
def _parse(text: str, columns: bool) -> Expression:
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"expression is longer than {MAX_LENGTH} characters ({len(text)})", MAX_LENGTH
        )
    if not text.strip():
        raise ExpressionError("expression is empty", 0)
    parser = _Parser(text, columns=columns)
    root = parser.parse()
    return Expression(
        text,
        frozenset(parser.references),
        root,
        aggregated=frozenset(parser.aggregated),
        columns=frozenset(parser.columns),
        functions=frozenset(parser.functions),
    )
