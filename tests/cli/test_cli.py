"""The `icati` command as staff and scripts use it: exit codes, one-line errors, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icati_desktop import __version__
from icati_desktop.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def field_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "field"
    code, _, err = run(
        capsys, "--data-dir", str(data), "init", "--role", "field", "--name", "Amina"
    )
    assert code == 0, err
    return data


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_init_creates_a_device_with_the_default_content(
    field_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "info", "--data-dir", str(field_dir), "--json")
    info = json.loads(out)
    assert code == 0
    assert info["role"] == "field"
    assert info["name"] == "Amina"
    assert info["records"]["country"] >= 195
    assert info["records"]["form_definition"] >= 1
    assert info["conflicts"] == 0
    assert (field_dir / "keys" / "signing-key.pem").stat().st_mode & 0o777 == 0o600


def test_init_twice_is_refused_with_one_line(
    field_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--data-dir", str(field_dir), "init", "--role", "hq", "--name", "X")
    assert code == 1
    assert err.count("\n") == 1
    assert "already set up" in err
    assert "--data-dir" in err


def test_commands_on_a_store_that_was_never_set_up_say_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "new"), "demo", "--seed", "1")
    assert code == 1
    assert "icati init" in err
    assert err.count("\n") == 1


def test_data_dir_from_the_environment(
    field_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ICATI_DATA_DIR", str(field_dir))
    code, out, _ = run(capsys, "info", "--json")
    assert code == 0
    assert json.loads(out)["name"] == "Amina"


def test_digest_and_check(field_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--data-dir", str(field_dir), "db", "digest", "--json")
    digest = json.loads(out)["digest"]
    assert code == 0
    assert len(digest) == 64
    code, out, _ = run(capsys, "--data-dir", str(field_dir), "db", "check", "--json")
    assert code == 0
    assert json.loads(out) == {"ok": True, "problems": [], "redacted_versions": 0}


def test_check_fails_on_a_tampered_row(field_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    conn = sqlite3.connect(field_dir / "icati.sqlite3")
    conn.execute("UPDATE countries SET name = 'Atlantis' WHERE alpha3 = 'KEN'")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "--data-dir", str(field_dir), "db", "check")
    assert code == 1
    assert "disagrees with its winning version" in out
    assert "1 problem" in err


def test_backup_and_restore_round_trip(
    field_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--data-dir", str(field_dir)]
    _, out, _ = run(capsys, *base, "db", "digest")
    before = out.strip()
    backup = tmp_path / "backup.sqlite3"
    code, _, err = run(capsys, *base, "db", "backup", "--out", str(backup))
    assert code == 0, err
    assert (
        run(
            capsys,
            *base,
            "demo",
            "--seed",
            "3",
            "--countries",
            "2",
            "--meetings",
            "2",
            "--action-items",
            "2",
        )[0]
        == 0
    )
    _, out, _ = run(capsys, *base, "db", "digest")
    assert out.strip() != before
    code, out, err = run(capsys, *base, "db", "restore", str(backup), "--json")
    assert code == 0, err
    assert Path(json.loads(out)["previous_state"]).is_file()
    _, out, _ = run(capsys, *base, "db", "digest")
    assert out.strip() == before


def test_restore_refuses_a_file_that_is_not_a_backup(
    field_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    _, before, _ = run(capsys, "--data-dir", str(field_dir), "db", "digest")
    code, _, err = run(capsys, "--data-dir", str(field_dir), "db", "restore", str(junk))
    assert code == 1
    assert "not an ICATI store backup" in err
    _, after, _ = run(capsys, "--data-dir", str(field_dir), "db", "digest")
    assert before == after


def test_an_unreachable_database_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys,
        "--data-dir",
        str(tmp_path),
        "--db",
        "postgresql+psycopg://nobody@127.0.0.1:1/none",
        "info",
    )
    assert code == 1
    assert err.count("\n") == 1


def test_unsupported_database_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "--db", "mysql://x/y", "info")
    assert code == 1
    assert "unsupported database" in err
