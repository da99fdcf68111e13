"""What a record with several leaves shows: their three-way merge against a common base.

A pure function of the record's version graph (merge-on-read): every replica holding
the same versions computes the same payload and the same conflicts, whatever order
they arrived in, and nothing is written to show a merge.

* **Base.** The lowest common ancestors of the leaves (the most recent versions all of
  them descend from, following parent links within the record). One: its payload.
  None: no base (the empty document), e.g. two creations of one id. Several, after
  criss-cross merges: the base is *their* merge, computed the same way — what the
  record showed when those were its leaves (beyond :data:`MAX_BASE_DEPTH` nested
  levels, the highest-ranked of them). A tombstone base is no base.
* **Existence.** Every leaf deleted: deleted. A leaf deleted while the base existed:
  deleted if no live leaf changed anything since the base, else a conflict at the
  root (an edit against a deletion) that shows the edit. A deletion of a record the
  others do not descend from (no base) changes nothing.
* **Content.** The live leaves merge field by field by the rules of the payload model
  (:mod:`icati_desktop.versioning.merge`, :mod:`icati_desktop.domain.merge_rules`).
* **Validity.** A merged payload must validate against its model and pass the model's
  :meth:`~icati_desktop.domain.base.RecordPayload.merge_problem`. If it does not, the
  record shows the winning leaf whole, and every path where another leaf's change is
  not shown becomes a conflict (showing the winner's value).

Leaves rank by the winner rule (:func:`~icati_desktop.versioning.winner.winner_key`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final

from pydantic import ValidationError

from icati_desktop.domain.base import RecordPayload
from icati_desktop.domain.merge_rules import MergeSpec, merge_spec
from icati_desktop.versioning.ancestry import lowest_common_ancestors
from icati_desktop.versioning.canonical import canonical_json
from icati_desktop.versioning.hlc import Timestamp
from icati_desktop.versioning.merge import (
    MISSING,
    Path,
    PathConflict,
    Side,
    differing_paths,
    merge_values,
    value_at,
    with_value_at,
)
from icati_desktop.versioning.winner import LeafInfo, winner_key

MAX_BASE_DEPTH: Final = 128
"""How many levels of criss-cross merges a base is rebuilt through. Deeper, the base is
empty: every difference between the leaves is then a conflict — visible, never lost."""


@dataclass(frozen=True, slots=True)
class VersionNode:
    """A version as the merge sees it: its place in the graph and its rank."""

    version_id: str
    parents: tuple[str, ...]
    hlc: Timestamp
    origin: str
    deleted: bool

    @property
    def rank(self) -> tuple[bool, int, int, str, str]:
        return winner_key(LeafInfo(self.version_id, self.hlc, self.origin, self.deleted))


@dataclass(frozen=True)
class RecordMerge:
    """The shown state of a record."""

    leaves: tuple[str, ...]
    """The versions merged, highest rank first."""
    shown: str
    """The leaf the current row stands for: the winner rule's choice among the leaves
    that agree with the outcome (a deleted one if the record is deleted)."""
    deleted: bool
    payload: dict[str, Any] | None
    """The merged payload as canonical JSON values (None when deleted)."""
    conflicts: tuple[PathConflict, ...]
    """Every conflicting path; ``()`` is the record itself (an edit against a deletion)."""
    base: str | None
    """The base version, when it is one version (None: no common ancestor, or several)."""
    base_from: tuple[str, ...]
    """The lowest common ancestors the base was merged from, when there were several."""
    base_payload: Any
    """The base's payload (:data:`~icati_desktop.versioning.merge.MISSING` if none)."""
    fallback: str | None = None
    """Why the merged payload could not be shown (then the winner is shown whole)."""
    sides: tuple[tuple[str, Any], ...] = ()
    """The payload of each live leaf, highest rank first."""

    @property
    def in_conflict(self) -> bool:
        return bool(self.conflicts)

    @property
    def merged(self) -> bool:
        """Whether the payload comes from more than one leaf."""
        return len(self.leaves) > 1


def _covers(a: Path, b: Path) -> bool:
    return a[: len(b)] == b or b[: len(a)] == a


def canonical_payload(model: type[RecordPayload], payload: Any) -> dict[str, Any]:
    """The payload as its model would write it (raises ``ValidationError``)."""
    valid = model.model_validate(payload)
    dumped: dict[str, Any] = json.loads(canonical_json(valid.model_dump(mode="python")))
    return dumped


def validation_text(exc: ValidationError) -> str:
    problem = exc.errors()[0]
    where = ".".join(str(p) for p in problem["loc"])
    return f"{where}: {problem['msg']}" if where else str(problem["msg"])


