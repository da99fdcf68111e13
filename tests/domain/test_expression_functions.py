"""The XLSForm functions forms use beyond the basics: choices, text, dates and times,
once(), and the aggregates over repeat entries — evaluated as ODK Collect does."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from icati_desktop.domain.expressions import (
    Context,
    ExpressionError,
    Value,
    evaluate,
    parse,
)

D = Decimal
NOW = datetime(2026, 3, 4, 10, 30, tzinfo=UTC)


def ev(text: str, values: Mapping[str, Value] | None = None, **context: object) -> Value:
    columns = "columns" in context
    return evaluate(parse(text, columns=columns), values or {}, context=Context(**context))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("selected-at('police courts health', 1)", "courts"),
        ("selected-at(${m}, 0)", "a"),
        ("selected-at(${m}, 5)", ""),
        ("substr('probation', 0, 3)", "pro"),
        ("substr('probation', 3)", "bation"),
        ("substr('abc', 5, 9)", ""),
        ("boolean-from-string('true')", True),
        ("boolean-from-string('1')", True),
        ("boolean-from-string('yes')", False),
        ("date('2024-02-29')", date(2024, 2, 29)),
        ("date(0)", date(1970, 1, 1)),
        ("date(19782)", date(2024, 2, 29)),
        ("date('nonsense')", ""),
        ("date(today()) = today()", True),
        ("decimal-date-time('1970-01-02')", D(1)),
        ("decimal-date-time('1970-01-01T12:00:00Z')", D("0.5")),
        ("today() - date('2026-03-01')", D(3)),
        ("now() > '2026-03-04T09:00:00+00:00'", True),
        ("format-free = 1", None),
    ],
)
def test_functions(text: str, expected: Value) -> None:
    if expected is None:
        with pytest.raises(ExpressionError):
            parse(text)
        return
    assert ev(text, {"m": ("a", "b")}, today=date(2026, 3, 4), now=NOW) == expected


def test_jr_choice_name_reads_the_choice_label_of_the_named_question() -> None:
    labels = {("agency", "police"): "Police", ("agency", "court"): "Tribunal"}

    def label(question: str, choice: str) -> str | None:
        return labels.get((question, choice))

    values: dict[str, Value] = {"agency": "court"}
    assert ev("jr:choice-name(${agency}, '${agency}')", values, choice_label=label) == "Tribunal"
    assert ev("jr:choice-name('police', '/data/agency')", {}, choice_label=label) == "Police"
    assert ev("jr:choice-name('nobody', '${agency}')", {}, choice_label=label) == ""


def test_once_keeps_the_value_already_there() -> None:
    assert ev("once(today())", today=date(2026, 3, 4)) == date(2026, 3, 4)
    assert ev("once(today())", today=date(2026, 3, 4), current="2025-01-01") == "2025-01-01"


def test_aggregates_read_every_entry_of_a_repeat() -> None:
    entries: dict[str, tuple[Value, ...]] = {
        "staff": (D(6), D(2), D(4)),
        "site": ("Nairobi", "", "Mombasa"),
        "sites": ("", "", ""),
    }
    assert ev("sum(${staff})", entries=entries) == D(12)
    assert ev("max(${staff})", entries=entries) == D(6)
    assert ev("min(${staff})", entries=entries) == D(2)
    assert ev("count(${sites})", entries=entries) == D(3)
    assert ev("count-non-empty(${site})", entries=entries) == D(2)
    assert ev("join(', ', ${site})", entries=entries) == "Nairobi, , Mombasa"
    assert ev("indexed-repeat(${site}, ${sites}, 3)", entries=entries) == "Mombasa"
    assert ev("indexed-repeat(${site}, ${sites}, 4)", entries=entries) is None
    # Inside an entry, ${staff} is the entry's own value, sum() every entry's.
    assert ev("${staff} div sum(${staff})", {"staff": D(6)}, entries=entries) == D("0.5")
    # XPath: an empty value makes a sum NaN, and max() of nothing is NaN.
    blank = {"staff": (D(1), None)}
    assert ev("sum(${staff})", entries=blank).is_nan()  # type: ignore[union-attr]
    assert ev("max(${staff})", entries={"staff": ()}).is_nan()  # type: ignore[union-attr]


def test_position_is_the_number_of_the_entry() -> None:
    assert ev("position(..)", position=2) == D(2)
    with pytest.raises(ExpressionError, match="only known inside a repeat"):
        ev("position(..)")
    for text in ("position()", "position(.)", ".. + 1"):
        with pytest.raises(ExpressionError):
            parse(text)
    with pytest.raises(ExpressionError, match=r"indexed-repeat\(\) takes"):
        parse("indexed-repeat('x', ${sites}, 1)")


def test_aggregated_names_and_functions_are_recorded() -> None:
    expression = parse("sum(${staff}) > ${n} and count(${sites}) = position(..)")
    assert expression.references == {"staff", "n", "sites"}
    assert expression.aggregated == {"staff", "sites"}
    assert {"sum", "count", "position"} <= expression.functions


def test_times_and_date_times_compare_as_moments() -> None:
    values: dict[str, Value] = {"start": time(9, 0), "end": time(17, 30), "at": NOW}
    assert ev("${end} > ${start}", values) is True
    assert ev("${start} < '10:00'", values) is True
    assert ev("${start} = '09:00:00.000+03:00'", values) is True
    assert ev("${at} > '2026-03-04'", values) is True
    assert ev("${at} < '2026-03-04T12:00:00+01:00'", values) is True
    assert ev("${at} < '2026-03-04T12:00:00+02:00'", values) is False
    assert ev("string(${at})", values) == "2026-03-04T10:30:00.000+00:00"
    assert ev("string(${start})", values) == "09:00:00"


def test_choice_filters_read_the_columns_of_each_choice() -> None:
    choice = {"name": "KEN", "label": "Kenya", "region": "africa"}
    assert ev("region = ${region}", {"region": "africa"}, columns=choice) is True
    assert ev("region = ${region}", {"region": "asia"}, columns=choice) is False
    assert ev("starts-with(name, 'K')", columns=choice) is True
    assert ev("missing = ''", columns=choice) is True
    assert parse("region = ${r} and name != 'x'", columns=True).columns == {"region", "name"}
    with pytest.raises(ExpressionError, match="refer to a question as"):
        parse("region = ${region}")


@pytest.mark.parametrize(
    "text",
    ["region = ${r}", "${r} != region", "region = ${r} and code != '2'", "code = ${n}"],
)
def test_the_fast_choice_filter_agrees_with_evaluating_each_choice(text: str) -> None:
    from icati_desktop.domain.expressions import column_test

    expression = parse(text, columns=True)
    rows = [
        {"region": "africa", "code": "1"},
        {"region": "asia", "code": "2"},
        {"region": "africa", "code": "02"},
        {"code": "3"},
    ]
    for values in ({"r": "africa", "n": D(2)}, {"r": "", "n": "2.0"}, {"r": D(1), "n": None}):
        fast = column_test(expression, values, Context())
        assert fast is not None
        slow = [evaluate(expression, values, context=Context(columns=row)) for row in rows]
        assert [fast(row) for row in rows] == slow
    assert column_test(parse("starts-with(name, 'K')", columns=True), {}, Context()) is None
