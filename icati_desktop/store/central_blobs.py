"""Attachments of a central store live in its database, so every HQ computer has them.

A device keeps attachments as files under ``blobs/`` in its data directory. A central
PostgreSQL store is used by several people from several computers: an attachment one of
them adds (a library PDF, evidence from an imported bundle) must open on the others and
travel in the central bundle whoever exports it. So on PostgreSQL attachments are also
written to the ``central_attachments`` table, in 1 MiB parts, and the data directory's
``blobs/`` is only a local copy, filled on first use and checked against the SHA-256.

Attachments are content-addressed and never change, so the table is written outside the
store's write lock (a part that is already there is simply skipped) and is not part of
backups, as ``blobs/`` files are not part of a SQLite backup. Like the SQLite full-text
index, the table is engine-specific DDL owned by this module, not by the ORM metadata.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Engine, inspect, text

from icati_desktop.store.blobs import BlobMissing, BlobStore
from icati_desktop.store.engine import WRITE_OPTION
from icati_desktop.store.scratch import Scratch

TABLE = "central_attachments"
PART_BYTES = 1024 * 1024
_DDL = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    sha256 VARCHAR(64) NOT NULL,
    part INTEGER NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (sha256, part)
)
"""


def ensure_central_attachments(engine: Engine) -> None:
    """Create the attachments table of a central store if it is missing (under the write
    lock, so two apps opening a new store at once do not both create it)."""
    with engine.connect() as conn:
        if inspect(conn).has_table(TABLE):
            return
    with engine.begin() as conn:
        conn.execute(text(_DDL))


class CentralBlobStore(BlobStore):
    """Attachments in the central database, with a verified local copy in ``root``."""

    def __init__(self, root: Path, engine: Engine, scratch: Scratch | None = None) -> None:
        super().__init__(root, scratch=scratch)
        self.engine = engine

    def has(self, sha256: str) -> bool:
        return super().has(sha256) or self._in_database(sha256)

    def put_stream(self, stream: BinaryIO, expected_sha256: str | None = None) -> str:
        sha = super().put_stream(stream, expected_sha256)
        if not self._in_database(sha):
            self._upload(sha, super().path_for(sha))
        return sha

    def open_path(self, sha256: str) -> Path:
        path = self.path_for(sha256)
        if path.is_file():
            return path
        if not self._download(sha256, path):
            raise BlobMissing(f"attachment {sha256[:12]}… is not in the central database")
        return path

    def _connection_options(self) -> dict[str, object]:
        # Never the store's write lock: an import writes attachments while holding it.
        return {WRITE_OPTION: False}

    def _in_database(self, sha256: str) -> bool:
        with self.engine.connect() as conn:
            conn = conn.execution_options(**self._connection_options())
            found = conn.execute(
                text(f"SELECT 1 FROM {TABLE} WHERE sha256 = :sha AND part = 0"), {"sha": sha256}
            ).first()
        return found is not None

    def _upload(self, sha256: str, source: Path) -> None:
        """All parts in one transaction: part 0 present means the whole attachment is."""
        insert = text(
            f"INSERT INTO {TABLE} (sha256, part, data) VALUES (:sha, :part, :data) "
            "ON CONFLICT (sha256, part) DO NOTHING"
        )
        with self.engine.connect() as conn:
            conn = conn.execution_options(**self._connection_options())
            with conn.begin(), source.open("rb") as stream:
                part = 0
                while True:
                    data = stream.read(PART_BYTES)
                    if not data and part > 0:
                        break
                    conn.execute(insert, {"sha": sha256, "part": part, "data": data})
                    part += 1
                    if len(data) < PART_BYTES:
                        break

    def _download(self, sha256: str, target: Path) -> bool:
        """Copy an attachment from the database into ``target``, checked; False if absent."""
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        tmp = Path(tmp_name)
        try:
            digest, found = hashlib.sha256(), False
            with os.fdopen(fd, "wb") as out, self.engine.connect() as conn:
                conn = conn.execution_options(**self._connection_options(), stream_results=True)
                rows = conn.execute(
                    text(f"SELECT data FROM {TABLE} WHERE sha256 = :sha ORDER BY part"),
                    {"sha": sha256},
                )
                for (data,) in rows:
                    found = True
                    digest.update(data)
                    out.write(data)
                out.flush()
                os.fsync(out.fileno())
            if not found:
                tmp.unlink()
                return False
            if digest.hexdigest() != sha256:
                raise ValueError(f"attachment {sha256[:12]}… in the central database is damaged")
            tmp.replace(target)
            return True
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
