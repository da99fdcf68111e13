"""Import streams a bundle: memory stays flat when the bundle grows fourfold.

A central bundle of N versions and one of 4N are each imported by a fresh field device
under ``tracemalloc``. If the importer held the bundle (or its versions) in memory, the
larger import's peak would be about four times the smaller one's and at least the size of
its uncompressed versions files; streamed in batches, it is about the same as the smaller.
(The 100k-version timing is ``bench/bench_import_100k.py``.)
"""

from __future__ import annotations

import gc
import tracemalloc
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.central_scope import CentralTarget
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.importer import import_bundle
from icati_desktop.sync.manifest import VERSIONS_DIR
from tests.sync.network import enrol
from tests.sync.synthetic import publish_resources

N = 4_000


def versions_bytes(bundle: Path) -> int:
    """Uncompressed size of the bundle's versions files."""
    with zipfile.ZipFile(bundle) as zf:
        return sum(i.file_size for i in zf.infolist() if i.filename.startswith(VERSIONS_DIR))


@dataclass
class Bundles:
    small: Path
    large: Path
    hq: Store


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bundles]:
    root = tmp_path_factory.mktemp("streaming")
    hq = open_store(root / "hq")
    initialise_device(hq, Role.HQ, "ICATI HQ")
    publish_resources(hq, 0, N)
    small = root / "small.icati"
    content = CentralTarget.content_only()  # unencrypted, so its zip can be measured
    assert export_bundle(hq, small, central=content).counts["resource"] >= N
    publish_resources(hq, N, 3 * N)
    large = root / "large.icati"
    assert export_bundle(hq, large, central=content).counts["resource"] >= 4 * N
    yield Bundles(small, large, hq)
    hq.close()


def traced_import(bundles: Bundles, bundle: Path, where: Path) -> tuple[int, int]:
    """(versions added, peak traced bytes) of importing ``bundle`` into a new field device."""
    device = open_store(where)
    try:
        initialise_device(device, Role.FIELD, where.name)
        enrol(bundles.hq, device)
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            result = import_bundle(device, bundle)
            peak = tracemalloc.get_traced_memory()[1] - before
        finally:
            tracemalloc.stop()
        return result.versions_added, peak
    finally:
        device.close()


@pytest.mark.slow
def test_import_memory_does_not_grow_with_the_bundle(bundles: Bundles, tmp_path: Path) -> None:
    added_small, peak_small = traced_import(bundles, bundles.small, tmp_path / "small")
    added_large, peak_large = traced_import(bundles, bundles.large, tmp_path / "large")
    assert added_large - added_small == 3 * N
    raw = versions_bytes(bundles.large)
    mib = 1024 * 1024
    report = (
        f"peak {peak_small / mib:.1f} MiB for {added_small} versions, "
        f"{peak_large / mib:.1f} MiB for {added_large}; "
        f"the larger bundle's versions files hold {raw / mib:.1f} MiB"
    )
    assert peak_large < 2 * peak_small, report
    assert peak_large < raw, report
