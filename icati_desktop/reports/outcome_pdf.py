"""Typeset the outcomes report as an A4 PDF with QtGui, like the assessment report.

Same engine and rules as :mod:`icati_desktop.reports.assessment_pdf`: Qt shapes Arabic and
lays it out right to left; the file is written to a temporary name and renamed at the end.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import QImage, QPainter, QPdfWriter, QTextDocument, QTextOption

from icati_desktop.i18n import is_rtl
from icati_desktop.reports.assessment_pdf import (
    BODY_POINT_SIZE,
    FOOTER_MM,
    RESOLUTION_DPI,
    ReportError,
    _mm_to_px,
    _writer,
    ensure_gui_application,
)
from icati_desktop.reports.outcome_charts import indicator_chart
from icati_desktop.reports.outcome_html import OutcomeReport, chart_uri, outcome_html
from icati_desktop.reports.qt_fonts import bundled_font

log = logging.getLogger(__name__)
CHART_SHARE = 0.7


def _document(report: OutcomeReport, writer: QPdfWriter, body: QSizeF) -> QTextDocument:
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setDefaultFont(bundled_font(BODY_POINT_SIZE))
    document.setDocumentMargin(0)
    rtl = is_rtl(report.language)
    option = QTextOption()
    option.setTextDirection(
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    )
    option.setAlignment(Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    for indicator in [*report.indicators, *report.national]:
        if len(indicator.rows) > 1:
            image = QImage.fromData(indicator_chart(indicator, report.text))
            if image.isNull():
                raise ReportError(f"the chart of {indicator.key} could not be drawn")
            document.addResource(
                QTextDocument.ResourceType.ImageResource, QUrl(chart_uri(indicator.key)), image
            )
    css_width = body.width() * 96 / RESOLUTION_DPI
    document.setHtml(outcome_html(report, chart_width=round(css_width * CHART_SHARE)))
    document.setPageSize(body)
    return document


def _paint(document: QTextDocument, writer: QPdfWriter, report: OutcomeReport, target: Path) -> int:
    _ = report.text.gettext
    width, height = float(writer.width()), float(writer.height())
    body_height = document.pageSize().height()
    footer = QRectF(0, body_height, width, height - body_height)
    pages = document.pageCount()
    rtl = is_rtl(report.language)
    direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    painter = QPainter()
    if not painter.begin(writer):
        raise ReportError(f"cannot write {target}: check that the folder is writable")
    try:
        painter.setLayoutDirection(direction)
        for index in range(pages):
            if index and not writer.newPage():
                raise ReportError("Qt could not start a new PDF page")
            painter.save()
            painter.translate(0, -index * body_height)
            document.drawContents(painter, QRectF(0, index * body_height, width, body_height))
            painter.restore()
            painter.setFont(bundled_font(8))
            painter.setPen(Qt.GlobalColor.darkGray)
            painter.drawLine(footer.topLeft(), footer.topRight())
            where = f"{_('ICATI outcomes')} · {report.scope}"
            number = _("Page {page} of {pages}").format(page=index + 1, pages=pages)
            for text, side in (
                (where, Qt.AlignmentFlag.AlignLeft),
                (number, Qt.AlignmentFlag.AlignRight),
            ):
                option = QTextOption(side | Qt.AlignmentFlag.AlignVCenter)
                option.setTextDirection(direction)
                painter.drawText(footer, text, option)
    finally:
        painter.end()
    return pages


def render_outcome_pdf(out: Path, report: OutcomeReport) -> int:
    """Write the report to ``out`` (atomically); the number of pages."""
    ensure_gui_application()
    partial = out.with_name(f".{out.name}.partial")
    try:
        writer = _writer(partial, report.text.gettext("ICATI outcomes"))
        body = QSizeF(float(writer.width()), float(writer.height()) - _mm_to_px(FOOTER_MM))
        document = _document(report, writer, body)
        pages = _paint(document, writer, report, partial)
        del document, writer
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        partial.replace(out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    log.info("wrote the outcomes report %s (%d pages)", out, pages)
    return pages
