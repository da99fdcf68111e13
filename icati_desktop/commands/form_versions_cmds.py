"""`icati forms` commands about versions: list them, compare two, retire one, and read or
edit the crosswalk between two (what the Forms screen does at HQ)."""

from __future__ import annotations

import argparse
from typing import Any

from icati_desktop.commands.common import Add, CliError, emit, open_store
from icati_desktop.i18n import _, ngettext


def cmd_versions(args: argparse.Namespace) -> int:
    from icati_desktop.store.form_versions import list_form_versions

    store = open_store(args)
    try:
        with store.read() as session:
            versions = [v for v in list_form_versions(session) if v.form_id == args.id]
    finally:
        store.close()
    if not versions:
        raise CliError(
            _("no form {id} on this device; `icati forms list` shows the stored forms").format(
                id=args.id
            )
        )
    lines = []
    for v in versions:
        state = _("retired") if v.retired else _("in use")
        lines.append(
            f"{v.version}  {state}  "
            + ngettext("{n} assessment", "{n} assessments", v.assessments).format(n=v.assessments)
            + f"  ({v.counts()})"
            + (("  " + _("crosswalk edited at HQ")) if v.crosswalk_edited else "")
        )
    emit(args, [v.model_dump(mode="json") for v in versions], "\n".join(lines))
    return 0


def _diff_json(diff: Any) -> dict[str, Any]:
    return {
        "form_id": diff.form_id,
        "earlier": diff.earlier_version,
        "later": diff.later_version,
        "unchanged": diff.unchanged,
        "added": [d.name for d in diff.of("added")],
        "removed": [d.name for d in diff.of("removed")],
        "relabelled": [d.name for d in diff.of("relabelled")],
        "rules_changed": [d.name for d in diff.of("rules")],
        "items": [
            {"earlier": d.earlier, "later": d.later, "changes": list(d.changes)} for d in diff.items
        ],
        "domains_added": list(diff.domains_added),
        "domains_removed": list(diff.domains_removed),
        "domains_retitled": list(diff.domains_retitled),
        "choice_lists_changed": list(diff.choice_lists_changed),
        "scale_changed": diff.scale_changed,
        "phase_rules_changed": list(diff.phase_rules_changed),
        "advice_rules_changed": list(diff.advice_rules_changed),
        "scoring_changed": diff.scoring_changed,
        "pairs": [
            {"earlier": p.earlier, "later": p.later, "pairing": p.pairing} for p in diff.pairs
        ],
    }


def _diff_text(data: dict[str, Any]) -> str:
    lines = [
        _("{id}: from version {a} to version {b}").format(
            id=data["form_id"], a=data["earlier"], b=data["later"]
        )
    ]
    if data["unchanged"]:
        return "\n".join([*lines, _("nothing changed")])
    for key, title in (
        ("added", _("items added")),
        ("removed", _("items removed")),
        ("relabelled", _("items relabelled")),
        ("rules_changed", _("items whose rules changed")),
    ):
        if data[key]:
            lines.append(f"{title}: {', '.join(data[key])}")
    renamed = [i for i in data["items"] if "renamed" in i["changes"]]
    lines += [
        _("{old} became {new} (crosswalk)").format(old=i["earlier"], new=i["later"])
        for i in renamed
    ]
    for key, title in (
        ("domains_added", _("domains added")),
        ("domains_removed", _("domains removed")),
        ("domains_retitled", _("domains retitled")),
        ("choice_lists_changed", _("choice lists changed")),
        ("phase_rules_changed", _("phase rules changed")),
        ("advice_rules_changed", _("advice changed for")),
    ):
        if data[key]:
            lines.append(f"{title}: {', '.join(str(v) for v in data[key])}")
    if data["scale_changed"]:
        lines.append(_("the response scale changed"))
    if data["scoring_changed"]:
        lines.append(_("the scoring or advice thresholds changed"))
    return "\n".join(lines)


def cmd_diff(args: argparse.Namespace) -> int:
    from icati_desktop.store.form_versions import diff_versions

    store = open_store(args)
    try:
        with store.read() as session:
            diff = diff_versions(session, args.id, args.first, args.second)
    finally:
        store.close()
    data = _diff_json(diff)
    emit(args, data, _diff_text(data))
    return 0


