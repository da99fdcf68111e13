"""Country action plans and their items (field-authored).

A plan and its items are separate records: the TA expert drafts the plan, while the
focal point and the item owners update items one by one, often on different devices.
Were the items inside the plan, two people ticking off two different items would
conflict on the whole plan.

An item repeats its plan's ``country`` on purpose: references are soft, so an item may
arrive before its plan, and the indicators ("% of action items closed by due date" per
country and region) must not depend on the plan having arrived.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar, Self
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, model_validator

from icati_desktop.domain.base import LongText, Owner, RecordPayload, RecordRef, ShortText
from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.domain.directory import CountryCode, require_unique
from icati_desktop.domain.elements import IdList
from icati_desktop.domain.form_rules import DomainCode


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ActionPlanStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"


class ActionItemStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"
    BLOCKED = "blocked"

    @property
    def is_closed(self) -> bool:
        return self in (ActionItemStatus.DONE, ActionItemStatus.DROPPED)


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class ActionItemSource(StrEnum):
    MANUAL = "manual"
    ADVICE = "advice"
    """Created with one click from a line of self-assessment advice."""
    MEETING_FOLLOW_UP = "meeting_follow_up"


class Goal(_Part):
    """What a group of a plan's items works towards (items point at it by ``goal_id``)."""

    id: UUID = Field(default_factory=uuid4)
    title: ShortText = Field(min_length=1)
    description: LongText = ""


class ActionPlan(RecordPayload):
    record_type: ClassVar[str] = "action_plan"
    owner: ClassVar[Owner] = Owner.FIELD

    country: CountryCode
    title: ShortText = Field(min_length=1)
    period_start: date
    period_end: date
    status: ActionPlanStatus = ActionPlanStatus.DRAFT
    focal_point_person_id: RecordRef | None = None
    assessment_id: RecordRef | None = None
    """The self-assessment whose advice the plan answers, if any."""
    summary: LongText = ""
    goals: IdList[Goal] = []
    """The plan's goals; two people adding goals on two laptops both keep theirs."""

    @model_validator(mode="after")
    def _period_in_order(self) -> Self:
        if self.period_end < self.period_start:
            raise ValueError("the plan's period ends before it starts")
        return self


class ProgressNote(_Part):
    id: UUID = Field(default_factory=uuid4)
    """Tells the note apart when two people add notes concurrently."""
    noted_on: date
    text: LongText = Field(min_length=1)
    author: ShortText = Field(min_length=1)


class ActionItem(RecordPayload):
    record_type: ClassVar[str] = "action_item"
    owner: ClassVar[Owner] = Owner.FIELD

    action_plan_id: RecordRef
    goal_id: UUID | None = None
    """The goal of the plan the item serves (an id in ``ActionPlan.goals``), if any."""
    country: CountryCode
    """The plan's country, repeated (see the module docstring)."""
    title: ShortText = Field(min_length=1)
    description: LongText = ""
    owner_name: ShortText = ""
    owner_person_id: RecordRef | None = None
    due_on: date | None = None
    status: ActionItemStatus = ActionItemStatus.OPEN
    priority: Priority = Priority.MEDIUM
    continuum_stages: list[ContinuumStage] = []
    domain_code: DomainCode | None = None
    """The self-assessment domain the item advances (set from advice)."""
    source: ActionItemSource = ActionItemSource.MANUAL
    source_ref: RecordRef | None = None
    """The assessment (advice) or meeting (follow-up) the item came from."""
    resource_ids: list[RecordRef] = []
    """Library resources that help with the item (a set: links added on two devices stay)."""
    progress_notes: IdList[ProgressNote] = []
    closed_on: date | None = None
    """When the item was done or dropped; "closed by due date" compares it with ``due_on``."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        require_unique(self.continuum_stages, "continuum stage")
        require_unique(self.resource_ids, "linked resource")
        if self.source is ActionItemSource.MANUAL and self.source_ref is not None:
            raise ValueError("a manually created item has no source_ref")
        if self.source is not ActionItemSource.MANUAL and self.source_ref is None:
            raise ValueError(
                f"an item from {self.source.value} needs source_ref (where it came from)"
            )
        if self.status.is_closed and self.closed_on is None:
            raise ValueError(f"a {self.status.value} item needs closed_on (the day it closed)")
        if not self.status.is_closed and self.closed_on is not None:
            raise ValueError(f"a {self.status.value} item cannot have closed_on; reopen clears it")
        return self

    def is_overdue(self, today: date) -> bool:
        """Still to do and past its due date."""
        return is_overdue(self.status, self.due_on, today)

    @property
    def closed_by_due_date(self) -> bool | None:
        """Whether a done item was done in time; ``None`` when the question does not apply."""
        if self.status is not ActionItemStatus.DONE or self.due_on is None:
            return None
        return self.closed_on is not None and self.closed_on <= self.due_on


def is_overdue(status: ActionItemStatus | str, due_on: date | None, today: date) -> bool:
    """An item not done or dropped whose due date has passed."""
    return due_on is not None and due_on < today and not ActionItemStatus(status).is_closed


RECORD_TYPES: tuple[type[RecordPayload], ...] = (ActionPlan, ActionItem)
