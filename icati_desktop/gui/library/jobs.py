"""The database jobs behind the Library page (they run on the database thread)."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from uuid import UUID

from pydantic import BaseModel

from icati_desktop.domain.library import AttachmentRef, Resource
from icati_desktop.store.country_choices import CountryChoice, country_choices
from icati_desktop.store.device import Role, require_device
from icati_desktop.store.library import (
    FacetCounts,
    LibraryFilter,
    ResourcePage,
    facet_counts,
    query_resources,
    toggle_favourite,
)
from icati_desktop.store.opened_copies import open_copy
from icati_desktop.store.records import RecordService
from icati_desktop.store.search import SearchResults, search
from icati_desktop.store.store import Store

PAGE_SIZE = 100
FAVOURITE_CHANGE = "favourite"
"""The change type a favourite toggle notifies (favourites are per device, not records)."""


class LibrarySnapshot(BaseModel):
    """The first page, the facet counts and who may edit, read in one go."""

    page: ResourcePage
    facets: FacetCounts
    may_edit: bool
    countries: list[CountryChoice] | None = None


class ResourceDetail(BaseModel):
    record_id: str
    version_id: str
    resource: Resource
    favourite: bool
    in_conflict: bool
    leaves: tuple[str, ...] = ()
    """The versions the shown resource was merged from (an edit names them as parents)."""


def snapshot_job(
    store: Store, flt: LibraryFilter, language: str, with_countries: bool
) -> LibrarySnapshot:
    with store.read() as session:
        page = query_resources(session, flt, limit=PAGE_SIZE, language=language)
        facets = facet_counts(session, flt)
        may_edit = require_device(session).role is Role.HQ
    countries = country_choices(store) if with_countries else None
    return LibrarySnapshot(page=page, facets=facets, may_edit=may_edit, countries=countries)


def page_job(store: Store, flt: LibraryFilter, offset: int, language: str) -> ResourcePage:
    with store.read() as session:
        return query_resources(session, flt, offset=offset, limit=PAGE_SIZE, language=language)


def detail_job(store: Store, record_id: str) -> ResourceDetail:
    view = RecordService(store).get(Resource, record_id)
    with store.read() as session:  # favourites are few: the bookmarked list answers
        bookmarked = query_resources(session, LibraryFilter(favourites_only=True), limit=10_000)
    favourite = any(row.record_id == record_id for row in bookmarked.rows)
    return ResourceDetail(
        record_id=record_id,
        version_id=view.version_id,
        resource=view.payload,
        favourite=favourite,
        in_conflict=view.in_conflict,
        leaves=view.leaves,
    )


def favourite_job(store: Store, record_id: str) -> bool:
    """Toggle a bookmark; True when the resource is now a favourite."""
    with store.write() as tx:
        now = toggle_favourite(tx.session, record_id)
        tx.note_changes({FAVOURITE_CHANGE: {record_id}})
    return now


def attachment_copy_job(store: Store, sha256: str, file_name: str | None) -> Path:
    """A private copy of the attachment, under its own name, for the system's viewer."""
    return open_copy(store, sha256, file_name)


def attach(store: Store, path: Path) -> AttachmentRef:
    """Copy a file into the blob store; the reference a resource keeps."""
    sha = store.blobs.put_file(path)
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return AttachmentRef(
        sha256=sha, filename=path.name, media_type=media_type, size=path.stat().st_size
    )


def save_job(
    store: Store,
    resource: Resource,
    new_files: list[Path],
    record_id: str | None,
    base_leaves: tuple[str, ...] | None,
) -> str:
    """Store new attachments, then create or update the resource; returns its id."""
    known = {a.sha256 for a in resource.attachments}
    added = [ref for ref in (attach(store, path) for path in new_files) if ref.sha256 not in known]
    payload = resource.model_copy(update={"attachments": [*resource.attachments, *added]})
    service = RecordService(store)
    if record_id is None:
        return service.create(Resource.model_validate(payload.model_dump())).record_id
    service.update(
        UUID(record_id), Resource.model_validate(payload.model_dump()), base_leaves=base_leaves
    )
    return record_id


def search_job(store: Store, text: str, language: str) -> SearchResults:
    with store.read() as session:
        return search(session, text, limit_per_type=20, language=language)
