from __future__ import annotations

import contextlib
import re
import sys
import time
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icati_desktop.domain.expressions import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_STRING,
    Expression,
    ExpressionError,
    Value,
    evaluate,
    is_true,
    parse,
)

D = Decimal


def ev(text: str, values: Mapping[str, Value] | None = None, **kwargs: object) -> Value:
    return evaluate(parse(text), values or {}, **kwargs)  # type: ignore[arg-type]


def error(text: str, values: Mapping[str, Value] | None = None, **kwargs: object) -> str:
    with pytest.raises(ExpressionError) as caught:
        ev(text, values, **kwargs)
    return str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2", D(3)),
        ("5 - 7", D(-2)),
        ("2 * 3.5", D(7)),
        ("7 div 2", D("3.5")),
        ("7 mod 3", D(1)),
        ("-7 mod 3", D(-1)),
        ("- 4", D(-4)),
        ("--4", D(4)),
        ("1 + 2 * 3", D(7)),
        ("(1 + 2) * 3", D(9)),
        ("10 - 4 - 3", D(3)),
        ("12 div 2 div 3", D(2)),
        ("0.1 + 0.2 = 0.3", True),
        ("1 < 2", True),
        ("2 <= 2", True),
        ("3 > 2", True),
        ("2 >= 3", False),
        ("1 = 1", True),
        ("1 != 1", False),
        ("1 < 2 and 2 < 1", False),
        ("1 < 2 or 2 < 1", True),
        ("true() or false() and false()", True),
        ("(true() or false()) and false()", False),
        ("1 + 1 = 2 and 3 > 2", True),
        ("not(1 = 2)", True),
        ("'abc' = \"abc\"", True),
        ("'10' = 10", True),
        ("' 2 ' < 3", True),
        ("'abc' < 3", False),
        ("true() = 'x'", True),
        ("false() = ''", True),
    ],
)
def test_operators_and_precedence(text: str, expected: Value) -> None:
    assert ev(text) == expected


def test_an_unanswered_question_reads_as_empty() -> None:
    assert ev("${x} = ''") is True
    assert ev("${x} != ''") is False
    assert ev("${x} < 3") is False
    assert ev("${x} >= 0") is False
    assert ev("${x} != ''", {"x": D(5)}) is True
    assert ev("${x} = 0", {"x": D(0)}) is True
    assert ev("${x} + 1", {}).is_nan()  # type: ignore[union-attr]
    assert ev("string-length(${x})") == D(0)


def test_numbers_compare_as_numbers_and_text_as_text() -> None:
    assert ev("${a} > ${b}", {"a": "10", "b": "9"}) is True
    assert ev("${a} = ${b}", {"a": "1.0", "b": D(1)}) is True
    assert ev("${a} = ${b}", {"a": "b", "b": "b"}) is True
    assert ev("${a} = 'B'", {"a": "b"}) is False


def test_division_by_zero_gives_nan_and_every_comparison_with_it_is_false() -> None:
    for text in ("1 div 0 = 1", "1 div 0 != 1", "1 div 0 > 0", "0 mod 0 < 1", "${x} div 0 = ''"):
        assert ev(text) is False, text
    assert is_true(ev("1 div 0")) is False
    assert ev("concat(1 div 0)") == "NaN"


def test_dates() -> None:
    values: dict[str, Value] = {"d": date(2024, 5, 3)}
    assert ev("${d} = '2024-05-03'", values) is True
    assert ev("${d} < '2024-06-01'", values) is True
    assert ev(". <= today()", current=date(2024, 5, 3), today=date(2024, 5, 3)) is True
    assert ev(". <= today()", current=date(2024, 5, 4), today=date(2024, 5, 3)) is False
    assert "today() needs the current date" in error("today()")


