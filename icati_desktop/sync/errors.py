"""Why a bundle was refused: a stable code for scripts and a message for people."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from icati_desktop.store.storage_errors import StorageProblemKind, storage_problem


class RejectCode(StrEnum):
    """Stable error codes of ``icati bundle import --json`` (never renamed, only added)."""

    # the file itself
    NOT_A_BUNDLE = "not_a_bundle"
    BUNDLE_TOO_LARGE = "bundle_too_large"
    TRUNCATED = "truncated"
    WRONG_RECIPIENT = "wrong_recipient"
    DECRYPT_FAILED = "decrypt_failed"
    NOT_ENCRYPTED = "not_encrypted"
    # the archive
    TOO_MANY_ENTRIES = "too_many_entries"
    PATH_TRAVERSAL = "path_traversal"
    ABSOLUTE_PATH = "absolute_path"
    DRIVE_LETTER = "drive_letter"
    BACKSLASH_PATH = "backslash_path"
    BAD_ENTRY_NAME = "bad_entry_name"
    SYMLINK_ENTRY = "symlink_entry"
    DIRECTORY_ENTRY = "directory_entry"
    DUPLICATE_ENTRY = "duplicate_entry"
    UNSUPPORTED_COMPRESSION = "unsupported_compression"
    ENCRYPTED_ENTRY = "encrypted_entry"
    OVERLAPPING_ENTRIES = "overlapping_entries"
    ZIP_BOMB_RATIO = "zip_bomb_ratio"
    ENTRY_TOO_LARGE = "entry_too_large"
    TOTAL_TOO_LARGE = "total_too_large"
    UNEXPECTED_ENTRY = "unexpected_entry"
    MISSING_ENTRY = "missing_entry"
    SIZE_MISMATCH = "size_mismatch"
    HASH_MISMATCH = "hash_mismatch"
    CORRUPT_ENTRY = "corrupt_entry"
    # the manifest and its signature
    MALFORMED_MANIFEST = "malformed_manifest"
    UNKNOWN_FORMAT = "unknown_format"
    SCHEMA_TOO_NEW = "schema_too_new"
    BAD_SIGNATURE = "bad_signature"
    UNKNOWN_SIGNER = "unknown_signer"
    REVOKED_SIGNER = "revoked_signer"
    SIGNER_MISMATCH = "signer_mismatch"
    NOT_FOR_THIS_DEVICE = "not_for_this_device"
    OWN_BUNDLE = "own_bundle"
    EXPIRED = "expired"
    # the content
    MALFORMED_LINE = "malformed_line"
    INVALID_UTF8 = "invalid_utf8"
    OVERSIZED_LINE = "oversized_line"
    INVALID_VERSION = "invalid_version"
    VERSION_ID_MISMATCH = "version_id_mismatch"
    INVALID_PAYLOAD = "invalid_payload"
    UNKNOWN_RECORD_TYPE = "unknown_record_type"
    COUNT_MISMATCH = "count_mismatch"
    HQ_OWNED_TYPE = "hq_owned_type"
    FOREIGN_VERSIONS = "foreign_versions"
    INCONSISTENT_VERSION = "inconsistent_version"
    DUPLICATE_RECORD = "duplicate_record"
    MISSING_ATTACHMENT = "missing_attachment"
    # where it fits in the sequence
    ROLLBACK = "rollback"
    BUNDLE_ID_REUSED = "bundle_id_reused"
    CLOCK_AHEAD = "clock_ahead"
    # the importer
    NOT_INITIALISED = "not_initialised"
    NO_HQ_TRUSTED = "no_hq_trusted"
    NO_RECIPIENT = "no_recipient"
    CANCELLED = "cancelled"
    DISK_FULL = "disk_full"
    DISK_ERROR = "disk_error"
    WRITE_FAILED = "write_failed"
    STORE_DAMAGED = "store_damaged"
    # first run: setting a new device up from its HQ's central bundle
    NOT_CENTRAL = "not_central"
    NO_HQ_CARD = "no_hq_card"
    FINGERPRINT_CHANGED = "fingerprint_changed"


class BundleRejected(Exception):
    """A bundle that was refused. Nothing was changed."""

    def __init__(self, code: RejectCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


class ImportCancelled(BundleRejected):
    def __init__(self) -> None:
        super().__init__(RejectCode.CANCELLED, "the import was cancelled; nothing was changed")


class ExportCancelled(BundleRejected):
    def __init__(self) -> None:
        super().__init__(RejectCode.CANCELLED, "the export was cancelled; no bundle was written")


_STORAGE_CODES = {
    StorageProblemKind.DISK_FULL: RejectCode.DISK_FULL,
    StorageProblemKind.DISK_ERROR: RejectCode.DISK_ERROR,
    StorageProblemKind.DAMAGED: RejectCode.STORE_DAMAGED,
}


def storage_rejection(exc: BaseException, data_dir: Path, outcome: str) -> BundleRejected | None:
    """A full disk, a failing disk or a damaged store behind ``exc``, as one line with a
    code; ``outcome`` says what that means ("nothing was imported"). ``None`` otherwise."""
    problem = storage_problem(exc, data_dir)
    if problem is None:
        return None
    return BundleRejected(_STORAGE_CODES[problem.kind], f"{problem.message()} — {outcome}")
