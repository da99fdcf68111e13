"""Default-content releases as version chains every device builds identically.

A release is the content files of ``resources/content/`` plus ``release.json`` (its name
and publication time). The app also ships ``previous-releases.json``: for every earlier
release, the version id each default record had in it. From these, the versions of the
current release are a pure function (:func:`build_release_versions`):

* a record whose payload is the same as in the last release that had it keeps that
  release's version (rebuilt from the current payload, the earlier ids as parents and
  that release's clock, and checked against the id the manifest lists);
* a changed record gets a new version whose parents are **every** earlier release's
  version of it, stamped with the current release's clock;
* a record the current release no longer has gets a tombstone with the same parents.

Naming every earlier release version as a parent (not only the last) is what lets a
device that skipped a release upgrade cleanly: whatever release it holds, the new
version names it directly, so the old version stops being a leaf. Parents the device
never had are allowed (a parent may be missing; leaves use direct links only).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any
from uuid import UUID

from icati_desktop.atomic_file import write_atomic
from icati_desktop.domain.base import RecordPayload
from icati_desktop.domain.default_content import ContentError, load_all
from icati_desktop.versioning.hlc import Timestamp
from icati_desktop.versioning.version import Version, make_version

CONTENT_ORIGIN = "icati-default-content"
RELEASE_FILE = "release.json"
HISTORY_FILE = "previous-releases.json"
HISTORY_FORMAT = 1


@dataclass(frozen=True)
class Release:
    name: str
    published: str
    """ISO time with ``Z``, as written in the files."""

    @property
    def stamp(self) -> Timestamp:
        when = datetime.fromisoformat(self.published.replace("Z", "+00:00"))
        return Timestamp(int(when.timestamp() * 1000), 0)


@dataclass(frozen=True)
class ReleaseEntry:
    record_type: str
    version_id: str
    deleted: bool = False


@dataclass(frozen=True)
class PastRelease:
    release: Release
    records: dict[str, ReleaseEntry] = field(default_factory=dict)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ContentError(f"{path}: cannot read JSON ({error})") from error


def _release(data: Any, where: object) -> Release:
    if not isinstance(data, dict) or not all(
        isinstance(data.get(key), str) for key in ("release", "published")
    ):
        raise ContentError(f"{where}: needs 'release' and 'published' texts")
    release = Release(data["release"], data["published"])
    try:
        release.stamp  # noqa: B018  (checks the time)
    except ValueError as error:
        raise ContentError(f"{where}: 'published' is not an ISO time ({error})") from None
    return release


def read_release(directory: Path) -> Release:
    return _release(_read_json(directory / RELEASE_FILE), directory / RELEASE_FILE)


def read_history(directory: Path) -> tuple[PastRelease, ...]:
    """The earlier releases, oldest first (none when the file is absent: a first release)."""
    path = directory / HISTORY_FILE
    if not path.exists():
        return ()
    data = _read_json(path)
    if not isinstance(data, dict) or data.get("format") != HISTORY_FORMAT:
        raise ContentError(f"{path}: expected format {HISTORY_FORMAT}")
    past: list[PastRelease] = []
    for index, entry in enumerate(data.get("releases", [])):
        release = _release(entry, f"{path} release {index}")
        records = {
            rid: ReleaseEntry(value["type"], value["version"], bool(value.get("deleted", False)))
            for rid, value in entry.get("records", {}).items()
        }
        past.append(PastRelease(release, records))
    names = [p.release.name for p in past]
    if len(set(names)) != len(names):
        raise ContentError(f"{path}: a release is listed twice")
    if any(a.release.stamp >= b.release.stamp for a, b in pairwise(past)):
        raise ContentError(f"{path}: releases must be listed oldest first")
    return tuple(past)


def history_json(past: Sequence[PastRelease]) -> dict[str, Any]:
    """The manifest file's content (stable key order, one record per line when dumped)."""
    return {
        "format": HISTORY_FORMAT,
        "releases": [
            {
                "release": p.release.name,
                "published": p.release.published,
                "records": {
                    rid: {"type": e.record_type, "version": e.version_id}
                    | ({"deleted": True} if e.deleted else {})
                    for rid, e in sorted(p.records.items())
                },
            }
            for p in past
        ],
    }


@dataclass(frozen=True)
class _Link:
    version_id: str
    stamp: Timestamp
    deleted: bool
    record_type: str


def _chains(past: Sequence[PastRelease]) -> dict[str, list[_Link]]:
    """record id → its distinct release versions, oldest first, with the clock that made each."""
    chains: dict[str, list[_Link]] = {}
    for release in past:
        for rid, entry in release.records.items():
            chain = chains.setdefault(rid, [])
            if not chain or chain[-1].version_id != entry.version_id:
                if any(link.version_id == entry.version_id for link in chain):
                    raise ContentError(
                        f"{HISTORY_FILE}: record {rid} returns to an older version in "
                        f"release {release.release.name}"
                    )
                chain.append(
                    _Link(entry.version_id, release.release.stamp, entry.deleted, entry.record_type)
                )
    return chains


