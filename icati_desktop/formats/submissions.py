"""Answers filled in elsewhere, read for one form: answers as JSON, or the CSV/XLSX export
of ODK Central or KoboToolbox submissions of a form imported from the same XLSForm.

Pure parsing against the :class:`FormDefinition` passed in; nothing is stored. Every
problem is collected (with row and column for spreadsheets) so a file can be fixed in
one go; the caller stores nothing while any record has a problem.

JSON — one assessment::

    {"form_id": "ati-self-assessment", "version": "1", "assessed_on": "2026-03-04",
     "answers": {"d1_law_allows_treatment": 3, "d2_basics_webinars": "dk",
                 "d5_note": {"value": 2, "note": "two pilot sites"}},
     "repeats": {"sites": [{"site_name": "Nairobi", "site_score": 2}]}}

Numbers are read as exact decimals (never floats). An answer is either the value or an
object ``{"value": …, "note": …}``. Values are read as
:mod:`icati_desktop.formats.submission_values` describes (``dk`` or ``dont_know`` is
"don't know").

Spreadsheets — one row per submission, and **each row becomes one assessment** (an
export of three workshops gives three); the caller may pick one row instead. Headers
and metadata columns are read as :mod:`icati_desktop.formats.submission_columns`
describes (group paths with ``/``, ``-`` or ``.``; Kobo's expanded select_multiple
``item/choice`` columns, read when the item's own column is absent and checked against
it when both are there; ``SubmissionDate``, ``KEY``, ``meta/…``, ``_id``, ``start``…
skipped). The date of the workshop is taken from ``today``, else ``start``, else the
submission time, when the file has it. A column that is neither an item nor metadata
is a problem for every row with a value in it.

Repeat groups: Kobo's XLSX export has a sheet per group, ODK Central's CSV export is a
zip with the main table and a CSV per group, linked by ``KEY``/``PARENT_KEY``
(:mod:`icati_desktop.formats.submission_repeats`; the zip is checked by
:mod:`icati_desktop.formats.odk_zip` before anything in it is read). A repeat item on
the main table is a problem. A plain ``.csv`` for a form with repeat groups is refused
with :class:`RepeatsNotInFile` unless the caller asks ``without_repeats``: neither ODK
Central's main table nor Kobo's CSV holds the repeat answers, and nothing in them
reliably says whether there were any, so reading it would silently lose every entry. For
the same reason an ODK Central zip must hold a table for every repeat group the form
has (Central writes one even when nobody answered it).

Computed values (``calculate`` and other items with a ``calculation``) are not answers:
the file's value is kept in :attr:`ImportedAnswers.calculated` for
:mod:`icati_desktop.formats.submission_checks` to compare with what the form computes
from the other answers. A ``once(…)`` value is the exception: it records something of
when the form was filled (``once(now())``) that cannot be computed again, so it is
taken as the file gives it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from icati_desktop.domain.assessments import Answer, TextAnswer
from icati_desktop.domain.form_updates import uses_once
from icati_desktop.domain.forms import FormDefinition, FormItem
from icati_desktop.formats.odk_zip import csv_members, main_table_form
from icati_desktop.formats.submission_columns import CalculatedValue, read_cells, resolve
from icati_desktop.formats.submission_files import (
    MAX_BYTES,
    SubmissionFileError,
    csv_bytes_rows,
    csv_rows,
    read_bytes,
    xlsx_sheets,
)
from icati_desktop.formats.submission_repeats import attach_odk_repeats, attach_repeats
from icati_desktop.formats.submission_values import BadValue, parse_value
from icati_desktop.formats.xlsform_types import form_id_from
from icati_desktop.i18n import _

DATE_COLUMNS = ("today", "start", "submissiondate", "_submission_time")


@dataclass
class ImportedAnswers:
    form_id: str
    form_version: str
    answers: dict[str, Answer] = field(default_factory=dict)
    repeats: dict[str, list[dict[str, Answer]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    assessed_on: date | None = None
    """The workshop's date when the file gives one."""
    row: int | None = None
    """Spreadsheet row number (the header is row 1); ``None`` for JSON."""
    participant_names: list[str] = field(default_factory=list)
    calculated: list[CalculatedValue] = field(default_factory=list)
    """The file's values of computed items, to compare with the form's."""


