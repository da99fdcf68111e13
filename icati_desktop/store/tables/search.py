"""Local tables of the search index and of the library's favourites.

Neither travels as versions: both are per-device. The search documents are derived
from the current tables (rebuilt at will by ``store.search.rebuild_search_index``);
favourites are one person's bookmarks on one device, like a browser's, so syncing them
would only spread one reader's private list to every device of the network.

``search_documents`` holds one entry per searchable live record. The full-text index
over it is engine-specific and lives outside this metadata (see ``store.search``):

* SQLite: an FTS5 table ``search_fts`` over ``title`` and ``body`` with
  ``content='search_documents'``, kept in step by ``store.search_index`` (one statement
  per batch; no triggers since revision 0017, because FTS5 writes a segment at every
  statement of a trigger). Anything that writes this table must go through that module.
* PostgreSQL: the ``terms`` column (a ``tsvector`` with a GIN index). On SQLite the
  column exists but stays NULL, and its index is a partial index that holds nothing.
"""

from __future__ import annotations

from sqlalchemy import Index, String, Text, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from icati_desktop.store.tables.base import Base, BigInt

TermsType = Text().with_variant(TSVECTOR(), "postgresql")


class SearchDocumentRow(Base):
    """One searchable record: its text as indexed, and its titles for display."""

    __tablename__ = "search_documents"
    __table_args__ = (
        Index(
            "ix_search_documents_terms",
            "terms",
            postgresql_using="gin",
            sqlite_where=text("terms IS NOT NULL"),
        ),
    )

    doc_id: Mapped[int] = mapped_column(BigInt, primary_key=True, autoincrement=True)
    """The FTS5 rowid on SQLite."""
    record_type: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    language: Mapped[str] = mapped_column(String(35))
    """The language the text is most likely in (``""`` when unknown): a hint only."""
    titles: Mapped[str] = mapped_column(Text)
    """Display titles as JSON, language → title (``""`` for a title of no known language)."""
    title: Mapped[str] = mapped_column(Text)
    """Every title, as indexed (one per line)."""
    body: Mapped[str] = mapped_column(Text)
    terms: Mapped[str | None] = mapped_column(TermsType, nullable=True)
    """PostgreSQL only: the accent-folded ``tsvector`` of title (weight A) and body (B)."""


class FavouriteRow(Base):
    """A resource this device's user bookmarked (local, never synced)."""

    __tablename__ = "favourites"

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    added_at: Mapped[str] = mapped_column(String(40))
    """UTC ISO 8601, like the other local tables' times."""
