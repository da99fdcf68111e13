"""`icati people` commands: the directory's people, their consent, exports and erasure."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from icati_desktop.commands.common import Add, CliError, emit, open_store, parse_day
from icati_desktop.i18n import _, ngettext

SECTORS = (
    "justice",
    "health",
    "community",
    "case_management",
    "research",
    "international",
    "civil_society",
)
STAGES = ("pre_arrest", "pre_trial", "court", "post_sentence")
SCOPES = ("store_only", "share_with_partners", "network_mailings")
METHODS = ("in_person", "verbal", "email", "form", "other")


def _country(store: Any, code: str | None) -> str | None:
    if code is None:
        return None
    from icati_desktop.store.assessment_reads import require_country

    with store.read() as session:
        return require_country(session, code)


def cmd_list(args: argparse.Namespace) -> int:
    from icati_desktop.store.people import PeopleQuery, count_people, people_page

    if args.offset < 0 or not 1 <= args.limit <= 10_000:
        raise CliError(_("--offset must be 0 or more and --limit between 1 and 10000"))
    store = open_store(args)
    try:
        query = PeopleQuery(country=_country(store, args.country), text=args.search or "")
        with store.read() as session:
            total = count_people(session, query)
        people = people_page(store, query, args.offset, args.limit)
    finally:
        store.close()
    data = {"total": total, "people": [asdict(p) for p in people]}
    lines = [
        "\t".join(
            [
                p.record_id,
                p.display_name,
                p.organisation,
                p.role,
                p.country or "",
                ", ".join(p.emails),
            ]
        )
        for p in people
    ]
    if not people:
        lines = [_("no people in the directory; add one with `icati people add`")]
    emit(args, data, "\n".join(lines))
    return 0


def _detail_json(detail: Any) -> dict[str, Any]:
    return {
        "person_id": detail.record_id,
        "person": detail.person.model_dump(mode="json"),
        "organisation": detail.organisation,
        "consents": [
            {"consent_id": c.record_id, **c.consent.model_dump(mode="json")}
            for c in detail.consents
        ],
        "contact": detail.contact.model_dump(mode="json", exclude={"person_id"})
        if detail.contact
        else None,
    }


def cmd_show(args: argparse.Namespace) -> int:
    from icati_desktop.store.people import person_detail

    store = open_store(args)
    try:
        detail = person_detail(store, args.id)
    finally:
        store.close()
    data = _detail_json(detail)
    person = detail.person
    lines = [person.display_name, f"{person.role} — {detail.organisation}".strip(" —")]
    for c in detail.consents:
        state = (
            _("withdrawn on {day}").format(day=c.consent.withdrawn_on)
            if c.consent.withdrawn_on
            else (_("given") if c.consent.given else _("refused"))
        )
        lines.append(
            _("consent: {scope} {day} {state}").format(
                scope=c.consent.scope.value, day=c.consent.decided_on, state=state
            )
        )
    if detail.contact:
        lines += [*detail.contact.emails, *detail.contact.phones]
    emit(args, data, "\n".join(lines))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from icati_desktop.domain.directory import ConsentRecord, Person
    from icati_desktop.store.people_writes import save_person

    store = open_store(args)
    try:
        consent = None
        if args.consent:
            consent = ConsentRecord.model_validate(
                {
                    "person_id": "00000000-0000-4000-8000-000000000000",
                    "given": True,
                    "scope": args.consent,
                    "decided_on": parse_day("--consent-date", args.consent_date) or date.today(),
                    "method": args.consent_method,
                    "notice_version": args.notice_version,
                    "recorded_by": args.recorded_by,
                }
            )
        person = Person.model_validate(
            {
                "display_name": args.name,
                "role": args.role or "",
                "organisation_name": args.organisation or "",
                "sector": args.sector,
                "country": _country(store, args.country),
                "stages": args.stage or [],
                "decision_authority": args.decision_authority,
            }
        )
        contact_given = bool(args.email or args.phone)
        person_id = save_person(
            store,
            person,
            consent=consent,
            emails=args.email if contact_given else None,
            phones=args.phone if contact_given else None,
        )
    finally:
        store.close()
    emit(args, {"person_id": person_id}, person_id)
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    from icati_desktop.store.people_writes import withdraw_consent

    store = open_store(args)
    try:
        result = withdraw_consent(store, args.id, parse_day("--date", args.date))
    finally:
        store.close()
    text = ngettext(
        "{n} consent withdrawn; contact details erased",
        "{n} consents withdrawn; contact details erased",
        result.consents_withdrawn,
    ).format(n=result.consents_withdrawn)
    emit(args, asdict(result), text)
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    from icati_desktop.store.people_writes import erase_person

    if not args.yes:
        raise CliError(
            _(
                "erasing removes the person's name and contact details here and, after the next "
                "exchange, on HQ and every laptop, and cannot be undone; add --yes to erase"
            )
        )
    store = open_store(args)
    try:
        result = erase_person(store, args.id)
    finally:
        store.close()
    emit(args, {"erased": args.id, **asdict(result)}, _("person erased"))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from icati_desktop.reports.people_export import export_people

    out = Path(args.out).expanduser()
    if not out.parent.is_dir():
        raise CliError(_("no folder {path}; create it first").format(path=out.parent))
    store = open_store(args)
    try:
        count = export_people(store, out, _country(store, args.country))
    finally:
        store.close()
    text = ngettext("{n} person written to {path}", "{n} people written to {path}", count)
    emit(args, {"path": str(out), "people": count}, text.format(n=count, path=out))
    return 0


def cmd_dossier(args: argparse.Namespace) -> int:
    from icati_desktop.store.people_dossier import write_dossier

    out = Path(args.out).expanduser()
    if out.suffix.lower() != ".json":
        raise CliError(_("write the dossier to a .json file"))
    if not out.parent.is_dir():
        raise CliError(_("no folder {path}; create it first").format(path=out.parent))
    store = open_store(args)
    try:
        size = write_dossier(store, args.id, out)
    finally:
        store.close()
    emit(args, {"path": str(out), "bytes": size}, str(out))
    return 0


def register(sub: Any, add: Add) -> None:
    """Adds this module's commands to the `icati` parser."""
    group = sub.add_parser("people", help="the directory's people, consent, exports, erasure")
    commands = group.add_subparsers(dest="people_command", required=True, metavar="COMMAND")
    listing = add("list", cmd_list, "people, a page at a time", commands)
    listing.add_argument("--country", metavar="ISO3")
    listing.add_argument("--search", metavar="TEXT", help="in name, role and organisation")
    listing.add_argument("--offset", type=int, default=0)
    listing.add_argument("--limit", type=int, default=100)
    show = add("show", cmd_show, "one person with consent (contacts only if consented)", commands)
    show.add_argument("id", metavar="ID")
    new = add("add", cmd_add, "add a person (and their consent and contact details)", commands)
    new.add_argument("--name", required=True)
    new.add_argument("--role")
    new.add_argument("--organisation", metavar="NAME")
    new.add_argument("--sector", choices=SECTORS)
    new.add_argument("--country", metavar="ISO3")
    new.add_argument("--stage", action="append", choices=STAGES)
    new.add_argument("--decision-authority", action="store_true")
    new.add_argument("--email", action="append", default=[])
    new.add_argument("--phone", action="append", default=[])
    new.add_argument("--consent", choices=SCOPES, help="the scope the person consented to")
    new.add_argument("--consent-date", metavar="YYYY-MM-DD")
    new.add_argument("--consent-method", choices=METHODS, default="in_person")
    new.add_argument("--notice-version", default="1")
    new.add_argument("--recorded-by", default="icati")
    withdraw = add(
        "withdraw-consent",
        cmd_withdraw,
        "withdraw every consent of a person and erase their contact details",
        commands,
    )
    withdraw.add_argument("id", metavar="ID")
    withdraw.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
    erase = add("erase", cmd_erase, "erase a person everywhere (asks for --yes)", commands)
    erase.add_argument("id", metavar="ID")
    erase.add_argument("--yes", action="store_true", help="confirm the erasure")
    export = add("export", cmd_export, "people to .xlsx or .csv (consent honoured)", commands)
    export.add_argument("--out", required=True, metavar="FILE.xlsx|FILE.csv")
    export.add_argument("--country", metavar="ISO3")
    dossier = add("dossier", cmd_dossier, "everything about one person, as JSON", commands)
    dossier.add_argument("id", metavar="ID")
    dossier.add_argument("--out", required=True, metavar="FILE.json")
