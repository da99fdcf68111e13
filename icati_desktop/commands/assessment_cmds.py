"""`icati assessment` commands: import answers filled in elsewhere, show a result, list,
export the answers (the workflow — submit, reopen, compare, override, advice — is in
:mod:`icati_desktop.commands.assessment_workflow`)."""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from icati_desktop.commands import place_cmds
from icati_desktop.commands.assessment_workflow import register_into
from icati_desktop.commands.common import Add, CliError, emit, open_store
from icati_desktop.i18n import _, ngettext


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(
            _("--date {value!r} is not a date; write it as YYYY-MM-DD").format(value=text)
        ) from None


def _refuse(args: argparse.Namespace, problems: list[str], what: str) -> None:
    emit(args, {"ok": False, "problems": problems}, "\n".join(problems))
    raise CliError(
        ngettext(
            "{what}: {count} problem, listed above; fix the file and import it again",
            "{what}: {count} problems, listed above; fix the file and import it again",
            len(problems),
        ).format(what=what, count=len(problems))
    )


def cmd_import(args: argparse.Namespace) -> int:
    from icati_desktop.formats.submission_checks import rule_problems
    from icati_desktop.formats.submissions import (
        RepeatsNotInFile,
        form_reference,
        read_submissions,
    )
    from icati_desktop.i18n import current_language
    from icati_desktop.store.assessments import (
        DEFAULT_FORM_ID,
        NewAssessment,
        create_assessments,
        require_country,
    )
    from icati_desktop.store.form_versions import open_form

    path = Path(args.file).expanduser()
    if not path.is_file():
        raise CliError(_("no file {path}; check the path").format(path=path))
    on = _date(args.date)
    ref_id, ref_version = form_reference(path)
    store = open_store(args)
    try:
        with store.read() as session:
            country = require_country(session, args.country)
            form = open_form(session, args.form or ref_id or DEFAULT_FORM_ID, ref_version)
        try:
            records = read_submissions(path, form, without_repeats=args.without_repeats)
        except RepeatsNotInFile as exc:
            hint = _("or give --without-repeats to import the other answers without them")
            raise CliError(f"{exc}; {hint}") from None
        if args.row is not None:
            records = [r for r in records if r.row == args.row]
            if not records:
                raise CliError(
                    _("{name} has no submission in row {row}").format(name=path.name, row=args.row)
                )
        # The form's own constraints and relevance, with the problems of each record's
        # values: all listed at once, and nothing stored while any is left.
        problems = [
            p
            for r in records
            for p in [
                *r.problems,
                *rule_problems(
                    r, form, country=country, language=current_language(), assessed_on=on
                ),
            ]
        ]
        problems += [
            _("row {row}: no date of the workshop in the file; give --date YYYY-MM-DD").format(
                row=r.row
            )
            if r.row is not None
            else _("the file gives no assessed_on; give --date YYYY-MM-DD")
            for r in records
            if on is None and r.assessed_on is None
        ]
        if problems:
            _refuse(args, problems, path.name)
        specs = [
            NewAssessment(
                country=country,
                assessed_on=on or r.assessed_on or date.min,
                form_id=form.form_id,
                form_version=form.version,
                participant_names=r.participant_names,
                answers=r.answers,
                repeats=r.repeats,
            )
            for r in records
        ]
        ids = create_assessments(store, specs)
    finally:
        store.close()
    rows = [
        {"id": i, "row": r.row, "answers": len(r.answers)}
        for i, r in zip(ids, records, strict=True)
    ]
    text = "\n".join(
        _("imported assessment {id} ({count} answers) for {country} on form {form}").format(
            id=row["id"],
            count=row["answers"],
            country=country,
            form=f"{form.form_id}@{form.version}",
        )
        for row in rows
    )
    emit(
        args,
        {
            "ok": True,
            "country": country,
            "form_id": form.form_id,
            "form_version": form.version,
            "imported": rows,
        },
        text,
    )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from icati_desktop.reports.assessment_text import result_json
    from icati_desktop.store.assessments import load, score

    store = open_store(args)
    try:
        with store.read() as session:
            assessment, form = load(session, args.id)
            result = score(session, form, assessment)
    finally:
        store.close()
    language = args.lang
    data = result_json(result, form, assessment, language)
    data["id"] = args.id
    emit(args, data, _show_text(data, language))
    return 0


