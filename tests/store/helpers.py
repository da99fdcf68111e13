"""Small helpers shared by the store tests."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from icati_desktop.domain.library import Resource, ResourceType
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import VersionRow
from icati_desktop.store.versions import add_versions, version_from_row
from icati_desktop.versioning.version import Version

StoreFactory = Callable[..., Store]


def resource(title: str, **extra: object) -> Resource:
    return Resource.model_validate(
        {"title": {"en": title}, "resource_type": ResourceType.GUIDE, **extra}
    )


def all_versions(store: Store) -> list[Version]:
    with store.read() as session:
        rows = session.scalars(select(VersionRow).order_by(VersionRow.seq))
        return [version_from_row(row) for row in rows]


def deliver(source: Store, target: Store) -> int:
    """Copy every version of ``source`` into ``target`` (a stand-in for a bundle)."""
    with target.write() as tx:
        result = add_versions(tx.session, all_versions(source))
        tx.note_changes(result.changed)
    return len(result.added)
