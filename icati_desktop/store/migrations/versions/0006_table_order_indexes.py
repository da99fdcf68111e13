"""indexes for the Atlas table's store-side orders

Revision ID: 0006
Revises: 0005

The Atlas table sorts in the store (by name, by name within a country, a model or a
status, by start year) and pages with LIMIT/OFFSET; each order has its index, so a page
costs the same at 100k initiatives as at 100; pairs of code columns let a ranked order
count its groups under a filter from an index alone. On SQLite names compare without case
(``COLLATE NOCASE``, set on the column so the indexes serve ``ORDER BY name``); the table
is rebuilt once for that. PostgreSQL sorts by the database's collation.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_initiatives_name_order", ["name", "id"]),
    ("ix_initiatives_country_name_order", ["country", "name", "id"]),
    ("ix_initiatives_model_name_order", ["model", "name", "id"]),
    ("ix_initiatives_status_name_order", ["status", "name", "id"]),
    ("ix_initiatives_start_year_order", ["start_year", "id"]),
    ("ix_initiatives_country_model", ["country", "model"]),
    ("ix_initiatives_model_status", ["model", "status"]),
    ("ix_initiatives_status_model", ["status", "model"]),
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("initiatives", recreate="always") as batch_op:
            batch_op.alter_column(
                "name",
                existing_type=sa.String(length=500),
                type_=sa.String(length=500, collation="NOCASE"),
                existing_nullable=False,
            )
    for name, columns in INDEXES:
        op.create_index(name, "initiatives", columns)


def downgrade() -> None:
    for name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name="initiatives")
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("initiatives", recreate="always") as batch_op:
            batch_op.alter_column(
                "name",
                existing_type=sa.String(length=500, collation="NOCASE"),
                type_=sa.String(length=500),
                existing_nullable=False,
            )
