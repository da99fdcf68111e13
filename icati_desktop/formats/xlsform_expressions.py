"""Checking ``relevant`` and ``constraint`` expressions row by row.

Each expression must parse as the XLSForm subset the form engine evaluates
(:mod:`icati_desktop.domain.expressions`) and may name only questions and groups of
the same form; a problem names the row and column of the expression. Once the form is
assembled, the form engine's own check runs too (names inside a repeat group are not
visible from outside it).
"""

from __future__ import annotations

import re

from icati_desktop.domain.expressions import ExpressionError, parse
from icati_desktop.domain.form_engine import expression_problems
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.formats.xlsform_problems import Problems
from icati_desktop.formats.xlsform_survey import Survey
from icati_desktop.i18n import _


def _shown(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "…"


def check_expressions(survey: Survey, problems: Problems) -> None:
    for row, column, text, repeat in survey.expressions:
        try:
            expression = parse(text)
        except ExpressionError as error:
            problems.add(
                "survey",
                row,
                column,
                _("the expression {t!r} cannot be used: {e}").format(t=_shown(text), e=error),
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
            elif survey.repeat_of.get(name) not in (None, repeat):
                problems.add(
                    "survey",
                    row,
                    column,
                    _(
                        "${{{n}}} is inside the repeat {r!r}, which has one answer per entry; "
                        "only questions inside that repeat can refer to it"
                    ).format(n=name, r=survey.repeat_of[name]),
                )


_WHERE = re.compile(r"^(?:item|group) (?P<name>\S+): (?P<field>relevant|constraint) ")


def check_form_expressions(form: FormDefinition, survey: Survey, problems: Problems) -> None:
    """The form engine's own check of the assembled form (e.g. a name inside a repeat group
    that an expression outside it cannot see), each problem on the row it comes from."""
    for message in expression_problems(form):
        match = _WHERE.match(message)
        row = survey.names.get(match.group("name")) if match else None
        column = match.group("field") if match else None
        problems.add("survey", row, column, message)


__all__ = ["check_expressions", "check_form_expressions"]
