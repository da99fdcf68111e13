"""The country assessment report as Qt rich-text HTML, in one language.

Pure text building (no Qt), so what the report says can be read and tested apart from
how it is typeset (:mod:`icati_desktop.reports.assessment_pdf`). Everything that came
from people (country, participants, advice, reasons) is escaped. Every block carries
``dir`` so Qt lays Arabic out right to left even when a paragraph starts with Latin text
("D1", a person's name); Qt's HTML subset is used (tables, lists, ``page-break-before``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from icati_desktop.domain.assessments import Assessment, AssessmentStatus
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.domain.scoring import AssessmentResult, DomainScore
from icati_desktop.i18n import is_rtl, translator
from icati_desktop.reports.assessment_text import (
    advice_text,
    condition_text,
    localized,
    mapping_text,
    phase_name,
    reassess_text,
    stage_gap_text,
)
from icati_desktop.reports.charts import MISSING_MARK
from icati_desktop.reports.form_text import score_text

CHART_URI = "icati-report://radar.png"
"""The name the radar chart image is registered under in the QTextDocument."""


@dataclass(frozen=True)
class ReportInput:
    """Everything one report shows; the caller reads it from the store."""

    assessment: Assessment
    form: FormDefinition
    result: AssessmentResult
    participants: Sequence[str]
    country_name: str
    language: str


def language_name(language: str) -> str:
    """A language named in itself ("français", "العربية"), as people look for it."""
    return Locale.parse(language).get_display_name(language) or language


def report_date(value: date, language: str) -> str:
    return format_date(value, format="long", locale=language)


def _score(value: Decimal | None, language: str) -> str:
    return "–" if value is None else score_text(value, language)


class _Html:
    """Builds the body, every block in the report's direction."""

    def __init__(self, language: str) -> None:
        self.dir = "rtl" if is_rtl(language) else "ltr"
        self.align = "right" if self.dir == "rtl" else "left"
        self.parts: list[str] = []

    def block(
        self, tag: str, text: str, style: str = "", *, raw: bool = False, align: str = ""
    ) -> None:
        body = text if raw else escape(text)
        css = f' style="{style}"' if style else ""
        where = align or self.align
        self.parts.append(f'<{tag} dir="{self.dir}" align="{where}"{css}>{body}</{tag}>')

    def items(self, entries: Sequence[str], *, ordered: bool = False) -> None:
        """A bulleted (or numbered) list, as paragraphs that start with their mark.

        Not ``<ul>``/``<ol>``: Qt's list layout wrote an item that runs over a page break on
        both pages (hidden by the clip, but in the PDF's text: copied and read aloud twice),
        and right to left it aligned Latin entries to the left with the bullet after them.
        Each entry is isolated (U+2068 … U+2069), so "2 judges" in an Arabic report keeps
        its own order."""
        for number, entry in enumerate(entries, start=1):
            mark = f"{number}." if ordered else "•"
            self.block("p", f"{mark} \u2068{escape(entry)}\u2069", raw=True)

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        new_page: bool = False,
        small: bool = False,
    ) -> None:
        """A bordered table; ``headers`` may be empty. Right to left, the columns are
        reversed so the first one is on the right (Qt ignores ``dir`` on tables).
        ``new_page`` starts the table on a new page, so a table that fits on one page is
        never cut mid-row (Qt cannot keep a row together across pages). ``small`` sets a
        many-column table a size smaller, so its words fit their columns whole in every
        language ("Financiamiento", "Pourcentage")."""

        def order(cells: Sequence[str]) -> list[str]:
            return list(reversed(cells)) if self.dir == "rtl" else list(cells)

        head = "".join(f'<th align="{self.align}">{escape(h)}</th>' for h in order(headers))
        body = "".join(
            "<tr>"
            + "".join(f'<td align="{self.align}">{escape(c)}</td>' for c in order(row))
            + "</tr>"
            for row in rows
        )
        thead = f'<thead><tr style="background-color: #e8eef4;">{head}</tr></thead>' if head else ""
        page_break = " page-break-before: always;" if new_page else ""
        page_break += " font-size: 8pt;" if small else ""
        self.parts.append(
            f'<table dir="{self.dir}" width="100%" border="1" cellspacing="0" cellpadding="4"'
            f' style="border-collapse: collapse; border-color: #888888;{page_break}">'
            f"{thead}{body}</table>"
        )

    def html(self) -> str:
        return (
            f'<html dir="{self.dir}"><body dir="{self.dir}">'
            + "".join(self.parts)
            + "</body></html>"
        )


def _cover(page: _Html, report: ReportInput) -> None:
    _ = translator(report.language).gettext
    form, assessment, language = report.form, report.assessment, report.language
    # Qt drops the top margin of a page's first block: a spacer moves the title down.
    page.block("p", "&nbsp;", "margin-bottom: 150px;", raw=True)
    page.block("h1", localized(form.title, form, language), "font-size: 22pt;")
    page.block("p", report.country_name, "font-size: 18pt; font-weight: bold; margin-bottom: 24px;")
    facts = [
        (_("Assessment date"), report_date(assessment.assessed_on, language)),
        (
            _("Form"),
            _("{title}, version {version}").format(
                title=localized(form.title, form, language), version=form.version
            ),
        ),
        (_("Report language"), language_name(language)),
        (_("Status"), _status(assessment, language)),
    ]
    page.table([], facts)


