"""What the form itself writes into an assessment: defaults, ``once()`` values, and the
entries a ``repeat_count`` asks for.

* **Defaults** are given when the assessment (or a repeat entry) is started, as ODK
  fills them when a form is opened: a question with a ``default`` starts with that
  answer, which the person may change or clear. A dynamic default (``today()``,
  ``${other}``) is computed then. Answers read from a file get no defaults: the file
  says what was answered.
* **once()**: a calculation written ``once(…)`` keeps its first non-empty value, so that
  value is stored (as text, as ODK stores it) the first time it has one.
* **repeat_count**: when the count grows, the missing entries are added (with their
  defaults); when it shrinks, entries beyond it are kept but ignored
  (:mod:`icati_desktop.domain.form_state`), as answers to questions no longer relevant are.

:func:`with_form_logic` applies the last two after every change; every new repeat entry
is made by :func:`new_entry`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal

from icati_desktop.domain.assessments import (
    AcknowledgedAnswer,
    Answer,
    AnswerValue,
    Assessment,
    ChoiceAnswer,
    ChoicesAnswer,
    DateAnswer,
    DateTimeAnswer,
    GeopointAnswer,
    NumberAnswer,
    RepeatEntry,
    ScoreAnswer,
    TextAnswer,
    TimeAnswer,
)
from icati_desktop.domain.expressions import (
    Context,
    ExpressionError,
    Value,
    as_date,
    as_moment,
    as_time,
    evaluate,
    parse,
    to_number,
    to_string,
)
from icati_desktop.domain.form_state import (
    ACKNOWLEDGED,
    FormState,
    evaluate_form,
)
from icati_desktop.domain.forms import FormDefinition, FormElement, FormGroup, FormItem, ItemType

MAX_TEXT = 100_000


def _geopoint(text: str) -> GeopointAnswer | None:
    parts = text.split()
    if not 2 <= len(parts) <= 4:
        return None
    numbers = [to_number(part) for part in parts]
    if not all(n.is_finite() for n in numbers):
        return None
    latitude, longitude = numbers[0], numbers[1]
    altitude = numbers[2] if len(numbers) > 2 else None
    accuracy = numbers[3] if len(numbers) > 3 else None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    if accuracy is not None and accuracy < 0:
        return None
    return GeopointAnswer(
        latitude=latitude, longitude=longitude, altitude=altitude, accuracy=accuracy
    )


def _moment(value: Value) -> datetime | None:
    moment = as_moment(value)
    if moment is None:
        day = as_date(value)
        if day is None or isinstance(day, datetime):
            return day
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def answer_from_value(form: FormDefinition, item: FormItem, value: Value) -> AnswerValue | None:
    """The answer ``item`` takes for an expression value or a value written as text
    (``3``, ``yes``, ``2024-06-12``, ``10:30``, ``-1.28 36.82``); ``None`` when it does
    not fit (or is empty)."""
    text = to_string(value).strip()
    if text == "":
        return None
    kind = item.type
    if kind in (ItemType.INTEGER, ItemType.DECIMAL, ItemType.SCORE):
        number = to_number(value)
        if not number.is_finite():
            return None
        whole = number == number.to_integral_value()
        if kind is ItemType.SCORE:
            return ScoreAnswer(value=int(number)) if whole and 0 <= number <= 4 else None
        if kind is ItemType.INTEGER and not whole:
            return None
        return NumberAnswer(value=Decimal(number))
    if kind is ItemType.SELECT_ONE:
        return ChoiceAnswer(value=text) if text in form.choice_names(item) else None
    if kind is ItemType.SELECT_MULTIPLE:
        names = list(value) if isinstance(value, tuple) else text.split()
        known = set(form.choice_names(item))
        ok = set(names) <= known and len(set(names)) == len(names)
        return ChoicesAnswer(value=names) if ok else None
    if kind is ItemType.DATE:
        day = as_date(value)
        return DateAnswer(value=day.date() if isinstance(day, datetime) else day) if day else None
    if kind is ItemType.TIME:
        moment_of_day = as_time(value)
        if moment_of_day is None and isinstance(value, datetime):
            moment_of_day = value.time()
        return TimeAnswer(value=moment_of_day.isoformat("seconds")) if moment_of_day else None
    if kind is ItemType.DATETIME:
        moment = _moment(value)
        return DateTimeAnswer(value=moment) if moment else None
    if kind is ItemType.GEOPOINT:
        return _geopoint(text)
    if kind is ItemType.ACKNOWLEDGE:
        yes = text in (ACKNOWLEDGED, "true", "1", "yes")
        return AcknowledgedAnswer() if yes else None
    if kind is ItemType.TEXT:
        return TextAnswer(value=text[:MAX_TEXT])
    return None  # notes and calculations take no answer


def default_answer(
    form: FormDefinition,
    item: FormItem,
    scope: Mapping[str, Value],
    context: Context,
) -> Answer | None:
    """The answer an item starts with (``None`` without a default, or when a dynamic
    default gives nothing that fits)."""
    if item.default is None:
        return None
    value: Value = item.default
    if item.default_dynamic:
        try:
            value = evaluate(parse(item.default), scope, context=context)
        except ExpressionError:
            return None
    answer = answer_from_value(form, item, value)
    return None if answer is None else Answer(value=answer)


def _defaults(
    form: FormDefinition,
    items: Iterable[FormItem],
    scope: Mapping[str, Value],
    context: Context,
    given: Mapping[str, Answer],
) -> dict[str, Answer]:
    found: dict[str, Answer] = {}
    for item in items:
        if item.name in given:
            continue
        answer = default_answer(form, item, scope, context)
        if answer is not None:
            found[item.name] = answer
    return found


def _top_items(form: FormDefinition) -> Iterable[FormItem]:
    for domain in form.domains:
        yield from _outside_repeats(domain.elements)


def _outside_repeats(elements: list[FormElement]) -> Iterable[FormItem]:
    for element in elements:
        if isinstance(element, FormGroup):
            if not element.repeat:
                yield from _outside_repeats(element.items)
        else:
            yield element


def with_defaults(
    form: FormDefinition, assessment: Assessment, *, today: date, now: datetime
) -> Assessment:
    """A new assessment with the defaults of the questions outside repeat groups."""
    state = evaluate_form(form, assessment, today=today, now=now)
    found = _defaults(form, _top_items(form), state.values, state.context, assessment.answers)
    if not found:
        return assessment
    return assessment.model_copy(update={"answers": {**assessment.answers, **found}})


def new_entry(
    form: FormDefinition, group: FormGroup, state: FormState, index: int
) -> dict[str, Answer]:
    """The answers a new entry ``index`` of ``group`` starts with: its defaults."""
    context = state.context_for((group.name, index))
    return _defaults(form, group.flat_items(), state.values, context, {})


def uses_once(item: FormItem) -> bool:
    """Whether the item's calculation keeps its first value (``once(…)``): that value is
    stored, not recomputed."""
    if item.calculation is None:
        return False
    try:
        return "once" in parse(item.calculation).functions
    except ExpressionError:
        return False


def _kept_once(
    items: Iterable[FormItem],
    answers: Mapping[str, Answer],
    values: Mapping[str, Value],
    relevant: set[str],
) -> dict[str, Answer]:
    """The ``once()`` values to store now: relevant, not stored yet, not empty."""
    found: dict[str, Answer] = {}
    for item in items:
        if not uses_once(item) or item.name in answers or item.name not in relevant:
            continue
        text = to_string(values.get(item.name))[:MAX_TEXT]
        if text:
            found[item.name] = Answer(value=TextAnswer(value=text))
    return found


def with_form_logic(
    form: FormDefinition, assessment: Assessment, *, today: date, now: datetime
) -> Assessment:
    """The assessment with the entries its repeat counts ask for and the ``once()``
    values it has now stored; the same object when nothing changes."""
    state = evaluate_form(form, assessment, today=today, now=now)
    repeats = dict(assessment.repeats)
    groups = {g.name: g for d in form.domains for g in d.groups() if g.repeat}
    for name, count in state.counted.items():
        stored = list(repeats.get(name, []))
        if len(stored) < count:
            stored += [
                RepeatEntry(answers=new_entry(form, groups[name], state, i))
                for i in range(len(stored), count)
            ]
            repeats[name] = stored
    answers = dict(assessment.answers)
    answers.update(_kept_once(_top_items(form), answers, state.values, state.relevant))
    for name, entries in state.entries.items():
        stored = list(repeats.get(name, []))
        changed = False
        for index, entry in enumerate(entries):
            if index >= len(stored):
                break
            answers_of = stored[index].answers
            kept = _kept_once(groups[name].flat_items(), answers_of, entry.values, entry.relevant)
            if kept:
                stored[index] = stored[index].model_copy(update={"answers": {**answers_of, **kept}})
                changed = True
        if changed:
            repeats[name] = stored
    if answers == assessment.answers and repeats == assessment.repeats:
        return assessment
    return assessment.model_copy(update={"answers": answers, "repeats": repeats})


__all__ = [
    "answer_from_value",
    "default_answer",
    "new_entry",
    "uses_once",
    "with_defaults",
    "with_form_logic",
]
