"""The same commands against the central office's PostgreSQL store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icati_desktop.cli import main
from tests.pg import PgDatabases


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_hq_on_postgresql_end_to_end(
    pg_url: str,
    pg_databases: PgDatabases | None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert pg_databases is not None
    base = ["--data-dir", str(tmp_path / "hq"), "--db", pg_databases.new()]
    code, out, err = run(capsys, *base, "init", "--role", "hq", "--name", "ICATI HQ", "--json")
    assert code == 0, err
    assert json.loads(out)["database"].startswith("postgresql+psycopg://")
    assert (
        run(
            capsys,
            *base,
            "demo",
            "--seed",
            "5",
            "--countries",
            "3",
            "--edits",
            "4",
            "--deletes",
            "2",
        )[0]
        == 0
    )
    code, out, _ = run(capsys, *base, "db", "check", "--json")
    assert code == 0
    assert json.loads(out)["ok"]
    digest = run(capsys, *base, "db", "digest")[1].strip()
    backup = tmp_path / "hq-backup.sqlite3"
    assert run(capsys, *base, "db", "backup", "--out", str(backup))[0] == 0

    # The backup is an ordinary SQLite store holding the same state.
    sqlite_copy = ["--data-dir", str(tmp_path / "copy")]
    (tmp_path / "copy").mkdir()
    backup_bytes = backup.read_bytes()
    (tmp_path / "copy" / "icati.sqlite3").write_bytes(backup_bytes)
    assert run(capsys, *sqlite_copy, "db", "digest")[1].strip() == digest

    assert run(capsys, *base, "demo", "--seed", "6", "--countries", "1")[0] == 0
    assert run(capsys, *base, "db", "digest")[1].strip() != digest
    code, _, err = run(capsys, *base, "db", "restore", str(backup))
    assert code == 0, err
    assert run(capsys, *base, "db", "digest")[1].strip() == digest
    code, out, _ = run(capsys, *base, "info", "--json")
    assert json.loads(out)["name"] == "ICATI HQ"
