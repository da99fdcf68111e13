"""Everything this device holds about one person, as readable JSON (a subject access request).

The dossier gathers the person record, their organisation, every consent record with the
history of each (the evidence of what was agreed, when, how and under which notice),
their contact details, and every record that names them: meetings attended, action items
and plans they own, assessments they took part in, initiatives they are the contact of,
rosters and mailing lists. Records are read by the person's id; meetings, which keep
attendees inside the record, are found by a text match on the id and then checked.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.atomic_file import write_atomic
from icati_desktop.store.people import contacts_of, person_detail
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordTermRow, VersionRow
from icati_desktop.store.tables.directory import ConsentRow, MailingListRow, RosterEntryRow
from icati_desktop.store.tables.field import (
    ActionItemRow,
    ActionPlanRow,
    AssessmentRow,
    InitiativeRow,
    MeetingRow,
)

DOSSIER_FORMAT = "icati-person-dossier"


def _when(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _consent_history(session: Session, consent_id: str) -> list[dict[str, Any]]:
    rows = session.execute(
        select(VersionRow.hlc_ms, VersionRow.origin, VersionRow.payload, VersionRow.deleted)
        .where(VersionRow.record_id == consent_id, VersionRow.redacted.is_(False))
        .order_by(VersionRow.hlc_ms, VersionRow.hlc_counter)
    )
    return [
        {
            "recorded_at": _when(ms),
            "device": origin,
            "deleted": bool(deleted),
            "consent": None if deleted else json.loads(payload),
        }
        for ms, origin, payload, deleted in rows
    ]


def _meetings(session: Session, person_id: str) -> list[dict[str, Any]]:
    out = []
    rows = session.execute(
        select(MeetingRow.id, MeetingRow.data)
        .where(MeetingRow.data.contains(person_id))
        .order_by(MeetingRow.held_on)
    )
    for rid, data in rows:
        meeting = json.loads(data)
        for attendee in meeting.get("attendees", []):
            if attendee.get("person_id") == person_id:
                out.append(
                    {
                        "meeting_id": rid,
                        "title": meeting.get("title"),
                        "held_on": meeting.get("held_on"),
                        "country": meeting.get("country"),
                        "attendee": attendee,
                    }
                )
    return out


def _named(session: Session, person_id: str) -> dict[str, list[dict[str, Any]]]:
    def rows(table: Any, column: Any) -> list[dict[str, Any]]:
        found = session.execute(select(table.id, table.data).where(column == person_id))
        return [{"record_id": rid, **json.loads(data)} for rid, data in found]

    def by_term(table: Any, record_type: str, field: str) -> list[dict[str, Any]]:
        ids = select(RecordTermRow.record_id).where(
            RecordTermRow.record_type == record_type,
            RecordTermRow.field == field,
            RecordTermRow.value == person_id,
        )
        found = session.execute(select(table.id, table.data).where(table.id.in_(ids)))
        return [{"record_id": rid, **json.loads(data)} for rid, data in found]

    return {
        "meetings": _meetings(session, person_id),
        "action_items_owned": rows(ActionItemRow, ActionItemRow.owner_person_id),
        "action_plans_as_focal_point": rows(ActionPlanRow, ActionPlanRow.focal_point_person_id),
        "initiatives_as_contact": rows(InitiativeRow, InitiativeRow.contact_person_id),
        "assessments_taken_part_in": by_term(AssessmentRow, "assessment", "participant_ids"),
        "roster_entries": rows(RosterEntryRow, RosterEntryRow.person_id),
        "mailing_lists": by_term(MailingListRow, "mailing_list", "subscriber_ids"),
    }


def person_dossier(store: Store, person_id: str) -> dict[str, Any]:
    """Everything about the person, as plain JSON values (raises if not on this device)."""
    detail = person_detail(store, person_id)
    with store.read() as session:
        consent_ids = list(
            session.scalars(select(ConsentRow.id).where(ConsentRow.person_id == person_id))
        )
        consents = [
            {"consent_id": cid, "history": _consent_history(session, cid)} for cid in consent_ids
        ]
        contact = contacts_of(session, [person_id]).get(person_id)
        history = session.execute(
            select(VersionRow.hlc_ms, VersionRow.origin)
            .where(VersionRow.record_id == person_id, VersionRow.redacted.is_(False))
            .order_by(VersionRow.hlc_ms, VersionRow.hlc_counter)
        ).all()
        named = _named(session, person_id)
    return {
        "format": DOSSIER_FORMAT,
        "format_version": 1,
        "made_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "person_id": person_id,
        "person": detail.person.model_dump(mode="json"),
        "organisation": detail.organisation,
        "contact": contact.model_dump(mode="json", exclude={"person_id"}) if contact else None,
        "consents": consents,
        "record_history": [{"changed_at": _when(ms), "device": o} for ms, o in history],
        **named,
    }


def write_dossier(store: Store, person_id: str, path: Any) -> int:
    """Write the dossier as indented UTF-8 JSON, atomically; returns the bytes written."""
    from pathlib import Path

    data = json.dumps(person_dossier(store, person_id), indent=2, ensure_ascii=False) + "\n"
    encoded = data.encode("utf-8")
    write_atomic(Path(path), encoded)
    return len(encoded)
