"""Store files encrypted with SQLCipher: recognising them, opening them, converting them.

A SQLite file starts with the 16 bytes ``SQLite format 3\\0``; a SQLCipher file starts
with its random salt instead, so whether a store is encrypted is read from its first
bytes, before any passphrase is asked.

The passphrase becomes the database key exactly as SQLCipher 4 derives it (PBKDF2-HMAC-SHA512,
256 000 iterations, the file's 16-byte salt), but once per process: every connection is then
keyed with the raw key and salt (``PRAGMA key = "x'…'"``), which skips SQLCipher's own
derivation (about 0.2 s per connection). Files the device writes (backups, converted copies)
reuse the store's salt, so one key opens them all, and the passphrase still opens each.

Converting (encrypt, decrypt, change the passphrase) never writes in place:
``sqlcipher_export`` copies every table, index and FTS5 table into a new file under a
``.converting`` name, the copy is checked (integrity, row counts), and only then renamed
over the original, so a crash at any point leaves either the old file or the new one.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine
from sqlalchemy.engine import URL

SQLITE_HEADER = b"SQLite format 3\x00"
CIPHER_DRIVER = "sqlite+pysqlcipher"
CONVERTING_SUFFIX = ".converting"
RESTORING_SUFFIX = ".restoring"
MIN_PASSPHRASE_CHARS = 8
SALT_BYTES = 16
KDF_ITERATIONS = 256_000  # SQLCipher 4's default, pinned by cipher_compatibility = 4
_RAW_KEY = re.compile(r"^x'([0-9a-f]{64})([0-9a-f]{32})'$")


class PassphraseError(ValueError):
    """A passphrase that is missing, wrong or unusable; the message says what to do."""


class PassphraseRequired(PassphraseError):
    def __init__(self, what: Path) -> None:
        super().__init__(
            f"{what} is encrypted: give its passphrase (set ICATI_PASSPHRASE for scripts)"
        )


class WrongPassphrase(PassphraseError):
    def __init__(self, what: Path) -> None:
        super().__init__(f"wrong passphrase for {what}: nothing was opened or changed")


def normalise_passphrase(passphrase: str) -> str:
    """The form used as the key: NFC, so the same words typed on any keyboard agree."""
    return unicodedata.normalize("NFC", passphrase)


def check_new_passphrase(passphrase: str) -> str:
    """A passphrase fit to set, normalised; raises :class:`PassphraseError` otherwise."""
    passphrase = normalise_passphrase(passphrase)
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise PassphraseError(
            f"the passphrase needs at least {MIN_PASSPHRASE_CHARS} characters; "
            "a few words are easier to remember than a short password"
        )
    if any(unicodedata.category(ch) == "Cc" for ch in passphrase):
        raise PassphraseError("the passphrase may not contain control characters")
    return passphrase


def is_encrypted_file(path: Path) -> bool:
    """Whether ``path`` is a SQLCipher file (an absent or empty file is not)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return False
    return bool(head) and head != SQLITE_HEADER


@dataclass(frozen=True)
class Key:
    """A database key and the salt it was derived with (never shown: no repr of the bytes)."""

    key: bytes
    salt: bytes

    @property
    def raw(self) -> str:
        """SQLCipher's raw key literal: key and salt in hex, ``x'…'``."""
        return f"x'{self.key.hex()}{self.salt.hex()}'"

    def __repr__(self) -> str:
        return "Key(…)"

    @classmethod
    def parse(cls, raw: str) -> Key:
        match = _RAW_KEY.match(raw)
        if match is None:
            raise ValueError("not a raw SQLCipher key")
        return cls(bytes.fromhex(match[1]), bytes.fromhex(match[2]))


Secret = str | Key | None
"""A passphrase, a key already derived from one, or None for a clear file."""


@lru_cache(maxsize=16)
def derive_key(passphrase: str, salt: bytes) -> Key:
    """The key SQLCipher 4 derives from ``passphrase`` for a file with this salt."""
    raw = normalise_passphrase(passphrase).encode("utf-8")
    return Key(hashlib.pbkdf2_hmac("sha512", raw, salt, KDF_ITERATIONS, 32), salt)


def new_key(passphrase: str) -> Key:
    """A key for new files, with a fresh random salt."""
    return derive_key(passphrase, secrets.token_bytes(SALT_BYTES))


