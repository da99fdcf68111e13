"""meeting filter terms: attendee sectors, barrier categories and agenda domains

Revision ID: 0012
Revises: 0011

The Meetings list filters by the sectors of the attendees, the categories of the
barriers raised and the assessment domains on the agenda. Those are lists inside the
meeting's payload, so they are mirrored into ``record_terms`` (as topics and stages are)
and the existing meetings get their terms here, read from their current rows.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_NEW_FIELDS = {
    "attendees.sector": ("attendees", "sector"),
    "barriers.category": ("barriers", "category"),
    "agenda.domain_code": ("agenda", "domain_code"),
}


def _values(payload: dict[str, Any], list_field: str, key: str) -> set[str]:
    found = set()
    for element in payload.get(list_field) or []:
        if isinstance(element, dict) and element.get(key) is not None:
            found.add(str(element[key]))
    return found


def upgrade() -> None:
    bind = op.get_bind()
    terms = sa.table(
        "record_terms",
        sa.column("record_id", sa.String),
        sa.column("field", sa.String),
        sa.column("value", sa.String),
        sa.column("record_type", sa.String),
    )
    rows = []
    for record_id, data in bind.execute(sa.text("SELECT id, data FROM meetings")):
        payload = json.loads(data)
        for field, (list_field, key) in _NEW_FIELDS.items():
            for value in sorted(_values(payload, list_field, key)):
                rows.append(
                    {
                        "record_id": record_id,
                        "field": field,
                        "value": value,
                        "record_type": "meeting",
                    }
                )
    if rows:
        op.bulk_insert(terms, rows)


def downgrade() -> None:
    op.execute(
        sa.text(
            "DELETE FROM record_terms WHERE record_type = 'meeting' AND field IN "
            "('attendees.sector', 'barriers.category', 'agenda.domain_code')"
        )
    )
