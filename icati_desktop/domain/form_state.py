"""What a form's logic gives for one assessment at one moment: the value of every question
(answers and computed values), what is relevant, and the entries of each repeat group.

ODK evaluates a form as a graph, not in form order, and so does this module. Every item
and group is a node; a node depends on the names its ``relevant``, ``calculation`` and
``repeat_count`` refer to and on the group holding it. Nodes are evaluated once each, in
an order where everything a node depends on comes first (form order breaks ties), so a
calculation may use a question further down and a relevance may use a calculation. A
node that is not relevant reads as empty to everything evaluated after it, so the
questions that depend on it hide in turn.

Repeat groups: the items of an (outermost) repeat group are evaluated per entry, in the
entry's scope — its own answers first, then the form's other values. ``sum(${staff})``
and the other aggregates read every entry's value of a repeat item (``Context.entries``),
``position(..)`` is the entry's number. A repeat nested in a repeat is a plain group of the
outer entry. A group with ``repeat_count`` has exactly that many entries (at most
:data:`MAX_ENTRIES`): missing ones are empty, stored ones beyond the count are ignored
(kept, like the answers to questions that are no longer relevant).

Computed values are not answers: a ``calculation`` is evaluated whenever the state is,
from the values it names. The one exception is ``once(…)``, which by definition keeps the
value it had first: a calculation reads its own stored value as ``.``, and ``once(x)``
returns it when there is one (:mod:`icati_desktop.domain.form_updates` stores it).

A circular form (``a`` computed from ``b`` computed from ``a``) is refused on import
(:func:`cycles`); should one arrive anyway, its nodes are evaluated in form order.
"""

from __future__ import annotations

import heapq
from collections import ChainMap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time

from icati_desktop.domain.assessments import (
    AcknowledgedAnswer,
    Answer,
    Assessment,
    ChoiceAnswer,
    ChoicesAnswer,
    DateAnswer,
    DateTimeAnswer,
    DontKnowAnswer,
    GeopointAnswer,
    NumberAnswer,
    ScoreAnswer,
    TextAnswer,
    TimeAnswer,
)
from icati_desktop.domain.expressions import (
    Context,
    ExpressionError,
    Value,
    evaluate,
    is_true,
    parse,
    to_number,
)
from icati_desktop.domain.forms import FormDefinition, FormElement, FormGroup, FormItem

MAX_ENTRIES = 200
"""A ``repeat_count`` above this gives this many entries (a form is filled by people)."""
ACKNOWLEDGED = "OK"
"""The value of a confirmed acknowledge item, as ODK writes it."""


def answer_value(item: FormItem, answer: Answer | None) -> Value:
    """The expression value of an answer: a score is a number 0–4, no answer is ``None``,
    "don't know" the empty text (both read as unanswered), choices a tuple, a geopoint
    ODK's ``lat lon alt accuracy`` text. ``item`` is the question the answer belongs to."""
    value = answer.value if answer is not None else None
    if value is None:
        return None
    if isinstance(value, DontKnowAnswer):
        return ""
    if isinstance(value, ScoreAnswer):
        return to_number(str(value.value))
    if isinstance(value, ChoicesAnswer):
        return tuple(value.value)
    if isinstance(value, TimeAnswer):
        return time.fromisoformat(value.value)
    if isinstance(value, GeopointAnswer):
        return value.text()
    if isinstance(value, AcknowledgedAnswer):
        return ACKNOWLEDGED
    if isinstance(value, (ChoiceAnswer, NumberAnswer, TextAnswer, DateAnswer, DateTimeAnswer)):
        return value.value
    raise TypeError(f"item {item.name}: unknown answer kind {type(value).__name__}")


@dataclass(frozen=True)
class Node:
    name: str
    element: FormItem | FormGroup
    order: int
    parent: str | None
    """The group holding it (``None`` at a domain's top)."""
    repeat: str | None
    """The outermost repeat group it is evaluated per entry of (``None``: once; an
    outermost repeat group itself is evaluated once: its relevance and count)."""
    depends: frozenset[str]


@dataclass(frozen=True)
class Plan:
    nodes: dict[str, Node]
    order: list[str]
    """Evaluation order: dependencies first."""
    cyclic: frozenset[str]
    """Names on a circular dependency (evaluated in form order, after the rest)."""


def _references(text: str | None, *, columns: bool = False) -> frozenset[str]:
    if text is None:
        return frozenset()
    try:
        return parse(text, columns=columns).references
    except ExpressionError:
        return frozenset()


def _element_nodes(
    elements: list[FormElement], parent: str | None, repeat: str | None, nodes: list[Node]
) -> None:
    for element in elements:
        depends = set(_references(element.relevant))
        if parent is not None:
            depends.add(parent)
        if isinstance(element, FormGroup):
            depends |= _references(element.repeat_count)
            nodes.append(
                Node(element.name, element, len(nodes), parent, repeat, frozenset(depends))
            )
            inner = repeat or (element.name if element.repeat else None)
            _element_nodes(element.items, element.name, inner, nodes)
        else:
            depends |= _references(element.calculation)
            nodes.append(
                Node(element.name, element, len(nodes), parent, repeat, frozenset(depends))
            )


