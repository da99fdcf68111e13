"""`icati network list-export|mailto`: a mailing list to a file or to mail batches."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from icati_desktop.commands.common import Add, CliError, emit, open_store
from icati_desktop.i18n import N_, _, ngettext

REASONS = {
    "no_mailing_consent": N_("without consent to network mailings"),
    "consent_withdrawn": N_("who withdrew their consent"),
    "no_email": N_("without an email address"),
}


def _audience(args: argparse.Namespace) -> Any:
    from icati_desktop.store.mailing_lists import mailing_audience, parse_selector

    selector = parse_selector(args.list)
    store = open_store(args)
    try:
        with store.read() as session:
            return mailing_audience(session, selector)
    finally:
        store.close()


def _left_out_text(audience: Any) -> str:
    parts = [f"{n} {_(REASONS[reason])}" for reason, n in audience.left_out.items() if n]
    count = audience.left_out_total
    text = ngettext("{n} person left out", "{n} people left out", count).format(n=count)
    return f"{text} ({', '.join(parts)})" if parts else text


def cmd_list_export(args: argparse.Namespace) -> int:
    from icati_desktop.reports.mailing_export import SUFFIXES, export_mailing_list

    out = Path(args.out).expanduser()
    if out.suffix.lower() not in SUFFIXES:
        raise CliError(_("write the list to a .csv or .vcf file"))
    if not out.parent.is_dir():
        raise CliError(_("no folder {path}; create it first").format(path=out.parent))
    audience = _audience(args)
    written = export_mailing_list(audience, out)
    data = {
        "path": str(out),
        "list": audience.selector.text,
        "selected": audience.selected,
        "written": written,
        "left_out": audience.left_out,
        "left_out_total": audience.left_out_total,
    }
    text = ngettext("{n} recipient written to {path}", "{n} recipients written to {path}", written)
    emit(args, data, f"{text.format(n=written, path=out)}; {_left_out_text(audience)}")
    return 0


def cmd_mailto(args: argparse.Namespace) -> int:
    from icati_desktop.domain.mailing import bcc_batches, mailto_url

    audience = _audience(args)
    batches = bcc_batches([r.email for r in audience.recipients])
    urls = [mailto_url(batch, args.subject or "") for batch in batches]
    data = {
        "list": audience.selector.text,
        "batches": [{"addresses": len(b), "mailto": u} for b, u in zip(batches, urls, strict=True)],
        "left_out": audience.left_out,
        "left_out_total": audience.left_out_total,
    }
    lines = urls or [_("nobody on this list may be written to")]
    emit(args, data, "\n".join([*lines, _left_out_text(audience)]))
    return 0


def register(areas: Any, add: Add) -> None:
    help_list = "all, region:NAME, country:ISO3, group:ID-or-name, event:ID or list:ID"
    export = add(
        "list-export", cmd_list_export, "a mailing list to .csv or .vcf (consent honoured)", areas
    )
    export.add_argument("list", metavar="LIST", help=help_list)
    export.add_argument("--out", required=True, metavar="FILE.csv|FILE.vcf")
    mailto = add("mailto", cmd_mailto, "mailto: links with BCC batches of at most 50", areas)
    mailto.add_argument("list", metavar="LIST", help=help_list)
    mailto.add_argument("--subject")
