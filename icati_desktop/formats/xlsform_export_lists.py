"""The choice lists of an exported XLSForm that do not live on its choices sheet.

A form imported with choices from the ``external_choices`` sheet, or from a CSV or XML
file (``select_one_from_file sites.csv``), goes out the same way, so that the workbook
reads back to the same definition and a partner's ODK or Kobo server gets what it
expects:

* an ``external_choices`` list is written on that sheet (its ``NAME.external`` name in
  the form, when the choices sheet has a list of the same name, back to ``NAME``);
* a file's list is written as that file beside the workbook — CSV with a column per
  language of its labels and a column per property, or XML as ODK's secondary instances
  (``<root><item><name>…</name><label>…</label>…</item></root>``) — with the
  ``parameters`` (``value=code label=title``) its list name records.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from xml.etree import ElementTree

from icati_desktop.domain.forms import ChoiceList, FormDefinition
from icati_desktop.formats.xlsform_survey import file_list_name

Cells = list[object]
EXTERNAL = "external_choices"


def is_external(choice_list: ChoiceList) -> bool:
    return choice_list.source == EXTERNAL


def is_file(choice_list: ChoiceList) -> bool:
    return choice_list.source is not None and not is_external(choice_list)


def external_name(choice_list: ChoiceList) -> str:
    """The list's name on the external_choices sheet."""
    return choice_list.name.removesuffix(".external")


def file_columns(choice_list: ChoiceList) -> tuple[str, str]:
    """(value column, label column) of a file's list: ``name`` and ``label`` unless the
    question's ``parameters`` named others, which the list's name records."""
    source = choice_list.source or ""
    base = file_list_name(source, {})
    if choice_list.name == base:
        return "name", "label"
    rest = choice_list.name.removeprefix(base + ".")
    for cut in range(1, len(rest)):
        if rest[cut] != ".":
            continue
        value, label = rest[:cut], rest[cut + 1 :]
        if file_list_name(source, {"value": value, "label": label}) == choice_list.name:
            return value, label
    return "name", "label"


def parameters(choice_list: ChoiceList) -> str | None:
    """The ``parameters`` cell of a question on a file's list (None for the usual columns)."""
    value, label = file_columns(choice_list)
    words = [f"value={value}"] if value != "name" else []
    words += [f"label={label}"] if label != "label" else []
    return " ".join(words) or None


def _properties(choice_list: ChoiceList, skip: str = "") -> list[str]:
    keys: dict[str, None] = {}
    for choice in choice_list.choices:
        keys.update(dict.fromkeys(k for k in choice.properties if k != skip))
    return list(keys)


def property_columns(lists: list[ChoiceList]) -> list[str]:
    """Every property column the lists use, in first-seen order."""
    keys: dict[str, None] = {}
    for choice_list in lists:
        keys.update(dict.fromkeys(_properties(choice_list)))
    return list(keys)


def external_sheet(
    form: FormDefinition, language_column: Callable[[str], str]
) -> list[Cells] | None:
    """The external_choices sheet (header first), or None when the form has no such list."""
    lists = [c for c in form.choice_lists if is_external(c)]
    if not lists:
        return None
    languages = list(form.languages)
    extra = property_columns(lists)
    rows: list[Cells] = [
        ["list_name", "name", *(f"label::{language_column(c)}" for c in languages), *extra]
    ]
    for choice_list in lists:
        for choice in choice_list.choices:
            rows.append(
                [
                    external_name(choice_list),
                    choice.name,
                    *(choice.label.get(c) for c in languages),
                    *(choice.properties.get(k) for k in extra),
                ]
            )
    return rows


def _languages(choice_list: ChoiceList, form: FormDefinition) -> list[str]:
    present = {code for choice in choice_list.choices for code in choice.label}
    return [code for code in form.languages if code in present]


def _csv_rows(
    choice_list: ChoiceList, form: FormDefinition, language_column: Callable[[str], str]
) -> list[dict[str, str]]:
    value, label = file_columns(choice_list)
    languages = _languages(choice_list, form)
    extra = _properties(choice_list, skip=value)
    rows = []
    for choice in choice_list.choices:
        row = {value: choice.name}
        row |= {f"{label}::{language_column(c)}": choice.label.get(c, "") for c in languages}
        row |= {k: choice.properties.get(k, "") for k in extra}
        rows.append(row)
    return rows


def _csv(
    lists: list[ChoiceList], form: FormDefinition, language_column: Callable[[str], str]
) -> bytes:
    """One CSV for the lists read from it (several when questions read it by different
    columns: the rows are the file's, each list adding its columns)."""
    rows = _csv_rows(lists[0], form, language_column)
    for other in lists[1:]:
        more = _csv_rows(other, form, language_column)
        if len(more) == len(rows):
            rows = [row | extra for row, extra in zip(rows, more, strict=True)]
    header: dict[str, None] = {}
    for row in rows:
        header.update(dict.fromkeys(row))
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(list(header))
    writer.writerows([row.get(column, "") for column in header] for row in rows)
    return out.getvalue().encode("utf-8")


def _xml(choice_list: ChoiceList, form: FormDefinition) -> bytes:
    """ODK's secondary-instance XML: one label, in the form's default language (the only
    language such a file holds)."""
    value, label = file_columns(choice_list)
    extra = _properties(choice_list, skip=value)
    root = ElementTree.Element("root")
    for choice in choice_list.choices:
        item = ElementTree.SubElement(root, "item")
        ElementTree.SubElement(item, value).text = choice.name
        text = choice.label.get(form.default_language) or next(iter(choice.label.values()))
        ElementTree.SubElement(item, label).text = text
        for key in extra:
            if key in choice.properties:
                ElementTree.SubElement(item, key).text = choice.properties[key]
    data: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def choice_files(
    form: FormDefinition, language_column: Callable[[str], str]
) -> Iterator[tuple[str, bytes]]:
    """(file name, content) of each file a ``select_*_from_file`` question of the form names."""
    by_file: dict[str, list[ChoiceList]] = {}
    for choice_list in form.choice_lists:
        if is_file(choice_list) and choice_list.source is not None:
            by_file.setdefault(choice_list.source, []).append(choice_list)
    for source, lists in by_file.items():
        if source.lower().endswith(".xml"):
            yield source, _xml(lists[0], form)
        else:
            yield source, _csv(lists, form, language_column)


__all__ = [
    "choice_files",
    "external_name",
    "external_sheet",
    "file_columns",
    "is_external",
    "is_file",
    "parameters",
    "property_columns",
]
