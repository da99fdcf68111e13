"""Migrations: an empty store, a populated one, and a failure that must lose nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

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
    # The SQLite full-text index (FTS5 table search_fts and its shadow tables) is not
    # in the ORM metadata: it is engine-specific DDL owned by store.search; so is a central
    # store's attachments table (store.central_blobs).
    own = ("search_fts", "central_attachments")
    diff = [d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith(own))]
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
    assert report.from_revision == migrate.HEAD_REVISION
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
        assert migrate.current_revision(conn) == migrate.HEAD_REVISION
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


def _before_0014(conn: Connection) -> None:
    """Undo 0014 (this store's default groups keep their versions: 0014 gives them rows)."""
    conn.execute(text("DROP TABLE network_groups"))
    conn.execute(text("ALTER TABLE roster_entries DROP COLUMN availability"))


def test_a_populated_store_from_the_first_release_is_upgraded(
    make_store: StoreFactory,
) -> None:
    store = make_store(init=False)
    from icati_desktop.store.device import Role
    from icati_desktop.sync.device_setup import initialise_device

    initialise_device(store, Role.HQ, "HQ")
    RecordService(store).create(resource("Written before the upgrade"))
    with store.read() as session:
        digest = state_digest(session)
    with store.engine.begin() as conn:  # back to the first schema, as an old app left it
        if store.is_sqlite:
            conn.execute(text("DROP TABLE search_fts"))  # its triggers go with the table below
        conn.execute(text("DROP TABLE search_documents"))
        conn.execute(text("DROP TABLE favourites"))
        conn.execute(text("DROP TABLE trusted_devices"))
        conn.execute(text("DROP TABLE bundle_log"))
        conn.execute(text("DROP TABLE acks"))
        conn.execute(text("DROP TABLE sync_sources"))
        for table in ("device_scopes", "data_removals", "scope_countries", "scope_links"):
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("DROP TABLE applied_removals"))
        conn.execute(text("DROP INDEX ix_versions_record_type_record_id_hlc_ms_hlc_counter"))
        for index in ("name", "country_name", "model_name", "status_name", "start_year"):
            conn.execute(text(f"DROP INDEX ix_initiatives_{index}_order"))  # 0006
        for pair in ("country_model", "model_status", "status_model"):
            conn.execute(text(f"DROP INDEX ix_initiatives_{pair}"))
        conn.execute(text("DROP TABLE form_version_status"))
        conn.execute(text("DROP INDEX ix_versions_hlc"))
        conn.execute(text("DROP TABLE contacts"))  # 0011
        conn.execute(text("DROP INDEX ix_people_display_name_id"))
        conn.execute(text("ALTER TABLE versions DROP COLUMN redacted"))
        conn.execute(text("ALTER TABLE people DROP COLUMN decision_authority"))
        for index in ("due", "title", "status_due", "priority_due", "country_due", "plan_due"):
            conn.execute(text(f"DROP INDEX ix_action_items_{index}_order"))  # 0013
        conn.execute(text("DROP INDEX ix_action_items_plan_status"))
        conn.execute(text("ALTER TABLE action_items DROP COLUMN goal_id"))
        _before_0014(conn)
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    report = ensure_schema(store.engine, store.data_dir / "backups")
    assert report is not None
    assert (report.from_revision, report.to_revision) == ("0001", migrate.HEAD_REVISION)
    assert report.backup is not None
    assert report.backup.is_file()
    with store.read() as session:
        assert state_digest(session) == digest
        assert check_store(session) == []
    with store.engine.connect() as conn:
        assert inspect(conn).has_table("trusted_devices")


def test_0012_gives_existing_meetings_their_filter_terms(make_store: StoreFactory) -> None:
    from datetime import date

    from icati_desktop.domain.meetings import Attendee, Barrier, Meeting
    from icati_desktop.store.meetings import MeetingFilter, query_meetings

    store = make_store()
    RecordService(store).create(
        Meeting(
            country="KEN",
            held_on=date(2026, 3, 2),
            format="in_person",
            meeting_type="ta_session",
            attendees=[Attendee(role="nurse", sector="health")],
            barriers=[Barrier(category="resourcing", text="No budget")],
        )
    )
    before = migrate.KNOWN_REVISIONS[migrate.KNOWN_REVISIONS.index("0012") - 1]
    with store.engine.begin() as conn:  # as a store before 0012 holds it: no such terms yet
        conn.execute(text("DELETE FROM record_terms WHERE record_type = 'meeting'"))
        _before_0014(conn)
        conn.execute(text(f"UPDATE alembic_version SET version_num = '{before}'"))
    report = ensure_schema(store.engine, store.data_dir / "backups")
    assert report is not None
    assert report.to_revision == migrate.HEAD_REVISION
    with store.read() as session:
        assert check_store(session) == []
        assert query_meetings(session, MeetingFilter(sector="health")).total == 1
        assert query_meetings(session, MeetingFilter(barrier="resourcing")).total == 1


def test_0015_gives_existing_events_their_attendance_terms(make_store: StoreFactory) -> None:
    from icati_desktop.domain.network import NetworkEvent
    from icati_desktop.store.events import EventFilter, count_events

    store = make_store(role="hq")
    RecordService(store).create(
        NetworkEvent.model_validate(
            {
                "title": "Network meeting",
                "kind": "network_meeting",
                "starts_at": "2026-03-01T12:00:00Z",
                "time_zone": "UTC",
                "format": "remote",
                "participants": [{"country": "KEN", "count": 2}],
            }
        )
    )
    before = migrate.KNOWN_REVISIONS[migrate.KNOWN_REVISIONS.index("0015") - 1]
    with store.engine.begin() as conn:  # as a store before 0015 holds it: no such terms yet
        conn.execute(
            text("DELETE FROM record_terms WHERE record_type = 'event' AND field <> 'languages'")
        )
        _before_0014(conn)  # chained after 0015 (0013 finds its indexes already there)
        conn.execute(text(f"UPDATE alembic_version SET version_num = '{before}'"))
    with store.read() as session:
        assert count_events(session, EventFilter(country="KEN")) == 0
    report = ensure_schema(store.engine, store.data_dir / "backups")
    assert report is not None
    assert report.to_revision == migrate.HEAD_REVISION
    with store.read() as session:
        assert check_store(session) == []
        assert count_events(session, EventFilter(country="KEN")) == 1
