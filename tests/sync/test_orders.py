"""Import is order-free and idempotent, and a version's id does not depend on the engine.

* Five field bundles that edit, delete and fork the same records give HQ one digest in
  all 120 import orders (each order on a fresh copy of the same prepared HQ).
* Importing any bundle again, 2 to 10 times, changes nothing.
* With HQ on PostgreSQL and the field devices on SQLite, a version has the same id on both.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from icati_desktop.domain.action_plans import ActionPlan
from icati_desktop.domain.library import Resource, ResourceType
from icati_desktop.domain.meetings import Meeting, MeetingFormat, MeetingType
from icati_desktop.store.backup import make_backup
from icati_desktop.store.integrity import check_store, state_digest
from icati_desktop.store.opening import DB_FILENAME, open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.store.sync_state import bundle_history
from icati_desktop.store.tables.core import RecordRow, VersionRow
from icati_desktop.store.versions import version_from_row
from icati_desktop.sync.importer import import_bundle
from tests.sync.conftest import NetworkFactory
from tests.sync.network import Network


def meeting(title: str, notes: str = "") -> Meeting:
    return Meeting(
        title=title,
        country="KEN",
        held_on=date(2026, 2, 3),
        format=MeetingFormat.IN_PERSON,
        meeting_type=MeetingType.STRATEGIC,
        notes=notes,
    )


def edit(store: Store, record_id: str, notes: str) -> None:
    service = RecordService(store)
    shown = service.get(Meeting, record_id).payload
    service.update(record_id, shown.model_copy(update={"notes": notes}))


def snapshot(store: Store) -> tuple[str, frozenset[str], int]:
    """(digest, version ids, bundles logged): everything an import may change."""
    with store.read() as session:
        ids = frozenset(session.scalars(select(VersionRow.version_id)))
        return state_digest(session), ids, len(bundle_history(session, limit=10_000))


def open_conflicts(store: Store) -> int:
    with store.read() as session:
        return len(list(session.scalars(select(RecordRow).where(RecordRow.in_conflict))))


@dataclass
class Prepared:
    """HQ saved as files just before five field bundles arrive, and those bundles."""

    net: Network
    hq_file: Path
    bundles: list[Path]
    central: Path
    """The central bundle every field device imported before working."""

    @contextmanager
    def fresh_hq(self, where: Path) -> Iterator[Store]:
        """A copy of the prepared HQ (store file and keys), not a re-initialised one."""
        where.mkdir(parents=True)
        shutil.copyfile(self.hq_file, where / DB_FILENAME)
        shutil.copytree(self.net.hq.data_dir / "keys", where / "keys")
        store = open_store(where, now_ms=self.net.hq.now_ms)
        try:
            yield store
        finally:
            store.close()
            shutil.rmtree(where, ignore_errors=True)


def prepare(net: Network, tmp_path: Path) -> Prepared:
    """HQ publishes records; five field devices edit, delete and fork them concurrently."""
    hq = RecordService(net.hq)
    shared = [str(hq.create(meeting(f"Shared meeting {i}")).record_id) for i in range(4)]
    hq.create(Resource(title={"en": "Diversion guide"}, resource_type=ResourceType.GUIDE))
    plan = hq.create(
        ActionPlan(
            country="KEN",
            title="ATI action plan 2026",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
        )
    ).record_id
    centrals = [net.export(net.hq, device) for device in net.fields]
    for device, central in zip(net.fields, centrals, strict=True):
        assert net.deliver(central, device).versions_added > 0
    for i, device in enumerate(net.fields):
        service = RecordService(device)
        edit(device, shared[0], f"everyone edits: {i}")  # a five-way conflict
        if i < 2:
            edit(device, shared[1], f"two edit: {i}")
        if i == 2:
            service.delete("meeting", shared[1])  # an edit beats a concurrent delete
        if i in (3, 4):
            service.delete("meeting", shared[2])  # two concurrent deletes: no conflict
        if i == 0:
            edit(device, shared[2], "edited before it was deleted elsewhere")
            for step in range(3):  # a chain of own edits
                shown = service.get(ActionPlan, plan).payload
                service.update(plan, shown.model_copy(update={"summary": f"Revision {step}"}))
        own = service.create(meeting(f"Meeting of field {i}"))
        edit(device, own.record_id, "and its follow-up")
    bundles = [net.export(device) for device in net.fields]
    hq_file = make_backup(net.hq.engine, tmp_path / "prepared-hq" / DB_FILENAME)
    return Prepared(net, hq_file, bundles, centrals[0])


@pytest.fixture
def prepared(make_network: NetworkFactory, tmp_path: Path) -> Prepared:
    return prepare(make_network(fields=5), tmp_path)


# The 120 orders copy an HQ store file, so they run with HQ on SQLite only.
@pytest.mark.slow
@pytest.mark.parametrize("hq_engine", ["sqlite"])
def test_all_120_import_orders_of_five_bundles_give_one_digest(
    prepared: Prepared, tmp_path: Path
) -> None:
    results: dict[tuple[str, frozenset[str]], list[tuple[int, ...]]] = {}
    for n, order in enumerate(itertools.permutations(range(5))):
        with prepared.fresh_hq(tmp_path / f"order-{n}") as hq:
            for i in order:
                import_bundle(hq, prepared.bundles[i])
            digest, ids, _ = snapshot(hq)
            if n == 0:
                with hq.read() as session:
                    assert check_store(session) == []
                assert open_conflicts(hq) >= 2, "the bundles should fork records"
        results.setdefault((digest, ids), []).append(order)
    assert n == 119
    assert len(results) == 1, {k[0][:12]: v[:3] for k, v in results.items()}


@pytest.mark.parametrize("hq_engine", ["sqlite"])
@pytest.mark.parametrize("which", [0, 1, 2, 3, 4, "central"])
def test_reimporting_any_bundle_2_to_10_times_changes_nothing(
    prepared: Prepared, tmp_path: Path, which: int | str
) -> None:
    with ExitStack() as stack:
        if which == "central":
            # A field device, which imported the central bundle once already (in prepare).
            target, bundle = prepared.net.fields[0], prepared.central
        else:
            # HQ, after this bundle and the others (some of them after it).
            target = stack.enter_context(prepared.fresh_hq(tmp_path / "hq"))
            for path in prepared.bundles:
                import_bundle(target, path)
            bundle = prepared.bundles[int(which)]
        before = snapshot(target)
        for times in range(2, 11):
            result = import_bundle(target, bundle)
            assert result.already_imported, f"import number {times}"
            assert result.versions_added == 0
            assert snapshot(target) == before, f"import number {times} changed the store"
        with target.read() as session:
            assert check_store(session) == []


@pytest.mark.postgres
@pytest.mark.parametrize("hq_engine", ["postgresql"])
def test_a_version_has_the_same_id_on_postgresql_and_sqlite(
    make_network: NetworkFactory,
) -> None:
    if not os.environ.get("ICATI_TEST_PG_URL"):
        pytest.skip("PostgreSQL tests need ICATI_TEST_PG_URL (set by .ci/run)")
    net = make_network(fields=1)
    assert net.hq.engine.dialect.name == "postgresql"
    assert net.fields[0].engine.dialect.name == "sqlite"
    expert = net.fields[0]
    hq = RecordService(net.hq)
    # Text that only canonical encoding makes equal: a decomposed "é", non-ASCII, newlines.
    hq.create(
        Resource(
            title={"en": "Cafe\u0301 guide — «justice» 司法", "fr": "Guide\r\ndu café"},
            resource_type=ResourceType.GUIDE,
            year=2024,
            topics=["legal", "treatment"],
        )
    )
    hq.create(meeting("Steering committee", notes="Ünïcödé notes\n2nd line"))
    mine = RecordService(expert).create(meeting("Field visit", notes="tab\there"))
    net.round_trip()
    edit(expert, mine.record_id, "edited after the round trip")
    net.round_trip()

    def versions(store: Store) -> dict[str, tuple[str, str, str | None]]:
        with store.read() as session:
            out = {}
            for row in session.scalars(select(VersionRow)):
                version = version_from_row(row)
                version.verify()  # the id recomputed from what this engine stored
                out[version.version_id] = (row.record_id, row.origin, row.payload)
            return out

    on_pg, on_sqlite = versions(net.hq), versions(expert)
    assert on_pg.keys() == on_sqlite.keys()
    assert on_pg == on_sqlite
    authored = {v for v, (_, origin, _) in on_pg.items() if origin != "icati-default-content"}
    assert len(authored) == 5  # three by HQ (the device's countries too), two by the field device
    digests = net.digests()
    assert digests[0] == digests[1]
    with net.hq.read() as session:
        assert check_store(session) == []
