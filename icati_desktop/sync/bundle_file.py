"""Open a bundle file: decrypt into the staging area, check the archive, read the manifest.

Nothing here touches the database, and nothing is written outside the staging
directory the caller gives (which it removes afterwards).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyrage
from pydantic import ValidationError

from icati_desktop.sync.archive import SafeArchive
from icati_desktop.sync.errors import BundleRejected, RejectCode
from icati_desktop.sync.limits import SyncLimits
from icati_desktop.sync.manifest import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST_NAME,
    MAX_MANIFEST_BYTES,
    SIGNATURE_NAME,
    Manifest,
)
from icati_desktop.versioning.canonical import CanonicalEncodingError, canonical_bytes, sha256_hex

AGE_MAGIC = b"age-encryption.org/v1\n"
ZIP_MAGIC = b"PK\x03\x04"
_COPY = 1024 * 1024


@dataclass
class OpenedBundle:
    archive: SafeArchive
    manifest: Manifest
    manifest_bytes: bytes
    signature: bytes
    encrypted: bool

    @property
    def manifest_sha256(self) -> str:
        return sha256_hex(self.manifest_bytes)


def _decrypt(path: Path, target: Path, identity: pyrage.x25519.Identity | None) -> None:
    if identity is None:
        raise BundleRejected(
            RejectCode.WRONG_RECIPIENT,
            "this bundle is locked for one particular device, and this computer has no key "
            "to open it: a new device starts from HQ's content-only bundle — ask HQ for one",
        )
    try:
        with path.open("rb") as source, target.open("wb") as out:
            pyrage.decrypt_io(source, out, [identity])
    except OSError as exc:
        if exc.errno is not None:  # the staging copy could not be written
            raise BundleRejected(
                RejectCode.DISK_FULL,
                f"the bundle could not be decrypted into {target.parent} ({exc.strerror}); "
                "free some space and import it again",
            ) from exc
        # pyrage's streaming decryption reports a failed authentication tag this way
        raise BundleRejected(
            RejectCode.DECRYPT_FAILED,
            "the bundle's encryption is damaged or was tampered with: ask the sender for a "
            "new copy",
        ) from exc
    except pyrage.DecryptError as exc:
        text = str(exc).lower()
        if "no matching" in text or ("identity" in text and "match" in text):
            raise BundleRejected(
                RejectCode.WRONG_RECIPIENT,
                "this bundle is locked for another device, and only that device's key opens "
                "it: HQ makes one bundle per device — ask for the one made for this device "
                "(or, at HQ, check the bundle was sent to this office)",
            ) from exc
        raise BundleRejected(
            RejectCode.DECRYPT_FAILED,
            "the bundle's encryption is damaged or was tampered with: ask the sender for a "
            "new copy",
        ) from exc


def _parse_manifest(raw: bytes) -> Manifest:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BundleRejected(
            RejectCode.MALFORMED_MANIFEST, "the bundle's manifest is not valid JSON"
        ) from exc
    if not isinstance(data, dict):
        raise BundleRejected(
            RejectCode.MALFORMED_MANIFEST, "the bundle's manifest is not an object"
        )
    if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
        raise BundleRejected(
            RejectCode.UNKNOWN_FORMAT,
            f"this is not an ICATI bundle of a format this app reads "
            f"(format {str(data.get('format'))[:40]!r} version "
            f"{str(data.get('format_version'))[:10]}); update the app or ask for a new bundle",
        )
    try:
        manifest = Manifest.model_validate(data)
        canonical = canonical_bytes(manifest.model_dump(mode="python"))
    except (ValidationError, CanonicalEncodingError) as exc:
        first = str(exc).splitlines()[:3]
        raise BundleRejected(
            RejectCode.MALFORMED_MANIFEST, f"the bundle's manifest is invalid: {' '.join(first)}"
        ) from exc
    if canonical != raw:
        raise BundleRejected(
            RejectCode.MALFORMED_MANIFEST,
            "the bundle's manifest is not in canonical form, so its signature cannot be trusted",
        )
    return manifest


@contextmanager
def open_bundle(
    path: Path, staging: Path, limits: SyncLimits, identity: pyrage.x25519.Identity | None
) -> Iterator[OpenedBundle]:
    """Yield the opened bundle; the archive is closed afterwards."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(len(AGE_MAGIC))
    except OSError as exc:
        raise BundleRejected(RejectCode.NOT_A_BUNDLE, f"cannot read {path.name}: {exc}") from exc
    if size > limits.max_bundle_bytes:
        raise BundleRejected(
            RejectCode.BUNDLE_TOO_LARGE,
            f"{path.name} is {size} bytes, over the limit of {limits.max_bundle_bytes}; "
            "raise sync.max_bundle_bytes if it is genuine",
        )
    encrypted = head.startswith(AGE_MAGIC)
    archive_path = path
    if encrypted:
        staging.mkdir(parents=True, exist_ok=True)
        archive_path = staging / "bundle.zip"
        _decrypt(path, archive_path, identity)
    elif not head.startswith(ZIP_MAGIC):
        raise BundleRejected(
            RejectCode.NOT_A_BUNDLE,
            f"{path.name} is not an ICATI bundle (neither an age-encrypted file nor a zip)",
        )
    archive = SafeArchive.open(archive_path, limits)
    try:
        for required in (MANIFEST_NAME, SIGNATURE_NAME):
            if required not in archive.names:
                raise BundleRejected(
                    RejectCode.MISSING_ENTRY, f"the bundle has no {required}: it is incomplete"
                )
        raw = archive.read_bytes(MANIFEST_NAME, max_bytes=MAX_MANIFEST_BYTES)
        signature = archive.read_bytes(SIGNATURE_NAME, max_bytes=64)
        manifest = _parse_manifest(raw)
        archive.check_names({MANIFEST_NAME, SIGNATURE_NAME} | {f.path for f in manifest.files})
        yield OpenedBundle(archive, manifest, raw, signature, encrypted)
    finally:
        archive.close()
