"""Test-only revision: adds a column and backfills it from existing rows."""

import sqlalchemy as sa
from alembic import op

revision = "t0002"
down_revision = "0018"  # the current head: keep it so
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("settings") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
    op.execute("UPDATE settings SET note = 'migrated'")


def downgrade() -> None:
    with op.batch_alter_table("settings") as batch:
        batch.drop_column("note")