def test_selected_and_count_selected() -> None:
    values: dict[str, Value] = {"m": ("police", "courts"), "s": "police courts", "one": "yes"}
    assert ev("selected(${m}, 'courts')", values) is True
    assert ev("selected(${m}, 'court')", values) is False
    assert ev("selected(${s}, 'police')", values) is True
    assert ev("selected(${one}, 'yes')", values) is True
    assert ev("selected(${none}, 'yes')", values) is False
    assert ev("count-selected(${m})", values) == D(2)
    assert ev("count-selected(${s})", values) == D(2)
    assert ev("count-selected(${none})", values) == D(0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("if(1 > 2, 'a', 'b')", "b"),
        ("if(true(), 'a', 1 div 0)", "a"),
        ("string-length('héllo')", D(5)),
        ("concat('a', 1, true(), ${x})", "a1true"),
        ("concat(${m})", "a b"),
        ("number('2.50') + 1", D("3.5")),
        ("string(2.50)", "2.5"),
        ("string(3 * 2)", "6"),
        ("coalesce(${x}, 'fallback')", "fallback"),
        ("coalesce('first', 'fallback')", "first"),
        ("int(-2.7)", D(-2)),
        ("round(2.5)", D(3)),
        ("round(-2.5)", D(-3)),
        ("round(3.14159, 2)", D("3.14")),
        ("boolean('x')", True),
        ("contains('abc', 'b')", True),
        ("starts-with('abc', 'ab')", True),
        ("ends-with('abc', 'ab')", False),
        ("regex('ABC-123', '^[A-Z]{3}-[0-9]+$')", True),
        ("regex('ABC-12x', '^[A-Z]{3}-[0-9]+$')", False),
        ("regex('x@y.org', '[^@ ]+@[^@ ]+\\.[a-z]{2,}')", True),
        ("regex('2.5', '^\\d+(\\.\\d+)?$')", True),
        ("regex('yes', '^(yes|no)$')", True),
        ("regex('maybe', '^(yes|no)$')", False),
        ("regex('a b', 'a\\sb')", True),
    ],
)
def test_functions(text: str, expected: Value) -> None:
    assert ev(text, {"m": ("a", "b")}) == expected


def test_current_value_and_references() -> None:
    expression = parse(". >= ${low} and . <= ${high}")
    assert isinstance(expression, Expression)
    assert expression.references == frozenset({"low", "high"})
    assert evaluate(expression, {"low": D(1), "high": D(3)}, current=D(2)) is True
    assert evaluate(expression, {"low": D(1), "high": D(3)}, current=D(4)) is False


def test_is_true_follows_xpath_boolean() -> None:
    assert [is_true(v) for v in (None, "", D(0), (), False)] == [False] * 5
    assert [is_true(v) for v in ("0", D("0.1"), ("a",), date(2024, 1, 1), True)] == [True] * 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pulldata('x', 1)", "unknown function 'pulldata' at 0"),
        ("1 + ", "expression ends where a value is expected at 4"),
        ("(1 + 2", "expected ')' but found the end of the expression at 6"),
        ("1 2", "unexpected '2' at 2"),
        ("age > 3", "unexpected name 'age'; refer to a question as ${age} at 0"),
        ("'open", "text opened with ' is never closed at 0"),
        ("${9x} = 1", "a reference is written ${name} with a valid name at 0"),
        ("not(1, 2)", "not() takes 1 argument(s), not 2 at 0"),
        ("round()", "round() takes 1 to 2 argument(s), not 0 at 0"),
        ("1 == 1", "expected a value but found '=' at 3"),
        ("   ", "expression is empty at 0"),
        ("1 | 2", "unexpected character '|' at 2"),
    ],
)
def test_parse_errors_say_what_and_where(text: str, message: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('touch /tmp/pwned')",
        "${a}.__class__",
        "${a}.__class__.__mro__",
        "eval('1')",
        "exec('x')",
        "lambda: 1",
        "(lambda x: x)(1)",
        "open('/etc/passwd')",
        "[c for c in ()]",
        "${a}['x']",
        "1; import os",
    ],
)
def test_code_is_never_executed(text: str) -> None:
    with pytest.raises(ExpressionError):
        parse(text)


def test_only_text_is_parsed() -> None:
    with pytest.raises(ExpressionError, match="an expression is text, not list"):
        parse(["1"])  # type: ignore[arg-type]


def test_deep_nesting_is_a_clear_error_not_a_recursion_error() -> None:
    deep = "(" * 10_000 + "1" + ")" * 10_000
    with pytest.raises(ExpressionError, match=f"longer than {MAX_LENGTH} characters"):
        parse(deep)
    for text in (
        "(" * 400 + "1" + ")" * 400,
        "-" * 900 + "1",
        "not(" * 300 + "1" + ")" * 300,
    ):
        with pytest.raises(ExpressionError, match=f"nested more than {MAX_DEPTH} levels"):
            parse(text)
    nested = "(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH
    assert ev(nested) == D(1)


