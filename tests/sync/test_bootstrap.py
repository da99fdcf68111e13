"""A new device set up from HQ's central bundle: fingerprint first, then trust and import."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from icati_desktop.domain.library import Resource, ResourceType
from icati_desktop.store.country_choices import country_choices
from icati_desktop.store.demo import DemoSpec, run_demo
from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.preferences import (
    COUNTRIES_OF_INTEREST,
    PersonRole,
    countries_of_interest,
    needs_first_run,
    person_role,
)
from icati_desktop.store.records import RecordService
from icati_desktop.store.settings import get_setting
from icati_desktop.store.store import Store
from icati_desktop.store.sync_state import bundle_history
from icati_desktop.store.tables.core import VersionRow
from icati_desktop.sync.bootstrap import read_central_card, trust_and_import
from icati_desktop.sync.central_scope import CentralTarget
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.errors import BundleRejected, RejectCode
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.first_run import FirstRunChoices, complete_first_run
from icati_desktop.sync.identity import load_device_keys
from icati_desktop.sync.importer import import_bundle
from icati_desktop.sync.manifest import MANIFEST_NAME
from icati_desktop.sync.trust import TrustError, list_trusted, trust_card, untrust_new
from tests.sync.forge import manifest_bytes, resign, unpack, zip_bytes
from tests.sync.network import card_of, enrol


@dataclass
class Setup:
    hq: Store
    bundle: Path
    newcomer: Store
    tmp: Path


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    """An HQ with one enrolled expert's meetings and a resource of its own, its content-only
    bundle (what a device not enrolled yet starts from), and a store with no device."""
    hq = open_store(tmp_path / "hq")
    initialise_device(hq, Role.HQ, "ICATI HQ")
    expert = open_store(tmp_path / "expert")
    initialise_device(expert, Role.FIELD, "Amina")
    enrol(hq, expert)
    run_demo(expert, DemoSpec(seed=5, countries=1, meetings=2, action_items=1))
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    export_bundle(expert, outbox / "amina.icati")
    import_bundle(hq, outbox / "amina.icati")
    RecordService(hq).create(
        Resource(title={"en": "Published by HQ"}, resource_type=ResourceType.GUIDE)
    )
    bundle = outbox / "central.icati"
    export_bundle(hq, bundle, central=CentralTarget.content_only())
    newcomer = open_store(tmp_path / "newcomer")
    yield Setup(hq, bundle, newcomer, tmp_path)
    for store in (hq, expert, newcomer):
        store.close()


def versions(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(VersionRow)) or 0)


def test_the_card_is_read_on_a_store_with_no_device(setup: Setup) -> None:
    assert needs_first_run(setup.newcomer)
    info = read_central_card(setup.newcomer, setup.bundle)
    hq_card = card_of(setup.hq)
    assert (info.hq_name, info.device_id) == ("ICATI HQ", hq_card.device_id)
    assert info.fingerprint == hq_card.fingerprint
    assert info.card == hq_card
    assert info.counts["resource"] > 0
    assert not {"meeting", "person", "action_plan", "action_item"} & info.counts.keys()
    assert info.enrolled_devices == 1
    assert not list((setup.newcomer.data_dir / "staging").glob("*"))


def test_trust_and_import_after_the_fingerprint_is_confirmed(setup: Setup) -> None:
    info = read_central_card(setup.newcomer, setup.bundle)
    initialise_device(setup.newcomer, Role.FIELD, "Karim")
    assert not needs_first_run(setup.newcomer)
    result = trust_and_import(setup.newcomer, setup.bundle, info.fingerprint.lower())
    assert result.changes["resource"]["added"] == 1
    trusted = {d.device_id: d for d in list_trusted(setup.newcomer)}
    assert trusted[info.device_id].source == "local"
    assert trusted[card_of(setup.hq).device_id].role == "hq"
    assert len(trusted) == 2  # and Amina, listed by HQ
    with setup.newcomer.read() as session:
        assert [e.source_name for e in bundle_history(session)] == ["ICATI HQ"]


def assert_untouched(store: Store, before: int) -> None:
    assert list_trusted(store) == []
    assert versions(store) == before
    with store.read() as session:
        assert bundle_history(session) == []


def test_a_different_fingerprint_trusts_nothing(setup: Setup) -> None:
    initialise_device(setup.newcomer, Role.FIELD, "Karim")
    before = versions(setup.newcomer)
    with pytest.raises(BundleRejected) as caught:
        trust_and_import(setup.newcomer, setup.bundle, "AAAA-BBBB-CCCC-DDDD-EEEE")
    assert caught.value.code is RejectCode.FINGERPRINT_CHANGED
    assert_untouched(setup.newcomer, before)


def test_a_bundle_altered_in_transit_leaves_no_trust_and_no_data(setup: Setup) -> None:
    parts = unpack(setup.bundle)
    name = next(n for n in parts.versions_files() if "resource" in n)
    parts.set(name, parts.get(name).replace(b"resource", b"resourcE", 1))
    altered = setup.tmp / "altered.icati"
    altered.write_bytes(zip_bytes(parts))
    info = read_central_card(setup.newcomer, altered)  # the manifest itself is intact
    initialise_device(setup.newcomer, Role.FIELD, "Karim")
    before = versions(setup.newcomer)
    with pytest.raises(BundleRejected) as caught:
        trust_and_import(setup.newcomer, altered, info.fingerprint)
    assert caught.value.code is RejectCode.HASH_MISMATCH
    assert_untouched(setup.newcomer, before)


def test_an_altered_manifest_is_refused_before_anything_is_shown(setup: Setup) -> None:
    parts = unpack(setup.bundle)
    manifest = parts.manifest
    manifest["source"]["name"] = "Not HQ"
    parts.set(MANIFEST_NAME, manifest_bytes(manifest))
    altered = setup.tmp / "altered.icati"
    altered.write_bytes(zip_bytes(parts))
    with pytest.raises(BundleRejected) as caught:
        read_central_card(setup.newcomer, altered)
    assert caught.value.code is RejectCode.BAD_SIGNATURE


def test_a_manifest_signed_by_another_key_is_refused(setup: Setup, tmp_path: Path) -> None:
    intruder = open_store(tmp_path / "intruder")
    initialise_device(intruder, Role.HQ, "ICATI HQ")
    parts = resign(unpack(setup.bundle), load_device_keys(intruder.data_dir / "keys"))
    forged = setup.tmp / "forged.icati"
    forged.write_bytes(zip_bytes(parts))
    with pytest.raises(BundleRejected) as caught:
        read_central_card(setup.newcomer, forged)
    assert caught.value.code is RejectCode.BAD_SIGNATURE
    intruder.close()


def test_a_central_bundle_without_hq_card_is_refused(setup: Setup) -> None:
    keys = load_device_keys(setup.hq.data_dir / "keys")

    def drop_own_card(manifest: dict[str, object]) -> None:
        manifest["enrolled"] = manifest["enrolled"][1:]  # type: ignore[index]

    parts = resign(unpack(setup.bundle), keys, drop_own_card)
    stripped = setup.tmp / "stripped.icati"
    stripped.write_bytes(zip_bytes(parts))
    with pytest.raises(BundleRejected) as caught:
        read_central_card(setup.newcomer, stripped)
    assert caught.value.code is RejectCode.NO_HQ_CARD


def test_a_field_bundle_is_not_a_central_bundle(setup: Setup, tmp_path: Path) -> None:
    field_bundle = tmp_path / "outbox" / "amina.icati"
    with pytest.raises(BundleRejected) as caught:
        read_central_card(setup.hq, field_bundle)  # HQ can decrypt it; still not central
    assert caught.value.code is RejectCode.NOT_CENTRAL


def test_untrust_new_keeps_a_device_whose_data_is_here(setup: Setup) -> None:
    info = read_central_card(setup.newcomer, setup.bundle)
    initialise_device(setup.newcomer, Role.FIELD, "Karim")
    trust_and_import(setup.newcomer, setup.bundle, info.fingerprint)
    with pytest.raises(TrustError):
        untrust_new(setup.newcomer, info.device_id)
    assert untrust_new(setup.newcomer, "0" * 32) is False


def test_a_hq_trusted_before_stays_trusted_when_the_import_fails(setup: Setup) -> None:
    initialise_device(setup.newcomer, Role.FIELD, "Karim")
    trust_card(setup.newcomer, card_of(setup.hq))
    parts = unpack(setup.bundle)
    name = parts.versions_files()[0]
    parts.set(name, parts.get(name) + b"\n")
    broken = setup.tmp / "broken.icati"
    broken.write_bytes(zip_bytes(parts))
    with pytest.raises(BundleRejected):
        trust_and_import(setup.newcomer, broken, card_of(setup.hq).fingerprint)
    assert [d.device_id for d in list_trusted(setup.newcomer)] == [card_of(setup.hq).device_id]


def test_complete_first_run_sets_up_device_preferences_and_import(setup: Setup) -> None:
    choices = country_choices(setup.newcomer)  # built-in list: the store has no countries yet
    assert len(choices) > 100
    info = read_central_card(setup.newcomer, setup.bundle)
    result = complete_first_run(
        setup.newcomer,
        FirstRunChoices(
            person_role=PersonRole.FOCAL_POINT,
            name="  Karim  ",
            countries=("KEN", "BRA", "KEN"),
            central_bundle=setup.bundle,
            confirmed_fingerprint=info.fingerprint,
        ),
    )
    assert (result.role, result.name) == ("field", "Karim")
    assert result.imported is not None
    assert result.imported.versions_added > 0
    assert countries_of_interest(setup.newcomer) == ["BRA", "KEN"]
    assert person_role(setup.newcomer) is PersonRole.FOCAL_POINT
    with setup.newcomer.read() as session:
        assert get_setting(session, COUNTRIES_OF_INTEREST) == ["BRA", "KEN"]


def test_a_refused_import_at_first_run_keeps_the_device_and_says_why(setup: Setup) -> None:
    result = complete_first_run(
        setup.newcomer,
        FirstRunChoices(
            person_role=PersonRole.CENTRAL_OFFICE,
            name="Backup HQ",
            countries=(),
            central_bundle=setup.bundle,
            confirmed_fingerprint="AAAA-BBBB-CCCC-DDDD-EEEE",
        ),
    )
    assert (result.role, result.imported) == ("hq", None)
    assert result.import_refused_code == RejectCode.FINGERPRINT_CHANGED.value
    assert not needs_first_run(setup.newcomer)
    assert list_trusted(setup.newcomer) == []
    assert person_role(setup.newcomer) is PersonRole.CENTRAL_OFFICE


def test_a_bundle_made_for_an_enrolled_device_cannot_start_a_new_one(setup: Setup) -> None:
    """A new device has no key for a bundle HQ encrypted to another device: it is told to
    ask for a content-only bundle, and nothing is written."""
    locked = setup.tmp / "for-amina.icati"
    export_bundle(setup.hq, locked, central=CentralTarget.for_device("Amina"))
    with pytest.raises(BundleRejected) as caught:
        read_central_card(setup.newcomer, locked)
    assert caught.value.code is RejectCode.WRONG_RECIPIENT
    assert "content-only" in caught.value.message