def _show_text(data: dict[str, Any], language: str) -> str:
    """The result for reading in a terminal, from the same data ``--json`` prints."""
    from babel.numbers import format_percent

    from icati_desktop.i18n import translator
    from icati_desktop.reports.form_text import score_text

    tr = translator(language)
    form = data["form"]
    lines = [
        f"{data['country']}  {data['assessed_on']}  {form['title']} "
        f"({form['id']}@{form['version']})",
        "",
        tr.gettext("Domain scores"),
    ]
    for d in data["domains"]:
        shown = (
            tr.gettext("insufficient data")
            if d["insufficient"]
            else "{score} ({percent})".format(
                score=score_text(Decimal(d["score"]), language),
                percent=format_percent(Decimal(d["percent"]) / 100, locale=language),
            )
        )
        counts = tr.gettext("{answered} scored, {dk} don't know, {missing} unanswered").format(
            answered=d["answered"], dk=d["dont_know"], missing=d["unanswered"]
        )
        lines.append(f"  {d['code']}  {d['title']}: {shown}  [{counts}]")
    gaps = data["data_gaps"]["items"]
    if gaps:
        lines += ["", tr.gettext("Data gaps")]
        lines += [f"  {g['domain']}  {g['item']} ({g['status']}): {g['label']}" for g in gaps]
    phase = data["phase"]
    lines += [
        "",
        tr.gettext("Phase: {number} {name}").format(
            number=phase["shown"], name=phase["shown_name"]
        ),
    ]
    if phase["override"]:
        o = phase["override"]
        lines.append(
            "  "
            + tr.gettext("set by {by} (computed: {computed}): {reason}").format(
                by=o["by"], computed=phase["computed"], reason=o["reason"]
            )
        )
    for unmet in phase["unmet"]:
        lines.append(
            "  "
            + tr.gettext("Not yet phase {number} {name}:").format(
                number=unmet["phase"], name=unmet["name"]
            )
        )
        lines += [f"    - {c['text']}" for c in unmet["conditions"]]
    if data["mapping_text"] or data["advice"] or data["stage_gaps"]:
        lines += ["", tr.gettext("Next steps")]
    if data["mapping_text"]:
        lines.append(f"  * {data['mapping_text']}")
    lines += [f"  {a['domain']}: {a['text']}" for a in data["advice"]]
    lines += [f"  * {g['text']}" for g in data["stage_gaps"]]
    if data["reassess_text"]:
        lines += ["", data["reassess_text"]]
    return "\n".join(lines)


