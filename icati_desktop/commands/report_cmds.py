"""`icati report` commands: printable reports (PDF)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from icati_desktop.commands.common import Add, CliError, emit, in_existing_folder, open_store
from icati_desktop.i18n import SUPPORTED_LANGUAGES, _, ngettext


def cmd_report_assessment(args: argparse.Namespace) -> int:
    from icati_desktop.reports.assessment_report import (
        configured_language,
        write_assessment_report,
    )
    from icati_desktop.reports.pdf_pages import ReportError

    out = _pdf_target(args.out)
    language = args.lang or configured_language()
    store = open_store(args)
    try:
        pages = write_assessment_report(store, args.id, out, language=language)
    except ReportError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    emit(
        args,
        {"ok": True, "out": str(out), "pages": pages, "language": language},
        ngettext(
            "report written to {out} ({pages} page)",
            "report written to {out} ({pages} pages)",
            pages,
        ).format(out=out, pages=pages),
    )
    return 0


def cmd_report_country(args: argparse.Namespace) -> int:
    from icati_desktop.commands.common import parse_day
    from icati_desktop.reports.assessment_report import configured_language
    from icati_desktop.reports.country_report import MissionKind, write_mission_pdf
    from icati_desktop.reports.pdf_pages import ReportError

    out = _pdf_target(args.out)
    date_from, date_to = parse_day("--from", args.date_from), parse_day("--to", args.date_to)
    if date_from and date_to and date_to < date_from:
        raise CliError(_("--to is before --from; give the earlier date first"))
    kind = MissionKind(args.kind)
    language = args.lang or configured_language()
    store = open_store(args)
    try:
        pages = write_mission_pdf(
            store,
            args.country,
            out,
            kind=kind,
            language=language,
            date_from=date_from,
            date_to=date_to,
        )
    except (ReportError, ValueError) as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    emit(
        args,
        {
            "ok": True,
            "out": str(out),
            "pages": pages,
            "language": language,
            "kind": kind.value,
            "country": args.country.strip().upper(),
        },
        ngettext(
            "{kind} written to {out} ({pages} page)",
            "{kind} written to {out} ({pages} pages)",
            pages,
        ).format(
            kind=_("Mission brief") if kind is MissionKind.BRIEF else _("Mission report"),
            out=out,
            pages=pages,
        ),
    )
    return 0


def _pdf_target(text: str) -> Path:
    out = Path(text).expanduser().resolve()
    if out.suffix.lower() != ".pdf":
        raise CliError(_("--out must end in .pdf, not {name}").format(name=out.name))
    in_existing_folder(out)
    return out


def register(sub: Any, add: Add) -> None:
    """Adds this module's commands to the `icati` parser."""
    from icati_desktop.commands.outcome_cmds import register_report

    group = sub.add_parser("report", help="printable reports (PDF, XLSX)")
    commands = group.add_subparsers(dest="report_command", required=True, metavar="COMMAND")
    assessment = add(
        "assessment",
        cmd_report_assessment,
        "the country assessment report: phase, radar chart, domain scores, advice",
        commands,
    )
    assessment.add_argument("id", metavar="ID")
    assessment.add_argument("--out", required=True, metavar="FILE.pdf")
    assessment.add_argument(
        "--lang",
        choices=SUPPORTED_LANGUAGES,
        default=None,
        help="language of the report (default: the desktop app's language, else en)",
    )
    country = add(
        "country",
        cmd_report_country,
        "a country's mission brief (before travel) or mission report (after)",
        commands,
    )
    country.add_argument("country", metavar="ISO3", help="the country's ISO alpha-3 code (KEN)")
    country.add_argument(
        "--kind",
        choices=("brief", "report"),
        required=True,
        help="brief: profile, phase and why, open actions, last meetings, key people; "
        "report: meetings held in the period, decisions, the updated plan, next steps",
    )
    country.add_argument("--out", required=True, metavar="FILE.pdf")
    country.add_argument(
        "--lang",
        choices=SUPPORTED_LANGUAGES,
        default=None,
        help="language of the PDF (default: the desktop app's language, else en)",
    )
    country.add_argument(
        "--from",
        dest="date_from",
        metavar="YYYY-MM-DD",
        help="report: first day (default: 30 days before --to)",
    )
    country.add_argument(
        "--to", dest="date_to", metavar="YYYY-MM-DD", help="report: last day (default: today)"
    )
    register_report(commands, add)
