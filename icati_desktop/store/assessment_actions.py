"""One click from a line of self-assessment advice to an action-plan item.

The item goes to the plan that answers this assessment, else the country's newest plan
that is not closed; a country without one gets a new draft plan (a year from today)
linked to the assessment. Plan and item are written in one transaction, and a line of
advice gives at most one live item (asking again returns it).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from icati_desktop.domain.action_plans import ActionItem, ActionItemSource
from icati_desktop.i18n import _
from icati_desktop.store.assessment_reads import load, score
from icati_desktop.store.country_plans import new_country_plan
from icati_desktop.store.records import write_version
from icati_desktop.store.store import Store
from icati_desktop.store.tables.field import ActionItemRow, ActionPlanRow


def _country_plan(session: Session, country: str, assessment_id: str) -> tuple[str, str] | None:
    """(id, winner version) of the plan new advice items go to: the plan answering this
    assessment, else the country's newest plan that is not closed."""
    rows = list(
        session.scalars(
            select(ActionPlanRow)
            .where(ActionPlanRow.country == country, ActionPlanRow.status != "closed")
            .order_by(ActionPlanRow.period_start.desc(), ActionPlanRow.id)
        )
    )
    rows.sort(key=lambda r: r.assessment_id != assessment_id)  # stable: this assessment's first
    return (rows[0].id, rows[0].version_id) if rows else None


def _from_advice(assessment_id: str) -> ColumnElement[bool]:
    """Action items made from this assessment's advice (live ones: current rows)."""
    return and_(
        ActionItemRow.source == ActionItemSource.ADVICE.value,
        ActionItemRow.source_ref == assessment_id,
    )


def _existing_item(session: Session, assessment_id: str, domain: str) -> str | None:
    """The live item already made from this assessment's advice for ``domain``, if any."""
    return session.scalar(
        select(ActionItemRow.id)
        .where(_from_advice(assessment_id), ActionItemRow.domain_code == domain)
        .order_by(ActionItemRow.id)
        .limit(1)
    )


def advised_domains(session: Session, assessment_id: str) -> frozenset[str]:
    """The domains whose advice line already became an action item."""
    codes = session.scalars(select(ActionItemRow.domain_code).where(_from_advice(assessment_id)))
    return frozenset(code for code in codes if code)


def advice_items(session: Session, assessment_id: str) -> dict[str, tuple[str, str, date | None]]:
    """Domain → (id, owner, due date) of the live item each advice line became."""
    rows = session.execute(
        select(
            ActionItemRow.domain_code,
            ActionItemRow.id,
            ActionItemRow.owner_name,
            ActionItemRow.due_on,
        )
        .where(_from_advice(assessment_id))
        .order_by(ActionItemRow.id)
    )
    found: dict[str, tuple[str, str, date | None]] = {}
    for domain, item_id, owner, due in rows:
        if domain:
            found.setdefault(domain, (item_id, owner, due))
    return found


def create_action_item(
    store: Store,
    assessment_id: str | UUID,
    advice_domain: str,
    *,
    language: str,
    owner: str = "",
    due_on: date | None = None,
) -> str:
    """Turn one line of advice into an action-plan item (creating the country's plan if
    it has none open), with its owner and due date when given; the item's id.

    One item per line of advice: when a live item already comes from this assessment's
    advice for the domain (whatever its status — a dropped item is a decision, not a
    gap), its id is returned and nothing is written (its owner and due date stay). The
    check runs inside the write transaction (serialised on SQLite), so the GUI, the CLI or
    a second click on the same device never makes a second one; once deleted, the line
    may make a new one."""
    rid = str(assessment_id)
    with store.read() as session:
        assessment, form = load(session, rid)
        scored = score(session, form, assessment)
    advice = next((a for a in scored.advice if a.domain == advice_domain), None)
    if advice is None:
        raise ValueError(
            _("the advice of this assessment has no line for {domain}; choose one it lists").format(
                domain=advice_domain
            )
        )
    title = _localized(advice.action, language, form.default_language)
    offer = _localized(advice.support_offer, language, form.default_language)
    today = datetime.fromtimestamp(store.now_ms() / 1000, UTC).date()
    with store.write() as tx:
        existing = _existing_item(tx.session, rid, advice_domain)
        if existing is not None:
            return existing
        plan = _country_plan(tx.session, assessment.country, rid)
        if plan is None:
            plan_id = new_country_plan(tx, store, assessment.country, today, assessment_id=rid)
        else:
            plan_id = plan[0]
        item_id = str(uuid4())
        write_version(
            tx,
            store,
            record_type=ActionItem.record_type,
            record_id=item_id,
            parents=[],
            payload=ActionItem(
                action_plan_id=UUID(plan_id),
                country=assessment.country,
                title=_shorten(title),
                description=title if len(title) > 500 else offer,
                owner_name=owner.strip(),
                due_on=due_on,
                domain_code=advice_domain,
                source=ActionItemSource.ADVICE,
                source_ref=UUID(rid),
            ),
        )
    return item_id


def _localized(text: dict[str, str], language: str, default: str) -> str:
    return text.get(language) or text.get(default) or next(iter(text.values()), "")


def _shorten(text: str, limit: int = 500) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
