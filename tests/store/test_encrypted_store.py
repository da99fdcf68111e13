"""Protection at rest: an encrypted store holds no readable record, opens only with its
passphrase, converts safely, and its backups are encrypted too."""

from __future__ import annotations

from pathlib import Path

import pytest

from icati_desktop.store.backup import BackupError, make_backup, verify_backup_file
from icati_desktop.store.cipher import (
    PassphraseError,
    PassphraseRequired,
    WrongPassphrase,
    is_encrypted_file,
)
from icati_desktop.store.device import Role
from icati_desktop.store.integrity import check_store, state_digest
from icati_desktop.store.opening import open_store, store_file
from icati_desktop.store.safety import restore_with_safety_copy
from icati_desktop.store.store import Store
from icati_desktop.sync import protection
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.identity import KeysLocked, load_device_keys
from icati_desktop.sync.key_protection import stage_keys
from icati_desktop.sync.protection import NotForPostgres, change_protection, settle_protection

SECRET = "correct horse battery staple"
OTHER = "another passphrase entirely"
NAME = "Zanele Okonkwo-Marchetti"  # a name that appears nowhere else


def _digest(store: Store) -> str:
    with store.read() as session:
        return state_digest(session)


def _files_bytes(data_dir: Path) -> bytes:
    """Every byte the store has on disk: the file, its write-ahead log and shared memory."""
    path = store_file(data_dir)
    return b"".join(
        Path(str(path) + suffix).read_bytes()
        for suffix in ("", "-wal", "-shm")
        if Path(str(path) + suffix).exists()
    )


@pytest.fixture(scope="module")
def encrypted_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("encrypted")
    store = open_store(data_dir, passphrase=SECRET)
    initialise_device(store, Role.FIELD, NAME)
    store.close()
    return data_dir


def test_the_files_of_an_encrypted_store_hold_no_readable_record(tmp_path: Path) -> None:
    clear = open_store(tmp_path / "clear")
    initialise_device(clear, Role.FIELD, NAME)
    encrypted = open_store(tmp_path / "encrypted", passphrase=SECRET)
    initialise_device(encrypted, Role.FIELD, NAME)
    # While both are open the last writes are still in the -wal files.
    assert NAME.encode() in _files_bytes(tmp_path / "clear")  # the grep can find it
    assert Path(str(store_file(tmp_path / "encrypted")) + "-wal").exists()
    on_disk = _files_bytes(tmp_path / "encrypted")
    for text in (NAME, "Burkina Faso", "SQLite format 3", "CREATE TABLE"):
        assert text.encode() not in on_disk, text
    assert _digest(encrypted) == _digest(clear)  # same content, only the files differ
    clear.close()
    encrypted.close()
    keys = (tmp_path / "encrypted" / "keys" / "signing-key.pem").read_bytes()
    assert keys.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")


def test_the_passphrase_opens_it_and_a_wrong_one_is_refused(encrypted_dir: Path) -> None:
    before = store_file(encrypted_dir).read_bytes()
    with pytest.raises(WrongPassphrase, match=r"wrong passphrase .* nothing was opened"):
        open_store(encrypted_dir, passphrase="not the passphrase")
    with pytest.raises(PassphraseRequired, match="encrypted: give its passphrase"):
        open_store(encrypted_dir)
    assert store_file(encrypted_dir).read_bytes() == before
    store = open_store(encrypted_dir, passphrase=SECRET)
    try:
        assert store.is_encrypted
        with store.read() as session:
            assert check_store(session) == []
        with pytest.raises(KeysLocked):
            load_device_keys(store.keys_dir)
        with pytest.raises(WrongPassphrase):
            load_device_keys(store.keys_dir, "not the passphrase")
        assert load_device_keys(store.keys_dir, SECRET).device_id
    finally:
        store.close()


def test_a_backup_of_an_encrypted_store_is_encrypted_and_restores_with_it(
    encrypted_dir: Path, tmp_path: Path
) -> None:
    store = open_store(encrypted_dir, passphrase=SECRET)
    try:
        before = _digest(store)
        backup = make_backup(store.engine, tmp_path / "backup.sqlite3")
        assert is_encrypted_file(backup)
        assert NAME.encode() not in backup.read_bytes()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.sqlite3"]
        with pytest.raises(BackupError, match="encrypted: its passphrase is needed"):
            verify_backup_file(backup)
        with pytest.raises(BackupError, match="cannot be read with this passphrase"):
            verify_backup_file(backup, OTHER)
        safety = restore_with_safety_copy(store, backup)
        assert is_encrypted_file(safety)
        assert _digest(store) == before
    finally:
        store.close()


