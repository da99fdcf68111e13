"""Importing the member register: countries, organisations and people who are members.

An organisation or a person member is named by its id or by its name as the directory
holds it (an organisation's name; a person's name, when only one person has it).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.network import MemberKind, Membership, MembershipStatus
from icati_desktop.formats.spreadsheet.columns import Column
from icati_desktop.i18n import N_, _
from icati_desktop.store.field_words import MEMBER_STATUS
from icati_desktop.store.imports.cells import choice, day, text
from icati_desktop.store.imports.directory_index import DirectoryIndex, organisation_ids
from icati_desktop.store.imports.model import Context, Plan, Row
from icati_desktop.store.imports.places import Countries
from icati_desktop.store.imports.planner import Planner
from icati_desktop.store.tables.core import RecordRow
from icati_desktop.store.tables.directory import MembershipRow

COLUMNS = (
    Column("membership_id", N_("Membership id")),
    Column("kind", N_("Member kind"), required=True),
    Column("country", N_("Country")),
    Column("member_name", N_("Member")),
    Column("member_id", N_("Member id")),
    Column("joined_on", N_("Joined on"), required=True),
    Column("left_on", N_("Left on")),
    Column("status", N_("Status")),
    Column("notes", N_("Notes")),
)
KINDS = {"country": N_("Country"), "organisation": N_("Organisation"), "person": N_("Person")}
STATUSES = MEMBER_STATUS


CENTRAL_ONLY_MEMBERS = N_(
    "Members are kept by the central office; import this file on the central office's device"
)


class MembersKind:
    name = "members"
    columns = COLUMNS

    def plan(self, session: Session, rows: list[Row], context: Context) -> Plan:
        planner = _Planner(session, context, rows)
        if planner.central_only("membership", _(CENTRAL_ONLY_MEMBERS)):
            planner.prefetch(rows, "membership_id")
            for row in rows:
                planner.row(row)
        return planner.plan


class _Planner(Planner):
    columns = COLUMNS

    def __init__(self, session: Session, context: Context, rows: list[Row]) -> None:
        super().__init__(session, context)
        self.countries = Countries(session)
        names = [text(r.values.get("member_name")) for r in rows]
        self.people = DirectoryIndex(session, names)
        self.orgs = organisation_ids(session, names)
        self.members = {
            (kind, member or country): rid
            for rid, kind, member, country in session.execute(
                select(
                    MembershipRow.id,
                    MembershipRow.kind,
                    MembershipRow.member_id,
                    MembershipRow.country,
                )
            )
        }

    def row(self, row: Row) -> None:
        v, before = row.values, len(self.plan.problems)
        existing = self.existing(row, "membership_id", Membership)
        current = existing[1] if existing else None
        kind = self.cell(row, "kind", lambda c: choice(c, MemberKind, KINDS))
        if kind is None and not text(v.get("kind")):
            self.problem(
                row, "kind", _("the kind is missing; write country, organisation or person")
            )
        country = self.cell(
            row,
            "country",
            lambda c: self.countries.code(c, self.context, required=kind is MemberKind.COUNTRY),
        )
        joined = self.cell(row, "joined_on", day)
        if joined is None and not text(v.get("joined_on")):
            self.problem(
                row, "joined_on", _("the day the member joined is missing; write it as YYYY-MM-DD")
            )
        data: dict[str, object] = {
            "kind": kind,
            "country": country,
            "joined_on": joined,
            "left_on": self.cell(row, "left_on", day),
            "notes": text(v.get("notes")),
        }
        status = self.cell(row, "status", lambda c: choice(c, MembershipStatus, STATUSES))
        if status is not None:
            data["status"] = status
        elif data["left_on"] is not None:
            data["status"] = MembershipStatus.LEFT
        if kind is not None and kind is not MemberKind.COUNTRY:
            data["member_id"] = self._member(row, kind)
        if len(self.plan.problems) > before:
            return
        base = current.model_dump() if current is not None else {}
        if current is not None and data.get("member_id") is not None:
            data = {**self.kept(row, data, current), "member_id": data["member_id"]}
        membership = self.build(row, Membership, {**base, **self.kept(row, data, current)})
        if membership is None:
            return
        if existing is None:
            key = (membership.kind.value, str(membership.member_id or membership.country))
            if key in self.members:
                self.problem(
                    row,
                    "member_name" if membership.member_id else "country",
                    _(
                        "already a member (membership_id {id}); put that membership_id in "
                        "the row to update it, or remove the row"
                    ).format(id=self.members[key]),
                )
                return
            self.members[key] = f"row {row.number}"
        self.keep(row, existing[0] if existing else None, membership, current)

    def _member(self, row: Row, kind: MemberKind) -> str | None:
        given = text(row.values.get("member_id"))
        if given:
            state = self.session.get(RecordRow, given)
            if state is None or state.deleted or state.record_type != kind.value:
                self.problem(
                    row,
                    "member_id",
                    _(
                        "nothing of this kind in the directory has this "
                        "id; check the id or write the member's name"
                    ),
                )
                return None
            return given
        name = text(row.values.get("member_name"))
        found = (
            self.orgs.get(name.casefold())
            if kind is MemberKind.ORGANISATION
            else self.people.only_one_named(name)
        )
        if found is None:
            self.problem(
                row,
                "member_name",
                _(
                    "{name!r} is not in the directory (or several people "
                    "have this name); add it first or write its id"
                ).format(name=name),
            )
        return found
