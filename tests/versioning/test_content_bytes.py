"""A version's content bytes, assembled around its canonical payload text, are exactly the
canonical encoding of its content: ids stay the same however they are computed."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from icati_desktop.versioning.canonical import canonical_bytes, canonical_json
from icati_desktop.versioning.hlc import Timestamp
from icati_desktop.versioning.version import content_bytes, content_of, make_version

TEXT = st.text(max_size=12)  # any code points: NFC normalisation and escapes included
PAYLOAD = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=10,
)


@given(
    record_type=TEXT,
    record_id=TEXT,
    parents=st.lists(st.text(alphabet="0123456789abcdef", min_size=64, max_size=64), max_size=3),
    ms=st.integers(0, 2**63 - 1),
    counter=st.integers(0, 2**63 - 1),
    origin=TEXT,
    deleted=st.booleans(),
    payload=PAYLOAD,
)
def test_assembled_bytes_equal_the_canonical_encoding(
    record_type: str,
    record_id: str,
    parents: list[str],
    ms: int,
    counter: int,
    origin: str,
    deleted: bool,
    payload: object,
) -> None:
    hlc = Timestamp(ms, counter)
    try:
        payload_json = canonical_json(payload)
    except ValueError:  # e.g. keys equal after NFC: no canonical form, nothing to compare
        return
    content = content_of(
        record_type,
        record_id,
        tuple(sorted(parents)),
        hlc,
        origin,
        deleted,
        json.loads(payload_json),
    )
    assert content_bytes(
        record_type, record_id, parents, hlc, origin, deleted, payload_json
    ) == canonical_bytes(content)


def test_make_version_ids_verify() -> None:
    version = make_version(
        record_type="meeting",
        record_id="r1",
        parents=["b" * 64, "a" * 64],
        hlc=Timestamp(5, 1),
        origin="o",
        deleted=False,
        payload={"title": "Réunion", "n": 3},
    )
    version.verify()
    assert version.parents == ("a" * 64, "b" * 64)