def plan(form: FormDefinition) -> Plan:
    """The nodes of the form and an order to evaluate them in."""
    listed: list[Node] = []
    for domain in form.domains:
        _element_nodes(domain.elements, None, None, listed)
    nodes = {node.name: node for node in listed}
    waiting = {n.name: {d for d in n.depends if d in nodes and d != n.name} for n in listed}
    selfish = {n.name for n in listed if n.name in n.depends}
    users: dict[str, list[str]] = {name: [] for name in nodes}
    for name, needs in waiting.items():
        for need in needs:
            users[need].append(name)
    ready = [(nodes[name].order, name) for name, needs in waiting.items() if not needs]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _order, name = heapq.heappop(ready)
        order.append(name)
        for user in users[name]:
            waiting[user].discard(name)
            if not waiting[user]:
                heapq.heappush(ready, (nodes[user].order, user))
    done = set(order)
    left = sorted((n for n in nodes if n not in done), key=lambda n: nodes[n].order)
    return Plan(nodes, order + left, _on_loops(set(left), users) | frozenset(selfish))


def _on_loops(left: set[str], users: dict[str, list[str]]) -> frozenset[str]:
    """Of the names a topological order could not reach, those on a loop: the ones that
    only depend on a loop (downstream of it) are pruned away."""
    remaining = set(left)
    pruned = True
    while pruned:
        pruned = False
        for name in list(remaining):
            if not any(user in remaining for user in users[name]):
                remaining.discard(name)
                pruned = True
    return frozenset(remaining)


def cycles(form: FormDefinition) -> list[str]:
    """The names on circular dependencies (a calculation or relevance that ends up needing
    its own value), in form order; empty for a sound form."""
    found = plan(form)
    return sorted(found.cyclic, key=lambda name: found.nodes[name].order)


@dataclass
class EntryState:
    """One entry of a repeat group."""

    answers: Mapping[str, Answer]
    values: dict[str, Value]
    """This entry's values (its answers and computed values, after relevance)."""
    relevant: set[str] = field(default_factory=set)
    groups: dict[str, bool] = field(default_factory=dict)


@dataclass
class FormState:
    """The form's logic for one assessment (see the module's documentation)."""

    form: FormDefinition
    answers: Mapping[str, Answer]
    """The stored answers outside repeat groups, as the state was computed from them."""
    values: dict[str, Value]
    """Values of everything outside repeat groups (``None``: empty or not relevant)."""
    relevant: set[str]
    """Items outside repeat groups that are relevant."""
    groups: dict[str, bool]
    """Groups outside repeat groups, and outermost repeat groups: shown or not."""
    entries: dict[str, list[EntryState]]
    """Per outermost repeat group, its entries (as many as its count says, when it has one)."""
    counted: dict[str, int]
    """Per repeat group with a ``repeat_count``: the number of entries it gives."""
    context: Context

    def scope(self, repeat: tuple[str, int] | None) -> Mapping[str, Value]:
        """The values ``${name}`` reads at top level, or in one repeat entry."""
        if repeat is None:
            return self.values
        group, index = repeat
        return ChainMap(self.entries[group][index].values, self.values)

    def context_for(self, repeat: tuple[str, int] | None, current: Value = None) -> Context:
        return Context(
            current=current,
            today=self.context.today,
            now=self.context.now,
            position=None if repeat is None else repeat[1] + 1,
            entries=self.context.entries,
            choice_label=self.context.choice_label,
        )

    def is_relevant(self, item: str, repeat: tuple[str, int] | None) -> bool:
        if repeat is None:
            return item in self.relevant
        entries = self.entries.get(repeat[0], [])
        return repeat[1] < len(entries) and item in entries[repeat[1]].relevant

    def value(self, item: str, repeat: tuple[str, int] | None = None) -> Value:
        return self.scope(repeat).get(item)


def _moment(today: date | None, now: datetime | None) -> tuple[date, datetime]:
    moment = now or datetime.now(UTC).astimezone()
    return today or moment.date(), moment