def _status(assessment: Assessment, language: str) -> str:
    _ = translator(language).gettext
    if assessment.status is AssessmentStatus.SUBMITTED and assessment.submitted_at is not None:
        submitted = report_date(assessment.submitted_at.date(), language)
        return _("Submitted on {date}").format(date=submitted)
    return _("Draft (not submitted)")


def _phase(page: _Html, report: ReportInput) -> None:
    _ = translator(report.language).gettext
    form, result, language = report.form, report.result, report.language
    page.block("h2", _("Development phase"), "page-break-before: always;")
    shown = result.shown_phase
    page.block(
        "p",
        _("Phase {number}: {name}").format(number=shown, name=phase_name(shown, language)),
        "font-size: 14pt; font-weight: bold;",
    )
    override = result.override
    if override is not None:
        computed = result.phase.computed
        page.block(
            "p",
            _(
                "The form's rules give phase {computed} ({name}); {by} set phase {phase} on "
                "{date}: {reason}"
            ).format(
                computed=computed,
                name=phase_name(computed, language),
                by=override.by,
                phase=override.phase,
                date=report_date(override.at.date(), language),
                reason=override.reason,
            ),
        )
    following = result.phase.next_phase
    if following is None:
        page.block("p", _("Every condition of the highest phase is met."))
        return
    page.block(
        "p",
        _("To reach phase {number} ({name}), these conditions are still to be met:").format(
            number=following, name=phase_name(following, language)
        ),
    )
    page.items([condition_text(c, form, language) for c in result.phase.unmet(following)])


def _domains(page: _Html, report: ReportInput, chart_width: int) -> None:
    _ = translator(report.language).gettext
    form, result, language = report.form, report.result, report.language
    page.block("h2", _("Domain scores"))
    image = f'<img src="{CHART_URI}" width="{chart_width}">'
    page.block("p", image, "margin-top: 6px;", raw=True, align="center")
    page.block(
        "p",
        _(
            "Scores are weighted means on the 0–4 scale. {mark} marks a domain with "
            'insufficient data: too few items answered, or too many "don\'t know".'
        ).format(mark=MISSING_MARK),
        "font-size: 8pt; color: #444444;",
    )
    rows = [_domain_row(form, domain, language) for domain in result.domains]
    page.table(
        [
            _("Code"),
            _("Domain"),
            _("Score (0–4)"),
            _("Percent"),
            _("Answered"),
            _("Don't know"),
            _("Items"),
            _("Data"),
        ],
        rows,
        new_page=True,  # 9 domains fit on a page: no row cut in two
        small=True,  # eight columns: whole words in French and Spanish too
    )
    share = format_percent(result.dont_know_share, locale=language)
    page.block("p", _('Share of "don\'t know" answers: {share}').format(share=share))


def _domain_row(form: FormDefinition, domain: DomainScore, language: str) -> list[str]:
    _ = translator(language).gettext
    percent = "–" if domain.percent is None else format_decimal(domain.percent, locale=language)
    return [
        domain.code,
        localized(form.domain(domain.code).title, form, language),
        _score(domain.score, language),
        percent,
        format_decimal(domain.answered, locale=language),
        format_decimal(domain.dont_know, locale=language),
        format_decimal(domain.total, locale=language),
        _("{mark} insufficient data").format(mark=MISSING_MARK)
        if domain.insufficient
        else _("sufficient"),
    ]


def _advice(page: _Html, report: ReportInput) -> None:
    _ = translator(report.language).gettext
    form, result, language = report.form, report.result, report.language
    page.block("h2", _("Next steps"))
    lines: list[str] = []
    if result.mapping_first:
        lines.append(mapping_text(result, form, language))
    lines += [advice_text(line, form, language) for line in result.advice]
    lines += [stage_gap_text(gap, form, language) for gap in result.stage_gaps]
    if lines:
        page.items(lines, ordered=True)
    else:
        page.block("p", _("No gaps: every domain reaches the target score."))
    if result.reassess_on is not None:
        page.block("p", reassess_text(result.reassess_on, language))


def _participants(page: _Html, report: ReportInput) -> None:
    _ = translator(report.language).gettext
    page.block("h2", _("Participants"))
    if report.participants:
        page.items(list(report.participants))
    else:
        page.block("p", _("No participants were recorded."))


def report_html(report: ReportInput, *, chart_width: int) -> str:
    """The whole report; the radar chart is ``<img src=CHART_URI>``, ``chart_width`` wide."""
    page = _Html(report.language)
    _cover(page, report)
    _phase(page, report)
    _domains(page, report, chart_width)
    _advice(page, report)
    _participants(page, report)
    return page.html()


HtmlBody = _Html
"""The report's HTML builder, for the other printed reports (``country_html.py``)."""

__all__ = ["CHART_URI", "HtmlBody", "ReportInput", "language_name", "report_date", "report_html"]
