"""The network's store side: members, participants, groups, rosters, curricula, lists."""

from __future__ import annotations

from datetime import date

import pytest

from icati_desktop.domain.library import CurriculumStatus
from icati_desktop.store.mailing_lists import ListSelector, mailing_audience, parse_selector
from icati_desktop.store.network_curricula import (
    list_curricula,
    trained_breakdown,
    trained_people,
    trained_per_curriculum,
)
from icati_desktop.store.network_groups import group_members, list_groups
from icati_desktop.store.network_members import (
    MemberFilter,
    ParticipantFilter,
    members_page,
    network_size,
    participants_page,
)
from icati_desktop.store.network_roster import (
    ExpertSearch,
    RosterFilter,
    find_experts,
    roster_page,
    trainers_certified,
)
from icati_desktop.store.network_writes import change_group_members, set_curriculum_status
from icati_desktop.store.paging import PageRequest
from icati_desktop.store.records import PermissionDenied
from tests.store.helpers import StoreFactory
from tests.store.network_world import ON, build


def test_members_with_region_and_group_tags(make_store: StoreFactory) -> None:
    store = make_store(role="hq")
    build(store)
    with store.read() as session:
        page = members_page(session, MemberFilter(), PageRequest("country"))
        assert [m.country for m in page.rows] == ["BRA", "KEN"]  # Brazil before Kenya
        kenya = page.rows[1]
        assert (kenya.region, kenya.status) == ("Africa", "active")
        assert "AU" in kenya.groups  # the country's own tag
        assert members_page(session, MemberFilter(region="Africa"), PageRequest("name")).total == 1
        tagged = members_page(session, MemberFilter(group="OAS member"), PageRequest("name"))
        assert [m.country for m in tagged.rows] == ["BRA"]
        assert members_page(session, MemberFilter(group="AU"), PageRequest("name")).total == 1


def test_participants_are_people_whose_consent_covers_mailings(make_store: StoreFactory) -> None:
    store = make_store(role="hq")
    w = build(store)
    with store.read() as session:
        page = participants_page(session, ParticipantFilter(), PageRequest("display_name"), on=ON)
        # Chen consented to storage only; Dana withdrew; Eve consented without an email.
        assert [p.display_name for p in page.rows] == [
            "Amina Odhiambo",
            "Bruno Silva",
            "Eve Njoroge",
        ]
        assert network_size(session, ON) == 3
        assert network_size(session, date(2026, 1, 9)) == 0  # before anyone consented
        kenya = participants_page(
            session, ParticipantFilter(country="KEN"), PageRequest("display_name"), on=ON
        )
        assert {p.record_id for p in kenya.rows} == {w.people["amina"], w.people["eve"]}


def test_groups_list_their_members_with_their_mailing_consent(make_store: StoreFactory) -> None:
    store = make_store(role="hq")
    w = build(store)
    with store.read() as session:
        groups = list_groups(session)
        affinity = [g.name for g in groups if g.kind == "affinity_group"]
        assert len(affinity) == 6
        assert "Case management affinity group" in affinity
        assert any(g.kind == "advisory_group" for g in groups)
        community = next(g for g in groups if g.record_id == w.group_id)
        assert community.members == 5
        members = {
            m.display_name: m.mailing_consent for m in group_members(session, w.group_id, ON)
        }
    assert members["Amina Odhiambo"]
    assert not members["Chen Wei"]
    assert not members["Dana Mwangi"]
    change_group_members(store, w.group_id, remove=[w.people["chen"]])
    with store.read() as session:
        assert len(group_members(session, w.group_id, ON)) == 4


def test_expert_finder(make_store: StoreFactory) -> None:
    store = make_store(role="hq")
    w = build(store)
    with store.read() as session:
        found = find_experts(
            session, ExpertSearch(country="KEN", language="fr", expertise="case_management")
        )
        # Amina worked in Kenya (first); Bruno covers Africa; Chen is unavailable.
        assert [e.person_id for e in found] == [w.people["amina"], w.people["bruno"]]
        assert found[0].knows_country
        assert not found[1].knows_country
        assert (
            find_experts(session, ExpertSearch(country="KEN", language="sw"))[0].person_id
            == (w.people["amina"])
        )
        assert find_experts(session, ExpertSearch(country="CHN", language="fr")) == []
        assert find_experts(session, ExpertSearch(language="pt", expertise="research")) == []
        trainers = roster_page(session, RosterFilter(roster="trainer"), PageRequest("display_name"))
        assert [c.code for c in trainers.rows[0].certifications] == ["UTC 81"]
        assert trainers_certified(session) == 1
        assert trainers_certified(session, date(2026, 1, 31)) == 0


def test_curricula_pipeline_and_who_was_trained(make_store: StoreFactory) -> None:
    store = make_store(role="hq")
    w = build(store)
    with store.read() as session:
        curricula = {c.code: c for c in list_curricula(session)}
        utc81 = curricula["UTC 81"]
        assert (utc81.trained.people, utc81.trained.unnamed, utc81.trainers) == (1, 3, 1)
        assert curricula["ATI-SPECIALTY-1"].status == "drafting"
        assert [p.display_name for p in trained_people(session, w.curriculum_id)] == [
            "Amina Odhiambo"
        ]
        # The training was on 2026-04-02: inside April, outside March; Amina is Kenyan.
        april = trained_per_curriculum(
            session, [w.curriculum_id], (date(2026, 4, 1), date(2026, 4, 2))
        )
        assert april[w.curriculum_id].total == 4
        march = trained_per_curriculum(session, [w.curriculum_id], (None, date(2026, 4, 1)))
        assert march[w.curriculum_id].total == 0
        breakdown = trained_breakdown(session, w.curriculum_id)
        assert breakdown.by_country == {"KEN": 4}
        assert breakdown.by_sector == {"": 4}
    specialty = curricula["ATI-SPECIALTY-1"].record_id
    set_curriculum_status(store, specialty, CurriculumStatus.PILOTING)
    with store.read() as session:
        assert {c.code: c.status for c in list_curricula(session)}["ATI-SPECIALTY-1"] == "piloting"


def test_a_field_device_cannot_change_the_network(make_store: StoreFactory) -> None:
    store = make_store(role="hq")
    field = make_store()
    build(store)
    with field.read() as session:
        specialty = next(c for c in list_curricula(session) if c.status == "drafting").record_id
    with pytest.raises(PermissionDenied):
        set_curriculum_status(field, specialty, CurriculumStatus.PUBLISHED)


def test_mailing_audience_leaves_out_and_counts(make_store: StoreFactory) -> None:
    store = make_store(role="hq")
    w = build(store)
    with store.read() as session:
        everyone = mailing_audience(session, ListSelector("all"), ON)
        assert [r.email for r in everyone.recipients] == ["amina@example.org", "bruno@example.org"]
        assert everyone.left_out == {
            "no_mailing_consent": 1,  # Chen
            "consent_withdrawn": 1,  # Dana
            "no_email": 1,  # Eve
        }
        kenya = mailing_audience(session, parse_selector("country:ken"), ON)
        assert [r.display_name for r in kenya.recipients] == ["Amina Odhiambo"]
        assert kenya.left_out_total == 2
        group = mailing_audience(session, parse_selector(f"group:{w.group_id}"), ON)
        assert group.selected == 5
        assert len(group.recipients) == 2
        africa = mailing_audience(session, parse_selector("region:africa"), ON)
        assert africa.selected == 3
    with pytest.raises(ValueError, match="not a list"):
        parse_selector("planet:Mars")
