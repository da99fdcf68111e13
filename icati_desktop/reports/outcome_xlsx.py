"""The outcomes report as a workbook: figures, their breakdowns, and the records behind them."""

from __future__ import annotations

from pathlib import Path

from icati_desktop.domain.indicators import Indicator
from icati_desktop.i18n import is_rtl
from icati_desktop.reports.outcome_html import OutcomeReport
from icati_desktop.reports.table_files import Cell, Sheet, write_workbook

TITLE_WIDTH = 60
"""Column A holds the outcome's title: wide enough to read it."""


def write_outcome_xlsx(out: Path, report: OutcomeReport) -> int:
    """Write the workbook to ``out`` (atomically); the number of sheets."""
    text = report.text
    _ = text.gettext
    everything: list[Indicator] = [*report.indicators, *report.national]
    figures: list[list[Cell]] = [
        [
            text.title(indicator),
            float(indicator.value) if indicator.value is not None else None,
            float(indicator.target) if indicator.target is not None else text.target(indicator),
            text.status(indicator),
            report.period.start,
            report.period.end,
            report.scope,
        ]
        for indicator in everything
    ]
    breakdown: list[list[Cell]] = []
    evidence: list[list[Cell]] = []
    for indicator in everything:
        for row in indicator.rows:
            breakdown.append(
                [
                    text.title(indicator),
                    text.row_label(indicator, row),
                    float(row.value),
                    float(row.target) if row.target is not None else None,
                    len(row.records),
                ]
            )
        for link in indicator.records:
            evidence.append([text.title(indicator), "", link.record_type, link.record_id])
    width = {"A": float(TITLE_WIDTH)}
    sheets = [
        Sheet(
            _("Outcomes"),
            [_("Outcome"), _("Value"), _("Target"), _("Status"), _("From"), _("To"), _("Covers")],
            figures,
            width,
        ),
        Sheet(
            _("Breakdown"),
            [_("Outcome"), _("What"), _("Value"), _("Target"), _("Records")],
            breakdown,
            width,
        ),
        Sheet(
            _("Records"),
            [_("Outcome"), _("What"), _("Record type"), _("Record id")],
            evidence,
            width,
        ),
    ]
    write_workbook(out, sheets, right_to_left=is_rtl(report.language), title=report.title)
    return len(sheets)
