"""Declarative base and the conventions of a materialised current table.

A current table holds what each live record of one type shows — its one leaf, or the
merge of its leaves (``store.merged``). Its rows are written only by the materialiser
(``store.materialise``), never by hand:

* ``id``, ``version_id``, ``hlc_ms``, ``origin`` (of the leaf the row stands for) and
  ``data`` (the canonical JSON of the shown payload) come from :class:`CurrentRow`;
* every other column is filled from the payload field of the same name (UUID → text,
  enum → value, ``LocalizedText`` → JSON text), unless the table names a different
  source in ``__projection__``;
* list fields named in ``__term_fields__`` (topics, languages, stages…) are written to
  the ``record_terms`` table so filters work the same on SQLite and PostgreSQL.

References between records are soft (no foreign keys): sync may deliver a child
before its parent, and a parent may be deleted while a child is being edited.
"""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import BigInteger, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

BigInt = BigInteger().with_variant(Integer(), "sqlite")
"""64-bit integer; plain INTEGER on SQLite so it can be a rowid alias."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class CurrentRow:
    """Columns every current table has. Mix in before ``Base``."""

    record_type: ClassVar[str]
    """The record type this table materialises (``RecordPayload.record_type``)."""
    __projection__: ClassVar[dict[str, str]] = {}
    """column name → payload field name, where they differ (dotted paths allowed)."""
    __term_fields__: ClassVar[tuple[str, ...]] = ()
    """Payload list fields mirrored into ``record_terms`` for filtering."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version_id: Mapped[str] = mapped_column(String(64))
    hlc_ms: Mapped[int] = mapped_column(BigInteger)
    origin: Mapped[str] = mapped_column(String(64))
    data: Mapped[str] = mapped_column(Text)
