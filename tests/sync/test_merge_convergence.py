"""Devices editing different fields and keys of the same records never conflict and lose
nothing, whatever happens to the bundles; the same field changed on two sides is exactly
one conflict, on exactly that field.

A Hypothesis state machine over 2–5 real replicas (an HQ and 1–4 field devices, each a
SQLite store with its own keys and skewed clock) exchanging real bundles through a
courier that delivers them in any order, twice, or never. HQ creates a meeting, an
assessment and an action item and sends them to everyone; then each device edits only
what is its own in them: one scalar field of the meeting, its own objective (a set
element), its own agenda item, its own two answers (set, changed or cleared), its own
repeat entry and its own progress note. After every step, no replica holds a conflict
and the replicas just written pass ``check_store``. At the end, one round through HQ
must give every replica every device's last edit and the same versions. Then two devices
change the same field (drawn at the start) to different values, and after one more
round every replica lists exactly one conflict, on exactly that path.

Settings: ``HYPOTHESIS_PROFILE=ci`` (default: a few dozen runs, sized for CI on 2 cores)
or ``thorough`` (hundreds, on demand):
``HYPOTHESIS_PROFILE=thorough .venv/bin/python -m pytest tests/sync/test_merge_convergence.py``.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

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

from icati_desktop.domain.action_plans import ActionItem
from icati_desktop.domain.assessments import Assessment
from icati_desktop.domain.base import RecordPayload
from icati_desktop.domain.meetings import Meeting, MeetingFormat, MeetingType
from icati_desktop.domain.merge_rules import merge_spec
from icati_desktop.store.conflicts import list_conflicts
from icati_desktop.store.device import Role
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import VersionRow
from icati_desktop.sync.central_scope import CentralTarget
from icati_desktop.sync.errors import BundleRejected, RejectCode
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.importer import import_bundle
from icati_desktop.versioning.canonical import canonical_json
from icati_desktop.versioning.merge import Path as JsonPath
from icati_desktop.versioning.merge import value_at
from tests.sync.network import device_id, enrol
from tests.sync.test_convergence import (
    DAY_MS,
    MAX_SKEW_MS,
    START_MS,
    assert_sound,
    make_template,
    replica_from_template,
)

_COMMON: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
PROFILES: dict[str, settings] = {
    "ci": settings(settings.default, max_examples=25, stateful_step_count=20, **_COMMON),
    "thorough": settings(settings.default, max_examples=400, stateful_step_count=40, **_COMMON),
}

MEETING_FIELDS = ("title", "subnational_area", "facilitator", "notes", "anonymous_attendee_count")
"""Device i owns field i of the shared meeting."""
WORK = ("field", "objective", "agenda", "answer", "clear", "entry", "progress")
CLASHES = ("field", "agenda", "answer", "entry", "progress")
MODELS: dict[str, type[RecordPayload]] = {
    "meeting": Meeting,
    "assessment": Assessment,
    "action_item": ActionItem,
}
KIND_RECORD = {
    "field": "meeting",
    "objective": "meeting",
    "agenda": "meeting",
    "answer": "assessment",
    "clear": "assessment",
    "entry": "assessment",
    "progress": "action_item",
}


def own_id(device: int, kind: str) -> str:
    """The id of the element a device adds to a list (its agenda item, its entry…)."""
    return str(uuid5(NAMESPACE_URL, f"icati-test:{device}:{kind}"))


def canonical(payload: RecordPayload) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(canonical_json(payload.model_dump(mode="python")))
    return data


def shared_records() -> dict[str, RecordPayload]:
    day = date(2026, 3, 2)
    return {
        "meeting": Meeting(
            title="Steering committee",
            country="KEN",
            held_on=day,
            format=MeetingFormat.HYBRID,
            meeting_type=MeetingType.STRATEGIC,
        ),
        "assessment": Assessment(
            country="KEN", form_id="ati-self-assessment", form_version="1", assessed_on=day
        ),
        "action_item": ActionItem(
            action_plan_id=UUID(int=7, version=4), country="KEN", title="Train prosecutors"
        ),
    }


def changed(
    data: dict[str, Any], device: int, kind: str, n: int
) -> tuple[dict[str, Any], JsonPath]:
    """The payload (JSON) after one device's own edit, and the path it owns there."""
    if kind == "field":
        name = MEETING_FIELDS[device]
        data[name] = n % 90 if name == "anonymous_attendee_count" else f"{name} {device}.{n}"
        return data, (name,)
    if kind == "objective":
        mine = f"objective of {device}: {n}"
        keep = [o for o in data["objectives"] if not o.startswith(f"objective of {device}:")]
        data["objectives"] = [*keep, mine]
        return data, ("objectives",)
    if kind == "agenda":
        key = own_id(device, kind)
        items = [i for i in data["agenda"] if i["id"] != key]
        mine = {"id": key, "title": f"Item of device {device}", "notes": f"{n}"}
        at = next((k for k, i in enumerate(data["agenda"]) if i["id"] == key), len(items))
        data["agenda"] = [*items[:at], mine, *items[at:]]
        return data, ("agenda", key, "notes")
    if kind in ("answer", "clear"):
        key = f"q{device}_{n % 2}"
        if kind == "clear":
            data["answers"].pop(key, None)
        else:
            data["answers"][key] = {"value": {"kind": "score", "value": n % 5}, "note": f"{n}"}
        return data, ("answers", key)
    if kind == "entry":
        key = own_id(device, kind)
        entries = data["repeats"].get("sites", [])
        mine = {"id": key, "answers": {"site": {"value": {"kind": "score", "value": n % 5}}}}
        found = [e["id"] for e in entries]
        data["repeats"]["sites"] = (
            [mine if e["id"] == key else e for e in entries] if key in found else [*entries, mine]
        )
        return data, ("repeats", "sites", key, "answers")
    key = own_id(device, "progress")
    notes = [p for p in data["progress_notes"] if p["id"] != key]
    mine = {"id": key, "noted_on": "2026-03-02", "text": f"note {n}", "author": f"{device}"}
    data["progress_notes"] = [*notes, mine]
    return data, ("progress_notes", key, "text")