def form_reference(path: Path) -> tuple[str | None, str | None]:
    """The form id and version a file names: a JSON file's ``form_id`` and ``version``; an
    ODK Central zip's main table (``probation_check.csv`` is form ``probation-check``) and
    its ``FormVersion`` column when every row has the same; (None, None) otherwise."""
    if path.suffix.lower() == ".zip":
        return _zip_reference(path)
    if path.suffix.lower() != ".json":
        return None, None
    data = _json(path)
    form_id, version = data.get("form_id"), data.get("version")
    return (
        form_id if isinstance(form_id, str) else None,
        str(version) if isinstance(version, (str, int, Decimal)) else None,
    )


class RepeatsNotInFile(SubmissionFileError):
    """A plain CSV for a form with repeat groups: their answers cannot be in it."""


def read_submissions(
    path: Path, form: FormDefinition, *, without_repeats: bool = False
) -> list[ImportedAnswers]:
    """Every assessment in the file, read for ``form`` (JSON, CSV, XLSX or ODK Central's
    zip by extension). ``without_repeats`` accepts a plain CSV for a form with repeat
    groups, the repeat answers left out."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return [read_json(_json(path), form)]
    if suffix == ".csv":
        groups = sorted(_repeat_items(form))
        if groups and not without_repeats:
            raise RepeatsNotInFile(
                _(
                    "{name}: this form has repeat groups ({groups}); import the ODK Central "
                    "ZIP export (or JSON) so their answers come too"
                ).format(name=path.name, groups=", ".join(groups))
            )
        return read_table(csv_rows(path), form)
    if suffix == ".zip":
        return _read_odk_zip(path, form)
    if suffix == ".xlsx":
        sheets = xlsx_sheets(path)
        records = read_table(sheets[0][1], form)
        attach_repeats(records, sheets[0][1], sheets[1:], form)
        return records
    raise SubmissionFileError(
        _("{name}: give answers as .json, or an ODK/Kobo export as .csv or .xlsx").format(
            name=path.name
        )
    )


def _zip_reference(path: Path) -> tuple[str | None, str | None]:
    stem = main_table_form(path)
    if stem is None:
        return None, None
    rows = csv_bytes_rows(csv_members(path)[_main_member(path, stem)], stem)
    header = [h.strip().lower() for h in rows[0]] if rows else []
    versions = set()
    if "formversion" in header:
        at = header.index("formversion")
        versions = {r[at].strip() for r in rows[1:] if at < len(r) and r[at].strip()}
    return form_id_from(stem) or None, versions.pop() if len(versions) == 1 else None


def _main_member(path: Path, stem: str) -> str:
    return next(n for n in csv_members(path) if n.rsplit("/", 1)[-1] == f"{stem}.csv")


def _missing_tables(
    path: Path, stem: str, tables: list[tuple[str, list[list[str]]]], form: FormDefinition
) -> None:
    """Every repeat group of the form has its table (ODK Central writes one per group)."""
    present = {name.rsplit("/", 1)[-1].lower() for name, _rows in tables}
    missing = [
        f"{stem}-{group}.csv"
        for group in _repeat_items(form)
        if f"{stem}-{group}.csv".lower() not in present
    ]
    if missing:
        raise SubmissionFileError(
            _(
                "{name}: the form has repeat groups whose tables are not in the zip ({tables}); "
                "give the whole export as ODK Central downloaded it, or the answers as JSON"
            ).format(name=path.name, tables=", ".join(missing))
        )


def _read_odk_zip(path: Path, form: FormDefinition) -> list[ImportedAnswers]:
    """ODK Central's CSV export zip: the main table is the one CSV without ``PARENT_KEY``
    (the one named after the form when there are several)."""
    tables = [(name, csv_bytes_rows(data, name)) for name, data in csv_members(path).items()]

    def is_main(table: tuple[str, list[list[str]]]) -> bool:
        header = table[1][0] if table[1] else []
        return "parent_key" not in {h.strip().lower() for h in header}

    mains = [t for t in tables if is_main(t)]
    if len(mains) > 1:
        mains = [t for t in mains if t[0].rsplit("/", 1)[-1][:-4] == form.form_id] or mains
    if len(mains) != 1:
        raise SubmissionFileError(
            _(
                "{name}: an ODK Central export holds one main table (a .csv without "
                "PARENT_KEY); this zip holds {count}"
            ).format(name=path.name, count=len(mains))
        )
    main = mains[0]
    _missing_tables(path, main[0].rsplit("/", 1)[-1][: -len(".csv")], tables, form)
    records = read_table(main[1], form)
    attach_odk_repeats(records, main, [t for t in tables if t is not main], form)
    return records


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(read_bytes(path).decode("utf-8-sig"), parse_float=Decimal)
    except (ValueError, RecursionError) as exc:  # bad UTF-8 or JSON, too deep, huge integers
        raise SubmissionFileError(
            _("{name} is not valid JSON ({error})").format(name=path.name, error=exc)
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise SubmissionFileError(
            _('{name}: expected an object with "form_id", "version" and "answers"').format(
                name=path.name
            )
        )
    return data


def _answer(form: FormDefinition, item: FormItem, raw: object) -> Answer | None:
    note = ""
    if isinstance(raw, dict):
        unknown = set(raw) - {"value", "note"}
        if unknown:
            raise BadValue(
                _("{item}: unknown keys {keys}; an answer has value and note").format(
                    item=item.name, keys=", ".join(sorted(unknown))
                )
            )
        note = raw.get("note") or ""
        if not isinstance(note, str):
            raise BadValue(_("{item}: the note must be text").format(item=item.name))
        raw = raw.get("value")
    value = parse_value(form, item, raw)
    if value is None and not note:
        return None
    return Answer(value=value, note=note)


def _items(form: FormDefinition) -> dict[str, FormItem]:
    return {item.name: item for _domain, item in form.items()}


def _repeat_items(form: FormDefinition) -> dict[str, set[str]]:
    return {
        g.name: {i.name for i in g.flat_items()}
        for d in form.domains
        for g in d.groups()
        if g.repeat
    }


def read_json(data: dict[str, Any], form: FormDefinition) -> ImportedAnswers:
    """One assessment from parsed JSON (numbers as ``Decimal``)."""
    got = ImportedAnswers(form_id=form.form_id, form_version=form.version)
    if data.get("form_id") not in (None, form.form_id):
        got.problems.append(
            _("the file is for form {given}, not {form}").format(
                given=data.get("form_id"), form=form.form_id
            )
        )
    version = data.get("version")
    if version is not None and str(version) != form.version:
        got.problems.append(
            _("the file is for version {given} of the form, not {version}").format(
                given=version, version=form.version
            )
        )
    items = _items(form)
    repeats = _repeat_items(form)
    in_repeat = set().union(*repeats.values()) if repeats else set()
    for name, raw in data["answers"].items():
        item = items.get(name)
        if item is None or name in in_repeat:
            why = _("is not an item of the form") if item is None else _('belongs in "repeats"')
            got.problems.append(_("answers.{name}: {why}").format(name=name, why=why))
            continue
        if item.computed:
            _calculated(got, item, raw, None)
            continue
        try:
            if (answer := _answer(form, item, raw)) is not None:
                got.answers[name] = answer
        except BadValue as exc:
            got.problems.append(f"answers.{name}: {exc}")
    raw_repeats = data.get("repeats") or {}
    if not isinstance(raw_repeats, dict):
        got.problems.append(_('"repeats" must map group names to lists of entries'))
        raw_repeats = {}
    for group, entries in raw_repeats.items():
        if group not in repeats or not isinstance(entries, list):
            got.problems.append(
                _("repeats.{group}: not a repeat group of the form").format(group=group)
            )
            continue
        got.repeats[group] = []
        for index, entry in enumerate(entries, start=1):
            out: dict[str, Answer] = {}
            if not isinstance(entry, dict):
                got.problems.append(
                    _("repeats.{group}[{index}]: an entry maps item names to answers").format(
                        group=group, index=index
                    )
                )
                continue
            for name, raw in entry.items():
                where = f"repeats.{group}[{index}].{name}"
                if name not in repeats[group]:
                    got.problems.append(_("{where}: not an item of this group").format(where=where))
                    continue
                if items[name].computed:
                    _calculated(got, items[name], raw, (group, len(got.repeats[group])), out)
                    continue
                try:
                    if (answer := _answer(form, items[name], raw)) is not None:
                        out[name] = answer
                except BadValue as exc:
                    got.problems.append(f"{where}: {exc}")
            got.repeats[group].append(out)
    got.assessed_on = _date_or_problem(data.get("assessed_on"), "assessed_on", got.problems)
    names = data.get("participant_names") or []
    if isinstance(names, list) and all(isinstance(n, str) for n in names):
        got.participant_names = [n.strip() for n in names if n.strip()]
    else:
        got.problems.append(_('"participant_names" must be a list of names'))
    return got


def _calculated(
    got: ImportedAnswers,
    item: FormItem,
    raw: object,
    repeat: tuple[str, int] | None,
    entry: dict[str, Answer] | None = None,
) -> None:
    """A computed item's value from JSON: kept to compare (a once() value: taken)."""
    if isinstance(raw, dict):
        raw = raw.get("value")
    if raw is None or isinstance(raw, (list, dict)):
        return
    text = str(raw).strip()
    if uses_once(item):
        if text:
            (got.answers if entry is None else entry)[item.name] = Answer(
                value=TextAnswer(value=text)
            )
        return
    got.calculated.append(CalculatedValue(item.name, text, repeat))


