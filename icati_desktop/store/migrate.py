"""Schema migrations, applied when a store is opened.

Opening checks the schema revision with one query; Alembic is imported only when a
migration is actually needed (importing it costs ~0.4 s at start-up). Before
migrating a populated store, a backup is taken and verified; if the migration fails,
the backup is restored automatically and the error says so.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from icati_desktop.store.backup import BackupError, make_backup, restore_backup
from icati_desktop.store.scratch import Scratch

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
KNOWN_REVISIONS = (
    "0001",
    "0002",
    "0003",
    "0007",
    "0009",
    "0005",
    "0006",
    "0011",
    "0012",
    "0015",
    "0013",
    "0014",
    "0017",
    "0018",
)
"""Every revision this version of the app knows, oldest first (checked by a test)."""
HEAD_REVISION = KNOWN_REVISIONS[-1]


@dataclass(frozen=True)
class MigrationPlan:
    """Where the migration scripts are and which revisions they lead to."""

    known_revisions: tuple[str, ...] = KNOWN_REVISIONS
    extra_version_dirs: tuple[Path, ...] = ()

    @property
    def head(self) -> str:
        return self.known_revisions[-1]


DEFAULT_PLAN = MigrationPlan()


class MigrationFailed(RuntimeError):
    pass


class SchemaTooNew(RuntimeError):
    pass


@dataclass(frozen=True)
class MigrationReport:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()


def _has_user_tables(conn: Connection) -> bool:
    return any(name != "alembic_version" for name in inspect(conn).get_table_names())


def upgrade(engine: Engine, target: str = "head", plan: MigrationPlan = DEFAULT_PLAN) -> None:
    """Run Alembic's upgrade on one connection, in one transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    dirs = [MIGRATIONS_DIR / "versions", *plan.extra_version_dirs]
    config.set_main_option("version_locations", os.pathsep.join(str(d) for d in dirs))
    with engine.connect() as conn, conn.begin():
        # The transaction holds the store's write lock (see store.engine): on PostgreSQL
        # another app may have upgraded the schema while we waited for it.
        if target == "head" and current_revision(conn) == plan.head:
            return
        config.attributes["connection"] = conn
        command.upgrade(config, target)


def ensure_schema(
    engine: Engine,
    backup_dir: Path,
    plan: MigrationPlan = DEFAULT_PLAN,
    scratch: Scratch | None = None,
) -> MigrationReport | None:
    """Bring the store to the head revision; ``None`` when it already was."""
    with engine.connect() as conn:
        revision = current_revision(conn)
        populated = _has_user_tables(conn)
    if revision == plan.head:
        return None
    if revision is not None and revision not in plan.known_revisions:
        raise SchemaTooNew(
            f"this store has schema {revision}, written by a newer ICATI Desktop: "
            "install the newer version to open it"
        )
    backup: Path | None = None
    if populated:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = backup_dir / f"before-migration-{revision or 'none'}-{stamp}.sqlite3"
        try:
            make_backup(engine, backup, scratch)
        except BackupError as exc:
            raise MigrationFailed(
                f"the store needs a schema upgrade but no verified backup could be made "
                f"({exc}); nothing was changed — free some disk space and open it again"
            ) from exc
    try:
        upgrade(engine, plan=plan)
    except Exception as exc:
        log.exception("migration failed")
        if backup is None:
            raise MigrationFailed(f"creating the store's schema failed: {exc}") from exc
        restore_backup(engine, backup)
        raise MigrationFailed(
            f"the schema upgrade from {revision} failed ({exc}); the store was restored "
            f"automatically from the backup taken just before ({backup}), so nothing was "
            "lost — report this with the log file"
        ) from exc
    log.info("store migrated from %s to %s", revision, plan.head)
    return MigrationReport(revision, plan.head, backup)
