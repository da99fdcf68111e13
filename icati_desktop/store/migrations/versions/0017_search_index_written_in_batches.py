"""search index written in batches: the FTS5 triggers go

Revision ID: 0017
Revises: 0014

On SQLite the FTS5 index ``search_fts`` was kept in step with ``search_documents`` by
row triggers. FTS5 flushes its pending terms to a new segment at every statement of a
trigger, so an import of 10,000 records wrote 10,000 tiny segments and merged them: the
triggers took more than half of an import. The app now writes the index itself, one
statement per batch (``store.search_index``); this revision drops the triggers. The index
content is unchanged (the same rows, the same tokens), so nothing is rebuilt.
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0014"
branch_labels = None
depends_on = None

_TRIGGERS = ("search_documents_ai", "search_documents_ad", "search_documents_au")

# A frozen copy of the triggers revision 0003 made, for downgrade.
_RECREATE = (
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
    if op.get_bind().dialect.name == "sqlite":
        for trigger in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in _RECREATE:
            op.execute(statement)
