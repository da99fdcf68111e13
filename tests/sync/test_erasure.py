"""Erasure travels: a person erased on one laptop is gone from HQ and every other laptop,
in the databases themselves, and no older bundle brings them back."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from icati_desktop.domain.directory import ConsentMethod, ConsentRecord, ConsentScope, Person
from icati_desktop.domain.meetings import Attendee, Meeting, MeetingFormat, MeetingType
from icati_desktop.store.integrity import check_store
from icati_desktop.store.meeting_writes import load_meeting, save_meeting
from icati_desktop.store.people_writes import erase_person, save_person, withdraw_consent
from icati_desktop.store.store import Store
from tests.sync.conftest import NetworkFactory

NAME = "Wanjiru Kamau-Otieno"
EMAIL = "wanjiru.kamau@judiciary.example.ke"


def _consent(by: str) -> ConsentRecord:
    return ConsentRecord(
        person_id="00000000-0000-4000-8000-000000000000",  # replaced by save_person
        given=True,
        scope=ConsentScope.SHARE_WITH_PARTNERS,
        decided_on=date(2026, 3, 2),
        method=ConsentMethod.IN_PERSON,
        notice_version="2026-01",
        recorded_by=by,
    )


def _add_person(store: Store) -> str:
    person = Person(display_name=NAME, role="Magistrate", country="KEN", sector="justice")
    return save_person(
        store, person, emails=[EMAIL], phones=["+254 20 555 0101"], consent=_consent("Expert 1")
    )


def _add_meeting(store: Store, person_id: str) -> str:
    """A court-users' committee meeting the person attended, then edited once."""
    meeting = Meeting(
        title="Court users' committee",
        country="KEN",
        held_on=date(2026, 3, 3),
        format=MeetingFormat.IN_PERSON,
        meeting_type=MeetingType.STRATEGIC,
        attendees=[
            Attendee(person_id=person_id, name=NAME, role="Magistrate", institution="High Court")
        ],
    )
    view = save_meeting(store, meeting)
    edited = meeting.model_copy(update={"notes": "Agreed to pilot screening at arraignment."})
    save_meeting(store, edited, str(view.record_id), base_leaves=view.leaves)
    return str(view.record_id)


def _meeting(store: Store, meeting_id: str) -> Meeting:
    return load_meeting(store, meeting_id).payload


def _person_versions(store: Store, person_id: str) -> set[tuple[str, bool]]:
    with store.read() as session:
        rows = session.execute(
            text("SELECT version_id, redacted FROM versions WHERE record_id = :p"),
            {"p": person_id},
        )
        return {(str(v), bool(r)) for v, r in rows}


def _traces(store: Store, *needles: str) -> int:
    """Rows anywhere in the version log, current tables or search index holding a needle."""
    found = 0
    with store.read() as session:
        for table in ("versions", "people", "contacts", "meetings", "search_documents"):
            column = {"versions": "payload", "search_documents": "body"}.get(table, "data")
            for needle in needles:
                found += session.execute(
                    text(f"SELECT count(*) FROM {table} WHERE {column} LIKE :n"),
                    {"n": f"%{needle}%"},
                ).scalar_one()
    return found


def _title_traces(store: Store) -> int:
    with store.read() as session:
        return int(
            session.execute(
                text("SELECT count(*) FROM search_documents WHERE title LIKE :n"),
                {"n": "%Kamau%"},
            ).scalar_one()
        )


def test_erasure_travels_and_older_bundles_do_not_bring_the_person_back(
    make_network: NetworkFactory,
) -> None:
    net = make_network(fields=2)
    laptop_a, laptop_b = net.fields
    person_id = _add_person(laptop_a)
    meeting_id = _add_meeting(laptop_a, person_id)
    before = net.export(laptop_a)  # still holds name and contact, in the meeting too
    net.deliver(before, net.hq)
    older_central = net.export(net.hq, laptop_b)
    net.deliver(older_central, laptop_b)
    for store in (laptop_a, net.hq, laptop_b):
        assert _traces(store, "Kamau", EMAIL) > 0

    erase_person(laptop_a, person_id)
    net.deliver(net.export(laptop_a), net.hq)
    central = net.export(net.hq, laptop_b)
    net.deliver(central, laptop_b)

    for store in (laptop_a, net.hq, laptop_b):
        assert _traces(store, "Kamau", EMAIL, "555 0101") == 0
        assert _title_traces(store) == 0
        with store.read() as session:
            assert check_store(session) == []
            redacted = session.execute(
                text("SELECT count(*) FROM versions WHERE record_id = :p AND redacted"),
                {"p": person_id},
            ).scalar_one()
            assert redacted == 1  # the version that held the name, kept as an id only
        met = _meeting(store, meeting_id)  # the person is one more anonymous attendee
        assert (met.attendees, met.anonymous_attendee_count, met.headcount) == ([], 1, 1)
        assert met.notes == "Agreed to pilot screening at arraignment."
    held = [_person_versions(store, person_id) for store in (laptop_a, net.hq, laptop_b)]
    assert held[0] == held[1] == held[2]  # the same versions of the person everywhere

    # Older bundles that still hold the person: HQ takes A's first bundle again, laptop B
    # the central bundle from before the erasure again. Nothing returns.
    net.deliver(before, net.hq)
    net.deliver(older_central, laptop_b)
    for store in (net.hq, laptop_b):
        assert _traces(store, "Kamau", EMAIL) == 0


