"""Random work on 2–6 replicas and a lossy, reordering courier converge after one round via HQ.

A Hypothesis state machine: one HQ and 1–5 enrolled field devices, each working on a
random set of countries (its *scope*: none, some, or all), create, edit, delete and
resolve records while HQ changes scopes (sometimes asking a device to remove the
countries it loses) and bundles travel through an in-flight pool in which any bundle may
be delivered (in any order, central bundles to any device, not only the one they were
made for), delivered and kept for a duplicate delivery later, dropped, or left waiting.
Every replica's clock is a shared simulated wall time plus its own skew of up to ±7 days.
After each step the replica just written passes ``check_store`` and holds every version it
ever held, except versions a removal took away — and those are all at HQ (a removal never
loses an edit). At the end, HQ asks every device to remove the countries outside its
scope, and one round through HQ (every field device exports, HQ imports them all, then
makes and delivers each device's central bundle) must give HQ every version ever written,
and every field device exactly its scope: the reference content, and every version of the
field records its countries entitle it to, no more. A device with every country ends with
HQ's version set and ``state_digest``.

Settings: the profile named by ``HYPOTHESIS_PROFILE`` — ``ci`` (the default: 200 examples
of up to 25 steps) or ``thorough`` (thousands, for on-demand runs):
``HYPOTHESIS_PROFILE=thorough .venv/bin/python -m pytest tests/sync/test_convergence.py``.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar
from unittest.mock import patch
from uuid import UUID

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from icati_desktop.domain.action_plans import ActionItem, ActionPlan
from icati_desktop.domain.base import RecordPayload
from icati_desktop.domain.countries import country_record_id
from icati_desktop.domain.library import Resource, ResourceType
from icati_desktop.domain.meetings import Meeting, MeetingFormat, MeetingType
from icati_desktop.domain.registry import payload_model
from icati_desktop.store.conflicts import list_conflicts
from icati_desktop.store.content import RELEASE_SETTING, content_release, default_content_versions
from icati_desktop.store.device import Role
from icati_desktop.store.integrity import check_store, state_digest
from icati_desktop.store.opening import DB_FILENAME, open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.settings import set_setting
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordRow, VersionRow
from icati_desktop.store.versions import add_versions
from icati_desktop.sync.central_scope import CentralTarget
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.errors import BundleRejected, RejectCode
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.importer import import_bundle
from icati_desktop.sync.limits import set_sync_limit
from icati_desktop.sync.scopes import ScopeChoice, set_scope
from icati_desktop.versioning.version import Version
from tests.sync.network import device_id, enrol
from tests.sync.scope_oracle import entitled_records

# --- settings ---------------------------------------------------------------------------------
# Hypothesis loads its own built-in "ci" profile on CI servers for every property test; this
# file leaves that one alone (redefining it would change all the others) and picks the
# machine's settings from the table below by HYPOTHESIS_PROFILE instead. "thorough" is also
# registered as an ordinary profile, so `--hypothesis-profile thorough` works suite-wide.
_COMMON: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("thorough", max_examples=3_000, stateful_step_count=40, **_COMMON)
PROFILES: dict[str, settings] = {
    # settings.default is Hypothesis's "ci" profile on CI (derandomised, no example database)
    # and the default profile elsewhere. 100 examples keep it near five minutes on 2 cores now
    # that every check recomputes the field-level merge; "thorough" runs 3,000 on demand.
    "ci": settings(settings.default, max_examples=100, stateful_step_count=25, **_COMMON),
    "thorough": settings.get_profile("thorough"),
}

# --- clocks -----------------------------------------------------------------------------------
DAY_MS = 86_400_000
MAX_SKEW_MS = 7 * DAY_MS
START_MS = int(datetime(2026, 3, 2, 9, 0, tzinfo=UTC).timestamp() * 1000)
# Skews of ±7 days put two replicas up to 14 days apart, beyond the default 24 h after which
# a bundle from the future is quarantined; every replica here tolerates 15 days so that the
# random skews test convergence, not the quarantine (which has its own test with the default).
TOLERATED_SKEW_HOURS = 15 * 24

FIELD_TYPES = ("meeting", "action_plan", "action_item")
HQ_TYPES = (*FIELD_TYPES, "resource")
COUNTRIES = ("KEN", "MEX", "PHL")
COUNTRY_RECORDS = {str(country_record_id(alpha3)) for alpha3 in COUNTRIES}
SCOPES = ("all", "", "KEN", "MEX", "PHL", "KEN,MEX", "MEX,PHL")
"""The countries a field device may work on ("" none, "all" every country)."""


# --- replicas built from a template store ------------------------------------------------------
def template_content() -> list[Version]:
    """A slice of the default content: three countries and three library resources.

    Default-content versions are deterministic (fixed ids, origin and clock), so a store
    file holding them is a valid starting point for any device, and so is one holding a
    subset, as long as every replica starts from the same file. Every ``check_store`` and
    every central bundle pays for each version a store holds; the full content (248
    countries, a large assessment form) would make each step several times dearer without
    changing how versions merge. The resources give HQ default content to edit.
    """
    content = default_content_versions()
    countries = [v for v in content if v.record_id in COUNTRY_RECORDS]
    resources = sorted((v for v in content if v.record_type == "resource"), key=_by_id)
    return countries + resources[:3]


def _by_id(version: Version) -> str:
    return version.record_id


def make_template(directory: Path) -> Path:
    """A store file with the schema and (a slice of) the default content but no device."""
    store = open_store(directory)
    with store.write() as tx:
        add_versions(tx.session, template_content())
        set_setting(tx.session, RELEASE_SETTING, content_release()[0])
    store.close()
    db = directory / DB_FILENAME
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return db


def replica_from_template(
    template: Path, data_dir: Path, role: Role, name: str, now_ms: Callable[[], int]
) -> Store:
    """A copy of the template, then ``initialise_device`` for the device and its keys.

    Its default-content step is stubbed: the template already holds the content these
    replicas share, and loading the rest would undo the slimming (see ``template_content``).
    """
    data_dir.mkdir(parents=True)
    shutil.copyfile(template, data_dir / DB_FILENAME)
    store = open_store(data_dir, now_ms=now_ms)
    with patch("icati_desktop.sync.device_setup.load_default_content", return_value={}):
        initialise_device(store, role, name)
    with store.write() as tx:
        set_sync_limit(tx.session, "max_clock_skew_hours", str(TOLERATED_SKEW_HOURS))
    return store


def version_ids(store: Store) -> set[str]:
    with store.read() as session:
        return set(session.scalars(select(VersionRow.version_id)))


def half_removed(hq: Store, device: Store, removed: set[str]) -> set[str]:
    """Records of which a removal took some versions from ``device`` but left others."""
    if not removed:
        return set()
    with hq.read() as session:
        records = {
            record_id
            for version_id, record_id in session.execute(
                select(VersionRow.version_id, VersionRow.record_id)
            )
            if version_id in removed
        }
    with device.read() as session:
        return records & set(session.scalars(select(VersionRow.record_id)))


def entitled_versions(hq: Store, device: str, scope: str) -> set[str]:
    """What a device with this scope must hold: computed from HQ's versions by the test's own
    reading of the rules (``tests.sync.scope_oracle``), not by the exporter's query."""
    with hq.read() as session:
        rows = session.execute(
            select(
                VersionRow.version_id,
                VersionRow.record_type,
                VersionRow.record_id,
                VersionRow.payload,
            )
        ).all()
    records = entitled_records(rows, device, ScopeChoice.parse(scope))
    return {version_id for version_id, _, record_id, _ in rows if record_id in records}


