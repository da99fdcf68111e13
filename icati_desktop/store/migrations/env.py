"""Alembic environment: always run on a connection the store hands in."""

from __future__ import annotations

from alembic import context

from icati_desktop.store.tables import Base  # registers every table

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through icati_desktop.store.migrate, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
