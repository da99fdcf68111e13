"""What filling in a form needs: answer values, relevance, checks and progress.

Pure functions over a :class:`FormDefinition` and an :class:`Assessment`, shared by the
fill-in screen, the XLSForm importer and scoring. The form's logic itself — values,
computed values, relevance, repeat entries — is :func:`~.form_state.evaluate_form`;
this module asks it and words nothing itself.

Choices made here, as ODK does unless said otherwise:

* "Don't know" reads as the empty value in expressions (like an unanswered question),
  but counts as an answer for ``required`` and progress.
* Computed items (a ``calculation``) and notes take no answer: they are neither required
  nor counted in progress; a ``read_only`` item shows its value (its default) and is not
  required either.
* An expression that fails (only possible for forms not checked with
  :func:`expression_problems`) never hides a question; a constraint that cannot be
  evaluated for an answer counts as not met, since the answer cannot be shown to fit.
* A choice a ``choice_filter`` does not offer with the other answers given is a
  ``choice`` problem (the person changed an answer it depends on).
* No wording for users lives here (``domain`` may not import ``i18n``): a
  :class:`Problem` carries the form's own ``constraint_message`` or ``required_message``
  in the asked language or ``None``, and the screen words ``kind`` itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from icati_desktop.domain.assessments import (
    AcknowledgedAnswer,
    Answer,
    AnswerValue,
    Assessment,
    ChoiceAnswer,
    ChoicesAnswer,
    DateAnswer,
    DateTimeAnswer,
    DontKnowAnswer,
    GeopointAnswer,
    NumberAnswer,
    ScoreAnswer,
    TextAnswer,
    TimeAnswer,
)
from icati_desktop.domain.expressions import (
    ExpressionError,
    Value,
    evaluate,
    is_true,
    parse,
)
from icati_desktop.domain.form_checks import expression_problems
from icati_desktop.domain.form_state import (
    FormState,
    answer_value,
    evaluate_form,
    walk,
)
from icati_desktop.domain.form_text import offered_choices
from icati_desktop.domain.forms import (
    SELECT_TYPES,
    FormDefinition,
    FormElement,
    FormGroup,
    FormItem,
    ItemType,
)

ProblemKind = Literal["required", "constraint", "type", "choice"]


@dataclass(frozen=True)
class Problem:
    item: str
    kind: ProblemKind
    message: str | None
    """The form's ``constraint_message`` (or ``required_message``) in the asked language
    (else the form's default language), or ``None``: the screen then words the problem
    from ``kind``."""
    repeat: tuple[str, int] | None = None
    """(repeat group name, entry index) for an item of a repeat entry."""


@dataclass(frozen=True)
class DomainProgress:
    code: str
    answered: int
    """Relevant items with an answer ("don't know" included), repeat entries counted each."""
    relevant: int
    required_missing: int


def form_values(form: FormDefinition, assessment: Assessment) -> dict[str, Value]:
    """The answer values of every item outside repeat groups (``None`` when unanswered)."""
    return {
        item.name: answer_value(item, assessment.answers.get(item.name))
        for domain in form.domains
        for item, repeat in walk(domain.elements)
        if repeat is None
    }


def relevant_items(
    form: FormDefinition, assessment: Assessment, *, today: date | None = None
) -> frozenset[str]:
    """Items outside repeat groups that are relevant, their groups' relevance included.

    ``today`` is what ``today()`` gives (the computer's date when not given)."""
    return frozenset(evaluate_form(form, assessment, today=today).relevant)


def relevant_groups(
    form: FormDefinition, assessment: Assessment, *, today: date | None = None
) -> frozenset[str]:
    """Groups outside repeat groups, and the outermost repeat groups themselves, whose
    ``relevant`` holds together with every enclosing group's: a repeat group named here
    may have entries added. Groups inside a repeat depend on the entry and are not named
    (:func:`relevant_in_entry` answers per entry)."""
    groups = evaluate_form(form, assessment, today=today).groups
    return frozenset(name for name, shown in groups.items() if shown)


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
    state = evaluate_form(form, assessment, today=today)
    if group_name not in state.entries:
        raise KeyError(f"form {form.form_id}@{form.version} has no repeat group {group_name!r}")
    entries = state.entries[group_name]
    if not 0 <= index < len(entries):
        raise IndexError(f"repeat group {group_name!r} has no entry {index}")
    return frozenset(entries[index].relevant)


_KINDS: dict[ItemType, type | tuple[type, ...]] = {
    ItemType.SCORE: ScoreAnswer,
    ItemType.SELECT_ONE: ChoiceAnswer,
    ItemType.SELECT_MULTIPLE: ChoicesAnswer,
    ItemType.INTEGER: NumberAnswer,
    ItemType.DECIMAL: NumberAnswer,
    ItemType.TEXT: TextAnswer,
    ItemType.DATE: DateAnswer,
    ItemType.TIME: TimeAnswer,
    ItemType.DATETIME: DateTimeAnswer,
    ItemType.GEOPOINT: GeopointAnswer,
    ItemType.ACKNOWLEDGE: AcknowledgedAnswer,
}
"""The kind of answer each type of question takes (notes and calculations take none)."""


def fits_type(form: FormDefinition, item: FormItem, value: AnswerValue) -> bool:
    """Whether ``value`` is the kind of answer ``item`` takes (its choices unfiltered). A
    computed item holds only the text ``once()`` kept."""
    if isinstance(value, DontKnowAnswer):
        return item.type is ItemType.SCORE and form.scale.dont_know_allowed
    if item.computed:
        return isinstance(value, TextAnswer)
    kind = _KINDS.get(item.type)
    if kind is None or not isinstance(value, kind):
        return False
    if isinstance(value, NumberAnswer) and item.type is ItemType.INTEGER:
        return value.value == value.value.to_integral_value()
    if isinstance(value, (ChoiceAnswer, ChoicesAnswer)):
        names = set(form.choice_names(item))
        given = [value.value] if isinstance(value, ChoiceAnswer) else value.value
        return set(given) <= names and len(set(given)) == len(given)
    return True


def _offered(
    form: FormDefinition, state: FormState, item: FormItem, value: AnswerValue, where: Where
) -> bool:
    if item.type not in SELECT_TYPES or item.choice_filter is None:
        return True
    if not isinstance(value, (ChoiceAnswer, ChoicesAnswer)):
        return True
    offered = {c.name for c in offered_choices(form, state, item, where)}
    given = [value.value] if isinstance(value, ChoiceAnswer) else value.value
    return set(given) <= offered


Where = tuple[str, int] | None


def _check(
    form: FormDefinition,
    state: FormState,
    item: FormItem,
    answer: Answer | None,
    *,
    language: str,
    repeat: Where,
) -> Problem | None:
    value = answer.value if answer is not None else None
    if value is None:
        return None
    if not fits_type(form, item, value):
        return Problem(item.name, "type", None, repeat)
    if not _offered(form, state, item, value, repeat):
        return Problem(item.name, "choice", None, repeat)
    if item.constraint is None or isinstance(value, DontKnowAnswer) or item.computed:
        return None
    current = answer_value(item, answer)
    try:
        scope = {**state.scope(repeat), item.name: current}
        met = is_true(
            evaluate(parse(item.constraint), scope, context=state.context_for(repeat, current))
        )
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
    repeat: Where = None,
    today: date | None = None,
    now: datetime | None = None,
) -> Problem | None:
    """Whether ``answer`` may be given to ``item_name`` (of entry ``repeat``, if given):
    a "type" problem when it is the wrong kind of answer, a "choice" problem when the
    item's choice filter does not offer it, a "constraint" problem when the item's
    constraint (``.`` being the new value) does not hold. No answer is no problem here;
    :func:`problems_for_submit` reports missing required answers."""
    item = form.item(item_name)
    state = evaluate_form(form, assessment, today=today, now=now, language=language)
    if repeat is not None:
        if repeat[0] not in state.entries:
            raise KeyError(f"form {form.form_id}@{form.version} has no repeat group {repeat[0]!r}")
        if not 0 <= repeat[1] < len(state.entries[repeat[0]]):
            raise IndexError(f"repeat group {repeat[0]!r} has no entry {repeat[1]}")
    return _check(form, state, item, answer, language=language, repeat=repeat)


def _units(elements: list[FormElement]) -> Iterator[FormItem | FormGroup]:
    """Top-level items and outermost repeat groups, in form order."""
    for element in elements:
        if isinstance(element, FormGroup) and not element.repeat:
            yield from _units(element.items)
        else:
            yield element


def _answered(answer: Answer | None) -> bool:
    return answer is not None and answer.value is not None


def answerable(item: FormItem) -> bool:
    """Whether a person answers the item (not a note, not a computed value)."""
    return item.type not in (ItemType.NOTE, ItemType.CALCULATE) and not item.computed


Visit = tuple[str, FormItem, Answer | None, Where]


def visits(form: FormDefinition, state: FormState) -> Iterator[Visit]:
    """Every relevant item a person answers (per repeat entry), with its answer and place."""
    for domain in form.domains:
        for unit in _units(domain.elements):
            if isinstance(unit, FormItem):
                if unit.name in state.relevant and answerable(unit):
                    yield domain.code, unit, state_answer(state, unit.name, None), None
                continue
            for index, entry in enumerate(state.entries.get(unit.name, [])):
                for item in unit.flat_items():
                    if item.name in entry.relevant and answerable(item):
                        yield domain.code, item, entry.answers.get(item.name), (unit.name, index)


def state_answer(state: FormState, item: str, repeat: Where) -> Answer | None:
    """The stored answer of an item (of one entry) the state was computed from."""
    if repeat is None:
        return state.answers.get(item)
    entries = state.entries.get(repeat[0], [])
    return entries[repeat[1]].answers.get(item) if repeat[1] < len(entries) else None


def submit_problems(form: FormDefinition, state: FormState, *, language: str) -> list[Problem]:
    """:func:`problems_for_submit` for a state already computed."""
    problems: list[Problem] = []
    for _, item, answer, repeat in visits(form, state):
        if not _answered(answer):
            if item.required and not item.read_only:
                messages = item.required_message
                message = messages.get(language) or messages.get(form.default_language)
                problems.append(Problem(item.name, "required", message, repeat))
            continue
        problem = _check(form, state, item, answer, language=language, repeat=repeat)
        if problem is not None:
            problems.append(problem)
    return problems


def problems_for_submit(
    form: FormDefinition,
    assessment: Assessment,
    *,
    language: str,
    today: date | None = None,
    now: datetime | None = None,
) -> list[Problem]:
    """Everything that stops a submit, in form order: relevant required items without an
    answer ("don't know" is an answer), wrong kinds of answer, choices no longer offered
    and unmet constraints."""
    state = evaluate_form(form, assessment, today=today, now=now, language=language)
    return submit_problems(form, state, language=language)


def state_progress(form: FormDefinition, state: FormState) -> list[DomainProgress]:
    """:func:`progress` for a state already computed."""
    counts = {domain.code: [0, 0, 0] for domain in form.domains}
    for code, item, answer, _ in visits(form, state):
        answered = _answered(answer)
        counts[code][0] += answered
        counts[code][1] += 1
        counts[code][2] += item.required and not item.read_only and not answered
    return [DomainProgress(code, *numbers) for code, numbers in counts.items()]


def progress(
    form: FormDefinition, assessment: Assessment, *, today: date | None = None
) -> list[DomainProgress]:
    """Per domain, in form order: relevant items, how many are answered and how many
    required ones are still missing (notes and computed values are not counted)."""
    return state_progress(form, evaluate_form(form, assessment, today=today))


__all__ = [
    "DomainProgress",
    "Problem",
    "ProblemKind",
    "answer_value",
    "answerable",
    "check_answer",
    "expression_problems",
    "fits_type",
    "form_values",
    "problems_for_submit",
    "progress",
    "relevant_groups",
    "relevant_in_entry",
    "relevant_items",
    "state_answer",
    "state_progress",
    "submit_problems",
    "visits",
]
