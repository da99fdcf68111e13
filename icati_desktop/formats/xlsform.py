"""XLSForm import: an Excel workbook as written for ODK, KoboToolbox, SurveyCTO or
CommCare becomes an ICATI :class:`~icati_desktop.domain.forms.FormDefinition`.

The workbook is read with pyxform (sheet and header handling as those tools do it, see
:mod:`icati_desktop.formats.xlsform_sheets`), checked row by row, and also passed to
pyxform's own converter so its errors are reported too. Either the whole form comes
back, or :class:`XlsFormRejected` lists every problem by sheet, row and column — never
a partial form.

Before pyxform reads it, the workbook is checked to be within the limits of
:mod:`icati_desktop.formats.xlsform_guard` (size, rows, columns, no formula cells).
``docs/forms.md`` states for central staff what is read and how; in short:

* **Sheets**: ``survey``, ``choices``, ``external_choices`` and ``settings`` (names and
  headers in any case); ``entities`` and ``osm`` sheets with content are refused.
* **Types**: ``score`` (an ICATI extension: the form's 0–4 scale plus "don't know"),
  the selects (from the choices sheet, ``select_one_external``, ``…_from_file`` with the
  file in the media folder), ``integer``, ``decimal``, ``text``, ``date``, ``time``,
  ``datetime``, ``geopoint``, ``acknowledge``, ``calculate``, ``note``, groups and
  repeats (:mod:`icati_desktop.formats.xlsform_survey`). Metadata fields ask nothing
  and are ignored with a note; media, map, audit, range and rank questions are refused.
* **Columns** (:mod:`icati_desktop.formats.xlsform_columns`): texts in any language,
  ``required`` and ``read_only`` (yes/no), ``relevant``, ``constraint``,
  ``calculation``, ``choice_filter``, ``default``, ``repeat_count``,
  ``required_message``, ``appearance`` (recorded) and ``parameters``; the ICATI columns
  ``weight``, ``key_item``, ``continuum_stage``, ``domain``, ``domain_title``.
* **Domains** (:mod:`icati_desktop.formats.xlsform_domains`), **settings** (any
  version text pyxform takes), the **scale** (the default form's, or an
  ``icati_scale`` list; only needed when the form has score questions).
* **Expressions**: every expression (and every ``${name}`` in a label) must parse as
  the subset the form engine evaluates and name only what it may see; nothing may
  depend on its own value.
* **ICATI's sheets**: phase and advice rules, descriptions and the crosswalk are not in
  XLSForm: they travel in ICATI's own sheets (``icati_settings``, ``icati_descriptions``,
  ``icati_phases``, ``icati_advice``, ``icati_crosswalk``; see
  :mod:`icati_desktop.formats.xlsform_icati`), which an exported form carries; a form
  without them has no phase or advice rules. ``select_one icati_scale`` is a ``score``
  question (how :mod:`~icati_desktop.formats.xlsform_export` writes one).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pyxform.xls2json import workbook_to_json

from icati_desktop.domain.form_updates import answer_from_value
from icati_desktop.domain.forms import FormDefinition, ItemType, ResponseScale
from icati_desktop.domain.ids import FormVersion
from icati_desktop.formats.xlsform_choices import (
    SCALE_LIST,
    has_scale,
    read_choices,
    read_scale,
)
from icati_desktop.formats.xlsform_domains import form_languages, read_domains
from icati_desktop.formats.xlsform_expressions import check_expressions, check_form_expressions
from icati_desktop.formats.xlsform_icati import read_icati_sheets
from icati_desktop.formats.xlsform_lists import resolve_lists
from icati_desktop.formats.xlsform_problems import Problems, XlsFormProblem, XlsFormRejected
from icati_desktop.formats.xlsform_sheets import Workbook, language_code, read_workbook
from icati_desktop.formats.xlsform_survey import Survey, SurveyReader
from icati_desktop.formats.xlsform_types import form_id_from
from icati_desktop.i18n import _
from icati_desktop.paths import resource

DEFAULT_FORM = ("content", "forms", "ati_self_assessment.json")
_VERSION: TypeAdapter[str] = TypeAdapter(FormVersion)


@cache
def default_scale() -> ResponseScale:
    """The 0–4 scale of the default self-assessment form, given to every imported form."""
    data = json.loads(resource(*DEFAULT_FORM).read_text(encoding="utf-8"))
    return ResponseScale.model_validate(data["scale"])


def default_scale_in(languages: list[str]) -> ResponseScale:
    """The default scale with the texts of ``languages`` only (all of them when it has
    none of these): an imported form speaks its own languages, so its export, which
    writes the form's languages, gives back the same scale."""
    scale = default_scale()
    if not any(code in anchor.label for anchor in scale.anchors for code in languages):
        return scale

    def keep(text: dict[str, str]) -> dict[str, str]:
        return {code: value for code, value in text.items() if code in languages}

    data = scale.model_dump(mode="json")
    for anchor in data["anchors"]:
        anchor["label"] = keep(anchor["label"])
        anchor["description"] = keep(anchor["description"])
    data["dont_know_label"] = keep(data["dont_know_label"])
    return ResponseScale.model_validate(data)


