"""search index and favourites

Revision ID: 0003
Revises: 0002

``search_documents`` and ``favourites`` are ordinary tables; the full-text index is
engine-specific: on SQLite an FTS5 table with the triggers that keep it in step (a
frozen copy of ``store.search.SQLITE_FTS_DDL``), on PostgreSQL the ``tsvector`` column
and its GIN index declared on the model. The backfill indexes the records the store
already holds, so a populated store is searchable as soon as it is upgraded.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_documents', "
    "content_rowid='doc_id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.doc_id, new.title, new.body); END",
    "CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) "
    "VALUES ('delete', old.doc_id, old.title, old.body); END",
    "CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) "
    "VALUES ('delete', old.doc_id, old.title, old.body); "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.doc_id, new.title, new.body); END",
)


def upgrade() -> None:
    op.create_table(
        "favourites",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("added_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_favourites")),
    )
    op.create_table(
        "search_documents",
        sa.Column(
            "doc_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("record_type", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("language", sa.String(length=35), nullable=False),
        sa.Column("titles", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "terms", sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql"), nullable=True
        ),
        sa.PrimaryKeyConstraint("doc_id", name=op.f("pk_search_documents")),
    )
    op.create_index(
        op.f("ix_search_documents_record_id"), "search_documents", ["record_id"], unique=False
    )
    op.create_index(
        "ix_search_documents_terms",
        "search_documents",
        ["terms"],
        unique=False,
        postgresql_using="gin",
        sqlite_where=sa.text("terms IS NOT NULL"),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    # The backfill uses the app's document builders. A later revision that changes
    # search_documents must rebuild the index itself and drop this call (opening a
    # store also rebuilds an empty index, so dropping it loses nothing).
    from icati_desktop.store.search import rebuild_search_index

    rebuild_search_index(Session(bind=bind))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER search_documents_{trigger}")
        op.execute("DROP TABLE search_fts")
    op.drop_index("ix_search_documents_terms", table_name="search_documents")
    op.drop_index(op.f("ix_search_documents_record_id"), table_name="search_documents")
    op.drop_table("search_documents")
    op.drop_table("favourites")
