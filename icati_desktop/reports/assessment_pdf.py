"""Typeset the country assessment report as an A4 PDF with QtGui.

The text is a QTextDocument built from :mod:`icati_desktop.reports.assessment_html`,
with the radar chart, printed by :mod:`icati_desktop.reports.pdf_pages` (Arabic right to
left, bundled fonts, a footer on each page, written atomically).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QImage

from icati_desktop.domain.assessments import Assessment
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.domain.scoring import AssessmentResult
from icati_desktop.i18n import translator
from icati_desktop.reports.assessment_html import (
    CHART_URI,
    ReportInput,
    report_date,
    report_html,
)
from icati_desktop.reports.assessment_text import localized
from icati_desktop.reports.charts import radar_chart
from icati_desktop.reports.pdf_pages import (
    PdfDocument,
    ReportError,
    check_target,
    ensure_gui_application,
    write_pdf,
)

log = logging.getLogger(__name__)

CHART_SHARE = 0.62
"""The radar chart's width as a share of the text width."""


def render_report(out: Path, report: ReportInput) -> int:
    """Write ``report`` to ``out`` as a PDF (atomically); the number of pages."""
    translator(report.language)  # an unsupported language fails here, before any file is made
    ensure_gui_application()
    out = check_target(out)
    chart = QImage.fromData(radar_chart(report.result.domains, title="", language=report.language))
    if chart.isNull():
        raise ReportError("the radar chart could not be drawn")
    title = f"{localized(report.form.title, report.form, report.language)} — {report.country_name}"
    pages = write_pdf(
        out,
        PdfDocument(
            html=lambda width: report_html(report, chart_width=round(width * CHART_SHARE)),
            title=title,
            footer=f"{report.country_name} · "
            f"{report_date(report.assessment.assessed_on, report.language)}",
            language=report.language,
            images={CHART_URI: chart},
        ),
    )
    log.info("wrote the assessment report %s (%d pages)", out, pages)
    return pages


def render_assessment_pdf(
    out: Path,
    *,
    assessment: Assessment,
    form: FormDefinition,
    result: AssessmentResult,
    participants: Sequence[str],
    country_name: str,
    language: str,
) -> int:
    """The country assessment report as an A4 PDF at ``out``; returns its page count.

    ``participants``: names as they should be printed. ``language``: en, fr or ar; form
    texts missing in that language fall back to the form's default language.
    """
    report = ReportInput(
        assessment=assessment,
        form=form,
        result=result,
        participants=tuple(participants),
        country_name=country_name,
        language=language,
    )
    return render_report(out, report)


__all__ = ["ReportError", "ensure_gui_application", "render_assessment_pdf", "render_report"]
