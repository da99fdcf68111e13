"""Bundle fuzzing: real bundles mutated — a value in a version line or the manifest replaced,
a key dropped, a line doubled or lost, bytes flipped — then re-signed with the sender's
(stolen) keys, so the importer must judge the content itself. Every import ends either
accepted or refused with a ``BundleRejected``: no other exception, no hang over 10 s, and
after a refusal the store is exactly as before.

Hypothesis draws 60 mutated bundles in CI; ``ICATI_FAULT_RUNS=full`` draws 1,000.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icati_desktop.store.integrity import state_digest
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.errors import BundleRejected
from icati_desktop.sync.identity import load_age_identity_if_any, load_device_keys
from icati_desktop.sync.importer import import_bundle
from icati_desktop.versioning.canonical import CanonicalEncodingError, canonical_bytes
from tests.faults.world import FULL, World, build_world, copy_dir
from tests.sync import forge
from tests.sync.forge import Parts

EXAMPLES = 1_000 if FULL else 60
HANG = 10.0

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=24),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)


def _bytes_of(value: Any) -> bytes:
    try:
        return canonical_bytes(value)
    except CanonicalEncodingError:  # a float, say: written anyway, as a forger would
        return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def _set_lines(parts: Parts, name: str, lines: list[dict[str, Any]]) -> None:
    parts.set(name, b"".join(_bytes_of(line) + b"\n" for line in lines))


@st.composite
def mutation(draw: st.DrawFn, parts: Parts) -> str:
    """Apply one mutation to ``parts``; returns what it did (for the failure report)."""
    files = parts.versions_files()
    kind = draw(
        st.sampled_from(["line", "payload", "drop_key", "manifest", "flip", "double", "lose"])
    )
    if kind == "manifest":
        manifest = parts.manifest
        key = draw(st.sampled_from(sorted(set(manifest) - {"files"})))
        manifest[key] = draw(JSON)
        parts.set("manifest.json", _bytes_of(manifest))
        return f"manifest {key}"
    name = draw(st.sampled_from(files))
    if kind == "flip":
        data = bytearray(parts.get(name))
        where = draw(st.integers(0, len(data) - 1))
        data[where] = draw(st.integers(0, 255))
        parts.set(name, bytes(data))
        return f"flip {name}@{where}"
    try:
        lines = parts.lines(name)
    except ValueError:  # bytes flipped by an earlier mutation: no lines to edit any more
        return f"skipped {kind} {name}"
    if not lines:
        return f"skipped {kind} {name}"
    index = draw(st.integers(0, len(lines) - 1))
    line = lines[index]
    if kind == "double":
        lines.insert(index, dict(line))
    elif kind == "lose":
        del lines[index]
    elif kind == "drop_key":
        del line[draw(st.sampled_from(sorted(line)))]
    elif kind == "payload" and isinstance(line.get("payload"), dict) and line["payload"]:
        key = draw(st.sampled_from(sorted(line["payload"])))
        line["payload"][key] = draw(JSON)
        if draw(st.booleans()):
            lines[index] = forge.rehash(line) if _hashable(line) else line
    else:
        key = draw(st.sampled_from(sorted(line)))
        line[key] = draw(JSON)
        if draw(st.booleans()) and _hashable(line):
            lines[index] = forge.rehash(line)
    _set_lines(parts, name, lines)
    return f"{kind} {name}:{index}"


def _hashable(line: dict[str, Any]) -> bool:
    try:
        forge.rehash(line)
    except Exception:
        return False
    return True


@pytest.fixture(scope="module")
def setting(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[World, Store, Parts, Path]]:
    root = tmp_path_factory.mktemp("fuzz")
    world = build_world(root, meetings=4, items=4)
    store = open_store(copy_dir(world.hq, root / "importer"))
    identity = load_age_identity_if_any(world.hq / "keys")
    try:
        yield world, store, forge.unpack(world.bundle, identity), root / "incoming"
    finally:
        store.close()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not FULL,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_a_mutated_bundle_is_imported_or_refused_and_changes_nothing(
    setting: tuple[World, Store, Parts, Path], data: st.DataObject
) -> None:
    world, store, original, incoming = setting
    parts = Parts([forge.Member(m.name, m.data, m.info) for m in original.members])
    done = [data.draw(mutation(parts)) for _ in range(data.draw(st.integers(1, 3)))]
    keys = load_device_keys(world.field / "keys")

    def fresh_id(manifest: dict[str, Any]) -> None:
        if isinstance(manifest, dict):
            manifest["bundle_id"] = str(uuid4())  # never "already imported"

    try:
        forge.resign(parts, keys, fresh_id, canonical=_bytes_of)
    except (KeyError, TypeError, AttributeError, ValueError):
        forge.resign(parts, keys, fresh_id, refresh=False, canonical=_bytes_of)
    hq_keys = load_device_keys(world.hq / "keys")
    incoming.mkdir(exist_ok=True)
    bundle = incoming / "fuzzed.icati"
    bundle.write_bytes(forge.seal(forge.zip_bytes(parts), hq_keys.age.recipient))
    with store.read() as session:
        before = state_digest(session)
    start = time.perf_counter()
    try:
        import_bundle(store, bundle)
    except BundleRejected:
        with store.read() as session:
            assert state_digest(session) == before, done
    finally:
        assert time.perf_counter() - start < HANG, done
    assert list(store.scratch.path.iterdir()) == [], done
