"""device scopes and the scope index

Revision ID: 0005
Revises: 0009

Two current tables for the HQ-owned ``device_scope`` and ``data_removal`` records, the
local scope index (``scope_countries``, ``scope_links``), the removals a device has
carried out, and an index on versions by type so that a device's bundle reads only its
share. No backfill: no store holds versions of the new types yet, and the scope
index is brought up to date from the version log the first time it is read.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0009"
branch_labels = None
depends_on = None


def _current_table(name: str, *columns: sa.Column[object]) -> None:
    op.create_table(
        name,
        *columns,
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version_id", sa.String(length=64), nullable=False),
        sa.Column("hlc_ms", sa.BigInteger(), nullable=False),
        sa.Column("origin", sa.String(length=64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    op.create_index(op.f(f"ix_{name}_device_id"), name, ["device_id"], unique=False)


def upgrade() -> None:
    _current_table(
        "device_scopes",
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.Column("all_countries", sa.Boolean(), nullable=False),
    )
    _current_table("data_removals", sa.Column("device_id", sa.String(length=32), nullable=False))
    op.create_table(
        "scope_countries",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("country", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("record_id", "country", name=op.f("pk_scope_countries")),
    )
    op.create_index(
        op.f("ix_scope_countries_country_record_id"),
        "scope_countries",
        ["country", "record_id"],
        unique=False,
    )
    op.create_table(
        "scope_links",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("follows_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("record_id", "follows_id", name=op.f("pk_scope_links")),
    )
    op.create_index(
        op.f("ix_scope_links_follows_id_record_id"),
        "scope_links",
        ["follows_id", "record_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_versions_record_type_record_id_hlc_ms_hlc_counter"),
        "versions",
        ["record_type", "record_id", "hlc_ms", "hlc_counter"],
        unique=False,
    )
    op.create_table(
        "applied_removals",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("applied_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_applied_removals")),
    )


def downgrade() -> None:
    op.drop_table("applied_removals")
    op.drop_index(
        op.f("ix_versions_record_type_record_id_hlc_ms_hlc_counter"), table_name="versions"
    )
    op.drop_index(op.f("ix_scope_links_follows_id_record_id"), table_name="scope_links")
    op.drop_table("scope_links")
    op.drop_index(op.f("ix_scope_countries_country_record_id"), table_name="scope_countries")
    op.drop_table("scope_countries")
    for name in ("data_removals", "device_scopes"):
        op.drop_index(op.f(f"ix_{name}_device_id"), table_name=name)
        op.drop_table(name)
