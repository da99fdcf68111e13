"""Assessment form definitions as versioned data (HQ-owned).

A form definition carries everything the form engine needs, so changing a question,
a threshold or an advice text is a new published version, not a code change: the
response scale, domains of items (XLSForm-like names, types, ``relevant`` and
``constraint`` expression text, choice lists), the phase rules and the advice rules.
Each version of a form is its own record (``form_id`` + ``version``); answers keep the
version they were given against, and ``crosswalk`` maps items of an earlier version
to this one so scores can be compared across versions.

The rule vocabulary lives in :mod:`icati_desktop.domain.form_rules`; this module
checks that a form's rules refer to its own domains, items and choices.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from icati_desktop.domain.base import LocalizedText, Owner, RecordPayload, ShortText
from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.domain.form_rules import (
    AdvicePolicy,
    AdviceRule,
    DomainCode,
    PhaseRule,
    ScoringPolicy,
)
from icati_desktop.domain.ids import (
    ChoiceName,
    FormVersion,
    LanguageCode,
    RequiredTranslatedText,
    Slug,
    TranslatedText,
    XlsName,
)

Expression = Annotated[str, Field(min_length=1, max_length=2000)]
"""XLSForm expression text (``${item} >= 2``), evaluated by the form engine."""
Appearance = Annotated[str, Field(min_length=1, max_length=200)]
"""An XLSForm ``appearance`` that changes only how a question looks (``minimal``…)."""
ChoiceProperty = Annotated[str, Field(max_length=500)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ItemType(StrEnum):
    SCORE = "score"
    """An answer on the form's 0-4 scale (or "don't know" where the scale allows it)."""
    SELECT_ONE = "select_one"
    SELECT_MULTIPLE = "select_multiple"
    INTEGER = "integer"
    DECIMAL = "decimal"
    TEXT = "text"
    DATE = "date"
    NOTE = "note"
    CALCULATE = "calculate"
    """A value the form computes from other answers (its ``calculation``); never shown."""
    TIME = "time"
    DATETIME = "datetime"
    ACKNOWLEDGE = "acknowledge"
    """A statement the person confirms (a box to tick: "OK")."""
    GEOPOINT = "geopoint"
    """A place: latitude and longitude in degrees (WGS 84), altitude and accuracy in metres."""


SELECT_TYPES = frozenset({ItemType.SELECT_ONE, ItemType.SELECT_MULTIPLE})
CALCULABLE_TYPES = frozenset(ItemType) - {
    ItemType.SCORE,
    ItemType.ACKNOWLEDGE,
    ItemType.GEOPOINT,
}
"""Types whose value a ``calculation`` may give: a score is always a person's judgement."""


class ScaleAnchor(_Part):
    value: Annotated[int, Field(ge=0, le=4)]
    label: RequiredTranslatedText
    description: TranslatedText = {}


class ResponseScale(_Part):
    anchors: list[ScaleAnchor]
    dont_know_allowed: bool = True
    dont_know_label: TranslatedText = {}

    @model_validator(mode="after")
    def _complete(self) -> ResponseScale:
        if sorted(a.value for a in self.anchors) != [0, 1, 2, 3, 4]:
            raise ValueError("the scale needs exactly one anchor for each value 0 to 4")
        if self.dont_know_allowed and not self.dont_know_label:
            raise ValueError('a scale that allows "don\'t know" needs a label for it')
        return self


class Choice(_Part):
    name: ChoiceName
    label: RequiredTranslatedText
    properties: dict[XlsName, ChoiceProperty] = {}
    """The choice's other columns (``region``, ``country``…), which a ``choice_filter``
    reads by their bare names."""


class ChoiceList(_Part):
    name: XlsName
    choices: Annotated[list[Choice], Field(min_length=1)]
    source: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    """Where the choices came from when not the choices sheet: ``external_choices`` or the
    file a ``select_one_from_file`` named (``sites.csv``)."""

    @model_validator(mode="after")
    def _distinct(self) -> ChoiceList:
        names = [c.name for c in self.choices]
        if len(set(names)) != len(names):
            raise ValueError(f"choice list {self.name!r} names a choice twice")
        return self