def test_long_flat_chains_evaluate_without_deep_recursion() -> None:
    limit = sys.getrecursionlimit()
    chain = " + ".join(["1"] * 450)
    try:
        sys.setrecursionlimit(200)
        assert ev(chain) == D(450)
        assert ev(" or ".join(["false()"] * 150)) is False
    finally:
        sys.setrecursionlimit(limit)


def test_huge_strings_are_bounded() -> None:
    long_text = "x" * 6000
    assert "longer than" in error("'" + "a" * 3000 + "'")
    assert f"longer than {MAX_STRING} characters" in error("concat(${t}, ${t})", {"t": long_text})
    doubling = "concat(" + ", ".join(["${t}"] * 300) + ")"
    assert "concat() would build a text longer than" in error(doubling, {"t": "y" * 100})


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(a)\\1", "backreferences such as \\1 are not supported"),
        ("(?=a)", "lookarounds"),
        ("a*+", "possessive quantifiers"),
        ("*a", "nothing to repeat"),
        ("[a-", "missing ']'"),
        ("(a", "missing ')'"),
        ("a{1000}", "repeat counts above"),
        ("(a{90}){90}", "too complex"),
        ("(.?){99}(.?){99}(.?){99}", "too complex"),
        ("a" * 201, "longer than 200 characters"),
        ("\\bword", "the escape \\b is not supported"),
    ],
)
def test_refused_regex_patterns_say_why(pattern: str, message: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(f"regex(., '{pattern}')")
    assert message in str(caught.value)
    with pytest.raises(ExpressionError) as at_runtime:
        ev("regex(., ${p})", {"p": pattern}, current="a")
    assert message in str(at_runtime.value)


@pytest.mark.parametrize(
    ("pattern", "subject"),
    [
        ("(a+)+$", "a" * 999 + "!"),
        ("(a|aa)+$", "a" * 999 + "!"),
        ("a*a*a*a*a*b", "a" * 1000),
        ("(.*a){12}!", "a" * 1000),
        ("^(\\w+\\s?)*$", "word " * 199 + "!"),
    ],
)
def test_catastrophic_regex_patterns_run_in_linear_time(pattern: str, subject: str) -> None:
    """Python's re takes minutes on these; the expression matcher answers at once."""
    started = time.monotonic()
    result = ev("regex(., ${p})", {"p": pattern}, current=subject)
    assert time.monotonic() - started < 5
    assert result is False


def test_regex_refuses_over_long_answers() -> None:
    assert "texts up to 1000 characters" in error("regex(., 'a')", current="a" * 1001)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_random_text_raises_nothing_but_expression_error(text: str) -> None:
    try:
        expression = parse(text)
    except ExpressionError:
        return
    with contextlib.suppress(ExpressionError):
        evaluate(expression, dict.fromkeys(expression.references, "1"), current="a")


_atoms = st.sampled_from(
    ["1", "0", "'a'", "''", "${x}", "${y}", ".", "true()", "today()", "1 div 0", "'2024-01-01'"]
)
_operators = st.sampled_from(
    [" + ", " - ", " * ", " div ", " mod ", " = ", " != ", " < ", " >= ", " and ", " or "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_operators, _atoms), max_size=8), _atoms)
def test_random_well_formed_expressions_evaluate_to_a_value(
    rest: list[tuple[str, str]], first: str
) -> None:
    text = first + "".join(op + atom for op, atom in rest)
    value = ev(text, {"x": D(2), "y": ("a", "b")}, current="3", today=date(2024, 1, 1))
    assert value is None or isinstance(value, (bool, Decimal, str, date, tuple))


_PATTERN_PARTS = st.sampled_from(
    ["a", "b", ".", "|", "(", ")", "(?:", "*", "+", "?", "{1,2}", "[ab]", "[^a]", "\\d", "^", "$"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PATTERN_PARTS, max_size=8).map("".join), st.text(alphabet="ab1\n", max_size=6))
def test_the_linear_matcher_agrees_with_python_re(pattern: str, subject: str) -> None:
    """On small inputs (where backtracking is harmless) both matchers give the same answer."""
    try:
        result = ev("regex(., ${p})", {"p": pattern}, current=subject)
    except ExpressionError:
        return
    assert result is bool(re.search(pattern, subject, flags=re.ASCII))
