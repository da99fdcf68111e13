"""The shown state of records: one leaf as it is, several leaves merged from the log.

The fast path costs nothing: a record with one leaf (or only deleted leaves) shows the
winner rule's leaf. Only a record with several leaves, some of them live, is merged
(:mod:`icati_desktop.versioning.record_merge`), reading that record's own versions
(their parent links, and the payloads of the leaves and of the base).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.registry import payload_model
from icati_desktop.store.chunks import chunked
from icati_desktop.store.tables.core import VersionRow
from icati_desktop.versioning.canonical import canonical_json
from icati_desktop.versioning.hlc import Timestamp
from icati_desktop.versioning.record_merge import RecordMerge, RecordMerger, VersionNode
from icati_desktop.versioning.winner import LeafInfo, choose_winner


@dataclass(frozen=True)
class ShownState:
    """What a record shows, as the current tables store it."""

    shown: LeafInfo
    """The leaf the row stands for (its version id, clock and author)."""
    deleted: bool
    in_conflict: bool
    payload_json: str | None
    """The merged payload's canonical JSON; None: the shown leaf's own payload."""


def needs_merge(leaves: Sequence[LeafInfo]) -> bool:
    return len(leaves) > 1 and not all(leaf.deleted for leaf in leaves)


def version_graphs(
    session: Session, record_ids: Sequence[str]
) -> dict[str, dict[str, VersionNode]]:
    """record id → its versions as merge nodes (ids, parents, clocks; no payloads)."""
    graphs: dict[str, dict[str, VersionNode]] = defaultdict(dict)
    for part in chunked(record_ids):
        rows = session.execute(
            select(
                VersionRow.record_id,
                VersionRow.version_id,
                VersionRow.parents,
                VersionRow.hlc_ms,
                VersionRow.hlc_counter,
                VersionRow.origin,
                VersionRow.deleted,
            ).where(VersionRow.record_id.in_(part))
        )
        for rid, vid, parents, ms, counter, origin, deleted in rows:
            graphs[rid][vid] = VersionNode(
                vid, tuple(json.loads(parents)), Timestamp(ms, counter), origin, deleted
            )
    return graphs


class PayloadReader:
    """Version payloads as JSON values, read once each (the leaves in one query)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[str, Any] = {}

    def prefetch(self, version_ids: Sequence[str]) -> None:
        wanted = [vid for vid in version_ids if vid not in self.cache]
        for part in chunked(wanted):
            for vid, payload in self.session.execute(
                select(VersionRow.version_id, VersionRow.payload).where(
                    VersionRow.version_id.in_(part)
                )
            ):
                self.cache[vid] = json.loads(payload)

    def __call__(self, version_id: str) -> Any:
        if version_id not in self.cache:
            self.prefetch([version_id])
        return self.cache[version_id]


def merge_outcomes(
    session: Session, record_type: str, leaves: Mapping[str, Sequence[str]]
) -> dict[str, RecordMerge]:
    """record id → the merge of the given leaves (the records' version graphs are read)."""
    if not leaves:
        return {}
    model = payload_model(record_type)
    graphs = version_graphs(session, sorted(leaves))
    reader = PayloadReader(session)
    reader.prefetch(sorted({vid for ids in leaves.values() for vid in ids}))
    return {rid: RecordMerger(model, graphs[rid], reader).merge(ids) for rid, ids in leaves.items()}


def shown_states(
    session: Session, record_type: str, leaves: Mapping[str, Sequence[LeafInfo]]
) -> dict[str, ShownState]:
    """record id → what it shows, from its current leaves."""
    states: dict[str, ShownState] = {}
    to_merge: dict[str, list[str]] = {}
    for rid, found in leaves.items():
        if needs_merge(found):
            to_merge[rid] = [leaf.version_id for leaf in found]
        else:
            winner = choose_winner(found)
            states[rid] = ShownState(winner, winner.deleted, False, None)
    for rid, outcome in merge_outcomes(session, record_type, to_merge).items():
        shown = next(leaf for leaf in leaves[rid] if leaf.version_id == outcome.shown)
        payload = None if outcome.payload is None else canonical_json(outcome.payload)
        states[rid] = ShownState(shown, outcome.deleted, outcome.in_conflict, payload)
    return states
