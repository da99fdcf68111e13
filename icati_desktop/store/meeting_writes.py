"""Meetings, write side: save as typed, attach files, follow-ups into the action plan.

A meeting is one record (its agenda, attendees and follow-ups are lists that merge
element by element by their ids), so each save is one version of the whole meeting,
written on top of the leaves the editor last saw (``base_leaves``): a save that raced a
sync import is refused as stale instead of silently undoing it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import cast
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.action_plans import ActionItem, ActionItemSource
from icati_desktop.domain.meetings import AttachmentKind, FollowUp, Meeting, MeetingAttachment
from icati_desktop.i18n import _
from icati_desktop.store.country_plans import new_country_plan
from icati_desktop.store.records import (
    RecordNotFound,
    RecordService,
    RecordView,
    StaleEdit,
    edit_parents,
    leaf_ids,
    shown_payload,
    write_version,
)
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordRow
from icati_desktop.store.tables.field import ActionPlanRow


def load_meeting(store: Store, record_id: str) -> RecordView[Meeting]:
    return RecordService(store).get(Meeting, record_id)


def save_meeting(
    store: Store,
    meeting: Meeting,
    record_id: str | None = None,
    base_leaves: Collection[str] | None = None,
) -> RecordView[Meeting]:
    """Create the meeting (no ``record_id``) or write it on top of ``base_leaves``."""
    service = RecordService(store)
    if record_id is None:
        view = service.create(meeting)
    else:
        view = service.update(record_id, meeting, base_leaves=base_leaves)
    return cast(RecordView[Meeting], view)


def attach_file(path: Path, store: Store, kind: AttachmentKind) -> MeetingAttachment:
    """Copy a file into the blob store; the element to add to ``Meeting.attachments``."""
    if not path.is_file():
        raise FileNotFoundError(
            _("{path} is not a file; choose a file to attach").format(path=path)
        )
    sha = store.blobs.put_file(path)
    return MeetingAttachment(sha256=sha, file_name=path.name, kind=kind)


def _today(store: Store) -> datetime:
    return datetime.fromtimestamp(store.now_ms() / 1000, UTC)


def _open_plan(session: Session, country: str) -> str | None:
    """The country's newest plan that is not closed."""
    return session.scalar(
        select(ActionPlanRow.id)
        .where(ActionPlanRow.country == country, ActionPlanRow.status != "closed")
        .order_by(ActionPlanRow.period_start.desc(), ActionPlanRow.id)
        .limit(1)
    )


def follow_ups_to_action_items(
    store: Store,
    meeting_id: str,
    follow_up_ids: Sequence[str | UUID] | None = None,
    *,
    base_leaves: Collection[str] | None = None,
) -> dict[str, str]:
    """Turn follow-ups into action items of the country's plan, in one transaction.

    Each chosen follow-up (all open ones without an item, when ``follow_up_ids`` is
    ``None``) becomes an :class:`ActionItem` (title, owner, due date; source: this
    meeting) in the country's open plan — a new draft plan for a year when it has
    none — and the meeting records the item's id on the follow-up. A follow-up that
    already became an item is left alone. Returns follow-up id → action item id.
    """
    wanted = None if follow_up_ids is None else {str(f) for f in follow_up_ids}
    today = _today(store).date()
    with store.write() as tx:
        state = tx.session.get(RecordRow, meeting_id)
        if state is None or state.deleted or state.record_type != Meeting.record_type:
            raise RecordNotFound(_("no meeting {id} on this device").format(id=meeting_id))
        leaves = leaf_ids(tx.session, meeting_id)
        if base_leaves is not None and sorted(set(base_leaves)) != leaves:
            raise StaleEdit(_("the meeting changed since it was opened; reopen it and try again"))
        meeting = Meeting.model_validate_json(shown_payload(tx.session, state))
        chosen = [
            f
            for f in meeting.follow_ups
            if f.action_item_id is None and (wanted is None or str(f.id) in wanted)
        ]
        if wanted is not None and len(chosen) != len(wanted):
            known = {str(f.id) for f in meeting.follow_ups}
            missing = sorted(wanted - known)
            if missing:
                raise ValueError(
                    _("the meeting has no follow-up {id}; choose one it lists").format(
                        id=missing[0]
                    )
                )
        if not chosen:
            return {}
        plan_id = _open_plan(tx.session, meeting.country)
        if plan_id is None:
            plan_id = new_country_plan(tx, store, meeting.country, today)
        made: dict[str, str] = {}
        for follow_up in chosen:
            item_id = str(uuid4())
            write_version(
                tx,
                store,
                record_type=ActionItem.record_type,
                record_id=item_id,
                parents=[],
                payload=ActionItem(
                    action_plan_id=UUID(plan_id),
                    country=meeting.country,
                    title=follow_up.action,
                    owner_name=follow_up.owner,
                    due_on=follow_up.due_on,
                    domain_code=_domain_of(meeting),
                    source=ActionItemSource.MEETING_FOLLOW_UP,
                    source_ref=UUID(meeting_id),
                ),
            )
            made[str(follow_up.id)] = item_id
        follow_ups: list[FollowUp] = [
            f.model_copy(update={"action_item_id": UUID(made[str(f.id)])})
            if str(f.id) in made
            else f
            for f in meeting.follow_ups
        ]
        write_version(
            tx,
            store,
            record_type=Meeting.record_type,
            record_id=meeting_id,
            parents=edit_parents(tx.session, state),
            payload=meeting.model_copy(update={"follow_ups": follow_ups}),
        )
    return made


def _domain_of(meeting: Meeting) -> str | None:
    """The agenda's domain when the agenda works on exactly one."""
    domains = {a.domain_code for a in meeting.agenda if a.domain_code}
    return domains.pop() if len(domains) == 1 else None


def delete_meeting(store: Store, record_id: str) -> None:
    """A tombstone version; the earlier versions stay, so History can restore it."""
    RecordService(store).delete(Meeting.record_type, record_id)
