"""Migrations: an empty store, a populated one, and a failure that must lose nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from icati_desktop.store import migrate
from icati_desktop.store.integrity import check_store, state_digest
from icati_desktop.store.migrate import MigrationFailed, MigrationPlan, ensure_schema
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.store.tables import Base
from tests.store.helpers import StoreFactory, resource

DATA = Path(__file__).parents[1] / "data" / "migrations"


def test_known_revisions_match_the_migration_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    scripts = ScriptDirectory.from_config(config)
    chain = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert tuple(chain) == migrate.KNOWN_REVISIONS
    assert scripts.get_current_head() == migrate.HEAD_REVISION


def test_an_empty_store_gets_exactly_the_models_schema(make_store: StoreFactory) -> None:
    store = make_store(init=False)
    with store.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.HEAD_REVISION
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_opening_a_current_store_does_not_migrate(make_store: StoreFactory) -> None:
    store = make_store()
    assert ensure_schema(store.engine, store.data_dir / "backups") is None
    assert not (store.data_dir / "backups").exists()


def _populated(make_store: StoreFactory) -> tuple[Store, str]:
    store = make_store(role="hq")
    service = RecordService(store)
    for i in range(5):
        service.create(resource(f"Resource {i}", topics=["legal"]))
    with store.read() as session:
        return store, state_digest(session)


def test_a_populated_store_is_backed_up_then_migrated(make_store: StoreFactory) -> None:
    store, digest = _populated(make_store)
    plan = MigrationPlan((*migrate.KNOWN_REVISIONS, "t0002"), (DATA / "adds_column",))
    report = ensure_schema(store.engine, store.data_dir / "backups", plan)
    assert report is not None
    assert report.from_revision == "0001"
    assert report.to_revision == "t0002"
    assert report.backup is not None
    assert report.backup.is_file()
    with store.engine.connect() as conn:
        assert {"note"} <= {c["name"] for c in inspect(conn).get_columns("settings")}
        notes = conn.execute(text("SELECT DISTINCT note FROM settings")).scalars().all()
    assert notes == ["migrated"]
    with store.read() as session:
        assert state_digest(session) == digest


def test_a_failed_migration_restores_the_backup_and_says_so(make_store: StoreFactory) -> None:
    store, digest = _populated(make_store)
    plan = MigrationPlan((*migrate.KNOWN_REVISIONS, "t0002"), (DATA / "fails",))
    backups = store.data_dir / "backups"
    with pytest.raises(MigrationFailed, match="restored automatically from the backup"):
        ensure_schema(store.engine, backups, plan)
    assert len(list(backups.glob("before-migration-*.sqlite3"))) == 1
    with store.engine.connect() as conn:
        assert migrate.current_revision(conn) == "0001"
        assert not inspect(conn).has_table("half_done")
    with store.read() as session:
        assert state_digest(session) == digest
        assert check_store(session) == []


def test_a_store_from_a_newer_app_is_refused(make_store: StoreFactory) -> None:
    store = make_store(init=False)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(migrate.SchemaTooNew, match="newer ICATI Desktop"):
        ensure_schema(store.engine, store.data_dir / "backups")
