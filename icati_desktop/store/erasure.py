"""Erasure: a deleted person or contact leaves nothing readable behind, on every device.

The store keeps every version, so deleting a record normally keeps its history. For the
record types in :data:`~icati_desktop.domain.directory.ERASABLE_TYPES` a deletion is an
erasure instead: as soon as a store holds a tombstone of such a record, every other
version of that record is *redacted* in place — ``deleted`` true, payload ``null``,
``redacted`` true — keeping only its id, parents, clock and origin. That happens in the
transaction that adds the tombstone or any later version of the record, so

* the device that erases purges its own history at once;
* a device that imports the tombstone (HQ from a field bundle, a laptop from the central
  bundle) purges what it holds of the record in the import's transaction;
* a version of an erased record that arrives later (an older bundle, a laptop that was
  offline) is redacted in the transaction that stores it, so it never shows, never
  re-enters the search index and never leaves in a bundle.

A redacted version's id no longer matches its content (there is none): ``db check``
accepts it only as described by :func:`redaction_problems`, and bundle writers never
export it (the erasure's tombstone travels and names it as a parent; a parent a store
lacks is harmless). The state digest is unchanged: it covers record states and leaf ids,
which every device that holds the same versions computes alike.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, aliased

from icati_desktop.domain.directory import ERASABLE_TYPES
from icati_desktop.store.chunks import chunked
from icati_desktop.store.tables.core import VersionRow

log = logging.getLogger(__name__)

SCRUBBED_TYPE = "meeting"
"""The record type whose versions may name a person (:mod:`.attendee_erasure`)."""


def erased_among(session: Session, record_ids: Sequence[str]) -> set[str]:
    """The records among ``record_ids`` (of erasable types) that hold a tombstone."""
    found: set[str] = set()
    for part in chunked(record_ids):
        found.update(
            session.scalars(
                select(VersionRow.record_id)
                .where(
                    VersionRow.record_id.in_(part),
                    VersionRow.record_type.in_(sorted(ERASABLE_TYPES)),
                    VersionRow.deleted.is_(True),
                )
                .distinct()
            )
        )
    return found


def redact_erased(session: Session, record_type: str, record_ids: Sequence[str]) -> int:
    """Redact every live version of the erased records among ``record_ids``.

    Called by ``add_versions`` for each record type it touched, before the records are
    re-materialised; returns how many versions were redacted.
    """
    if record_type not in ERASABLE_TYPES:
        return 0
    redacted = 0
    for part in chunked(sorted(erased_among(session, record_ids))):
        result = session.execute(
            update(VersionRow)
            .where(VersionRow.record_id.in_(part), VersionRow.deleted.is_(False))
            .values(deleted=True, payload="null", redacted=True)
            .execution_options(synchronize_session=False)
        )
        redacted += int(getattr(result, "rowcount", 0) or 0)
    if redacted:
        log.info("erasure: %d version(s) of erased %s records redacted", redacted, record_type)
    return redacted


def redacted_count(session: Session) -> int:
    """How many versions erasures emptied (``db check`` reports it)."""
    query = select(func.count()).select_from(VersionRow).where(VersionRow.redacted.is_(True))
    return int(session.scalar(query) or 0)


def redaction_problems(session: Session) -> Iterator[str]:
    """What ``db check`` finds wrong with redacted versions.

    A redacted version is sound when it belongs to an erasable record type, is empty
    (deleted, payload ``null``) and its record holds at least one tombstone that is *not*
    redacted — the erasure itself, whose id ``db check`` verifies like any version's.
    """
    tombstone = aliased(VersionRow)
    rows = session.execute(
        select(VersionRow.version_id, VersionRow.record_type, VersionRow.record_id)
        .where(VersionRow.redacted.is_(True))
        # Meeting versions with an erased attendee scrubbed: attendee_erasure checks them.
        .where(VersionRow.record_type != SCRUBBED_TYPE)
        .where(
            (VersionRow.record_type.not_in(sorted(ERASABLE_TYPES)))
            | VersionRow.deleted.is_(False)
            | (VersionRow.payload != "null")
            | ~select(tombstone.version_id)
            .where(
                tombstone.record_id == VersionRow.record_id,
                tombstone.deleted.is_(True),
                tombstone.redacted.is_(False),
            )
            .exists()
        )
    )
    for version_id, record_type, record_id in rows:
        yield (
            f"version {version_id[:12]}… of {record_type} {record_id} is marked redacted "
            "but no erasure of that record explains it"
        )