def cmd_retire(args: argparse.Namespace) -> int:
    from icati_desktop.store.form_versions import set_retired

    store = open_store(args)
    try:
        status = set_retired(store, args.id, args.version, not args.undo)
    finally:
        store.close()
    text = (
        _("{id} version {v} is retired: no new assessment can start on it; those on it stay")
        if status.retired
        else _("{id} version {v} is in use again: new assessments may start on it")
    ).format(id=args.id, v=args.version)
    emit(args, {"ok": True, **status.model_dump(mode="json")}, text)
    return 0


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for text in pairs:
        source, sep, target = text.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise CliError(_("--map takes EARLIER=LATER (item names), not {v!r}").format(v=text))
        mapping[source.strip()] = target.strip()
    return mapping


def cmd_crosswalk(args: argparse.Namespace) -> int:
    from icati_desktop.store.form_versions import diff_versions, save_crosswalk, status_of

    changes = _mapping(args.map or [])
    unmap = set(args.unmap or [])
    store = open_store(args)
    try:
        if changes or unmap:
            with store.read() as session:
                diff = diff_versions(session, args.id, args.earlier, args.later)
            if (diff.earlier_version, diff.later_version) != (args.earlier, args.later):
                raise CliError(_("--from names the earlier version and --to the later one"))
            current = {
                p.earlier: p.later
                for p in diff.pairs
                if p.pairing == "crosswalk" and p.earlier and p.later
            }
            unknown = sorted(unmap - set(current))
            if unknown:
                raise CliError(
                    _("{items}: not in the crosswalk from version {v}, nothing to unmap").format(
                        items=", ".join(unknown), v=args.earlier
                    )
                )
            mapping = {k: v for k, v in current.items() if k not in unmap} | changes
            save_crosswalk(store, args.id, args.earlier, args.later, mapping)
        with store.read() as session:
            diff = diff_versions(session, args.id, args.earlier, args.later)
            status = status_of(session, args.id, diff.later_version)
    finally:
        store.close()
    pairs = [{"earlier": p.earlier, "later": p.later, "pairing": p.pairing} for p in diff.pairs]
    data = {
        "form_id": args.id,
        "earlier": diff.earlier_version,
        "later": diff.later_version,
        "edited": bool(status and status.crosswalk is not None),
        "pairs": pairs,
    }
    lines = []
    for p in diff.pairs:
        if p.pairing == "crosswalk":
            lines.append(_("{old} → {new}  (crosswalk)").format(old=p.earlier, new=p.later))
        elif p.pairing is None and p.later is None:
            lines.append(_("{old} → –  (removed)").format(old=p.earlier))
        elif p.pairing is None:
            lines.append(_("– → {new}  (added)").format(new=p.later))
        else:
            lines.append(f"{p.earlier} = {p.later}")
    emit(args, data, "\n".join(lines))
    return 0


def register_into(forms: Any, add: Add) -> None:
    """Adds these commands to the `icati forms` group."""
    versions = add("versions", cmd_versions, "the versions of a form, retired or in use", forms)
    versions.add_argument("id", metavar="ID")
    diff = add("diff", cmd_diff, "what changed between two versions of a form", forms)
    diff.add_argument("id", metavar="ID")
    diff.add_argument("first", metavar="V1")
    diff.add_argument("second", metavar="V2")
    retire = add("retire", cmd_retire, "no new assessments on a form version", forms)
    retire.add_argument("id", metavar="ID")
    retire.add_argument("version", metavar="VERSION")
    retire.add_argument("--undo", action="store_true", help="bring the version back into use")
    crosswalk = add(
        "crosswalk", cmd_crosswalk, "which item of a version became which of a later one", forms
    )
    crosswalk.add_argument("id", metavar="ID")
    crosswalk.add_argument("--from", dest="earlier", required=True, metavar="V1")
    crosswalk.add_argument("--to", dest="later", required=True, metavar="V2")
    crosswalk.add_argument(
        "--map", action="append", metavar="OLD=NEW", help="item OLD of V1 became NEW of V2"
    )
    crosswalk.add_argument(
        "--unmap", action="append", metavar="OLD", help="remove OLD's entry from the crosswalk"
    )
