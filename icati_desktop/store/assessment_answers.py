"""Whether an answer fits the item it is given to: the checks every write of an answer
passes, whoever makes it (the fill-in screen, a JSON import, an ODK/Kobo import).

These checks are about the *kind* of answer — a score 0–4 or "don't know" for a score
item (and "don't know" only there, as the form engine's ``type`` check says, so nothing
is saved that would then block the submit), a name of the item's choice list for a
select item, a whole number for an integer item… — and where it goes (an item of a
repeat group is answered per entry). The form's own ``constraint`` expressions are the
form engine's business: they may refer to other answers, so they are checked as the
person types and again on submit, while a draft may hold an answer that breaks one. An
import checks them before it stores anything
(:mod:`icati_desktop.formats.submission_checks`).

Plain values tagged by :class:`~icati_desktop.domain.assessments.Answer` are fitted to
the item first: an ``int`` is tagged as a score but is a number for an integer item, a
``str`` is text but a choice for a select_one item.
"""

from __future__ import annotations

from decimal import Decimal

from icati_desktop.domain.assessments import (
    AcknowledgedAnswer,
    Answer,
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
from icati_desktop.domain.forms import FormDefinition, FormGroup, FormItem, ItemType
from icati_desktop.i18n import N_, _


class AnswerRejected(ValueError):
    """An answer that does not fit its item (or names no item of the form)."""


_KIND_WANTED = {
    ItemType.SCORE: N_("a score from 0 to 4"),
    ItemType.SELECT_ONE: N_("one choice"),
    ItemType.SELECT_MULTIPLE: N_("a list of choices"),
    ItemType.INTEGER: N_("a whole number"),
    ItemType.DECIMAL: N_("a number"),
    ItemType.TEXT: N_("text"),
    ItemType.DATE: N_("a date"),
    ItemType.TIME: N_("a time of day"),
    ItemType.DATETIME: N_("a date and time"),
    ItemType.GEOPOINT: N_("a place (latitude and longitude)"),
    ItemType.ACKNOWLEDGE: N_("a confirmation"),
    ItemType.CALCULATE: N_("nothing: the form computes it"),
}


def repeat_group_of(form: FormDefinition, item_name: str) -> FormGroup | None:
    """The innermost repeat group holding the item, or ``None`` for a top-level item."""
    found: FormGroup | None = None
    for domain in form.domains:
        for group in domain.groups():
            if group.repeat and any(i.name == item_name for i in group.flat_items()):
                found = group
    return found


def repeat_groups(form: FormDefinition) -> dict[str, FormGroup]:
    return {g.name: g for d in form.domains for g in d.groups() if g.repeat}


def find_item(form: FormDefinition, item_name: str) -> FormItem:
    try:
        return form.item(item_name)
    except KeyError:
        raise AnswerRejected(
            _("the form {form} has no item {item!r}; check the item name").format(
                form=f"{form.form_id}@{form.version}", item=item_name
            )
        ) from None


def _fitted(item: FormItem, answer: Answer) -> Answer:
    """Re-tag a plainly tagged value (int → number, text → choice) when the item says so."""
    value = answer.value
    new = value
    if item.type in (ItemType.INTEGER, ItemType.DECIMAL) and isinstance(value, ScoreAnswer):
        new = NumberAnswer(value=Decimal(value.value))
    elif item.type is ItemType.SELECT_ONE and isinstance(value, TextAnswer):
        new = ChoiceAnswer(value=value.value)
    elif item.type is ItemType.SELECT_MULTIPLE and isinstance(value, ChoiceAnswer):
        new = ChoicesAnswer(value=[value.value])
    return answer if new is value else answer.model_copy(update={"value": new})


def fit_answer(form: FormDefinition, item: FormItem, answer: Answer) -> Answer:
    """The answer as stored for ``item``, or :class:`AnswerRejected` saying what is wrong."""
    answer = _fitted(item, answer)
    value = answer.value
    if value is None:
        return answer
    if item.type is ItemType.NOTE:
        raise AnswerRejected(
            _("{item} is a note, not a question: it takes no answer").format(item=item.name)
        )
    if item.computed:
        if isinstance(value, TextAnswer):  # the value once() kept
            return answer
        raise AnswerRejected(
            _("{item} is computed by the form from other answers; it takes no answer").format(
                item=item.name
            )
        )
    if isinstance(value, DontKnowAnswer):
        if not form.scale.dont_know_allowed:
            raise AnswerRejected(
                _('this form does not allow "don\'t know"; answer {item} or leave it empty').format(
                    item=item.name
                )
            )
        if item.type is not ItemType.SCORE:
            raise AnswerRejected(
                _(
                    '"don\'t know" is only for score questions; {item} takes {wanted}: '
                    "answer it or leave it empty"
                ).format(item=item.name, wanted=_(_KIND_WANTED[item.type]))
            )
        return answer
    wanted = _(_KIND_WANTED[item.type])
    ok = {
        ItemType.SCORE: isinstance(value, ScoreAnswer),
        ItemType.SELECT_ONE: isinstance(value, ChoiceAnswer),
        ItemType.SELECT_MULTIPLE: isinstance(value, ChoicesAnswer),
        ItemType.INTEGER: isinstance(value, NumberAnswer)
        and value.value == value.value.to_integral_value(),
        ItemType.DECIMAL: isinstance(value, NumberAnswer),
        ItemType.TEXT: isinstance(value, TextAnswer),
        ItemType.DATE: isinstance(value, DateAnswer),
        ItemType.TIME: isinstance(value, TimeAnswer),
        ItemType.DATETIME: isinstance(value, DateTimeAnswer),
        ItemType.GEOPOINT: isinstance(value, GeopointAnswer),
        ItemType.ACKNOWLEDGE: isinstance(value, AcknowledgedAnswer),
    }.get(item.type, False)
    if not ok:
        raise AnswerRejected(
            _("{item} takes {wanted}, not {given!r}").format(
                item=item.name, wanted=wanted, given=_shown(value)
            )
        )
    if isinstance(value, (ChoiceAnswer, ChoicesAnswer)):
        _check_choices(form, item, value)
    return answer


def _shown(value: object) -> object:
    inner = getattr(value, "value", None)
    return str(inner) if inner is not None else getattr(value, "kind", value)


def _check_choices(
    form: FormDefinition, item: FormItem, value: ChoiceAnswer | ChoicesAnswer
) -> None:
    allowed = form.choice_names(item)
    given = [value.value] if isinstance(value, ChoiceAnswer) else value.value
    unknown = [name for name in given if name not in allowed]
    if unknown:
        raise AnswerRejected(
            _("{item}: {unknown} is not a choice; choose from {allowed}").format(
                item=item.name, unknown=", ".join(unknown), allowed=", ".join(allowed)
            )
        )
    if len(set(given)) != len(given):
        raise AnswerRejected(_("{item}: a choice is given twice").format(item=item.name))


def fit_answers(
    form: FormDefinition,
    answers: dict[str, Answer],
    repeats: dict[str, list[dict[str, Answer]]],
) -> tuple[dict[str, Answer], dict[str, list[dict[str, Answer]]], list[str]]:
    """Fit a whole set of answers (an import): the fitted answers and every problem."""
    problems: list[str] = []
    fitted: dict[str, Answer] = {}
    groups = repeat_groups(form)
    for name, answer in answers.items():
        try:
            item = find_item(form, name)
            if (group := repeat_group_of(form, name)) is not None:
                raise AnswerRejected(
                    _("{item} belongs to the repeat group {group}: give it per entry").format(
                        item=name, group=group.name
                    )
                )
            fitted[name] = fit_answer(form, item, answer)
        except AnswerRejected as exc:
            problems.append(str(exc))
    fitted_repeats: dict[str, list[dict[str, Answer]]] = {}
    for group_name, entries in repeats.items():
        if group_name not in groups:
            problems.append(_("the form has no repeat group {group!r}").format(group=group_name))
            continue
        fitted_repeats[group_name] = []
        for index, entry in enumerate(entries, start=1):
            out: dict[str, Answer] = {}
            for name, answer in entry.items():
                try:
                    item = find_item(form, name)
                    if repeat_group_of(form, name) is not groups[group_name]:
                        raise AnswerRejected(
                            _("{item} is not an item of the repeat group {group}").format(
                                item=name, group=group_name
                            )
                        )
                    out[name] = fit_answer(form, item, answer)
                except AnswerRejected as exc:
                    problems.append(f"{group_name} #{index}: {exc}")
            fitted_repeats[group_name].append(out)
    return fitted, fitted_repeats, problems
