"""The built-in default content, as versions every store creates identically.

Default content gets deterministic record ids, a fixed origin and the clock of its
release, so two stores created from the same release hold the very same versions
and merge without duplicates. Any later HQ edit (a newer clock) wins over it.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache

from sqlalchemy.orm import Session

from icati_desktop import paths
from icati_desktop.domain.default_content import load_all
from icati_desktop.store.tables.core import SettingRow
from icati_desktop.store.versions import add_versions
from icati_desktop.versioning.hlc import Timestamp
from icati_desktop.versioning.version import Version, make_version

CONTENT_ORIGIN = "icati-default-content"
RELEASE_SETTING = "default_content_release"


@cache
def content_release() -> tuple[str, Timestamp]:
    data = json.loads(paths.resource("content", "release.json").read_text("utf-8"))
    published = datetime.fromisoformat(data["published"].replace("Z", "+00:00"))
    return str(data["release"]), Timestamp(int(published.timestamp() * 1000), 0)


@cache
def default_content_versions() -> tuple[Version, ...]:
    _, stamp = content_release()
    return tuple(
        make_version(
            record_type=payload.record_type,
            record_id=str(record_id),
            parents=(),
            hlc=stamp,
            origin=CONTENT_ORIGIN,
            deleted=False,
            payload=payload.model_dump(mode="python"),
        )
        for record_id, payload in load_all(paths.resource("content"))
    )


def load_default_content(session: Session) -> dict[str, set[str]]:
    """Add the default content's versions; returns what changed."""
    release, _ = content_release()
    result = add_versions(session, default_content_versions())
    session.merge(SettingRow(key=RELEASE_SETTING, value=release))
    return dict(result.changed)
