"""Central bundles per device: each device receives its countries' field records, encrypted
to it; content-only bundles carry none; HQ's removal requests take a country back."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
from sqlalchemy import func, select

from icati_desktop.domain.action_plans import ActionItem, ActionPlan
from icati_desktop.domain.assessments import Answer, Assessment, Evidence
from icati_desktop.domain.atlas import Initiative, InitiativeModel, InitiativeStatus
from icati_desktop.domain.directory import ConsentMethod, ConsentRecord, ConsentScope, Person
from icati_desktop.domain.meetings import Attendee, Meeting, MeetingFormat, MeetingType
from icati_desktop.store.conflicts import list_conflicts
from icati_desktop.store.device import Role
from icati_desktop.store.integrity import check_store
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordRow, VersionRow
from icati_desktop.store.tables.scope import ScopeCountryRow
from icati_desktop.sync.bundle_file import open_bundle
from icati_desktop.sync.central_export import export_for_every_device
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.errors import BundleRejected, RejectCode
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.identity import load_age_identity_if_any
from icati_desktop.sync.limits import SyncLimits
from icati_desktop.sync.scopes import ScopeChoice, ScopeError, scopes, set_scope
from icati_desktop.sync.trust import TrustError, trust_card
from tests.sync.conftest import NetworkFactory
from tests.sync.network import Network, card_of, device_id

DAY = date(2026, 3, 2)


def initiative(store: Store, country: str, contact: str | None = None) -> str:
    return create(
        store,
        Initiative(
            country=country,
            name=f"Drug treatment court, {country}",
            model=InitiativeModel.DRUG_TREATMENT_COURT,
            status=InitiativeStatus.PILOT,
            contact_person_id=UUID(contact) if contact else None,
        ),
    )


def create(store: Store, payload: object) -> str:
    return str(RecordService(store).create(payload).record_id)  # type: ignore[arg-type]


def person(store: Store, name: str, country: str | None) -> str:
    return create(store, Person(display_name=name, country=country))


def meeting(store: Store, country: str, *people: str) -> str:
    return create(
        store,
        Meeting(
            title=f"Meeting in {country}",
            country=country,
            held_on=DAY,
            format=MeetingFormat.IN_PERSON,
            meeting_type=MeetingType.TA_SESSION,
            attendees=[Attendee(person_id=UUID(p)) for p in people],
        ),
    )


def plan(store: Store, country: str) -> str:
    return create(
        store,
        ActionPlan(
            country=country,
            title=f"Plan {country}",
            period_start=DAY,
            period_end=date(2027, 3, 1),
        ),
    )


def item(store: Store, plan_id: str, country: str) -> str:
    return create(store, ActionItem(action_plan_id=UUID(plan_id), country=country, title="Convene"))


def assessment(store: Store, country: str) -> str:
    return create(
        store,
        Assessment(
            country=country, form_id="ati-self-assessment", form_version="1", assessed_on=DAY
        ),
    )


def consent(store: Store, person_id: str) -> str:
    return create(
        store,
        ConsentRecord(
            person_id=UUID(person_id),
            given=True,
            scope=ConsentScope.STORE_ONLY,
            decided_on=DAY,
            method=ConsentMethod.VERBAL,
            notice_version="2026-01",
            recorded_by="Amina",
        ),
    )


def record_ids(store: Store) -> set[str]:
    with store.read() as session:
        return set(session.scalars(select(RecordRow.record_id).where(RecordRow.deleted.is_(False))))


def held(store: Store, *ids: str) -> set[str]:
    return set(ids) & record_ids(store)


@dataclass
class World:
    net: Network
    ken: Store
    uga: Store

    def central(self, device: Store) -> Path:
        return self.net.export(self.net.hq, device)

    def sync(self, device: Store) -> None:
        self.net.deliver(self.net.export(device), self.net.hq)
        self.net.deliver(self.central(device), device)


@pytest.fixture
def world(make_network: NetworkFactory) -> World:
    net = make_network(fields=2)
    ken, uga = net.fields
    set_scope(net.hq, device_id(ken), ScopeChoice.of(["KEN"]))
    set_scope(net.hq, device_id(uga), ScopeChoice.of(["UGA"]))
    return World(net, ken, uga)


def test_a_device_assigned_ken_holds_no_record_of_another_country(world: World) -> None:
    """The issue's "Scope" check, by querying the device's database file itself."""
    hq, ken, uga = world.net.hq, world.ken, world.uga
    for store, country in ((ken, "KEN"), (uga, "UGA"), (hq, "TZA")):
        someone = person(store, f"Someone of {country}", country)
        consent(store, someone)
        meeting(store, country, someone)
        item(store, plan(store, country), country)
        assessment(store, country)
    world.sync(uga)
    world.sync(ken)
    database = sqlite3.connect(ken.data_dir / "icati.sqlite3")
    try:
        for table in ("people", "meetings", "action_plans", "action_items", "assessments"):
            countries = {row[0] for row in database.execute(f"SELECT country FROM {table}")}
            assert countries == {"KEN"}, table
        (consents,) = database.execute(
            "SELECT count(*) FROM consents WHERE person_id NOT IN (SELECT id FROM people)"
        ).fetchone()
        assert consents == 0
        (foreign,) = database.execute(
            "SELECT count(*) FROM versions WHERE record_type IN "
            "('person','consent','meeting','action_plan','action_item','assessment') "
            "AND payload NOT LIKE '%\"KEN\"%' AND record_type != 'consent'"
        ).fetchone()
        assert foreign == 0
        # what HQ addresses to another device (its countries) does not reach this one
        assert {row[0] for row in database.execute("SELECT device_id FROM device_scopes")} == {
            device_id(ken)
        }
    finally:
        database.close()
    with ken.read() as session:
        assert check_store(session) == []


def test_the_bundle_for_a_device_opens_only_with_its_key(world: World, tmp_path: Path) -> None:
    hq, ken, uga = world.net.hq, world.ken, world.uga
    secret = "Diversion pilot in Kisumu"
    create(hq, Person(display_name=secret, country="KEN"))
    bundle = world.central(ken)
    assert bundle.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert secret.encode() not in bundle.read_bytes()
    for identity in (load_age_identity_if_any(uga.data_dir / "keys"), None):
        with (
            pytest.raises(BundleRejected) as refused,
            open_bundle(bundle, tmp_path / "staging", SyncLimits(), identity),
        ):
            pass
        assert refused.value.code is RejectCode.WRONG_RECIPIENT
        assert "locked for" in refused.value.message
    before = record_ids(uga)
    with pytest.raises(BundleRejected) as refused:
        world.net.deliver(bundle, uga)
    assert refused.value.code is RejectCode.WRONG_RECIPIENT
    assert record_ids(uga) == before
    result = world.net.deliver(bundle, ken)
    assert result.changes["person"]["added"] == 1


def test_a_content_only_bundle_carries_no_field_record(world: World) -> None:
    hq = world.net.hq
    person(hq, "Ministry contact", "KEN")
    initiative(hq, "KEN")
    path = world.net.export(hq, content_only=True)
    assert path.read_bytes().startswith(b"PK\x03\x04")  # signed, not encrypted
    result = world.net.deliver(path, world.uga)  # an enrolled device may take it too
    assert not {"person", "initiative", "device_scope"} & result.changes.keys()
    with pytest.raises(BundleRejected) as refused:
        export_bundle(hq, world.net.outbox / "x.icati")
    assert refused.value.code is RejectCode.NO_RECIPIENT
    assert "--for DEVICE" in refused.value.message


def test_references_follow_the_records_that_make_them(world: World) -> None:
    """Items follow their plan, people the records that name them, consents their person;
    the Atlas and its contacts go to everyone; a person of no country to no one."""
    hq, ken, uga = world.net.hq, world.ken, world.uga
    visitor = person(hq, "Visitor from Uganda", "UGA")
    visitor_consent = consent(hq, visitor)
    ken_meeting = meeting(hq, "KEN", visitor)
    ken_plan = plan(hq, "KEN")
    stray_item = item(hq, ken_plan, "UGA")  # its plan is Kenyan: it follows the plan
    contact = person(hq, "Atlas contact", "MEX")
    atlas = initiative(hq, "MEX", contact)
    nobody = person(hq, "No country", None)
    world.sync(ken)
    world.sync(uga)
    assert held(ken, visitor, visitor_consent, ken_meeting, ken_plan, stray_item) == {
        visitor,
        visitor_consent,
        ken_meeting,
        ken_plan,
        stray_item,
    }
    assert held(uga, visitor, visitor_consent, stray_item) == {
        visitor,
        visitor_consent,
        stray_item,
    }
    assert ken_meeting not in record_ids(uga)
    for device in (ken, uga):
        assert held(device, atlas, contact) == {atlas, contact}
        assert nobody not in record_ids(device)


def test_a_lost_country_stops_arriving_and_goes_when_hq_asks(world: World) -> None:
    hq, ken = world.net.hq, world.ken
    set_scope(hq, device_id(ken), ScopeChoice.of(["KEN", "UGA"]))
    old = meeting(hq, "UGA")
    world.sync(ken)
    assert old in record_ids(ken)
    set_scope(hq, device_id(ken), ScopeChoice.of(["KEN"]))
    new = meeting(hq, "UGA")
    kenyan = meeting(hq, "KEN")
    world.sync(ken)
    assert held(ken, old, new, kenyan) == {old, kenyan}  # kept until HQ asks
    change = set_scope(hq, device_id(ken), remove=["UGA"])
    assert change.removal == ["UGA"]
    result = world.net.deliver(world.central(ken), ken)
    assert result.records_removed == {"meeting": 1}
    assert held(ken, old, kenyan) == {kenyan}
    with ken.read() as session:
        assert check_store(session) == []
        assert (
            session.scalar(
                select(func.count()).select_from(VersionRow).where(VersionRow.record_id == old)
            )
            == 0
        )
        # nothing derived from it is left either: the scope index no longer names it
        assert (
            session.scalars(
                select(ScopeCountryRow.country).where(ScopeCountryRow.record_id == old)
            ).all()
            == []
        )
    with hq.read() as session:  # the record lives on at HQ
        assert session.get(RecordRow, old) is not None
    again = world.net.deliver(world.central(ken), ken)  # applied once, stays applied
    assert again.records_removed == {}


def test_a_removal_never_takes_work_hq_has_not_acknowledged(world: World) -> None:
    hq, ken = world.net.hq, world.ken
    set_scope(hq, device_id(ken), ScopeChoice.of(["KEN", "UGA"]))
    world.sync(ken)
    mine = meeting(ken, "UGA")  # written on the device, not sent yet
    set_scope(hq, device_id(ken), ScopeChoice.of(["KEN"]), remove_lost=True)
    result = world.net.deliver(world.central(ken), ken)
    assert result.removal_waiting == 1
    assert mine in record_ids(ken)
    world.net.deliver(world.net.export(ken), hq)  # HQ now holds it...
    assert mine in record_ids(hq)
    result = world.net.deliver(world.central(ken), ken)  # ...and acknowledges it
    assert result.records_removed == {"meeting": 1}
    assert result.removal_waiting == 0
    assert mine not in record_ids(ken)
    with ken.read() as session:
        assert check_store(session) == []


def test_a_country_given_back_is_not_removed(world: World) -> None:
    """HQ asks the device to remove UGA, then gives UGA back before the device imports."""
    hq, ken = world.net.hq, world.ken
    set_scope(hq, device_id(ken), ScopeChoice.of(["KEN", "UGA"]))
    ugandan = meeting(hq, "UGA")
    world.sync(ken)
    set_scope(hq, device_id(ken), ScopeChoice.of(["KEN"]), remove_lost=True)
    set_scope(hq, device_id(ken), ScopeChoice.of(["KEN", "UGA"]))
    result = world.net.deliver(world.central(ken), ken)
    assert result.records_removed == {}
    assert ugandan in record_ids(ken)


def test_hq_exports_one_bundle_per_device_into_a_folder(world: World, tmp_path: Path) -> None:
    hq, ken, uga = world.net.hq, world.ken, world.uga
    kenyan, ugandan = meeting(hq, "KEN"), meeting(hq, "UGA")
    results = export_for_every_device(hq, tmp_path / "out")
    assert len(results) == 2
    by_device = {r.encrypted_to: Path(r.path) for r in results}
    world.net.deliver(by_device[device_id(ken)], ken)
    world.net.deliver(by_device[device_id(uga)], uga)
    assert held(ken, kenyan, ugandan) == {kenyan}
    assert held(uga, kenyan, ugandan) == {ugandan}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        p.name for p in by_device.values()
    )


def test_attachments_of_removed_records_leave_the_device(world: World, tmp_path: Path) -> None:
    hq, ken = world.net.hq, world.ken
    set_scope(hq, device_id(ken), ScopeChoice.of(["KEN", "UGA"]))
    only_uga, shared = tmp_path / "minutes.txt", tmp_path / "shared.txt"
    only_uga.write_text("Ugandan steering committee minutes")
    shared.write_text("A letter both countries keep")
    sha_uga, sha_shared = hq.blobs.put_file(only_uga), hq.blobs.put_file(shared)

    def with_evidence(country: str, *hashes: str) -> str:
        answer = Answer(evidence=Evidence(attachments=list(hashes)))
        return create(
            hq,
            Assessment(
                country=country,
                form_id="ati-self-assessment",
                form_version="1",
                assessed_on=DAY,
                answers={"d1_law_allows_treatment": answer},
            ),
        )

    with_evidence("UGA", sha_uga, sha_shared)
    with_evidence("KEN", sha_shared)
    world.sync(ken)
    assert ken.blobs.has(sha_uga)
    assert ken.blobs.has(sha_shared)
    set_scope(hq, device_id(ken), ScopeChoice.of(["KEN"]), remove_lost=True)
    assert world.net.deliver(world.central(ken), ken).records_removed == {"assessment": 1}
    assert not ken.blobs.has(sha_uga)
    assert ken.blobs.has(sha_shared)


def test_a_device_is_named_by_id_prefix_or_unique_name(make_network: NetworkFactory) -> None:
    net = make_network(fields=2)
    first, second = net.fields
    with pytest.raises(TrustError, match="no trusted device"):
        set_scope(net.hq, "nobody", ScopeChoice.of(["KEN"]))
    change = set_scope(net.hq, "expert 2", ScopeChoice.of(["KEN"]))  # names ignore case
    assert change.device_id == device_id(second)
    change = set_scope(net.hq, device_id(first)[:8], ScopeChoice.of(["UGA"]))
    assert change.device_id == device_id(first)
    with pytest.raises(ScopeError, match="central office"):
        set_scope(first, "ICATI HQ", ScopeChoice.of(["KEN"]))


def test_two_hq_devices_changing_one_scope_at_once_merge_the_countries(
    make_network: NetworkFactory, tmp_path: Path
) -> None:
    """Scopes are versions like any record: concurrent changes at two HQ devices merge as a
    set of countries (each side's additions and removals kept), with no conflict."""
    net = make_network(fields=1)
    vienna, [field] = net.hq, net.fields
    nairobi = open_store(tmp_path / "nairobi")
    try:
        initialise_device(nairobi, Role.HQ, "ICATI HQ Nairobi")
        trust_card(vienna, card_of(nairobi))
        trust_card(nairobi, card_of(vienna))
        trust_card(nairobi, card_of(field))
        set_scope(vienna, device_id(field), ScopeChoice.of(["KEN", "UGA"]))
        net.deliver(net.export(vienna, nairobi), nairobi)
        set_scope(vienna, device_id(field), ScopeChoice.of(["KEN", "UGA", "ZMB"]))
        set_scope(nairobi, device_id(field), ScopeChoice.of(["KEN", "TZA"]))  # UGA out
        net.deliver(net.export(nairobi, vienna), vienna)
        net.deliver(net.export(vienna, nairobi), nairobi)
        for hq in (vienna, nairobi):
            assert scopes(hq)[device_id(field)].countries == ["KEN", "TZA", "ZMB"]
            assert list_conflicts(hq) == []
        assert net.digests()[0] == Network(nairobi, [], net.outbox).digests()[0]
        assert not set_scope(
            vienna, device_id(field), ScopeChoice.of(["KEN", "TZA", "ZMB"])
        ).changed
    finally:
        nairobi.close()


def test_a_device_on_every_country_gets_no_other_device_s_scope_or_removal(
    make_network: NetworkFactory,
) -> None:
    """Found by the convergence machine: "every country" is every country's records, not
    HQ's bookkeeping about the other devices (their scopes, the removals asked of them)."""
    net = make_network(fields=2)  # both enrolled for every country
    first, second = net.fields
    set_scope(net.hq, device_id(second), ScopeChoice.of([]), remove_lost=True)
    net.deliver(net.export(net.hq, first), first)
    with first.read() as session:
        addressed = session.execute(
            select(VersionRow.record_type, VersionRow.payload).where(
                VersionRow.record_type.in_(["device_scope", "data_removal"])
            )
        ).all()
    assert addressed, "its own scope arrives"
    assert all(device_id(second) not in str(payload) for _type, payload in addressed)
