"""event filter terms: the participants' countries and people

Revision ID: 0015
Revises: 0012

The Events list filters by the countries of the attendees, and a person's events are
found by their id. Both are lists inside the event's payload, so they are mirrored into
``record_terms`` (as the languages are); the existing events get their terms here, read
from their current rows. Deleting first makes a re-run harmless.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0012"
branch_labels = None
depends_on = None

_FIELDS = {"participants.country": "country", "participants.person_id": "person_id"}
_DELETE = (
    "DELETE FROM record_terms WHERE record_type = 'event' AND field IN "
    "('participants.country', 'participants.person_id')"
)


def upgrade() -> None:
    bind = op.get_bind()
    op.execute(sa.text(_DELETE))
    terms = sa.table(
        "record_terms",
        sa.column("record_id", sa.String),
        sa.column("field", sa.String),
        sa.column("value", sa.String),
        sa.column("record_type", sa.String),
    )
    rows = []
    for record_id, data in bind.execute(sa.text("SELECT id, data FROM events")):
        participants = json.loads(data).get("participants") or []
        for field, key in _FIELDS.items():
            values = {
                str(p[key]) for p in participants if isinstance(p, dict) and p.get(key) is not None
            }
            rows += [
                {"record_id": record_id, "field": field, "value": v, "record_type": "event"}
                for v in sorted(values)
            ]
    if rows:
        op.bulk_insert(terms, rows)


def downgrade() -> None:
    op.execute(sa.text(_DELETE))