@dataclass
class Replica:
    store: Store
    role: Role
    name: str
    imported: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class InFlight:
    path: Path
    central: bool
    recipient: int = 0
    """The replica a central bundle is for: HQ writes each device its own."""


WHO = st.integers(0, 4)
ANY = st.integers(0, 2**16)


class DisjointEditsMachine(RuleBasedStateMachine):
    template: ClassVar[Path]
    workdir: ClassVar[Path]
    _runs: ClassVar[Iterator[int]] = itertools.count()

    def __init__(self) -> None:
        super().__init__()
        self.root = self.workdir / f"run{next(self._runs)}"
        self.wall = START_MS
        self.replicas: list[Replica] = []
        self.in_flight: list[InFlight] = []
        self.records: dict[str, str] = {}
        self.expected: dict[tuple[str, JsonPath], Any] = {}
        self.objectives: dict[int, str] = {}
        self.written: set[int] = set()
        self.busy = False
        self.bundles = itertools.count()
        self.clash: tuple[int, int, str] = (0, 1, "field")

    @initialize(
        devices=st.integers(2, 5),
        skews=st.lists(st.integers(-MAX_SKEW_MS, MAX_SKEW_MS), min_size=5, max_size=5),
        clash=st.tuples(st.integers(0, 4), st.integers(0, 3), st.sampled_from(CLASHES)),
    )
    def build_network(self, devices: int, skews: list[int], clash: tuple[int, int, str]) -> None:
        with self.step():
            for i in range(devices):
                role = Role.HQ if i == 0 else Role.FIELD
                name = "HQ" if i == 0 else f"Field {i}"
                store = replica_from_template(
                    self.template, self.root / f"r{i}", role, name, self.clock(skews[i])
                )
                self.replicas.append(Replica(store, role, name))
            hq = self.replicas[0].store
            for member in self.replicas[1:]:
                enrol(hq, member.store)
            for kind, payload in shared_records().items():
                self.records[kind] = RecordService(hq).create(payload).record_id
            for i, member in enumerate(self.replicas[1:], start=1):
                central = self.root / f"start-{i}.icati"
                export_bundle(
                    hq, central, central=CentralTarget.for_device(device_id(member.store))
                )
                import_bundle(member.store, central)
            owner = clash[0] % devices
            self.clash = (owner, (owner + 1 + clash[1] % (devices - 1)) % devices, clash[2])
            self.written.update(range(devices))

    def clock(self, skew: int) -> Callable[[], int]:
        return lambda: self.wall + skew

    @contextmanager
    def step(self) -> Iterator[None]:
        self.busy = True
        yield
        self.busy = False

    def edit(self, index: int, kind: str, n: int) -> tuple[str, JsonPath, dict[str, Any]]:
        """One device's own edit, through the service the app uses."""
        record_type = KIND_RECORD[kind]
        model = MODELS[record_type]
        service = RecordService(self.replicas[index].store)
        shown = service.get(model, self.records[record_type])
        assert not shown.in_conflict
        data, path = changed(canonical(shown.payload), index, kind, n)
        written = service.update(shown.record_id, model.model_validate(data))
        assert written.leaves == (written.version_id,)  # based on the merge of every leaf
        return record_type, path, canonical(written.payload)

    @rule(who=WHO, kind=st.sampled_from(WORK), n=ANY)
    def own_edit(self, who: int, kind: str, n: int) -> None:
        index = who % len(self.replicas)
        with self.step():
            record_type, path, payload = self.edit(index, kind, n)
        spec = merge_spec(MODELS[record_type])
        if kind == "objective":
            self.objectives[index] = payload["objectives"][-1]
        else:
            self.expected[(record_type, path)] = value_at(spec, payload, path)
        self.written.add(index)

    @rule(ms=st.integers(0, DAY_MS))
    def time_passes(self, ms: int) -> None:
        self.wall += ms

    @rule(who=WHO, to=WHO)
    def export(self, who: int, to: int) -> None:
        replica = self.replicas[who % len(self.replicas)]
        path = self.root / "pool" / f"bundle-{next(self.bundles)}.icati"
        path.parent.mkdir(exist_ok=True)
        recipient = 1 + to % (len(self.replicas) - 1)
        central = None
        if replica.role is Role.HQ:
            central = CentralTarget.for_device(device_id(self.replicas[recipient].store))
        with self.step():
            export_bundle(replica.store, path, central=central)
        self.in_flight.append(InFlight(path, replica.role is Role.HQ, recipient))

    @precondition(lambda self: bool(self.in_flight))
    @rule(which=ANY, to=WHO, fate=st.sampled_from(["deliver", "deliver and keep", "drop"]))
    def courier(self, which: int, to: int, fate: str) -> None:
        bundle = self.in_flight[which % len(self.in_flight)]
        if fate != "deliver and keep":
            self.in_flight.remove(bundle)
        if fate == "drop":
            return
        index = bundle.recipient if bundle.central else 0
        target = self.replicas[index]
        with self.step():
            try:
                import_bundle(target.store, bundle.path)
                refused = None
            except BundleRejected as exc:
                refused = exc.code
        # The only refusal a lossy, reordering courier causes: an older central bundle.
        assert refused in (None, RejectCode.ROLLBACK)
        self.written.add(index)

    @invariant()
    def no_conflict_and_sound(self) -> None:
        with self.step():
            for index in sorted(self.written):
                store = self.replicas[index].store
                assert list_conflicts(store) == [], self.replicas[index].name
                assert_sound(store)
            self.written.clear()

    # -- the end
    def teardown(self) -> None:
        try:
            if self.replicas and not self.busy:
                self.round("final")
                self.check_every_edit_everywhere()
                self.check_one_clash()
        finally:
            for replica in self.replicas:
                replica.store.close()
            shutil.rmtree(self.root, ignore_errors=True)

    def round(self, name: str) -> None:
        out = self.root / name
        out.mkdir(parents=True, exist_ok=True)
        hq, fields = self.replicas[0], self.replicas[1:]
        for i, member in enumerate(fields):
            bundle = out / f"field-{i}.icati"
            export_bundle(member.store, bundle)
            import_bundle(hq.store, bundle)
        for i, member in enumerate(fields):
            central = out / f"central-{i}.icati"
            export_bundle(
                hq.store, central, central=CentralTarget.for_device(device_id(member.store))
            )
            import_bundle(member.store, central)

    def shown(self, replica: Replica, record_type: str) -> dict[str, Any]:
        model = MODELS[record_type]
        return canonical(RecordService(replica.store).get(model, self.records[record_type]).payload)

    def check_every_edit_everywhere(self) -> None:
        for replica in self.replicas:
            assert list_conflicts(replica.store) == [], replica.name
            assert_sound(replica.store)
            payloads = {t: self.shown(replica, t) for t in MODELS}
            for (record_type, path), value in self.expected.items():
                spec = merge_spec(MODELS[record_type])
                found = value_at(spec, payloads[record_type], path)
                assert found == value, (replica.name, record_type, path, found, value)
            assert sorted(payloads["meeting"]["objectives"]) == sorted(self.objectives.values())
        assert len({self.shared_state(r.store) for r in self.replicas}) == 1

    def check_one_clash(self) -> None:
        """Two devices change the same path to different values: one conflict, that path."""
        owner, other, kind = self.clash
        record_type = KIND_RECORD[kind]
        model = MODELS[record_type]
        path: JsonPath = ()
        for index, variant in ((owner, 1), (other, 2)):
            service = RecordService(self.replicas[index].store)
            shown = service.get(model, self.records[record_type])
            data, path = clashing(canonical(shown.payload), owner, kind, variant)
            service.update(shown.record_id, model.model_validate(data))
        self.round("clash")
        for replica in self.replicas:
            [conflict] = list_conflicts(replica.store)
            assert conflict.record_id == self.records[record_type]
            assert [tuple(p.path) for p in conflict.paths] == [path], replica.name
            [where] = conflict.paths
            assert sorted(v.version_id for v in where.values if v.changed) == sorted(
                leaf.version_id for leaf in conflict.leaves
            )
        assert len({self.shared_state(r.store) for r in self.replicas}) == 1

    def shared_state(self, store: Store) -> tuple[tuple[str, ...], ...]:
        """The shared records' versions and leaves on one replica. (Not the whole-store
        digest: each field device holds only its own scope record, so stores differ.)"""
        ids = sorted(str(i) for i in self.records.values())
        with store.read() as session:
            rows = session.execute(
                select(VersionRow.record_id, VersionRow.version_id).where(
                    VersionRow.record_id.in_(ids)
                )
            ).all()
        return tuple(sorted((str(r), str(v)) for r, v in rows))


