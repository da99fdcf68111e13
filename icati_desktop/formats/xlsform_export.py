"""XLSForm export: an ICATI form definition as a workbook KoboToolbox and ODK take.

The workbook has the three XLSForm sheets, with every language's texts in its own
column (``label::English (en)``, ``label::Français (fr)``…), so a partner can field the
self-assessment in KoboToolbox or ODK Collect and send the answers back through
``icati assessment import``:

* ``survey`` — one row per question, group and repeat, with ``relevant``,
  ``constraint``, ``constraint_message`` and ``required`` as the form has them, and
  ICATI's columns ``weight``, ``key_item``, ``continuum_stage``, ``domain`` and
  ``domain_title`` (data-collection tools ignore them). A ``score`` question is written
  as ``select_one icati_scale``: ODK and Kobo show the scale's labels and export the
  choice names ``0``…``4`` and ``dont_know``, which the answer import reads as scores,
  and the form import reads the type back as ``score``.
* ``choices`` — the ``icati_scale`` list (the form's 0–4 scale), then the form's lists.
* ``settings`` — ``form_title``, ``form_id``, ``version``, ``default_language``.

What XLSForm cannot say (translated titles, descriptions, scoring thresholds, phase and
advice rules, the crosswalk) goes in ICATI's own sheets, see
:mod:`icati_desktop.formats.xlsform_icati`. The file is written beside its target and
renamed into place only after pyxform has converted it without error, so a failure
leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

from icati_desktop.atomic_file import atomic_path
from icati_desktop.domain.forms import FormDefinition, FormElement, FormGroup, FormItem, ItemType
from icati_desktop.formats.xlsform import default_scale_in
from icati_desktop.formats.xlsform_choices import DONT_KNOW, SCALE_LIST
from icati_desktop.formats.xlsform_export_lists import (
    EXTERNAL,
    choice_files,
    external_name,
    external_sheet,
    is_external,
    is_file,
    parameters,
    property_columns,
)
from icati_desktop.formats.xlsform_icati_write import Cells, icati_sheets
from icati_desktop.i18n import _


class XlsFormExportFailed(ValueError):
    """pyxform would not convert the workbook written for a form (nothing is kept)."""


@cache
def language_column(code: str) -> str:
    """``fr`` → ``French (fr)``: the language as XLSForm tools name a column's language."""
    try:
        name = Locale.parse(code, sep="-").get_display_name("en")
    except (UnknownLocaleError, ValueError):
        name = None
    return f"{name or code} ({code})"


class _Survey:
    def __init__(self, form: FormDefinition) -> None:
        self.form = form
        self.languages = list(form.languages)
        self.lists = {c.name: c for c in form.choice_lists}
        items = [item for _domain, item in form.items()]
        groups = [g for d in form.domains for g in d.groups()]
        self.columns: list[str] = ["type", "name"]
        self.columns += [f"label::{language_column(c)}" for c in self.languages]
        if any(i.hint for i in items):
            self.columns += [f"hint::{language_column(c)}" for c in self.languages]
        if any(i.required for i in items):
            self.columns.append("required")
        if any(i.relevant for i in items) or any(g.relevant for g in groups):
            self.columns.append("relevant")
        if any(i.constraint for i in items):
            self.columns.append("constraint")
        if any(i.constraint_message for i in items):
            self.columns += [f"constraint_message::{language_column(c)}" for c in self.languages]
        if any(i.required_message for i in items):
            self.columns += [f"required_message::{language_column(c)}" for c in self.languages]
        self.columns += [
            column
            for column, used in (
                ("calculation", any(i.calculation for i in items)),
                ("choice_filter", any(i.choice_filter for i in items)),
                ("default", any(i.default for i in items)),
                ("read_only", any(i.read_only for i in items)),
                (
                    "appearance",
                    any(i.appearance for i in items) or any(g.appearance for g in groups),
                ),
                ("repeat_count", any(g.repeat_count for g in groups)),
                ("parameters", any(parameters(c) for c in self.lists.values() if is_file(c))),
            )
            if used
        ]
        self.columns += ["weight", "key_item"]
        if any(i.continuum_stage for i in items):
            self.columns.append("continuum_stage")
        self.columns += ["domain"]
        self.columns += [f"domain_title::{language_column(c)}" for c in self.languages]

    def _row(self, values: dict[str, object]) -> Cells:
        return [values.get(column) for column in self.columns]

    def _texts(self, base: str, text: dict[str, str]) -> dict[str, object]:
        return {f"{base}::{language_column(c)}": text.get(c) for c in self.languages}

    def rows(self) -> Iterator[Cells]:
        yield list(self.columns)
        for domain in self.form.domains:
            first = True
            for element in domain.elements:
                top: dict[str, object] = {"domain": domain.code}
                if first:
                    top |= self._texts("domain_title", domain.title)
                    first = False
                yield from self._element(element, top)

    def _element(self, element: FormElement, extra: dict[str, object]) -> Iterator[Cells]:
        if isinstance(element, FormGroup):
            yield from self._group(element, extra)
        else:
            yield self._row(self._item(element) | extra)

    def _group(self, group: FormGroup, extra: dict[str, object]) -> Iterator[Cells]:
        kind = "repeat" if group.repeat else "group"
        yield self._row(
            {
                "type": f"begin {kind}",
                "name": group.name,
                "relevant": group.relevant,
                "repeat_count": group.repeat_count,
                "appearance": group.appearance,
            }
            | self._texts("label", group.label)
            | extra
        )
        for element in group.items:
            yield from self._element(element, {})
        yield self._row({"type": f"end {kind}"})

    def _item(self, item: FormItem) -> dict[str, object]:
        values: dict[str, object] = {
            "type": self._type(item),
            "name": item.name,
            "required": "yes" if item.required else None,
            "relevant": item.relevant,
            "constraint": item.constraint,
            "calculation": item.calculation,
            "choice_filter": item.choice_filter,
            "default": item.default,
            "read_only": "yes" if item.read_only else None,
            "appearance": item.appearance,
            "continuum_stage": item.continuum_stage.value if item.continuum_stage else None,
        }
        choice_list = self.lists.get(item.choices or "")
        if choice_list is not None and is_file(choice_list):
            values["parameters"] = parameters(choice_list)
        if item.type is ItemType.SCORE:
            values["weight"] = str(item.weight)
            values["key_item"] = "yes" if item.key_item else "no"
        values |= self._texts("label", item.label)
        values |= self._texts("hint", item.hint)
        values |= self._texts("constraint_message", item.constraint_message)
        values |= self._texts("required_message", item.required_message)
        if item.type is ItemType.CALCULATE and item.label == {
            self.form.default_language: item.name
        }:
            values |= self._texts("label", {})  # the importer's stand-in for no label
        return values

    def _type(self, item: FormItem) -> str:
        """``select_one icati_scale`` for a score; a select's list as its questions name it
        (``select_one_external``, ``select_one_from_file sites.csv``)."""
        if item.type is ItemType.SCORE:
            return f"select_one {SCALE_LIST}"
        choice_list = self.lists.get(item.choices or "")
        if choice_list is None:
            return item.type.value
        if is_external(choice_list):
            return f"select_one_external {external_name(choice_list)}"
        if is_file(choice_list):
            return f"{item.type.value}_from_file {choice_list.source}"
        return f"{item.type.value} {choice_list.name}"


