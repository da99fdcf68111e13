"""A USB stick of field bundles for HQ: two experts' bundles and a damaged copy, written in
a known order (Omar's first, then the damaged copy, then Amina's)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from icati_desktop.store.demo import DemoSpec, run_demo
from icati_desktop.store.device import Role
from icati_desktop.store.integrity import state_digest
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.exporter import export_bundle
from tests.sync.network import enrol


@dataclass
class Stick:
    hq: Path
    """HQ's data directory, nothing imported yet."""
    amina: Path
    omar: Path
    damaged: Path

    def hq_copy(self, name: str = "hq") -> Path:
        """A copy of HQ as it was before any import (each test imports into its own)."""
        target = self.hq.parent / f"{name}-copy"
        if not target.exists():
            shutil.copytree(self.hq, target, ignore=shutil.ignore_patterns("logs"))
        return target

    def open_hq(self, name: str = "hq") -> Store:
        return open_store(self.hq_copy(name))


def digest(store: Store) -> str:
    with store.read() as session:
        return state_digest(session)


def _aged(path: Path, seconds_ago: int) -> None:
    stamp = path.stat().st_mtime - seconds_ago
    os.utime(path, (stamp, stamp))


def make_stick(tmp_path: Path) -> Stick:
    hq = open_store(tmp_path / "hq")
    initialise_device(hq, Role.HQ, "ICATI HQ")
    folder = tmp_path / "stick"
    folder.mkdir()
    paths = []
    for seed, name in ((4, "Amina"), (5, "Omar")):
        expert = open_store(tmp_path / name.lower())
        initialise_device(expert, Role.FIELD, name)
        enrol(hq, expert)
        run_demo(expert, DemoSpec(seed=seed, countries=1, meetings=2, action_items=2))
        paths.append(folder / f"{name.lower()}.icati")
        export_bundle(expert, paths[-1])
        expert.close()
    hq.close()
    damaged = folder / "copied-badly.icati"
    damaged.write_bytes(paths[0].read_bytes()[:3000])
    (folder / "notes.txt").write_text("not a bundle")
    # the order they were written: Omar's first, then the damaged copy, then Amina's
    _aged(paths[1], 300)
    _aged(damaged, 200)
    _aged(paths[0], 100)
    return Stick(tmp_path / "hq", paths[0], paths[1], damaged)
