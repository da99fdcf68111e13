"""network groups and the expert roster's availability

Revision ID: 0014
Revises: 0013

A table for the network's groups (affinity groups, learning communities, the advisory
group) and a column for a roster entry's availability (the expert finder leaves out
those unavailable). A store that already holds versions of groups (written by a newer app
into a copy of this store) gets their rows from each record's one leaf; the new list
fields (membership group tags, an expert's countries, expertise and certifications) are
new, so no terms need back-filling.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "network_groups",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("focus", sa.String(length=32), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version_id", sa.String(length=64), nullable=False),
        sa.Column("hlc_ms", sa.BigInteger(), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_groups")),
    )
    with op.batch_alter_table("network_groups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_network_groups_kind_name"), ["kind", "name"])
    with op.batch_alter_table("roster_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("availability", sa.String(length=16), nullable=True))
    _rows_of_existing_groups()


def _rows_of_existing_groups() -> None:
    held = op.get_bind().execute(
        sa.text(
            "SELECT r.record_id, v.version_id, v.hlc_ms, v.origin, v.payload FROM records r "
            "JOIN versions v ON v.version_id = r.winner_version_id "
            "WHERE r.record_type = 'network_group' AND r.deleted = :no AND r.leaf_count = 1"
        ),
        {"no": False},
    )
    rows = []
    for record_id, version_id, hlc_ms, origin, payload in held:
        group = json.loads(payload)
        rows.append(
            {
                "id": record_id,
                "version_id": version_id,
                "hlc_ms": hlc_ms,
                "origin": origin,
                "data": payload,
                "kind": group["kind"],
                "name": group["name"],
                "focus": group.get("focus"),
            }
        )
    if rows:
        table = sa.table(
            "network_groups",
            *(sa.column(name) for name in ("id", "version_id", "hlc_ms", "origin", "data")),
            *(sa.column(name) for name in ("kind", "name", "focus")),
        )
        op.bulk_insert(table, rows)


def downgrade() -> None:
    with op.batch_alter_table("roster_entries", schema=None) as batch_op:
        batch_op.drop_column("availability")
    with op.batch_alter_table("network_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_network_groups_kind_name"))
    op.drop_table("network_groups")
