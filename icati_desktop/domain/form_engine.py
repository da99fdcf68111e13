"""What filling in a form needs: answer values, relevance, checks and progress.

Pure functions over a :class:`FormDefinition` and an :class:`Assessment`, shared by the
fill-in screen, the XLSForm importer and scoring. Expressions are evaluated with
:mod:`icati_desktop.domain.expressions`.

Choices made here, as ODK does unless said otherwise:

* Relevance cascades in form order: a group's ``relevant`` hides everything in it, and
  an item that is not relevant reads as empty to every later expression, so the
  questions that depend on it hide in turn.
* "Don't know" reads as the empty value in expressions (like an unanswered question),
  but counts as an answer for ``required`` and progress.
* A repeat group's items are answered once per entry; inside an entry, ``${name}``
  reads the entry's answers first and the form's other answers otherwise. A repeat
  nested in a repeat is treated as a plain group of the outer entry.
* An expression that fails (only possible for forms not checked with
  :func:`expression_problems`) never hides a question; a constraint that cannot be
  evaluated for an answer counts as not met, since the answer cannot be shown to fit.
* No wording for users lives here (``domain`` may not import ``i18n``): a
  :class:`Problem` carries the form's own ``constraint_message`` in the asked language
  or ``None``, and the screen words ``kind`` itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from icati_desktop.domain.assessments import (
    Answer,
    AnswerValue,
    Assessment,
    ChoiceAnswer,
    ChoicesAnswer,
    DateAnswer,
    DontKnowAnswer,
    NumberAnswer,
    ScoreAnswer,
    TextAnswer,
)
from icati_desktop.domain.expressions import (
    ExpressionError,
    Value,
    evaluate,
    is_true,
    parse,
)
from icati_desktop.domain.forms import FormDefinition, FormElement, FormGroup, FormItem, ItemType

ProblemKind = Literal["required", "constraint", "type"]


@dataclass(frozen=True)
class Problem:
    item: str
    kind: ProblemKind
    message: str | None
    """The form's ``constraint_message`` in the asked language (else the form's default
    language), or ``None``: the screen then words the problem from ``kind``."""
    repeat: tuple[str, int] | None = None
    """(repeat group name, entry index) for an item of a repeat entry."""


@dataclass(frozen=True)
class DomainProgress:
    code: str
    answered: int
    """Relevant items with an answer ("don't know" included), repeat entries counted each."""
    relevant: int
    required_missing: int


def answer_value(item: FormItem, answer: Answer | None) -> Value:
    """The expression value of an answer: a score is a number 0–4, no answer is ``None``,
    "don't know" the empty text (both read as unanswered), choices a tuple. ``item`` is
    the question the answer belongs to."""
    value = answer.value if answer is not None else None
    if value is None:
        return None
    if isinstance(value, DontKnowAnswer):
        return ""
    if isinstance(value, ScoreAnswer):
        return Decimal(value.value)
    if isinstance(value, ChoicesAnswer):
        return tuple(value.value)
    if isinstance(value, (ChoiceAnswer, NumberAnswer, TextAnswer, DateAnswer)):
        return value.value
    raise TypeError(f"item {item.name}: unknown answer kind {type(value).__name__}")


def _walk(
    elements: list[FormElement], in_repeat: str | None = None
) -> Iterator[tuple[FormItem, str | None]]:
    """Every item in form order with the (outermost) repeat group holding it."""
    for element in elements:
        if isinstance(element, FormGroup):
            inner = in_repeat or (element.name if element.repeat else None)
            yield from _walk(element.items, inner)
        else:
            yield element, in_repeat


def _repeat_group(form: FormDefinition, name: str) -> FormGroup:
    for domain in form.domains:
        for group in domain.groups():
            if group.name == name and group.repeat:
                return group
    raise KeyError(f"form {form.form_id}@{form.version} has no repeat group {name!r}")


def form_values(form: FormDefinition, assessment: Assessment) -> dict[str, Value]:
    """The values of every item outside repeat groups (``None`` when unanswered)."""
    return {
        item.name: answer_value(item, assessment.answers.get(item.name))
        for domain in form.domains
        for item, repeat in _walk(domain.elements)
        if repeat is None
    }


def _holds(text: str | None, values: Mapping[str, Value], today: date) -> bool:
    if text is None:
        return True
    try:
        return is_true(evaluate(parse(text), values, today=today))
    except ExpressionError:
        return True


@dataclass
class _State:
    """The cascade over the form's top level: what is relevant and what later rules see."""

    values: dict[str, Value]
    relevant: set[str]
    groups: dict[str, bool]


