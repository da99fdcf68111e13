"""The network's groups and the vocabulary of its rosters.

The seed names three kinds of group: *affinity groups* (justice, health, community
service, case management, research and other professional communities), *learning
communities* (facilitated conversations between countries) and the *advisory group* of
international organisations and experts that ICATI leads. A group is one HQ-owned record
that lists its people and, for the advisory group, its organisations by id; contact details
stay on the people's contact records.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from icati_desktop.domain.base import LongText, Owner, RecordPayload, RecordRef, ShortText
from icati_desktop.domain.directory import require_unique


class GroupKind(StrEnum):
    AFFINITY_GROUP = "affinity_group"
    LEARNING_COMMUNITY = "learning_community"
    ADVISORY_GROUP = "advisory_group"


class GroupFocus(StrEnum):
    """The professional communities of the seed's affinity groups."""

    JUSTICE = "justice"
    HEALTH = "health"
    COMMUNITY_SERVICE = "community_service"
    CASE_MANAGEMENT = "case_management"
    RESEARCH = "research"
    OTHER = "other"


class Expertise(StrEnum):
    """What a TA expert can advise on (the seed's fields and offerings)."""

    JUSTICE = "justice"
    HEALTH = "health"
    COMMUNITY_SERVICE = "community_service"
    CASE_MANAGEMENT = "case_management"
    RESEARCH = "research"
    POLICY = "policy"
    """Policy, legislative and expansion strategies."""
    MONITORING_EVALUATION = "monitoring_evaluation"
    TRAINING = "training"
    TREATMENT = "treatment"


class Availability(StrEnum):
    AVAILABLE = "available"
    LIMITED = "limited"
    UNAVAILABLE = "unavailable"


class Certification(BaseModel):
    """A trainer certified on one curriculum, on a day."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    curriculum_id: RecordRef
    certified_on: date


class NetworkGroup(RecordPayload):
    record_type: ClassVar[str] = "network_group"
    owner: ClassVar[Owner] = Owner.HQ

    kind: GroupKind
    name: ShortText = Field(min_length=1)
    focus: GroupFocus | None = None
    """The professional community of an affinity group (none for other kinds)."""
    description: LongText = ""
    member_ids: list[RecordRef] = []
    """People in the group."""
    organisation_ids: list[RecordRef] = []
    """Organisations in the group (the advisory group's international organisations)."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (self.kind is GroupKind.AFFINITY_GROUP) != (self.focus is not None):
            raise ValueError("an affinity group names its focus, and only an affinity group does")
        require_unique(self.member_ids, "member")
        require_unique(self.organisation_ids, "organisation")
        return self


__all__ = [
    "Availability",
    "Certification",
    "Expertise",
    "GroupFocus",
    "GroupKind",
    "NetworkGroup",
]