class RecordMerger:
    """Merges the leaves of one record (memoising the bases it rebuilds)."""

    def __init__(
        self,
        model: type[RecordPayload],
        graph: Mapping[str, VersionNode],
        payload_of: Callable[[str], Any],
    ) -> None:
        self.model = model
        self.spec: MergeSpec = merge_spec(model)
        self.graph = graph
        self.parents = {vid: node.parents for vid, node in graph.items()}
        self._payload_of = payload_of
        self._payloads: dict[str, Any] = {}
        self._memo: dict[frozenset[str], RecordMerge] = {}
        self._lcas: dict[frozenset[str], frozenset[str]] = {}

    def payload(self, version_id: str) -> Any:
        if version_id not in self._payloads:
            self._payloads[version_id] = self._payload_of(version_id)
        return self._payloads[version_id]

    def merge(self, leaves: Iterable[str]) -> RecordMerge:
        """The merge of ``leaves``, rebuilding nested bases bottom-up (no recursion)."""
        wanted = frozenset(leaves)
        chain: list[frozenset[str]] = []
        current = wanted
        while current not in self._memo:
            chain.append(current)
            if len(current) == 1:
                break
            found = frozenset(lowest_common_ancestors(current, self.parents))
            self._lcas[current] = found
            if len(found) <= 1 or len(chain) > MAX_BASE_DEPTH:
                break
            current = found
        for versions in reversed(chain):
            self._memo[versions] = self._compute(versions)
        return self._memo[wanted]

    def _base(self, versions: frozenset[str]) -> tuple[str | None, tuple[str, ...], Any]:
        found = self._lcas.get(versions, frozenset())
        if not found:
            return None, (), MISSING
        if len(found) > 1:
            inner = self._memo.get(found)
            if inner is None:  # deeper than MAX_BASE_DEPTH
                return None, tuple(sorted(found)), MISSING
            return None, tuple(sorted(found)), MISSING if inner.deleted else inner.payload
        [base] = found
        return base, (), MISSING if self.graph[base].deleted else self.payload(base)

    def _compute(self, versions: frozenset[str]) -> RecordMerge:
        nodes = sorted((self.graph[v] for v in versions), key=lambda n: n.rank, reverse=True)
        order = tuple(n.version_id for n in nodes)
        live = [n for n in nodes if not n.deleted]
        if len(nodes) == 1 or not live:
            top = nodes[0]
            payload = None if top.deleted else self.payload(top.version_id)
            return RecordMerge(order, top.version_id, top.deleted, payload, (), None, (), MISSING)
        base, base_from, base_value = self._base(versions)
        sides = [Side(n.version_id, n.rank, self.payload(n.version_id)) for n in live]
        content, found = merge_values(self.spec, base_value, sides)
        conflicts: list[PathConflict] = list(found)
        deletions = [n for n in nodes if n.deleted]
        if deletions and base_value is not MISSING:
            if all(side.value == base_value for side in sides):
                # Nobody changed what was deleted: the deletion is a one-sided change.
                return RecordMerge(
                    order, deletions[0].version_id, True, None, (), base, base_from, base_value
                )
            values = tuple(
                (n.version_id, MISSING if n.deleted else self.payload(n.version_id)) for n in nodes
            )
            changed = tuple(vid for vid, value in values if value != base_value)
            root = PathConflict((), base_value, values, changed, live[0].version_id)
            conflicts.insert(0, root)
        fallback: str | None = None
        if len(sides) > 1:
            content, conflicts, fallback = self._checked(content, conflicts, sides, base_value)
        return RecordMerge(
            leaves=order,
            shown=live[0].version_id,
            deleted=False,
            payload=content,
            conflicts=tuple(conflicts),
            base=base,
            base_from=base_from,
            base_payload=base_value,
            fallback=fallback,
            sides=tuple((side.version_id, side.value) for side in sides),
        )

    def _checked(
        self,
        content: Any,
        conflicts: list[PathConflict],
        sides: Sequence[Side],
        base: Any,
    ) -> tuple[Any, list[PathConflict], str | None]:
        """The merged payload if the model accepts it; else the winner's, and more conflicts."""
        try:
            checked = canonical_payload(self.model, content)
            problem = self.model.merge_problem(content, [side.value for side in sides])
        except ValidationError as exc:
            problem = validation_text(exc)
        else:
            if problem is None:
                return checked, conflicts, None
        winner = sides[0]
        out = [replace(c, shown=winner.version_id) if c.path else c for c in conflicts]
        covered = [c.path for c in out]
        for path in differing_paths(self.spec, content, winner.value):
            if any(_covers(path, done) for done in covered):
                continue
            base_at = value_at(self.spec, base, path)
            values = tuple((s.version_id, value_at(self.spec, s.value, path)) for s in sides)
            changed = tuple(vid for vid, value in values if value != base_at)
            out.append(PathConflict(path, base_at, values, changed, winner.version_id))
            covered.append(path)
        return winner.value, out, problem


BASE: Final = "base"
"""In resolution choices: take the value from the base."""


def resolved_payload(
    spec: MergeSpec, outcome: RecordMerge, choices: Mapping[Path, str]
) -> Any | None:
    """The merged payload with each chosen path taken from a leaf or the base (unchecked).

    ``choices`` maps a conflicting path to a leaf's version id or :data:`BASE`; every
    other path keeps its merged value. At the root (an edit against a deletion), a
    deletion gives ``None`` (the record stays deleted), the base gives the base whole.
    """
    live = dict(outcome.sides)
    root = choices.get(())
    if root == BASE:
        return None if outcome.base_payload is MISSING else outcome.base_payload
    if root is not None and root not in live:
        return None
    document = outcome.payload
    for path, source in sorted(choices.items()):
        if not path:
            continue
        origin = outcome.base_payload if source == BASE else live.get(source, MISSING)
        document = with_value_at(spec, document, path, value_at(spec, origin, path), origin)
    return document


def merge_record(
    model: type[RecordPayload],
    leaves: Sequence[str],
    graph: Mapping[str, VersionNode],
    payload_of: Callable[[str], Any],
) -> RecordMerge:
    """The shown state of a record from its leaves and its version graph (see the module)."""
    return RecordMerger(model, graph, payload_of).merge(leaves)
