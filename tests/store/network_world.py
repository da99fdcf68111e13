"""A small network built through the store's own writes, shared by the network tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from icati_desktop.domain.directory import ConsentRecord, Person
from icati_desktop.domain.network import Membership, NetworkEvent, RosterEntry
from icati_desktop.domain.network_groups import NetworkGroup
from icati_desktop.store.people_writes import save_person, withdraw_consent
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store

ON = date(2026, 6, 1)


def consent(scope: str, day: date = date(2026, 1, 10)) -> ConsentRecord:
    return ConsentRecord.model_validate(
        {
            "person_id": "00000000-0000-4000-8000-000000000000",
            "given": True,
            "scope": scope,
            "decided_on": day,
            "method": "in_person",
            "notice_version": "1",
            "recorded_by": "test",
        }
    )


def person(store: Store, name: str, country: str, scope: str | None, email: str | None) -> str:
    return save_person(
        store,
        Person(display_name=name, country=country),  # type: ignore[arg-type]
        consent=consent(scope) if scope else None,
        emails=[email] if email else None,
        on=ON,
    )


@dataclass
class NetworkWorld:
    people: dict[str, str] = field(default_factory=dict)
    group_id: str = ""
    curriculum_id: str = ""


def build(store: Store) -> NetworkWorld:
    """Amina (KEN, mailings), Bruno (BRA, mailings), Chen (CHN, store only), Dana (KEN,
    mailings, withdrawn on 2026-03-01), Eve (KEN, mailings, no email); a group of all five;
    two experts and a trainer; a training on UTC 81 attended by Amina and 3 unnamed."""
    w = NetworkWorld()
    w.people["amina"] = person(
        store, "Amina Odhiambo", "KEN", "network_mailings", "amina@example.org"
    )
    w.people["bruno"] = person(store, "Bruno Silva", "BRA", "network_mailings", "bruno@example.org")
    w.people["chen"] = person(store, "Chen Wei", "CHN", "store_only", "chen@example.org")
    w.people["dana"] = person(store, "Dana Mwangi", "KEN", "network_mailings", "dana@example.org")
    withdraw_consent(store, w.people["dana"], date(2026, 3, 1))
    w.people["eve"] = person(store, "Eve Njoroge", "KEN", "network_mailings", None)
    service = RecordService(store)
    service.create(Membership(kind="country", country="KEN", joined_on=date(2025, 3, 1)))  # type: ignore[arg-type]
    service.create(
        Membership(kind="country", country="BRA", joined_on=date(2025, 5, 1), groups=["OAS member"])  # type: ignore[arg-type]
    )
    w.group_id = service.create(
        NetworkGroup.model_validate(
            {
                "kind": "learning_community",
                "name": "East Africa learning community",
                "member_ids": list(w.people.values()),
            }
        )
    ).record_id
    from icati_desktop.store.network_curricula import find_curriculum

    with store.read() as session:
        w.curriculum_id = find_curriculum(session, "UTC 81")
    service.create(
        RosterEntry.model_validate(
            {
                "roster": "ta_expert",
                "person_id": w.people["amina"],
                "languages": ["en", "fr", "sw"],
                "countries": ["KEN"],
                "regions": ["Africa"],
                "expertise": ["case_management", "justice"],
                "availability": "available",
            }
        )
    )
    service.create(
        RosterEntry.model_validate(
            {
                "roster": "ta_expert",
                "person_id": w.people["bruno"],
                "languages": ["pt", "fr"],
                "regions": ["Africa", "Americas"],
                "expertise": ["case_management"],
                "availability": "limited",
            }
        )
    )
    service.create(
        RosterEntry.model_validate(
            {
                "roster": "ta_expert",
                "person_id": w.people["chen"],
                "languages": ["fr"],
                "regions": ["Africa"],
                "expertise": ["case_management"],
                "availability": "unavailable",
            }
        )
    )
    service.create(
        RosterEntry.model_validate(
            {
                "roster": "trainer",
                "person_id": w.people["bruno"],
                "status": "certified",
                "certified_on": "2026-02-01",
                "certifications": [
                    {"curriculum_id": w.curriculum_id, "certified_on": "2026-02-01"}
                ],
            }
        )
    )
    service.create(
        NetworkEvent.model_validate(
            {
                "title": "UTC 81 training, Nairobi",
                "kind": "training",
                "starts_at": "2026-04-02T07:00:00Z",
                "time_zone": "Africa/Nairobi",
                "format": "in_person",
                "curriculum_id": w.curriculum_id,
                "participants": [
                    {"person_id": w.people["amina"]},
                    {"country": "KEN", "count": 3},
                ],
            }
        )
    )
    return w
