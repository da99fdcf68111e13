"""action items: a country's open items by status and due date

Revision ID: 0018
Revises: 0017

A country's overview lists its open items overdue first, then by status, each by due
date, a page at a time (``store.country_parts.open_actions``). The index on
``(country, status)`` gains ``due_on``: each part of that list is read in index order and
cut at the page, and the count of overdue items is read from the index alone, so a
country with thousands of items costs a page, not a sort of them all. The old index is a
prefix of the new one and goes. No data changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

OLD = ("ix_action_items_country_status", ["country", "status"])
NEW = ("ix_action_items_country_status_due_on", ["country", "status", "due_on"])


def _replace(gone: tuple[str, list[str]], made: tuple[str, list[str]]) -> None:
    """Create ``made`` and drop ``gone``, each only if needed (a store stepped by hand)."""
    indexes = {str(i["name"]) for i in sa.inspect(op.get_bind()).get_indexes("action_items")}
    if made[0] not in indexes:
        op.create_index(made[0], "action_items", made[1])
    if gone[0] in indexes:
        op.drop_index(gone[0], table_name="action_items")


def upgrade() -> None:
    _replace(OLD, NEW)


def downgrade() -> None:
    _replace(NEW, OLD)