def _default_scale_for(language: str, scores: bool, problems: Problems) -> ResponseScale:
    """The default scale; a form with score questions needs it in its own language."""
    scale = default_scale()
    languages = sorted({code for anchor in scale.anchors for code in anchor.label})
    if scores and not all(language in anchor.label for anchor in scale.anchors):
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


def read_xlsform(path: Path, media: Path | None = None) -> FormDefinition:
    """The form an XLSForm workbook defines; :class:`XlsFormRejected` lists every problem.

    ``media``: the folder holding the files its ``select_one_from_file`` questions name."""
    return read_xlsform_with_notes(path, media)[0]


def media_files(path: Path) -> list[str]:
    """The files the workbook's ``…_from_file`` questions name (for a screen to ask for
    their folder); empty when the workbook cannot be read or names none."""
    problems = Problems()
    workbook = read_workbook(path, problems)
    if workbook is None:
        return []
    survey = SurveyReader("en", Problems()).read(workbook.survey)
    return sorted({s.argument for s in survey.selects if s.kind == "file" and s.argument})


def read_xlsform_with_notes(
    path: Path, media: Path | None = None
) -> tuple[FormDefinition, list[XlsFormProblem]]:
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
    sheet_lists = read_choices(workbook.choices, language, problems)
    external_lists = read_choices(workbook.external_choices, language, problems)
    taken = frozenset(entry["name"] for entry in sheet_lists)
    survey = SurveyReader(language, problems, taken).read(workbook.survey)
    choice_lists = resolve_lists(survey, sheet_lists, external_lists, media, language, problems)
    if has_scale(workbook.choices):
        scale = read_scale(workbook.choices, language, problems)
    else:
        scale = _default_scale_for(language, _has_scores(workbook), problems)
    check_expressions(survey, problems)
    _pyxform_check(workbook, problems)
    domains = read_domains(survey, settings["title"], language, problems)
    icati = read_icati_sheets(path, list(workbook.raw.sheet_names or []), language, problems)
    icati.check_domains([d["code"] for d in domains], problems)
    problems.raise_if_any()
    data = {
        **settings,
        "languages": form_languages(language, choice_lists, domains),
        "scale": scale,
        "choice_lists": choice_lists,
        "domains": domains,
        # Data, not interface text: kept in English whatever the importer's language.
        "source_note": f"imported from the XLSForm {path.name}"[:500],
    }
    data = icati.apply(data)
    if data["scale"] == default_scale():  # not the form's own, nor described by it
        data["scale"] = default_scale_in(list(data["languages"]))
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
    _check_defaults(form, survey, problems)
    problems.raise_if_any()
    return form, problems.notes


def _has_scores(workbook: Workbook) -> bool:
    return any(
        str(row.get("type", "")).strip().lower() == "score" for _n, row in workbook.survey.rows
    )


def _check_defaults(form: FormDefinition, survey: Survey, problems: Problems) -> None:
    """Each default written as a value is an answer its question takes."""
    for name, row in survey.defaults.items():
        item = form.item(name)
        assert item.default is not None
        if answer_from_value(form, item, item.default) is None:
            wanted = item.type.value
            if item.type in (ItemType.SELECT_ONE, ItemType.SELECT_MULTIPLE):
                wanted = _("a choice name of {list}").format(list=item.choices)
            problems.add(
                "survey",
                row,
                "default",
                _("the default {v!r} is not an answer this question takes ({wanted})").format(
                    v=item.default, wanted=wanted
                ),
            )


def _location(loc: tuple[int | str, ...]) -> str:
    return f"{'.'.join(str(p) for p in loc)}: " if loc else ""


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
    form_id = form_id_from(form_id_text)
    if not form_id:
        problems.add(
            "settings",
            row,
            "form_id",
            _("{v!r} has no letters or digits to make a form id from").format(v=form_id_text),
        )
    version = " ".join(str(settings.get("version", "1")).split()) or "1"
    try:
        _VERSION.validate_python(version)
    except ValidationError:
        problems.add(
            "settings",
            row,
            "version",
            _(
                "version {v!r} is longer than 32 characters; write a shorter one, e.g. "
                "2024061201 or 2.1"
            ).format(v=version[:60]),
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


__all__ = [
    "XlsFormProblem",
    "XlsFormRejected",
    "default_scale",
    "default_scale_in",
    "read_xlsform",
    "read_xlsform_with_notes",
]
