"""What the fault suites share: a small sync world built once, copies of its data
directories, and the checks every case ends with (the store is as before or exactly the
clean result; nothing stray is left; at most one clear line was said).

Run counts are sized for two cores in CI; ``ICATI_FAULT_RUNS=full`` runs the long version
(1,000 kill points, every disk-full step) on demand.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import text

from icati_desktop.store.daily_backup import take_daily_backup
from icati_desktop.store.demo import DemoSpec, run_demo
from icati_desktop.store.device import Role
from icati_desktop.store.integrity import check_store, state_digest
from icati_desktop.store.opening import DB_FILENAME, open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.importer import import_bundle
from tests.sync.network import enrol

FULL = os.environ.get("ICATI_FAULT_RUNS") == "full"
TEMPORARY = (".partial", "-journal", ".incoming-")
"""Names a half-done write leaves; none may survive the next start."""


@dataclass(frozen=True)
class World:
    hq: Path
    """HQ's data directory (SQLite), before the field bundle is imported."""
    field: Path
    """The field device's data directory, with unexported work."""
    bundle: Path
    """The field device's bundle for HQ (signed, encrypted)."""
    hq_before: str
    hq_after: str
    """HQ's digest before and after importing ``bundle`` cleanly."""


def digest_of(store: Store) -> str:
    with store.read() as session:
        return state_digest(session)


def build_world(root: Path, *, meetings: int = 12, items: int = 12) -> World:
    hq = open_store(root / "hq")
    field = open_store(root / "field")
    try:
        initialise_device(hq, Role.HQ, "ICATI HQ")
        initialise_device(field, Role.FIELD, "Amina")
        enrol(hq, field)
        run_demo(field, DemoSpec(seed=21, countries=2, meetings=meetings, action_items=items))
        take_daily_backup(hq, date.today())  # the day's backup is already there
        bundle = root / "field.icati"
        export_bundle(field, bundle)
        hq_before = digest_of(hq)
    finally:
        hq.close()
        field.close()
    clean = copy_dir(root / "hq", root / "hq-clean")
    store = open_store(clean)
    try:
        import_bundle(store, bundle)
        hq_after = digest_of(store)
    finally:
        store.close()
    shutil.rmtree(clean)
    return World(root / "hq", root / "field", bundle, hq_before, hq_after)


def copy_dir(source: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("logs"))
    return target


def leftovers(*folders: Path) -> list[str]:
    """Temporary files anywhere under ``folders`` (none may outlive a start)."""
    found = []
    for folder in folders:
        if not folder.exists():
            continue
        for path in folder.rglob("*"):
            rel = path.relative_to(folder).as_posix()
            if rel.startswith("logs/"):
                continue
            if rel.startswith(("tmp/", "staging")) or any(t in path.name for t in TEMPORARY):
                found.append(rel)
    return sorted(found)


def reopened(data_dir: Path, *, full_check: bool = True) -> tuple[str, list[str], list[str]]:
    """Start again on ``data_dir`` (which sweeps what a dead process left): its digest, its
    check's problems, and what temporary files remain after the store is closed. Without
    ``full_check`` only SQLite's own quick check runs (the digest covers the rest)."""
    store = open_store(data_dir)
    try:
        with store.read() as session:
            if full_check:
                problems = check_store(session)
            else:
                quick = [row[0] for row in session.execute(text("PRAGMA quick_check"))]
                problems = [] if quick == ["ok"] else quick
            digest = state_digest(session)
    finally:
        store.close()
    return digest, problems, leftovers(data_dir)


def db_file(data_dir: Path) -> Path:
    return data_dir / DB_FILENAME
