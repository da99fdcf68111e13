"""The directory: organisations, people and their consent.

Ownership. DESIGN.md lists "directory" among the central-owned types, but a central-only
person record would break the field work the app exists for: a TA expert meets a
prosecutor on site, often offline, and must record the contact *and the proof of consent*
there and then (GDPR Art. 7 puts the burden of proof on us; it cannot wait for a round
trip to HQ). A withdrawal must be as easy to record as the consent, so a country focal
point must be able to record it offline too. Hence:

* :class:`Organisation` is **HQ-owned**: a curated, de-duplicated list that HQ publishes
  in the central bundle. A field device that meets a new organisation writes its name in
  ``Person.organisation_name`` until HQ links it.
* :class:`Person` and :class:`ConsentRecord` are **field-authored**: any trusted device
  (HQ included) may author versions, so HQ can still correct and merge entries.

Contact details (emails, phones) live on :class:`Contact` and nowhere else: meetings,
events and rosters refer to people by id only, and the person record holds no contact, so
withdrawing consent deletes one contact record and erasing a person deletes the person and
their contacts. Deleting a person or a contact is an *erasure* (:data:`ERASABLE_TYPES`).
Consent is its own record, apart from both the person and the meetings they attended,
because it is evidence: each version is kept, so the history of who recorded what, under
which notice, is the proof. Which people may travel in a
central bundle (only those with ``share_with_partners`` consent) is the bundle writer's
rule, not the model's.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from datetime import date
from enum import StrEnum
from typing import Annotated, ClassVar, Self, TypeVar

from pydantic import AfterValidator, Field, model_validator

from icati_desktop.domain.base import LongText, Owner, RecordPayload, RecordRef, ShortText
from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.domain.ids import LanguageCode

_ALPHA3 = re.compile(r"^[A-Z]{3}$")
_URL = re.compile(r"^https?://[^\s/]\S*$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ().\-/]+$")
_H = TypeVar("_H", bound=Hashable)


class Sector(StrEnum):
    """The stakeholder sectors of DOMAIN.md ("Stakeholders and meeting records")."""

    JUSTICE = "justice"
    HEALTH = "health"
    COMMUNITY = "community"
    CASE_MANAGEMENT = "case_management"
    RESEARCH = "research"
    INTERNATIONAL = "international"
    CIVIL_SOCIETY = "civil_society"


class ConsentScope(StrEnum):
    """What a person agreed to. Each scope is a separate, separately revocable consent."""

    STORE_ONLY = "store_only"
    SHARE_WITH_PARTNERS = "share_with_partners"
    NETWORK_MAILINGS = "network_mailings"


class ConsentMethod(StrEnum):
    """How the consent (or refusal) was expressed."""

    IN_PERSON = "in_person"
    """Signed or ticked in front of the person recording it."""
    VERBAL = "verbal"
    """Said aloud (in a meeting or a call); say who witnessed it in the record."""
    EMAIL = "email"
    FORM = "form"
    """A paper or online form; keep the form as evidence where possible."""
    OTHER = "other"


def _alpha3(value: str) -> str:
    if not _ALPHA3.match(value):
        raise ValueError(f"{value!r} is not an ISO 3166 alpha-3 country code (e.g. 'KEN', 'COL')")
    return value


def _web_url(value: str) -> str:
    if not _URL.match(value):
        raise ValueError(f"{value!r} is not a web address (it must start with http:// or https://)")
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an email address")
    return value


def _phone(value: str) -> str:
    if not _PHONE.match(value) or sum(c.isdigit() for c in value) < 5:
        raise ValueError(
            f"{value!r} is not a phone number (digits, spaces, + - ( ) . / only; at least 5 digits)"
        )
    return value


CountryCode = Annotated[str, AfterValidator(_alpha3)]
"""A country by its ISO 3166 alpha-3 code, as in ``Country.alpha3`` (a soft reference)."""
WebUrl = Annotated[str, Field(max_length=2000), AfterValidator(_web_url)]
"""An http(s) address, kept as text (URL objects have no canonical form)."""
EmailAddress = Annotated[str, Field(max_length=320), AfterValidator(_email)]
PhoneNumber = Annotated[str, Field(max_length=40), AfterValidator(_phone)]


def require_unique(values: Sequence[_H], what: str) -> None:
    """Reject repeated entries in a list field (they would double-count in indicators)."""
    seen: set[_H] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} {value} is listed twice")
        seen.add(value)


class Organisation(RecordPayload):
    """An institution ICATI works with (ministry, court, NGO, university, UN agency…)."""

    record_type: ClassVar[str] = "organisation"
    owner: ClassVar[Owner] = Owner.HQ

    name: ShortText = Field(min_length=1)
    acronym: Annotated[str, Field(max_length=40)] | None = None
    country: CountryCode | None = None
    """``None`` for international and regional bodies."""
    sector: Sector
    sub_sector: ShortText = ""
    """Free text within the sector: "prosecution", "probation", "treatment provider"…"""
    website: WebUrl | None = None
    notes: LongText = ""


class Person(RecordPayload):
    """A stakeholder, trainer or network member, without contact details (see :class:`Contact`)."""

    record_type: ClassVar[str] = "person"
    owner: ClassVar[Owner] = Owner.FIELD

    display_name: ShortText = Field(min_length=1)
    given_name: ShortText | None = None
    family_name: ShortText | None = None
    organisation_id: RecordRef | None = None
    organisation_name: ShortText = ""
    """As written on site, for organisations not (yet) in the central directory."""
    role: ShortText = ""
    """Role or title: "public prosecutor", "head of probation"…"""
    sector: Sector | None = None
    country: CountryCode | None = None
    stages: Annotated[list[ContinuumStage], Field(max_length=4)] = []
    """The stages of the justice continuum the person works on."""
    decision_authority: bool = False
    """Whether the person can decide (sign off policy, budgets, referrals) rather than advise."""
    languages: Annotated[list[LanguageCode], Field(max_length=20)] = []

    @model_validator(mode="after")
    def _no_repeats(self) -> Self:
        require_unique(self.stages, "stage")
        require_unique(self.languages, "language")
        return self


class Contact(RecordPayload):
    """A person's contact details, kept apart from everything else.

    Its own record so that withdrawing consent or erasing the person deletes it, and a
    deleted contact (like a deleted person) is *erased*: every device that learns of the
    deletion purges the record's older versions (see :data:`ERASABLE_TYPES`). A person
    who gives consent again gets a new contact record.
    """

    record_type: ClassVar[str] = "contact"
    owner: ClassVar[Owner] = Owner.FIELD

    person_id: RecordRef
    emails: Annotated[list[EmailAddress], Field(max_length=20)] = []
    phones: Annotated[list[PhoneNumber], Field(max_length=20)] = []

    @model_validator(mode="after")
    def _no_repeats(self) -> Self:
        require_unique([e.casefold() for e in self.emails], "email")
        return self


class ConsentRecord(RecordPayload):
    """One person's decision about one scope, with what is needed to prove it.

    A refusal is recorded too (``given`` false), so nobody asks again at every
    meeting. Withdrawing sets ``withdrawn_on`` in a new version of the same record; the
    earlier versions remain as the proof that consent existed until then.
    """

    record_type: ClassVar[str] = "consent"
    owner: ClassVar[Owner] = Owner.FIELD

    person_id: RecordRef
    given: bool
    scope: ConsentScope
    decided_on: date
    """The day consent was given (or refused)."""
    method: ConsentMethod
    method_detail: ShortText = ""
    """E.g. who witnessed a verbal consent, or the form's reference."""
    notice_version: ShortText = Field(min_length=1)
    """The version of the privacy notice the person was shown."""
    withdrawn_on: date | None = None
    recorded_by: ShortText = Field(min_length=1)

    @model_validator(mode="after")
    def _withdrawal_follows_consent(self) -> Self:
        if self.withdrawn_on is not None:
            if not self.given:
                raise ValueError("a refusal cannot be withdrawn: record a new consent instead")
            if self.withdrawn_on < self.decided_on:
                raise ValueError("consent cannot be withdrawn before the day it was given")
        return self

    def is_active(self, on: date) -> bool:
        """Whether this consent covers processing on the given day."""
        if not self.given or on < self.decided_on:
            return False
        return self.withdrawn_on is None or on < self.withdrawn_on


RECORD_TYPES: tuple[type[RecordPayload], ...] = (Organisation, Person, Contact, ConsentRecord)

ERASABLE_TYPES: frozenset[str] = frozenset({Person.record_type, Contact.record_type})
"""Record types whose deletion is an erasure: the deletion is final and every device that
holds it keeps the record's other versions only as *redacted* versions (id, parents and
clock; no content). See docs/bundle-format.md, "Erasure"."""
