"""Evaluating a form's phase rules against the scores of one assessment.

Each condition is checked separately and keeps what fell short and why (a domain
below the minimum, with insufficient data, an item answered "don't know"…), so a
country can be told exactly what holds it back. :mod:`icati_desktop.domain.scoring`
computes the scores this module reads and re-exports its result types.

Rules of interpretation:

- A domain with insufficient data (score ``None``) never satisfies a "≥" condition.
- ``ItemsCountAtLeast`` counts items *scored* at least ``min``: "don't know", an
  unanswered item and an item that does not apply never count.
- ``ItemEquals`` holds when the item (or, inside a repeat group, any entry) was
  answered with the choice and the item applies.
- The phase is the highest phase whose conditions all hold, 1 when none does.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from icati_desktop.domain.assessments import Assessment, ChoiceAnswer
from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.domain.form_rules import (
    DomainAtLeast,
    DomainsCountAtLeast,
    EveryDomainAtLeast,
    ItemEquals,
    ItemsCountAtLeast,
    PhaseCondition,
)
from icati_desktop.domain.forms import FormDefinition, FormElement, FormGroup

FIRST_PHASE = 1
"""Interest & Exploration: every country with any contact is at least here."""
ShortfallStatus = Literal["below", "insufficient", "dont_know", "unanswered", "not_relevant"]
Value = Decimal | int | str | None


@dataclass(frozen=True)
class ItemScore:
    """One score item of an assessment as the rules see it."""

    name: str
    domain: str
    weight: Decimal
    relevant: bool
    score: Decimal | None
    """0–4 (the mean of the entries inside a repeat group); ``None`` when not scored."""
    dont_know: bool
    stage: ContinuumStage | None


@dataclass(frozen=True)
class Shortfall:
    """A domain or item that keeps a condition from holding, and why."""

    name: str
    """The domain code, or the item name for item conditions."""
    domain: str
    value: Value
    """The score (or the choice given) it has; ``None`` when it has none."""
    status: ShortfallStatus


@dataclass(frozen=True)
class ConditionCheck:
    phase: int
    condition: PhaseCondition
    met: bool
    actual: Value
    """Domain at least: the domain score. Domains/items count: how many reach the
    minimum. Every domain: the lowest domain score. Item equals: the choice given.
    ``None`` when there is nothing to compare (insufficient data, no answer)."""
    blocking_domains: tuple[str, ...]
    shortfalls: tuple[Shortfall, ...] = ()


@dataclass(frozen=True)
class PhaseResult:
    computed: int
    checks: tuple[ConditionCheck, ...]
    """Every condition of every phase rule, by phase then rule order."""
    next_phase: int | None
    """The lowest phase above ``computed`` that has a rule; ``None`` at the top."""

    def unmet(self, phase: int) -> list[ConditionCheck]:
        return [c for c in self.checks if c.phase == phase and not c.met]

    def blocking_domains(self, phase: int) -> list[str]:
        """Domains that keep ``phase`` from being reached, in rule order, each once."""
        codes: list[str] = []
        for check in self.unmet(phase):
            codes += [c for c in check.blocking_domains if c not in codes]
        return codes


def repeat_groups(form: FormDefinition) -> dict[str, str | None]:
    """Item name → the innermost repeat group holding it (``None`` at top level)."""

    def walk(elements: Sequence[FormElement], inside: str | None) -> dict[str, str | None]:
        found: dict[str, str | None] = {}
        for element in elements:
            if isinstance(element, FormGroup):
                found |= walk(element.items, element.name if element.repeat else inside)
            else:
                found[element.name] = inside
        return found

    groups: dict[str, str | None] = {}
    for domain in form.domains:
        groups |= walk(domain.elements, None)
    return groups


def _domain_shortfall(code: str, score: Decimal | None) -> Shortfall:
    return Shortfall(code, code, score, "insufficient" if score is None else "below")


def _item_shortfall(item: ItemScore) -> Shortfall:
    status: ShortfallStatus = "below"
    if not item.relevant:
        status = "not_relevant"
    elif item.score is None:
        status = "dont_know" if item.dont_know else "unanswered"
    return Shortfall(item.name, item.domain, item.score, status)


def _reaches(score: Decimal | None, minimum: Decimal) -> bool:
    return score is not None and score >= minimum


def _order(score: Decimal | None, *, descending: bool) -> tuple[bool, Decimal]:
    """Sort key: scored domains by score, those without data after them."""
    if score is None:
        return True, Decimal(0)
    return False, -score if descending else score


def _choices_given(form: FormDefinition, assessment: Assessment, name: str) -> list[str]:
    group = repeat_groups(form).get(name)
    if group is None:
        answers = [assessment.answer(name)]
    else:
        answers = [entry[name] for entry in assessment.repeat_answers(group) if name in entry]
    return [a.value.value for a in answers if isinstance(a.value, ChoiceAnswer)]


class _Evaluator:
    def __init__(
        self,
        form: FormDefinition,
        assessment: Assessment,
        relevant: Collection[str] | None,
        domains: Mapping[str, Decimal | None],
        items: Mapping[str, ItemScore],
    ) -> None:
        self.form, self.assessment, self.relevant = form, assessment, relevant
        self.domains, self.items = domains, items

    def check(self, phase: int, condition: PhaseCondition) -> ConditionCheck:
        if isinstance(condition, DomainAtLeast):
            met, actual, short = self.domain_at_least(condition)
        elif isinstance(condition, DomainsCountAtLeast):
            met, actual, short = self.domains_count(condition)
        elif isinstance(condition, ItemsCountAtLeast):
            met, actual, short = self.items_count(condition)
        elif isinstance(condition, EveryDomainAtLeast):
            met, actual, short = self.every_domain(condition)
        else:
            met, actual, short = self.item_equals(condition)
        blocking = tuple(dict.fromkeys(s.domain for s in short))
        return ConditionCheck(phase, condition, met, actual, blocking, tuple(short))

    def domain_at_least(self, condition: DomainAtLeast) -> tuple[bool, Value, list[Shortfall]]:
        score = self.domains[condition.domain]
        met = _reaches(score, condition.min)
        return met, score, [] if met else [_domain_shortfall(condition.domain, score)]

    def domains_count(self, condition: DomainsCountAtLeast) -> tuple[bool, Value, list[Shortfall]]:
        reached = [c for c, s in self.domains.items() if _reaches(s, condition.min)]
        met = len(reached) >= condition.count
        # The domains nearest the minimum first: the fewest steps to reach the count.
        rest = sorted(
            (c for c in self.domains if c not in reached),
            key=lambda c: _order(self.domains[c], descending=True),
        )
        short = [] if met else [_domain_shortfall(c, self.domains[c]) for c in rest]
        return met, len(reached), short

    def items_count(self, condition: ItemsCountAtLeast) -> tuple[bool, Value, list[Shortfall]]:
        items = [self.items[name] for name in condition.items]
        reached = [i for i in items if i.relevant and _reaches(i.score, condition.min)]
        met = len(reached) >= condition.count
        short = [] if met else [_item_shortfall(i) for i in items if i not in reached]
        return met, len(reached), short

    def every_domain(self, condition: EveryDomainAtLeast) -> tuple[bool, Value, list[Shortfall]]:
        scores = [s for s in self.domains.values() if s is not None]
        below = [c for c, s in self.domains.items() if not _reaches(s, condition.min)]
        # The weakest domain first (it holds the country back), then those without data.
        below.sort(key=lambda c: _order(self.domains[c], descending=False))
        short = [_domain_shortfall(c, self.domains[c]) for c in below]
        return not below, min(scores, default=None), short

    def item_equals(self, condition: ItemEquals) -> tuple[bool, Value, list[Shortfall]]:
        applies = self.relevant is None or condition.item in self.relevant
        given = _choices_given(self.form, self.assessment, condition.item) if applies else []
        actual = given[0] if given else None
        if condition.value in given:
            return True, actual, []
        home = next(d.code for d, i in self.form.items() if i.name == condition.item)
        status: ShortfallStatus = (
            "not_relevant" if not applies else "below" if given else "unanswered"
        )
        return False, actual, [Shortfall(condition.item, home, actual, status)]


def evaluate_phases(
    form: FormDefinition,
    assessment: Assessment,
    relevant: Collection[str] | None,
    domains: Mapping[str, Decimal | None],
    items: Mapping[str, ItemScore],
) -> PhaseResult:
    """Check every phase rule of ``form``; ``domains`` maps each domain code (in form
    order) to its score, ``None`` when insufficient; ``items`` holds every score item."""
    evaluator = _Evaluator(form, assessment, relevant, domains, items)
    rules = sorted(form.phase_rules, key=lambda r: r.phase)
    checks = tuple(evaluator.check(rule.phase, c) for rule in rules for c in rule.conditions)
    reached = [r.phase for r in rules if all(c.met for c in checks if c.phase == r.phase)]
    computed = max(reached, default=FIRST_PHASE)
    later = [r.phase for r in rules if r.phase > computed]
    return PhaseResult(computed=computed, checks=checks, next_phase=min(later, default=None))


__all__ = [
    "FIRST_PHASE",
    "ConditionCheck",
    "ItemScore",
    "PhaseResult",
    "Shortfall",
    "ShortfallStatus",
    "evaluate_phases",
    "repeat_groups",
]
