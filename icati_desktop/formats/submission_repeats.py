"""Repeat groups in a KoboToolbox XLSX export: one more sheet per repeat group.

Kobo writes the submissions on the first sheet and each repeat group on a sheet named
after the group (cut to Excel's 31 characters); a repeat row's ``_parent_index`` is the
``_index`` of its submission on the first sheet. Each repeat row becomes one entry of
:attr:`ImportedAnswers.repeats`, in sheet order. A sheet that is not a repeat group of
the form, a repeat group nested in another one (an assessment keeps one level), and a
row whose parent cannot be found are problems.

ODK Central's CSV export zip has a table per repeat group, ``<FormID>-<repeat>.csv``:
each row's ``PARENT_KEY`` is the ``KEY`` of its submission in the main table
(:func:`attach_odk_repeats`), with the same rules — a table that is not a repeat group
of the form, a nested repeat's table and a row whose ``PARENT_KEY`` matches no
submission are problems named by file and row, and the caller stores nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from icati_desktop.domain.forms import FormDefinition, FormGroup
from icati_desktop.formats.submission_columns import CalculatedValue, read_cells, resolve
from icati_desktop.i18n import _

if TYPE_CHECKING:
    from icati_desktop.formats.submissions import ImportedAnswers


SHEET_NAME_LIMIT = 31


def _groups(form: FormDefinition) -> tuple[dict[str, FormGroup], set[str]]:
    """Repeat groups by sheet name, and the names of repeats nested in another repeat."""
    by_sheet: dict[str, FormGroup] = {}
    nested: set[str] = set()
    for domain in form.domains:
        for group in domain.groups():
            if not group.repeat:
                continue
            by_sheet[group.name[:SHEET_NAME_LIMIT]] = group
            nested |= {g.name for g in group.groups() if g is not group and g.repeat}
    return by_sheet, nested


def _index_column(header: list[str], name: str) -> int | None:
    lowered = [h.strip().lower().rsplit("/", 1)[-1] for h in header]
    return lowered.index(name) if name in lowered else None


def attach_repeats(
    records: list[ImportedAnswers],
    main: list[list[str]],
    sheets: list[tuple[str, list[list[str]]]],
    form: FormDefinition,
) -> None:
    """Add the entries of each repeat sheet to the submissions of ``main`` (in place)."""
    if not records:
        return
    by_sheet, nested = _groups(form)
    first = records[0]
    index_at = _index_column(main[0], "_index") if main else None
    parents: dict[str, ImportedAnswers] = {}
    if index_at is not None:
        for record in records:
            row = main[(record.row or 0) - 1] if record.row else []
            if index_at < len(row) and row[index_at].strip():
                parents[row[index_at].strip()] = record
    for title, rows in sheets:
        rows_with_data = [(n, r) for n, r in enumerate(rows, start=1) if any(c.strip() for c in r)]
        if len(rows_with_data) < 2:
            continue  # an empty sheet, or a header only: nothing to import
        group = by_sheet.get(title.strip())
        if group is None or group.name in nested:
            why = (
                _("a repeat group inside another repeat group is not supported; give it as JSON")
                if group is not None
                else _("not a repeat group of form {form}").format(
                    form=f"{form.form_id}@{form.version}"
                )
            )
            first.problems.append(_("sheet {sheet!r}: {why}").format(sheet=title, why=why))
            continue
        _read_sheet(title, rows_with_data, group, form, parents, first)


def attach_odk_repeats(
    records: list[ImportedAnswers],
    main: tuple[str, list[list[str]]],
    tables: list[tuple[str, list[list[str]]]],
    form: FormDefinition,
) -> None:
    """Add the entries of each ODK Central repeat table to the submissions of ``main``
    (in place); tables and main are (file name, rows)."""
    if not records:
        return
    _by_sheet, nested = _groups(form)
    by_name = {g.name: g for d in form.domains for g in d.groups() if g.repeat}
    main_name, main_rows = main
    stem = main_name.rsplit("/", 1)[-1].removesuffix(".csv").removesuffix(".CSV")
    key_at = _index_column(main_rows[0], "key") if main_rows else None
    parents: dict[str, ImportedAnswers] = {}
    for record in records:
        row = main_rows[(record.row or 0) - 1] if record.row and key_at is not None else []
        if key_at is not None and key_at < len(row) and row[key_at].strip():
            parents[row[key_at].strip()] = record
    first = records[0]
    for file_name, rows in tables:
        rows_with_data = [(n, r) for n, r in enumerate(rows, start=1) if any(c.strip() for c in r)]
        if len(rows_with_data) < 2:
            continue  # a repeat nobody answered: ODK Central still writes its header
        table = file_name.rsplit("/", 1)[-1][: -len(".csv")]
        group = by_name.get(table.removeprefix(stem + "-"))
        if group is None or group.name in nested:
            why = (
                _("a repeat group inside another repeat group is not supported; give it as JSON")
                if group is not None
                else _("not a repeat group of form {form}").format(
                    form=f"{form.form_id}@{form.version}"
                )
            )
            first.problems.append(f"{file_name}: {why}")
            continue
        _read_sheet(file_name, rows_with_data, group, form, parents, first, odk=True)


def _read_sheet(
    title: str,
    rows: list[tuple[int, list[str]]],
    group: FormGroup,
    form: FormDefinition,
    parents: dict[str, ImportedAnswers],
    first: ImportedAnswers,
    *,
    odk: bool = False,
) -> None:
    header = [h.strip() for h in rows[0][1]]
    items = {item.name: item for item in group.flat_items()}
    columns = [resolve(h, form, items) for h in header]
    parent_at = _index_column(header, "parent_key" if odk else "_parent_index")
    for number, row in rows[1:]:
        cells = dict(enumerate(row))
        parent_key = cells.get(parent_at, "").strip() if parent_at is not None else ""
        parent = parents.get(parent_key)
        if parent is None:
            first.problems.append(
                _(
                    "{file}, row {row}: no submission with KEY {key!r} in the main table "
                    "for this entry"
                ).format(file=title, row=number, key=parent_key)
                if odk
                else _(
                    "sheet {sheet!r}, row {row}: no submission with _index {key!r} on the "
                    "first sheet for this entry"
                ).format(sheet=title, row=number, key=parent_key)
            )
            continue

        def where(column: str, row_number: int = number) -> str:
            if odk:
                return _("{file}, row {row}, column {column!r}").format(
                    file=title, row=row_number, column=column
                )
            return _("sheet {sheet!r}, row {row}, column {column!r}").format(
                sheet=title, row=row_number, column=column
            )

        reading = read_cells(form, items, header, columns, cells, where)
        parent.problems += reading.problems
        entries = parent.repeats.setdefault(group.name, [])
        entries.append(reading.answers)
        parent.calculated += [
            CalculatedValue(item, text, (group.name, len(entries) - 1))
            for item, text in reading.calculated.items()
        ]