def _version(
    record_type: str, rid: str, parents: Iterable[str], stamp: Timestamp, payload: Any
) -> Version:
    return make_version(
        record_type=record_type,
        record_id=rid,
        parents=tuple(parents),
        hlc=stamp,
        origin=CONTENT_ORIGIN,
        deleted=payload is None,
        payload=payload,
    )


def _rebuilt(rid: str, chain: list[_Link], payload: Any) -> Version:
    """The chain's last version rebuilt with ``payload``; may differ from the manifest's id."""
    last = chain[-1]
    return _version(
        last.record_type, rid, (link.version_id for link in chain[:-1]), last.stamp, payload
    )


def build_release_versions(
    records: Sequence[tuple[UUID, RecordPayload]],
    release: Release,
    past: Sequence[PastRelease] = (),
) -> tuple[Version, ...]:
    """The current version of every default record, ever, in this release (see module doc)."""
    if past and past[-1].release.stamp >= release.stamp:
        raise ContentError(
            f"release {release.name} must be published after {past[-1].release.name}"
        )
    chains = _chains(past)
    out: list[Version] = []
    present: set[str] = set()
    for record_id, model in records:
        rid = str(record_id)
        present.add(rid)
        payload = model.model_dump(mode="python")
        chain = chains.get(rid, [])
        if chain and not chain[-1].deleted:
            kept = _rebuilt(rid, chain, payload)
            if kept.version_id == chain[-1].version_id:
                out.append(kept)
                continue
        parents = [link.version_id for link in chain]
        out.append(_version(model.record_type, rid, parents, release.stamp, payload))
    for rid in sorted(chains.keys() - present):
        chain = chains[rid]
        if chain[-1].deleted:
            kept = _rebuilt(rid, chain, None)
            if kept.version_id != chain[-1].version_id:
                raise ContentError(
                    f"{HISTORY_FILE}: the removal of record {rid} does not rebuild to "
                    f"{chain[-1].version_id[:12]}…"
                )
            out.append(kept)
        else:
            parents = [link.version_id for link in chain]
            out.append(_version(chain[-1].record_type, rid, parents, release.stamp, None))
    return tuple(out)


def as_past_release(release: Release, versions: Iterable[Version]) -> PastRelease:
    """A built release as the manifest remembers it (for the next release)."""
    return PastRelease(
        release,
        {v.record_id: ReleaseEntry(v.record_type, v.version_id, v.deleted) for v in versions},
    )


def build_directory(directory: Path) -> tuple[Version, ...]:
    """The versions of the release whose files are in ``directory``."""
    return build_release_versions(
        load_all(directory), read_release(directory), read_history(directory)
    )


@dataclass(frozen=True)
class ReleaseChanges:
    """What a release does to the records of the one before it."""

    release: str
    previous: str | None
    kept: int
    changed: list[str]
    added: list[str]
    removed: list[str]


def release_changes(directory: Path) -> ReleaseChanges:
    """Compare the release in ``directory`` with the last one its manifest lists."""
    past = read_history(directory)
    versions = build_directory(directory)
    release = read_release(directory)
    before = past[-1].records if past else {}
    kept, changed, added, removed = 0, [], [], []
    for version in versions:
        entry = before.get(version.record_id)
        if entry is not None and entry.version_id == version.version_id:
            kept += 1
        elif version.deleted:
            removed.append(version.record_id)
        elif entry is None or entry.deleted:
            added.append(version.record_id)
        else:
            changed.append(version.record_id)
    previous = past[-1].release.name if past else None
    return ReleaseChanges(release.name, previous, kept, changed, added, removed)


def start_next_release(directory: Path, name: str, published: str) -> PastRelease:
    """Record the current release in the manifest and make ``name`` the release to edit.

    Run it *before* changing the content files for the next release: it remembers the
    version id of every record as the current release built it.
    """
    current = read_release(directory)
    upcoming = _release({"release": name, "published": published}, "the new release")
    if upcoming.stamp <= current.stamp or name == current.name:
        raise ContentError(
            f"release {name} must be new and published after {current.name} ({current.published})"
        )
    past = read_history(directory)
    frozen = as_past_release(current, build_directory(directory))
    text = json.dumps(history_json([*past, frozen]), indent=1, ensure_ascii=False, sort_keys=True)
    _write(directory / HISTORY_FILE, text + "\n")
    release_text = json.dumps({"release": name, "published": published}, indent=2)
    _write(directory / RELEASE_FILE, release_text + "\n")
    return frozen


def _write(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))


__all__ = [
    "CONTENT_ORIGIN",
    "HISTORY_FILE",
    "PastRelease",
    "Release",
    "ReleaseChanges",
    "ReleaseEntry",
    "as_past_release",
    "build_directory",
    "build_release_versions",
    "history_json",
    "read_history",
    "read_release",
    "release_changes",
    "start_next_release",
]