def test_an_edit_made_before_the_erasure_arrived_still_travels_without_the_name(
    make_network: NetworkFactory,
) -> None:
    """Laptop B edits the meeting offline while laptop A erases one of its attendees. B's
    edit named the person, so B scrubs it when the erasure arrives and sends it again on
    top: HQ and A get B's decision, and no store holds the name."""
    net = make_network(fields=2)
    laptop_a, laptop_b = net.fields
    person_id = _add_person(laptop_a)
    meeting_id = _add_meeting(laptop_a, person_id)
    net.round_trip()
    view = load_meeting(laptop_b, meeting_id)
    decided = view.payload.model_copy(update={"decisions": ["Screening from July"]})
    save_meeting(laptop_b, decided, meeting_id, base_leaves=view.leaves)

    erase_person(laptop_a, person_id)
    net.deliver(net.export(laptop_a), net.hq)
    net.deliver(net.export(net.hq, laptop_b), laptop_b)  # the erasure reaches B's edit
    net.round_trip()
    net.round_trip()

    for store in (laptop_a, net.hq, laptop_b):
        assert _traces(store, "Kamau", "Magistrate", "High Court") == 0
        met = _meeting(store, meeting_id)
        assert met.decisions == ["Screening from July"]
        assert met.notes == "Agreed to pilot screening at arraignment."
        assert (met.attendees, met.anonymous_attendee_count) == ([], 1)
        with store.read() as session:
            assert check_store(session) == []
    # The same leaves everywhere (B also keeps its scrubbed edit, as an id that never travels).
    shown = set()
    for store in (laptop_a, net.hq, laptop_b):
        view = load_meeting(store, meeting_id)
        shown.add((view.leaves, view.payload.model_dump_json()))
    assert len(shown) == 1


def test_versions_that_arrive_after_their_erasure_are_stored_redacted(
    make_network: NetworkFactory,
) -> None:
    """USB sticks delivered out of order: HQ gets the erasure (the laptop's bundle after
    erasing no longer carries the erased versions), then the older bundle that held the
    person. Its person and contact versions are stored, as ids only."""
    net = make_network(fields=1)
    laptop = net.fields[0]
    person_id = _add_person(laptop)
    older = net.export(laptop)
    erase_person(laptop, person_id)
    net.deliver(net.export(laptop), net.hq)
    assert net.deliver(older, net.hq).versions_added == 2  # person and contact
    assert _traces(net.hq, "Kamau", EMAIL) == 0
    with net.hq.read() as session:
        assert check_store(session) == []


def test_withdrawing_consent_erases_the_contact_but_keeps_the_person(
    make_network: NetworkFactory,
) -> None:
    net = make_network(fields=1)
    laptop = net.fields[0]
    person_id = _add_person(laptop)
    net.deliver(net.export(laptop), net.hq)
    result = withdraw_consent(laptop, person_id, on=date(2026, 5, 1))
    assert (result.consents_withdrawn, result.contacts_erased) == (1, 1)
    bundle = net.export(laptop)
    net.deliver(bundle, net.hq)
    for store in (laptop, net.hq):
        assert _traces(store, EMAIL, "555 0101") == 0
        assert _traces(store, "Kamau") > 0
        with store.read() as session:
            assert check_store(session) == []
    net.deliver(net.export(net.hq, laptop), laptop)


def test_db_check_tells_a_scrubbed_meeting_version_from_a_tampered_one(
    make_network: NetworkFactory,
) -> None:
    net = make_network(fields=1)
    laptop = net.fields[0]
    person_id = _add_person(laptop)
    meeting_id = _add_meeting(laptop, person_id)
    erase_person(laptop, person_id)
    with laptop.read() as session:
        assert check_store(session) == []
    with laptop.write() as tx:  # a scrubbed version that names the person again
        tx.session.execute(
            text(
                "UPDATE versions SET payload = replace(payload, :scrubbed, :name) "
                "WHERE record_id = :m AND redacted"
            ),
            {"scrubbed": '"name":null', "name": f'"name":"{NAME}"', "m": meeting_id},
        )
    with laptop.read() as session:
        problems = check_store(session)
    assert problems
    assert all("still names an erased person" in p for p in problems)