class _Evaluator:
    def __init__(
        self,
        form: FormDefinition,
        assessment: Assessment,
        today: date,
        now: datetime,
        language: str | None,
    ) -> None:
        self.form = form
        self.plan = plan(form)
        self.nodesets: dict[str, tuple[Value, ...]] = {}
        self.context = Context(
            today=today,
            now=now,
            entries=self.nodesets,
            choice_label=lambda question, choice: choice_label(
                form, question, choice, language or form.default_language
            ),
        )
        self.items = {n: node.element for n, node in self.plan.nodes.items()}
        self.state = FormState(
            form=form,
            answers=assessment.answers,
            values={
                name: answer_value(element, assessment.answers.get(name))
                for name, element in self.items.items()
                if isinstance(element, FormItem) and self.plan.nodes[name].repeat is None
            },
            relevant=set(),
            groups={},
            entries={},
            counted={},
            context=self.context,
        )
        self.assessment = assessment

    def holds(self, text: str | None, scope: Mapping[str, Value], context: Context) -> bool:
        if text is None:
            return True
        try:
            return is_true(evaluate(parse(text), scope, context=context))
        except ExpressionError:
            return True  # a rule that cannot be evaluated never hides a question

    def computed(self, item: FormItem, scope: Mapping[str, Value], context: Context) -> Value:
        assert item.calculation is not None
        try:
            return evaluate(parse(item.calculation), scope, context=context)
        except ExpressionError:
            return None

    def run(self) -> FormState:
        for name in self.plan.order:
            node = self.plan.nodes[name]
            if node.repeat is None:
                self.once(node)
            else:
                self.per_entry(node)
        return self.state

    def shown_parent(self, node: Node, groups: Mapping[str, bool]) -> bool:
        return node.parent is None or groups.get(node.parent, True)

    def once(self, node: Node) -> None:
        state = self.state
        context = self.context
        shown = self.shown_parent(node, state.groups) and self.holds(
            node.element.relevant, state.values, context
        )
        element = node.element
        if isinstance(element, FormGroup):
            state.groups[node.name] = shown
            if element.repeat:
                self.start_entries(element)
            return
        if shown:
            state.relevant.add(node.name)
            if element.calculation is not None:
                current = state.values.get(node.name)
                state.values[node.name] = self.computed(
                    element, state.values, replace(context, current=current)
                )
        else:
            state.values[node.name] = None

    def start_entries(self, group: FormGroup) -> None:
        stored = self.assessment.repeat_answers(group.name)
        count = len(stored)
        if group.repeat_count is not None:
            count = 0
            if self.state.groups[group.name]:
                try:
                    number = to_number(
                        evaluate(parse(group.repeat_count), self.state.values, context=self.context)
                    )
                except ExpressionError:
                    number = to_number(None)
                if number.is_finite():
                    count = max(0, min(MAX_ENTRIES, int(number)))
            self.state.counted[group.name] = count
        entries = []
        for index in range(count):
            answers = stored[index] if index < len(stored) else {}
            values = {
                item.name: answer_value(item, answers.get(item.name)) for item in group.flat_items()
            }
            entries.append(EntryState(answers, values))
        self.state.entries[group.name] = entries
        self.nodesets[group.name] = ("",) * count

    def per_entry(self, node: Node) -> None:
        assert node.repeat is not None
        entries = self.state.entries.get(node.repeat, [])
        element = node.element
        for index, entry in enumerate(entries):
            groups = entry.groups if node.parent != node.repeat else self.state.groups
            scope = ChainMap(entry.values, self.state.values)
            context = self.state.context_for((node.repeat, index))
            shown = self.shown_parent(node, groups) and self.holds(element.relevant, scope, context)
            if isinstance(element, FormGroup):
                entry.groups[node.name] = shown
                continue
            if not shown:
                entry.values[node.name] = None
                continue
            entry.relevant.add(node.name)
            if element.calculation is not None:
                current = entry.values.get(node.name)
                entry.values[node.name] = self.computed(
                    element, scope, self.state.context_for((node.repeat, index), current)
                )
        if isinstance(element, FormItem):
            self.nodesets[node.name] = tuple(e.values.get(node.name) for e in entries)


def evaluate_form(
    form: FormDefinition,
    assessment: Assessment,
    *,
    today: date | None = None,
    now: datetime | None = None,
    language: str | None = None,
) -> FormState:
    """The form's logic for ``assessment``. ``today``/``now`` are what ``today()`` and
    ``now()`` give (the computer's clock when not given); ``language`` the language of
    ``jr:choice-name()`` (the form's default language when not given)."""
    day, moment = _moment(today, now)
    return _Evaluator(form, assessment, day, moment, language).run()


def choice_label(form: FormDefinition, question: str, choice: str, language: str) -> str | None:
    """The label of ``choice`` of the select question ``question`` in ``language`` (else the
    form's default language); ``None`` when there is no such question or choice."""
    try:
        item = form.item(question)
    except KeyError:
        return None
    for option in form.choices_of(item):
        if option.name == choice:
            return option.label.get(language) or option.label.get(form.default_language)
    return None


def walk(
    elements: list[FormElement], repeat: str | None = None
) -> Iterator[tuple[FormItem, str | None]]:
    """Every item in form order with the (outermost) repeat group holding it."""
    for element in elements:
        if isinstance(element, FormGroup):
            inner = repeat or (element.name if element.repeat else None)
            yield from walk(element.items, inner)
        else:
            yield element, repeat


__all__ = [
    "ACKNOWLEDGED",
    "MAX_ENTRIES",
    "EntryState",
    "FormState",
    "Node",
    "Plan",
    "answer_value",
    "choice_label",
    "cycles",
    "evaluate_form",
    "plan",
    "walk",
]
