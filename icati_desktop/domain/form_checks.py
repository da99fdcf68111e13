"""Whether a form's logic can work: every expression parses and names only what it may
see, nothing depends on its own value, choice filters name columns the choices have.

The XLSForm importer words these problems for people (by row and column); the form
engine relies on them having been checked. Checked for each item: ``relevant``,
``constraint``, ``calculation``, ``choice_filter``, a dynamic ``default``, and the
``${name}`` shown in its label and hint; for each group: ``relevant`` and
``repeat_count``. What an expression may name:

* any item or group outside repeat groups;
* an item of a repeat group from inside that repeat group (its own entry's value);
* any repeat item, or a repeat group itself, as the argument of ``sum()``, ``count()``
  and the other aggregates (every entry's value), from anywhere.

``position(..)`` needs a repeat entry; a group's ``repeat_count`` is computed outside
the group it counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from icati_desktop.domain.expressions import ExpressionError, parse
from icati_desktop.domain.form_state import cycles, walk
from icati_desktop.domain.form_text import choice_columns, referenced_names
from icati_desktop.domain.forms import FormDefinition, FormElement, FormGroup, FormItem

CheckKind = Literal[
    "syntax", "unknown", "inside_repeat", "position", "column", "cycle", "choice_name"
]


@dataclass(frozen=True)
class FormCheck:
    """One problem with a form's logic, for the importer to word."""

    element: str
    """The item or group the expression belongs to."""
    is_group: bool
    field: str
    """``relevant``, ``constraint``, ``calculation``, ``choice_filter``, ``default``,
    ``repeat_count``, ``label``, ``hint``."""
    kind: CheckKind
    detail: str = ""
    """The parse error (``syntax``), the name (``unknown``, ``inside_repeat``,
    ``choice_name``), the column (``column``) or the names on the loop (``cycle``)."""
    repeat: str = ""
    """The repeat group holding the name (``inside_repeat``), or the choice list
    (``column``)."""

    def __str__(self) -> str:
        where = f"{'group' if self.is_group else 'item'} {self.element}"
        if self.kind == "syntax":
            return f"{where}: {self.field} {self.detail}"
        if self.kind == "unknown":
            return f"{where}: {self.field} refers to unknown name {self.detail!r}"
        if self.kind == "inside_repeat":
            return (
                f"{where}: {self.field} refers to {self.detail!r} inside repeat group "
                f"{self.repeat!r}, which it cannot see"
            )
        if self.kind == "position":
            return f"{where}: {self.field} uses position(..) outside a repeat group"
        if self.kind == "column":
            return (
                f"{where}: {self.field} names {self.detail!r}, "
                f"which no choice of {self.repeat!r} has"
            )
        if self.kind == "choice_name":
            return (
                f"{where}: {self.field}: jr:choice-name() needs a select question, "
                f"not {self.detail!r}"
            )
        return f"{where}: {self.field} depends on its own value (through {self.detail})"


Site = tuple[FormItem | FormGroup, str | None, str, str]
"""(element, repeat group where it is evaluated, field, text)."""


def _sites(elements: list[FormElement], repeat: str | None) -> Iterator[Site]:
    for element in elements:
        if isinstance(element, FormGroup):
            if element.relevant is not None:
                yield element, repeat, "relevant", element.relevant
            if element.repeat_count is not None:
                yield element, repeat, "repeat_count", element.repeat_count
            inner = repeat or (element.name if element.repeat else None)
            yield from _sites(element.items, inner)
            continue
        for field in ("relevant", "constraint", "calculation", "choice_filter"):
            text = getattr(element, field)
            if text is not None:
                yield element, repeat, field, text
        if element.default is not None and element.default_dynamic:
            yield element, repeat, "default", element.default


def _label_sites(elements: list[FormElement], repeat: str | None) -> Iterator[Site]:
    for element in elements:
        if isinstance(element, FormGroup):
            inner = repeat or (element.name if element.repeat else None)
            yield from _label_sites(element.items, inner)
            continue
        for field in ("label", "hint"):
            for words in getattr(element, field).values():
                names = referenced_names(words)
                if names:
                    yield element, repeat, field, f"concat({', '.join(f'${{{n}}}' for n in names)})"


def _columns(form: FormDefinition, item: FormItem) -> set[str]:
    found: set[str] = set()
    for choice in form.choices_of(item):
        found |= set(choice_columns(form, choice))
    return found


def _check_site(
    form: FormDefinition,
    site: Site,
    holder: dict[str, str | None],
    groups: set[str],
) -> Iterator[FormCheck]:
    element, repeat, field, text = site
    is_group = isinstance(element, FormGroup)

    def problem(kind: CheckKind, detail: str = "", where: str = "") -> FormCheck:
        return FormCheck(element.name, is_group, field, kind, detail, where)

    columns = field == "choice_filter"
    try:
        expression = parse(text, columns=columns)
    except ExpressionError as error:
        yield problem("syntax", f"{text!r}: {error}")
        return
    for name in sorted(expression.references):
        if name not in holder and name not in groups:
            yield problem("unknown", name)
        elif name not in expression.aggregated and holder.get(name) not in (None, repeat):
            yield problem("inside_repeat", name, holder[name] or "")
    if "position" in expression.functions and repeat is None:
        yield problem("position")
    if columns and isinstance(element, FormItem):
        for column in sorted(expression.columns - _columns(form, element)):
            yield problem("column", column, element.choices or "")
    if "jr:choice-name" in expression.functions:
        for name in _choice_name_targets(text):
            if name not in holder or form.item(name).choices is None:
                yield problem("choice_name", name)


def form_checks(form: FormDefinition) -> list[FormCheck]:
    """Every problem with the form's logic, in form order (loops last)."""
    holder: dict[str, str | None] = {}
    for domain in form.domains:
        holder.update((item.name, repeat) for item, repeat in walk(domain.elements))
    groups = {group.name for domain in form.domains for group in domain.groups()}
    sites = [s for d in form.domains for s in _sites(d.elements, None)]
    sites += [s for d in form.domains for s in _label_sites(d.elements, None)]
    found = [check for site in sites for check in _check_site(form, site, holder, groups)]
    loop = cycles(form)
    for name in loop:
        is_group = name in groups
        field = "relevant" if is_group or not form.item(name).computed else "calculation"
        found.append(FormCheck(name, is_group, field, "cycle", ", ".join(loop)))
    return found


def _choice_name_targets(text: str) -> list[str]:
    """The questions named as ``'${name}'`` second arguments of ``jr:choice-name()``."""
    return _CHOICE_NAME_TARGET.findall(text)


_CHOICE_NAME_TARGET = re.compile(
    r"jr:choice-name\([^,]*,\s*['\"]\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}['\"]\s*\)"
)


def expression_problems(form: FormDefinition) -> list[str]:
    """:func:`form_checks` as text, for logs and tests."""
    return [str(check) for check in form_checks(form)]


__all__ = ["CheckKind", "FormCheck", "expression_problems", "form_checks"]
