"""The person's preferences kept in the store: their role and the countries they follow."""

from __future__ import annotations

from icati_desktop.store.device import read_device
from icati_desktop.store.person_role import PersonRole
from icati_desktop.store.settings import get_setting
from icati_desktop.store.store import Store

__all__ = ["COUNTRIES_OF_INTEREST", "PERSON_ROLE", "PersonRole"]

COUNTRIES_OF_INTEREST = "ui.countries_of_interest"
"""Store setting: JSON list of ISO alpha-3 codes the person follows."""
PERSON_ROLE = "ui.person_role"
"""Store setting: the person's role as the UI knows it (a :class:`PersonRole` value)."""


def needs_first_run(store: Store) -> bool:
    """True while the store has no device: the wizard must run before the main window."""
    with store.read() as session:
        return read_device(session) is None


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
