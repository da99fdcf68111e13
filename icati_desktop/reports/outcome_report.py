"""The outcomes report of a store: read the figures, then write a PDF or an XLSX.

Shared by ``icati report outcomes`` and the dashboard's export buttons, so both write the
same file. The store is read in one read transaction; typesetting happens after it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from icati_desktop.domain.indicators import Period, compute_indicators
from icati_desktop.domain.indicators.national import national_outcomes
from icati_desktop.i18n import translator
from icati_desktop.reports.outcome_html import OutcomeReport
from icati_desktop.reports.outcome_text import OutcomeText
from icati_desktop.store.national_outcomes import read_national_facts
from icati_desktop.store.outcome_facts import Scope, curriculum_names, read_outcome_facts
from icati_desktop.store.store import Store

REPORT_SUFFIXES = (".pdf", ".xlsx")


def scope_text(scope: Scope, text: OutcomeText) -> str:
    if scope.country is not None:
        return text.country(scope.country)
    if scope.region is not None:
        from icati_desktop.store.labels import REGION_LABELS

        return text.gettext(REGION_LABELS[scope.region])
    return text.gettext("All countries")


def read_outcome_report(
    store: Store, period: Period, scope: Scope, language: str, *, baseline: date | None = None
) -> OutcomeReport:
    translator(language)  # an unsupported language fails before anything is read
    with store.read() as session:
        facts = read_outcome_facts(session, period, scope)
        names = curriculum_names(session)
        national = read_national_facts(session, scope.country, period) if scope.country else None
    text = OutcomeText(language, names)
    one_country = scope.country is not None
    return OutcomeReport(
        period=period,
        scope=scope_text(scope, text),
        indicators=compute_indicators(facts, period, baseline, one_country=one_country),
        text=text,
        national=national_outcomes(national, period) if national else (),
        one_country=one_country,
    )


def write_outcome_report(
    store: Store, period: Period, scope: Scope, out: Path, *, language: str
) -> int:
    """Write ``out`` (.pdf: pages, .xlsx: sheets); returns that count."""
    suffix = out.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise ValueError(f"the outcomes report is a .pdf or an .xlsx file, not {out.name!r}")
    report = read_outcome_report(store, period, scope, language)
    if suffix == ".pdf":
        from icati_desktop.reports.outcome_pdf import render_outcome_pdf

        return render_outcome_pdf(out, report)
    from icati_desktop.reports.outcome_xlsx import write_outcome_xlsx

    return write_outcome_xlsx(out, report)
