"""`icati network groups …`: affinity groups, learning communities, the advisory group."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from icati_desktop.commands.common import Add, emit, open_store
from icati_desktop.i18n import _

GROUP_KINDS = ("affinity_group", "learning_community", "advisory_group")
GROUP_FOCI = ("justice", "health", "community_service", "case_management", "research", "other")


def _group_id(store: Any, text: str) -> str:
    from icati_desktop.store.mailing_lists import find_group as find

    with store.read() as session:
        return find(session, text)


def cmd_groups(args: argparse.Namespace) -> int:
    from icati_desktop.store.network_groups import list_groups

    store = open_store(args)
    try:
        with store.read() as session:
            groups = list_groups(session, args.kind)
    finally:
        store.close()
    lines = [f"{g.record_id}\t{g.kind}\t{g.name}\t{g.members}" for g in groups]
    emit(args, {"groups": [asdict(g) for g in groups]}, "\n".join(lines))
    return 0


def cmd_group_show(args: argparse.Namespace) -> int:
    from icati_desktop.store.network_groups import group_members, group_organisations, group_payload

    store = open_store(args)
    try:
        group_id = _group_id(store, args.group)
        with store.read() as session:
            group = group_payload(session, group_id)
            members = group_members(session, group_id)
            organisations = group_organisations(session, group_id)
    finally:
        store.close()
    data = {
        "group_id": group_id,
        "group": group.model_dump(mode="json", exclude={"member_ids", "organisation_ids"}),
        "members": [asdict(m) for m in members],
        "organisations": [{"organisation_id": i, "name": n} for i, n in organisations],
    }
    lines = [group.name, *(m.display_name for m in members), *(n for _i, n in organisations)]
    emit(args, data, "\n".join(lines))
    return 0


def cmd_group_add(args: argparse.Namespace) -> int:
    from icati_desktop.domain.network_groups import NetworkGroup
    from icati_desktop.store.network_writes import save_group

    group = NetworkGroup.model_validate(
        {
            "kind": args.kind,
            "name": args.name,
            "focus": args.focus,
            "description": args.description or "",
        }
    )
    store = open_store(args)
    try:
        record_id = save_group(store, group)
    finally:
        store.close()
    emit(args, {"group_id": record_id}, record_id)
    return 0


def _change_members(args: argparse.Namespace, *, remove: bool, organisations: bool) -> int:
    from icati_desktop.store.network_writes import change_group_members

    store = open_store(args)
    try:
        group_id = _group_id(store, args.group)
        ids = list(args.ids)
        group = change_group_members(
            store,
            group_id,
            add=[] if remove else ids,
            remove=ids if remove else [],
            organisations=organisations,
        )
    finally:
        store.close()
    data = {
        "group_id": group_id,
        "members": len(group.member_ids),
        "organisations": len(group.organisation_ids),
    }
    emit(args, data, _("{name}: {n} people").format(name=group.name, n=len(group.member_ids)))
    return 0


def register(areas: Any, add: Add) -> None:
    groups = areas.add_parser(
        "groups", help="affinity groups, learning communities, the advisory group"
    )
    group_cmds = groups.add_subparsers(dest="groups_command", required=True, metavar="COMMAND")
    add("list", cmd_groups, "every group with its size", group_cmds).add_argument(
        "--kind", choices=GROUP_KINDS
    )
    add("show", cmd_group_show, "a group's people and organisations", group_cmds).add_argument(
        "group", metavar="GROUP", help="the group's id or name"
    )
    new = add("add", cmd_group_add, "add a group", group_cmds)
    new.add_argument("--kind", choices=GROUP_KINDS, required=True)
    new.add_argument("--name", required=True)
    new.add_argument("--focus", choices=GROUP_FOCI, help="an affinity group's field")
    new.add_argument("--description")
    for name, helptext, remove, organisations in (
        ("add-person", "add people to a group", False, False),
        ("remove-person", "remove people from a group", True, False),
        ("add-organisation", "add organisations to a group", False, True),
        ("remove-organisation", "remove organisations from a group", True, True),
    ):

        def handler(args: argparse.Namespace, r: bool = remove, o: bool = organisations) -> int:
            return _change_members(args, remove=r, organisations=o)

        p = add(name, handler, helptext, group_cmds)
        p.add_argument("group", metavar="GROUP", help="the group's id or name")
        p.add_argument("ids", nargs="+", metavar="ID")
