"""An erased person leaves the meetings too: in every version of them a store holds.

Erasing a person rewrites the meetings that list them (their attendee entry becomes one
more anonymous attendee, :func:`anonymise_meetings`). The meeting's *older* versions still
named them, and the store keeps every version; so, like the person's own versions
(:mod:`icati_desktop.store.erasure`), they are *scrubbed* in place: in each meeting
version that lists an erased person, that attendee entry loses its ``name``, ``role`` and
``institution`` (the entry, its sector and stage stay, so merges keep their shape). A
scrubbed version is marked ``redacted``: its id no longer matches its bytes, so it is never
exported, and ``db check`` verifies it as docs/bundle-format.md §9.2 says.

Scrubbing happens in the transaction that brings the erasure or the version, on every
device: the one that erases, HQ importing its bundle, a laptop importing the central
bundle, and any store that later receives an old meeting version. A *leaf* that gets
scrubbed (an edit made on a laptop before the erasure reached it, not yet sent) cannot
travel any more, so the importer writes one new version on top of it
(:func:`anonymise_meetings`) and the edit reaches the others without the name.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from icati_desktop.domain.meetings import Meeting
from icati_desktop.store.erasure import erased_among
from icati_desktop.store.tables.core import RecordLeafRow, RecordRow, VersionRow
from icati_desktop.store.tables.field import MeetingRow
from icati_desktop.versioning.canonical import canonical_json
from icati_desktop.versioning.version import Version

log = logging.getLogger(__name__)

LINKED = '"person_id":"'
"""How canonical JSON spells an attendee linked to a directory person."""
SCRUBBED = {"name": None, "role": "", "institution": ""}
"""What an erased person's attendee entry keeps of these fields in older versions."""


def _listed(payload: Any) -> set[str]:
    if not isinstance(payload, dict):
        return set()
    return {
        str(entry["person_id"])
        for entry in payload.get("attendees") or []
        if isinstance(entry, dict) and entry.get("person_id")
    }


def _scrubbed(payload: dict[str, Any], erased: Collection[str]) -> dict[str, Any] | None:
    """The payload with the erased people's entries scrubbed; None when nothing changes."""
    changed = False
    attendees = []
    for entry in payload.get("attendees") or []:
        if str(entry.get("person_id")) in erased and any(
            entry.get(key) != value for key, value in SCRUBBED.items()
        ):
            entry = {**entry, **SCRUBBED}
            changed = True
        attendees.append(entry)
    return {**payload, "attendees": attendees} if changed else None


def scrub_meeting_versions(session: Session, added: Sequence[Version]) -> set[str]:
    """Scrub the meeting versions that name a person erased here; the meetings touched.

    Looks at the meeting versions just ``added`` (against every erasure the store holds)
    and, when ``added`` erases people, at the stored meeting versions that mention them.
    """
    candidates: dict[str, tuple[str, str]] = {}
    newly_erased = {v.record_id for v in added if v.record_type == "person" and v.deleted}
    for person_id in sorted(newly_erased):
        for version_id, record_id, payload in session.execute(
            select(VersionRow.version_id, VersionRow.record_id, VersionRow.payload).where(
                VersionRow.record_type == Meeting.record_type,
                VersionRow.deleted.is_(False),
                VersionRow.payload.contains(person_id),
            )
        ):
            candidates[version_id] = (record_id, payload)
    meetings = [
        v
        for v in added
        if v.record_type == Meeting.record_type
        and not v.deleted
        and LINKED in v.payload_json  # most meetings name nobody: no JSON to read
    ]
    listed = {v.version_id: _listed(v.payload) for v in meetings}
    erased = set(newly_erased)
    mentioned = set().union(*listed.values()) - erased if listed else set()
    if mentioned:
        erased |= erased_among(session, sorted(mentioned))
    for version in meetings:
        if listed[version.version_id] & erased:
            candidates[version.version_id] = (version.record_id, version.payload_json)
    touched: set[str] = set()
    for version_id, (record_id, text) in candidates.items():
        scrubbed = _scrubbed(json.loads(text), erased)
        if scrubbed is None:
            continue
        session.execute(
            update(VersionRow)
            .where(VersionRow.version_id == version_id)
            .values(payload=canonical_json(scrubbed), redacted=True)
            .execution_options(synchronize_session=False)
        )
        touched.add(record_id)
    if touched:
        log.info("erasure: erased attendees scrubbed from %d meeting(s)' history", len(touched))
    return touched