def _date_or_problem(raw: object, where: str, problems: list[str]) -> date | None:
    if raw in (None, ""):
        return None
    try:
        return date.fromisoformat(str(raw).strip()[:10])
    except ValueError:
        problems.append(
            _("{where}: {value!r} is not a date (YYYY-MM-DD)").format(where=where, value=raw)
        )
        return None


def read_table(rows: list[list[str]], form: FormDefinition) -> list[ImportedAnswers]:
    """Submissions from a table whose first row is the header (blank rows skipped; row
    numbers stay those of the spreadsheet)."""
    if not rows or not any(c.strip() for c in rows[0]):
        raise SubmissionFileError(_("the file has no header row in its first line"))
    header = [h.strip() for h in rows[0]]
    data = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]
    if not data:
        raise SubmissionFileError(_("the file has a header but no submission rows"))
    items = _items(form)
    groups = {name: group for group, names in _repeat_items(form).items() for name in names}
    columns = [resolve(h, form, items) for h in header]

    def refuse(item: str) -> str | None:
        if item not in groups:
            return None
        return _(
            "{item} is in the repeat group {group}: Kobo's XLSX export gives it its own "
            "sheet; otherwise give repeat answers as JSON"
        ).format(item=item, group=groups[item])

    records = []
    for number, row in data:
        cells = dict(enumerate(row))

        def where(column: str, row_number: int = number) -> str:
            return _("row {row}, column {column!r}").format(row=row_number, column=column)

        reading = read_cells(form, items, header, columns, cells, where, refuse)
        got = ImportedAnswers(
            form_id=form.form_id,
            form_version=form.version,
            answers=reading.answers,
            problems=reading.problems,
            row=number,
            calculated=[CalculatedValue(i, t) for i, t in reading.calculated.items()],
        )
        got.assessed_on = _row_date(header, cells, got.problems, number)
        records.append(got)
    return records


def _row_date(
    header: list[str], cells: dict[int, str], problems: list[str], number: int
) -> date | None:
    lowered = [h.lower().rsplit("/", 1)[-1] for h in header]
    for name in DATE_COLUMNS:
        if name in lowered:
            raw = cells.get(lowered.index(name), "").strip()
            if raw:
                where = _("row {row}, column {column!r}").format(
                    row=number, column=header[lowered.index(name)]
                )
                return _date_or_problem(raw, where, problems)
    return None


__all__ = [
    "MAX_BYTES",
    "CalculatedValue",
    "ImportedAnswers",
    "RepeatsNotInFile",
    "SubmissionFileError",
    "form_reference",
    "read_json",
    "read_submissions",
    "read_table",
]