class FormItem(_Part):
    kind: Literal["item"] = "item"
    name: XlsName
    type: ItemType
    label: RequiredTranslatedText
    hint: TranslatedText = {}
    required: bool = False
    relevant: Expression | None = None
    constraint: Expression | None = None
    constraint_message: TranslatedText = {}
    choices: XlsName | None = None
    """The ``list_name`` of the choice list of a select item."""
    choice_filter: Expression | None = None
    """Which choices a select item offers: evaluated per choice, the choice's columns read
    by their bare names (``region = ${region}``)."""
    calculation: Expression | None = None
    """The value is computed, never answered (``calculate`` items, and read-only questions
    that show a computed value)."""
    default: Annotated[str, Field(min_length=1, max_length=2000)] | None = None
    """The answer given when the form (or a repeat entry) is started: a value as XLSForm
    writes it, or an expression (``today()``) computed then (``default_dynamic``)."""
    default_dynamic: bool = False
    read_only: bool = False
    required_message: TranslatedText = {}
    appearance: Appearance | None = None
    weight: Annotated[Decimal, Field(gt=0)] = Decimal(1)
    key_item: bool = False
    continuum_stage: ContinuumStage | None = None

    @property
    def computed(self) -> bool:
        """Whether the form computes the value rather than a person answering it."""
        return self.calculation is not None

    @model_validator(mode="after")
    def _consistent(self) -> FormItem:
        selects = self.type in SELECT_TYPES
        if selects != (self.choices is not None):
            raise ValueError(f"item {self.name!r}: select items, and only they, name a choice list")
        if self.choice_filter is not None and not selects:
            raise ValueError(f"item {self.name!r}: only select items have a choice filter")
        if self.type is not ItemType.SCORE and (self.key_item or self.weight != 1):
            raise ValueError(f"item {self.name!r}: only score items carry a weight or key_item")
        if self.type is ItemType.CALCULATE and self.calculation is None:
            raise ValueError(f"item {self.name!r}: a calculate item needs a calculation")
        if self.calculation is not None and self.type not in CALCULABLE_TYPES:
            raise ValueError(f"item {self.name!r}: a {self.type.value} item is never calculated")
        if self.computed and self.default is not None:
            raise ValueError(f"item {self.name!r}: a computed value has no default")
        return self


class FormGroup(_Part):
    """Elements shown together; a ``repeat`` group is answered once per entry (e.g. per
    site). Groups nest as XLSForm groups do; answers to a repeat group's items are kept
    per entry in :attr:`Assessment.repeats`."""

    kind: Literal["group"] = "group"
    name: XlsName
    label: TranslatedText = {}
    repeat: bool = False
    relevant: Expression | None = None
    repeat_count: Expression | None = None
    """For a repeat group: how many entries it has, computed (``${sites_count}``); ``None``
    lets people add and remove entries."""
    appearance: Appearance | None = None
    items: Annotated[list[FormElement], Field(min_length=1)]

    @model_validator(mode="after")
    def _count_for_repeats(self) -> FormGroup:
        if self.repeat_count is not None and not self.repeat:
            raise ValueError(f"group {self.name!r}: only a repeat group has a repeat_count")
        return self

    def flat_items(self) -> Iterator[FormItem]:
        """Every item of the group and its nested groups, in form order."""
        for element in self.items:
            if isinstance(element, FormGroup):
                yield from element.flat_items()
            else:
                yield element

    def groups(self) -> Iterator[FormGroup]:
        """This group and every group nested in it, in form order."""
        yield self
        for element in self.items:
            if isinstance(element, FormGroup):
                yield from element.groups()


FormElement = Annotated[FormItem | FormGroup, Field(discriminator="kind")]
FormGroup.model_rebuild()


class FormDomain(_Part):
    code: DomainCode
    title: RequiredTranslatedText
    description: TranslatedText = {}
    elements: Annotated[list[FormElement], Field(min_length=1)]

    def items(self) -> Iterator[FormItem]:
        """Every item of the domain, groups flattened, in form order."""
        for element in self.elements:
            if isinstance(element, FormGroup):
                yield from element.flat_items()
            else:
                yield element

    def groups(self) -> Iterator[FormGroup]:
        """Every group of the domain, nested ones included, in form order."""
        for element in self.elements:
            if isinstance(element, FormGroup):
                yield from element.groups()


class CrosswalkEntry(_Part):
    from_form_version: Annotated[str, Field(min_length=1)]
    from_item: XlsName
    to_item: XlsName


