"""First run: what a new store needs before its first window, and setting it up in one go.

The first-run wizard collects the choices; :func:`complete_first_run` applies them on the
database thread: the device identity and default content, the person's preferences,
and optionally the HQ's central bundle (trusted only with the fingerprint the person
confirmed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from icati_desktop.i18n import _
from icati_desktop.store.device import DeviceInfo
from icati_desktop.store.preferences import COUNTRIES_OF_INTEREST, PERSON_ROLE, PersonRole
from icati_desktop.store.settings import set_setting
from icati_desktop.store.store import Store
from icati_desktop.sync.bootstrap import trust_and_import
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.errors import BundleRejected
from icati_desktop.sync.importer import ImportResult
from icati_desktop.sync.trust import TrustError


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
    if not store.is_sqlite and choices.person_role is not PersonRole.CENTRAL_OFFICE:
        raise ValueError(
            _(
                "A central database is the central office's: choose “Central office (HQ)” as "
                "your role, or go back to this computer's own data."
            )
        )
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
