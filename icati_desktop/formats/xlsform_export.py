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
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

from icati_desktop.domain.forms import FormDefinition, FormElement, FormGroup, FormItem, ItemType
from icati_desktop.formats.xlsform_choices import DONT_KNOW, SCALE_LIST
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
            {"type": f"begin {kind}", "name": group.name, "relevant": group.relevant}
            | self._texts("label", group.label)
            | extra
        )
        for element in group.items:
            yield from self._element(element, {})
        yield self._row({"type": f"end {kind}"})

    def _item(self, item: FormItem) -> dict[str, object]:
        if item.type is ItemType.SCORE:
            type_text = f"select_one {SCALE_LIST}"
        elif item.choices is not None:
            type_text = f"{item.type.value} {item.choices}"
        else:
            type_text = item.type.value
        values: dict[str, object] = {
            "type": type_text,
            "name": item.name,
            "required": "yes" if item.required else None,
            "relevant": item.relevant,
            "constraint": item.constraint,
            "continuum_stage": item.continuum_stage.value if item.continuum_stage else None,
        }
        if item.type is ItemType.SCORE:
            values["weight"] = str(item.weight)
            values["key_item"] = "yes" if item.key_item else "no"
        values |= self._texts("label", item.label)
        values |= self._texts("hint", item.hint)
        values |= self._texts("constraint_message", item.constraint_message)
        return values


def _choices(form: FormDefinition) -> list[Cells]:
    languages = list(form.languages)
    rows: list[Cells] = [
        ["list_name", "name", *(f"label::{language_column(c)}" for c in languages)]
    ]
    for anchor in form.scale.anchors:
        rows.append([SCALE_LIST, str(anchor.value), *(anchor.label.get(c) for c in languages)])
    if form.scale.dont_know_allowed:
        label = form.scale.dont_know_label
        rows.append([SCALE_LIST, DONT_KNOW, *(label.get(c) for c in languages)])
    for choice_list in form.choice_lists:
        for choice in choice_list.choices:
            rows.append([choice_list.name, choice.name, *(choice.label.get(c) for c in languages)])
    return rows


def xlsform_sheets(form: FormDefinition) -> dict[str, list[Cells]]:
    """Every sheet of the workbook (header row first), in the order they are written."""
    sheets: dict[str, list[Cells]] = {
        "survey": list(_Survey(form).rows()),
        "choices": _choices(form),
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
    return sheets | icati_sheets(form, language_column)


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

    try:
        convert(xlsform=str(path), warnings=[])
    except Exception as error:  # pyxform's failures are the form's, reported in one line
        message = " ".join(str(error).split())
        raise XlsFormExportFailed(
            _("pyxform cannot convert the exported form: {m}").format(m=message)
        ) from error


def export_xlsform(form: FormDefinition, path: Path) -> Path:
    """Write ``form`` as an XLSForm workbook at ``path`` (.xlsx), atomically, after
    checking that pyxform converts it."""
    if path.suffix.lower() != ".xlsx":
        raise ValueError(
            _("an XLSForm is written as an .xlsx workbook, not {name}").format(name=path.name)
        )
    tmp = path.with_name(f".{path.name}.partial.xlsx")
    try:
        _write(xlsform_sheets(form), tmp)
        _converts(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


__all__ = ["XlsFormExportFailed", "export_xlsform", "language_column", "xlsform_sheets"]
