"""The survey sheet: question types, columns, groups and repeats, one row at a time.

Each row is checked on its own so a problem names its row: the type must be one we
support, every column that changes what the form asks must be one we keep (a column we
would silently drop, such as ``trigger``, is a problem; see
:mod:`icati_desktop.formats.xlsform_columns`), and purely presentational columns are
recorded (``appearance``) or ignored with a note (``guidance_hint``). Groups and repeats
nest; an ``end`` must close the innermost open block.

Choices come from three places, each recorded per select row for the importer to
resolve: the choices sheet (``select_one LIST``), the external_choices sheet
(``select_one_external LIST``) and a CSV or XML file beside the workbook
(``select_one_from_file FILE``, whose list is named after the file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pyxform.utils import default_is_dynamic

from icati_desktop.domain.forms import (
    CALCULABLE_TYPES,
    FormElement,
    FormGroup,
    FormItem,
    ItemType,
)
from icati_desktop.formats.xlsform_columns import (
    COLUMN_NAMES,
    GROUP_BIND,
    GROUP_COLUMNS,
    ITEM_BIND,
    ITEM_COLUMNS,
    bind_value,
    check_columns,
    read_appearance,
    read_parameters,
)
from icati_desktop.formats.xlsform_problems import Problems
from icati_desktop.formats.xlsform_sheets import Row, Sheet, texts
from icati_desktop.formats.xlsform_types import (
    NAME,
    SIMPLE_TYPES,
    domain_code,
    parse_type,
    score_columns,
    split_or_other,
    yes_no,
)
from icati_desktop.i18n import N_, _

SELECT_KINDS = {
    "select_one": ItemType.SELECT_ONE,
    "select_multiple": ItemType.SELECT_MULTIPLE,
    "select_one_external": ItemType.SELECT_ONE,
    "select_one_file": ItemType.SELECT_ONE,
    "select_multiple_file": ItemType.SELECT_MULTIPLE,
}
OTHER_CHOICE = "other"
OTHER_LABEL = "Other"
SPECIFY_OTHER_LABEL = "Specify other."
"""What pyxform adds for ``or_other``, in every language of the list and question (form
text, not interface text: as pyxform writes it)."""
REFUSED_KINDS = {
    "loop": N_("begin/end loop is not supported: {t!r}; use a repeat or one question per choice"),
    "media": N_(
        "media questions are not supported: {t!r}; ICATI assessments hold no pictures, "
        "recordings or files: ask for a description as text, or attach evidence to an answer"
    ),
    "map": N_("lines and areas on a map are not supported: {t!r}; ask for a geopoint"),
    "tracking": N_(
        "{t!r} records how or where the form was filled in, which ICATI does not track; "
        "remove the row (every change of an assessment is kept as a version)"
    ),
    "range": N_(
        "range widgets are not supported: {t!r}; use an integer or decimal question with a "
        "constraint such as . >= 0 and . <= 10"
    ),
    "rank": N_("ranking is not supported: {t!r}; ask one question per choice"),
    "unsupported": N_(
        "question type {t!r} is not supported (supported: score, select_one, "
        "select_multiple and their _from_file and _external forms, integer, decimal, text, "
        "date, time, datetime, geopoint, acknowledge, calculate, note, groups and repeats)"
    ),
}
_PYXFORM_TYPES = {ItemType.DATETIME: "dateTime", ItemType.GEOPOINT: "geopoint"}
_FILE_NAME = re.compile(r"^[^/\\]+\.(csv|xml)$", re.IGNORECASE)
_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}")


@dataclass(frozen=True)
class SelectSource:
    """Where a select question's choices come from (resolved by the importer)."""

    row: int
    kind: str
    """``choices``, ``external`` or ``file``."""
    argument: str
    """The list name, or the file name."""
    list_name: str
    """The name of the form's choice list the question uses."""
    parameters: tuple[tuple[str, str], ...] = ()


@dataclass
class Block:
    """An open group or repeat (or the survey itself), collecting its elements."""

    kind: str
    row: int
    name: str = ""
    label: dict[str, str] = field(default_factory=dict)
    relevant: str | None = None
    repeat_count: str | None = None
    appearance: str | None = None
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
    """(row, column, text, repeat holding it) of each expression (relevant, constraint,
    calculation, choice_filter, repeat_count, a dynamic default, and the ``${name}`` of
    labels and hints as ``concat(…)``)."""
    repeat_of: dict[str, str | None] = field(default_factory=dict)
    """Item name → the outermost repeat group holding it (None outside repeats)."""
    selects: list[SelectSource] = field(default_factory=list)
    """Where each select item's choices come from."""
    defaults: dict[str, int] = field(default_factory=dict)
    """Item name → row, for items with a default written as a value (checked once the
    choices are known)."""
    domain_titles: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)
    or_other_lists: set[str] = field(default_factory=set)
    """The choice lists of ``or_other`` questions: each gets an ``other`` choice."""


