"""Importing action items: the column set of /ACTION_COLUMNS (docs/user-guide.md).

A row without ``plan_id`` goes into the country's current plan (the newest one not
closed), or a new draft plan for a year when the country has none (one per country per
import). ``goal`` names a goal of the item's plan by its title (any case); a title the plan
does not have yet becomes a new goal of the plan. Progress notes, the
source of an item (advice, a meeting's follow-up) and anything else the sheet does not
carry are kept from the item as it is.
"""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.action_plans import (
    ActionItem,
    ActionItemStatus,
    ActionPlan,
    Goal,
    Priority,
)
from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.formats.spreadsheet.columns import Column
from icati_desktop.i18n import N_, _
from icati_desktop.store.country_plans import draft_country_plan
from icati_desktop.store.field_words import ITEM_STATUS, PRIORITY, STAGES
from icati_desktop.store.imports.cells import choice, choices, day, text
from icati_desktop.store.imports.model import Context, Plan, Row, Write
from icati_desktop.store.imports.places import Countries
from icati_desktop.store.imports.planner import Planner
from icati_desktop.store.tables.core import RecordRow
from icati_desktop.store.tables.field import ActionPlanRow

ACTION_COLUMNS = (
    "action_item_id",
    "country",
    "country_name",
    "plan_id",
    "plan_title",
    "goal",
    "title",
    "description",
    "owner_name",
    "owner_person_id",
    "due_on",
    "status",
    "priority",
    "stages",
    "domain_code",
    "closed_on",
)
"""The action-item sheet's columns, in order (the actions export writes the same)."""
COLUMNS = (
    Column("action_item_id", N_("Action item id")),
    Column("country", N_("Country"), required=True),
    Column("country_name", N_("Country name"), informational=True),
    Column("plan_id", N_("Plan id")),
    Column("plan_title", N_("Plan"), informational=True),
    Column("goal", N_("Goal")),
    Column("title", N_("Title"), required=True),
    Column("description", N_("Description")),
    Column("owner_name", N_("Owner")),
    Column("owner_person_id", N_("Owner person id")),
    Column("due_on", N_("Due date")),
    Column("status", N_("Status")),
    Column("priority", N_("Priority")),
    Column("stages", N_("Continuum stages")),
    Column("domain_code", N_("Domain")),
    Column("closed_on", N_("Closed on")),
)
assert tuple(c.key for c in COLUMNS) == ACTION_COLUMNS


class ActionsKind:
    name = "actions"
    columns = COLUMNS

    def plan(self, session: Session, rows: list[Row], context: Context) -> Plan:
        planner = _Planner(session, context)
        planner.prefetch(rows, "action_item_id")
        for row in rows:
            planner.row(row)
        planner.write_goals()
        return planner.plan


