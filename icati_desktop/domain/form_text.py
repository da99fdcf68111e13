"""What a question shows, given the form's state: its label and hint with ``${name}``
replaced by the current values, and the choices its ``choice_filter`` offers.

Labels show values as ODK does: the text of the value (a select_one's choice *name*; a
form that wants the choice's label computes it with ``jr:choice-name()``). A choice
filter is evaluated once per choice, with the choice's columns (``name``, ``label`` in
the form's default language, and its other columns from the choices sheet or file) as
bare names; a choice for which the filter cannot be evaluated is offered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from decimal import Decimal

from icati_desktop.domain.expressions import (
    ExpressionError,
    Value,
    column_test,
    evaluate,
    is_true,
    parse,
)
from icati_desktop.domain.expressions import to_string as value_text
from icati_desktop.domain.form_state import FormState
from icati_desktop.domain.forms import Choice, FormDefinition, FormItem

REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}")
"""A ``${name}`` in a label or hint."""
MAX_SHOWN = 1000
"""Characters of one value shown inside a label."""


def referenced_names(text: str) -> list[str]:
    """The names a label or hint shows, in order."""
    return REFERENCE.findall(text)


Shown = Callable[[str, Value], str]
"""How a screen writes a value inside a label: (question name, value) → text."""


def plain(_name: str, value: Value) -> str:
    """A value as ODK shows it in a label: its text; nothing for a number that is not one."""
    if isinstance(value, Decimal) and not value.is_finite():
        return ""
    return value_text(value)


def render(text: str, values: Mapping[str, Value], shown: Shown = plain) -> str:
    """``text`` with each ``${name}`` replaced by that value's text (empty when unanswered)."""

    def replaced(match: re.Match[str]) -> str:
        name = match.group(1)
        return shown(name, values.get(name))[:MAX_SHOWN]

    return REFERENCE.sub(replaced, text)


def rendered(
    text: Mapping[str, str],
    state: FormState,
    repeat: tuple[str, int] | None,
    shown: Shown = plain,
) -> dict[str, str]:
    """A translated label or hint with its ``${name}`` replaced, in every language."""
    scope = state.scope(repeat)
    return {language: render(words, scope, shown) for language, words in text.items()}


def choice_columns(form: FormDefinition, choice: Choice) -> dict[str, str]:
    """What a choice filter reads of a choice: its columns, its name and label."""
    label = choice.label.get(form.default_language) or next(iter(choice.label.values()), "")
    return {**choice.properties, "name": choice.name, "label": label}


def offered_choices(
    form: FormDefinition, state: FormState, item: FormItem, repeat: tuple[str, int] | None
) -> list[Choice]:
    """The choices of a select item that its choice filter offers now (all, without one)."""
    choices = form.choices_of(item)
    if item.choice_filter is None:
        return choices
    try:
        expression = parse(item.choice_filter, columns=True)
    except ExpressionError:
        return choices
    scope = state.scope(repeat)
    base = state.context_for(repeat)
    try:
        fast = column_test(expression, scope, base)
    except ExpressionError:
        fast = None
    if fast is not None:  # column = ${value} terms: each value computed once
        return [c for c in choices if fast(choice_columns(form, c))]
    offered = []
    for choice in choices:
        context = replace(base, columns=choice_columns(form, choice))
        try:
            keep = is_true(evaluate(expression, scope, context=context))
        except ExpressionError:
            keep = True
        if keep:
            offered.append(choice)
    return offered


__all__ = [
    "MAX_SHOWN",
    "REFERENCE",
    "choice_columns",
    "offered_choices",
    "plain",
    "referenced_names",
    "render",
    "rendered",
]
