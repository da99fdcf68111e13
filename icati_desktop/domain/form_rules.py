"""Phase and advice rules of an assessment form, kept as data shipped with the form.

Phase conditions are a small closed vocabulary (``kind``) rather than expressions:
they are few, must be explainable to a country ("blocked by D5 < 2"), and must
evaluate identically on every device. The thresholds of scoring and advice live here
too, so HQ can tune them by publishing a new form version.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from icati_desktop.domain.ids import (
    ChoiceName,
    RequiredTranslatedText,
    Slug,
    TranslatedText,
    XlsName,
)

ScoreValue = Annotated[Decimal, Field(ge=0, le=4)]
"""A threshold on the 0-4 scale."""
Share = Annotated[Decimal, Field(ge=0, le=1)]
"""A fraction of items, 0-1."""
DomainCode = Annotated[str, Field(pattern=r"^D[1-9][0-9]?$")]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DomainAtLeast(_Part):
    kind: Literal["domain_at_least"] = "domain_at_least"
    domain: DomainCode
    min: ScoreValue


class DomainsCountAtLeast(_Part):
    """At least ``count`` domains (any) score ``min`` or more."""

    kind: Literal["domains_count_at_least"] = "domains_count_at_least"
    count: Annotated[int, Field(ge=1)]
    min: ScoreValue


class ItemsCountAtLeast(_Part):
    """At least ``count`` of the named score items (e.g. the D3 stages) score ``min`` or more."""

    kind: Literal["items_count_at_least"] = "items_count_at_least"
    items: Annotated[list[XlsName], Field(min_length=1)]
    count: Annotated[int, Field(ge=1)]
    min: ScoreValue


class EveryDomainAtLeast(_Part):
    kind: Literal["every_domain_at_least"] = "every_domain_at_least"
    min: ScoreValue


class ItemEquals(_Part):
    """A select_one item was answered with the named choice (e.g. ``yes``)."""

    kind: Literal["item_equals"] = "item_equals"
    item: XlsName
    value: ChoiceName


PhaseCondition = Annotated[
    DomainAtLeast | DomainsCountAtLeast | ItemsCountAtLeast | EveryDomainAtLeast | ItemEquals,
    Field(discriminator="kind"),
]


class PhaseRule(_Part):
    """A country reaches ``phase`` when all conditions hold (the highest such phase wins)."""

    phase: Annotated[int, Field(ge=2, le=4)]
    conditions: Annotated[list[PhaseCondition], Field(min_length=1)]

    def problems(
        self,
        domains: Collection[str],
        score_items: Collection[str],
        select_one_choices: Mapping[str, Collection[str]],
    ) -> list[str]:
        """What the rule names that its form lacks (given the form's domain codes, score
        item names, and the choice names of each select_one item)."""
        where = f"phase {self.phase} rule"
        problems: list[str] = []
        for condition in self.conditions:
            if isinstance(condition, DomainAtLeast) and condition.domain not in domains:
                problems.append(f"{where} names unknown domain {condition.domain}")
            elif isinstance(condition, DomainsCountAtLeast) and condition.count > len(domains):
                problems.append(f"{where} asks for {condition.count} of {len(domains)} domains")
            elif isinstance(condition, ItemsCountAtLeast):
                problems += [
                    f"{where} needs score item {name!r}"
                    for name in condition.items
                    if name not in score_items
                ]
                if condition.count > len(condition.items):
                    problems.append(
                        f"{where} asks for {condition.count} of {len(condition.items)} items"
                    )
            elif isinstance(condition, ItemEquals):
                choices = select_one_choices.get(condition.item)
                if choices is None:
                    problems.append(f"{where} needs select_one item {condition.item!r}")
                elif condition.value not in choices:
                    problems.append(
                        f"{where}: {condition.value!r} is not a choice of {condition.item!r}"
                    )
        return problems


class AdviceRule(_Part):
    domain: DomainCode
    library_tags: list[Slug]
    """Resources with any of these topics are recommended with the advice line."""
    action: RequiredTranslatedText
    """The next-step action, offered as an action-plan item."""
    support_offer: RequiredTranslatedText
    """What ICATI offers to help (technical assistance, training…)."""


class ScoringPolicy(_Part):
    """When a domain score counts: below ``min_answered_share`` answered, or at/above
    ``max_dont_know_share`` "don't know", the domain is "insufficient data"."""

    min_answered_share: Share = Decimal("0.6")
    max_dont_know_share: Share = Decimal("0.4")


class AdvicePolicy(_Part):
    max_gaps: Annotated[int, Field(ge=1)] = 3
    target_score: ScoreValue = Decimal(2)
    """Domains below this are gaps even when they do not block the next phase."""
    mapping_dont_know_share: Share = Decimal("0.4")
    """From this share of "don't know" overall, advise a mapping meeting first."""
    mapping_action: TranslatedText = {}
    reassess_after_months: Annotated[int, Field(ge=1)] = 12


__all__ = [
    "AdvicePolicy",
    "AdviceRule",
    "DomainAtLeast",
    "DomainCode",
    "DomainsCountAtLeast",
    "EveryDomainAtLeast",
    "ItemEquals",
    "ItemsCountAtLeast",
    "PhaseCondition",
    "PhaseRule",
    "ScoreValue",
    "ScoringPolicy",
    "Share",
]
