"""Print the mission brief or report of a country as an A4 PDF (:mod:`pdf_pages`)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QImage

from icati_desktop.i18n import translator
from icati_desktop.reports import country_text as words
from icati_desktop.reports.assessment_html import CHART_URI
from icati_desktop.reports.charts import radar_chart
from icati_desktop.reports.country_html import mission_html
from icati_desktop.reports.country_report import MissionInput, MissionKind
from icati_desktop.reports.pdf_pages import (
    PdfDocument,
    ReportError,
    check_target,
    ensure_gui_application,
    write_pdf,
)

log = logging.getLogger(__name__)
CHART_SHARE = 0.42


def render_mission(out: Path, mission: MissionInput) -> int:
    """Write the brief or report to ``out`` (atomically); the number of pages."""
    tr = translator(mission.language)
    ensure_gui_application()
    out = check_target(out)
    images: dict[str, QImage] = {}
    latest = mission.overview.latest
    if mission.kind is MissionKind.BRIEF and latest is not None:
        chart = QImage.fromData(
            radar_chart(latest.result.domains, title="", language=mission.language)
        )
        if chart.isNull():
            raise ReportError("the radar chart could not be drawn")
        images[CHART_URI] = chart
    country = words.country_title(mission.overview.profile, mission.language)
    kind = (
        tr.gettext("Mission brief")
        if mission.kind is MissionKind.BRIEF
        else tr.gettext("Mission report")
    )
    day = words.day_text(mission.overview.today, mission.language, "long")
    pages = write_pdf(
        out,
        PdfDocument(
            html=lambda width: mission_html(mission, chart_width=round(width * CHART_SHARE)),
            title=f"{kind} — {country}",
            footer=f"{kind} · {country} · {day}",
            language=mission.language,
            images=images,
        ),
    )
    log.info("wrote the %s of %s to %s (%d pages)", mission.kind.value, country, out, pages)
    return pages


__all__ = ["render_mission"]
