"""HQ imports a stick full of bundles at once: each on its own, oldest first; a refused
one changes nothing and the others go on; Cancel and a full disk stop the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icati_desktop.cli import main
from icati_desktop.store.store import Store
from icati_desktop.sync import batch_import
from icati_desktop.sync.batch_import import bundle_files, import_bundles
from icati_desktop.sync.errors import BundleRejected, RejectCode
from icati_desktop.sync.importer import import_bundle
from tests.sync.stick import Stick, digest, make_stick


@pytest.fixture
def stick(tmp_path: Path) -> Stick:
    return make_stick(tmp_path)


def test_a_folder_is_its_bundles_oldest_first_each_once(stick: Stick) -> None:
    folder = stick.amina.parent
    files = bundle_files([folder, stick.amina, folder / ".." / "stick" / "omar.icati"])
    assert [f.name for f in files] == ["omar.icati", "copied-badly.icati", "amina.icati"]


def test_a_refused_bundle_changes_nothing_and_the_others_are_imported(stick: Stick) -> None:
    store = stick.open_hq()
    seen: list[tuple[int, int]] = []
    try:
        run = import_bundles(
            store, bundle_files([stick.amina.parent]), progress=lambda d, t: seen.append((d, t))
        )
        batch_digest = digest(store)
    finally:
        store.close()
    assert [o.file.name for o in run.bundles] == ["omar.icati", "copied-badly.icati", "amina.icati"]
    omar, damaged, amina = run.bundles
    assert omar.result is not None
    assert omar.result.source.name == "Omar"
    assert amina.result is not None
    assert amina.result.versions_added > 0
    assert damaged.result is None
    assert damaged.code is not None
    assert damaged.message
    assert run.stopped is None
    assert not run.not_started
    assert not run.complete
    assert len(run.imported) == 2
    assert [o.file for o in run.refused] == [stick.damaged]
    assert seen[-1] == (3 * batch_import.STEPS_PER_BUNDLE, 3 * batch_import.STEPS_PER_BUNDLE)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    # the same store as importing the two good bundles one by one
    one_by_one = stick.open_hq("one-by-one")
    try:
        import_bundle(one_by_one, stick.omar)
        import_bundle(one_by_one, stick.amina)
        assert digest(one_by_one) == batch_digest
    finally:
        one_by_one.close()


def test_a_second_run_finds_everything_imported_before(stick: Stick) -> None:
    store = stick.open_hq()
    try:
        import_bundles(store, [stick.omar, stick.amina])
        again = import_bundles(store, [stick.omar, stick.amina])
    finally:
        store.close()
    assert again.complete
    assert again.already_imported == 2
    assert not again.imported


def test_cancel_keeps_what_was_imported_and_starts_nothing_more(stick: Stick) -> None:
    store = stick.open_hq()
    calls = 0

    def cancelled() -> bool:  # asked before each bundle (and between batches of 1,000 lines)
        nonlocal calls
        calls += 1
        return calls > 1

    try:
        run = import_bundles(store, [stick.omar, stick.amina], cancelled=cancelled)
        after_first = digest(store)
    finally:
        store.close()
    assert run.stopped is RejectCode.CANCELLED
    assert [o.file for o in run.bundles if o.result] == [stick.omar]
    assert run.not_started == [stick.amina]
    assert not run.complete
    only_omar = stick.open_hq("only-omar")
    try:
        import_bundle(only_omar, stick.omar)
        assert digest(only_omar) == after_first
    finally:
        only_omar.close()


def test_a_full_disk_stops_the_run(stick: Stick, monkeypatch: pytest.MonkeyPatch) -> None:
    real = batch_import.import_bundle
    full = BundleRejected(RejectCode.DISK_FULL, "the disk is full — nothing was imported")

    def import_one(store: Store, path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
        if path == stick.damaged:
            raise full
        return real(store, path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch_import, "import_bundle", import_one)
    store = stick.open_hq()
    try:
        run = import_bundles(store, bundle_files([stick.amina.parent]))
    finally:
        store.close()
    assert run.stopped is RejectCode.DISK_FULL
    assert [o.file.name for o in run.bundles] == ["omar.icati", "copied-badly.icati"]
    assert run.not_started == [stick.amina]


def _icati(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.startswith("{") else {}, out + err


def test_the_command_imports_a_folder_and_reports_each_bundle(
    stick: Stick, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(stick.hq_copy())
    code, _data, text = _icati(
        capsys, "--data-dir", data, "bundle", "import", str(stick.amina.parent)
    )
    assert code == 1  # one bundle was refused
    lines = text.splitlines()
    assert lines[0].startswith("omar.icati: field bundle 1 from Omar: added ")
    refused = next(line for line in lines if line.startswith("copied-badly.icati"))
    assert "refused (" in refused
    assert lines[-1] == "2 bundles imported, 0 already imported, 1 refused, 0 not started"
    code, data_json, _text = _icati(
        capsys, "--data-dir", data, "--json", "bundle", "import", str(stick.omar), str(stick.amina)
    )
    assert code == 0
    assert data_json["ok"] is True
    assert [b["result"]["already_imported"] for b in data_json["bundles"]] == [True, True]
    assert data_json["stopped"] is None
    assert data_json["not_started"] == []


def test_the_command_says_when_a_folder_holds_no_bundle(
    stick: Stick, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    data = str(stick.hq_copy())
    code, _data, text = _icati(capsys, "--data-dir", data, "bundle", "import", str(empty))
    assert code != 0
    assert text.strip().splitlines() == [
        f"icati: no .icati file in {empty}: give bundle files, or a folder that holds them"
    ]