def cmd_list(args: argparse.Namespace) -> int:
    from icati_desktop.store.assessments import list_assessments, require_country

    store = open_store(args)
    try:
        with store.read() as session:
            country = None if args.country is None else require_country(session, args.country)
            rows = list_assessments(session, country)
    finally:
        store.close()
    lines = [
        f"{r.record_id}  {r.country}  {r.assessed_on.isoformat()}  {r.form_id}@{r.form_version}  "
        f"{r.status.value}  "
        + (
            (_("phase {phase} (provisional)") if r.provisional else _("phase {phase}")).format(
                phase=r.phase
            )
            if r.phase
            else _("no phase")
        )
        + f"  {r.answered}/{r.total}"
        for r in rows
    ]
    emit(
        args,
        [r.model_dump(mode="json") for r in rows],
        "\n".join(lines) if lines else _("no assessments"),
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from icati_desktop.reports.answers_export import export_answers
    from icati_desktop.store.assessments import load

    out = Path(args.out).expanduser()
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise CliError(_("--out must end in .csv or .xlsx, not {name}").format(name=out.name))
    store = open_store(args)
    try:
        with store.read() as session:
            assessment, form = load(session, args.id)
    finally:
        store.close()
    export_answers(args.id, assessment, form, out, language=args.lang)
    emit(args, {"ok": True, "out": str(out)}, _("answers written to {out}").format(out=out))
    return 0


def _answer_value(item: Any, text: str, choices: list[str]) -> Any:
    """The tagged value ``text`` gives ``item`` (a score 0–4, dk, a choice name…)."""
    from icati_desktop.domain.assessments import (
        ChoiceAnswer,
        ChoicesAnswer,
        DateAnswer,
        DontKnowAnswer,
        NumberAnswer,
        ScoreAnswer,
        TextAnswer,
    )
    from icati_desktop.domain.forms import ItemType

    given = text.strip()
    if given.casefold() == "dk":
        return DontKnowAnswer()
    try:
        match item.type:
            case ItemType.SCORE:
                return ScoreAnswer(value=int(given))
            case ItemType.SELECT_ONE:
                return ChoiceAnswer(value=given)
            case ItemType.SELECT_MULTIPLE:
                return ChoicesAnswer(value=given.replace(",", " ").split())
            case ItemType.INTEGER | ItemType.DECIMAL:
                return NumberAnswer(value=Decimal(given))
            case ItemType.DATE:
                return DateAnswer(value=date.fromisoformat(given))
            case _:
                return TextAnswer(value=text)
    except (ValueError, ArithmeticError):
        wanted = {
            ItemType.SCORE: _("a score from 0 to 4, or dk"),
            ItemType.INTEGER: _("a whole number"),
            ItemType.DECIMAL: _("a number such as 2.5"),
            ItemType.DATE: _("a date as YYYY-MM-DD"),
        }.get(item.type, _("one of its choices ({names})").format(names=", ".join(choices)))
        raise CliError(
            _("{item} takes {wanted}, not {given!r}").format(
                item=item.name, wanted=wanted, given=given
            )
        ) from None


def cmd_answer(args: argparse.Namespace) -> int:
    from icati_desktop.store.assessment_answers import find_item, repeat_group_of
    from icati_desktop.store.assessments import load, set_answer_value

    if args.clear == (args.value is not None):
        raise CliError(_("give the answer as VALUE, or --clear to remove it (not both)"))
    store = open_store(args)
    try:
        with store.read() as session:
            _assessment, form = load(session, args.id)
        item = find_item(form, args.item)
        group = repeat_group_of(form, args.item)
        if (group is None) != (args.entry is None):
            raise CliError(
                _("{item} is in the repeat group {group}: give --entry N").format(
                    item=args.item, group=group.name
                )
                if group is not None
                else _("{item} is not in a repeat group: leave out --entry").format(item=args.item)
            )
        repeat = None if group is None else (group.name, int(args.entry) - 1)
        value = None if args.clear else _answer_value(item, args.value, form.choice_names(item))
        assessment = set_answer_value(store, args.id, args.item, value, repeat=repeat)
    finally:
        store.close()
    answer = (
        assessment.answers.get(args.item)
        if repeat is None
        else assessment.repeat_answers(repeat[0])[repeat[1]].get(args.item)
    )
    shown = answer.value.model_dump(mode="json") if answer and answer.value else None
    text = (
        _("{item}: answer removed").format(item=args.item)
        if shown is None
        else _("{item}: answered {value}").format(
            item=args.item, value=shown.get("value", shown["kind"])
        )
    )
    emit(args, {"ok": True, "id": args.id, "item": args.item, "value": shown}, text)
    return 0


def register(sub: Any, add: Add) -> None:
    """Adds this module's commands to the `icati` parser."""
    group = sub.add_parser("assessment", help="country self-assessments")
    commands = group.add_subparsers(dest="assessment_command", required=True, metavar="COMMAND")
    imp = add(
        "import",
        cmd_import,
        "answers from a JSON file or an ODK Central / KoboToolbox CSV, XLSX or ZIP export",
        commands,
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--country", required=True, metavar="ISO3")
    imp.add_argument("--date", metavar="YYYY-MM-DD", help="the day of the workshop")
    imp.add_argument("--form", metavar="ID", help="the form the answers are for")
    imp.add_argument(
        "--row", type=int, metavar="N", help="only the submission in spreadsheet row N"
    )
    imp.add_argument(
        "--without-repeats",
        action="store_true",
        help="accept a plain CSV for a form with repeat groups, their answers left out",
    )
    answer = add(
        "answer",
        cmd_answer,
        "give one item's answer (one new version; its note and evidence are kept)",
        commands,
    )
    answer.add_argument("id", metavar="ID")
    answer.add_argument("item", metavar="ITEM", help="the item's name in the form")
    answer.add_argument(
        "value",
        nargs="?",
        metavar="VALUE",
        help="0–4 or dk for a score; a choice name; a number, a date or text by item type",
    )
    answer.add_argument("--clear", action="store_true", help="remove the answer's value")
    answer.add_argument(
        "--entry",
        type=int,
        metavar="N",
        help="for an item of a repeat group: which entry (1 for the first)",
    )
    show = add("show", cmd_show, "domain scores, data gaps, phase and advice", commands)
    show.add_argument("id", metavar="ID")
    show.add_argument("--lang", default="en", metavar="LANG")
    listing = add("list", cmd_list, "assessments on this device, newest first", commands)
    listing.add_argument("--country", metavar="ISO3")
    export = add("export", cmd_export, "the answers to .xlsx or .csv", commands)
    export.add_argument("id", metavar="ID")
    export.add_argument("--out", required=True, metavar="FILE")
    export.add_argument("--lang", default="en", metavar="LANG", help="language of item labels")
    register_into(commands, add)
    place_cmds.register_into(commands, add)
