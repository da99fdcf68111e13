"""ATI Atlas initiatives (field-authored "atlas submissions").

Field teams submit the initiatives they find; HQ curates them by authoring newer
versions like any trusted device. Coordinates are decimals (never floats, which have
no canonical text form) and are optional: many initiatives are known only by their
country or region.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, ClassVar, Self

from pydantic import Field, model_validator

from icati_desktop.domain.assessments import ExactDecimal
from icati_desktop.domain.base import LongText, Owner, RecordPayload, RecordRef, ShortText
from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.domain.directory import CountryCode, WebUrl, require_unique

Latitude = Annotated[ExactDecimal, Field(ge=-90, le=90)]
Longitude = Annotated[ExactDecimal, Field(ge=-180, le=180)]
Year = Annotated[int, Field(ge=1950, le=2100)]


class InitiativeModel(StrEnum):
    DRUG_TREATMENT_COURT = "drug_treatment_court"
    DEFLECTION = "deflection"
    DIVERSION = "diversion"
    PROBATION_BASED_TREATMENT = "probation_based_treatment"
    POLICE_REFERRAL = "police_referral"
    PRISON_BASED_TREATMENT = "prison_based_treatment"
    REENTRY = "reentry"
    OTHER = "other"


class InitiativeStatus(StrEnum):
    PLANNED = "planned"
    PILOT = "pilot"
    OPERATIONAL = "operational"
    EXPANDED = "expanded"
    CLOSED = "closed"


class Initiative(RecordPayload):
    record_type: ClassVar[str] = "initiative"
    owner: ClassVar[Owner] = Owner.FIELD

    country: CountryCode
    subnational_area: ShortText = ""
    name: ShortText = Field(min_length=1)
    description: LongText = ""
    model: InitiativeModel
    continuum_stages: list[ContinuumStage] = []
    status: InitiativeStatus
    start_year: Year | None = None
    lead_organisation: ShortText = ""
    lead_organisation_id: RecordRef | None = None
    """The lead organisation in the central directory, once it is there."""
    partners: list[ShortText] = []
    contact_person_id: RecordRef | None = None
    links: list[WebUrl] = []
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    source: ShortText = ""
    """Where the information comes from: a site visit, a report, a partner."""
    verified_on: date | None = None
    """When HQ last checked the entry; ``None`` shows it as "to confirm"."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude, or neither")
        require_unique(self.continuum_stages, "continuum stage")
        require_unique(self.links, "link")
        return self


RECORD_TYPES: tuple[type[RecordPayload], ...] = (Initiative,)
