"""Erasure travels: a person erased on one laptop is gone from HQ and every other laptop,
in the databases themselves, and no older bundle brings them back."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from icati_desktop.domain.directory import ConsentMethod, ConsentRecord, ConsentScope, Person
from icati_desktop.store.integrity import check_store
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
        for table in ("versions", "people", "contacts", "search_documents"):
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
    before = net.export(laptop_a)  # still holds name and contact
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
    held = [_person_versions(store, person_id) for store in (laptop_a, net.hq, laptop_b)]
    assert held[0] == held[1] == held[2]  # the same versions of the person everywhere

    # Older bundles that still hold the person: HQ takes A's first bundle again, laptop B
    # the central bundle from before the erasure again. Nothing returns.
    net.deliver(before, net.hq)
    net.deliver(older_central, laptop_b)
    for store in (net.hq, laptop_b):
        assert _traces(store, "Kamau", EMAIL) == 0


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
