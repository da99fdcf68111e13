"""action items: the goal column and the indexes of the action-item table's orders

Revision ID: 0013
Revises: 0015

Action plans have goals now and an item may serve one (``goal_id``; no existing item
has one, so the column starts empty). The action-item table sorts in the store (by due
date, title, status, priority, within a country or a plan) and pages with LIMIT/OFFSET;
each order has its index ending in the id, so a page costs the same at 100k items as at
100. On SQLite titles compare without case (``COLLATE NOCASE`` on the column, so the
index serves ``ORDER BY title``); the table is rebuilt once for that. What is already
there is left alone (a store stepped back to 0012 by hand upgrades again cleanly).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0015"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_action_items_due_order", ["due_on", "id"]),
    ("ix_action_items_title_order", ["title", "id"]),
    ("ix_action_items_status_due_order", ["status", "due_on", "id"]),
    ("ix_action_items_priority_due_order", ["priority", "due_on", "id"]),
    ("ix_action_items_country_due_order", ["country", "due_on", "id"]),
    ("ix_action_items_plan_due_order", ["action_plan_id", "due_on", "id"]),
    ("ix_action_items_plan_status", ["action_plan_id", "status"]),
)


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    columns = {c["name"]: c for c in inspector.get_columns("action_items")}
    indexes = {i["name"] for i in inspector.get_indexes("action_items")}
    if "goal_id" not in columns:
        with op.batch_alter_table("action_items") as batch_op:
            batch_op.add_column(sa.Column("goal_id", sa.String(length=36), nullable=True))
    nocase = getattr(columns["title"]["type"], "collation", None) == "NOCASE"
    if op.get_bind().dialect.name == "sqlite" and not nocase:
        with op.batch_alter_table("action_items", recreate="always") as batch_op:
            batch_op.alter_column(
                "title",
                existing_type=sa.String(length=500),
                type_=sa.String(length=500, collation="NOCASE"),
                existing_nullable=False,
            )
    for name, indexed in INDEXES:
        if name not in indexes:
            op.create_index(name, "action_items", indexed)


def downgrade() -> None:
    for name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name="action_items")
    with op.batch_alter_table("action_items", recreate="always") as batch_op:
        batch_op.drop_column("goal_id")
        if op.get_bind().dialect.name == "sqlite":
            batch_op.alter_column(
                "title",
                existing_type=sa.String(length=500, collation="NOCASE"),
                type_=sa.String(length=500),
                existing_nullable=False,
            )
