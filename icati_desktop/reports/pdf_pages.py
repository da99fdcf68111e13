"""Typeset Qt rich-text HTML as an A4 PDF with QtGui: the engine of every printed report.

Qt shapes Arabic and lays it out right to left (HarfBuzz, the Unicode bidi algorithm),
which PDF libraries without a shaping engine get wrong; QtGui does it without widgets, so
the CLI and headless machines can print reports too. The text is a QTextDocument in the
bundled Noto fonts, painted page by page onto a QPdfWriter with a footer (a caption at
the start, "Page n of N" at the end) on each page.

Qt needs a QGuiApplication for fonts and painting. :func:`ensure_gui_application` uses
the running one (the desktop app's QApplication is one) or creates one; when it creates
one on a machine without a display (no ``DISPLAY``/``WAYLAND_DISPLAY`` on Linux) and
``QT_QPA_PLATFORM`` is not set, it selects Qt's ``offscreen`` platform, which needs no
display server. A process that already made a plain QCoreApplication cannot have a
QGuiApplication, and gets a clear error.

The file is written to a temporary name next to the target and renamed over it at the
end, so a failure leaves the previous file (or none), never half a PDF.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTextOption,
)

from icati_desktop.atomic_file import atomic_path
from icati_desktop.i18n import is_rtl, translator
from icati_desktop.reports.qt_fonts import bundled_font

RESOLUTION_DPI = 300
MARGINS_MM = QMarginsF(18, 16, 18, 14)
FOOTER_MM = 10.0
BODY_POINT_SIZE = 10.0

_app: list[QGuiApplication] = []
"""Keeps an application this module created alive for the rest of the process."""


class ReportError(RuntimeError):
    """The report cannot be typeset in this process; the message says why."""


@dataclass(frozen=True)
class PdfDocument:
    """What to print: ``html(text_width)`` builds the body for a text width in CSS pixels
    (so pictures can be sized to it); ``images`` are registered under their URIs."""

    html: Callable[[float], str]
    title: str
    footer: str
    """The caption at the start of every page's footer (country, date)."""
    language: str
    images: Mapping[str, QImage] = field(default_factory=dict)


def _has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True  # Windows and macOS always have a window system
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def ensure_gui_application() -> QGuiApplication:
    """The running QGuiApplication, or a new one (``offscreen`` when there is no display)."""
    existing = QCoreApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if existing is not None:
        raise ReportError(
            "this process runs a non-GUI Qt application, and PDF reports need a "
            "QGuiApplication: create the report from the desktop app or the icati command"
        )
    if not os.environ.get("QT_QPA_PLATFORM") and not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QGuiApplication(["icati-report"])
    _app.append(app)
    return app


def _mm_to_px(mm: float) -> float:
    return mm / 25.4 * RESOLUTION_DPI


def _writer(path: Path, title: str) -> QPdfWriter:
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION_DPI)
    writer.setTitle(title)
    writer.setCreator("ICATI Desktop")
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )
    if not writer.setPageLayout(layout):
        raise ReportError("Qt refused the A4 page layout")
    return writer


def _document(pdf: PdfDocument, writer: QPdfWriter, body: QSizeF) -> QTextDocument:
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setDefaultFont(bundled_font(BODY_POINT_SIZE))
    document.setDocumentMargin(0)
    option = QTextOption()
    rtl = is_rtl(pdf.language)
    option.setTextDirection(
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    )
    option.setAlignment(Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    for uri, image in pdf.images.items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(uri), image)
    # Qt reads HTML lengths as pixels at 96 dpi and scales them to the device.
    document.setHtml(pdf.html(body.width() * 96 / RESOLUTION_DPI))
    document.setPageSize(body)
    return document


def _footer(painter: QPainter, pdf: PdfDocument, rect: QRectF, page: int, pages: int) -> None:
    _ = translator(pdf.language).gettext
    rtl = is_rtl(pdf.language)
    painter.setFont(bundled_font(8))
    painter.setPen(Qt.GlobalColor.darkGray)
    painter.drawLine(rect.topLeft(), rect.topRight())
    number = _("Page {page} of {pages}").format(page=page, pages=pages)
    # Left/right are mirrored by Qt for right-to-left text: the caption sits at the start.
    centre = Qt.AlignmentFlag.AlignVCenter
    direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    for text, side in (
        (pdf.footer, Qt.AlignmentFlag.AlignLeft),
        (number, Qt.AlignmentFlag.AlignRight),
    ):
        option = QTextOption(side | centre)
        option.setTextDirection(direction)
        painter.drawText(rect, text, option)


def _paint(document: QTextDocument, writer: QPdfWriter, pdf: PdfDocument, target: Path) -> int:
    width, height = float(writer.width()), float(writer.height())
    body_height = document.pageSize().height()
    footer = QRectF(0, body_height, width, height - body_height)
    pages = document.pageCount()
    painter = QPainter()
    if not painter.begin(writer):
        raise ReportError(f"cannot write {target}: check that the folder is writable")
    try:
        painter.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft
            if is_rtl(pdf.language)
            else Qt.LayoutDirection.LeftToRight
        )
        for index in range(pages):
            if index and not writer.newPage():
                raise ReportError("Qt could not start a new PDF page")
            painter.save()
            painter.translate(0, -index * body_height)
            document.drawContents(painter, QRectF(0, index * body_height, width, body_height))
            painter.restore()
            _footer(painter, pdf, footer, index + 1, pages)
    finally:
        painter.end()
    return pages


def check_target(out: Path) -> Path:
    """``out`` if a PDF can be written there; else a ValueError/FileNotFoundError that says why."""
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise ValueError(f"the report is a PDF: give a file name ending in .pdf, not {out.name!r}")
    if not out.parent.is_dir():
        raise FileNotFoundError(
            f"the folder {out.parent} does not exist; create it or choose another"
        )
    return out


def write_pdf(out: Path, pdf: PdfDocument) -> int:
    """Typeset ``pdf`` at ``out`` (atomically); the number of pages."""
    translator(pdf.language)  # an unsupported language fails here, before any file is made
    ensure_gui_application()
    out = check_target(out)
    with atomic_path(out) as partial:
        writer = _writer(partial, pdf.title)
        body = QSizeF(float(writer.width()), float(writer.height()) - _mm_to_px(FOOTER_MM))
        document = _document(pdf, writer, body)
        pages = _paint(document, writer, pdf, partial)  # QPainter.end() completes the file
        del document, writer  # Qt closes the file
    return pages


__all__ = [
    "PdfDocument",
    "ReportError",
    "check_target",
    "ensure_gui_application",
    "write_pdf",
]
