"""XLSForm import: an Excel workbook as written for ODK, KoboToolbox, SurveyCTO or
CommCare becomes an ICATI :class:`~icati_desktop.domain.forms.FormDefinition`.

The workbook is read with pyxform (sheet and header handling as those tools do it, see
:mod:`icati_desktop.formats.xlsform_sheets`), checked row by row, and also passed to
pyxform's own converter so its errors are reported too. Either the whole form comes
back, or :class:`XlsFormRejected` lists every problem by sheet, row and column — never
a partial form.

Mapping choices (also in ``docs/forms.md`` for central staff):

* **Sheets**: ``survey``, ``choices`` and ``settings`` (names and headers in any case).
  ``external_choices``, ``entities`` and ``osm`` sheets with content are refused.
* **Types**: ``score`` (an ICATI extension: the form's 0–4 scale plus "don't know"),
  ``select_one LIST``, ``select_multiple LIST`` (and pyxform's spellings such as
  ``select one from LIST``), ``integer``, ``decimal``, ``text``, ``date``, ``note``,
  ``begin/end group`` and ``begin/end repeat`` (nested). Metadata fields (``start``,
  ``end``, ``today``, ``deviceid``…) ask nothing and are ignored with a note. Anything
  else (geopoint, image, calculate, ``or specify other``, ``begin loop``…) is a problem.
* **Columns**: ``label``, ``hint`` and ``constraint_message`` in any language
  (``label::fr``, ``label::French (fr)``, old ``label:English``); ``required`` (yes/no
  only), ``relevant``, ``constraint``. ICATI columns: ``weight`` and ``key_item`` (score
  questions only), ``continuum_stage``, ``domain`` (``D1``…``D99``) and
  ``domain_title`` (``domain_title::fr``…). ``appearance``, ``guidance_hint`` and
  ``required_message`` are presentational, and KoboToolbox's ``$kuid``-style columns ask
  nothing: they are ignored with a note; any other column with a value
  (``calculation``, ``default``, ``choice_filter``, ``repeat_count``, media…) is a
  problem, because dropping it would change what the form asks.
* **Domains**: with a ``domain`` column, every top-level question or group names its
  domain (questions inside a group follow their group); ``domain_title`` titles it,
  else the label of its first group, else its code. Without the column, each top-level
  group becomes a domain D1, D2… titled by its label, and questions outside groups form
  one domain titled by the form title.
* **Settings**: ``form_title`` (default: the file name), ``form_id`` (made a slug;
  default: the file name), ``version`` (dotted numbers such as ``2`` or ``1.3``, or an
  ODK date version such as ``2024061201``; default ``1``) and ``default_language``
  (default: the language of the first ``label::…`` column, else English).
* **Scale**: XLSForm has no response scale, so an imported form gets the default
  form's 0–4 scale and labels, unless the choices sheet has an ``icati_scale`` list
  (rows ``0``…``4`` and optionally ``dont_know``) labelling its own. Phase and advice
  rules are not in XLSForm: they travel in ICATI's own sheets (``icati_settings``,
  ``icati_descriptions``, ``icati_phases``, ``icati_advice``, ``icati_crosswalk``; see
  :mod:`icati_desktop.formats.xlsform_icati`), which an exported form carries; a form
  without them has no phase or advice rules. ``select_one icati_scale`` is a ``score``
  question (how :mod:`~icati_desktop.formats.xlsform_export` writes one).
* **Expressions**: every ``relevant`` and ``constraint`` must parse as the XLSForm
  subset the form engine evaluates and may only name questions of the form.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pyxform.xls2json import workbook_to_json

from icati_desktop.domain.forms import FormDefinition, FormElement, ResponseScale
from icati_desktop.formats.xlsform_choices import (
    SCALE_LIST,
    has_scale,
    read_choices,
    read_scale,
)
from icati_desktop.formats.xlsform_expressions import check_expressions, check_form_expressions
from icati_desktop.formats.xlsform_icati import read_icati_sheets
from icati_desktop.formats.xlsform_problems import Problems, XlsFormProblem, XlsFormRejected
from icati_desktop.formats.xlsform_sheets import Workbook, language_code, read_workbook
from icati_desktop.formats.xlsform_survey import Survey, SurveyReader
from icati_desktop.i18n import _
from icati_desktop.paths import resource

DEFAULT_FORM = ("content", "forms", "ati_self_assessment.json")
VERSION = re.compile(r"^[0-9]+(\.[0-9]+)*$")


@cache
def default_scale() -> ResponseScale:
    """The 0–4 scale of the default self-assessment form, given to every imported form."""
    data = json.loads(resource(*DEFAULT_FORM).read_text(encoding="utf-8"))
    return ResponseScale.model_validate(data["scale"])


def _default_scale_for(language: str, problems: Problems) -> ResponseScale:
    scale = default_scale()
    languages = sorted({code for anchor in scale.anchors for code in anchor.label})
    if not all(language in anchor.label for anchor in scale.anchors):
        problems.add(
            "settings",
            None,
            "default_language",
            _(
                "the default 0–4 scale has labels "
                "in {have} only; add an {list} list to the choices sheet with labels in "
                "{lang!r} (see docs/forms.md)"
            ).format(have=", ".join(languages), list=SCALE_LIST, lang=language),
        )
    return scale


def read_xlsform(path: Path) -> FormDefinition:
    """The form an XLSForm workbook defines; :class:`XlsFormRejected` lists every problem."""
    return read_xlsform_with_notes(path)[0]


def read_xlsform_with_notes(path: Path) -> tuple[FormDefinition, list[XlsFormProblem]]:
    """The form and the notes on what was ignored on purpose (presentational columns…)."""
    problems = Problems()
    workbook = read_workbook(path, problems)
    if workbook is None:
        problems.raise_if_any()
        raise XlsFormRejected(
            [XlsFormProblem("workbook", None, None, _("the workbook cannot be read"))]
        )
    settings = _settings(workbook, path, problems)
    language = settings["default_language"]
    choice_lists = read_choices(workbook.choices, language, problems)
    if has_scale(workbook.choices):
        scale = read_scale(workbook.choices, language, problems)
    else:
        scale = _default_scale_for(language, problems)
    survey = SurveyReader(language, problems).read(workbook.survey)
    known_lists = {c["name"] for c in choice_lists}
    for row, list_name in survey.selects:
        if list_name and list_name not in known_lists:
            problems.add(
                "survey",
                row,
                "type",
                _("the choice list {n!r} is not in the choices sheet").format(n=list_name),
            )
    check_expressions(survey, problems)
    _pyxform_check(workbook, problems)
    domains = _domains(survey, settings["title"], language, problems)
    icati = read_icati_sheets(path, list(workbook.raw.sheet_names or []), language, problems)
    icati.check_domains([d["code"] for d in domains], problems)
    problems.raise_if_any()
    data = {
        **settings,
        "languages": _languages(language, survey, choice_lists, domains),
        "scale": scale,
        "choice_lists": choice_lists,
        "domains": domains,
        # Data, not interface text: kept in English whatever the importer's language.
        "source_note": f"imported from the XLSForm {path.name}"[:500],
    }
    data = icati.apply(data)
    try:
        form = FormDefinition.model_validate(data)
    except ValidationError as error:
        raise XlsFormRejected(
            [
                XlsFormProblem("workbook", None, None, f"{_location(e['loc'])}{e['msg']}")
                for e in error.errors()
            ]
        ) from error
    check_form_expressions(form, survey, problems)
    problems.raise_if_any()
    return form, problems.notes


def _location(loc: tuple[int | str, ...]) -> str:
    return f"{'.'.join(str(p) for p in loc)}: " if loc else ""


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:64].strip("-")


def _settings(workbook: Workbook, path: Path, problems: Problems) -> dict[str, Any]:
    settings = workbook.settings
    row = 2
    language_text = str(settings.get("default_language", "")).strip()
    if language_text:
        language = language_code(language_text)
        if language is None:
            problems.add(
                "settings",
                row,
                "default_language",
                _("{v!r} is not a language we recognise; use an ISO 639-1 code such as en").format(
                    v=language_text
                ),
            )
            language = "en"
    else:
        codes = [language_code(c) for c in workbook.language_columns]
        language = next((c for c in codes if c), "en")
    form_id_text = str(settings.get("id_string") or path.stem)
    form_id = _slug(form_id_text)
    if not form_id:
        problems.add(
            "settings",
            row,
            "form_id",
            _("{v!r} has no letters or digits to make a form id from").format(v=form_id_text),
        )
    version = str(settings.get("version", "1")).strip()
    if not VERSION.match(version) or len(version) > 32:
        problems.add(
            "settings",
            row,
            "version",
            _(
                "version {v!r} must be numbers separated by "
                "dots (1, 2.1) or an ODK date version (2024061201)"
            ).format(v=version),
        )
    title = str(settings.get("title") or path.stem.replace("_", " ").replace("-", " ")).strip()
    return {
        "form_id": form_id or "form",
        "version": version,
        "title": {language: title},
        "default_language": language,
    }


def _pyxform_check(workbook: Workbook, problems: Problems) -> None:
    """pyxform's own checks of the workbook; its errors become problems, never crashes.

    ``score`` is not an XLSForm type, so pyxform sees it as the integer it is stored as."""
    raw = workbook.raw
    survey = [
        {
            k: ("integer" if k.lower() == "type" and str(v).strip().lower() == "score" else v)
            for k, v in row.items()
        }
        for row in (raw.survey or [])
    ]
    data = type(raw)(**{**{s: getattr(raw, s) for s in raw.__slots__}, "survey": survey})
    try:
        workbook_to_json(data, fallback_form_name=raw.fallback_form_name, warnings=[])
    except Exception as error:  # any pyxform failure is the workbook's problem, not a crash
        message = " ".join(str(error).split())
        match = re.search(r"\[row\s*:\s*(\d+)\]", message)
        row = int(match.group(1)) if match else None
        # Ours come first: a row we already explained (or, with no row, any problem of
        # ours) is most likely what pyxform stumbled on too.
        if row is None and not problems.problems:
            problems.add("workbook", None, None, _("pyxform: {m}").format(m=message))
        elif row is not None and not problems.has_row("survey", row):
            problems.add("survey", row, None, _("pyxform: {m}").format(m=message))


def _domains(
    survey: Survey, form_title: dict[str, str], language: str, problems: Problems
) -> list[dict[str, Any]]:
    top = survey.top
    if not top.elements:
        if not problems.problems:
            problems.add("survey", None, None, _("the survey sheet has no questions"))
        return []
    by_code: dict[str, list[FormElement]] = defaultdict(list)
    titles: dict[str, dict[str, str]] = {}
    if any(code is not None for code in top.domains) or survey.domain_titles:
        for element, row, code in zip(top.elements, top.rows, top.domains, strict=True):
            if code is None:
                problems.add(
                    "survey",
                    row,
                    "domain",
                    _(
                        "the form uses the domain column, so "
                        "every top-level question or group needs a domain (D1, D2…)"
                    ),
                )
                continue
            by_code[code].append(element)
            label = getattr(element, "label", None) if element.kind == "group" else None
            if label and language in label:
                titles.setdefault(code, label)
        for code, (_row, title) in survey.domain_titles.items():
            titles[code] = title
    else:
        loose = "outside-groups"
        for index, element in enumerate(top.elements):
            if element.kind == "group":
                key = f"group-{index}"
                by_code[key].append(element)
                label = element.label if language in element.label else {}
                titles[key] = label or {language: element.name.replace("_", " ")}
            else:
                by_code[loose].append(element)
                titles[loose] = form_title
        return _numbered(by_code, titles, problems)
    return [
        {"code": code, "title": titles.get(code) or {language: code}, "elements": elements}
        for code, elements in sorted(by_code.items(), key=lambda entry: int(entry[0][1:]))
    ]


def _numbered(
    by_code: dict[str, list[FormElement]], titles: dict[str, dict[str, str]], problems: Problems
) -> list[dict[str, Any]]:
    """Domains D1, D2… in form order (questions outside groups taking their place)."""
    if len(by_code) > 99:
        problems.add(
            "survey",
            None,
            None,
            _("the form has more than 99 top-level groups; a form has at most 99 domains"),
        )
        return []
    return [
        {"code": f"D{number}", "title": titles[key], "elements": elements}
        for number, (key, elements) in enumerate(by_code.items(), start=1)
    ]


def _languages(
    language: str,
    survey: Survey,
    choice_lists: list[dict[str, Any]],
    domains: list[dict[str, Any]],
) -> list[str]:
    found = {language}
    for domain in domains:
        found |= set(domain["title"])
        for element in domain["elements"]:
            items = element.flat_items() if element.kind == "group" else [element]
            for item in items:
                found |= set(item.label) | set(item.hint) | set(item.constraint_message)
    for choice_list in choice_lists:
        for choice in choice_list["choices"]:
            found |= set(choice["label"])
    return [language, *sorted(found - {language})]


__all__ = [
    "XlsFormProblem",
    "XlsFormRejected",
    "default_scale",
    "read_xlsform",
    "read_xlsform_with_notes",
]
