"""Checking the expressions of a survey, row by row, then as a whole form.

Row by row, each expression (``relevant``, ``constraint``, ``calculation``,
``choice_filter``, ``repeat_count``, a dynamic ``default``, and the ``${name}`` shown in
labels and hints) must parse as the subset the form engine evaluates
(:mod:`icati_desktop.domain.expressions`) and may name only questions and groups of the
same form that it can see: a question inside a repeat group only from inside that group,
unless as the argument of ``sum()`` and the other aggregates. Once the form is
assembled, the form engine's own checks run too (:mod:`icati_desktop.domain.form_checks`:
loops of calculations, choice filter columns the choices lack, ``position(..)`` outside a
repeat), each problem worded here on the row it comes from.
"""

from __future__ import annotations

from icati_desktop.domain.expressions import ExpressionError, parse
from icati_desktop.domain.form_checks import FormCheck, form_checks
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.formats.xlsform_problems import Problems
from icati_desktop.formats.xlsform_survey import Survey
from icati_desktop.i18n import _


def _shown(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "…"


def check_expressions(survey: Survey, problems: Problems) -> None:
    for row, column, text, repeat in survey.expressions:
        try:
            expression = parse(text, columns=column == "choice_filter")
        except ExpressionError as error:
            problems.add(
                "survey",
                row,
                column,
                _(
                    "the expression {t!r} cannot be used: {e}; write it with the functions "
                    "and operators listed in docs/forms.md"
                ).format(t=_shown(text), e=error),
            )
            continue
        for name in sorted(expression.references):
            if name not in survey.names:
                problems.add(
                    "survey",
                    row,
                    column,
                    _("${{{n}}} names no question of this form").format(n=name),
                )
            elif name in expression.aggregated:
                continue
            elif survey.repeat_of.get(name) not in (None, repeat):
                problems.add(
                    "survey",
                    row,
                    column,
                    _(
                        "${{{n}}} is inside the repeat {r!r}, which has one answer per entry; "
                        "only questions inside that repeat can refer to it (or sum(), count(), "
                        "max(), min() of it)"
                    ).format(n=name, r=survey.repeat_of[name]),
                )


def _wording(check: FormCheck) -> str:
    if check.kind == "cycle":
        return _(
            "the value depends on itself (through {names}); break the loop of calculations "
            "or conditions"
        ).format(names=check.detail)
    if check.kind == "column":
        return _("no choice of the list {list!r} has a column {column!r}").format(
            list=check.repeat, column=check.detail
        )
    if check.kind == "position":
        return _("position(..) gives the number of a repeat entry: use it inside a repeat")
    if check.kind == "choice_name":
        return _("jr:choice-name() needs a select question, not {name!r}").format(name=check.detail)
    if check.kind == "inside_repeat":
        return _(
            "${{{n}}} is inside the repeat {r!r}, which has one answer per entry; only "
            "questions inside that repeat can refer to it"
        ).format(n=check.detail, r=check.repeat)
    if check.kind == "unknown":
        return _("${{{n}}} names no question of this form").format(n=check.detail)
    return _("the expression cannot be used: {e}").format(e=check.detail)


def check_form_expressions(form: FormDefinition, survey: Survey, problems: Problems) -> None:
    """The form engine's own checks of the assembled form, each on the row it comes from."""
    for check in form_checks(form):
        row = survey.names.get(check.element)
        problems.add("survey", row, check.field, _wording(check))


__all__ = ["check_expressions", "check_form_expressions"]
