"""`icati assessment` commands that carry an assessment through its life, headless:
submit, reopen, compare two rounds, override the phase, and act on the advice.

Each does what the app's buttons do, through the same service functions, and refuses
what the app refuses with the same reasons (a submit lists every problem to fix).
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from icati_desktop.commands.common import Add, CliError, emit, open_store
from icati_desktop.i18n import _, ngettext


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(
            _("{option} {value!r} is not a date; write it as YYYY-MM-DD").format(
                option=option, value=text
            )
        ) from None


def cmd_submit(args: argparse.Namespace) -> int:
    from icati_desktop.domain.submission import submit_summary
    from icati_desktop.store.assessments import SubmitRefused, load, problem_text, submit

    store = open_store(args)
    try:
        try:
            submitted = submit(store, args.id, language=args.lang)
        except SubmitRefused as refused:
            problems = [
                {
                    "item": p.item,
                    "kind": p.kind,
                    "repeat": None if p.repeat is None else list(p.repeat),
                    "text": problem_text(p),
                }
                for p in refused.problems
            ]
            emit(
                args,
                {"ok": False, "problems": problems},
                "\n".join(problem_text(p) for p in refused.problems),
            )
            raise CliError(
                ngettext(
                    "not submitted: {n} problem, listed above; fix it and submit again",
                    "not submitted: {n} problems, listed above; fix them and submit again",
                    len(problems),
                ).format(n=len(problems))
            ) from None
        with store.read() as session:
            _assessment, form = load(session, args.id)
    finally:
        store.close()
    summary = submit_summary(form, submitted)
    assert submitted.submitted_at is not None
    data = {
        "ok": True,
        "id": args.id,
        "status": submitted.status.value,
        "submitted_at": submitted.submitted_at.isoformat(),
        "submitted_by": submitted.submitted_by,
        "computed_phase": submitted.computed_phase,
        "unanswered": list(summary.unanswered),
        "insufficient_domains": list(summary.insufficient),
    }
    lines = [
        _("submitted {id}: locked, phase {phase}").format(
            id=args.id, phase=submitted.computed_phase
        ),
        ngettext(
            "{n} question was left unanswered",
            "{n} questions were left unanswered",
            len(summary.unanswered),
        ).format(n=len(summary.unanswered)),
    ]
    if summary.insufficient:
        lines.append(
            _("insufficient data in {domains}").format(domains=", ".join(summary.insufficient))
        )
    emit(args, data, "\n".join(lines))
    return 0


def cmd_reopen(args: argparse.Namespace) -> int:
    from icati_desktop.store.assessments import reopen

    store = open_store(args)
    try:
        reopened = reopen(store, args.id)
    finally:
        store.close()
    emit(
        args,
        {"ok": True, "id": args.id, "status": reopened.status.value},
        _("reopened {id}: a new draft version; the submitted one stays in its history").format(
            id=args.id
        ),
    )
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from icati_desktop.domain.rounds import compare_rounds
    from icati_desktop.reports.round_text import comparison_json, comparison_text
    from icati_desktop.store.assessments import load, score

    store = open_store(args)
    try:
        with store.read() as session:
            rounds = []
            for rid in (args.first, args.second):
                assessment, form = load(session, rid)
                rounds.append((rid, (form, assessment, score(session, form, assessment))))
    finally:
        store.close()
    rounds.sort(key=lambda r: r[1][1].assessed_on)  # oldest first; same day: as given
    (first_id, earlier), (second_id, later) = rounds
    comparison = compare_rounds(earlier, later)
    data = comparison_json(comparison, (first_id, second_id), (earlier[0], later[0]), args.lang)
    emit(args, data, comparison_text(data, args.lang))
    return 0


def cmd_override(args: argparse.Namespace) -> int:
    from icati_desktop.store.assessments import clear_override, set_override
    from icati_desktop.store.device import require_device

    if args.clear == (args.phase is not None):
        raise CliError(
            _("give --phase N --reason TEXT, or --clear to go back to the computed phase")
        )
    store = open_store(args)
    try:
        if args.clear:
            changed = clear_override(store, args.id)
        else:
            reason = (args.reason or "").strip()
            if not reason:
                raise CliError(_("--reason is required: say why the phase differs"))
            by = args.by
            if by is None:
                with store.read() as session:
                    by = require_device(session).name
            changed = set_override(store, args.id, args.phase, reason, by)
    finally:
        store.close()
    override = changed.phase_override
    data = {
        "ok": True,
        "id": args.id,
        "phase": changed.phase,
        "computed_phase": changed.computed_phase,
        "override": None if override is None else override.model_dump(mode="json"),
    }
    if override is None:
        text = _("{id}: back to the computed phase").format(id=args.id)
    else:
        text = _("{id}: phase {phase} set by {by}").format(
            id=args.id, phase=override.phase, by=override.by
        )
    emit(args, data, text)
    return 0


def cmd_advice(args: argparse.Namespace) -> int:
    from icati_desktop.reports.assessment_text import advice_json
    from icati_desktop.store.assessments import advised_domains, create_action_item, load, score

    due = None if args.due is None else _day(args.due, "--due")
    if not args.create_actions and (args.owner is not None or due is not None or args.domain):
        raise CliError(_("--owner, --due and --domain go with --create-actions"))
    store = open_store(args)
    try:
        with store.read() as session:
            assessment, form = load(session, args.id)
            result = score(session, form, assessment)
            acted = advised_domains(session, args.id)
        lines = [advice_json(line, form, args.lang) for line in result.advice]
        wanted = set(args.domain or [line["domain"] for line in lines])
        unknown = sorted(wanted - {line["domain"] for line in lines})
        if unknown:
            raise CliError(
                _("the advice has no line for {domains}; it lists {listed}").format(
                    domains=", ".join(unknown),
                    listed=", ".join(line["domain"] for line in lines) or "-",
                )
            )
        created: dict[str, str] = {}
        if args.create_actions:
            for line in lines:
                if line["domain"] in wanted:
                    created[line["domain"]] = create_action_item(
                        store,
                        args.id,
                        line["domain"],
                        language=args.lang,
                        owner=args.owner or "",
                        due_on=due,
                    )
        with store.read() as session:
            items = _advice_items(session, args.id)
    finally:
        store.close()
    for line in lines:
        line["action_item"] = items.get(line["domain"])
        line["created"] = line["domain"] in created and line["domain"] not in acted
    emit(args, {"id": args.id, "advice": lines}, _advice_text(lines))
    return 0


def _advice_items(session: Any, assessment_id: str) -> dict[str, dict[str, Any]]:
    from icati_desktop.store.assessment_actions import advice_items

    return {
        domain: {"id": item_id, "owner": owner, "due_on": None if due is None else due.isoformat()}
        for domain, (item_id, owner, due) in advice_items(session, assessment_id).items()
    }


def _advice_text(lines: list[dict[str, Any]]) -> str:
    if not lines:
        return _("no advice: every domain reaches the target score")
    out = []
    for line in lines:
        out.append(line["text"])
        item = line["action_item"]
        if item is not None:
            template = (
                _("  → action item {id} created (owner: {owner}, due {due})")
                if line["created"]
                else _("  → already an action item: {id} (owner: {owner}, due {due})")
            )
            out.append(
                template.format(
                    id=item["id"], owner=item["owner"] or "-", due=item["due_on"] or "-"
                )
            )
    return "\n".join(out)


def register_into(commands: Any, add: Add) -> None:
    """Adds these commands to the `icati assessment` group."""
    submit = add("submit", cmd_submit, "check the answers and lock the assessment", commands)
    submit.add_argument("id", metavar="ID")
    submit.add_argument("--lang", default="en", metavar="LANG", help="language of the problems")
    reopen = add("reopen", cmd_reopen, "a new draft version of a submitted assessment", commands)
    reopen.add_argument("id", metavar="ID")
    compare = add(
        "compare", cmd_compare, "the change per domain and the answers that changed", commands
    )
    compare.add_argument("first", metavar="ID1")
    compare.add_argument("second", metavar="ID2")
    compare.add_argument("--lang", default="en", metavar="LANG")
    override = add(
        "override", cmd_override, "an expert's phase in place of the computed one", commands
    )
    override.add_argument("id", metavar="ID")
    override.add_argument("--phase", type=int, choices=(1, 2, 3, 4), metavar="N")
    override.add_argument("--reason", metavar="TEXT")
    override.add_argument("--by", metavar="NAME", help="who decided (default: this device's user)")
    override.add_argument("--clear", action="store_true", help="back to the computed phase")
    advice = add("advice", cmd_advice, "the advice lines, and action items from them", commands)
    advice.add_argument("id", metavar="ID")
    advice.add_argument("--lang", default="en", metavar="LANG")
    advice.add_argument(
        "--create-actions", action="store_true", help="make an action-plan item of each line"
    )
    advice.add_argument("--domain", action="append", metavar="D1", help="only this line")
    advice.add_argument("--owner", metavar="NAME", help="who carries the new items")
    advice.add_argument("--due", metavar="YYYY-MM-DD", help="when the new items are due")
