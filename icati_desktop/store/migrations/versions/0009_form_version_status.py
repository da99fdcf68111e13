"""form version status: retired versions and HQ's edited crosswalks

Revision ID: 0009
Revises: 0007

One current table for the HQ-owned ``form_version_status`` records. No backfill: a
store without such records has no version retired and every crosswalk as its form has it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_version_status",
        sa.Column("form_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version_id", sa.String(length=64), nullable=False),
        sa.Column("hlc_ms", sa.BigInteger(), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_version_status")),
        sa.UniqueConstraint(
            "form_id", "version", name=op.f("uq_form_version_status_form_id_version")
        ),
    )


def downgrade() -> None:
    op.drop_table("form_version_status")
