"""`icati network experts|trainers|roster|find-expert|curricula`: the rosters and curricula."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from icati_desktop.commands.common import Add, CliError, emit, open_store, parse_day
from icati_desktop.commands.network_cmds import check_page, country_code, region_name
from icati_desktop.i18n import _

EXPERTISE = (
    "justice",
    "health",
    "community_service",
    "case_management",
    "research",
    "policy",
    "monitoring_evaluation",
    "training",
    "treatment",
)
AVAILABILITY = ("available", "limited", "unavailable")
ROSTER_STATUSES = ("in_training", "certified", "inactive")
CURRICULUM_STATUSES = ("drafting", "piloting", "approved", "published")


def _roster_line(entry: Any) -> str:
    curricula = ", ".join(f"{c.code} {c.certified_on or ''}".strip() for c in entry.certifications)
    return "\t".join(
        [
            entry.display_name,
            entry.status,
            entry.availability or "",
            " ".join(entry.languages),
            " ".join(entry.regions),
            " ".join(entry.expertise),
            curricula,
        ]
    )


def _roster_list(args: argparse.Namespace, roster: str) -> int:
    from icati_desktop.store.network_curricula import find_curriculum
    from icati_desktop.store.network_roster import RosterFilter, roster_entry_json, roster_page
    from icati_desktop.store.paging import PageRequest

    check_page(args)
    store = open_store(args)
    try:
        with store.read() as session:
            curriculum = (
                find_curriculum(session, args.curriculum)
                if getattr(args, "curriculum", None)
                else None
            )
        flt = RosterFilter(
            roster=roster,
            status=args.status,
            language=args.language,
            region=region_name(args.region),
            country=country_code(store, args.country),
            expertise=getattr(args, "expertise", None),
            curriculum_id=curriculum,
            text=args.search or "",
        )
        with store.read() as session:
            page = roster_page(
                session, flt, PageRequest("display_name", offset=args.offset, limit=args.limit)
            )
    finally:
        store.close()
    key = "trainers" if roster == "trainer" else "experts"
    data = {"total": page.total, key: [roster_entry_json(e) for e in page.rows]}
    lines = [_roster_line(e) for e in page.rows] or [
        _("nobody on this roster yet; add someone with `icati network roster set`")
    ]
    emit(args, data, "\n".join(lines))
    return 0


def cmd_experts(args: argparse.Namespace) -> int:
    return _roster_list(args, "ta_expert")


def cmd_trainers(args: argparse.Namespace) -> int:
    return _roster_list(args, "trainer")


def cmd_find_expert(args: argparse.Namespace) -> int:
    from icati_desktop.store.network_roster import ExpertSearch, find_experts, roster_entry_json

    if not (args.country or args.language or args.expertise):
        raise CliError(_("say what to look for: --country, --language and/or --expertise"))
    store = open_store(args)
    try:
        search = ExpertSearch(
            country=country_code(store, args.country),
            language=args.language,
            expertise=args.expertise,
            roster=args.roster,
        )
        with store.read() as session:
            found = find_experts(session, search)
    finally:
        store.close()
    lines = [_roster_line(e) for e in found] or [
        _("nobody matches; try without the language or the expertise")
    ]
    emit(args, {"experts": [roster_entry_json(e) for e in found]}, "\n".join(lines))
    return 0


def cmd_roster_set(args: argparse.Namespace) -> int:
    from icati_desktop.domain.network import RosterEntry
    from icati_desktop.store.network_curricula import find_curriculum
    from icati_desktop.store.network_writes import set_roster_entry

    store = open_store(args)
    try:
        certifications: list[dict[str, Any]] = []
        days = []
        with store.read() as session:
            for text in args.certified or []:
                code, sep, day = text.rpartition("=")
                if not sep:
                    raise CliError(
                        _('write --certified as CODE=YYYY-MM-DD, e.g. "UTC 81=2026-02-01"')
                    )
                certified_on = parse_day("--certified", day)
                days.append(certified_on)
                certifications.append(
                    {"curriculum_id": find_curriculum(session, code), "certified_on": certified_on}
                )
        entry = RosterEntry.model_validate(
            {
                "roster": args.roster,
                "person_id": args.person,
                "languages": args.language or [],
                "regions": [region_name(r) for r in args.region or []],
                "countries": [country_code(store, c) for c in args.country or []],
                "expertise": args.expertise or [],
                "availability": args.availability,
                "certifications": certifications,
                "status": args.status,
                "certified_on": parse_day("--certified-on", args.certified_on)
                or max((d for d in days if d is not None), default=None),
                "notes": args.notes or "",
            }
        )
        record_id = set_roster_entry(store, entry)
    finally:
        store.close()
    emit(args, {"roster_entry_id": record_id}, record_id)
    return 0


def cmd_curricula(args: argparse.Namespace) -> int:
    from icati_desktop.store.network_curricula import list_curricula

    store = open_store(args)
    try:
        with store.read() as session:
            curricula = list_curricula(session, args.status)
    finally:
        store.close()
    data = {
        "curricula": [
            {**asdict(c), "trained": {**asdict(c.trained), "total": c.trained.total}}
            for c in curricula
        ]
    }
    lines = [
        f"{c.code}\t{c.status}\t{c.trained.total}\t{c.trainers}\t{c.title.get('en', '')}"
        for c in curricula
    ]
    emit(args, data, "\n".join(lines))
    return 0


def cmd_trained(args: argparse.Namespace) -> int:
    from icati_desktop.store.network_curricula import (
        find_curriculum,
        trained_people,
        trained_per_curriculum,
    )

    store = open_store(args)
    try:
        with store.read() as session:
            curriculum = find_curriculum(session, args.curriculum)
            people = trained_people(session, curriculum)
            count = trained_per_curriculum(session, [curriculum])[curriculum]
    finally:
        store.close()
    data = {
        "curriculum_id": curriculum,
        "people": [asdict(p) for p in people],
        "unnamed": count.unnamed,
        "total": count.total,
    }
    lines = [
        f"{p.display_name}\t{p.country or ''}\t{p.trained_on}\t{p.event_title}" for p in people
    ]
    lines.append(
        _("{n} trained in all, {u} of them not named").format(n=count.total, u=count.unnamed)
    )
    emit(args, data, "\n".join(lines))
    return 0


def cmd_set_status(args: argparse.Namespace) -> int:
    from icati_desktop.domain.library import CurriculumStatus
    from icati_desktop.store.network_curricula import find_curriculum
    from icati_desktop.store.network_writes import set_curriculum_status

    store = open_store(args)
    try:
        with store.read() as session:
            curriculum = find_curriculum(session, args.curriculum)
        changed = set_curriculum_status(store, curriculum, CurriculumStatus(args.status))
    finally:
        store.close()
    emit(args, {"curriculum_id": curriculum, "status": changed.status.value}, changed.status.value)
    return 0


def _roster_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--status", choices=ROSTER_STATUSES)
    p.add_argument("--language", metavar="CODE", help="e.g. fr")
    p.add_argument("--region", metavar="REGION")
    p.add_argument("--country", metavar="ISO3", help="who worked in that country")
    p.add_argument("--search", metavar="TEXT", help="in the name")
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--limit", type=int, default=100)


def register(areas: Any, add: Add) -> None:
    experts = areas.add_parser("experts", help="ATI Technical Assistance Global Experts")
    expert_cmds = experts.add_subparsers(dest="experts_command", required=True, metavar="COMMAND")
    elist = add("list", cmd_experts, "TA experts, a page at a time", expert_cmds)
    _roster_filters(elist)
    elist.add_argument("--expertise", choices=EXPERTISE)

    trainers = areas.add_parser("trainers", help="ATI Global Trainers")
    trainer_cmds = trainers.add_subparsers(
        dest="trainers_command", required=True, metavar="COMMAND"
    )
    tlist = add(
        "list", cmd_trainers, "trainers with the curricula they are certified on", trainer_cmds
    )
    _roster_filters(tlist)
    tlist.add_argument("--curriculum", metavar="CODE", help='certified on it, e.g. "UTC 81"')

    roster = areas.add_parser("roster", help="put someone on a roster or change their entry")
    roster_cmds = roster.add_subparsers(dest="roster_command", required=True, metavar="COMMAND")
    rset = add("set", cmd_roster_set, "write a person's trainer or TA expert entry", roster_cmds)
    rset.add_argument("person", metavar="PERSON_ID")
    rset.add_argument("--roster", choices=("trainer", "ta_expert"), required=True)
    rset.add_argument("--status", choices=ROSTER_STATUSES, default="in_training")
    rset.add_argument("--language", action="append", metavar="CODE")
    rset.add_argument("--region", action="append", metavar="REGION")
    rset.add_argument("--country", action="append", metavar="ISO3", help="a country worked in")
    rset.add_argument("--expertise", action="append", choices=EXPERTISE)
    rset.add_argument("--availability", choices=AVAILABILITY)
    rset.add_argument("--certified", action="append", metavar="CODE=YYYY-MM-DD")
    rset.add_argument("--certified-on", metavar="YYYY-MM-DD")
    rset.add_argument("--notes")

    find = add(
        "find-expert", cmd_find_expert, "who can help a country, in a language, on a topic", areas
    )
    find.add_argument("--country", metavar="ISO3")
    find.add_argument("--language", metavar="CODE")
    find.add_argument("--expertise", choices=EXPERTISE)
    find.add_argument("--roster", choices=("trainer", "ta_expert"), help="one roster only")

    curricula = areas.add_parser("curricula", help="curricula, their pipeline and who was trained")
    curriculum_cmds = curricula.add_subparsers(
        dest="curricula_command", required=True, metavar="COMMAND"
    )
    add(
        "list", cmd_curricula, "curricula with status, people trained, trainers", curriculum_cmds
    ).add_argument("--status", choices=CURRICULUM_STATUSES)
    add("trained", cmd_trained, "the people trained on a curriculum", curriculum_cmds).add_argument(
        "curriculum", metavar="CODE"
    )
    status = add(
        "set-status", cmd_set_status, "move a curriculum along its pipeline", curriculum_cmds
    )
    status.add_argument("curriculum", metavar="CODE")
    status.add_argument("status", choices=CURRICULUM_STATUSES)
