"""`icati report` commands: printable reports (PDF)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from icati_desktop.commands.common import Add, CliError, emit, open_store
from icati_desktop.i18n import SUPPORTED_LANGUAGES, _, ngettext


def cmd_report_assessment(args: argparse.Namespace) -> int:
    from icati_desktop.reports.assessment_pdf import ReportError
    from icati_desktop.reports.assessment_report import (
        configured_language,
        write_assessment_report,
    )

    out = Path(args.out).expanduser().resolve()
    if out.suffix.lower() != ".pdf":
        raise CliError(_("--out must end in .pdf, not {name}").format(name=out.name))
    if not out.parent.is_dir():
        raise CliError(
            _("the folder {folder} does not exist; create it or choose another --out").format(
                folder=out.parent
            )
        )
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
    register_report(commands, add)
