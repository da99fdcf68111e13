"""contacts apart, person stages and decision authority, redacted versions

Revision ID: 0011
Revises: 0006

``contacts`` is the current table of the new ``contact`` record type (contact details
kept apart from the person); ``people.decision_authority`` mirrors the new person field and
``ix_people_display_name_id`` serves the people list's default order;
``versions.redacted`` marks the versions an erasure emptied (docs/bundle-format.md,
"Erasure"). No store before this revision holds a person record written by the app, so
there is nothing to backfill.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contacts",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version_id", sa.String(length=64), nullable=False),
        sa.Column("hlc_ms", sa.BigInteger(), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contacts_person_id"), ["person_id"], unique=False)
    # Plain ALTER TABLE … ADD COLUMN (SQLite supports it with a constant default): a batch
    # operation would copy and drop ``versions``, which ``version_parents`` references.
    op.add_column(
        "people",
        sa.Column("decision_authority", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.create_index("ix_people_display_name_id", "people", ["display_name", "id"], unique=False)
    op.add_column(
        "versions",
        sa.Column("redacted", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("versions", "redacted")
    op.drop_index("ix_people_display_name_id", table_name="people")
    op.drop_column("people", "decision_authority")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_person_id"))
    op.drop_table("contacts")
