"""What a record with several leaves shows: their three-way merge against a common base.

A pure function of the record's version graph (merge-on-read): every replica holding
the same versions computes the same payload and the same conflicts, whatever order
they arrived in, and nothing is written to show a merge.

* **Order and bases.** The leaves are taken highest rank first; each next leaf is merged
  into what the ones before it merged to, against a base: the lowest common ancestors
  of that leaf and of everything the leaves before it descend from (following parent
  links within the record). None: no base (the empty document), e.g. two creations of
  one id. One: its payload. Several, after criss-cross merges: the base is *their*
  merge, computed the same way — what the record showed when those were its leaves
  (beyond :data:`MAX_BASE_DEPTH` nested levels: no base). A tombstone base is no base.
  With two leaves this is the classic three-way merge against their common ancestor.
* **Existence.** Every leaf deleted: deleted. At a step where one side is deleted and
  the base existed: deleted if the other side did not change anything since the base,
  else a conflict at the root (an edit against a deletion) that shows the edit. A
  deletion of what the other side never had (no base) changes nothing.
* **Content.** At each step, the two sides merge field by field by the rules of the
  payload model (:mod:`icati_desktop.versioning.merge`,
  :mod:`icati_desktop.domain.merge_rules`). A path that conflicts at a step is a
  conflict of the record: it lists every live leaf's value there and the base of the
  step that found it, and shows the merged value (the highest-ranked leaf's).
* **Validity.** A merged payload must validate against its model and pass the model's
  :meth:`~icati_desktop.domain.base.RecordPayload.merge_problem`. If it does not, the
  record shows the winning leaf whole, and every path where another leaf's change is
  not shown becomes a conflict (showing the winner's value).

Leaves rank by the winner rule (:func:`~icati_desktop.versioning.winner.winner_key`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

from pydantic import ValidationError

from icati_desktop.domain.base import RecordPayload
from icati_desktop.domain.merge_rules import MergeSpec, merge_spec
from icati_desktop.versioning.ancestry import ancestors, lowest
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


@dataclass
class _Fold:
    """The merge of the leaves taken so far (highest rank first)."""

    value: Any
    """The merged payload (:data:`MISSING`: deleted)."""
    conflicts: dict[Path, Any] = field(default_factory=dict)
    """Conflicting path → the base's value there, from the step that found it."""
    root_base: Any = MISSING
    root: bool = False
    """Whether an edit and a deletion of something the base held met."""
    base: tuple[str | None, tuple[str, ...], Any] = (None, (), MISSING)
    """The last step's base: its version, the versions merged into it, its payload."""


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
        self._ancestry: dict[str, frozenset[str]] = {}
        self._steps: dict[frozenset[str], list[tuple[str, frozenset[str]]]] = {}
        self._memo: dict[frozenset[str], RecordMerge] = {}

    def payload(self, version_id: str) -> Any:
        if version_id not in self._payloads:
            self._payloads[version_id] = self._payload_of(version_id)
        return self._payloads[version_id]

    def ranked(self, versions: Iterable[str]) -> list[VersionNode]:
        return sorted((self.graph[v] for v in versions), key=lambda n: n.rank, reverse=True)

    def ancestry(self, version_id: str) -> frozenset[str]:
        if version_id not in self._ancestry:
            self._ancestry[version_id] = frozenset(ancestors(version_id, self.parents))
        return self._ancestry[version_id]

    def steps(self, versions: frozenset[str]) -> list[tuple[str, frozenset[str]]]:
        """Each leaf after the first (by rank), with the lowest common ancestors of it and
        of everything the leaves before it descend from: the base it is merged against."""
        if versions not in self._steps:
            nodes = self.ranked(versions)
            known = set(self.ancestry(nodes[0].version_id))
            out = []
            for node in nodes[1:]:
                own = self.ancestry(node.version_id)
                out.append((node.version_id, frozenset(lowest(known & own, self.parents))))
                known |= own
            self._steps[versions] = out
        return self._steps[versions]

    def merge(self, leaves: Iterable[str]) -> RecordMerge:
        """The merge of ``leaves``; nested bases are merged first, without recursion."""
        wanted = frozenset(leaves)
        stack: list[tuple[frozenset[str], int]] = [(wanted, 0)]
        expanded: set[frozenset[str]] = set()
        while stack:
            versions, depth = stack[-1]
            if versions in self._memo:
                stack.pop()
                continue
            pending = [
                base
                for _vid, base in self.steps(versions)
                if len(base) > 1 and base not in self._memo
            ]
            if pending and depth < MAX_BASE_DEPTH and versions not in expanded:
                expanded.add(versions)
                stack.extend((base, depth + 1) for base in pending)
                continue
            self._memo[versions] = self._compute(versions)
            stack.pop()
        return self._memo[wanted]

    def _base(self, lcas: frozenset[str]) -> tuple[str | None, tuple[str, ...], Any]:
        if not lcas:
            return None, (), MISSING
        if len(lcas) > 1:
            inner = self._memo.get(lcas)  # None: deeper than MAX_BASE_DEPTH
            value = MISSING if inner is None or inner.deleted else inner.payload
            return None, tuple(sorted(lcas)), value
        [base] = lcas
        return base, (), MISSING if self.graph[base].deleted else self.payload(base)

    def _fold(self, nodes: list[VersionNode], versions: frozenset[str]) -> _Fold:
        """Merge the leaves one at a time, highest rank first, each against its own base."""
        top = nodes[0]
        fold = _Fold(MISSING if top.deleted else self.payload(top.version_id))
        for vid, lcas in self.steps(versions):
            node = self.graph[vid]
            fold.base = self._base(lcas)
            base = fold.base[2]
            other = MISSING if node.deleted else self.payload(vid)
            if fold.value is MISSING or other is MISSING:
                live = other if fold.value is MISSING else fold.value
                if live is MISSING or base is MISSING:
                    fold.value = live  # a deletion of what the other side never had
                elif live == base:
                    fold.value = MISSING  # nobody changed what was deleted
                else:
                    fold.value = live  # an edit against a deletion: the edit is shown
                    fold.root = True
                    fold.root_base = base
                continue
            sides = [Side("merged", top.rank, fold.value), Side(vid, node.rank, other)]
            fold.value, found = merge_values(self.spec, base, sides)
            for conflict in found:
                fold.conflicts.setdefault(conflict.path, conflict.base)
        return fold

    def _conflict(
        self, path: Path, base: Any, content: Any, live: list[VersionNode]
    ) -> PathConflict:
        values = tuple(
            (n.version_id, value_at(self.spec, self.payload(n.version_id), path)) for n in live
        )
        shown_value = value_at(self.spec, content, path)
        changed = tuple(vid for vid, value in values if value != base)
        shown = next(
            (vid for vid, value in values if value == shown_value and vid in changed),
            live[0].version_id,
        )
        return PathConflict(path, base, values, changed, shown)

    def _compute(self, versions: frozenset[str]) -> RecordMerge:
        nodes = self.ranked(versions)
        order = tuple(n.version_id for n in nodes)
        live = [n for n in nodes if not n.deleted]
        if len(nodes) == 1 or not live:
            top = nodes[0]
            payload = None if top.deleted else self.payload(top.version_id)
            return RecordMerge(order, top.version_id, top.deleted, payload, (), None, (), MISSING)
        fold = self._fold(nodes, versions)
        base, base_from, base_value = fold.base
        if fold.value is MISSING:
            deleted = next(n for n in nodes if n.deleted)
            return RecordMerge(
                order, deleted.version_id, True, None, (), base, base_from, base_value
            )
        paths = list(fold.conflicts)  # in the order the merge met them: the model's
        kept = [p for p in paths if not any(q != p and p[: len(q)] == q for q in paths)]
        conflicts = [self._conflict(p, fold.conflicts[p], fold.value, live) for p in kept]
        if fold.root:
            values = tuple(
                (n.version_id, MISSING if n.deleted else self.payload(n.version_id)) for n in nodes
            )
            changed = tuple(vid for vid, value in values if value != fold.root_base)
            conflicts.insert(
                0, PathConflict((), fold.root_base, values, changed, live[0].version_id)
            )
        sides = [Side(n.version_id, n.rank, self.payload(n.version_id)) for n in live]
        content: Any = fold.value
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
    bases = {conflict.path: conflict.base for conflict in outcome.conflicts}
    document = outcome.payload
    for path, source in sorted(choices.items()):
        if not path:
            continue
        origin = outcome.base_payload if source == BASE else live.get(source, MISSING)
        value = bases.get(path, MISSING) if source == BASE else value_at(spec, origin, path)
        document = with_value_at(spec, document, path, value, origin)
    return document


def merge_record(
    model: type[RecordPayload],
    leaves: Sequence[str],
    graph: Mapping[str, VersionNode],
    payload_of: Callable[[str], Any],
) -> RecordMerge:
    """The shown state of a record from its leaves and its version graph (see the module)."""
    return RecordMerger(model, graph, payload_of).merge(leaves)