def digest(store: Store) -> str:
    with store.read() as session:
        return state_digest(session)


def assert_sound(store: Store) -> None:
    with store.read() as session:
        assert check_store(session) == []


# --- payloads -----------------------------------------------------------------------------------
def new_payload(kind: str, n: int, plan_id: str | None) -> RecordPayload:
    country = COUNTRIES[n % len(COUNTRIES)]
    day = date(2026, 1, 5) + timedelta(days=n % 300)
    if kind == "meeting":
        return Meeting(
            title=f"Meeting {n}",
            country=country,
            held_on=day,
            format=MeetingFormat.REMOTE,
            meeting_type=MeetingType.TA_SESSION,
        )
    if kind == "action_plan":
        return ActionPlan(
            country=country,
            title=f"Plan {n}",
            period_start=day,
            period_end=day + timedelta(days=365),
        )
    if kind == "action_item":
        return ActionItem(
            action_plan_id=UUID(plan_id) if plan_id else UUID(int=n, version=4),
            country=country,
            title=f"Action {n}",
        )
    return Resource(title={"en": f"Resource {n}"}, resource_type=ResourceType.GUIDE)


def edited(payload: RecordPayload, n: int) -> RecordPayload:
    text = f"edit {n}"
    if isinstance(payload, Meeting):
        update: dict[str, Any] = {"notes": text}
    elif isinstance(payload, ActionPlan):
        update = {"summary": text}
    elif isinstance(payload, ActionItem):
        update = {"description": text}
    elif isinstance(payload, Resource):
        update = {"summary": {"en": text}}
    else:  # pragma: no cover - the machine writes only the types above
        raise TypeError(payload.record_type)
    return type(payload).model_validate({**payload.model_dump(mode="python"), **update})


