"""The outcomes report as a workbook: figures, their breakdowns, and the records behind them."""

from __future__ import annotations

import os
from pathlib import Path

from icati_desktop.domain.indicators import Indicator
from icati_desktop.i18n import is_rtl
from icati_desktop.reports.outcome_html import OutcomeReport


def _text_cells(sheet: object) -> None:
    for cells in sheet.iter_rows(min_row=2):  # type: ignore[attr-defined]
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with


def write_outcome_xlsx(out: Path, report: OutcomeReport) -> int:
    """Write the workbook to ``out`` (atomically); the number of sheets."""
    from openpyxl import Workbook

    text = report.text
    _ = text.gettext
    everything: list[Indicator] = [*report.indicators, *report.national]
    workbook = Workbook()
    figures = workbook.active
    assert figures is not None
    figures.title = _("Outcomes")
    figures.append(
        [_("Outcome"), _("Value"), _("Target"), _("Status"), _("From"), _("To"), _("Covers")]
    )
    for indicator in everything:
        figures.append(
            [
                text.title(indicator),
                float(indicator.value) if indicator.value is not None else None,
                float(indicator.target) if indicator.target is not None else None,
                text.status(indicator),
                report.period.start,
                report.period.end,
                report.scope,
            ]
        )
    rows = workbook.create_sheet(_("Breakdown"))
    rows.append([_("Outcome"), _("What"), _("Value"), _("Target"), _("Records")])
    evidence = workbook.create_sheet(_("Records"))
    evidence.append([_("Outcome"), _("What"), _("Record type"), _("Record id")])
    for indicator in everything:
        for row in indicator.rows:
            label = text.row_label(indicator, row)
            rows.append(
                [
                    text.title(indicator),
                    label,
                    float(row.value),
                    float(row.target) if row.target is not None else None,
                    len(row.records),
                ]
            )
        for link in indicator.records:
            evidence.append([text.title(indicator), "", link.record_type, link.record_id])
    for sheet in (figures, rows, evidence):
        _text_cells(sheet)
        sheet.freeze_panes = "A2"
        sheet.sheet_view.rightToLeft = is_rtl(report.language)
        sheet.column_dimensions["A"].width = 60
    partial = out.with_name(f".{out.name}.partial")
    try:
        workbook.save(partial)
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return len(workbook.sheetnames)
