"""`icati network` commands: members and participants (groups, rosters and curricula, and
mailing lists are in :mod:`network_group_cmds`, :mod:`network_roster_cmds` and
:mod:`network_mail_cmds`)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from icati_desktop.commands.common import Add, CliError, emit, open_store, parse_day
from icati_desktop.i18n import _

MEMBER_KINDS = ("country", "organisation", "person")
MEMBER_STATUSES = ("pending", "active", "suspended", "left")


def check_page(args: argparse.Namespace) -> None:
    if args.offset < 0 or not 1 <= args.limit <= 10_000:
        raise CliError(_("--offset must be 0 or more and --limit between 1 and 10000"))


def country_code(store: Any, code: str | None) -> str | None:
    if code is None:
        return None
    from icati_desktop.store.assessment_reads import require_country

    with store.read() as session:
        return require_country(session, code)


def region_name(text: str | None) -> str | None:
    from icati_desktop.domain.countries import parse_region

    return None if text is None else parse_region(text).value


def _paging(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--limit", type=int, default=100)


def cmd_members(args: argparse.Namespace) -> int:
    from icati_desktop.store.network_members import MemberFilter, members_page
    from icati_desktop.store.paging import PageRequest

    check_page(args)
    flt = MemberFilter(
        kind=args.kind,
        region=region_name(args.region),
        status=args.status,
        group=args.group,
        text=args.search or "",
    )
    store = open_store(args)
    try:
        with store.read() as session:
            page = members_page(
                session, flt, PageRequest("country", offset=args.offset, limit=args.limit)
            )
    finally:
        store.close()
    data = {"total": page.total, "members": [asdict(m) for m in page.rows]}
    lines = [
        "\t".join(
            [
                m.record_id,
                m.kind,
                m.name,
                m.region or "",
                str(m.joined_on),
                m.status,
                ", ".join(m.groups),
            ]
        )
        for m in page.rows
    ] or [_("no members; add one with `icati network members add`")]
    emit(args, data, "\n".join(lines))
    return 0


def _membership(args: argparse.Namespace, store: Any, base: dict[str, Any]) -> Any:
    from icati_desktop.domain.network import Membership

    fields = dict(base)
    if args.joined:
        fields["joined_on"] = parse_day("--joined", args.joined)
    if args.status:
        fields["status"] = args.status
    if args.left:
        fields["left_on"] = parse_day("--left", args.left)
        fields["status"] = "left"
    if args.group is not None:
        fields["groups"] = args.group
    if args.notes is not None:
        fields["notes"] = args.notes
    return Membership.model_validate(fields)


def cmd_member_add(args: argparse.Namespace) -> int:
    from icati_desktop.store.network_writes import save_membership

    named = [n for n in (args.country, args.organisation, args.person) if n]
    if len(named) != 1:
        raise CliError(_("name the member with exactly one of --country, --organisation, --person"))
    if not args.joined:
        raise CliError(_("say when the member joined with --joined YYYY-MM-DD"))
    store = open_store(args)
    try:
        if args.country:
            base = {"kind": "country", "country": country_code(store, args.country)}
        else:
            kind = "organisation" if args.organisation else "person"
            base = {"kind": kind, "member_id": args.organisation or args.person}
            base["country"] = country_code(store, args.member_country)
        record_id = save_membership(store, _membership(args, store, base))
    finally:
        store.close()
    emit(args, {"membership_id": record_id}, record_id)
    return 0


def cmd_member_edit(args: argparse.Namespace) -> int:
    import json

    from icati_desktop.store.network_writes import save_membership
    from icati_desktop.store.records import RecordNotFound
    from icati_desktop.store.tables.directory import MembershipRow

    store = open_store(args)
    try:
        with store.read() as session:
            row = session.get(MembershipRow, args.id)
            if row is None:
                raise RecordNotFound(
                    _("no member {id} on this device; check the id").format(id=args.id)
                )
            base = json.loads(row.data)
        if args.status and args.status != "left":
            base["left_on"] = None
        record_id = save_membership(store, _membership(args, store, base), args.id)
    finally:
        store.close()
    emit(args, {"membership_id": record_id}, record_id)
    return 0


def cmd_participants(args: argparse.Namespace) -> int:
    from icati_desktop.domain.mailing import NETWORK_TARGET
    from icati_desktop.store.network_members import (
        ParticipantFilter,
        network_size,
        participants_page,
    )
    from icati_desktop.store.paging import PageRequest

    check_page(args)
    store = open_store(args)
    try:
        flt = ParticipantFilter(
            country=country_code(store, args.country),
            region=region_name(args.region),
            text=args.search or "",
        )
        with store.read() as session:
            request = PageRequest("display_name", offset=args.offset, limit=args.limit)
            page = participants_page(session, flt, request)
            size = network_size(session)
    finally:
        store.close()
    data = {
        "total": page.total,
        "network_size": size,
        "target": NETWORK_TARGET,
        "participants": [asdict(p) for p in page.rows],
    }
    lines = [_("network size: {n} of the target {target}").format(n=size, target=NETWORK_TARGET)]
    lines += [
        "\t".join([p.record_id, p.display_name, p.organisation, p.country or ""]) for p in page.rows
    ]
    emit(args, data, "\n".join(lines))
    return 0


def register(sub: Any, add: Add) -> None:
    """Adds `icati network …` to the parser."""
    from icati_desktop.commands import (
        network_group_cmds,
        network_mail_cmds,
        network_roster_cmds,
    )

    group = sub.add_parser(
        "network", help="members, participants, groups, experts, curricula, mailing lists"
    )
    areas = group.add_subparsers(dest="network_area", required=True, metavar="AREA")

    members = areas.add_parser("members", help="member countries, organisations and people")
    member_cmds = members.add_subparsers(dest="members_command", required=True, metavar="COMMAND")
    listing = add("list", cmd_members, "members, a page at a time", member_cmds)
    listing.add_argument("--kind", choices=MEMBER_KINDS)
    listing.add_argument(
        "--region", metavar="REGION", help="Africa, Americas, Asia, Europe, Oceania"
    )
    listing.add_argument("--status", choices=MEMBER_STATUSES)
    listing.add_argument("--group", metavar="TAG", help='a group tag, e.g. "AU" or "ISSUP chapter"')
    listing.add_argument("--search", metavar="TEXT")
    _paging(listing)
    for name, handler, helptext in (
        ("add", cmd_member_add, "add a member"),
        ("edit", cmd_member_edit, "change a member's status, dates or group tags"),
    ):
        p = add(name, handler, helptext, member_cmds)
        if name == "add":
            p.add_argument("--country", metavar="ISO3", help="a member country")
            p.add_argument("--organisation", metavar="ID", help="a member organisation")
            p.add_argument("--person", metavar="ID", help="an individual member")
            p.add_argument(
                "--member-country", metavar="ISO3", help="the organisation's or person's country"
            )
        else:
            p.add_argument("id", metavar="ID")
        p.add_argument("--joined", metavar="YYYY-MM-DD")
        p.add_argument("--left", metavar="YYYY-MM-DD", help="the member left (status becomes left)")
        p.add_argument("--status", choices=MEMBER_STATUSES)
        p.add_argument(
            "--group", action="append", metavar="TAG", help="a group tag (repeat; replaces them)"
        )
        p.add_argument("--notes")

    participants = areas.add_parser(
        "participants", help="people whose consent covers network mailings"
    )
    participant_cmds = participants.add_subparsers(
        dest="participants_command", required=True, metavar="COMMAND"
    )
    plist = add(
        "list",
        cmd_participants,
        "participants and the network's size against 200",
        participant_cmds,
    )
    plist.add_argument("--country", metavar="ISO3")
    plist.add_argument("--region", metavar="REGION")
    plist.add_argument("--search", metavar="TEXT")
    _paging(plist)

    network_group_cmds.register(areas, add)
    network_roster_cmds.register(areas, add)
    network_mail_cmds.register(areas, add)