# --- the machine --------------------------------------------------------------------------------
@dataclass
class Replica:
    store: Store
    role: Role
    name: str
    scope: str = "all"
    """A field device's countries as HQ last set them (see ``SCOPES``)."""
    held: set[str] = field(default_factory=set)
    """Every version id this replica holds or held (only a removal takes versions away)."""
    imported: set[str] = field(default_factory=set)
    """Bundle files delivered here successfully (a second delivery must be a no-op)."""
    central_sequence: int = 0
    """The newest central bundle accepted (an older one must be refused as a rollback)."""

    @property
    def writable(self) -> tuple[str, ...]:
        return HQ_TYPES if self.role is Role.HQ else FIELD_TYPES


@dataclass(frozen=True)
class InFlight:
    path: Path
    source: int
    central: bool
    sequence: int
    recipient: int = 0
    """The field device a central bundle was made for (encrypted to it)."""


def pick(items: list[Any], n: int) -> Any:
    return items[n % len(items)]


WHO = st.integers(0, 5)
ANY = st.integers(0, 2**16)


class ConvergenceMachine(RuleBasedStateMachine):
    template: ClassVar[Path]
    workdir: ClassVar[Path]
    _runs: ClassVar[Iterator[int]] = itertools.count()

    def __init__(self) -> None:
        super().__init__()
        self.root = self.workdir / f"run{next(self._runs)}"
        self.wall = START_MS
        self.replicas: list[Replica] = []
        self.in_flight: list[InFlight] = []
        self.written: set[int] = set()
        self.busy = False
        self.bundles = itertools.count()

    # -- setup
    @initialize(
        fields=st.integers(1, 5),
        skews=st.lists(st.integers(-MAX_SKEW_MS, MAX_SKEW_MS), min_size=6, max_size=6),
        scopes=st.lists(st.sampled_from(SCOPES), min_size=5, max_size=5),
    )
    def build_network(self, fields: int, skews: list[int], scopes: list[str]) -> None:
        with self.step():
            for i in range(fields + 1):
                role = Role.HQ if i == 0 else Role.FIELD
                name = "HQ" if i == 0 else f"Field {i}"
                store = replica_from_template(
                    self.template, self.root / f"r{i}", role, name, self.clock(skews[i])
                )
                self.replicas.append(Replica(store, role, name))
            hq = self.replicas[0].store
            for member, scope in zip(self.replicas[1:], scopes, strict=False):
                enrol(hq, member.store, scope)
                member.scope = scope
            self.written.update(range(len(self.replicas)))

    def clock(self, skew: int) -> Callable[[], int]:
        return lambda: self.wall + skew

    @contextmanager
    def step(self, *touched: int) -> Iterator[None]:
        """Marks the machine busy until the step ends normally: after a failed step,
        ``teardown`` only cleans up, so the failure is reported, not a consequence of it."""
        self.busy = True
        yield
        self.written.update(touched)
        self.busy = False

    def replica(self, who: int) -> tuple[int, Replica]:
        index = who % len(self.replicas)
        return index, self.replicas[index]

    def live(self, replica: Replica, types: tuple[str, ...]) -> list[tuple[str, str]]:
        with replica.store.read() as session:
            return list(
                session.execute(
                    select(RecordRow.record_type, RecordRow.record_id)
                    .where(RecordRow.record_type.in_(types), RecordRow.deleted.is_(False))
                    .order_by(RecordRow.record_id)
                )
            )

    # -- local work
    @rule(who=WHO, kind=st.sampled_from(HQ_TYPES), n=ANY)
    def create(self, who: int, kind: str, n: int) -> None:
        index, replica = self.replica(who)
        if kind not in replica.writable:
            kind = "meeting"
        plans = self.live(replica, ("action_plan",))
        plan_id = pick(plans, n)[1] if plans else None
        with self.step(index):
            RecordService(replica.store).create(new_payload(kind, n, plan_id))

    @rule(who=WHO, which=ANY, n=ANY, on_other_leaf=st.booleans())
    def edit(self, who: int, which: int, n: int, on_other_leaf: bool) -> None:
        """Edit the shown version, or (forking on purpose) another leaf of a conflict."""
        index, replica = self.replica(who)
        records = self.live(replica, replica.writable)
        if not records:
            return
        record_type, record_id = pick(records, which)
        service = RecordService(replica.store)
        current = service.get(payload_model(record_type), record_id)
        base = None
        if on_other_leaf and current.in_conflict:
            conflict = next(c for c in list_conflicts(replica.store) if c.record_id == record_id)
            base = pick([leaf.version_id for leaf in conflict.leaves], n)
        with self.step(index):
            service.update(record_id, edited(current.payload, n), base_version_id=base)

    @rule(who=WHO, which=ANY)
    def delete(self, who: int, which: int) -> None:
        index, replica = self.replica(who)
        records = self.live(replica, replica.writable)
        if not records:
            return
        record_type, record_id = pick(records, which)
        with self.step(index):
            RecordService(replica.store).delete(record_type, record_id)

    @rule(who=WHO, which=ANY, keep=ANY)
    def resolve(self, who: int, which: int, keep: int) -> None:
        index, replica = self.replica(who)
        conflicts = [c for c in list_conflicts(replica.store) if c.record_type in replica.writable]
        if not conflicts:
            return
        conflict = pick(conflicts, which)
        kept = pick([leaf.version_id for leaf in conflict.leaves], keep)
        with self.step(index):
            RecordService(replica.store).resolve(conflict.record_id, kept)
        with replica.store.read() as session:
            assert not session.get(RecordRow, conflict.record_id).in_conflict  # type: ignore[union-attr]

    @rule(ms=st.integers(0, 2 * DAY_MS))
    def time_passes(self, ms: int) -> None:
        self.wall += ms

    @rule(who=WHO, scope=st.sampled_from(SCOPES), remove_lost=st.booleans())
    def rescope(self, who: int, scope: str, remove_lost: bool) -> None:
        """HQ changes the countries of a device, sometimes asking it to remove the lost ones."""
        member = self.replicas[1 + who % (len(self.replicas) - 1)]
        with self.step(0):
            set_scope(
                self.replicas[0].store,
                device_id(member.store),
                ScopeChoice.parse(scope),
                remove_lost=remove_lost,
            )
        member.scope = scope

    # -- the courier
    @rule(who=WHO, to=WHO)
    def export(self, who: int, to: int) -> None:
        """A field device's bundle, or HQ's central bundle for one device (``to``)."""
        index, replica = self.replica(who)
        path = self.root / "pool" / f"bundle-{next(self.bundles)}.icati"
        path.parent.mkdir(exist_ok=True)
        recipient = 1 + to % (len(self.replicas) - 1)
        central = None
        if replica.role is Role.HQ:
            central = CentralTarget.for_device(device_id(self.replicas[recipient].store))
        # An export writes only sync bookkeeping (sequence, log, the scope index), never
        # versions or records, so it does not mark the replica for check_store.
        with self.step():
            result = export_bundle(replica.store, path, central=central)
        central_bundle = replica.role is Role.HQ
        self.in_flight.append(
            InFlight(path, index, central_bundle, result.sequence, recipient if central else 0)
        )

    @precondition(lambda self: bool(self.in_flight))
    @rule(which=ANY, to=WHO, fate=st.sampled_from(["deliver", "deliver and keep", "drop"]))
    def courier(self, which: int, to: int, fate: str) -> None:
        """Take any waiting bundle (so reordered, and the rest delayed): deliver it once,
        deliver it and keep a copy for another delivery later, or lose it."""
        bundle = pick(self.in_flight, which)
        if fate != "deliver and keep":
            self.in_flight.remove(bundle)
        if fate == "drop":
            return
        # field → HQ; central → any field device
        index = 0 if not bundle.central else 1 + to % (len(self.replicas) - 1)
        self.deliver(bundle, index)

    def deliver(self, bundle: InFlight, index: int) -> None:
        target = self.replicas[index]
        key = str(bundle.path)
        before = digest(target.store)
        with self.step():
            try:
                result = import_bundle(target.store, bundle.path)
            except BundleRejected as exc:
                rejection = exc
            else:
                rejection = None
        if rejection is not None:
            # The only refusals a lossy, reordering courier may cause: a central bundle made
            # for another device (which cannot even be decrypted here), or one older than
            # one already accepted.
            assert bundle.central
            assert digest(target.store) == before
            if bundle.recipient != index:
                assert rejection.code is RejectCode.WRONG_RECIPIENT, f"{rejection.code}"
                return
            assert rejection.code is RejectCode.ROLLBACK, f"{rejection.code}: {rejection}"
            assert key not in target.imported
            assert bundle.sequence <= target.central_sequence
            return
        assert not (bundle.central and bundle.recipient != index), "opened another's bundle"
        if key in target.imported:
            assert result.already_imported
            assert result.versions_added == 0
            assert digest(target.store) == before
            return
        assert not result.already_imported
        assert not (bundle.central and bundle.sequence <= target.central_sequence)
        self.written.add(index)
        target.imported.add(key)
        if bundle.central:
            target.central_sequence = bundle.sequence

    # -- after every step
    @invariant()
    def written_replicas_are_sound_and_keep_every_version(self) -> None:
        with self.step():
            at_hq = version_ids(self.replicas[0].store)
            for index in sorted(self.written):
                replica = self.replicas[index]
                assert_sound(replica.store)
                now = version_ids(replica.store)
                removed = replica.held - now
                assert removed <= at_hq, f"{replica.name} removed versions HQ does not hold"
                assert not removed or replica.role is Role.FIELD
                assert not half_removed(self.replicas[0].store, replica.store, removed)
                replica.held = now
            self.written.clear()

    # -- the final round
    def teardown(self) -> None:
        try:
            if self.replicas and not self.busy:
                self.final_round()
        finally:
            for replica in self.replicas:
                replica.store.close()
            shutil.rmtree(self.root, ignore_errors=True)

    def final_round(self) -> None:
        ever = set().union(*(r.held | version_ids(r.store) for r in self.replicas))
        hq, fields = self.replicas[0], self.replicas[1:]
        for member in fields:  # HQ asks every device to give back what it no longer works on
            choice = ScopeChoice.parse(member.scope)
            outside = [c for c in COUNTRIES if not choice.covers(c)]
            set_scope(hq.store, device_id(member.store), remove=outside)
        out = self.root / "final"
        out.mkdir(parents=True, exist_ok=True)
        for i, member in enumerate(fields, start=1):
            bundle = out / f"field-{i}.icati"
            export_bundle(member.store, bundle)
            assert not import_bundle(hq.store, bundle).already_imported
        for i, member in enumerate(fields, start=1):
            central = out / f"central-{i}.icati"
            export_bundle(
                hq.store, central, central=CentralTarget.for_device(device_id(member.store))
            )
            assert import_bundle(member.store, central).removal_waiting == 0
        held = version_ids(hq.store)
        assert ever <= held, f"{len(ever - held)} versions never reached HQ"
        for member in fields:
            expected = entitled_versions(hq.store, device_id(member.store), member.scope)
            assert version_ids(member.store) == expected, f"{member.name} holds not its scope"
            if member.scope == "all" and len(fields) == 1:  # (others' scopes stay at HQ)
                assert digest(member.store) == digest(hq.store)
        for replica in self.replicas:
            assert_sound(replica.store)


@pytest.mark.slow
def test_replicas_converge_after_one_round_through_hq(tmp_path: Path) -> None:
    profile = PROFILES[os.environ.get("HYPOTHESIS_PROFILE", "ci")]
    ConvergenceMachine.template = make_template(tmp_path / "template")
    ConvergenceMachine.workdir = tmp_path
    run_state_machine_as_test(ConvergenceMachine, settings=profile)
