"""Comparing two assessment rounds of a country, also across form versions.

A country re-runs the self-assessment about yearly (advice rule 5) and wants to see
the change per domain and which answers moved. When HQ has published a new form
version in between, the later form's ``crosswalk`` says which earlier item became which
item; an item with the same name in both versions is the same item unless the
crosswalk maps that name elsewhere. Items that match nothing are listed as added or
removed, never dropped, so a reader can see that a question changed.

Items of repeat groups are answered per entry (per site…); their groups are compared
as a whole and named in ``repeat_groups_changed``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from icati_desktop.domain.assessments import Answer, Assessment
from icati_desktop.domain.forms import FormDefinition, ItemType
from icati_desktop.domain.phases import repeat_groups
from icati_desktop.domain.scoring import CENT, AssessmentResult

Round = tuple[FormDefinition, Assessment, AssessmentResult]
ItemChangeKind = Literal["changed", "added", "removed"]


@dataclass(frozen=True)
class DomainChange:
    code: str
    before: Decimal | None
    after: Decimal | None
    change: Decimal | None
    """``after - before``; ``None`` when either round has no score for the domain."""


@dataclass(frozen=True)
class ItemChange:
    item: str | None
    """The name in the later form; ``None`` for an item the later form no longer has."""
    before_item: str | None
    """The name in the earlier form; ``None`` for an item new in the later form."""
    before: Answer | None
    """``None`` when the earlier form has no such item (an empty Answer: unanswered)."""
    after: Answer | None
    kind: ItemChangeKind


@dataclass(frozen=True)
class RoundComparison:
    country: str
    form_id: str
    earlier_version: str
    later_version: str
    earlier_assessed_on: date
    later_assessed_on: date
    earlier_phase: int
    later_phase: int
    """The phases shown (an expert's override where there is one)."""
    crosswalk_used: bool
    domains: tuple[DomainChange, ...]
    items: tuple[ItemChange, ...]
    """Matched items whose answer changed, then items added and removed by the later form."""
    repeat_groups_changed: tuple[str, ...]

    @property
    def mean_change(self) -> Decimal | None:
        """Mean change over the domains scored in both rounds, to 0.01."""
        changes = [d.change for d in self.domains if d.change is not None]
        if not changes:
            return None
        return (sum(changes, Decimal(0)) / len(changes)).quantize(CENT, ROUND_HALF_UP)


def _check_round(
    which: str, form: FormDefinition, assessment: Assessment, result: AssessmentResult
) -> None:
    answered_on = (assessment.form_id, assessment.form_version)
    if answered_on != (form.form_id, form.version) or result.form_version != form.version:
        raise ValueError(
            f"the {which} round was answered on {assessment.form_id}@{assessment.form_version} "
            f"and scored with version {result.form_version}, but form "
            f"{form.form_id}@{form.version} was given; pass the form version it was answered on"
        )


def _answerable(form: FormDefinition, skip: set[str]) -> list[str]:
    return [
        item.name
        for _domain, item in form.items()
        if item.type is not ItemType.NOTE and item.name not in skip
    ]


def item_pairs(
    earlier: FormDefinition, later: FormDefinition
) -> list[tuple[str | None, str | None]]:
    """(earlier name, later name) of every top-level item: matched pairs in the later
    form's order, then items only the later form has (``(None, name)``), then items only
    the earlier one has (``(name, None)``)."""
    in_repeats = {n for n, g in repeat_groups(earlier).items() if g is not None}
    in_repeats |= {n for n, g in repeat_groups(later).items() if g is not None}
    old, new = _answerable(earlier, in_repeats), _answerable(later, in_repeats)
    walked: dict[str, str] = {}
    if earlier.version != later.version:
        for entry in later.crosswalk:
            wanted = entry.from_form_version == earlier.version
            if wanted and entry.from_item in old and entry.to_item in new:
                walked.setdefault(entry.to_item, entry.from_item)
    sources, targets = set(walked.values()), set(walked)
    for name in new:
        if name in old and name not in sources and name not in targets:
            walked[name] = name
    pairs: list[tuple[str | None, str | None]] = [(walked[n], n) for n in new if n in walked]
    pairs += [(None, n) for n in new if n not in walked]
    matched = set(walked.values())
    pairs += [(o, None) for o in old if o not in matched]
    return pairs


def _item_changes(earlier: Round, later: Round) -> list[ItemChange]:
    changes: list[ItemChange] = []
    for old, new in item_pairs(earlier[0], later[0]):
        before = earlier[1].answer(old) if old is not None else None
        after = later[1].answer(new) if new is not None else None
        if before is None or after is None:
            kind: ItemChangeKind = "added" if before is None else "removed"
            changes.append(ItemChange(new, old, before, after, kind))
        elif before.value != after.value:
            changes.append(ItemChange(new, old, before, after, "changed"))
    return changes


def _entries(assessment: Assessment, group: str, rename: dict[str, str]) -> list[dict[str, object]]:
    return [
        {rename.get(name, name): answer.value for name, answer in entry.items()}
        for entry in assessment.repeat_answers(group)
    ]


def _repeat_changes(earlier: Round, later: Round) -> list[str]:
    groups = {g for g in repeat_groups(earlier[0]).values() if g is not None}
    groups |= {g for g in repeat_groups(later[0]).values() if g is not None}
    rename: dict[str, str] = {}
    if earlier[0].version != later[0].version:
        rename = {
            e.from_item: e.to_item
            for e in later[0].crosswalk
            if e.from_form_version == earlier[0].version
        }
    return sorted(g for g in groups if _entries(earlier[1], g, rename) != _entries(later[1], g, {}))


def _domain_changes(before: AssessmentResult, after: AssessmentResult) -> list[DomainChange]:
    earlier = {d.code: d.score for d in before.domains}
    later = {d.code: d.score for d in after.domains}
    codes: Sequence[str] = [*later, *(c for c in earlier if c not in later)]
    changes = []
    for code in codes:
        old, new = earlier.get(code), later.get(code)
        change = new - old if old is not None and new is not None else None
        changes.append(DomainChange(code, old, new, change))
    return changes


def compare_rounds(earlier: Round, later: Round) -> RoundComparison:
    """What changed from the ``earlier`` round to the ``later`` one of the same country
    and form (each round: the form version it was answered on, the assessment, and its
    result from :func:`~icati_desktop.domain.scoring.score_assessment`)."""
    _check_round("earlier", *earlier)
    _check_round("later", *later)
    first, second = earlier[1], later[1]
    if first.country != second.country:
        raise ValueError(
            f"the rounds are of two countries ({first.country}, {second.country}); "
            "compare rounds of one country"
        )
    if first.form_id != second.form_id:
        raise ValueError(
            f"the rounds used two different forms ({first.form_id}, {second.form_id}); "
            "only versions of one form can be compared"
        )
    if first.assessed_on > second.assessed_on:
        raise ValueError(
            f"the earlier round ({first.assessed_on}) is after the later one "
            f"({second.assessed_on}); pass them oldest first"
        )
    crosswalked = first.form_version != second.form_version and any(
        e.from_form_version == first.form_version for e in later[0].crosswalk
    )
    return RoundComparison(
        country=second.country,
        form_id=second.form_id,
        earlier_version=first.form_version,
        later_version=second.form_version,
        earlier_assessed_on=first.assessed_on,
        later_assessed_on=second.assessed_on,
        earlier_phase=earlier[2].shown_phase,
        later_phase=later[2].shown_phase,
        crosswalk_used=crosswalked,
        domains=tuple(_domain_changes(earlier[2], later[2])),
        items=tuple(_item_changes(earlier, later)),
        repeat_groups_changed=tuple(_repeat_changes(earlier, later)),
    )


__all__ = [
    "DomainChange",
    "ItemChange",
    "ItemChangeKind",
    "RoundComparison",
    "compare_rounds",
    "item_pairs",
]
