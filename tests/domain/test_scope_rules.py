"""Where each record type travels: every field-authored type has a rule, and the rules say
what the docs say."""

from __future__ import annotations

from uuid import uuid4

import pytest
from pydantic import ValidationError

from icati_desktop.domain.device_scopes import DataRemoval, DeviceScope, device_scope_record_id
from icati_desktop.domain.scope_rules import (
    EVERY_DEVICE,
    addressed_to,
    country_bound_types,
    reference_types,
    scope_facts,
    unruled_field_types,
)

DEVICE = "3ade4f6e7f6108ff037121deed77181d"


def test_every_field_authored_type_has_a_rule() -> None:
    """A new field-authored type must say where it travels, or it would silently go nowhere."""
    assert unruled_field_types() == []


def test_reference_content_is_every_hq_type_except_what_is_addressed() -> None:
    assert {"country", "resource", "form_definition", "organisation", "event"} <= (
        reference_types()
    )
    assert not {"device_scope", "data_removal", "person", "meeting"} & reference_types()
    assert country_bound_types() == {
        "person",
        "consent",
        "contact",
        "meeting",
        "action_plan",
        "action_item",
        "assessment",
    }


def test_the_rules_per_type() -> None:
    person, other, plan = str(uuid4()), str(uuid4()), str(uuid4())
    meeting = scope_facts(
        "meeting", {"country": "KEN", "attendees": [{"person_id": person}, {"person_id": None}]}
    )
    assert (meeting.countries, meeting.pulls) == ({"KEN"}, {person})
    item = scope_facts(
        "action_item", {"country": "UGA", "action_plan_id": plan, "owner_person_id": other}
    )
    assert (item.countries, item.follows, item.pulls) == ({"UGA"}, {plan}, {other})
    assert scope_facts("person", {"country": None}).countries == frozenset()
    assert scope_facts("consent", {"person_id": person}).follows == {person}
    atlas = scope_facts("initiative", {"country": "MEX", "contact_person_id": person})
    assert (atlas.countries, atlas.pulls) == ({EVERY_DEVICE}, {person})
    assert scope_facts("device_scope", {"device_id": DEVICE}).countries == {addressed_to(DEVICE)}


def test_a_scope_lists_countries_once_in_order_or_all() -> None:
    assert DeviceScope(device_id=DEVICE, countries=["KEN", "UGA"]).countries == ["KEN", "UGA"]
    # the canonical form: once each, in order (a version written otherwise is refused at
    # import as not canonical; a merge of two sides' sets is put in this order)
    assert DeviceScope(device_id=DEVICE, countries=["UGA", "KEN", "UGA"]).countries == [
        "KEN",
        "UGA",
    ]
    with pytest.raises(ValidationError, match="lists no country"):
        DeviceScope(device_id=DEVICE, all_countries=True, countries=["KEN"])
    with pytest.raises(ValidationError, match="device id"):
        DeviceScope(device_id="not a device")
    with pytest.raises(ValidationError):
        DataRemoval(device_id=DEVICE, countries=[])
    assert device_scope_record_id(DEVICE) == device_scope_record_id(DEVICE)
