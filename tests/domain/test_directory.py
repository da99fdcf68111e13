from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from pydantic import ValidationError

from icati_desktop.domain.base import Owner
from icati_desktop.domain.directory import (
    ERASABLE_TYPES,
    ConsentRecord,
    ConsentScope,
    Contact,
    Organisation,
    Person,
    Sector,
)


def consent(**changes: object) -> ConsentRecord:
    fields: dict[str, object] = {
        "person_id": str(uuid4()),
        "given": True,
        "scope": "network_mailings",
        "decided_on": "2024-03-14",
        "method": "in_person",
        "notice_version": "2024-01",
        "recorded_by": "TA expert, Nairobi mission",
    }
    return ConsentRecord.model_validate(fields | changes)


def test_ownership_lets_the_field_record_people_and_consent() -> None:
    assert Organisation.owner is Owner.HQ
    assert Person.owner is Owner.FIELD
    assert ConsentRecord.owner is Owner.FIELD


def test_organisation_validates() -> None:
    org = Organisation(
        name="United Nations Office on Drugs and Crime",
        acronym="UNODC",
        sector=Sector.INTERNATIONAL,
        website="https://www.unodc.org",
    )
    assert org.country is None


def test_organisation_rejects_a_website_without_scheme() -> None:
    with pytest.raises(ValidationError, match="not a web address"):
        Organisation(name="X", sector=Sector.HEALTH, website="www.example.org")


def test_contact_details_are_kept_apart_from_the_person() -> None:
    person = Person(
        display_name="Amina Otieno",
        country="KEN",
        sector=Sector.CIVIL_SOCIETY,
        stages=["pre_trial", "court"],
        decision_authority=True,
        languages=["en", "sw"],
    )
    assert "emails" not in person.model_dump()
    contact = Contact(person_id=uuid4(), emails=["amina@example.org"], phones=["+254 20 123 4567"])
    assert contact.phones == ["+254 20 123 4567"]
    assert {"person", "contact"} == ERASABLE_TYPES


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("country", "KE", "alpha-3"),
        ("country", "ken", "alpha-3"),
        ("languages", ["english"], "ISO 639-1"),
        ("stages", ["court", "court"], "listed twice"),
        ("display_name", "", "at least 1 character"),
        ("emails", ["amina@example.org"], "Extra inputs"),
    ],
)
def test_person_rejects_bad_input(field: str, value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Person.model_validate({"display_name": "Amina", field: value})


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("emails", ["amina.example.org"], "not an email address"),
        ("phones", ["call me"], "not a phone number"),
        ("emails", ["a@x.org", "A@X.org"], "listed twice"),
    ],
)
def test_contact_rejects_bad_input(field: str, value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Contact.model_validate({"person_id": str(uuid4()), field: value})


def test_consent_validates_and_is_active_until_withdrawn() -> None:
    record = consent(withdrawn_on="2024-06-01")
    assert record.scope is ConsentScope.NETWORK_MAILINGS
    assert record.is_active(date(2024, 5, 31))
    assert not record.is_active(date(2024, 6, 1))
    assert not record.is_active(date(2024, 3, 13))


def test_consent_needs_a_person() -> None:
    fields = consent().model_dump(exclude={"person_id"})
    with pytest.raises(ValidationError, match="person_id"):
        ConsentRecord.model_validate(fields)


def test_consent_needs_the_notice_version_shown() -> None:
    with pytest.raises(ValidationError, match="notice_version"):
        consent(notice_version="")


def test_a_refusal_is_recorded_but_never_active() -> None:
    refusal = consent(given=False)
    assert not refusal.is_active(date(2024, 4, 1))
    with pytest.raises(ValidationError, match="refusal cannot be withdrawn"):
        consent(given=False, withdrawn_on="2024-04-01")


def test_consent_cannot_be_withdrawn_before_it_was_given() -> None:
    with pytest.raises(ValidationError, match="before the day it was given"):
        consent(withdrawn_on="2024-03-01")


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        consent(email="amina@example.org")
