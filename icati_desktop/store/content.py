"""The built-in default content, as versions every store creates identically.

Default content gets deterministic record ids, a fixed origin and the clock of its
release, so two stores created from the same release hold the very same versions
and merge without duplicates. A later release descends from the earlier ones
(:mod:`icati_desktop.store.content_release`), so a store that holds release N and
opens with an app that ships N+1 gets updates, not conflicts:
:func:`upgrade_default_content` runs when a store is opened.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from sqlalchemy.orm import Session

from icati_desktop import paths
from icati_desktop.store.content_release import (
    CONTENT_ORIGIN,
    build_directory,
    read_history,
    read_release,
)
from icati_desktop.store.device import read_device
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import SettingRow
from icati_desktop.store.versions import add_versions
from icati_desktop.versioning.hlc import Timestamp
from icati_desktop.versioning.version import Version

log = logging.getLogger(__name__)

RELEASE_SETTING = "default_content_release"


def content_dir() -> Path:
    return paths.resource("content")


@cache
def release_of(directory: Path) -> tuple[str, Timestamp]:
    release = read_release(directory)
    return release.name, release.stamp


def content_release() -> tuple[str, Timestamp]:
    """The release the app ships: its name and clock."""
    return release_of(content_dir())


@cache
def release_versions(directory: Path) -> tuple[Version, ...]:
    """Every default record's version in the release shipped in ``directory``."""
    return build_directory(directory)


def default_content_versions() -> tuple[Version, ...]:
    return release_versions(content_dir())


@cache
def known_releases(directory: Path) -> tuple[str, ...]:
    """The releases this app knows, oldest first (the shipped one last)."""
    return (*(p.release.name for p in read_history(directory)), read_release(directory).name)


def load_default_content(session: Session, directory: Path | None = None) -> dict[str, set[str]]:
    """Add the release's versions (those not present yet); returns what changed."""
    directory = directory or content_dir()
    release = read_release(directory)
    result = add_versions(session, release_versions(directory))
    session.merge(SettingRow(key=RELEASE_SETTING, value=release.name))
    return dict(result.changed)


def needs_upgrade(session: Session, directory: Path) -> bool:
    """Whether the store holds an earlier release than the one in ``directory``.

    A store with no release (not set up, or set up without default content) and a store
    whose release this app does not know (written by a newer app) are left alone.
    """
    row = session.get(SettingRow, RELEASE_SETTING)
    if row is None or row.value == release_of(directory)[0] or read_device(session) is None:
        return False
    return row.value in known_releases(directory)[:-1]


def upgrade_default_content(store: Store, directory: Path | None = None) -> bool:
    """Bring a store from an earlier release to the shipped one; True if it did."""
    directory = directory or content_dir()
    with store.read() as session:
        if not needs_upgrade(session, directory):
            return False
    with store.write() as tx:
        if not needs_upgrade(tx.session, directory):
            return False
        before = tx.session.get(SettingRow, RELEASE_SETTING)
        old = before.value if before else None
        tx.note_changes(load_default_content(tx.session, directory))
    log.info("default content upgraded from release %s to %s", old, read_release(directory).name)
    return True


__all__ = [
    "CONTENT_ORIGIN",
    "RELEASE_SETTING",
    "content_release",
    "default_content_versions",
    "known_releases",
    "load_default_content",
    "needs_upgrade",
    "release_versions",
    "upgrade_default_content",
]
