"""What changed between two versions of a form: items added, removed, relabelled or with
changed rules, the domains, choice lists, scale, phase and advice rules, and how the items
of the two versions pair up (the crosswalk).

Items pair up as rounds are compared (:mod:`icati_desktop.domain.rounds`): the later
version's crosswalk from the earlier one first, then the same name in both versions
(unless the crosswalk maps that name elsewhere). Unlike a comparison of answers, every
item counts here, notes and items of repeat groups included.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeVar

from icati_desktop.domain.forms import FormDefinition, FormItem

Pairing = Literal["same name", "crosswalk"]
RULE_FIELDS = (
    "type",
    "choices",
    "required",
    "relevant",
    "constraint",
    "constraint_message",
    "weight",
    "key_item",
    "continuum_stage",
)
"""What an item asks or how it scores, beyond its words."""
LABEL_FIELDS = ("label", "hint")


@dataclass(frozen=True)
class ItemPair:
    earlier: str | None
    """The item's name in the earlier version; ``None``: added by the later one."""
    later: str | None
    """The name in the later version; ``None``: removed by it."""
    pairing: Pairing | None
    """How the two were matched; ``None`` for an item of one version only."""


@dataclass(frozen=True)
class ItemDiff:
    earlier: str | None
    later: str | None
    changes: tuple[str, ...]
    """``added``, ``removed``, ``renamed``, ``moved`` (to another domain), the words
    (``label``, ``hint``) and rule fields (:data:`RULE_FIELDS`) that differ."""

    @property
    def name(self) -> str:
        return self.later or self.earlier or ""

    @property
    def relabelled(self) -> bool:
        return any(field in self.changes for field in LABEL_FIELDS)

    @property
    def rules_changed(self) -> bool:
        return any(field in self.changes for field in RULE_FIELDS)


@dataclass(frozen=True)
class FormDiff:
    form_id: str
    earlier_version: str
    later_version: str
    items: tuple[ItemDiff, ...]
    """Items that differ, in the later version's order, then removed ones."""
    pairs: tuple[ItemPair, ...]
    """Every item of both versions, paired: the crosswalk between them."""
    domains_added: tuple[str, ...]
    domains_removed: tuple[str, ...]
    domains_retitled: tuple[str, ...]
    choice_lists_changed: tuple[str, ...]
    scale_changed: bool
    phase_rules_changed: tuple[int, ...]
    """Phases whose rule was added, removed or changed."""
    advice_rules_changed: tuple[str, ...]
    """Domains whose advice rule was added, removed or changed."""
    scoring_changed: bool
    """The insufficient-data thresholds or the advice policy."""

    def of(self, kind: str) -> list[ItemDiff]:
        """The item differences of one kind: ``added``, ``removed``, ``relabelled`` or
        ``rules``."""
        if kind == "relabelled":
            return [d for d in self.items if d.relabelled]
        if kind == "rules":
            return [d for d in self.items if d.rules_changed]
        return [d for d in self.items if kind in d.changes]

    @property
    def unchanged(self) -> bool:
        return not (
            self.items
            or self.domains_added
            or self.domains_removed
            or self.domains_retitled
            or self.choice_lists_changed
            or self.scale_changed
            or self.phase_rules_changed
            or self.advice_rules_changed
            or self.scoring_changed
        )


def pair_items(earlier: FormDefinition, later: FormDefinition) -> list[ItemPair]:
    """Every item of both versions: pairs in the later version's order, then the earlier
    version's items that nothing in the later one continues."""
    old = [item.name for _domain, item in earlier.items()]
    new = [item.name for _domain, item in later.items()]
    walked: dict[str, tuple[str, Pairing]] = {}
    if earlier.version != later.version:
        for entry in later.crosswalk:
            if (
                entry.from_form_version == earlier.version
                and entry.from_item in old
                and entry.to_item in new
                and entry.to_item not in walked
            ):
                walked[entry.to_item] = (entry.from_item, "crosswalk")
    sources = {source for source, _how in walked.values()}
    for name in new:
        if name in old and name not in sources and name not in walked:
            walked[name] = (name, "same name")
    pairs = [
        ItemPair(walked[n][0], n, walked[n][1]) if n in walked else ItemPair(None, n, None)
        for n in new
    ]
    matched = {source for source, _how in walked.values()}
    pairs += [ItemPair(o, None, None) for o in old if o not in matched]
    return pairs


