"""The outcomes report as HTML for Qt's text engine: each figure, its chart and its numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date

from icati_desktop.domain.indicators import Indicator, Period
from icati_desktop.reports.assessment_html import _Html
from icati_desktop.reports.outcome_charts import indicator_table
from icati_desktop.reports.outcome_text import OutcomeText


def chart_uri(key: str) -> str:
    return f"chart://{key}"


@dataclass(frozen=True)
class OutcomeReport:
    period: Period
    scope: str
    """Where the figures come from, in words ("All countries", "Africa", "Kenya")."""
    indicators: Sequence[Indicator]
    text: OutcomeText
    national: Sequence[Indicator] = field(default_factory=tuple)
    made_on: date = field(default_factory=date.today)
    one_country: bool = False
    """The figures are of one country: the network's and regions' targets are left out."""

    @property
    def title(self) -> str:
        """The document's title, naming what it covers ("ICATI outcomes · Kenya")."""
        return f"{self.text.gettext('ICATI outcomes')} · {self.scope}"

    @property
    def language(self) -> str:
        return self.text.language

    def day(self, value: date) -> str:
        return format_date(value, format="long", locale=self.language)


def _figure(page: _Html, report: OutcomeReport, indicator: Indicator, chart_width: int) -> None:
    text = report.text
    _ = text.gettext
    page.block("h3", text.title(indicator))
    line = _("Value: {value}").format(value=text.value(indicator))
    if indicator.target is not None:
        line += " · " + _("Target: {target}").format(target=text.target(indicator))
        line += " · " + text.status(indicator)
    elif indicator.target_left_out:
        line += " · " + text.target(indicator)
    page.block("p", line)
    if not indicator.rows:
        return
    table = indicator_table(indicator, text)
    if len(indicator.rows) > 1:
        page.parts.append(
            f'<p align="center"><img src="{chart_uri(indicator.key)}" width="{chart_width}"></p>'
        )
    page.table(table.headers, table.rows)


def outcome_html(report: OutcomeReport, *, chart_width: int) -> str:
    text = report.text
    _ = text.gettext
    page = _Html(report.language)
    page.block("h1", _("ICATI outcomes"))
    page.block(
        "p",
        _("{scope}, from {start} to {end}").format(
            scope=report.scope,
            start=report.day(report.period.start),
            end=report.day(report.period.end),
        ),
    )
    page.block(
        "p",
        _("Made on {day} from the records of this store.").format(day=report.day(report.made_on)),
    )
    globals_ = [i for i in report.indicators if i.is_global_outcome]
    page.block("h2", _("Global outcomes and their targets"))
    if report.one_country:
        page.block("p", text.targets_left_out())
    page.table(
        (_("Outcome"), _("Value"), _("Target"), _("Status")),
        [(text.title(i), text.value(i), text.target(i), text.status(i)) for i in globals_],
    )
    for indicator in globals_:
        _figure(page, report, indicator, chart_width)
    page.block("h2", _("Indicators"))
    for indicator in report.indicators:
        if not indicator.is_global_outcome:
            _figure(page, report, indicator, chart_width)
    if report.national:
        page.block("h2", _("National outcomes"))
        for indicator in report.national:
            _figure(page, report, indicator, chart_width)
    return page.html()


__all__ = ["OutcomeReport", "chart_uri", "outcome_html"]
