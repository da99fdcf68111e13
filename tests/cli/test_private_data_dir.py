"""The data directory is private to its user, and commands that only read never create one."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from icati_desktop.cli import main
from icati_desktop.logs import PrivateRotatingFileHandler
from icati_desktop.store.opening import open_store
from icati_desktop.store.private_files import secure_data_dir

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def _modes(root: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        found[str(path.relative_to(root))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def test_everything_the_cli_writes_is_private(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "field"
    base = ["--data-dir", str(data_dir)]
    old_umask = os.umask(0o022)  # a usual desktop umask; the command must not rely on it
    try:
        assert main([*base, "init", "--role", "field", "--name", "Amina"]) == 0
        assert main([*base, "demo", "--seed", "1", "--meetings", "2"]) == 0
        assert main([*base, "db", "backup", "--out", str(data_dir / "backups" / "b.sqlite3")]) == 0
    finally:
        os.umask(old_umask)
    capsys.readouterr()
    modes = _modes(data_dir)
    assert {"icati.sqlite3", "keys/signing-key.pem", "backups/b.sqlite3"} <= set(modes)
    for name, mode in modes.items():
        wanted = 0o700 if (data_dir / name).is_dir() else 0o600
        assert mode == wanted, f"{name} is {oct(mode)}"


def test_an_existing_readable_data_directory_is_fixed_at_start(tmp_path: Path) -> None:
    data_dir = tmp_path / "old"
    store = open_store(data_dir)
    store.close()
    for path in [data_dir, *data_dir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    (data_dir / "logs").mkdir()
    (data_dir / "logs" / "icati.log").write_text("names of people\n")
    (data_dir / "blobs" / "ab").mkdir(parents=True)
    for path, mode in (
        (data_dir / "logs", 0o755),
        (data_dir / "logs" / "icati.log", 0o644),
        (data_dir / "blobs", 0o755),
        (data_dir / "blobs" / "ab", 0o755),
    ):
        path.chmod(mode)  # as an older version (or a umask of 022) left them
    assert secure_data_dir(data_dir) >= 5
    modes = _modes(data_dir)
    assert modes["."] == 0o700
    assert modes["icati.sqlite3"] == 0o600
    assert modes["logs/icati.log"] == 0o600
    assert modes["blobs/ab"] == 0o700
    store = open_store(data_dir)  # and opening does it: a second pass finds nothing to fix
    store.close()
    assert secure_data_dir(data_dir) == 0


def test_log_files_are_private_even_after_rotation(tmp_path: Path) -> None:
    path = tmp_path / "icati.log"
    old_umask = os.umask(0o022)
    handler = PrivateRotatingFileHandler(path, maxBytes=200, backupCount=2, encoding="utf-8")
    try:
        for n in range(20):
            handler.emit(logging.makeLogRecord({"msg": f"meeting with person {n}" * 3}))
    finally:
        handler.close()
        os.umask(old_umask)
    files = sorted(tmp_path.iterdir())
    assert len(files) == 3  # the log and two rotated ones
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}


@pytest.mark.parametrize(
    "command",
    [["info"], ["db", "check"], ["db", "digest"], ["bundle", "export", "--out", "x.icati"]],
)
def test_a_read_only_command_on_a_folder_without_a_store_says_so(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "typo"
    assert main(["--data-dir", str(data_dir), *command]) == 1
    _, err = capsys.readouterr()
    assert err.strip() == (
        f"icati: there is no store in {data_dir}: run `icati init` there first, "
        "or point --data-dir (or --db) at an existing one"
    )
    assert not data_dir.exists()
    data_dir.mkdir()  # an existing but empty folder is left empty too
    assert main(["--data-dir", str(data_dir), *command]) == 1
    assert list(data_dir.iterdir()) == []
