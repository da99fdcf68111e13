"""Reading an XLSForm workbook through pyxform, keeping spreadsheet row numbers.

pyxform's own backend (:func:`pyxform.xls2json_backends.xlsx_to_dict`) reads the
workbook as XLSForm tools do: sheet names case-insensitive, blank rows kept so row
numbers stay true, cell values as text. pyxform's header processing
(:func:`~pyxform.parsing.sheet_headers.dealias_and_group_headers`) then resolves
header aliases and case (``LABEL::EN``, ``label:English (en)``, ``constraint_message``)
into nested rows (``{"label": {"EN": …}, "bind": {"relevant": …}}``). Each row keeps
its spreadsheet number (the header is row 1), so every problem can name its row.

Languages: a column's language may be a code (``en``, ``EN``), ``Name (code)``
(``English (en)``) or a name in English or in the language itself (``french``,
``Français``); each maps to an ISO 639-1 code. Texts without a language belong to the
form's default language. Typographic quotes stay as written in texts (labels, hints…):
see :mod:`icati_desktop.formats.xlsform_quotes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
from babel import Locale, UnknownLocaleError
from pyxform import aliases, constants
from pyxform.errors import PyXFormError
from pyxform.parsing.sheet_headers import dealias_and_group_headers
from pyxform.question import MultipleChoiceQuestion, Option
from pyxform.survey import Survey
from pyxform.xls2json_backends import DefinitionData, xls_to_dict, xlsx_to_dict

from icati_desktop.domain.ids import check_language_code
from icati_desktop.formats.xlsform_problems import Problems
from icati_desktop.formats.xlsform_quotes import protect, restore
from icati_desktop.i18n import _

UNSET_LANGUAGE = constants.DEFAULT_LANGUAGE_VALUE
"""The key pyxform gives a text whose column names no language (``label``)."""

Row = dict[str, Any]


@dataclass
class Sheet:
    name: str
    rows: list[tuple[int, Row]] = field(default_factory=list)
    """(spreadsheet row number, pyxform's grouped row), blank rows left out."""


@dataclass
class Workbook:
    raw: DefinitionData
    """pyxform's reading of the workbook, as its converter takes it."""
    survey: Sheet
    choices: Sheet
    settings: Row
    language_columns: list[str]
    """Languages named by label columns of the survey sheet, in column order."""


def read_workbook(path: Path, problems: Problems) -> Workbook | None:
    """The workbook's sheets, or ``None`` (with problems) when it cannot be read."""
    reader = {".xlsx": xlsx_to_dict, ".xlsm": xlsx_to_dict, ".xls": xls_to_dict}.get(
        path.suffix.lower()
    )
    if reader is None:
        problems.add(
            "workbook",
            None,
            None,
            _("{name} is not an Excel workbook (.xlsx or .xls); save the XLSForm as .xlsx").format(
                name=path.name
            ),
        )
        return None
    try:
        data = reader(str(path))
    except (PyXFormError, OSError, ValueError, KeyError, TypeError) as error:
        problems.add(
            "workbook", None, None, _("cannot read the workbook: {error}").format(error=error)
        )
        return None
    raw = DefinitionData(fallback_form_name=path.stem, **data)
    if not raw.survey:
        problems.add(
            "workbook",
            None,
            None,
            _("the workbook has no survey sheet with questions (sheets: {names})").format(
                names=", ".join(raw.sheet_names or []) or "-"
            ),
        )
        return None
    _unsupported_sheets(raw, problems)
    try:
        settings_rows = _group("settings", raw.settings, raw.settings_header, _settings_args())
        settings = dict(settings_rows[0][1]) if settings_rows else {}
        survey = _group("survey", raw.survey, raw.survey_header, _survey_args())
        choices = _group("choices", raw.choices, raw.choices_header, _choices_args())
    except PyXFormError as error:
        problems.add("workbook", None, None, str(error))
        return None
    return Workbook(
        raw=raw,
        survey=Sheet("survey", survey),
        choices=Sheet("choices", choices),
        settings=settings,
        language_columns=_label_languages(raw.survey_header),
    )


def _settings_args() -> dict[str, Any]:
    return {
        "header_aliases": aliases.settings_header,
        "header_columns": set(Survey.get_slot_names()),
    }


def _survey_args() -> dict[str, Any]:
    return {
        "header_aliases": aliases.survey_header,
        "header_columns": set(MultipleChoiceQuestion.get_slot_names()),
        "headers_required": {constants.TYPE},
    }


def _choices_args() -> dict[str, Any]:
    return {
        "header_aliases": aliases.list_header,
        "header_columns": set(Option.get_slot_names()),
        "headers_required": {constants.NAME},
    }


def _group(
    sheet: str,
    rows: Any,
    header: Any,
    args: dict[str, Any],
) -> list[tuple[int, Row]]:
    if not rows:
        return []
    grouped = dealias_and_group_headers(
        sheet_name=sheet,
        sheet_data=protect(rows),
        sheet_header=header,
        default_language=UNSET_LANGUAGE,
        **args,
    )
    return [(number, restore(row)) for number, row in enumerate(grouped.data, start=2) if row]


def _unsupported_sheets(raw: DefinitionData, problems: Problems) -> None:
    for sheet in (constants.EXTERNAL_CHOICES, constants.ENTITIES, constants.OSM):
        for number, row in enumerate(getattr(raw, sheet) or [], start=2):
            if row:
                problems.add(
                    sheet,
                    number,
                    None,
                    _(
                        "the {sheet} sheet is not supported (ICATI forms keep their choices "
                        "in the choices sheet); remove the sheet"
                    ).format(sheet=sheet),
                )


def _label_languages(header: Any) -> list[str]:
    found: list[str] = []
    for column in (header or [{}])[0]:
        parts = [p.strip() for p in re.split(r"::?", str(column), maxsplit=1)]
        if len(parts) == 2 and parts[0].lower() == "label" and parts[1] not in found:
            found.append(parts[1])
    return found


_CODE_IN_PARENS = re.compile(r"\(\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\s*\)\s*$")
_TAG = re.compile(r"^[A-Za-z]{2}(?:[-_][A-Za-z0-9]{2,8})*$")


def _normal_tag(tag: str) -> str | None:
    parts = tag.replace("_", "-").split("-")
    primary = parts[0].lower()
    if len(primary) == 3:
        found = pycountry.languages.get(alpha_3=primary)
        primary = getattr(found, "alpha_2", "") if found else ""
    candidate = "-".join([primary, *parts[1:]])
    try:
        return check_language_code(candidate)
    except ValueError:
        return None


@cache
def _native_names() -> dict[str, str]:
    """Language names as their speakers write them (``français`` → ``fr``), from babel."""
    names: dict[str, str] = {}
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code is None:
            continue
        try:
            name = Locale(code).get_display_name(code)
        except (UnknownLocaleError, ValueError):
            continue
        if name:
            names.setdefault(name.casefold(), code)
    return names


@cache
def language_code(text: str) -> str | None:
    """The ISO 639-1 code an XLSForm language column means, or ``None``."""
    text = text.strip()
    if match := _CODE_IN_PARENS.search(text):
        return _normal_tag(match.group(1))
    if _TAG.match(text) and (code := _normal_tag(text)):
        return code
    try:
        found = pycountry.languages.lookup(text)
    except LookupError:
        return _native_names().get(text.casefold())
    return getattr(found, "alpha_2", None)


def texts(
    value: Any,
    default_language: str,
    problems: Problems,
    where: tuple[str, int | None, str],
) -> dict[str, str]:
    """A translated text from a grouped cell (a string, or language → string)."""
    sheet, row, column = where
    if value is None:
        return {}
    if not isinstance(value, dict):
        value = {UNSET_LANGUAGE: value}
    result: dict[str, str] = {}
    for language, text in value.items():
        if isinstance(text, dict):
            problems.add(
                sheet,
                row,
                column,
                _("the column {column}::{language}::… has too many parts").format(
                    column=column, language=language
                ),
            )
            continue
        text = str(text).strip()
        if not text:
            continue
        code = default_language if language == UNSET_LANGUAGE else language_code(str(language))
        if code is None:
            problems.add(
                sheet,
                row,
                f"{column}::{language}",
                _(
                    "{language!r} is not a language we recognise; name it by its ISO 639-1 "
                    "code, e.g. label::fr or label::French (fr)"
                ).format(language=language),
            )
            continue
        # A text in a column naming the language wins over one with no language.
        if language != UNSET_LANGUAGE or code not in result:
            result[code] = text
    return result


__all__ = ["UNSET_LANGUAGE", "Row", "Sheet", "Workbook", "language_code", "read_workbook", "texts"]