def clashing(
    data: dict[str, Any], owner: int, kind: str, variant: int
) -> tuple[dict[str, Any], JsonPath]:
    """The payload with ``owner``'s slot set to a value only ``variant`` writes."""
    text = f"clash {variant}"
    if kind == "field":
        name = MEETING_FIELDS[owner]
        data[name] = 100 + variant if name == "anonymous_attendee_count" else text
        return data, (name,)
    if kind == "answer":
        key = f"q{owner}_0"
        answer = data["answers"].get(key, {})
        data["answers"][key] = {**answer, "value": {"kind": "text", "value": text}}
        return data, ("answers", key, "value")
    key = own_id(owner, kind)
    if kind == "agenda":
        items = [i for i in data["agenda"] if i["id"] != key]
        data["agenda"] = [*items, {"id": key, "title": f"Item of device {owner}", "notes": text}]
        return data, ("agenda", key, "notes")
    if kind == "entry":
        entries = [e for e in data["repeats"].get("sites", []) if e["id"] != key]
        mine = {"id": key, "answers": {"site": {"value": {"kind": "text", "value": text}}}}
        data["repeats"]["sites"] = [*entries, mine]
        return data, ("repeats", "sites", key, "answers", "site", "value")
    notes = [p for p in data["progress_notes"] if p["id"] != key]
    mine = {"id": key, "noted_on": "2026-03-02", "text": text, "author": f"{owner}"}
    data["progress_notes"] = [*notes, mine]
    return data, ("progress_notes", key, "text")


@pytest.mark.slow
def test_disjoint_edits_converge_and_a_shared_field_is_one_conflict(tmp_path: Path) -> None:
    profile = PROFILES[os.environ.get("HYPOTHESIS_PROFILE", "ci")]
    DisjointEditsMachine.template = make_template(tmp_path / "template")
    DisjointEditsMachine.workdir = tmp_path
    run_state_machine_as_test(DisjointEditsMachine, settings=profile)
