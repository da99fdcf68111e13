"""`icati forms` commands: import an XLSForm, export one, list the stored forms."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from icati_desktop.commands.common import Add, CliError, emit, open_store
from icati_desktop.commands.form_versions_cmds import register_into
from icati_desktop.i18n import _, ngettext


def cmd_import(args: argparse.Namespace) -> int:
    from icati_desktop.formats.xlsform import XlsFormRejected, read_xlsform_with_notes
    from icati_desktop.store.forms import save_form, summarise

    path = Path(args.file).expanduser()
    if not path.is_file():
        raise CliError(_("no file {path}: give the path of an XLSForm .xlsx").format(path=path))
    try:
        form, notes = read_xlsform_with_notes(path)
    except XlsFormRejected as rejected:
        emit(
            args,
            {"ok": False, "problems": [p.as_dict() for p in rejected.problems]},
            "\n".join(str(p) for p in rejected.problems),
        )
        raise CliError(
            ngettext(
                "the XLSForm has {n} problem, listed above; nothing was imported",
                "the XLSForm has {n} problems, listed above; nothing was imported",
                len(rejected.problems),
            ).format(n=len(rejected.problems))
        ) from None
    record_id = None
    if not args.dry_run:
        store = open_store(args)
        try:
            record_id = save_form(store, form)
        finally:
            store.close()
    summary = summarise(form, record_id or "")
    title = form.title[form.default_language]
    if args.dry_run:
        text = _("{id} version {version} ({title}) can be imported: {counts}")
    else:
        text = _("imported {id} version {version} ({title}): {counts}")
    lines = [
        text.format(id=form.form_id, version=form.version, title=title, counts=summary.counts())
    ]
    lines += [_("note: {note}").format(note=note) for note in notes]
    data = {
        **summary.model_dump(mode="json"),
        "ok": True,
        "dry_run": args.dry_run,
        "record_id": record_id,
        "notes": [note.as_dict() for note in notes],
    }
    emit(args, data, "\n".join(lines))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from icati_desktop.store.forms import list_forms

    store = open_store(args)
    try:
        with store.read() as session:
            forms = list_forms(session)
    finally:
        store.close()
    lines = [
        f"{f.form_id}  {f.version}  {f.title.get(f.default_language, '')}  ({f.counts()})"
        for f in forms
    ]
    emit(args, [f.model_dump(mode="json") for f in forms], "\n".join(lines) or _("no forms"))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from icati_desktop.formats.xlsform_export import export_xlsform
    from icati_desktop.store.forms import get_form, summarise

    out = Path(args.out).expanduser()
    if out.suffix.lower() != ".xlsx":
        raise CliError(_("--out must end in .xlsx, not {name}").format(name=out.name))
    if not out.parent.is_dir():
        raise CliError(_("no folder {path}; create it or choose another").format(path=out.parent))
    store = open_store(args)
    try:
        with store.read() as session:
            form = get_form(session, args.id, args.version)
    finally:
        store.close()
    export_xlsform(form, out)
    summary = summarise(form)
    text = _("wrote {id} version {version} ({counts}) as an XLSForm to {out}").format(
        id=form.form_id, version=form.version, counts=summary.counts(), out=out
    )
    data = {
        **summary.model_dump(mode="json", exclude={"record_id"}),
        "ok": True,
        "out": str(out),
    }
    emit(args, data, text)
    return 0


def register(sub: Any, add: Add) -> None:
    """Adds this module's commands to the `icati` parser."""
    forms = sub.add_parser("forms", help="assessment form definitions: import, export, versions")
    forms_sub = forms.add_subparsers(dest="forms_command", required=True, metavar="COMMAND")
    imp = add("import", cmd_import, "import an XLSForm workbook (.xlsx) as a form", forms_sub)
    imp.add_argument("file", metavar="FILE.xlsx")
    imp.add_argument(
        "--dry-run", action="store_true", help="check the workbook only; store nothing"
    )
    add("list", cmd_list, "list the stored form definitions and their versions", forms_sub)
    export = add(
        "export", cmd_export, "write a form as an XLSForm for KoboToolbox or ODK", forms_sub
    )
    export.add_argument("id", metavar="ID", help="the form id, e.g. ati-self-assessment")
    export.add_argument("--out", required=True, metavar="FILE.xlsx")
    export.add_argument("--version", metavar="V", help="the version (default: the latest)")
    register_into(forms_sub, add)
