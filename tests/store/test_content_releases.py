"""Two (and three) real content releases built from the repository's content.

Release N is the content the app ships; N+1 and N+2 are copies prepared the way a
content editor does it (``tools/build_content_release.py next``, then edit the files).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from icati_desktop import paths
from icati_desktop.domain.default_content import ContentError, load_resources
from icati_desktop.domain.library import Resource
from icati_desktop.store.content import (
    RELEASE_SETTING,
    content_release,
    load_default_content,
    release_versions,
    upgrade_default_content,
)
from icati_desktop.store.content_release import (
    build_directory,
    read_history,
    release_changes,
    start_next_release,
)
from icati_desktop.store.device import Role
from icati_desktop.store.integrity import check_store, state_digest
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordRow, SettingRow, VersionRow
from icati_desktop.sync.device_setup import initialise_device
from tests.store.helpers import deliver
from tools.build_content_release import main as release_tool

Edit = Callable[[Path], None]


def _library(directory: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((directory / "library.json").read_text("utf-8"))
    return data


def _save_library(directory: Path, entries: list[dict[str, Any]]) -> None:
    text = json.dumps(entries, indent=2, ensure_ascii=False)
    (directory / "library.json").write_text(text, "utf-8")


def _key_id(directory: Path, key: str) -> str:
    entries = _library(directory)
    index = next(i for i, e in enumerate(entries) if e["key"] == key)
    return str(load_resources(directory)[index][0])


def next_release(source: Path, target: Path, name: str, published: str, edit: Edit) -> Path:
    shutil.copytree(source, target)
    assert release_tool(["next", name, published, "--content", str(target)]) == 0
    edit(target)
    return target


class Releases:
    def __init__(self, root: Path) -> None:
        self.n = root / "n"
        shutil.copytree(paths.resource("content"), self.n)
        entries = _library(self.n)
        self.changed_key, self.removed_key, self.twice_key = (e["key"] for e in entries[:3])
        self.changed = _key_id(self.n, self.changed_key)
        self.removed = _key_id(self.n, self.removed_key)
        self.twice = _key_id(self.n, self.twice_key)
        self.n1 = next_release(self.n, root / "n1", "2027.05", "2027-05-01T00:00:00Z", self._n1)
        self.n2 = next_release(self.n1, root / "n2", "2027.11", "2027-11-01T00:00:00Z", self._n2)

    def _n1(self, directory: Path) -> None:
        entries = _library(directory)
        for entry in entries:
            if entry["key"] in (self.changed_key, self.twice_key):
                entry["summary"] = {"en": f"Updated in 2027.05: {entry['key']}"}
        entries = [e for e in entries if e["key"] != self.removed_key]
        entries.append(
            {"key": "new-in-2027", "title": {"en": "New in 2027.05"}, "resource_type": "guide"}
        )
        _save_library(directory, entries)

    def _n2(self, directory: Path) -> None:
        entries = _library(directory)
        for entry in entries:
            if entry["key"] == self.twice_key:
                entry["summary"] = {"en": "Updated again in 2027.11"}
        _save_library(directory, entries)


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Releases:
    return Releases(tmp_path_factory.mktemp("releases"))


@pytest.fixture
def device(tmp_path: Path) -> Callable[..., Store]:
    opened: list[Store] = []

    def make(role: Role = Role.FIELD, content: Path | None = None) -> Store:
        store = open_store(tmp_path / f"device{len(opened)}")
        opened.append(store)
        initialise_device(store, role, f"Device {len(opened)}", content)
        return store

    yield make  # type: ignore[misc]
    for store in opened:
        store.close()


def _state(store: Store) -> dict[str, tuple[str, bool, int, bool]]:
    with store.read() as session:
        return {
            row.record_id: (row.winner_version_id, row.deleted, row.leaf_count, row.in_conflict)
            for row in session.scalars(select(RecordRow))
        }


def _digest(store: Store) -> str:
    with store.read() as session:
        return state_digest(session)


def _content(store: Store) -> dict[str, str]:
    """Each reference record and the version it shows (a device's own scope record and
    the other devices' scopes differ by design, so whole-store digests would too)."""
    with store.read() as session:
        rows = session.execute(
            text(
                "SELECT record_id, winner_version_id FROM records WHERE record_type IN "
                "('resource', 'form_definition', 'organisation', 'initiative')"
            )
        )
        return {str(r): str(v) for r, v in rows}


def _summary(store: Store, record_id: str) -> dict[str, str]:
    return RecordService(store).get(Resource, record_id).payload.summary


def test_the_shipped_release_is_release_n(releases: Releases) -> None:
    assert release_versions(releases.n) == release_versions(paths.resource("content"))
    assert content_release()[0] == "2026.11"
    assert read_history(releases.n1)[-1].release.name == "2026.11"


def test_a_release_with_no_content_change_keeps_every_version(
    releases: Releases, tmp_path: Path
) -> None:
    same = next_release(releases.n, tmp_path / "same", "2027.01", "2027-01-01T00:00:00Z", str)
    before = {v.record_id: v.version_id for v in build_directory(releases.n)}
    after = {v.record_id: v.version_id for v in build_directory(same)}
    assert after == before
    changes = release_changes(same)
    assert (changes.kept, changes.changed, changes.added, changes.removed) == (290, [], [], [])


def test_release_n1_updates_a_device_at_n_without_a_conflict(
    releases: Releases, device: Callable[..., Store]
) -> None:
    store = device()
    before = _state(store)
    assert upgrade_default_content(store, releases.n1)
    after = _state(store)
    assert not any(conflict for _w, _d, _n, conflict in after.values())
    assert _summary(store, releases.changed)["en"].startswith("Updated in 2027.05")
    unchanged = [rid for rid in before if rid not in (releases.changed, releases.removed)]
    unchanged.remove(releases.twice)
    assert all(after[rid] == before[rid] for rid in unchanged)
    winner, deleted, leaves, _ = after[releases.removed]
    assert deleted
    assert leaves == 1
    with store.read() as session:
        tombstone = session.get(RecordRow, releases.removed)
        assert tombstone is not None
        parents = session.scalar(select(VersionRow.parents).where(VersionRow.version_id == winner))
        assert json.loads(parents or "[]") == [before[releases.removed][0]]
        setting = session.get(SettingRow, RELEASE_SETTING)
        assert setting is not None
        assert setting.value == "2027.05"
        assert check_store(session) == []
    service = RecordService(store)
    titles = [service.get(Resource, rid).payload.title["en"] for rid in service.ids("resource")]
    assert "New in 2027.05" in titles
    assert not upgrade_default_content(store, releases.n1), "a second upgrade is a no-op"


def test_every_device_builds_the_same_release_and_fresh_equals_upgraded(
    releases: Releases, device: Callable[..., Store]
) -> None:
    upgraded = device()
    upgrade_default_content(upgraded, releases.n1)
    fresh = device(content=releases.n1)
    assert _digest(fresh) == _digest(upgraded)
    assert release_versions(releases.n1) == build_directory(releases.n1)


def test_a_device_that_skipped_a_release_upgrades_cleanly_and_devices_converge(
    releases: Releases, device: Callable[..., Store]
) -> None:
    step_by_step, skipping = device(), device()
    upgrade_default_content(step_by_step, releases.n1)
    upgrade_default_content(step_by_step, releases.n2)
    assert upgrade_default_content(skipping, releases.n2)
    for store in (step_by_step, skipping):
        state = _state(store)
        assert not any(conflict for _w, _d, _n, conflict in state.values())
        assert state[releases.twice][2] == 1, "the record changed twice has one leaf"
        assert _summary(store, releases.twice) == {"en": "Updated again in 2027.11"}
    assert _digest(step_by_step) == _digest(skipping)
    deliver(step_by_step, skipping)  # the intermediate release arrives later, e.g. from HQ
    deliver(skipping, step_by_step)
    assert _digest(step_by_step) == _digest(skipping)
    assert not any(c for _w, _d, _n, c in _state(skipping).values())


def test_a_release_reaches_a_device_through_a_central_bundle(
    releases: Releases, device: Callable[..., Store], tmp_path: Path
) -> None:
    from icati_desktop.sync.central_scope import CentralTarget
    from icati_desktop.sync.exporter import export_bundle
    from icati_desktop.sync.importer import import_bundle
    from tests.sync.network import device_id, enrol

    hq, field = device(Role.HQ), device(Role.FIELD)
    enrol(hq, field)
    upgrade_default_content(hq, releases.n1)
    bundle = tmp_path / "central.icati"
    export_bundle(hq, bundle, central=CentralTarget.for_device(device_id(field)))
    result = import_bundle(field, bundle)
    assert sum(c["conflicts_opened"] for c in result.changes.values()) == 0
    assert result.changes["resource"]["updated"] == 2
    assert result.changes["resource"]["deleted"] == 1
    assert _content(field) == _content(hq)
    assert upgrade_default_content(field, releases.n1)  # the app upgrade later adds nothing
    assert _content(field) == _content(hq)


def test_opening_a_store_with_a_newer_app_upgrades_it_and_an_unknown_release_is_left_alone(
    releases: Releases, device: Callable[..., Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = device()
    directory = store.data_dir
    store.close()
    monkeypatch.setattr("icati_desktop.store.content.content_dir", lambda: releases.n1)
    reopened = open_store(directory)
    try:
        assert _summary(reopened, releases.changed)["en"].startswith("Updated in 2027.05")
        with reopened.write() as tx:
            tx.session.merge(SettingRow(key=RELEASE_SETTING, value="2099.01"))
        assert not upgrade_default_content(reopened, releases.n2)
    finally:
        reopened.close()


def test_hq_edits_to_a_default_record_stay_when_the_release_does_not_touch_it(
    releases: Releases, device: Callable[..., Store]
) -> None:
    hq = device(Role.HQ)
    service = RecordService(hq)
    untouched = next(
        rid
        for rid in service.ids("resource")
        if rid not in (releases.changed, releases.removed, releases.twice)
    )
    edited = service.get(Resource, untouched).payload.model_copy(update={"publisher": "HQ"})
    service.update(untouched, Resource.model_validate(edited.model_dump()))
    upgrade_default_content(hq, releases.n1)
    view = service.get(Resource, untouched)
    assert view.payload.publisher == "HQ"
    assert not view.in_conflict


def test_hq_edits_a_default_title_then_the_release_changes_its_summary_both_survive(
    releases: Releases, device: Callable[..., Store]
) -> None:
    hq = device(Role.HQ)
    service = RecordService(hq)
    resource = service.get(Resource, releases.changed).payload
    title = {**resource.title, "en": "HQ's own title"}
    service.update(releases.changed, resource.model_copy(update={"title": title}))
    upgrade_default_content(hq, releases.n1)
    view = service.get(Resource, releases.changed)
    assert not view.in_conflict
    assert view.payload.title["en"] == "HQ's own title"
    assert view.payload.summary["en"].startswith("Updated in 2027.05")


def test_a_bad_release_is_refused_with_a_clear_line(releases: Releases, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(releases.n1, copy)
    with pytest.raises(ContentError, match="published after"):
        start_next_release(copy, "2026.12", "2026-12-01T00:00:00Z")
    assert release_tool(["next", "2026.12", "2026-12-01T00:00:00Z", "--content", str(copy)]) == 1
    (copy / "release.json").write_text(
        json.dumps({"release": "2026.10", "published": "2026-10-01T00:00:00Z"}), "utf-8"
    )
    (copy / "release.json").write_text(
        json.dumps({"release": "2026.10", "published": "2026-10-01T00:00:00Z"}), "utf-8"
    )
    with pytest.raises(ContentError, match="must be published after"):
        build_directory(copy)


def test_load_default_content_is_idempotent(device: Callable[..., Store]) -> None:
    store = device()
    digest = _digest(store)
    with store.write() as tx:
        assert load_default_content(tx.session) == {}
    assert _digest(store) == digest
