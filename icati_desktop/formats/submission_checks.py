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

``today()`` in a constraint is the assessment's date (the workshop the file records),
since that is the day the form was filled; the computer's date when there is none.
"""

from __future__ import annotations

from datetime import date

from icati_desktop.domain.assessments import Answer, Assessment, new_repeat_entries
from icati_desktop.domain.form_engine import (
    Problem,
    check_answer,
    relevant_in_entry,
    relevant_items,
)
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.formats.submissions import ImportedAnswers
from icati_desktop.i18n import _


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

    relevant = relevant_items(form, assessment, today=on)
    order = {item.name: index for index, (_domain, item) in enumerate(form.items())}
    for name in sorted(record.answers, key=lambda n: order.get(n, len(order))):
        check(name, record.answers[name], relevant, None)
    for group, entries in record.repeats.items():
        for index, entry in enumerate(entries):
            try:
                shown = relevant_in_entry(form, group, assessment, index, today=on)
            except KeyError:  # not a repeat group of the form: the reader reported it
                break
            for name in sorted(entry, key=lambda n: order.get(n, len(order))):
                check(name, entry[name], shown, (group, index))
    return problems


__all__ = ["rule_problems"]
