"""Which countries each field device works on, and HQ's requests to remove data from one.

Both are HQ-owned and *addressed*: a central bundle carries them only to the device they
name (see :mod:`icati_desktop.domain.scope_rules`).

* :class:`DeviceScope` — one record per device (its id derives from the device id, so two
  HQ devices setting the same device's countries edit one record): the countries whose
  field records HQ sends to it, or ``all_countries`` for a regional or global expert.
* :class:`DataRemoval` — one record per request: "remove these countries' field records
  from your store". A device applies it once, to what it holds that its current scope no
  longer covers, and never to its own work HQ has not acknowledged yet.
"""

from __future__ import annotations

import re
from typing import Annotated, ClassVar, Self
from uuid import UUID

from pydantic import AfterValidator, Field, model_validator

from icati_desktop.domain.base import Owner, RecordPayload
from icati_desktop.domain.directory import CountryCode
from icati_desktop.domain.ids import content_record_id

_DEVICE_ID = re.compile(r"^[0-9a-f]{32}$")
MAX_COUNTRIES = 300


def _device_id(value: str) -> str:
    if not _DEVICE_ID.match(value):
        raise ValueError(f"{value[:40]!r} is not a device id (32 lowercase hex digits)")
    return value


def _sorted_unique(values: list[str]) -> list[str]:
    """Each country once, in alphabetical order: the canonical form, so a version listing
    them otherwise is refused at import, and two HQ devices' concurrent changes merge as a
    set (the merge's order is made canonical here)."""
    return sorted(set(values))


DeviceId = Annotated[str, AfterValidator(_device_id)]
CountryList = Annotated[
    list[CountryCode], Field(max_length=MAX_COUNTRIES), AfterValidator(_sorted_unique)
]


class DeviceScope(RecordPayload):
    """The countries whose field records HQ shares with one enrolled device."""

    record_type: ClassVar[str] = "device_scope"
    owner: ClassVar[Owner] = Owner.HQ

    device_id: DeviceId
    all_countries: bool = False
    """A regional or global expert: every country's records."""
    countries: CountryList = []
    """ISO alpha-3 codes, sorted; empty when ``all_countries``."""

    @model_validator(mode="after")
    def _all_or_a_list(self) -> Self:
        if self.all_countries and self.countries:
            raise ValueError("a scope of all countries lists no country")
        return self


class DataRemoval(RecordPayload):
    """HQ asks one device to remove the field records of some countries from its store."""

    record_type: ClassVar[str] = "data_removal"
    owner: ClassVar[Owner] = Owner.HQ

    device_id: DeviceId
    countries: Annotated[CountryList, Field(min_length=1)]


def device_scope_record_id(device_id: str) -> UUID:
    """The one ``device_scope`` record of a device, the same on every HQ device."""
    return content_record_id(DeviceScope.record_type, _device_id(device_id))


RECORD_TYPES: tuple[type[RecordPayload], ...] = (DeviceScope, DataRemoval)