class FormDefinition(RecordPayload):
    record_type: ClassVar[str] = "form_definition"
    owner: ClassVar[Owner] = Owner.HQ

    form_id: Slug
    version: FormVersion
    title: RequiredTranslatedText
    description: TranslatedText = Field(default_factory=dict)
    languages: Annotated[list[LanguageCode], Field(min_length=1)]
    default_language: LanguageCode
    """Every required text (titles, labels, advice) must exist in this language."""
    scale: ResponseScale
    scoring: ScoringPolicy = Field(default_factory=ScoringPolicy)
    choice_lists: list[ChoiceList] = Field(default_factory=list)
    domains: Annotated[list[FormDomain], Field(min_length=1)]
    phase_rules: list[PhaseRule] = Field(default_factory=list)
    advice_rules: list[AdviceRule] = Field(default_factory=list)
    advice: AdvicePolicy = Field(default_factory=AdvicePolicy)
    crosswalk: list[CrosswalkEntry] = Field(default_factory=list)
    source_note: ShortText | None = None

    def items(self) -> Iterator[tuple[FormDomain, FormItem]]:
        for domain in self.domains:
            for item in domain.items():
                yield domain, item

    def item(self, name: str) -> FormItem:
        for _, item in self.items():
            if item.name == name:
                return item
        raise KeyError(f"form {self.form_id}@{self.version} has no item {name!r}")

    def choices_of(self, item: FormItem) -> list[Choice]:
        """The choices of a select item, in form order (none for other items)."""
        for choice_list in self.choice_lists:
            if choice_list.name == item.choices:
                return choice_list.choices
        return []

    def choice_names(self, item: FormItem) -> list[str]:
        return [choice.name for choice in self.choices_of(item)]

    def domain(self, code: str) -> FormDomain:
        for domain in self.domains:
            if domain.code == code:
                return domain
        raise KeyError(f"form {self.form_id}@{self.version} has no domain {code!r}")

    @model_validator(mode="after")
    def _references_resolve(self) -> FormDefinition:
        problems = _form_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _required_texts(form: FormDefinition) -> Iterator[tuple[str, LocalizedText]]:
    yield "the title", form.title
    if any(item.type is ItemType.SCORE for _, item in form.items()):
        yield from ((f"scale anchor {a.value}", a.label) for a in form.scale.anchors)
    for choice_list in form.choice_lists:
        yield from ((f"choice {choice_list.name}/{c.name}", c.label) for c in choice_list.choices)
    yield from ((f"domain {d.code}", d.title) for d in form.domains)
    yield from ((f"item {item.name}", item.label) for _, item in form.items())
    for rule in form.advice_rules:
        yield f"the advice for {rule.domain}", rule.action
        yield f"the support offer for {rule.domain}", rule.support_offer


def _duplicates(values: list[str]) -> list[str]:
    return sorted({v for v in values if values.count(v) > 1})


def _form_problems(form: FormDefinition) -> list[str]:
    """Every broken reference or duplicate in a form, so an author can fix them at once."""
    problems: list[str] = []
    if form.default_language not in form.languages:
        problems.append(f"default language {form.default_language!r} is not in languages")
    problems += [
        f"{where} has no {form.default_language!r} text"
        for where, text in _required_texts(form)
        if form.default_language not in text
    ]
    codes = [d.code for d in form.domains]
    items = {item.name: item for _, item in form.items()}
    groups = [g.name for d in form.domains for g in d.groups()]
    lists = {c.name: c for c in form.choice_lists}
    problems += [f"domain {c} appears twice" for c in _duplicates(codes)]
    names = [item.name for _, item in form.items()] + groups
    problems += [f"name {n!r} is used twice" for n in _duplicates(names)]
    problems += [
        f"choice list {n!r} appears twice" for n in _duplicates([c.name for c in form.choice_lists])
    ]
    problems += [
        f"item {item.name} uses unknown choice list {item.choices!r}"
        for item in items.values()
        if item.choices is not None and item.choices not in lists
    ]
    if phases := _duplicates([str(r.phase) for r in form.phase_rules]):
        problems.append(f"phase {', '.join(phases)} has more than one rule")
    scores = {n for n, item in items.items() if item.type is ItemType.SCORE}
    select_ones = {
        n: {c.name for c in lists[item.choices].choices}
        for n, item in items.items()
        if item.type is ItemType.SELECT_ONE and item.choices in lists
    }
    for rule in form.phase_rules:
        problems += rule.problems(codes, scores, select_ones)
    problems += [
        f"advice for unknown domain {r.domain}" for r in form.advice_rules if r.domain not in codes
    ]
    problems += [
        f"domain {c} has more than one advice rule"
        for c in _duplicates([r.domain for r in form.advice_rules])
    ]
    for entry in form.crosswalk:
        if entry.from_form_version == form.version:
            problems.append("a crosswalk maps from an earlier version, not from this one")
        if entry.to_item not in items:
            problems.append(f"crosswalk target {entry.to_item!r} is not an item of this form")
    return problems


RECORD_TYPES: tuple[type[RecordPayload], ...] = (FormDefinition,)


__all__ = [
    "RECORD_TYPES",
    "SELECT_TYPES",
    "Choice",
    "ChoiceList",
    "CrosswalkEntry",
    "FormDefinition",
    "FormDomain",
    "FormElement",
    "FormGroup",
    "FormItem",
    "ItemType",
    "ResponseScale",
    "ScaleAnchor",
]
