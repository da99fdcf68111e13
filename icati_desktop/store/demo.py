"""Deterministic synthetic data, written through the same services the GUI uses.

The same seed on the same device gives the same records with the same content (record
ids, dates and texts come from a generator seeded with the seed and the device id;
only the clock stamps differ). Edits and deletes pick among the live records this
device may write — including those other devices created and sync brought here — so
two devices editing after the same central data collide the way people do.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import select

from icati_desktop.domain.action_plans import ActionItem, ActionItemStatus, ActionPlan
from icati_desktop.domain.assessments import Assessment
from icati_desktop.domain.atlas import Initiative, InitiativeModel, InitiativeStatus
from icati_desktop.domain.base import RecordPayload
from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.domain.forms import FormDefinition, FormItem, ItemType
from icati_desktop.domain.library import Resource, ResourceType
from icati_desktop.domain.meetings import Meeting, MeetingFormat, MeetingType
from icati_desktop.domain.registry import payload_model
from icati_desktop.store.device import Role, require_device
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordRow
from icati_desktop.store.tables.reference import CountryRow, FormDefinitionRow

BASE_DATE = date(2026, 1, 5)
FIELD_TYPES = ("meeting", "action_plan", "action_item", "assessment", "initiative")
HQ_EXTRA_TYPES = ("resource",)
TOPICS = ("legal", "treatment", "continuum", "dtc", "ccm", "training", "m-and-e", "funding")
ACTIONS = (
    "Convene the health–justice steering committee",
    "Draft the memorandum of understanding with the ministry of health",
    "Map treatment services near the pilot court",
    "Train prosecutors on diversion criteria",
    "Agree referral forms between police and treatment providers",
    "Estimate the cost of a drug treatment court pilot",
    "Nominate a case and care manager for the pilot",
    "Set up routine data on referrals and completions",
)


@dataclass(frozen=True)
class DemoSpec:
    seed: int
    countries: int = 5
    meetings: int = 20
    action_items: int = 40
    edits: int = 0
    deletes: int = 0

    def __post_init__(self) -> None:
        for name in ("countries", "meetings", "action_items", "edits", "deletes"):
            if getattr(self, name) < 0:
                raise ValueError(f"--{name.replace('_', '-')} must be 0 or more")


@dataclass
class DemoReport:
    created: Counter[str] = field(default_factory=Counter)
    edited: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {
            "created": dict(sorted(self.created.items())),
            "edited": dict(sorted(self.edited.items())),
            "deleted": dict(sorted(self.deleted.items())),
        }

    def summary(self) -> str:
        def line(label: str, counts: Counter[str]) -> str:
            parts = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
            return f"{label}: {parts or 'nothing'}"

        return "\n".join(
            [
                line("created", self.created),
                line("edited", self.edited),
                line("deleted", self.deleted),
            ]
        )


class _Generator:
    def __init__(self, rng: random.Random, countries: list[str], form: FormDefinition) -> None:
        self.rng = rng
        self.countries = countries
        self.form = form

    def new_id(self) -> UUID:
        return UUID(int=self.rng.getrandbits(128), version=4)

    def day(self, spread: int = 300) -> date:
        return BASE_DATE + timedelta(days=self.rng.randrange(spread))

    def stages(self) -> list[ContinuumStage]:
        return sorted(self.rng.sample(list(ContinuumStage), self.rng.randint(1, 2)))

    def plan(self, country: str) -> ActionPlan:
        start = self.day(60)
        return ActionPlan(
            country=country,
            title=f"ATI action plan {start.year} — {country}",
            period_start=start,
            period_end=start + timedelta(days=365),
        )

    def item(self, plan_id: UUID, plan: ActionPlan) -> ActionItem:
        return ActionItem(
            action_plan_id=plan_id,
            country=plan.country,
            title=self.rng.choice(ACTIONS),
            due_on=self.day(),
            continuum_stages=self.stages(),
            domain_code=f"D{self.rng.randint(1, 9)}",
        )

    def meeting(self) -> Meeting:
        country = self.rng.choice(self.countries)
        return Meeting(
            title=f"{self.rng.choice(list(MeetingType)).value.replace('_', ' ')} in {country}",
            country=country,
            held_on=self.day(),
            format=self.rng.choice(list(MeetingFormat)),
            meeting_type=self.rng.choice(list(MeetingType)),
            objectives=[self.rng.choice(ACTIONS)],
            anonymous_attendee_count=self.rng.randint(2, 25),
        )

    def initiative(self, country: str) -> Initiative:
        model = self.rng.choice(list(InitiativeModel))
        return Initiative(
            country=country,
            name=f"{model.value.replace('_', ' ').title()} pilot, {country}",
            model=model,
            continuum_stages=self.stages(),
            status=self.rng.choice(list(InitiativeStatus)),
            start_year=2015 + self.rng.randrange(11),
        )

    def assessment(self, country: str) -> Assessment:
        answers: dict[str, Any] = {}
        for item in _score_items(self.form):
            roll = self.rng.random()
            if roll < 0.1:
                answers[item.name] = {"value": "dk"}
            elif roll < 0.9:
                answers[item.name] = {"value": self.rng.randint(0, 4)}
        return Assessment.model_validate(
            {
                "country": country,
                "form_id": self.form.form_id,
                "form_version": self.form.version,
                "assessed_on": self.day().isoformat(),
                "answers": answers,
            }
        )

    def resource(self) -> Resource:
        n = self.rng.randrange(10_000)
        return Resource(
            title={"en": f"Field note {n}: {self.rng.choice(ACTIONS).lower()}"},
            resource_type=self.rng.choice(list(ResourceType)),
            topics=sorted(self.rng.sample(TOPICS, 2)),
            year=2020 + self.rng.randrange(7),
            languages=["en"],
        )

    def edit(self, payload: RecordPayload) -> RecordPayload:
        n = self.rng.randrange(1_000)
        update: dict[str, Any]
        if isinstance(payload, ActionItem):
            status = self.rng.choice(list(ActionItemStatus))
            update = {
                "status": status,
                "description": f"Update {n}",
                "closed_on": self.day() if status.is_closed else None,
            }
        elif isinstance(payload, Meeting):
            update = {"notes": f"{payload.notes}\nNote {n}".strip()}
        elif isinstance(payload, ActionPlan):
            update = {"summary": f"Revised summary {n}"}
        elif isinstance(payload, Initiative):
            update = {"description": f"Revised description {n}"}
        elif isinstance(payload, Assessment):
            update = {"participant_names": [f"Participant {n}"]}
        elif isinstance(payload, Resource):
            update = {"summary": {"en": f"Summary {n}"}}
        else:
            raise TypeError(f"the demo does not edit {payload.record_type}")
        return type(payload).model_validate({**payload.model_dump(), **update})


def _score_items(form: FormDefinition) -> list[FormItem]:
    return [item for _, item in form.items() if item.type is ItemType.SCORE]


def _writable_live(store: Store, types: tuple[str, ...]) -> list[tuple[str, str]]:
    with store.read() as session:
        return list(
            session.execute(
                select(RecordRow.record_type, RecordRow.record_id)
                .where(RecordRow.record_type.in_(types), RecordRow.deleted.is_(False))
                .order_by(RecordRow.record_type, RecordRow.record_id)
            )
        )


def _shown_payload(store: Store, record_id: str, record_type: str) -> RecordPayload:
    return RecordService(store).get(payload_model(record_type), record_id).payload


def run_demo(store: Store, spec: DemoSpec) -> DemoReport:
    with store.read() as session:
        device = require_device(session)
        countries = sorted(
            session.scalars(select(CountryRow.alpha3).where(CountryRow.status == "member_state"))
        )
        form_json = session.scalars(
            select(FormDefinitionRow.data).order_by(FormDefinitionRow.form_id)
        ).first()
    if form_json is None:
        raise ValueError("the store has no assessment form: run `icati init` on a new store")
    rng = random.Random(f"icati-demo:{spec.seed}:{device.device_id}")
    chosen = sorted(rng.sample(countries, min(spec.countries, len(countries))))
    gen = _Generator(rng, chosen or countries[:1], FormDefinition.model_validate_json(form_json))
    report = DemoReport()
    batch: list[tuple[UUID, RecordPayload]] = []
    plans: list[tuple[UUID, ActionPlan]] = []
    for country in chosen:
        plan = gen.plan(country)
        plans.append((gen.new_id(), plan))
        batch += [(gen.new_id(), gen.initiative(country)), (gen.new_id(), gen.assessment(country))]
    batch += plans
    batch += [(gen.new_id(), gen.meeting()) for _ in range(spec.meetings)]
    if plans:
        for _ in range(spec.action_items):
            plan_id, plan = rng.choice(plans)
            batch.append((gen.new_id(), gen.item(plan_id, plan)))
    if device.role is Role.HQ:
        batch += [(gen.new_id(), gen.resource()) for _ in range(max(1, spec.countries))]
    service = RecordService(store)
    service.create_many(batch)
    report.created.update(payload.record_type for _, payload in batch)
    types = FIELD_TYPES + (HQ_EXTRA_TYPES if device.role is Role.HQ else ())
    for _ in range(spec.edits):
        candidates = _writable_live(store, types)
        if not candidates:
            break
        record_type, record_id = rng.choice(candidates)
        service.update(record_id, gen.edit(_shown_payload(store, record_id, record_type)))
        report.edited[record_type] += 1
    candidates = _writable_live(store, types)
    for record_type, record_id in rng.sample(candidates, min(spec.deletes, len(candidates))):
        service.delete(record_type, record_id)
        report.deleted[record_type] += 1
    return report