class _Planner(Planner):
    columns = COLUMNS
    fields_to_columns: ClassVar[dict[str, str]] = {
        "continuum_stages": "stages",
        "action_plan_id": "plan_id",
        "goal_id": "goal",
    }

    def __init__(self, session: Session, context: Context) -> None:
        super().__init__(session, context)
        self.countries = Countries(session)
        self.plans: dict[str, str] = {}
        self.drafts: dict[str, ActionPlan] = {}
        self.draft_rows: dict[str, int] = {}
        """Plans this import creates, by id (their goals grow as rows name new ones)."""
        self.goals: dict[str, ActionPlan] = {}
        """Plans whose goals the rows name, as they will be written; by id."""
        self.new_goals: set[str] = set()
        """Plans to which the sheet adds a goal (a new version of the plan)."""

    def row(self, row: Row) -> None:
        v, before = row.values, len(self.plan.problems)
        existing = self.existing(row, "action_item_id", ActionItem)
        current = existing[1] if existing else None
        country = self.cell(row, "country", lambda c: self.countries.code(c, self.context))
        title = text(v.get("title"))
        if not title:
            self.problem(row, "title", _("the title is missing; write what is to be done"))
        data: dict[str, object] = {
            "country": country,
            "title": title,
            "description": text(v.get("description")),
            "owner_name": text(v.get("owner_name")),
            "owner_person_id": self._person(row),
            "due_on": self.cell(row, "due_on", day),
            "continuum_stages": self.cell(
                row, "stages", lambda c: choices(c, ContinuumStage, STAGES)
            ),
            "domain_code": text(v.get("domain_code")).upper() or None,
            "closed_on": self.cell(row, "closed_on", day),
        }
        for key, enum, words in (
            ("status", ActionItemStatus, ITEM_STATUS),
            ("priority", Priority, PRIORITY),
        ):
            found = self.cell(row, key, lambda c, e=enum, w=words: choice(c, e, w))  # type: ignore[misc]
            if found is not None:
                data[key] = found
        if len(self.plan.problems) > before or country is None:
            return
        plan_id = self._plan(row, country, current)
        if plan_id is None:
            return
        data["goal_id"] = self._goal(plan_id, text(row.values.get("goal")))
        base = current.model_dump() if current is not None else {}
        item = self.build(
            row, ActionItem, {**base, **self.kept(row, data, current), "action_plan_id": plan_id}
        )
        if item is not None:
            self.keep(row, existing[0] if existing else None, item, current)

    def _person(self, row: Row) -> str | None:
        pid = text(row.values.get("owner_person_id"))
        if not pid:
            return None
        state = self.session.get(RecordRow, pid)
        if state is None or state.deleted or state.record_type != "person":
            self.problem(
                row,
                "owner_person_id",
                _("no person with this id on this device; leave it blank and write owner_name"),
            )
            return None
        return pid

    def _plan(self, row: Row, country: str, current: ActionItem | None) -> str | None:
        given = text(row.values.get("plan_id"))
        if given:
            state = self.session.get(RecordRow, given)
            plan_country = self.session.scalar(
                select(ActionPlanRow.country).where(ActionPlanRow.id == given)
            )
            if state is None or state.deleted or plan_country is None:
                self.problem(
                    row,
                    "plan_id",
                    _(
                        "no action plan with this id on this device; leave "
                        "plan_id blank to use the country's current plan"
                    ),
                )
                return None
            if plan_country != country:
                self.problem(
                    row,
                    "plan_id",
                    _(
                        "this plan is {plan}'s, not {country}'s; correct the country or the plan_id"
                    ).format(plan=plan_country, country=country),
                )
                return None
            return given
        if current is not None and current.country == country:
            return str(current.action_plan_id)
        if country not in self.plans:
            open_plan = self.session.scalar(
                select(ActionPlanRow.id)
                .where(ActionPlanRow.country == country, ActionPlanRow.status != "closed")
                .order_by(ActionPlanRow.period_start.desc(), ActionPlanRow.id)
                .limit(1)
            )
            if open_plan is None:
                open_plan = str(uuid4())
                self.drafts[open_plan] = draft_country_plan(country, self.context.today)
                self.goals[open_plan] = self.drafts[open_plan]
                self.draft_rows[open_plan] = row.number
            self.plans[country] = open_plan
        return self.plans[country]

    def _goal(self, plan_id: str, title: str) -> UUID | None:
        """The id of the plan's goal with this title (any case), added to the plan when it
        has none; ``None`` for a blank cell."""
        if not title:
            return None
        plan = self.goals.get(plan_id)
        if plan is None:
            data = self.session.scalar(
                select(ActionPlanRow.data).where(ActionPlanRow.id == plan_id)
            )
            assert data is not None  # _plan checked the plan exists
            plan = self.goals[plan_id] = ActionPlan.model_validate_json(data)
        for goal in plan.goals:
            if goal.title.casefold() == title.casefold():
                return goal.id
        goal = Goal(title=title)
        self.goals[plan_id] = plan.model_copy(update={"goals": [*plan.goals, goal]})
        if plan_id in self.drafts:
            self.drafts[plan_id] = self.goals[plan_id]
        else:
            self.new_goals.add(plan_id)
        return goal.id

    def write_goals(self) -> None:
        """The plans this import creates, and a new version of each plan it gave a goal."""
        for plan_id, draft in self.drafts.items():
            self.plan.writes.append(
                Write(
                    self.draft_rows[plan_id], "action_plan", plan_id, draft, new=True, counted=False
                )
            )
        for plan_id in sorted(self.new_goals):
            self.plan.writes.append(
                Write(0, "action_plan", plan_id, self.goals[plan_id], new=False, counted=False)
            )