def _choices(form: FormDefinition, item: FormItem) -> object:
    return [c.model_dump(mode="json") for c in form.choices_of(item)]


def _item_changes(earlier: FormDefinition, later: FormDefinition, pair: ItemPair) -> list[str]:
    if pair.earlier is None:
        return ["added"]
    if pair.later is None:
        return ["removed"]
    before, after = earlier.item(pair.earlier), later.item(pair.later)
    changes = ["renamed"] if pair.earlier != pair.later else []
    if _domain_of(earlier, pair.earlier) != _domain_of(later, pair.later):
        changes.append("moved")
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    changes += [f for f in LABEL_FIELDS if old[f] != new[f]]
    changes += [f for f in RULE_FIELDS if f != "choices" and old[f] != new[f]]
    if old["choices"] != new["choices"] or _choices(earlier, before) != _choices(later, after):
        changes.append("choices")
    return changes


def _domain_of(form: FormDefinition, item: str) -> str:
    return next(domain.code for domain, found in form.items() if found.name == item)


K = TypeVar("K")


def _keyed_changes(before: Mapping[K, object], after: Mapping[K, object]) -> list[K]:
    keys = [*after, *(k for k in before if k not in after)]
    return [k for k in keys if before.get(k) != after.get(k)]


def diff_forms(earlier: FormDefinition, later: FormDefinition) -> FormDiff:
    """What changed from ``earlier`` to ``later`` (two versions of one form). Pass the
    later one with the crosswalk HQ uses (``form_versions.with_crosswalk``)."""
    if earlier.form_id != later.form_id:
        raise ValueError(
            f"{earlier.form_id} and {later.form_id} are two forms; compare versions of one form"
        )
    pairs = pair_items(earlier, later)
    items = []
    for pair in pairs:
        changes = _item_changes(earlier, later, pair)
        if changes:
            items.append(ItemDiff(pair.earlier, pair.later, tuple(changes)))
    old_titles = {d.code: d.title for d in earlier.domains}
    new_titles = {d.code: d.title for d in later.domains}
    old_lists = {c.name: c for c in earlier.choice_lists}
    new_lists = {c.name: c for c in later.choice_lists}
    old_phases = {r.phase: r for r in earlier.phase_rules}
    new_phases = {r.phase: r for r in later.phase_rules}
    old_advice = {r.domain: r for r in earlier.advice_rules}
    new_advice = {r.domain: r for r in later.advice_rules}
    return FormDiff(
        form_id=later.form_id,
        earlier_version=earlier.version,
        later_version=later.version,
        items=tuple(items),
        pairs=tuple(pairs),
        domains_added=tuple(c for c in new_titles if c not in old_titles),
        domains_removed=tuple(c for c in old_titles if c not in new_titles),
        domains_retitled=tuple(
            c for c in new_titles if c in old_titles and old_titles[c] != new_titles[c]
        ),
        choice_lists_changed=tuple(_keyed_changes(old_lists, new_lists)),
        scale_changed=earlier.scale != later.scale,
        phase_rules_changed=tuple(sorted(_keyed_changes(old_phases, new_phases))),
        advice_rules_changed=tuple(_keyed_changes(old_advice, new_advice)),
        scoring_changed=earlier.scoring != later.scoring or earlier.advice != later.advice,
    )


__all__ = ["FormDiff", "ItemDiff", "ItemPair", "diff_forms", "pair_items"]
