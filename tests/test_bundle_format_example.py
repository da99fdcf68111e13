"""docs/bundle-format.md is precise enough: its example writer makes bundles the app accepts.

``docs/examples/write_central_bundle.py`` does not import ICATI Desktop; it implements
canonical JSON, version ids, the manifest and the signature from the document alone. A
field device that trusts HQ must accept what it writes with HQ's key.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import select

from icati_desktop.domain.library import Resource
from icati_desktop.domain.network import NetworkEvent
from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import VersionRow
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.errors import BundleRejected, RejectCode
from icati_desktop.sync.identity import load_device_keys
from icati_desktop.sync.importer import import_bundle
from icati_desktop.sync.trust import own_card, trust_card

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "docs" / "examples" / "write_central_bundle.py"
SCHEMAS = ROOT / "docs" / "schema"
PDF = b"%PDF-1.4\n% a tiny attachment\n"


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    hq = open_store(tmp_path / "hq")
    field = open_store(tmp_path / "field")
    try:
        initialise_device(hq, Role.HQ, "ICATI HQ")
        initialise_device(field, Role.FIELD, "Expert 1")
        trust_card(field, own_card(hq, load_device_keys(hq.data_dir / "keys")))
        yield hq, field
    finally:
        hq.close()
        field.close()


def _hq_id(hq: Store) -> str:
    return load_device_keys(hq.data_dir / "keys").device_id


def _write(
    tmp_path: Path, hq: Store, records: list[dict[str, Any]], sequence: int, *extra: str
) -> tuple[Path, dict[str, Any]]:
    source = tmp_path / f"records-{sequence}.json"
    source.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    out = tmp_path / f"central-{sequence}.icati"
    done = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--key",
            str(hq.data_dir / "keys" / "signing-key.pem"),
            "--device-id",
            _hq_id(hq),
            "--name",
            "ICATI HQ",
            "--records",
            str(source),
            "--sequence",
            str(sequence),
            "--out",
            str(out),
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return out, json.loads(done.stdout)


def _records(resource_id: str, event_id: str) -> list[dict[str, Any]]:
    return [
        {
            "record_type": "resource",
            "record_id": resource_id,
            "payload": {
                "title": {"en": "Treatment courts: a field guide", "fr": "Tribunaux de traitement"},
                "resource_type": "guide",
                "year": 2025,
                "languages": ["en", "fr"],
                "attachments": [
                    {
                        "sha256": hashlib.sha256(PDF).hexdigest(),
                        "filename": "guide.pdf",
                        "media_type": "application/pdf",
                        "size": len(PDF),
                    }
                ],
            },
        },
        {
            "record_type": "event",
            "record_id": event_id,
            "payload": {
                "title": "Webinar: Café con jueces",  # é written decomposed below
                "kind": "webinar",
                "starts_at": "2025-06-03T14:00:00Z",
                "ends_at": "2025-06-03T15:30:00Z",
                "time_zone": "America/Bogota",
                "format": "remote",
            },
        },
    ]


def test_the_example_writes_a_central_bundle_a_field_device_accepts(
    tmp_path: Path, stores: tuple[Store, Store]
) -> None:
    hq, field = stores
    resource_id, event_id = str(uuid4()), str(uuid4())
    records = _records(resource_id, event_id)
    records[1]["payload"]["title"] = "Webinar: Cafe\u0301 con jueces"  # NFD: made NFC
    pdf = tmp_path / "guide.pdf"
    pdf.write_bytes(PDF)
    card = tmp_path / "hq-card.json"
    card.write_text(own_card(hq, load_device_keys(hq.data_dir / "keys")).to_json(), "utf-8")
    bundle, summary = _write(
        tmp_path,
        hq,
        records,
        1,
        "--blob",
        str(pdf),
        "--card",
        str(card),
        "--fill-defaults-from",
        str(SCHEMAS),
    )

    result = import_bundle(field, bundle)

    assert result.source.device_id == _hq_id(hq)
    assert result.sequence == 1
    assert not result.already_imported
    assert result.versions_in_bundle == result.versions_added == 2
    assert result.changes["resource"]["added"] == 1
    assert result.changes["event"]["added"] == 1
    assert result.attachments_added == 1
    service = RecordService(field)
    resource = service.get(Resource, resource_id)
    assert resource.payload.title["fr"] == "Tribunaux de traitement"
    assert resource.origin == _hq_id(hq)
    event = service.get(NetworkEvent, event_id)
    assert event.payload.title == "Webinar: Caf\u00e9 con jueces"
    ids = {v["record_id"]: v["version_id"] for v in summary["versions"]}
    assert resource.version_id == ids[resource_id]
    assert event.version_id == ids[event_id]
    assert field.blobs.has(hashlib.sha256(PDF).hexdigest())
    # Importing it again is a no-op.
    assert import_bundle(field, bundle).already_imported


def test_the_example_computes_the_same_version_ids_as_the_app(
    tmp_path: Path, stores: tuple[Store, Store]
) -> None:
    hq, _ = stores
    resource_id, event_id = str(uuid4()), str(uuid4())
    service = RecordService(hq)
    records = _records(resource_id, event_id)
    made = service.create(Resource.model_validate(records[0]["payload"]), record_id=resource_id)
    # The app writes every field, defaults too; the example hashes exactly what it is given.
    with hq.read() as session:
        stored = session.scalar(
            select(VersionRow.payload).where(VersionRow.version_id == made.version_id)
        )
    assert stored is not None
    app_payload = json.loads(stored)
    assert set(app_payload) > set(records[0]["payload"])
    records[0]["payload"] = app_payload
    records[0]["hlc"] = [made.hlc.ms, made.hlc.counter]
    records[0]["origin"] = made.origin
    _, summary = _write(tmp_path, hq, records[:1], 1)
    assert summary["versions"][0]["version_id"] == made.version_id


def test_an_edit_and_a_rollback_follow_the_document(
    tmp_path: Path, stores: tuple[Store, Store]
) -> None:
    hq, field = stores
    resource_id, event_id = str(uuid4()), str(uuid4())
    fill = ("--fill-defaults-from", str(SCHEMAS))
    first, summary = _write(tmp_path, hq, _records(resource_id, event_id)[1:], 1, *fill)
    import_bundle(field, first)
    event_version = summary["versions"][0]["version_id"]
    manifest_sha = summary["manifest_sha256"]
    with zipfile.ZipFile(first) as zf:
        assert hashlib.sha256(zf.read("manifest.json")).hexdigest() == manifest_sha

    edit = _records(resource_id, event_id)[1]
    edit["payload"]["title"] = "Webinar: judges and treatment courts"
    edit["parents"] = [event_version]
    second, _ = _write(tmp_path, hq, [edit], 2, "--previous-sha256", manifest_sha, *fill)
    result = import_bundle(field, second)
    assert result.changes["event"]["updated"] == 1
    shown = RecordService(field).get(NetworkEvent, event_id)
    assert shown.payload.title == "Webinar: judges and treatment courts"
    assert not shown.in_conflict

    stale, _ = _write(tmp_path, hq, _records(str(uuid4()), str(uuid4())), 2, *fill)
    with pytest.raises(BundleRejected) as refused:
        import_bundle(field, stale)
    assert refused.value.code is RejectCode.ROLLBACK


def test_a_field_device_refuses_it_if_the_signer_is_not_its_hq(
    tmp_path: Path, stores: tuple[Store, Store]
) -> None:
    _hq, field = stores
    other = open_store(tmp_path / "other-hq")
    try:
        initialise_device(other, Role.HQ, "Another HQ")
        bundle, _ = _write(tmp_path, other, _records(str(uuid4()), str(uuid4())), 1)
    finally:
        other.close()
    with pytest.raises(BundleRejected) as refused:
        import_bundle(field, bundle)
    assert refused.value.code is RejectCode.UNKNOWN_SIGNER


def test_a_payload_without_every_field_is_refused(
    tmp_path: Path, stores: tuple[Store, Store]
) -> None:
    """The document's "Payloads" rule: every field, defaults too, in canonical form."""
    hq, field = stores
    bundle, _ = _write(tmp_path, hq, _records(str(uuid4()), str(uuid4()))[1:], 1)
    with pytest.raises(BundleRejected) as refused:
        import_bundle(field, bundle)
    assert refused.value.code is RejectCode.INVALID_PAYLOAD
    assert "is missing (write every field, defaults too)" in refused.value.message

    records = _records(str(uuid4()), str(uuid4()))[1:]
    records[0]["payload"]["starts_at"] = "2025-06-03T16:00:00+02:00"  # valid, not canonical
    bundle, _ = _write(tmp_path, hq, records, 2, "--fill-defaults-from", str(SCHEMAS))
    with pytest.raises(BundleRejected) as refused:
        import_bundle(field, bundle)
    assert refused.value.code is RejectCode.INVALID_PAYLOAD
    assert "'starts_at' is not in canonical form" in refused.value.message
