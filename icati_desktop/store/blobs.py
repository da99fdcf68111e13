"""Content-addressed attachment files (SHA-256), with a size limit.

Blobs are written to a temporary file, fsynced, verified and then renamed into
place, so a crash never leaves a half-written blob under its final name. The store
hands out paths to open in the system viewer; it never executes anything.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO

from icati_desktop.store.scratch import Scratch

DEFAULT_MAX_BLOB_BYTES = 100 * 1024 * 1024
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_READ_SIZE = 1024 * 1024


class BlobTooLarge(ValueError):
    pass


class BlobMissing(FileNotFoundError):
    pass


class BlobStore:
    def __init__(
        self, root: Path, max_bytes: int = DEFAULT_MAX_BLOB_BYTES, scratch: Scratch | None = None
    ) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self.scratch = scratch
        """Where incoming files are written before their rename (swept if a process dies)."""

    def path_for(self, sha256: str) -> Path:
        if not SHA256_RE.fullmatch(sha256):
            raise ValueError(f"{sha256!r} is not a SHA-256 in lowercase hex")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put_stream(self, stream: BinaryIO, expected_sha256: str | None = None) -> str:
        """Store a stream; returns its SHA-256. Refuses content over the size limit."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        work = self.root if self.scratch is None else self.scratch.path
        fd, tmp_name = tempfile.mkstemp(dir=work, prefix=".incoming-")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(_READ_SIZE):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise BlobTooLarge(
                            f"attachment is larger than the limit of {self.max_bytes} bytes"
                        )
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            if expected_sha256 is not None and sha != expected_sha256:
                raise ValueError(f"attachment content hashes to {sha}, not {expected_sha256}")
            final = self.path_for(sha)
            final.parent.mkdir(parents=True, exist_ok=True)
            if final.exists():
                tmp.unlink()
            else:
                tmp.replace(final)
            return sha
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def put_file(self, path: Path) -> str:
        with path.open("rb") as stream:
            return self.put_stream(stream)

    def remove(self, sha256: str) -> bool:
        """Delete a stored blob (after the records naming it left the store)."""
        path = self.path_for(sha256)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        return True

    def open_path(self, sha256: str) -> Path:
        """The path of a stored blob, for reading or handing to a viewer."""
        path = self.path_for(sha256)
        if not path.is_file():
            raise BlobMissing(f"attachment {sha256[:12]}… is not on this device yet")
        return path