def _cascade(
    elements: list[FormElement],
    state: _State,
    today: date,
    *,
    shown: bool,
    into_repeats: bool,
) -> None:
    for element in elements:
        if isinstance(element, FormGroup):
            group_shown = shown and _holds(element.relevant, state.values, today)
            state.groups[element.name] = group_shown
            if into_repeats or not element.repeat:
                _cascade(element.items, state, today, shown=group_shown, into_repeats=into_repeats)
        elif shown and _holds(element.relevant, state.values, today):
            state.relevant.add(element.name)
        else:
            state.values[element.name] = None


def _top_level(form: FormDefinition, assessment: Assessment, today: date | None) -> _State:
    state = _State(form_values(form, assessment), set(), {})
    for domain in form.domains:
        _cascade(domain.elements, state, today or date.today(), shown=True, into_repeats=False)
    return state


def _entry_values(group: FormGroup, entry: Mapping[str, Answer]) -> dict[str, Value]:
    return {item.name: answer_value(item, entry.get(item.name)) for item in group.flat_items()}


def _entry(
    group: FormGroup, top: _State, assessment: Assessment, index: int, today: date | None
) -> _State:
    entries = assessment.repeat_answers(group.name)
    if not 0 <= index < len(entries):
        raise IndexError(f"repeat group {group.name!r} has no entry {index}")
    state = _State({**top.values, **_entry_values(group, entries[index])}, set(), {})
    if top.groups.get(group.name, True):
        _cascade(group.items, state, today or date.today(), shown=True, into_repeats=True)
    return state


def relevant_items(
    form: FormDefinition, assessment: Assessment, *, today: date | None = None
) -> frozenset[str]:
    """Items outside repeat groups that are relevant, their groups' relevance included.

    ``today`` is what ``today()`` gives (the computer's date when not given)."""
    return frozenset(_top_level(form, assessment, today).relevant)


def relevant_groups(
    form: FormDefinition, assessment: Assessment, *, today: date | None = None
) -> frozenset[str]:
    """Groups outside repeat groups, and the outermost repeat groups themselves, whose
    ``relevant`` holds together with every enclosing group's: a repeat group named here
    may have entries added. Groups inside a repeat depend on the entry and are not named
    (:func:`relevant_in_entry` answers per entry)."""
    return frozenset(
        name for name, shown in _top_level(form, assessment, today).groups.items() if shown
    )


def relevant_in_entry(
    form: FormDefinition,
    group_name: str,
    assessment: Assessment,
    index: int,
    *,
    today: date | None = None,
) -> frozenset[str]:
    """Items of one repeat entry that are relevant (none when the group itself is not).

    Raises ``KeyError`` for an unknown repeat group, ``IndexError`` for a missing entry."""
    group = _repeat_group(form, group_name)
    top = _top_level(form, assessment, today)
    return frozenset(_entry(group, top, assessment, index, today).relevant)


def _fits_type(form: FormDefinition, item: FormItem, value: AnswerValue) -> bool:
    if isinstance(value, DontKnowAnswer):
        return item.type is ItemType.SCORE and form.scale.dont_know_allowed
    choices = set(form.choice_names(item))
    kind = item.type
    if kind is ItemType.SCORE:
        return isinstance(value, ScoreAnswer)
    if kind is ItemType.SELECT_ONE:
        return isinstance(value, ChoiceAnswer) and value.value in choices
    if kind is ItemType.SELECT_MULTIPLE:
        return (
            isinstance(value, ChoicesAnswer)
            and set(value.value) <= choices
            and len(set(value.value)) == len(value.value)
        )
    if kind is ItemType.INTEGER:
        return isinstance(value, NumberAnswer) and value.value == value.value.to_integral_value()
    if kind is ItemType.DECIMAL:
        return isinstance(value, NumberAnswer)
    if kind is ItemType.TEXT:
        return isinstance(value, TextAnswer)
    if kind is ItemType.DATE:
        return isinstance(value, DateAnswer)
    return False  # a note takes no answer


def _check(
    form: FormDefinition,
    item: FormItem,
    answer: Answer | None,
    values: Mapping[str, Value],
    *,
    language: str,
    repeat: tuple[str, int] | None,
    today: date | None,
) -> Problem | None:
    value = answer.value if answer is not None else None
    if value is None:
        return None
    if not _fits_type(form, item, value):
        return Problem(item.name, "type", None, repeat)
    if item.constraint is None or isinstance(value, DontKnowAnswer):
        return None
    current = answer_value(item, answer)
    try:
        expression = parse(item.constraint)
        scope = {**values, item.name: current}
        met = is_true(evaluate(expression, scope, current=current, today=today or date.today()))
    except ExpressionError:
        met = False
    if met:
        return None
    messages = item.constraint_message
    message = messages.get(language) or messages.get(form.default_language)
    return Problem(item.name, "constraint", message, repeat)


