"""An assessment's answers to CSV or XLSX, with columns that do not change between form
versions.

Layout: one row per item ("long" format), never one column per item. Item-id columns
would change whenever a form version adds, drops or renames an item, so two rounds on
different versions could not be stacked; with one row per item the columns are always
:data:`COLUMNS`, and rows of several assessments (or versions) can be concatenated and
matched by ``item_id`` (through the form's crosswalk where an item was renamed). Each
row repeats the assessment it belongs to (record id, country, date, form id and
version), so a row read alone is still meaningful; the XLSX file also has an "About"
sheet with those details as a header block.

Every item of the form version is listed in form order, answered or not (an empty
``value`` is "not answered"; ``dont_know`` is ``1`` for "don't know"); an item of a
repeat group has one row per entry, numbered in ``entry``. Values are written as the
import reads them back (:mod:`icati_desktop.formats.submissions`): a score ``0``–``4``,
a choice name, choice names separated by spaces, a number's exact text, a date as
YYYY-MM-DD, a time as HH:MM:SS, a date and time in ISO form (UTC), a place as ODK
writes it (``latitude longitude altitude accuracy``), a confirmation as ``OK``. A value
the form computes (a ``calculation``) is written as the form computes it from the
answers. Text that a spreadsheet would run as a formula is prefixed with ``'``.
CSV is UTF-8 with a byte-order mark, so spreadsheet programs show non-Latin text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from icati_desktop.domain.assessments import (
    AcknowledgedAnswer,
    Answer,
    Assessment,
    ChoicesAnswer,
    DateTimeAnswer,
    DontKnowAnswer,
    GeopointAnswer,
    NumberAnswer,
    ScoreAnswer,
    TextAnswer,
)
from icati_desktop.domain.expressions import to_string
from icati_desktop.domain.form_state import ACKNOWLEDGED, FormState, evaluate_form
from icati_desktop.domain.forms import FormDefinition, FormDomain, FormItem
from icati_desktop.i18n import _
from icati_desktop.reports.table_files import (
    Sheet,
    cells,
    checked_suffix,
    guard,
    write_csv,
    write_workbook,
)

COLUMNS = (
    "assessment_id",
    "country",
    "assessed_on",
    "form_id",
    "form_version",
    "item_id",
    "item_label",
    "domain",
    "type",
    "entry",
    "value",
    "dont_know",
    "note",
    "evidence",
)
Row = dict[str, str | int | Decimal]
_UNANSWERED = Answer()
"""An entry's item with no answer (only read; one for all, not built per row)."""


def _label(text: dict[str, str], language: str, default: str) -> str:
    return text.get(language) or text.get(default) or next(iter(text.values()), "")


def _value(answer: Answer) -> str | int | Decimal:
    value = answer.value
    if value is None or isinstance(value, DontKnowAnswer):
        return ""
    if isinstance(value, ScoreAnswer):
        return value.value
    if isinstance(value, NumberAnswer):
        return value.value
    if isinstance(value, ChoicesAnswer):
        return " ".join(value.value)
    if isinstance(value, TextAnswer):
        return guard(value.value)
    if isinstance(value, GeopointAnswer):
        return value.text()
    if isinstance(value, AcknowledgedAnswer):
        return ACKNOWLEDGED
    if isinstance(value, DateTimeAnswer):
        return value.value.isoformat()
    return str(value.value)


def _computed(state: FormState, item: FormItem, group: str | None, entry: str) -> str:
    """A computed value as the form computes it now ('' for an entry beyond a count)."""
    repeat = None
    if group is not None:
        repeat = (group, int(entry) - 1)
        if repeat[1] >= len(state.entries.get(group, [])):
            return ""
    return guard(to_string(state.value(item.name, repeat)))


def _evidence(answer: Answer) -> str:
    parts = [f"resource:{r}" for r in answer.evidence.resource_ids]
    parts += [f"file:{sha}" for sha in answer.evidence.attachments]
    return " ".join(parts)


def _repeat_of(domain: FormDomain) -> dict[str, str]:
    return {
        item.name: group.name
        for group in domain.groups()
        if group.repeat
        for item in group.flat_items()
    }


def _item_answers(
    assessment: Assessment, item: FormItem, group: str | None
) -> Iterator[tuple[str, Answer]]:
    if group is None:
        yield "", assessment.answer(item.name)
        return
    for number, entry in enumerate(assessment.repeat_answers(group), start=1):
        answer = entry.get(item.name)
        yield str(number), _UNANSWERED if answer is None else answer


def answer_rows(
    record_id: str, assessment: Assessment, form: FormDefinition, language: str
) -> list[Row]:
    """The rows of :data:`COLUMNS`, in form order."""
    return list(iter_answer_rows(record_id, assessment, form, language))


def iter_answer_rows(
    record_id: str, assessment: Assessment, form: FormDefinition, language: str
) -> Iterator[Row]:
    """:func:`answer_rows` one at a time (the exports stream them)."""
    if (assessment.form_id, assessment.form_version) != (form.form_id, form.version):
        raise ValueError(
            _("the assessment uses form {used}, not {given}").format(
                used=f"{assessment.form_id}@{assessment.form_version}",
                given=f"{form.form_id}@{form.version}",
            )
        )
    state = evaluate_form(form, assessment, today=assessment.assessed_on, language=language)
    for domain in form.domains:
        in_repeat = _repeat_of(domain)
        for item in domain.items():
            group = in_repeat.get(item.name)
            label = guard(_label(item.label, language, form.default_language))
            for entry, answer in _item_answers(assessment, item, group):
                value = _computed(state, item, group, entry) if item.computed else _value(answer)
                yield (
                    {
                        "assessment_id": record_id,
                        "country": assessment.country,
                        "assessed_on": assessment.assessed_on.isoformat(),
                        "form_id": form.form_id,
                        "form_version": form.version,
                        "item_id": item.name,
                        "item_label": label,
                        "domain": domain.code,
                        "type": item.type.value,
                        "entry": entry,
                        "value": value,
                        "dont_know": 1 if answer.is_dont_know else 0,
                        "note": guard(answer.note),
                        "evidence": _evidence(answer),
                    }
                )


def _with_first(first: Row | None, rest: Iterator[Row]) -> Iterator[Row]:
    if first is not None:
        yield first
    yield from rest


def _xlsx(rows: Iterable[Row], about: list[tuple[str, str]], path: Path) -> None:
    """The workbook: the answers, then an "About" sheet of ``about`` (no header)."""
    table = (cells(row, COLUMNS) for row in rows)
    write_workbook(path, [Sheet("Answers", COLUMNS, table), Sheet("About", (), about)])


def export_answers(
    record_id: str,
    assessment: Assessment,
    form: FormDefinition,
    path: Path,
    *,
    language: str = "en",
) -> Path:
    """Write the answers to ``path`` (.csv or .xlsx by suffix), atomically."""
    message = _("export answers to a .csv or .xlsx file, not {suffix}")
    suffix = checked_suffix(path, (".csv", ".xlsx"), message)
    rows = iter_answer_rows(record_id, assessment, form, language)
    next_row = next(rows, None)  # the form check runs now, before any file is made
    if suffix == ".csv":
        write_csv(path, COLUMNS, (cells(row, COLUMNS) for row in _with_first(next_row, rows)))
    else:
        about = [
            ("assessment_id", record_id),
            ("country", assessment.country),
            ("assessed_on", assessment.assessed_on.isoformat()),
            ("form_id", form.form_id),
            ("form_version", form.version),
            ("status", assessment.status.value),
        ]
        _xlsx(_with_first(next_row, rows), about, path)
    return path
