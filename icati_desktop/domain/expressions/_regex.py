"""``regex()`` patterns matched in linear time, without Python's backtracking ``re``.

Python's ``re`` has no timeout and backtracks: ``(a+)+$`` or even ``a*a*a*b`` against
a thousand characters takes seconds to minutes, and a form is untrusted input. So the
pattern is parsed here into a small automaton (Thompson construction) and matched by
keeping the set of live states (a Pike VM without captures): the time is bounded by
``pattern size × text length`` whatever the pattern. Only a yes/no answer is needed,
which is exactly what such a matcher gives.

Supported, as in the patterns XLSForms use: literals, ``.``, ``[...]`` classes with
ranges and ``^`` negation, ``\\d \\w \\s`` (and upper-case negations) with ASCII meaning
as in Java/ODK Collect, ``^`` and ``$`` (start and end of the text; ``$`` also before a
final newline), ``|``, ``(...)``, ``(?:...)`` and the quantifiers ``* + ? {n} {n,}
{n,m}`` (lazy ``?`` forms match the same texts). Refused with a message:
backreferences, lookarounds and other ``(?`` groups, possessive quantifiers, other
escapes. Like ODK's ``regex()``, a pattern matches when it matches anywhere in the
text (use ``^…$`` for the whole text).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Union

from icati_desktop.domain.expressions._limits import (
    MAX_REGEX_PATTERN,
    MAX_REGEX_SUBJECT,
    ExpressionError,
)

MAX_REPEAT = 100
"""The largest ``{n,m}`` count."""
MAX_PROGRAM = 500
"""Automaton states after ``{n,m}`` expansion; bounds the work per character."""
MAX_GROUP_DEPTH = 16

_CLASS_ESCAPES = frozenset("dDwWsS")
_CONTROL_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v"}
_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_SPACE = frozenset(" \t\n\x0b\f\r")


@dataclass(frozen=True, slots=True)
class _CharSet:
    negated: bool
    ranges: tuple[tuple[str, str], ...]
    escapes: tuple[str, ...]

    def matches(self, ch: str) -> bool:
        found = any(lo <= ch <= hi for lo, hi in self.ranges) or any(
            _class_escape_matches(e, ch) for e in self.escapes
        )
        return found != self.negated


def _class_escape_matches(escape: str, ch: str) -> bool:
    lower = escape.lower()
    if lower == "d":
        hit = "0" <= ch <= "9"
    elif lower == "w":
        hit = ch in _WORD
    else:
        hit = ch in _SPACE
    return hit if escape.islower() else not hit


_ANY = _CharSet(negated=True, ranges=(("\n", "\n"),), escapes=())

# The pattern tree: a char set, an anchor ("^"/"$"), a sequence, an alternation or a repeat.
_Node = Union[_CharSet, str, "_Seq", "_Alt", "_Repeat"]


@dataclass(frozen=True, slots=True)
class _Seq:
    items: tuple[_Node, ...]


@dataclass(frozen=True, slots=True)
class _Alt:
    branches: tuple[_Node, ...]


@dataclass(frozen=True, slots=True)
class _Repeat:
    item: _Node
    low: int
    high: int | None


class _PatternParser:
    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.pos = 0
        self.depth = 0

    def fail(self, reason: str) -> ExpressionError:
        return ExpressionError(f"regex pattern: {reason} (at {self.pos} in the pattern)")

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def parse(self) -> _Node:
        node = self.alternation()
        if self.pos < len(self.text):
            raise self.fail("unbalanced ')'")
        return node

    def alternation(self) -> _Node:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.pos += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else _Alt(tuple(branches))

    def sequence(self) -> _Node:
        items: list[_Node] = []
        while self.peek() not in ("", "|", ")"):
            items.append(self.quantified(self.atom()))
        return _Seq(tuple(items))

    def atom(self) -> _Node:
        ch = self.peek()
        self.pos += 1
        if ch == "(":
            return self.group()
        if ch == "[":
            return self.char_class()
        if ch == ".":
            return _ANY
        if ch in "^$":
            return ch
        if ch == "\\":
            return self.escape(in_class=False)
        if ch in "*+?" or (ch == "{" and self.repeat_braces() is not None):
            self.pos -= 1
            raise self.fail(f"nothing to repeat before {ch!r}")
        return _CharSet(False, ((ch, ch),), ())

    def group(self) -> _Node:
        if self.peek() == "?":
            if self.text.startswith("?:", self.pos):
                self.pos += 2
            else:
                raise self.fail(
                    "only (…) and (?:…) groups are supported, not lookarounds or named groups"
                )
        self.depth += 1
        if self.depth > MAX_GROUP_DEPTH:
            raise self.fail(f"groups nested more than {MAX_GROUP_DEPTH} deep")
        node = self.alternation()
        if self.peek() != ")":
            raise self.fail("missing ')'")
        self.pos += 1
        self.depth -= 1
        return node

    def escape(self, *, in_class: bool) -> _CharSet:
        ch = self.peek()
        if not ch:
            raise self.fail("the pattern ends with a lone backslash")
        self.pos += 1
        if ch in _CLASS_ESCAPES:
            return _CharSet(False, (), (ch,))
        if ch in _CONTROL_ESCAPES:
            char = _CONTROL_ESCAPES[ch]
            return _CharSet(False, ((char, char),), ())
        if ch.isdigit() and not in_class:
            raise self.fail(f"backreferences such as \\{ch} are not supported")
        if ch.isalnum():
            raise self.fail(f"the escape \\{ch} is not supported")
        return _CharSet(False, ((ch, ch),), ())

    def char_class(self) -> _CharSet:
        negated = self.peek() == "^"
        self.pos += negated
        ranges: list[tuple[str, str]] = []
        escapes: list[str] = []
        first = True
        while True:
            ch = self.peek()
            if not ch:
                raise self.fail("missing ']'")
            if ch == "]" and not first:
                self.pos += 1
                return _CharSet(negated, tuple(ranges), tuple(escapes))
            first = False
            self.pos += 1
            if ch == "\\":
                item = self.escape(in_class=True)
                if item.escapes:
                    escapes.extend(item.escapes)
                    continue
                ch = item.ranges[0][0]
            if self.peek() == "-" and self.text[self.pos + 1 : self.pos + 2] not in ("", "]"):
                self.pos += 1
                high = self.peek()
                self.pos += 1
                if high == "\\":
                    high_set = self.escape(in_class=True)
                    if high_set.escapes:
                        raise self.fail("a range cannot end in a class such as \\d")
                    high = high_set.ranges[0][0]
                if high < ch:
                    raise self.fail(f"the range {ch}-{high} is backwards")
                ranges.append((ch, high))
            else:
                ranges.append((ch, ch))

    def repeat_braces(self) -> tuple[int, int | None, int] | None:
        """``{n}``, ``{n,}`` or ``{n,m}`` at the position: (low, high, length) or None."""
        end = self.text.find("}", self.pos)
        if end < 0:
            return None
        body = self.text[self.pos : end]
        low_text, comma, high_text = body.partition(",")
        if not low_text.isdigit() or (high_text and not high_text.isdigit()):
            return None
        if len(low_text) > 4 or len(high_text) > 4:
            raise self.fail(f"repeat counts above {MAX_REPEAT} are not supported")
        low = int(low_text)
        high = int(high_text) if high_text else (None if comma else low)
        return low, high, end + 1 - self.pos

    def quantified(self, atom: _Node) -> _Node:
        ch = self.peek()
        if ch in ("*", "+", "?"):
            self.pos += 1
            low, high = {"*": (0, None), "+": (1, None), "?": (0, 1)}[ch]
        elif ch == "{":
            self.pos += 1
            braces = self.repeat_braces()
            if braces is None:
                self.pos -= 1
                return atom
            low, high, length = braces
            self.pos += length
            if max(low, high or 0) > MAX_REPEAT:
                raise self.fail(f"repeat counts above {MAX_REPEAT} are not supported")
            if high is not None and high < low:
                raise self.fail(f"the repeat {{{low},{high}}} is backwards")
        else:
            return atom
        if isinstance(atom, str):
            raise self.fail(f"nothing to repeat before {ch!r}")
        if self.peek() == "+":
            raise self.fail("possessive quantifiers such as '*+' are not supported")
        if self.peek() == "?":
            self.pos += 1
        return _Repeat(atom, low, high)


@dataclass(frozen=True, slots=True)
class _Instr:
    op: str
    """"set" (consume one character of ``chars``), "split" (go on at ``target`` and at
    ``alt``), "jmp", "^", "$" or "match"."""
    target: int = 0
    alt: int = 0
    chars: _CharSet | None = None


class _Compiler:
    def __init__(self) -> None:
        self.program: list[_Instr] = []

    def emit(self, instr: _Instr) -> int:
        if len(self.program) >= MAX_PROGRAM:
            raise ExpressionError(
                "regex pattern: too complex (its repeats expand to more than "
                f"{MAX_PROGRAM} steps); use smaller {{n,m}} counts"
            )
        self.program.append(instr)
        return len(self.program) - 1

    def patch(self, index: int, op: str, alt: int = 0) -> None:
        target = index + 1 if op == "split" else alt
        self.program[index] = _Instr(op, target=target, alt=alt)

    def compile(self, node: _Node) -> None:
        if isinstance(node, _CharSet):
            self.emit(_Instr("set", chars=node))
        elif isinstance(node, str):
            self.emit(_Instr(node))
        elif isinstance(node, _Seq):
            for item in node.items:
                self.compile(item)
        elif isinstance(node, _Alt):
            jumps: list[int] = []
            for branch in node.branches[:-1]:
                split = self.emit(_Instr("split"))
                self.compile(branch)
                jumps.append(self.emit(_Instr("jmp")))
                self.patch(split, "split", len(self.program))
            self.compile(node.branches[-1])
            for jump in jumps:
                self.patch(jump, "jmp", len(self.program))
        else:
            self.repeat(node)

    def repeat(self, node: _Repeat) -> None:
        for _ in range(node.low):
            self.compile(node.item)
        if node.high is None:
            split = self.emit(_Instr("split"))
            self.compile(node.item)
            self.emit(_Instr("jmp", target=split))
            self.patch(split, "split", len(self.program))
            return
        for _ in range(node.high - node.low):
            split = self.emit(_Instr("split"))
            self.compile(node.item)
            self.patch(split, "split", len(self.program))


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> tuple[_Instr, ...]:
    """The automaton of ``pattern``; :class:`ExpressionError` says why a pattern is refused."""
    if len(pattern) > MAX_REGEX_PATTERN:
        raise ExpressionError(
            f"regex pattern is longer than {MAX_REGEX_PATTERN} characters ({len(pattern)})"
        )
    compiler = _Compiler()
    compiler.compile(_PatternParser(pattern).parse())
    compiler.emit(_Instr("match"))
    return tuple(compiler.program)


def _closure(
    program: tuple[_Instr, ...], starts: list[int], at_start: bool, at_end: bool
) -> list[int] | None:
    """The "set" states reachable without consuming a character; ``None`` on a match."""
    seen: set[int] = set()
    threads: list[int] = []
    stack = list(starts)
    while stack:
        pc = stack.pop()
        if pc in seen:
            continue
        seen.add(pc)
        instr = program[pc]
        if instr.op == "match":
            return None
        if instr.op == "set":
            threads.append(pc)
        elif instr.op == "jmp":
            stack.append(instr.target)
        elif instr.op == "split":
            stack += (instr.alt, instr.target)
        elif (instr.op == "^" and at_start) or (instr.op == "$" and at_end):
            stack.append(pc + 1)
    return threads


def search(program: tuple[_Instr, ...], text: str) -> bool:
    """Whether the pattern matches anywhere in ``text``: O(len(program) × len(text))."""
    if len(text) > MAX_REGEX_SUBJECT:
        raise ExpressionError(
            f"regex() is only applied to texts up to {MAX_REGEX_SUBJECT} characters ({len(text)})"
        )
    live: list[int] = []
    for index in range(len(text) + 1):
        # A match may start at every position, so the start state joins the live ones.
        # "$" also matches before a final newline, as in Java and Python.
        at_end = index == len(text) or (index == len(text) - 1 and text[index] == "\n")
        threads = _closure(program, [*live, 0], index == 0, at_end)
        if threads is None:
            return True
        if index == len(text):
            break
        ch = text[index]
        live = [pc + 1 for pc in threads if (chars := program[pc].chars) and chars.matches(ch)]
    return False
