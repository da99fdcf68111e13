"""`icati indicators` and `icati report outcomes`: the outcome figures and their report."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from icati_desktop.commands.common import (
    Add,
    CliError,
    emit,
    in_existing_folder,
    open_store,
    parse_day,
)
from icati_desktop.i18n import SUPPORTED_LANGUAGES, _, ngettext

if TYPE_CHECKING:  # the store is loaded by the command that needs it
    from icati_desktop.domain.indicators import Indicator, Period
    from icati_desktop.store.outcome_facts import Scope


def period_of(args: argparse.Namespace) -> Period:
    from icati_desktop.domain.indicators.period import Period, default_period

    end = parse_day("--to", args.to) or date.today()
    start = parse_day("--from", args.start) or default_period(end).start
    if end < start:
        raise CliError(_("--to is before --from; give the earlier date first"))
    return Period(start, end)


def scope_of(args: argparse.Namespace, store: Any) -> Scope:
    from icati_desktop.domain.countries import parse_region
    from icati_desktop.store.outcome_facts import Scope
    from icati_desktop.store.scopes import known_country_codes

    region = None
    if args.region is not None:
        try:
            region = parse_region(args.region)
        except ValueError as exc:
            raise CliError(str(exc)) from None
    country = args.country.strip().upper() if args.country else None
    if country is not None:
        with store.read() as session:
            if country not in known_country_codes(session):
                raise CliError(
                    _(
                        "--country {code!r} is not a country of this store; "
                        "give its ISO alpha-3 code (e.g. KEN)"
                    ).format(code=args.country)
                )
    return Scope(region=region, country=country)


def indicator_json(indicator: Indicator, text: Any) -> dict[str, Any]:
    def number(value: Any) -> str | None:
        return None if value is None else str(value)

    return {
        "key": indicator.key,
        "title": text.title(indicator),
        "value": number(indicator.value),
        "target": number(indicator.target),
        "met": indicator.met,
        "target_left_out": indicator.target_left_out,
        "unit": indicator.unit.value,
        "global_outcome": indicator.is_global_outcome,
        "breakdown": indicator.breakdown.value,
        "rows": [
            {
                "key": row.key,
                "label": text.row_label(indicator, row),
                "value": number(row.value),
                "target": number(row.target),
                "records": [[r.record_type, r.record_id] for r in row.records],
            }
            for row in indicator.rows
        ],
        "records": [[r.record_type, r.record_id] for r in indicator.records],
    }


def cmd_indicators(args: argparse.Namespace) -> int:
    from icati_desktop.reports.outcome_report import read_outcome_report

    period = period_of(args)
    baseline = parse_day("--baseline", args.baseline)
    if baseline is not None and baseline > period.end:
        raise CliError(_("--baseline is after --to; give a day within or before the period"))
    store = open_store(args, create=False)
    try:
        scope = scope_of(args, store)
        report = read_outcome_report(store, period, scope, args.lang or "en", baseline=baseline)
    finally:
        store.close()
    text = report.text
    data = {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "scope": {"region": scope.region.value if scope.region else None, "country": scope.country},
        "indicators": [indicator_json(i, text) for i in report.indicators],
        "national": [indicator_json(i, text) for i in report.national],
    }
    lines = [f"{report.scope}: {period.start.isoformat()} – {period.end.isoformat()}"]
    for indicator in [*report.indicators, *report.national]:
        target = text.target(indicator)
        lines.append(
            f"  {text.title(indicator)}: {text.value(indicator)}"
            + (
                f" ({'; '.join(p for p in (target, text.status(indicator)) if p)})"
                if target
                else ""
            )
        )
    emit(args, data, "\n".join(lines))
    return 0


def cmd_report_outcomes(args: argparse.Namespace) -> int:
    from icati_desktop.reports.assessment_report import configured_language
    from icati_desktop.reports.outcome_report import REPORT_SUFFIXES, write_outcome_report
    from icati_desktop.reports.pdf_pages import ReportError

    out = Path(args.out).expanduser().resolve()
    if out.suffix.lower() not in REPORT_SUFFIXES:
        raise CliError(_("--out must end in .pdf or .xlsx, not {name}").format(name=out.name))
    in_existing_folder(out)
    period = period_of(args)
    language = args.lang or configured_language()
    store = open_store(args, create=False)
    try:
        scope = scope_of(args, store)
        count = write_outcome_report(store, period, scope, out, language=language)
    except ReportError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    pdf = out.suffix.lower() == ".pdf"
    emit(
        args,
        {"ok": True, "out": str(out), ("pages" if pdf else "sheets"): count, "language": language},
        (
            ngettext(
                "report written to {out} ({pages} page)",
                "report written to {out} ({pages} pages)",
                count,
            )
            if pdf
            else ngettext(
                "report written to {out} ({pages} sheet)",
                "report written to {out} ({pages} sheets)",
                count,
            )
        ).format(out=out, pages=count),
    )
    return 0


def _period_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from", dest="start", metavar="DATE", help="first day (default: 18 months back)"
    )
    parser.add_argument("--to", metavar="DATE", help="last day (default: today)")
    parser.add_argument("--region", help="one region: Africa, Americas, Asia, Europe, Oceania")
    parser.add_argument(
        "--country", metavar="ISO3", help="one country (adds its national outcomes)"
    )
    parser.add_argument(
        "--lang", choices=SUPPORTED_LANGUAGES, default=None, help="language of the labels"
    )


def register(sub: Any, add: Add) -> None:
    indicators = add(
        "indicators", cmd_indicators, "the outcome indicators of a period, with targets"
    )
    _period_options(indicators)
    indicators.add_argument(
        "--baseline",
        metavar="DATE",
        help="compare countries supported with this day (default: --from)",
    )


def register_report(commands: Any, add: Add) -> None:
    """`icati report outcomes`, in the `report` group."""
    report = add("outcomes", cmd_report_outcomes, "the outcomes report (PDF or XLSX)", commands)
    report.add_argument("--out", required=True, metavar="FILE.pdf|FILE.xlsx")
    _period_options(report)
