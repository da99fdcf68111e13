"""A version: one immutable state of one record, named by the hash of its content."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any

from icati_desktop.versioning.canonical import JsonValue, canonical_json, sha256_hex
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

    def content_bytes(self) -> bytes:
        """The canonical encoding of :meth:`content` (``payload_json`` is already canonical)."""
        return content_bytes(
            self.record_type,
            self.record_id,
            self.parents,
            self.hlc,
            self.origin,
            self.deleted,
            self.payload_json,
        )

    def verify(self) -> None:
        """Raise if the id is not the hash of the content, or the payload is not canonical.

        One canonical encoding of the payload, to check it is canonical; the content's bytes
        are assembled around the stored payload text rather than encoded again.
        """
        if canonical_json(self.payload) != self.payload_json:
            raise VersionIdMismatch(f"version {self.version_id[:12]}… has a non-canonical payload")
        expected = sha256_hex(self.content_bytes())
        if expected != self.version_id:
            raise VersionIdMismatch(
                f"version {self.version_id[:12]}… of {self.record_type} {self.record_id} "
                f"does not match its content (hash {expected[:12]}…)"
            )


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


def _text(value: str) -> str:
    # json.dumps(…, ensure_ascii=False) without its per-call set-up
    return encode_basestring(unicodedata.normalize("NFC", value))


def content_bytes(
    record_type: str,
    record_id: str,
    parents: tuple[str, ...] | list[str],
    hlc: Timestamp,
    origin: str,
    deleted: bool,
    payload_json: str,
) -> bytes:
    """``canonical_bytes(content_of(...))``, assembled around an already canonical payload
    text instead of encoding the payload again (the keys are fixed and sorted; strings NFC).
    """
    parents_text = ",".join(_text(p) for p in sorted(parents))
    return (
        f'{{"deleted":{"true" if deleted else "false"},"hlc":[{hlc.ms},{hlc.counter}],'
        f'"origin":{_text(origin)},"parents":[{parents_text}],"payload":{payload_json},'
        f'"record_id":{_text(record_id)},"record_type":{_text(record_type)}}}'
    ).encode()


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
    ordered = tuple(sorted(set(parents)))
    content = content_bytes(record_type, record_id, ordered, hlc, origin, deleted, payload_json)
    return Version(
        version_id=sha256_hex(content),
        record_type=record_type,
        record_id=record_id,
        parents=ordered,
        hlc=hlc,
        origin=origin,
        deleted=deleted,
        payload_json=payload_json,
    )
