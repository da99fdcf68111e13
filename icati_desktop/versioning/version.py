"""A version: one immutable state of one record, named by the hash of its content."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from icati_desktop.versioning.canonical import (
    JsonValue,
    canonical_bytes,
    canonical_json,
    sha256_hex,
)
from icati_desktop.versioning.hlc import Timestamp


class VersionIdMismatch(ValueError):
    """A version whose content does not hash to the id it claims."""


@dataclass(frozen=True, slots=True)
class Version:
    """The unit of storage and sync.

    ``payload_json`` is the canonical JSON text of the payload (``null`` for a
    tombstone); ``parents`` are sorted version ids. ``version_id`` is the SHA-256 of
    :meth:`content`'s canonical encoding, so the same version has the same id on
    every device and on both database engines.
    """

    version_id: str
    record_type: str
    record_id: str
    parents: tuple[str, ...]
    hlc: Timestamp
    origin: str
    deleted: bool
    payload_json: str

    @property
    def payload(self) -> Any:
        return json.loads(self.payload_json)

    def content(self) -> dict[str, JsonValue]:
        return content_of(
            self.record_type,
            self.record_id,
            self.parents,
            self.hlc,
            self.origin,
            self.deleted,
            self.payload,
        )

    def verify(self) -> None:
        """Raise if the id is not the hash of the content, or the payload is not canonical."""
        expected = sha256_hex(canonical_bytes(self.content()))
        if expected != self.version_id:
            raise VersionIdMismatch(
                f"version {self.version_id[:12]}… of {self.record_type} {self.record_id} "
                f"does not match its content (hash {expected[:12]}…)"
            )
        if canonical_json(self.payload) != self.payload_json:
            raise VersionIdMismatch(f"version {self.version_id[:12]}… has a non-canonical payload")


def content_of(
    record_type: str,
    record_id: str,
    parents: tuple[str, ...],
    hlc: Timestamp,
    origin: str,
    deleted: bool,
    payload: Any,
) -> dict[str, JsonValue]:
    return {
        "deleted": deleted,
        "hlc": hlc.to_json(),
        "origin": origin,
        "parents": sorted(parents),
        "payload": payload,
        "record_id": record_id,
        "record_type": record_type,
    }


def make_version(
    *,
    record_type: str,
    record_id: str,
    parents: tuple[str, ...] | list[str],
    hlc: Timestamp,
    origin: str,
    deleted: bool,
    payload: Any,
) -> Version:
    """Build a version from plain values; the payload is canonicalised here."""
    if deleted and payload is not None:
        raise ValueError("a tombstone carries no payload")
    payload_json = canonical_json(payload)
    canonical_payload = json.loads(payload_json)
    ordered = tuple(sorted(set(parents)))
    content = content_of(record_type, record_id, ordered, hlc, origin, deleted, canonical_payload)
    return Version(
        version_id=sha256_hex(canonical_bytes(content)),
        record_type=record_type,
        record_id=record_id,
        parents=ordered,
        hlc=hlc,
        origin=origin,
        deleted=deleted,
        payload_json=payload_json,
    )
