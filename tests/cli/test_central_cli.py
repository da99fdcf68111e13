"""`icati central`: check a central database and keep its password aside, never in the log."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from icati_desktop.cli import main
from tests.pg import PgDatabases


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_connect_reports_the_office_and_keeps_the_password_in_a_private_file(
    pg_url: str,
    pg_databases: PgDatabases | None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("DEBUG")
    assert pg_databases is not None
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    url = pg_databases.new()
    hq = ["--data-dir", str(tmp_path / "hq"), "--db", url]
    assert run(capsys, *hq, "init", "--role", "hq", "--name", "ICATI HQ")[0] == 0
    staff = tmp_path / "staff"
    monkeypatch.setenv("ICATI_DB_PASSWORD", "pw-of-amina")
    code, out, err = run(
        capsys, "--data-dir", str(staff), "central", "connect", "--db", url, "--json"
    )
    assert code == 0, err
    report = json.loads(out)
    assert report["initialised"]
    assert report["office"] == "ICATI HQ"
    assert report["password_kept_in"] == "file"
    kept = staff / "database-passwords.json"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    monkeypatch.delenv("ICATI_DB_PASSWORD")
    code, out, err = run(capsys, "--data-dir", str(staff), "--db", url, "info", "--json")
    assert code == 0, err
    assert "pw-of-amina" not in caplog.text
    for path in staff.rglob("*"):  # nowhere but the private file
        if path.is_file() and path != kept:
            assert b"pw-of-amina" not in path.read_bytes(), path
    assert run(capsys, "--data-dir", str(staff), "central", "forget", "--db", url)[0] == 0
    assert not kept.exists()


def test_an_unreachable_server_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys,
        "--data-dir",
        str(tmp_path / "d"),
        "central",
        "connect",
        "--db",
        "postgresql://hq:secret-pw@127.0.0.1:1/icati",
    )
    assert code == 1
    assert out == ""
    assert err.startswith("icati: The database server icati on 127.0.0.1:1 cannot be reached")
    assert err.count("\n") == 1
    assert "secret-pw" not in err
    assert not (tmp_path / "d" / "database-passwords.json").exists()
