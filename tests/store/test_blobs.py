"""Attachments: content-addressed, size-limited, never half-written."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from icati_desktop.store.blobs import BlobMissing, BlobStore, BlobTooLarge


def test_a_file_is_stored_under_its_sha256(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path / "blobs")
    data = b"minutes of the steering committee"
    sha = blobs.put_stream(io.BytesIO(data))
    assert sha == hashlib.sha256(data).hexdigest()
    assert blobs.open_path(sha).read_bytes() == data
    assert blobs.put_stream(io.BytesIO(data)) == sha  # storing twice is harmless


def test_over_the_limit_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path / "blobs", max_bytes=1000)
    with pytest.raises(BlobTooLarge, match="larger than the limit"):
        blobs.put_stream(io.BytesIO(b"x" * 1001))
    assert [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == []


def test_content_that_does_not_match_the_expected_hash_is_refused(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path / "blobs")
    with pytest.raises(ValueError, match="hashes to"):
        blobs.put_stream(io.BytesIO(b"forged"), expected_sha256="0" * 64)
    assert not blobs.has("0" * 64)


def test_a_missing_attachment_says_so(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path / "blobs")
    with pytest.raises(BlobMissing, match="not on this device yet"):
        blobs.open_path("a" * 64)
    with pytest.raises(ValueError, match="SHA-256"):
        blobs.path_for("../../etc/passwd")
