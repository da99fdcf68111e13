"""The survey sheet: question types, columns, groups and repeats, one row at a time.

Each row is checked on its own so a problem names its row: the type must be one we
support, every column that changes what the form asks must be one we keep (a column we
would silently drop, such as ``calculation`` or ``repeat_count``, is a problem), and
purely presentational columns (``appearance``, ``guidance_hint``) are ignored with a
note. Groups and repeats nest; an ``end`` must close the innermost open block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from icati_desktop.domain.forms import FormElement, FormGroup, FormItem, ItemType
from icati_desktop.formats.xlsform_problems import Problems
from icati_desktop.formats.xlsform_sheets import Row, Sheet, texts
from icati_desktop.formats.xlsform_types import (
    NAME,
    SIMPLE_TYPES,
    domain_code,
    parse_type,
    score_columns,
    yes_no,
)
from icati_desktop.i18n import _

ITEM_COLUMNS = frozenset(
    {"type", "name", "label", "hint", "weight", "domain", "domain_title"}
    | {"key_item", "continuum_stage"}
)
GROUP_COLUMNS = frozenset({"type", "name", "label", "domain", "domain_title"})
ITEM_BIND = frozenset({"required", "relevant", "constraint", "jr:constraintMsg"})
PRESENTATIONAL = {("control", "appearance"), ("control", "rows")}
PRESENTATIONAL_COLUMNS = frozenset({"guidance_hint"})
PRESENTATIONAL_BIND = {"jr:requiredMsg"}
COLUMN_NAMES = {
    "jr:constraintMsg": "constraint_message",
    "jr:requiredMsg": "required_message",
    "jr:count": "repeat_count",
    "calculate": "calculation",
}


@dataclass
class Block:
    """An open group or repeat (or the survey itself), collecting its elements."""

    kind: str
    row: int
    name: str = ""
    label: dict[str, str] = field(default_factory=dict)
    relevant: str | None = None
    domain: str | None = None
    elements: list[FormElement] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    domains: list[str | None] = field(default_factory=list)
    """Per element (top level only): the domain code its row names."""
    has_rows: bool = False
    """Whether any question or group row sits inside, even one with problems."""


@dataclass
class Survey:
    top: Block
    names: dict[str, int] = field(default_factory=dict)
    """Every item and group name → its row."""
    expressions: list[tuple[int, str, str, str | None]] = field(default_factory=list)
    """(row, column, text, outermost repeat holding it) of each relevant / constraint."""
    repeat_of: dict[str, str | None] = field(default_factory=dict)
    """Item name → the outermost repeat group holding it (None outside repeats)."""
    selects: list[tuple[int, str]] = field(default_factory=list)
    """(row, list name) of each select item."""
    domain_titles: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)


class SurveyReader:
    def __init__(self, language: str, problems: Problems) -> None:
        self.language = language
        self.problems = problems
        self.survey = Survey(top=Block("survey", 1))
        self.stack: list[Block] = [self.survey.top]

    def add(self, row: int, column: str | None, message: str) -> None:
        self.problems.add("survey", row, column, message)

    def read(self, sheet: Sheet) -> Survey:
        for number, row in sheet.rows:
            self._row(number, row)
        for block in reversed(self.stack[1:]):
            self.add(
                block.row,
                "type",
                _("begin {kind} {name!r} has no matching end {kind}").format(
                    kind=block.kind, name=block.name
                ),
            )
        return self.survey

    def _row(self, number: int, row: Row) -> None:
        type_text = str(row.get("type", "")).strip()
        if not type_text:
            self.add(number, "type", _("the row has no type; fill it in or delete the row"))
            return
        kind, argument = parse_type(type_text)
        if kind != "end":
            self.stack[-1].has_rows = True
        if kind in ("other", "loop", "unsupported"):
            self._columns(number, row, ITEM_COLUMNS, ITEM_BIND)
        if kind == "begin":
            self._begin(number, row, argument or "group")
        elif kind == "end":
            self._end(number, argument or "group")
        elif kind == "metadata":
            self.problems.note(
                "survey", number, "type", _("metadata field {t!r} ignored").format(t=type_text)
            )
        elif kind == "other":
            self.add(
                number,
                "type",
                _(
                    "'or specify other' is not supported: {t!r}; add an "
                    "'other' choice and a text question shown when it is chosen"
                ).format(t=type_text),
            )
        elif kind == "loop":
            self.add(
                number,
                "type",
                _(
                    "begin/end loop is not supported: {t!r}; use a repeat "
                    "or one question per choice"
                ).format(t=type_text),
            )
        elif kind == "unsupported":
            self.add(
                number,
                "type",
                _(
                    "question type {t!r} is not supported (supported: score, "
                    "select_one, select_multiple, integer, decimal, text, date, note, groups "
                    "and repeats)"
                ).format(t=type_text),
            )
        else:
            self._item(number, row, kind, argument)

    def _columns(
        self, number: int, row: Row, allowed: frozenset[str], bind: frozenset[str]
    ) -> None:
        for key, value in row.items():
            if key in allowed:
                continue
            if key.startswith("$") or key in PRESENTATIONAL_COLUMNS:
                # $kuid, $autoname…: KoboToolbox's bookkeeping of the sheet itself.
                self.problems.note("survey", number, key, _("column ignored (it asks nothing)"))
                continue
            parts = value.items() if isinstance(value, dict) else [(None, value)]
            for sub, _value in parts:
                shown = COLUMN_NAMES.get(str(sub), sub) if sub else key
                if (key, sub) in PRESENTATIONAL or (key == "bind" and sub in PRESENTATIONAL_BIND):
                    self.problems.note("survey", number, shown, _("presentational column ignored"))
                elif key == "bind" and sub in bind:
                    continue
                elif key == "media":
                    self.add(
                        number,
                        shown,
                        _(
                            "media columns ({c}) are not supported; remove "
                            "the picture, sound or video"
                        ).format(c=shown),
                    )
                else:
                    self.add(
                        number,
                        shown,
                        _(
                            "the column {c!r} is not supported here; remove "
                            "it (the form would otherwise behave differently)"
                        ).format(c=shown),
                    )

    def _name(self, number: int, row: Row) -> str:
        name = str(row.get("name", "")).strip()
        if not name:
            self.add(number, "name", _("the row needs a name"))
        elif not NAME.match(name) or len(name) > 64:
            self.add(
                number,
                "name",
                _(
                    "{n!r} is not a valid name: start with a letter or _, "
                    "then letters, digits, _ . or - (64 at most)"
                ).format(n=name),
            )
        elif name in self.survey.names:
            self.add(
                number,
                "name",
                _("the name {n!r} is already used on row {r}").format(
                    n=name, r=self.survey.names[name]
                ),
            )
        else:
            self.survey.names[name] = number
        return name

    def _texts(self, number: int, row: Row, column: str, key: str | None = None) -> dict[str, str]:
        value = row.get(column) if key is None else (row.get(column) or {}).get(key)
        shown = COLUMN_NAMES.get(key or column, key or column)
        return texts(value, self.language, self.problems, ("survey", number, shown))

    def _domain(self, number: int, row: Row) -> str | None:
        if "domain" not in row:
            return None
        code = domain_code(row["domain"])
        if code is None:
            self.add(
                number,
                "domain",
                _("{v!r} is not a domain code; use D1, D2… D99").format(v=row["domain"]),
            )
            return None
        title = self._texts(number, row, "domain_title")
        if title:
            seen = self.survey.domain_titles.get(code)
            if seen is not None and seen[1] != title:
                self.add(
                    number,
                    "domain_title",
                    _("domain {c} already has another title on row {r}").format(c=code, r=seen[0]),
                )
            elif seen is None:
                self.survey.domain_titles[code] = (number, title)
        for outer in self.stack[1:]:
            if outer.domain is not None and outer.domain != code:
                self.add(
                    number,
                    "domain",
                    _(
                        "this row is inside group {g!r} of domain {d}; a "
                        "group belongs to one domain"
                    ).format(g=outer.name, d=outer.domain),
                )
        return code

    def _begin(self, number: int, row: Row, kind: str) -> None:
        self._columns(number, row, GROUP_COLUMNS, frozenset({"relevant"}))
        block = Block(kind, number, self._name(number, row), self._texts(number, row, "label"))
        block.relevant = self._expression(number, row, "relevant")
        block.domain = self._domain(number, row)
        if block.domain is None and len(self.stack) > 1:
            block.domain = self.stack[-1].domain
        self.stack.append(block)

    def _end(self, number: int, kind: str) -> None:
        if len(self.stack) == 1:
            self.add(number, "type", _("end {k} without a begin {k}").format(k=kind))
            return
        block = self.stack.pop()
        if block.kind != kind:
            self.add(
                number,
                "type",
                _("end {k} closes begin {b} of row {r}; close the inner block first").format(
                    k=kind, b=block.kind, r=block.row
                ),
            )
        if not block.has_rows:
            self.add(
                block.row,
                "type",
                _("the {k} {n!r} has no questions").format(k=block.kind, n=block.name),
            )
            return
        if not block.elements:
            return  # every row inside has its own problems
        try:
            group = FormGroup(
                name=block.name,
                label=block.label,
                repeat=block.kind == "repeat",
                relevant=block.relevant,
                items=block.elements,
            )
        except ValidationError:
            return  # its rows already carry the problems (name, label)
        self._place(group, block.row, block.domain)

    def _place(self, element: FormElement, number: int, domain: str | None) -> None:
        parent = self.stack[-1]
        parent.elements.append(element)
        if parent is self.survey.top:
            parent.rows.append(number)
            parent.domains.append(domain)

    def _expression(self, number: int, row: Row, column: str) -> str | None:
        text = str((row.get("bind") or {}).get(column, "")).strip()
        if not text:
            return None
        self.survey.expressions.append((number, column, text, self._repeat()))
        return text

    def _repeat(self) -> str | None:
        return next((b.name for b in self.stack[1:] if b.kind == "repeat"), None)

    def _item(self, number: int, row: Row, kind: str, argument: str | None) -> None:
        self._columns(number, row, ITEM_COLUMNS, ITEM_BIND)
        item_type = ItemType(SIMPLE_TYPES.get(kind, kind))
        fields: dict[str, Any] = {"name": self._name(number, row), "type": item_type}
        self.survey.repeat_of[fields["name"]] = self._repeat()
        fields["label"] = self._texts(number, row, "label")
        if self.language not in fields["label"]:
            self.add(
                number,
                "label",
                _("the question has no label in the default language {l!r}").format(
                    l=self.language
                ),
            )
        fields["hint"] = self._texts(number, row, "hint")
        fields["constraint_message"] = self._texts(number, row, "bind", "jr:constraintMsg")
        fields["relevant"] = self._expression(number, row, "relevant")
        fields["constraint"] = self._expression(number, row, "constraint")
        required = (row.get("bind") or {}).get("required")
        if required is not None:
            fields["required"] = yes_no(required)
            if fields["required"] is None:
                self.add(
                    number,
                    "required",
                    _("required must be yes or no; a condition ({v!r}) is not supported").format(
                        v=required
                    ),
                )
        if argument is not None:
            if not argument or " " in argument:
                self.add(number, "type", _("{k} needs one choice list name").format(k=kind))
            fields["choices"] = argument
            self.survey.selects.append((number, argument))
        score_columns(number, row, item_type, fields, self.add)
        domain = self._domain(number, row)
        if self.problems.has_row("survey", number):
            return
        try:
            item = FormItem.model_validate(fields)
        except ValidationError as error:
            for detail in error.errors():
                self.add(number, ".".join(str(p) for p in detail["loc"]) or None, detail["msg"])
            return
        self._place(item, number, domain)


__all__ = ["Block", "Survey", "SurveyReader"]