class SurveyReader:
    def __init__(
        self, language: str, problems: Problems, sheet_lists: frozenset[str] = frozenset()
    ) -> None:
        self.language = language
        self.problems = problems
        self.sheet_lists = sheet_lists
        """The lists of the choices sheet: an external_choices list of the same name is
        renamed ``NAME.external`` in the form."""
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

    def note(self, row: int, column: str | None, message: str) -> None:
        self.problems.note("survey", row, column, message)

    def _row(self, number: int, row: Row) -> None:
        type_text = str(row.get("type", "")).strip()
        if not type_text:
            self.add(number, "type", _("the row has no type; fill it in or delete the row"))
            return
        base_type, or_other = split_or_other(type_text)
        kind, argument = parse_type(base_type)
        if kind != "end":
            self.stack[-1].has_rows = True
        if kind == "begin":
            self._begin(number, row, argument or "group")
        elif kind == "end":
            self._end(number, argument or "group")
        elif kind == "metadata":
            self.note(number, "type", _("metadata field {t!r} ignored").format(t=type_text))
        elif kind in REFUSED_KINDS:
            self._item_columns(number, row)
            self.add(number, "type", _(REFUSED_KINDS[kind]).format(t=type_text))
        else:
            self._item(number, row, kind, argument, or_other=or_other)

    def _item_columns(self, number: int, row: Row) -> None:
        check_columns(
            number,
            row,
            allowed=ITEM_COLUMNS,
            bind=ITEM_BIND,
            control=frozenset({"appearance"}),
            add=self.add,
            note=self.note,
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
        found = texts(value, self.language, self.problems, ("survey", number, shown))
        names = sorted({n for words in found.values() for n in _REFERENCE.findall(words)})
        if names:  # ${name} shown in a label: checked as any expression is
            references = ", ".join(f"${{{n}}}" for n in names)
            self.survey.expressions.append((number, shown, f"concat({references})", self._repeat()))
        return found

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
        control = frozenset({"appearance", "jr:count"} if kind == "repeat" else {"appearance"})
        check_columns(
            number,
            row,
            allowed=GROUP_COLUMNS,
            bind=GROUP_BIND,
            control=control,
            add=self.add,
            note=self.note,
        )
        block = Block(kind, number, self._name(number, row), self._texts(number, row, "label"))
        block.relevant = self._expression(number, row, "relevant")
        block.appearance = read_appearance(number, row, self.add, self.note)
        if kind == "repeat":  # read before the repeat opens: it is counted from outside
            block.repeat_count = self._expression(number, row, "jr:count", "control")
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
                repeat_count=block.repeat_count,
                appearance=block.appearance,
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

    def _expression(self, number: int, row: Row, column: str, part: str = "bind") -> str | None:
        text = str((row.get(part) or {}).get(column, "")).strip()
        if not text:
            return None
        repeat = self._repeat()
        self.survey.expressions.append((number, COLUMN_NAMES.get(column, column), text, repeat))
        return text

    def _repeat(self) -> str | None:
        """The outermost open repeat."""
        return next((b.name for b in self.stack[1:] if b.kind == "repeat"), None)

    def _item(
        self, number: int, row: Row, kind: str, argument: str | None, *, or_other: bool = False
    ) -> None:
        self._item_columns(number, row)
        if or_other:
            self._check_or_other(number, row, kind)
        item_type = SELECT_KINDS.get(kind) or ItemType(SIMPLE_TYPES.get(kind, kind))
        fields: dict[str, Any] = {"name": self._name(number, row), "type": item_type}
        self.survey.repeat_of[fields["name"]] = self._repeat()
        fields["label"] = self._texts(number, row, "label")
        if not fields["label"] and item_type is ItemType.CALCULATE:
            fields["label"] = {self.language: fields["name"] or "calculate"}
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
        fields["required_message"] = self._texts(number, row, "bind", "jr:requiredMsg")
        fields["relevant"] = self._expression(number, row, "relevant")
        fields["constraint"] = self._expression(number, row, "constraint")
        fields["calculation"] = self._calculation(number, row, item_type)
        fields["appearance"] = read_appearance(number, row, self.add, self.note)
        self._required(number, row, fields)
        self._read_only(number, row, fields)
        self._default(number, row, item_type, fields)
        parameters = read_parameters(number, row, item_type, kind.endswith("_file"), self.add)
        if kind in SELECT_KINDS:
            self._select(number, row, kind, argument, parameters, fields)
        elif str(row.get("choice_filter", "")).strip():
            self.add(number, "choice_filter", _("only select questions have a choice filter"))
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
        if or_other and item.choices is not None:
            self._add_other(number, item, domain)

    def _check_or_other(self, number: int, row: Row, kind: str) -> None:
        if kind not in ("select_one", "select_multiple"):
            self.add(
                number,
                "type",
                _(
                    "or_other works only with select_one or select_multiple and a list of "
                    "the choices sheet; add an 'other' choice to the list and a text "
                    "question shown when it is chosen"
                ),
            )
        elif str(row.get("choice_filter", "")).strip():
            self.add(
                number,
                "choice_filter",
                _(
                    "a choice filter cannot be used with or_other (pyxform refuses it too); "
                    "add an 'other' choice to the list and a text question shown when it "
                    "is chosen"
                ),
            )

    def _add_other(self, number: int, select: FormItem, domain: str | None) -> None:
        """pyxform's or_other: the list gets an ``other`` choice, and a text question
        ``NAME_other`` follows, shown when ``other`` is chosen."""
        name = f"{select.name}_other"
        if name in self.survey.names:
            self.add(
                number,
                "type",
                _(
                    "or_other adds a question named {n!r}, which row {r} already uses; "
                    "rename one of them"
                ).format(n=name, r=self.survey.names[name]),
            )
            return
        assert select.choices is not None
        self.survey.names[name] = number
        self.survey.repeat_of[name] = self._repeat()
        self.survey.or_other_lists.add(select.choices)
        relevant = f"selected(${{{select.name}}}, '{OTHER_CHOICE}')"
        self.survey.expressions.append((number, "type", relevant, self._repeat()))
        other = FormItem(
            name=name,
            type=ItemType.TEXT,
            label=dict.fromkeys(select.label, SPECIFY_OTHER_LABEL),
            relevant=relevant,
        )
        self._place(other, number, domain)

    def _calculation(self, number: int, row: Row, item_type: ItemType) -> str | None:
        calculation = self._expression(number, row, "calculate")
        if item_type is ItemType.CALCULATE and calculation is None:
            self.add(number, "calculation", _("a calculate row needs a calculation"))
        elif calculation is not None and item_type not in CALCULABLE_TYPES:
            self.add(
                number,
                "calculation",
                _("a {t} question is answered by people, never calculated").format(
                    t=item_type.value
                ),
            )
        return calculation

    def _yes_no(self, number: int, row: Row, key: str, fields: dict[str, Any]) -> None:
        raw = bind_value(row, key)
        if raw is None:
            return
        column = COLUMN_NAMES.get(key, key)
        fields[column] = yes_no(raw)
        if fields[column] is None:
            self.add(
                number,
                column,
                _("{c} must be yes or no; a condition ({v!r}) is not supported").format(
                    c=column, v=raw
                ),
            )

    def _required(self, number: int, row: Row, fields: dict[str, Any]) -> None:
        self._yes_no(number, row, "required", fields)

    def _read_only(self, number: int, row: Row, fields: dict[str, Any]) -> None:
        self._yes_no(number, row, "readonly", fields)

    def _default(self, number: int, row: Row, item_type: ItemType, fields: dict[str, Any]) -> None:
        text = str(row.get("default", "")).strip()
        if not text:
            return
        if fields.get("calculation") is not None or item_type is ItemType.CALCULATE:
            self.add(number, "default", _("a calculated value has no default; remove it"))
            return
        fields["default"] = text
        pyxform_type = _PYXFORM_TYPES.get(item_type, item_type.value)
        if default_is_dynamic(text, pyxform_type):
            fields["default_dynamic"] = True
            self.survey.expressions.append((number, "default", text, self._repeat()))
        elif fields["name"]:
            self.survey.defaults[fields["name"]] = number

    def _select(
        self,
        number: int,
        row: Row,
        kind: str,
        argument: str | None,
        parameters: dict[str, str],
        fields: dict[str, Any],
    ) -> None:
        argument = (argument or "").strip()
        if kind.endswith("_file"):
            if not _FILE_NAME.match(argument):
                self.add(
                    number,
                    "type",
                    _("{k} needs the name of a .csv or .xml file beside the workbook").format(
                        k=kind.replace("_file", "_from_file")
                    ),
                )
                return
            list_name = file_list_name(argument, parameters)
            source = "file"
        else:
            if not argument or " " in argument:
                self.add(number, "type", _("{k} needs one choice list name").format(k=kind))
            list_name = argument
            source = "external" if kind == "select_one_external" else "choices"
            if source == "external" and argument in self.sheet_lists:
                list_name = f"{argument[:55]}.external"
        fields["choices"] = list_name
        filter_text = str(row.get("choice_filter", "")).strip()
        if filter_text:
            fields["choice_filter"] = filter_text
            self.survey.expressions.append((number, "choice_filter", filter_text, self._repeat()))
        self.survey.selects.append(
            SelectSource(number, source, argument, list_name, tuple(sorted(parameters.items())))
        )


def file_list_name(file_name: str, parameters: dict[str, str]) -> str:
    """The choice list a file becomes: its name, made a valid list name (``sites.csv``,
    ``_2024_sites.csv``), with the columns it is read by when not the usual ones."""
    base = re.sub(r"[^A-Za-z0-9_.-]", "_", file_name)
    if not re.match(r"^[A-Za-z_]", base):
        base = "_" + base
    value, label = parameters.get("value", "name"), parameters.get("label", "label")
    if (value, label) != ("name", "label"):
        base += re.sub(r"[^A-Za-z0-9_.-]", "_", f".{value}.{label}")
    return base[:64]


__all__ = ["Block", "SelectSource", "Survey", "SurveyReader", "file_list_name"]
