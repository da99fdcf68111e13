"""Write a new Alembic revision by comparing the models with the current head.

Usage: .venv/bin/python tools/new_migration.py REV_ID "what it changes"

Runs against a throwaway SQLite database upgraded to head, so the diff is exactly
what the models add; then add REV_ID to ``KNOWN_REVISIONS`` in store/migrate.py.
"""

from __future__ import annotations

import sys
import tempfile

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from icati_desktop.store import migrate
from icati_desktop.store.tables import Base  # noqa: F401  (registers every table)


def main(rev_id: str, message: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        engine = create_engine(f"sqlite:///{scratch}/schema.sqlite3")
        config = Config()
        config.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
        config.set_main_option("path_separator", "os")
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            command.revision(config, message=message, autogenerate=True, rev_id=rev_id)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