def writes_scale(form: FormDefinition) -> bool:
    """Whether the workbook carries the form's scale (the ``icati_scale`` list): not for a
    form without score questions that has the default scale, which its import gives it
    back in the form's languages."""
    has_scores = any(item.type is ItemType.SCORE for _domain, item in form.items())
    return has_scores or form.scale != default_scale_in(list(form.languages))


def _choices(form: FormDefinition) -> list[Cells]:
    languages = list(form.languages)
    lists = [c for c in form.choice_lists if c.source is None]
    extra = property_columns(lists)
    rows: list[Cells] = [
        ["list_name", "name", *(f"label::{language_column(c)}" for c in languages), *extra]
    ]
    blank = [None] * len(extra)
    anchors = form.scale.anchors if writes_scale(form) else []
    for anchor in anchors:
        labels = [anchor.label.get(c) for c in languages]
        rows.append([SCALE_LIST, str(anchor.value), *labels, *blank])
    if anchors and form.scale.dont_know_allowed:
        label = form.scale.dont_know_label
        rows.append([SCALE_LIST, DONT_KNOW, *(label.get(c) for c in languages), *blank])
    for choice_list in lists:
        for choice in choice_list.choices:
            rows.append(
                [
                    choice_list.name,
                    choice.name,
                    *(choice.label.get(c) for c in languages),
                    *(choice.properties.get(k) for k in extra),
                ]
            )
    return rows


def xlsform_sheets(form: FormDefinition) -> dict[str, list[Cells]]:
    """Every sheet of the workbook (header row first), in the order they are written."""
    sheets: dict[str, list[Cells]] = {
        "survey": list(_Survey(form).rows()),
        "choices": _choices(form),
        **({EXTERNAL: external} if (external := external_sheet(form, language_column)) else {}),
        "settings": [
            ["form_title", "form_id", "version", "default_language"],
            [
                form.title[form.default_language],
                form.form_id,
                form.version,
                language_column(form.default_language),
            ],
        ],
    }
    return sheets | icati_sheets(form, language_column, with_scale=writes_scale(form))


def _write(sheets: dict[str, list[Cells]], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.worksheets[0])
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a label starting with "=" is text, not a formula
        sheet.freeze_panes = "A2"
    book.save(path)


def _converts(path: Path) -> None:
    from pyxform.xls2xform import convert

    try:  # read as a workbook: the name being written ends in .partial, not .xlsx
        convert(xlsform=str(path), warnings=[], file_type=".xlsx")
    except Exception as error:  # pyxform's failures are the form's, reported in one line
        message = " ".join(str(error).split())
        raise XlsFormExportFailed(
            _("pyxform cannot convert the exported form: {m}").format(m=message)
        ) from error


def export_xlsform(form: FormDefinition, path: Path) -> Path:
    """Write ``form`` as an XLSForm workbook at ``path`` (.xlsx), atomically, after
    checking that pyxform converts it; the CSV or XML files of its ``select_*_from_file``
    questions go beside it (:func:`media_files`)."""
    if path.suffix.lower() != ".xlsx":
        raise ValueError(
            _("an XLSForm is written as an .xlsx workbook, not {name}").format(name=path.name)
        )
    files = [(path.with_name(name), data) for name, data in choice_files(form, language_column)]
    with ExitStack() as stack:  # on leaving: the media files renamed first, the workbook last
        book = stack.enter_context(atomic_path(path))
        _write(xlsform_sheets(form), book)
        _converts(book)
        for target, data in files:
            stack.enter_context(atomic_path(target)).write_bytes(data)
    return path


def media_files(form: FormDefinition) -> list[str]:
    """The files :func:`export_xlsform` writes beside the workbook: those the form's
    ``select_*_from_file`` questions name, for the partner's server (ODK Central, Kobo)."""
    return [name for name, _data in choice_files(form, language_column)]


__all__ = [
    "XlsFormExportFailed",
    "export_xlsform",
    "language_column",
    "media_files",
    "xlsform_sheets",
]
