"""Temporary files live in the data directory's private tmp/, and what a dead process left
there is swept at the next start — never what a live one is using."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from icati_desktop.store.opening import open_store
from icati_desktop.store.scratch import Scratch, sweep

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from icati_desktop.store.scratch import Scratch
    scratch = Scratch(Path(sys.argv[1]))
    staging = scratch.new_dir("import-")
    (staging / "bundle.zip").write_bytes(b"decrypted plaintext")
    outside = Path(sys.argv[2])
    scratch.note_outside(outside)
    outside.write_bytes(b"half a bundle")
    print(staging, flush=True)
    time.sleep(60)
    """
)


def _start_holder(data_dir: Path, outside: Path) -> tuple[subprocess.Popen[str], Path]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir), str(outside)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    with holder.stdout:
        return holder, Path(holder.stdout.readline().strip())


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_process_leaves_nothing_after_the_next_start(tmp_path: Path) -> None:
    data_dir, outside = tmp_path / "data", tmp_path / "usb" / ".out.icati.partial"
    outside.parent.mkdir()
    holder, staging = _start_holder(data_dir, outside)
    try:
        assert (staging / "bundle.zip").is_file()
        # Private: only the owner may enter, so nobody else reads a decrypted bundle.
        for folder in (data_dir / "tmp", staging.parent, staging):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert sweep(data_dir) == []  # alive: its files are its own
        assert staging.is_dir()
        assert outside.is_file()
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    store = open_store(data_dir)  # the next start
    try:
        assert not staging.exists()
        assert not outside.exists()
        assert sorted(p.name for p in (data_dir / "tmp").iterdir()) == []
    finally:
        store.close()


def test_a_store_removes_its_own_scratch_space_when_closed(tmp_path: Path) -> None:
    store = open_store(tmp_path / "data")
    work = store.scratch.new_dir("x-")
    (work / "file").write_text("temporary")
    store.close()
    assert list((tmp_path / "data" / "tmp").iterdir()) == []


def test_stray_files_and_the_old_staging_area_are_swept(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "staging" / "abc").mkdir(parents=True)
    (data_dir / "staging" / "abc" / "bundle.zip").write_bytes(b"plaintext")
    (data_dir / "tmp" / "orphan").mkdir(parents=True)
    (data_dir / "tmp" / "stray.partial").write_bytes(b"x")
    live = Scratch(data_dir)
    kept = live.new_dir("live-")
    assert sorted(sweep(data_dir)) == ["orphan", "staging", "stray.partial"]
    assert kept.is_dir()
    live.close()
    assert not kept.exists()


def test_moving_across_file_systems_never_leaves_a_half_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    scratch = Scratch(tmp_path / "data")
    tmp = scratch.new_file("bundle")
    tmp.write_bytes(b"x" * 100_000)
    out = tmp_path / "usb" / "bundle.icati"
    out.parent.mkdir()
    real_replace = Path.replace

    def cross_device(self: Path, target: Path) -> Path:
        if self == tmp:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", cross_device)
    scratch.move_into_place(tmp, out)
    assert out.read_bytes() == b"x" * 100_000
    assert sorted(p.name for p in out.parent.iterdir()) == ["bundle.icati"]
    assert not tmp.exists()
    scratch.close()
