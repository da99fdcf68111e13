"""One verified backup a day, the last seven kept, and the newest good one found."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from icati_desktop.store.backup import verify_backup_file
from icati_desktop.store.daily_backup import (
    KEEP_DAYS,
    daily_backups,
    newest_good_backup,
    take_daily_backup,
)
from tests.store.helpers import StoreFactory


def test_one_backup_a_day_and_only_the_last_week_is_kept(make_store: StoreFactory) -> None:
    store = make_store()
    if not store.is_sqlite:
        assert take_daily_backup(store) is None  # PostgreSQL: the server's own backups
        return
    first = date(2026, 3, 1)
    made = take_daily_backup(store, first)
    assert made is not None
    assert made.name == "daily-2026-03-01.sqlite3"
    verify_backup_file(made)
    assert take_daily_backup(store, first) is None  # the same day: nothing more
    for n in range(1, 10):
        take_daily_backup(store, first + timedelta(days=n))
    names = [p.name for p in daily_backups(store.data_dir)]
    assert len(names) == KEEP_DAYS
    assert names[-1] == "daily-2026-03-10.sqlite3"
    assert names[0] == "daily-2026-03-04.sqlite3"
    assert list((store.data_dir / "tmp").rglob("*.partial*")) == []


def test_the_newest_backup_that_passes_the_check_is_chosen(
    make_store: StoreFactory, tmp_path: Path
) -> None:
    store = make_store()
    if not store.is_sqlite:
        return
    older = take_daily_backup(store, date(2026, 3, 1))
    newer = take_daily_backup(store, date(2026, 3, 2))
    assert older is not None
    assert newer is not None
    assert newest_good_backup(store.data_dir) == newer
    newer.write_bytes(b"not a database at all")
    assert newest_good_backup(store.data_dir) == older
    assert newest_good_backup(tmp_path / "empty") is None
