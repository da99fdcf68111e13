"""Typeset the outcomes report as an A4 PDF, with the engine of every printed report
(:mod:`icati_desktop.reports.pdf_pages`: Qt shapes Arabic and lays it out right to left;
the file is written to a temporary name and renamed at the end)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QImage

from icati_desktop.reports.outcome_charts import indicator_chart
from icati_desktop.reports.outcome_html import OutcomeReport, chart_uri, outcome_html
from icati_desktop.reports.pdf_pages import (
    PdfDocument,
    ReportError,
    ensure_gui_application,
    write_pdf,
)

log = logging.getLogger(__name__)
CHART_SHARE = 0.7
"""A chart's width as a share of the text width."""


def _charts(report: OutcomeReport) -> dict[str, QImage]:
    images: dict[str, QImage] = {}
    for indicator in [*report.indicators, *report.national]:
        if len(indicator.rows) > 1:
            image = QImage.fromData(indicator_chart(indicator, report.text))
            if image.isNull():
                raise ReportError(f"the chart of {indicator.key} could not be drawn")
            images[chart_uri(indicator.key)] = image
    return images


def render_outcome_pdf(out: Path, report: OutcomeReport) -> int:
    """Write the report to ``out`` (atomically); the number of pages."""
    ensure_gui_application()
    pdf = PdfDocument(
        html=lambda width: outcome_html(report, chart_width=round(width * CHART_SHARE)),
        title=report.title,
        footer=report.title,
        language=report.language,
        images=_charts(report),
    )
    pages = write_pdf(out, pdf)
    log.info("wrote the outcomes report %s (%d pages)", out, pages)
    return pages
