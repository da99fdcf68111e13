"""Who uses this device, as the first-run wizard asks it (no database layer needed)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from icati_desktop.store.device import Role


class PersonRole(StrEnum):
    """Who uses this device. The device role (field or HQ) follows from it."""

    FIELD_EXPERT = "field_expert"
    FOCAL_POINT = "focal_point"
    CENTRAL_OFFICE = "central_office"

    @property
    def device_role(self) -> Role:
        from icati_desktop.store.device import Role

        return Role.HQ if self is PersonRole.CENTRAL_OFFICE else Role.FIELD
