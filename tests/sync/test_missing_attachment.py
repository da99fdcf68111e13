"""A version that names an attachment neither the bundle nor the store holds is refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from icati_desktop.domain.assessments import Answer, Evidence, answer_value
from icati_desktop.store.assessments import create_assessment, set_answer
from icati_desktop.store.device import Role
from icati_desktop.store.integrity import state_digest
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.errors import BundleRejected, RejectCode
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.identity import load_age_identity_if_any, load_device_keys
from icati_desktop.sync.importer import import_bundle
from tests.sync import forge
from tests.sync.network import enrol

ITEM = "d1_law_allows_treatment"


def _digest(store: Store) -> str:
    with store.read() as session:
        return state_digest(session)


@pytest.fixture
def devices(tmp_path: Path) -> tuple[Store, Store, Path, str]:
    """HQ, a field device, its bundle with one evidence attachment, the attachment's hash."""
    hq = open_store(tmp_path / "hq")
    initialise_device(hq, Role.HQ, "HQ")
    field = open_store(tmp_path / "field")
    initialise_device(field, Role.FIELD, "Amina")
    enrol(hq, field)
    evidence = tmp_path / "minutes.txt"
    evidence.write_text("Minutes of the steering committee, 3 March.\n")
    sha = field.blobs.put_file(evidence)
    assessment = create_assessment(field, country="KEN", assessed_on=date(2026, 3, 3))
    # An answer without files comes first (its empty list of attachments must not hide the
    # next one's file from the importer's check)
    set_answer(field, assessment, "d1_strategy_names_ati", Answer(value=answer_value(2)))
    answer = Answer(value=answer_value(3), evidence=Evidence(attachments=[sha]))
    set_answer(field, assessment, ITEM, answer)
    bundle = tmp_path / "field.icati"
    export_bundle(field, bundle)
    yield hq, field, bundle, sha
    hq.close()
    field.close()


def _without_blob(bundle: Path, sha: str, hq: Store, field: Store, out: Path) -> Path:
    """The same bundle with the attachment left out, properly re-signed and re-sealed."""
    identity = load_age_identity_if_any(hq.keys_dir)
    parts = forge.unpack(bundle, identity)
    assert f"blobs/{sha}" in parts.names()
    parts.remove(f"blobs/{sha}")
    forge.resign(parts, load_device_keys(field.keys_dir))  # the manifest lists what is left
    sealed = forge.seal(forge.zip_bytes(parts), load_device_keys(hq.keys_dir).age.recipient)
    out.write_bytes(sealed)
    return out


def test_a_bundle_that_omits_an_attachment_is_refused(
    devices: tuple[Store, Store, Path, str], tmp_path: Path
) -> None:
    hq, field, bundle, sha = devices
    forged = _without_blob(bundle, sha, hq, field, tmp_path / "forged.icati")
    before = _digest(hq)
    with pytest.raises(BundleRejected) as refused:
        import_bundle(hq, forged)
    assert refused.value.code is RejectCode.MISSING_ATTACHMENT
    assert "names an attachment" in refused.value.message
    assert sha[:12] in refused.value.message
    assert _digest(hq) == before
    assert not hq.blobs.has(sha)


def test_an_attachment_the_importer_already_holds_need_not_travel_again(
    devices: tuple[Store, Store, Path, str], tmp_path: Path
) -> None:
    hq, field, bundle, sha = devices
    forged = _without_blob(bundle, sha, hq, field, tmp_path / "forged.icati")
    held = tmp_path / "same-file.txt"
    held.write_bytes(field.blobs.open_path(sha).read_bytes())
    assert hq.blobs.put_file(held) == sha
    result = import_bundle(hq, forged)
    assert result.versions_added > 0
    assert result.changes["assessment"]["added"] == 1
