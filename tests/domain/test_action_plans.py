from __future__ import annotations

from uuid import uuid4

import pytest
from pydantic import ValidationError

from icati_desktop.domain.action_plans import (
    ActionItem,
    ActionItemSource,
    ActionItemStatus,
    ActionPlan,
)
from icati_desktop.domain.base import Owner
from icati_desktop.domain.continuum import ContinuumStage


def plan(**changes: object) -> ActionPlan:
    fields: dict[str, object] = {
        "country": "GHA",
        "title": "Ghana ATI action plan 2024-2025",
        "period_start": "2024-07-01",
        "period_end": "2025-06-30",
        "status": "active",
        "focal_point_person_id": str(uuid4()),
        "assessment_id": str(uuid4()),
    }
    return ActionPlan.model_validate(fields | changes)


def item(**changes: object) -> ActionItem:
    fields: dict[str, object] = {
        "action_plan_id": str(uuid4()),
        "country": "GHA",
        "title": "Set up the health-justice steering committee",
        "owner_name": "Narcotics Control Commission",
        "due_on": "2024-10-31",
        "priority": "high",
        "continuum_stages": ["pre_arrest", "pre_trial"],
        "domain_code": "D2",
        "source": "advice",
        "source_ref": str(uuid4()),
        "progress_notes": [
            {"noted_on": "2024-08-01", "text": "MoU drafted", "author": "Focal point"}
        ],
    }
    return ActionItem.model_validate(fields | changes)


def test_plan_and_item_validate() -> None:
    assert ActionPlan.owner is Owner.FIELD
    assert ActionItem.owner is Owner.FIELD
    assert plan().period_end.year == 2025
    it = item()
    assert it.continuum_stages == [ContinuumStage.PRE_ARREST, ContinuumStage.PRE_TRIAL]
    assert it.source is ActionItemSource.ADVICE
    assert it.closed_by_due_date is None


def test_plan_period_must_be_in_order() -> None:
    with pytest.raises(ValidationError, match="ends before it starts"):
        plan(period_end="2024-06-30")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "finished"}, "status"),
        ({"priority": "urgent"}, "priority"),
        ({"continuum_stages": ["sentencing"]}, "continuum_stages"),
        ({"continuum_stages": ["court", "court"]}, "listed twice"),
        ({"domain_code": "legal"}, "domain_code"),
        ({"source": "manual"}, "manually created item has no source_ref"),
        ({"source": "meeting_follow_up", "source_ref": None}, "needs source_ref"),
        ({"status": "done"}, "needs closed_on"),
        ({"status": "open", "closed_on": "2024-09-01"}, "cannot have closed_on"),
        ({"progress_notes": [{"noted_on": "2024-08-01", "text": "", "author": "x"}]}, "text"),
    ],
)
def test_item_rejects_bad_input(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        item(**changes)


def test_closed_by_due_date() -> None:
    on_time = item(status="done", closed_on="2024-10-31")
    late = item(status="done", closed_on="2024-11-01")
    dropped = item(status="dropped", closed_on="2024-09-01")
    assert on_time.status is ActionItemStatus.DONE
    assert on_time.closed_by_due_date is True
    assert late.closed_by_due_date is False
    assert dropped.closed_by_due_date is None
