"""First run: what a new store needs before its first window, and setting it up in one go.

The first-run wizard collects the choices; :func:`complete_first_run` applies them on the
database thread: the device identity and default content, the person's preferences,
and optionally the HQ's central bundle (trusted only with the fingerprint the person
confirmed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel
from sqlalchemy import select

from icati_desktop import paths
from icati_desktop.domain.default_content import load_countries
from icati_desktop.store.device import DeviceInfo, Role, read_device
from icati_desktop.store.opening import initialise_device
from icati_desktop.store.settings import get_setting, set_setting
from icati_desktop.store.store import Store
from icati_desktop.store.tables.reference import CountryRow
from icati_desktop.store.trust import TrustError
from icati_desktop.sync.bootstrap import trust_and_import
from icati_desktop.sync.errors import BundleRejected
from icati_desktop.sync.importer import ImportResult

COUNTRIES_OF_INTEREST = "ui.countries_of_interest"
"""Store setting: JSON list of ISO alpha-3 codes the person follows."""
PERSON_ROLE = "ui.person_role"
"""Store setting: the person's role as the UI knows it (a :class:`PersonRole` value)."""


class PersonRole(StrEnum):
    """Who uses this device. The device role (field or HQ) follows from it."""

    FIELD_EXPERT = "field_expert"
    FOCAL_POINT = "focal_point"
    CENTRAL_OFFICE = "central_office"

    @property
    def device_role(self) -> Role:
        return Role.HQ if self is PersonRole.CENTRAL_OFFICE else Role.FIELD


class CountryChoice(BaseModel):
    alpha2: str
    alpha3: str
    name: str
    """The English default name (the UI shows a localized one)."""


@dataclass(frozen=True)
class FirstRunChoices:
    person_role: PersonRole
    name: str
    countries: tuple[str, ...]
    """ISO alpha-3 codes."""
    central_bundle: Path | None = None
    confirmed_fingerprint: str | None = None


class FirstRunResult(BaseModel):
    device_id: str
    role: str
    name: str
    imported: ImportResult | None
    import_refused: str | None = None
    """Why the central bundle was not imported (the device is set up all the same)."""
    import_refused_code: str | None = None
    """The :class:`RejectCode` value, or ``trust`` for a refused trust."""


def needs_first_run(store: Store) -> bool:
    """True while the store has no device: the wizard must run before the main window."""
    with store.read() as session:
        return read_device(session) is None


def country_choices(store: Store) -> list[CountryChoice]:
    """The countries a person can follow: the store's, or the built-in list on a new store."""
    with store.read() as session:
        rows = session.scalars(select(CountryRow).order_by(CountryRow.name)).all()
        choices = [CountryChoice(alpha2=r.alpha2, alpha3=r.alpha3, name=r.name) for r in rows]
    if choices:
        return choices
    builtin = load_countries(paths.resource("content"))
    return sorted(
        (CountryChoice(alpha2=c.alpha2, alpha3=c.alpha3, name=c.name) for _, c in builtin),
        key=lambda c: c.name,
    )


def countries_of_interest(store: Store) -> list[str]:
    with store.read() as session:
        value = get_setting(session, COUNTRIES_OF_INTEREST, [])
    return [str(code) for code in value] if isinstance(value, list) else []


def person_role(store: Store) -> PersonRole | None:
    with store.read() as session:
        value = get_setting(session, PERSON_ROLE)
    try:
        return PersonRole(value)
    except ValueError:
        return None


def complete_first_run(
    store: Store,
    choices: FirstRunChoices,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> FirstRunResult:
    """Create the device, keep the preferences, then import HQ's bundle if one was chosen.

    If the import (or trusting HQ) is refused, the device and preferences stay, HQ is not
    trusted, and the result says why: the person can import a bundle later from Sync.
    Failures to create the device propagate.
    """
    if choices.central_bundle is not None and not choices.confirmed_fingerprint:
        raise ValueError("a central bundle is imported only after its fingerprint is confirmed")
    device: DeviceInfo = initialise_device(store, choices.person_role.device_role, choices.name)
    with store.write() as tx:
        set_setting(tx.session, PERSON_ROLE, choices.person_role.value)
        set_setting(tx.session, COUNTRIES_OF_INTEREST, sorted(set(choices.countries)))
    result = FirstRunResult(
        device_id=device.device_id, role=device.role.value, name=device.name, imported=None
    )
    if choices.central_bundle is None or not choices.confirmed_fingerprint:
        return result
    try:
        imported = trust_and_import(
            store,
            choices.central_bundle,
            choices.confirmed_fingerprint,
            progress=progress,
            cancelled=cancelled,
        )
    except BundleRejected as exc:
        return result.model_copy(
            update={"import_refused": exc.message, "import_refused_code": exc.code.value}
        )
    except TrustError as exc:
        return result.model_copy(
            update={"import_refused": str(exc), "import_refused_code": "trust"}
        )
    return result.model_copy(update={"imported": imported})
