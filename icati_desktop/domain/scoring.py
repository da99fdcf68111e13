"""Scoring a self-assessment: domain scores, the country's phase, and next-step advice.

Everything here interprets the rules shipped with the form (``form.scoring``,
``form.phase_rules``, ``form.advice_rules``, ``form.advice``); no domain code or item
name is written in this module, so HQ changes the rules by publishing a form version.

Decisions (the rules in DOMAIN.md leave them open):

- A domain score is the weighted mean of its *scored* items (``item.weight``; the
  default form gives ★ key items weight 2), quantised to 0.01 half-up. Phase conditions
  compare that quantised score, so "2.00" on screen always satisfies "≥ 2".
- "Answered" in the insufficient-data rule means a response was given (a score or
  "don't know"): the domain is insufficient when fewer than ``min_answered_share`` of
  its relevant score items have a response, or at least ``max_dont_know_share`` are
  "don't know", or none is scored. Counting DK as unanswered would make the DK rule a
  near-duplicate of the answered rule. An insufficient domain has no score and never
  satisfies a "≥" condition (its shortfall says ``insufficient``).
- ``ItemsCountAtLeast`` counts items *scored* at least ``min``; "don't know", an
  unanswered item and an item that does not apply (not relevant) never count.
- A score item inside a repeat group (answered once per entry, e.g. per site) takes the
  mean of its scored entries; it is "don't know" when no entry is scored and one is DK.
- Phase rules are evaluated by :mod:`icati_desktop.domain.phases` (see its rules of
  interpretation): the highest phase whose conditions all hold, 1 when none does.
- Advice (rules 1–2): the domains blocking the next phase in rule order, then other
  domains scored below ``form.advice.target_score``, weakest first; at most
  ``max_gaps`` lines. A domain without an advice rule in the form gets no line.
- Stage items (advice rule 3) are the items with a ``continuum_stage`` in the domains
  whose items an ``ItemsCountAtLeast`` condition names; "another stage is ≥ 2" uses
  ``form.advice.target_score``.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from icati_desktop.domain.assessments import (
    Answer,
    Assessment,
    DontKnowAnswer,
    PhaseOverride,
    ScoreAnswer,
)
from icati_desktop.domain.base import LocalizedText
from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.domain.form_rules import ItemsCountAtLeast
from icati_desktop.domain.forms import FormDefinition, ItemType
from icati_desktop.domain.phases import (
    ConditionCheck,
    ItemScore,
    PhaseResult,
    Shortfall,
    evaluate_phases,
    repeat_groups,
)

CENT = Decimal("0.01")


@dataclass(frozen=True)
class TaggedResource:
    """A library resource as the advice sees it. ``title`` may be one text or a text per
    language (the report picks the language)."""

    id: str
    title: str | LocalizedText
    tags: frozenset[str]

    def __post_init__(self) -> None:
        # Accept any collection of tags (a list read from JSON) but keep a set.
        object.__setattr__(self, "tags", frozenset(self.tags))


@dataclass(frozen=True)
class DomainScore:
    code: str
    score: Decimal | None
    """Weighted mean 0–4 of the scored items, to 0.01; ``None`` when insufficient."""
    answered: int
    """Relevant score items with a 0–4 score ("don't know" is not counted here)."""
    dont_know: int
    unanswered: int
    total: int
    insufficient: bool
    dont_know_items: tuple[str, ...] = ()
    unanswered_items: tuple[str, ...] = ()

    @property
    def percent(self) -> Decimal | None:
        if self.score is None:
            return None
        return (self.score * 25).quantize(Decimal(1), ROUND_HALF_UP)


@dataclass(frozen=True)
class AdviceLine:
    domain: str
    score: Decimal | None
    anchor: int | None
    """The scale anchor the score has reached (its whole part)."""
    blocks_phase: int | None
    action: LocalizedText
    support_offer: LocalizedText
    library_tags: tuple[str, ...]
    resources: tuple[TaggedResource, ...]
    """Resources with any of the tags, those matching most tags first."""


@dataclass(frozen=True)
class StageGap:
    stage_item: str
    stage: ContinuumStage | None


@dataclass(frozen=True)
class AssessmentResult:
    form_id: str
    form_version: str
    domains: tuple[DomainScore, ...]
    phase: PhaseResult
    override: PhaseOverride | None
    shown_phase: int
    dont_know_share: Decimal
    """Share of relevant score items answered "don't know", to 0.01."""
    mapping_first: bool
    advice: tuple[AdviceLine, ...]
    stage_gaps: tuple[StageGap, ...]
    reassess_on: date | None

    def domain(self, code: str) -> DomainScore:
        for domain in self.domains:
            if domain.code == code:
                return domain
        raise KeyError(f"the result has no domain {code!r}")


def _score_of(name: str, answer: Answer) -> tuple[Decimal | None, bool]:
    value = answer.value
    if value is None or isinstance(value, ScoreAnswer | DontKnowAnswer):
        return (None if answer.score is None else Decimal(answer.score)), answer.is_dont_know
    raise ValueError(
        f'item {name!r} is scored 0-4 or "don\'t know", but its answer is of kind '
        f"{value.kind!r}; correct the answer before scoring"
    )


def _item_states(
    form: FormDefinition, assessment: Assessment, relevant: Collection[str] | None
) -> list[ItemScore]:
    states = []
    groups = repeat_groups(form)
    for domain in form.domains:
        for item in domain.items():
            if item.type is not ItemType.SCORE:
                continue
            group = groups[item.name]
            if group is None:
                score, dont_know = _score_of(item.name, assessment.answer(item.name))
            else:
                entries = [
                    _score_of(item.name, entry[item.name])
                    for entry in assessment.repeat_answers(group)
                    if item.name in entry
                ]
                scores = [s for s, _ in entries if s is not None]
                score = sum(scores, Decimal(0)) / len(scores) if scores else None
                dont_know = score is None and any(dk for _, dk in entries)
            states.append(
                ItemScore(
                    name=item.name,
                    domain=domain.code,
                    weight=item.weight,
                    relevant=relevant is None or item.name in relevant,
                    score=score,
                    dont_know=dont_know,
                    stage=item.continuum_stage,
                )
            )
    return states


def _domain_score(form: FormDefinition, code: str, states: list[ItemScore]) -> DomainScore:
    counted = [s for s in states if s.domain == code and s.relevant]
    scored = [s for s in counted if s.score is not None]
    dont_know = [s.name for s in counted if s.dont_know]
    unanswered = [s.name for s in counted if s.score is None and not s.dont_know]
    total = len(counted)
    policy = form.scoring
    insufficient = (
        not scored
        or (len(scored) + len(dont_know)) < policy.min_answered_share * total
        or len(dont_know) >= policy.max_dont_know_share * total
    )
    score = None
    if not insufficient:
        weighted = sum((s.weight * s.score for s in scored if s.score is not None), Decimal(0))
        score = (weighted / sum(s.weight for s in scored)).quantize(CENT, ROUND_HALF_UP)
    return DomainScore(
        code=code,
        score=score,
        answered=len(scored),
        dont_know=len(dont_know),
        unanswered=len(unanswered),
        total=total,
        insufficient=insufficient,
        dont_know_items=tuple(dont_know),
        unanswered_items=tuple(unanswered),
    )


def _resources_for(
    tags: Sequence[str], resources: Sequence[TaggedResource]
) -> list[TaggedResource]:
    wanted = set(tags)
    matching = [r for r in resources if r.tags & wanted]
    return sorted(matching, key=lambda r: -len(r.tags & wanted))


def _advice(
    form: FormDefinition,
    domains: tuple[DomainScore, ...],
    phase: PhaseResult,
    resources: Sequence[TaggedResource],
) -> tuple[AdviceLine, ...]:
    blocking = phase.blocking_domains(phase.next_phase) if phase.next_phase else []
    target = form.advice.target_score
    # Other domains below the target, the weakest first (form order among equals).
    weak = sorted(
        (d for d in domains if d.code not in blocking and d.score is not None and d.score < target),
        key=lambda d: d.score if d.score is not None else target,
    )
    rules = {r.domain: r for r in form.advice_rules}
    lines: list[AdviceLine] = []
    for code in [c for c in blocking + [d.code for d in weak] if c in rules]:
        if len(lines) == form.advice.max_gaps:
            break
        rule = rules[code]
        score = next(d.score for d in domains if d.code == code)
        lines.append(
            AdviceLine(
                domain=code,
                score=score,
                anchor=None if score is None else int(score),
                blocks_phase=phase.next_phase if code in blocking else None,
                action=dict(rule.action),
                support_offer=dict(rule.support_offer),
                library_tags=tuple(rule.library_tags),
                resources=tuple(_resources_for(rule.library_tags, resources)),
            )
        )
    return tuple(lines)


def _stage_gaps(form: FormDefinition, states: dict[str, ItemScore]) -> tuple[StageGap, ...]:
    stage_domains = {
        states[name].domain
        for rule in form.phase_rules
        for condition in rule.conditions
        if isinstance(condition, ItemsCountAtLeast)
        for name in condition.items
    }
    gaps: list[StageGap] = []
    for code in sorted(stage_domains, key=[d.code for d in form.domains].index):
        stages = [
            s for s in states.values() if s.domain == code and s.stage is not None and s.relevant
        ]
        if any(s.score is not None and s.score >= form.advice.target_score for s in stages):
            gaps += [StageGap(s.name, s.stage) for s in stages if s.score == 0]
    return tuple(gaps)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def score_assessment(
    form: FormDefinition,
    assessment: Assessment,
    *,
    relevant: Collection[str] | None = None,
    resources: Sequence[TaggedResource] = (),
) -> AssessmentResult:
    """Score ``assessment`` with the rules of ``form`` (the version it was answered on).

    ``relevant``: the items that apply given the answers (from the form engine); ``None``
    counts every item. ``resources``: the library, for the advice's recommendations.
    """
    if (assessment.form_id, assessment.form_version) != (form.form_id, form.version):
        raise ValueError(
            f"the assessment was answered on form {assessment.form_id}@"
            f"{assessment.form_version}, not {form.form_id}@{form.version}; "
            "score it with the form version it was answered on"
        )
    item_states = _item_states(form, assessment, relevant)
    states = {s.name: s for s in item_states}
    domains = tuple(_domain_score(form, d.code, item_states) for d in form.domains)
    scores = {d.code: d.score for d in domains}
    phase = evaluate_phases(form, assessment, relevant, scores, states)
    total = sum(d.total for d in domains)
    dont_know = sum(d.dont_know for d in domains)
    override = assessment.phase_override
    return AssessmentResult(
        form_id=form.form_id,
        form_version=form.version,
        domains=domains,
        phase=phase,
        override=override,
        shown_phase=override.phase if override else phase.computed,
        dont_know_share=(Decimal(dont_know) / total if total else Decimal(0)).quantize(
            CENT, ROUND_HALF_UP
        ),
        mapping_first=total > 0 and dont_know >= form.advice.mapping_dont_know_share * total,
        advice=_advice(form, domains, phase, resources),
        stage_gaps=_stage_gaps(form, states),
        reassess_on=add_months(assessment.assessed_on, form.advice.reassess_after_months),
    )


__all__ = [
    "AdviceLine",
    "AssessmentResult",
    "ConditionCheck",
    "DomainScore",
    "PhaseResult",
    "Shortfall",
    "StageGap",
    "TaggedResource",
    "add_months",
    "score_assessment",
]