def scrubbed_leaf_meetings(session: Session, meeting_ids: Iterable[str]) -> set[str]:
    """The meetings among ``meeting_ids`` with a scrubbed leaf (an edit that cannot travel)."""
    ids = sorted(set(meeting_ids))
    if not ids:
        return set()
    return set(
        session.scalars(
            select(RecordLeafRow.record_id)
            .join(VersionRow, VersionRow.version_id == RecordLeafRow.version_id)
            .where(RecordLeafRow.record_id.in_(ids), VersionRow.redacted.is_(True))
        )
    )


def anonymised(meeting: Meeting, erased: Collection[str]) -> Meeting | None:
    """The meeting with the erased people's entries turned into the anonymous count."""
    theirs = [a for a in meeting.attendees if str(a.person_id) in erased]
    if not theirs:
        return None
    return Meeting.model_validate(
        {
            **meeting.model_dump(),
            "attendees": [a.model_dump() for a in meeting.attendees if a not in theirs],
            "anonymous_attendee_count": meeting.anonymous_attendee_count
            + sum(1 for a in theirs if a.attended),
        }
    )


def meetings_to_rewrite(session: Session, meeting_ids: Iterable[str]) -> dict[str, Meeting]:
    """For each live meeting that lists an erased person or has a scrubbed leaf: the
    payload of the version that makes it whole again (the shown state, anonymised)."""
    ids = sorted(set(meeting_ids))
    stuck = scrubbed_leaf_meetings(session, ids)
    rewrites: dict[str, Meeting] = {}
    for meeting_id, data in session.execute(
        select(MeetingRow.id, MeetingRow.data)
        .join(RecordRow, RecordRow.record_id == MeetingRow.id)
        .where(MeetingRow.id.in_(ids), RecordRow.deleted.is_(False))
    ):
        meeting = Meeting.model_validate_json(data)
        listed = {str(a.person_id) for a in meeting.attendees if a.person_id is not None}
        erased = erased_among(session, sorted(listed)) if listed else set()
        rewritten = anonymised(meeting, erased)
        if rewritten is not None or meeting_id in stuck:
            rewrites[meeting_id] = rewritten or meeting
    return rewrites


def scrub_problems(session: Session) -> Iterator[str]:
    """What ``db check`` finds wrong with scrubbed meeting versions.

    A scrubbed version is sound when it is a live meeting version whose JSON reads, that
    lists at least one erased person, and whose entries for erased people are all scrubbed.
    Its id cannot be recomputed (its bytes changed): that is what ``redacted`` says.
    """
    rows = session.execute(
        select(VersionRow.version_id, VersionRow.record_id, VersionRow.deleted, VersionRow.payload)
        .where(VersionRow.redacted.is_(True), VersionRow.record_type == Meeting.record_type)
        .execution_options(yield_per=500)
    )
    for version_id, record_id, deleted, text in rows:
        where = f"version {version_id[:12]}… of meeting {record_id}"
        try:
            payload = None if deleted else json.loads(text)
        except (TypeError, ValueError):
            payload = None
        listed = _listed(payload)
        erased = erased_among(session, sorted(listed)) if listed else set()
        if not erased:
            yield f"{where} is marked redacted but lists no erased person"
        elif _scrubbed(payload, erased) is not None:  # type: ignore[arg-type]
            yield f"{where} still names an erased person"


__all__ = [
    "anonymised",
    "meetings_to_rewrite",
    "scrub_meeting_versions",
    "scrub_problems",
    "scrubbed_leaf_meetings",
]