def test_encrypt_change_and_decrypt_keep_every_record(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    initialise_device(store, Role.HQ, NAME)
    make_backup(store.engine, tmp_path / "backups" / "before-migration-x.sqlite3")
    before = _digest(store)
    device = load_device_keys(store.keys_dir).device_id
    change = change_protection(store, SECRET)
    assert change.protected
    assert change.backups_converted == 1
    assert is_encrypted_file(store_file(tmp_path))
    assert is_encrypted_file(tmp_path / "backups" / "before-migration-x.sqlite3")
    assert _digest(store) == before  # the same open store goes on, on the new file
    assert load_device_keys(store.keys_dir, SECRET).device_id == device
    change_protection(store, OTHER)
    store.close()
    with pytest.raises(WrongPassphrase):
        open_store(tmp_path, passphrase=SECRET)
    store = open_store(tmp_path, passphrase=OTHER)
    assert _digest(store) == before
    with pytest.raises(PassphraseError, match="already in use"):
        change_protection(store, OTHER)
    change_protection(store, None)
    store.close()
    assert not is_encrypted_file(store_file(tmp_path))
    assert not is_encrypted_file(tmp_path / "backups" / "before-migration-x.sqlite3")
    store = open_store(tmp_path)
    assert _digest(store) == before
    assert load_device_keys(store.keys_dir).device_id == device
    with pytest.raises(PassphraseError, match="at least 8 characters"):
        change_protection(store, "short")
    store.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "icati.sqlite3", "keys"]


def test_a_conversion_that_fails_midway_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(tmp_path)
    initialise_device(store, Role.FIELD, NAME)
    before = _digest(store)

    def crash(*_args: object) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr("icati_desktop.store.cipher.settle_journal", crash)
    with pytest.raises(OSError, match="disk went away"):
        change_protection(store, SECRET)
    monkeypatch.undo()
    store.close()
    assert not is_encrypted_file(store_file(tmp_path))
    assert sorted(p.name for p in (tmp_path / "keys").iterdir()) == [
        "age-identity.txt",
        "signing-key.pem",
    ]
    assert not any(p.name.endswith(".converting") for p in tmp_path.iterdir())
    store = open_store(tmp_path)
    assert _digest(store) == before
    load_device_keys(store.keys_dir)  # still in clear, no passphrase needed
    store.close()


def test_a_start_after_a_crash_between_store_and_keys_finishes_the_change(
    tmp_path: Path,
) -> None:
    """The store was converted, the keys only staged: the next opening commits them."""
    store = open_store(tmp_path)
    initialise_device(store, Role.FIELD, NAME)
    (tmp_path / "backups").mkdir()
    make_backup(store.engine, tmp_path / "backups" / "old.sqlite3")
    store.close()
    stage_keys(tmp_path / "keys", None, SECRET)
    protection.convert_file(store_file(tmp_path), None, SECRET)
    # -- the process stops here: keys still in clear, staged copies beside them --
    store = open_store(tmp_path, passphrase=SECRET)
    settle_protection(store)
    store.close()
    assert sorted(p.name for p in (tmp_path / "keys").iterdir()) == [
        "age-identity.txt",
        "signing-key.pem",
    ]
    with pytest.raises(KeysLocked):
        load_device_keys(tmp_path / "keys")
    load_device_keys(tmp_path / "keys", SECRET)
    assert is_encrypted_file(tmp_path / "backups" / "old.sqlite3")  # nothing left in clear


def test_postgresql_stores_are_not_encrypted_here(tmp_path: Path) -> None:
    with pytest.raises(PassphraseError, match="PostgreSQL store is protected by its server"):
        open_store(tmp_path, "postgresql+psycopg://nobody@127.0.0.1:1/none", passphrase=SECRET)


@pytest.mark.postgres
def test_db_encrypt_refuses_a_postgresql_store(pg_url: str, tmp_path: Path) -> None:
    store = open_store(tmp_path, pg_url)
    try:
        with pytest.raises(NotForPostgres, match="SQLite store only"):
            change_protection(store, SECRET)
    finally:
        store.close()
