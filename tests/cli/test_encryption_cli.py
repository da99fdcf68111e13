"""`icati` on an encrypted device: init --encrypt, the passphrase from ICATI_PASSPHRASE,
a wrong one refused in one line, backups that restore, encrypt / decrypt / change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icati_desktop.cli import main
from icati_desktop.store.cipher import is_encrypted_file
from icati_desktop.store.opening import store_file

SECRET = "correct horse battery staple"
NAME = "Zanele Okonkwo-Marchetti"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A field device created encrypted; ICATI_PASSPHRASE unset afterwards."""
    data_dir = tmp_path / "field"
    monkeypatch.setenv("ICATI_PASSPHRASE", SECRET)
    init = ["init", "--encrypt", "--role", "field", "--name", NAME]
    code = main(["--data-dir", str(data_dir), *init])
    assert code == 0
    monkeypatch.delenv("ICATI_PASSPHRASE")
    return data_dir


def test_init_encrypt_warns_and_the_store_opens_only_with_the_passphrase(
    locked: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert is_encrypted_file(store_file(locked))
    assert NAME.encode() not in store_file(locked).read_bytes()
    base = ("--data-dir", str(locked))
    code, _, err = run(capsys, *base, "info")
    assert code == 1
    assert err.strip() == (
        "icati: the store is encrypted: set ICATI_PASSPHRASE or run the command in a terminal"
    )
    monkeypatch.setenv("ICATI_PASSPHRASE", "not the passphrase")
    before = store_file(locked).read_bytes()
    code, out, err = run(capsys, *base, "info")
    assert (code, out) == (1, "")
    assert len(err.strip().splitlines()) == 1
    assert "wrong passphrase" in err
    assert "nothing was opened or changed" in err
    assert store_file(locked).read_bytes() == before
    monkeypatch.setenv("ICATI_PASSPHRASE", SECRET)
    code, out, _ = run(capsys, *base, "info", "--json")
    assert code == 0
    assert json.loads(out)["name"] == NAME
    assert json.loads(out)["encrypted"] is True
    code, out, _ = run(capsys, *base, "identity", "show", "--json")  # the keys open too
    assert code == 0
    assert json.loads(out)["name"] == NAME


def test_a_backup_is_encrypted_and_restores_with_the_passphrase(
    locked: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ICATI_PASSPHRASE", SECRET)
    base = ("--data-dir", str(locked))
    _, digest, _ = run(capsys, *base, "db", "digest")
    backup = tmp_path / "backup.sqlite3"
    assert run(capsys, *base, "db", "backup", "--out", str(backup))[0] == 0
    assert is_encrypted_file(backup)
    assert NAME.encode() not in backup.read_bytes()
    assert run(capsys, *base, "demo", "--seed", "3", "--meetings", "2")[0] == 0
    assert run(capsys, *base, "db", "digest")[1] != digest
    code, out, err = run(capsys, *base, "db", "restore", str(backup), "--json")
    assert code == 0, err
    assert is_encrypted_file(Path(json.loads(out)["previous_state"]))
    assert run(capsys, *base, "db", "digest")[1] == digest


def test_encrypt_change_and_decrypt_an_existing_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = ("--data-dir", str(tmp_path / "hq"))
    assert run(capsys, *base, "init", "--role", "hq", "--name", NAME)[0] == 0
    _, digest, _ = run(capsys, *base, "db", "digest")
    monkeypatch.setenv("ICATI_PASSPHRASE", SECRET)
    code, out, err = run(capsys, *base, "db", "encrypt", "--json")
    assert code == 0, err
    assert "a forgotten passphrase cannot be recovered" in err
    assert json.loads(out)["encrypted"] is True
    assert (
        run(capsys, *base, "db", "encrypt")[2]
        .strip()
        .endswith(
            "the store is already encrypted: use `icati db change-passphrase` to change its "
            "passphrase"
        )
    )
    monkeypatch.setenv("ICATI_NEW_PASSPHRASE", "a brand new passphrase")
    assert run(capsys, *base, "db", "change-passphrase")[0] == 0
    assert run(capsys, *base, "db", "digest")[0] == 1  # the old one no longer opens it
    monkeypatch.setenv("ICATI_PASSPHRASE", "a brand new passphrase")
    assert run(capsys, *base, "db", "digest")[1] == digest
    assert run(capsys, *base, "db", "decrypt")[0] == 0
    monkeypatch.delenv("ICATI_PASSPHRASE")
    assert not is_encrypted_file(store_file(tmp_path / "hq"))
    assert run(capsys, *base, "db", "digest")[1] == digest
    assert run(capsys, *base, "db", "check")[0] == 0


def test_encryption_is_refused_clearly_for_postgresql(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ICATI_PASSPHRASE", SECRET)
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"  # never reached
    for command in (["db", "encrypt"], ["init", "--encrypt", "--role", "hq", "--name", "HQ"]):
        code, _, err = run(capsys, "--data-dir", str(tmp_path), "--db", url, *command)
        assert code == 1
        assert "a PostgreSQL store is protected by its server" in err
        assert "nothing was changed" in err
