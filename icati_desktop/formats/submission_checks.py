"""The form's own rules applied to answers read from elsewhere, before anything is stored.

:mod:`icati_desktop.formats.submissions` checks that each value is the right *kind* for
its item. A questionnaire filled in ODK, KoboToolbox or by hand may still hold answers
the form itself would never have accepted: a value that breaks the item's
``constraint`` (a year 1850 where the form says ``. >= 1900``), or an answer to a
question the form would not have asked (its ``relevant``, or a group's, does not hold
with the other answers). Both are reported here with the row and the form's own
constraint message, and the caller imports nothing while any is left.

An answer to a question that is not relevant is refused, not dropped with a warning:
dropping it would silently lose data someone entered, and it usually means the answers
it depends on are wrong. The fix is in the file: empty the answer, or correct the
answers that decide whether the question is asked.

Computed values are not trusted: each one the file gives is computed again from the
file's other answers and compared (numbers within a billionth, as ODK computes with
floating point; dates and times as moments; choices in any order). A difference is
listed: either the file was changed after it was filled in, or the form it was filled
with is not the form imported here. A value computed with ``now()`` changes by the
second and cannot be checked; a ``once(…)`` value is taken as given. A repeat group whose
``repeat_count`` gives fewer entries than the file holds is a problem too.

``today()`` in a constraint is the assessment's date (the workshop the file records),
since that is the day the form was filled; the computer's date when there is none.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from icati_desktop.domain.assessments import Answer, Assessment, new_repeat_entries
from icati_desktop.domain.expressions import (
    ExpressionError,
    Value,
    as_date,
    as_moment,
    as_time,
    parse,
    to_number,
    to_string,
)
from icati_desktop.domain.form_engine import Problem, check_answer
from icati_desktop.domain.form_state import FormState, evaluate_form
from icati_desktop.domain.forms import FormDefinition, FormItem
from icati_desktop.formats.submissions import ImportedAnswers
from icati_desktop.i18n import _

_TOLERANCE = Decimal("1e-9")


def _where(record: ImportedAnswers, item: str, entry: tuple[str, int] | None) -> str:
    place = item
    if entry is not None:
        place = f"{entry[0]}[{entry[1] + 1}].{item}"
    if record.row is not None:
        return _("row {row}: {item}").format(row=record.row, item=place)
    return place


def _wording(form: FormDefinition, problem: Problem) -> str:
    if problem.message:
        return problem.message
    if problem.kind == "constraint":
        return _("the answer breaks the form's rule {rule}; give an answer that meets it").format(
            rule=form.item(problem.item).constraint
        )
    if problem.kind == "choice":
        return _(
            "the choice is not offered with the other answers given (the form's choice "
            "filter); correct it or the answers it depends on"
        )
    return _("the answer is not of the kind the item takes")


def _not_asked() -> str:
    return _(
        "the form does not ask this question with the other answers given; "
        "leave it empty or correct the answers it depends on"
    )


def rule_problems(
    record: ImportedAnswers,
    form: FormDefinition,
    *,
    country: str,
    language: str,
    assessed_on: date | None = None,
) -> list[str]:
    """Every answer of ``record`` that breaks the form's constraints or answers a question
    the form would not ask, in form order (then repeat entries), each with its place.
    ``assessed_on`` is the date the assessment will be stored with (``--date``), when it
    differs from the record's own; constraint messages are in ``language`` when the
    form has them in it."""
    on = assessed_on or record.assessed_on or date.today()
    assessment = Assessment(
        country=country,
        form_id=form.form_id,
        form_version=form.version,
        assessed_on=on,
        answers=record.answers,
        repeats=new_repeat_entries(record.repeats),
    )
    problems: list[str] = []

    def check(
        item: str, answer: Answer, relevant: frozenset[str], entry: tuple[str, int] | None
    ) -> None:
        if answer.value is None:  # a note only: nothing for the form to check
            return
        if item not in relevant:
            problems.append(f"{_where(record, item, entry)}: {_not_asked()}")
            return
        problem = check_answer(
            form, item, answer, assessment, language=language, repeat=entry, today=on
        )
        if problem is not None:
            problems.append(f"{_where(record, item, entry)}: {_wording(form, problem)}")

    state = evaluate_form(form, assessment, today=on, language=language)
    relevant = frozenset(state.relevant)
    order = {item.name: index for index, (_domain, item) in enumerate(form.items())}
    for name in sorted(record.answers, key=lambda n: order.get(n, len(order))):
        check(name, record.answers[name], relevant, None)
    for group, entries in record.repeats.items():
        if group not in state.entries:  # not a repeat group of the form: the reader said so
            continue
        counted = state.counted.get(group)
        if counted is not None and len(entries) > counted:
            problems.append(_entries_beyond_count(record, group, len(entries), counted))
        for index, entry in enumerate(entries[: len(state.entries[group])]):
            shown = frozenset(state.entries[group][index].relevant)
            for name in sorted(entry, key=lambda n: order.get(n, len(order))):
                check(name, entry[name], shown, (group, index))
    problems += calculation_problems(record, form, state)
    return problems


def _entries_beyond_count(record: ImportedAnswers, group: str, given: int, counted: int) -> str:
    where = _("row {row}: {group}").format(row=record.row, group=group)
    return _(
        "{where}: the file has {given} entries but the form's repeat_count gives {counted}; "
        "correct the answer it counts or remove the extra entries"
    ).format(where=where if record.row is not None else group, given=given, counted=counted)


def _checkable(item: FormItem) -> bool:
    """Whether a computed value can be computed again (not one of ``now()``)."""
    try:
        return "now" not in parse(item.calculation or "").functions
    except ExpressionError:
        return False


def same_value(computed: Value, written: str) -> bool:
    """Whether a file's text is the value the form computes (ODK writes numbers from
    floating point, booleans as true/false, dates and times in its own format)."""
    text = written.strip()
    ours = to_string(computed).strip()
    if ours == text:
        return True
    if not ours or not text:
        return False
    if isinstance(computed, bool):
        return (text.lower() in ("true", "1")) == computed
    if isinstance(computed, tuple):
        return sorted(computed) == sorted(text.split())
    if isinstance(computed, time):
        return as_time(text) == computed
    if isinstance(computed, datetime) or (isinstance(computed, str) and as_moment(ours)):
        return as_moment(ours) == as_moment(text)
    if isinstance(computed, date):
        day = as_date(text)
        return day is not None and day == computed and as_moment(text) is None
    mine, theirs = to_number(computed), to_number(text)
    if mine.is_finite() and theirs.is_finite():
        return abs(mine - theirs) <= _TOLERANCE * max(Decimal(1), abs(mine))
    return False


def calculation_problems(
    record: ImportedAnswers, form: FormDefinition, state: FormState
) -> list[str]:
    """Each computed value the file gives that is not what the form computes."""
    problems: list[str] = []
    for given in record.calculated:
        item = form.item(given.item)
        if not _checkable(item):
            continue
        group, index = given.repeat if given.repeat is not None else (None, 0)
        if group is not None and index >= len(state.entries.get(group, [])):
            continue  # an entry beyond the count: reported once for the group
        computed = state.value(item.name, given.repeat)
        if same_value(computed, given.text):
            continue
        problems.append(
            _(
                "{where}: the file says {given!r} but the form computes {computed!r} from the "
                "other answers; check the answers it is computed from (or that the file was "
                "filled with this version of the form)"
            ).format(
                where=_where(record, item.name, given.repeat),
                given=given.text[:80],
                computed=to_string(computed)[:80],
            )
        )
    return problems


__all__ = ["calculation_problems", "rule_problems", "same_value"]