def check_answer(
    form: FormDefinition,
    item_name: str,
    answer: Answer | None,
    assessment: Assessment,
    *,
    language: str,
    repeat: tuple[str, int] | None = None,
    today: date | None = None,
) -> Problem | None:
    """Whether ``answer`` may be given to ``item_name`` (of entry ``repeat``, if given):
    a "type" problem when it is the wrong kind of answer, a "constraint" problem when the
    item's constraint (``.`` being the new value) does not hold. No answer is no problem
    here; :func:`problems_for_submit` reports missing required answers."""
    item = form.item(item_name)
    top = _top_level(form, assessment, today)
    values: dict[str, Value] = top.values
    if repeat is not None:
        values = _entry(_repeat_group(form, repeat[0]), top, assessment, repeat[1], today).values
    return _check(form, item, answer, values, language=language, repeat=repeat, today=today)


def _units(elements: list[FormElement]) -> Iterator[FormItem | FormGroup]:
    """Top-level items and outermost repeat groups, in form order."""
    for element in elements:
        if isinstance(element, FormGroup) and not element.repeat:
            yield from _units(element.items)
        else:
            yield element


def _answered(answer: Answer | None) -> bool:
    return answer is not None and answer.value is not None


def _visits(
    form: FormDefinition, assessment: Assessment, today: date | None
) -> Iterator[tuple[str, FormItem, Answer | None, _State, tuple[str, int] | None]]:
    """Every relevant, answerable item (per repeat entry) with its answer and scope."""
    top = _top_level(form, assessment, today)
    for domain in form.domains:
        for unit in _units(domain.elements):
            if isinstance(unit, FormItem):
                if unit.name in top.relevant and unit.type is not ItemType.NOTE:
                    yield domain.code, unit, assessment.answers.get(unit.name), top, None
                continue
            for index, entry in enumerate(assessment.repeat_answers(unit.name)):
                state = _entry(unit, top, assessment, index, today)
                for item in unit.flat_items():
                    if item.name in state.relevant and item.type is not ItemType.NOTE:
                        yield domain.code, item, entry.get(item.name), state, (unit.name, index)


def problems_for_submit(
    form: FormDefinition,
    assessment: Assessment,
    *,
    language: str,
    today: date | None = None,
) -> list[Problem]:
    """Everything that stops a submit, in form order: relevant required items without an
    answer ("don't know" is an answer), wrong kinds of answer and unmet constraints."""
    problems: list[Problem] = []
    for _, item, answer, state, repeat in _visits(form, assessment, today):
        if not _answered(answer):
            if item.required:
                problems.append(Problem(item.name, "required", None, repeat))
            continue
        problem = _check(
            form, item, answer, state.values, language=language, repeat=repeat, today=today
        )
        if problem is not None:
            problems.append(problem)
    return problems


def progress(
    form: FormDefinition, assessment: Assessment, *, today: date | None = None
) -> list[DomainProgress]:
    """Per domain, in form order: relevant items, how many are answered and how many
    required ones are still missing (notes are not counted)."""
    counts = {domain.code: [0, 0, 0] for domain in form.domains}
    for code, item, answer, _, _ in _visits(form, assessment, today):
        answered = _answered(answer)
        counts[code][0] += answered
        counts[code][1] += 1
        counts[code][2] += item.required and not answered
    return [DomainProgress(code, *numbers) for code, numbers in counts.items()]


def expression_problems(form: FormDefinition) -> list[str]:
    """Every ``relevant``/``constraint`` that does not parse or names something the form
    does not define (or an item of a repeat group it cannot see), for the importer."""
    holder: dict[str, str | None] = {}
    for domain in form.domains:
        holder.update((item.name, repeat) for item, repeat in _walk(domain.elements))
    groups = {group.name for domain in form.domains for group in domain.groups()}
    problems: list[str] = []
    for where, repeat, field, text in _expressions(form):
        try:
            expression = parse(text)
        except ExpressionError as error:
            problems.append(f"{where}: {field} {text!r}: {error}")
            continue
        for name in sorted(expression.references):
            if name not in holder and name not in groups:
                problems.append(f"{where}: {field} refers to unknown name {name!r}")
            elif holder.get(name) not in (None, repeat):
                problems.append(
                    f"{where}: {field} refers to {name!r} inside repeat group "
                    f"{holder[name]!r}, which it cannot see"
                )
    return problems


def _expressions(form: FormDefinition) -> Iterator[tuple[str, str | None, str, str]]:
    """(where, repeat group holding it, field, text) for every expression of the form."""
    for domain in form.domains:
        yield from _element_expressions(domain.elements, None)


def _element_expressions(
    elements: list[FormElement], repeat: str | None
) -> Iterator[tuple[str, str | None, str, str]]:
    for element in elements:
        if isinstance(element, FormGroup):
            if element.relevant is not None:
                yield f"group {element.name}", repeat, "relevant", element.relevant
            inner = repeat or (element.name if element.repeat else None)
            yield from _element_expressions(element.items, inner)
            continue
        for field in ("relevant", "constraint"):
            text = getattr(element, field)
            if text is not None:
                yield f"item {element.name}", repeat, field, text
