"""Test-only revision: changes data, then fails half-way."""

import sqlalchemy as sa
from alembic import op

revision = "t0002"
down_revision = "0018"  # the current head: keep it so
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("DELETE FROM record_terms")
    raise RuntimeError("injected failure in the middle of a migration")


def downgrade() -> None:
    op.drop_table("half_done")
