"""Damaged store files: `db check` finds the damage (in SQLite's pages and in the version
payloads alike) and says so in one line, never crashing or calling a damaged store sound;
`db restore --newest` brings back the newest good backup and keeps the damaged file aside.

Byte-level damage (truncation, garbage, zeroed pages) is what a failing disk or a power cut
does; logical damage (a payload's bytes changed, a row missing) is written with plain
sqlite3 underneath the app, as a bit flip SQLite itself cannot notice would be.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from icati_desktop.cli import main
from icati_desktop.store.daily_backup import take_daily_backup
from icati_desktop.store.demo import DemoSpec, run_demo
from icati_desktop.store.device import Role
from icati_desktop.store.integrity import state_digest
from icati_desktop.store.opening import DB_FILENAME, open_store
from icati_desktop.sync.device_setup import initialise_device

Damage = Callable[[Path], None]


@dataclass(frozen=True)
class Template:
    data_dir: Path
    digest: str


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    data_dir = tmp_path_factory.mktemp("damage") / "data"
    store = open_store(data_dir)
    try:
        initialise_device(store, Role.FIELD, "Amina")
        run_demo(store, DemoSpec(seed=4, countries=1, meetings=6, action_items=6, edits=3))
        assert take_daily_backup(store, date(2026, 3, 1)) is not None
        with store.read() as session:
            digest = state_digest(session)
    finally:
        store.close()
    return Template(data_dir, digest)


def _sql(statement: str, *params: object) -> Damage:
    def damage(db: Path) -> None:
        conn = sqlite3.connect(db)
        try:
            conn.execute("PRAGMA foreign_keys=OFF")
            cursor = conn.execute(statement, params)
            assert cursor.rowcount != 0, statement
            conn.commit()
        finally:
            conn.close()

    return damage


def _bytes(change: Callable[[bytearray, int], None]) -> Damage:
    def damage(db: Path) -> None:
        with sqlite3.connect(db) as conn:
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        data = bytearray(db.read_bytes())
        change(data, page_size)
        db.write_bytes(bytes(data))

    return damage


def _root_page(db: Path, name: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(
            conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
        )


def _zero_page_of(name: str) -> Damage:
    def damage(db: Path) -> None:
        page = _root_page(db, name)
        _bytes(
            lambda data, size: data.__setitem__(slice((page - 1) * size, page * size), bytes(size))
        )(db)

    return damage


FIRST_VERSION = "(SELECT seq FROM versions ORDER BY seq LIMIT 1 OFFSET 40)"
MEETING = "(SELECT id FROM meetings ORDER BY id LIMIT 1)"

DAMAGES: dict[str, Damage] = {
    "emptied": lambda db: db.write_bytes(b""),
    "truncated_to_half": _bytes(lambda data, _size: data.__delitem__(slice(len(data) // 2, None))),
    "last_page_cut": _bytes(lambda data, size: data.__delitem__(slice(len(data) - size, None))),
    "header_overwritten": _bytes(lambda data, _size: data.__setitem__(slice(0, 16), b"X" * 16)),
    "replaced_by_garbage": lambda db: db.write_bytes(bytes(range(256)) * 64),
    "page_size_field_garbage": _bytes(
        lambda data, _size: data.__setitem__(slice(16, 18), b"\x00\x03")
    ),
    "schema_page_zeroed": _bytes(
        lambda data, size: data.__setitem__(slice(100, size), bytes(size - 100))
    ),
    "versions_root_page_zeroed": _zero_page_of("versions"),
    "records_root_page_zeroed": _zero_page_of("records"),
    "index_root_page_zeroed": _zero_page_of("ix_versions_record_id"),
    "meetings_root_page_zeroed": _zero_page_of("meetings"),
    "payload_text_changed": _sql(
        f"UPDATE versions SET payload = replace(payload, '\"', ' \"') WHERE seq = {FIRST_VERSION}"
    ),
    "payload_not_utf8": _sql(
        f"UPDATE versions SET payload = CAST(X'7B22FF22' AS TEXT) WHERE seq = {FIRST_VERSION}"
    ),
    "payload_not_json": _sql(f"UPDATE versions SET payload = '{{' WHERE seq = {FIRST_VERSION}"),
    "version_id_changed": _sql(
        f"UPDATE versions SET version_id = replace(version_id, substr(version_id, 1, 1), 'f') "
        f"WHERE seq = {FIRST_VERSION} AND substr(version_id, 1, 1) <> 'f'"
        f" OR seq = {FIRST_VERSION} AND substr(version_id, 1, 1) = 'f' AND 0"
    ),
    "parents_not_json": _sql(f"UPDATE versions SET parents = '[' WHERE seq = {FIRST_VERSION}"),
    "winner_changed": _sql(
        "UPDATE records SET winner_version_id = (SELECT version_id FROM versions "
        "ORDER BY seq LIMIT 1) WHERE record_id = " + MEETING
    ),
    "leaf_missing": _sql(f"DELETE FROM record_leaves WHERE record_id = {MEETING}"),
    "current_row_changed": _sql(
        f"UPDATE meetings SET data = replace(data, 'a', 'o') WHERE id = {MEETING}"
    ),
    "current_row_missing": _sql(f"DELETE FROM meetings WHERE id = {MEETING}"),
    "filter_terms_missing": _sql(
        "DELETE FROM record_terms WHERE rowid IN (SELECT rowid FROM record_terms LIMIT 3)"
    ),
    "latest_version_missing": _sql(
        "DELETE FROM versions WHERE seq = (SELECT max(seq) FROM versions)"
    ),
    "record_state_missing": _sql(f"DELETE FROM records WHERE record_id = {MEETING}"),
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_corpus_covers_pages_and_payloads() -> None:
    assert len(DAMAGES) >= 20


@pytest.mark.parametrize("damage", list(DAMAGES), ids=list(DAMAGES))
def test_a_damaged_store_is_reported_and_the_newest_backup_restores_it(
    damage: str, template: Template, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(template.data_dir, data_dir)
    store_file = data_dir / DB_FILENAME
    DAMAGES[damage](store_file)
    damaged_bytes = store_file.read_bytes()

    code, out, err = run(capsys, "--data-dir", str(data_dir), "db", "check")
    assert code == 1
    assert "store is sound" not in out
    assert err.count("\n") == 1  # one line, no traceback
    assert "damaged" in err
    assert "icati db restore --newest" in err
    assert "unexpected error" not in err
    assert "Traceback" not in err

    code, out, err = run(capsys, "--data-dir", str(data_dir), "db", "restore", "--newest")
    assert code == 0, err
    assert "restored from" in out
    kept = sorted((data_dir / "damaged").glob("*.sqlite3"))
    assert len(kept) == 1
    assert kept[0].read_bytes() == damaged_bytes  # kept aside as it was, never deleted
    code, out, err = run(capsys, "--data-dir", str(data_dir), "db", "check")
    assert (code, out.strip()) == (0, "store is sound"), err
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "db", "digest")
    assert out.strip() == template.digest


def test_a_damaged_payload_changes_the_digest(
    template: Template, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(template.data_dir, data_dir)
    DAMAGES["current_row_changed"](data_dir / DB_FILENAME)
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "db", "digest")
    assert code == 0
    assert out.strip() != template.digest  # the digest covers what is shown, not only ids


def test_harmless_leftovers_are_not_called_damage(
    template: Template, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Garbage in SQLite's -wal and -shm files is ignored by SQLite (checksums, rebuilt
    index): the store is sound and unchanged."""
    data_dir = tmp_path / "data"
    shutil.copytree(template.data_dir, data_dir)
    (data_dir / f"{DB_FILENAME}-wal").write_bytes(bytes(range(256)) * 40)
    (data_dir / f"{DB_FILENAME}-shm").write_bytes(b"\xff" * 32768)
    code, out, err = run(capsys, "--data-dir", str(data_dir), "db", "check")
    assert (code, out.strip()) == (0, "store is sound"), err
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "db", "digest")
    assert out.strip() == template.digest


def test_without_a_backup_the_refusal_says_what_to_do(
    template: Template, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(template.data_dir, data_dir)
    shutil.rmtree(data_dir / "backups")
    DAMAGES["header_overwritten"](data_dir / DB_FILENAME)
    code, _, err = run(capsys, "--data-dir", str(data_dir), "db", "restore", "--newest")
    assert code == 1
    assert "no usable backup" in err
    assert (data_dir / DB_FILENAME).is_file()  # nothing was moved