def file_salt(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(SALT_BYTES)


def key_for(path: Path, secret: Secret) -> Key | None:
    """The key that opens (or will create) the file at ``path`` with ``secret``."""
    if secret is None:
        return None
    exists = path.is_file() and path.stat().st_size > 0
    if isinstance(secret, Key):
        if exists and file_salt(path) != secret.salt:
            raise WrongPassphrase(path)  # made with another key: it needs its passphrase
        return secret
    return derive_key(secret, file_salt(path)) if exists else new_key(secret)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _use_key(conn: Any, key: Key, schema: str = "main") -> None:
    conn.execute(f'PRAGMA {schema}.key = "{key.raw}"')
    conn.execute(f"PRAGMA {schema}.cipher_compatibility = 4")


def connect(path: Path, secret: Secret, *, readonly: bool = False) -> sqlite3.Connection:
    """A DB-API connection to a store file: the standard module, or SQLCipher's when keyed.

    ``sqlcipher3`` is a fork of the standard ``sqlite3`` module with the same API, so the
    callers (backup, restore, verification) use either alike.
    """
    target = f"file:{path}?mode=ro" if readonly else str(path)
    key = key_for(path, secret)
    if key is None:
        return sqlite3.connect(target, uri=readonly)
    conn = cast(sqlite3.Connection, _sqlcipher_connect(target, uri=readonly))
    _use_key(conn, key)
    return conn


def database_errors() -> tuple[type[Exception], ...]:
    """The DB-API errors of both modules (sqlcipher3 has its own classes)."""
    import sqlcipher3

    return (sqlite3.Error, cast(type[Exception], sqlcipher3.Error))


def _sqlcipher_connect(target: str, *, uri: bool = False) -> Any:
    import sqlcipher3

    conn = sqlcipher3.connect(target, uri=uri)
    # SQLCipher logs a failed key check on stderr; the caller says it in one line instead.
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def check_passphrase(path: Path, secret: Secret) -> Key | None:
    """The key that opens the file at ``path``; :class:`WrongPassphrase` if ``secret`` does not."""
    if secret is not None and not is_encrypted_file(path):
        raise PassphraseError(f"{path} is not encrypted: no passphrase is needed")
    if secret is None and is_encrypted_file(path):
        raise PassphraseRequired(path)
    conn = connect(path, secret, readonly=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except database_errors() as exc:
        raise WrongPassphrase(path) from exc
    finally:
        conn.close()
    return key_for(path, secret)


def cipher_url(path: Path, key: Key) -> URL:
    """The SQLAlchemy URL of an encrypted store (the ``sqlite+pysqlcipher`` dialect keys each
    connection with the URL's password, here the raw key)."""
    return URL.create(CIPHER_DRIVER, password=key.raw, database=str(path))


def engine_key(engine: Engine) -> Key | None:
    """The key an engine opens its store with, or None for a clear store."""
    if engine.dialect.name == "sqlite" and engine.dialect.driver == "pysqlcipher":
        return Key.parse(engine.url.password or "")
    return None


def _tables_and_counts(conn: Any) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def export_copy(source: Path, source_secret: Secret, target: Path, target_secret: Secret) -> None:
    """Copy the store at ``source`` into a new file ``target`` with other encryption.

    ``target`` must not exist. The copy is checked (integrity and row counts) and
    fsynced; on any failure it is removed and the error raised.
    """
    if target.exists():
        raise FileExistsError(f"{target} already exists")
    source_key, target_key = key_for(source, source_secret), key_for(target, target_secret)
    conn = _sqlcipher_connect(str(source))
    try:
        conn.isolation_level = None
        if source_key is not None:
            _use_key(conn, source_key)
        key = "''" if target_key is None else f'"{target_key.raw}"'
        conn.execute(f"ATTACH DATABASE {_quote(str(target))} AS converted KEY {key}")
        if target_key is not None:
            conn.execute("PRAGMA converted.cipher_compatibility = 4")
        conn.execute("BEGIN")  # one snapshot: the counts and the export see the same rows
        expected = _tables_and_counts(conn)
        conn.execute("SELECT sqlcipher_export('converted')")
        user_version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA converted.user_version = {int(user_version)}")
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE converted")
    except BaseException:
        conn.close()
        _remove_with_journals(target)
        raise
    conn.close()
    try:
        _verify_copy(target, target_key, expected)
        with target.open("rb") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        _remove_with_journals(target)
        raise


def _verify_copy(path: Path, key: Key | None, expected: dict[str, int]) -> None:
    conn = _sqlcipher_connect(str(path))
    try:
        if key is not None:
            _use_key(conn, key)
        check = conn.execute("PRAGMA integrity_check").fetchall()
        if check != [("ok",)]:
            raise sqlite3.DatabaseError(f"the converted copy fails the integrity check: {check}")
        if _tables_and_counts(conn) != expected:
            raise sqlite3.DatabaseError("the converted copy does not hold the same rows")
    finally:
        conn.close()


def _remove_with_journals(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def settle_journal(path: Path, secret: Secret) -> None:
    """Fold the write-ahead log into the file and leave rollback-journal mode.

    Done before a converted copy replaces ``path``: a ``-wal`` file left beside the new
    file would belong to the old one.
    """
    conn = connect(path, secret)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def convert_file(path: Path, old: Secret, new: Secret) -> None:
    """Re-encrypt the store file at ``path`` in place, safely (see the module docstring)."""
    check_passphrase(path, old)
    converting = path.with_name(path.name + CONVERTING_SUFFIX)
    _remove_with_journals(converting)
    export_copy(path, old, converting, new)
    try:
        settle_journal(path, old)
        converting.replace(path)
    except BaseException:
        _remove_with_journals(converting)
        raise
    _fsync_dir(path.parent)


def remove_leftovers(path: Path) -> None:
    """Remove what an interrupted conversion or restore of ``path`` may have left behind."""
    for suffix in (CONVERTING_SUFFIX, RESTORING_SUFFIX):
        _remove_with_journals(path.with_name(path.name + suffix))


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
