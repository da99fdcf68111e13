"""The bundle manifest and version lines: the published, signed part of the format.

These pydantic models are the source of the JSON Schema in ``docs/schema/``. The
manifest travels as ``manifest.json`` in canonical JSON; ``manifest.sig`` holds the
64-byte Ed25519 signature of exactly those bytes.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from icati_desktop.domain.base import UtcDatetime

FORMAT = "icati-bundle"
FORMAT_VERSION = 1
SCHEMA_VERSION = 1
"""Version of the record payload models; a bundle with a newer one is refused."""

MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
VERSIONS_DIR = "versions/"
BLOBS_DIR = "blobs/"
MAX_MANIFEST_BYTES = 16 * 1024 * 1024

Sha256Hex = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
DeviceId = Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]
MAX_INT64 = 2**63 - 1
"""Whole numbers a store keeps must fit a signed 64-bit column (SQLite, PostgreSQL)."""
Hlc = tuple[Annotated[int, Field(ge=0, le=MAX_INT64)], Annotated[int, Field(ge=0, le=MAX_INT64)]]
"""A hybrid logical clock value: [physical milliseconds since 1970 UTC, counter]."""


class BundleKind(StrEnum):
    FIELD = "field"
    """From a field device to its HQ: the device's own unacknowledged versions, encrypted."""
    CENTRAL = "central"
    """From HQ to one enrolled device (reference content and its countries' field records,
    encrypted to it), or content only (no field record, not encrypted); with
    acknowledgements, enrolments and revocations."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceInfo(_Strict):
    device_id: DeviceId
    role: Literal["field", "hq"]
    name: Annotated[str, Field(max_length=200)]
    signing_key: Annotated[str, Field(max_length=100)]
    """The signer's Ed25519 public key, standard base64 of the 32 raw bytes."""


class FileEntry(_Strict):
    path: Annotated[str, Field(max_length=200)]
    size: Annotated[int, Field(ge=0)]
    sha256: Sha256Hex
    kind: Literal["versions", "blob"]
    record_type: str | None = None
    """For a versions file: the record type of every line in it."""
    count: Annotated[int, Field(ge=0)] | None = None
    """For a versions file: how many lines (versions) it holds."""


class Manifest(_Strict):
    format: Literal["icati-bundle"]
    format_version: Literal[1]
    schema_version: Annotated[int, Field(ge=1)]
    app_version: Annotated[str, Field(max_length=40)]
    bundle_id: UUID
    kind: BundleKind
    source: SourceInfo
    recipients: list[DeviceId]
    """Device ids the bundle is for: a field bundle's HQ, or the device a central bundle was
    made for (and encrypted to); empty for a content-only central bundle."""
    sequence: Annotated[int, Field(ge=1, le=MAX_INT64)]
    """Per-source bundle counter; a device refuses a central bundle older than one it accepted."""
    previous_manifest_sha256: Sha256Hex | None
    created_at: UtcDatetime
    expires_at: UtcDatetime
    created_hlc: Hlc
    min_hlc: Hlc | None
    max_hlc: Hlc | None
    ack_basis: Hlc | None = None
    """Field bundles: HQ's acknowledgement of this device the bundle builds on."""
    acks: dict[DeviceId, Hlc] = {}
    """Central bundles: for each device, HQ holds all its versions up to this clock."""
    enrolled: list[dict[str, Any]] = []
    """Central bundles: the signed identity cards of the devices HQ trusts."""
    revoked: list[DeviceId] = []
    """Central bundles: devices whose keys HQ has revoked."""
    files: list[FileEntry]
    counts: dict[str, Annotated[int, Field(ge=0)]]
    """Versions per record type."""


class VersionLine(_Strict):
    """One line of a ``versions/<type>.jsonl`` file: a version with its content."""

    version_id: Sha256Hex
    record_type: Annotated[str, Field(max_length=64)]
    record_id: Annotated[str, Field(max_length=36)]
    parents: list[Sha256Hex]
    hlc: Hlc
    origin: Annotated[str, Field(max_length=64)]
    deleted: bool
    payload: dict[str, Any] | None
