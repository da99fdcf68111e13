"""Which records a device receives: the rule per record type, as pure functions of payloads.

A central bundle made for a device carries

* every HQ-owned record that is **reference content** (countries, library, curricula,
  forms, the directory's organisations, events, memberships, mailing lists, rosters);
* the HQ-owned records **addressed** to that device (its scope, HQ's removal requests);
  a device with every country receives everything HQ holds, these included;
* the Atlas (initiatives), field-authored but shared with every device;
* the field records of the device's countries, by the rules below.

Each version of a field record yields :class:`ScopeFacts`: the countries it names, the
records it *follows* (it travels wherever they travel) and the records it *pulls* (they
travel wherever it travels). A record belongs to a scope when one of its versions ever
named a country of the scope, or when it follows, or is pulled by, a record that
belongs. "Ever" makes deletions and moves reach every device that may hold the record.

* ``meeting``: its country; pulls its attendees (people).
* ``action_plan``: its country; pulls its focal point.
* ``action_item``: its country, and it follows its plan; pulls its owner.
* ``assessment``: its country; pulls its participants.
* ``person``: its country, if it has one (and wherever a record pulls it).
* ``consent``: follows its person.
* ``contact``: follows its person (contact details kept apart; erasure empties them).
* ``initiative``: every device (the Atlas); pulls its contact person.

A person without a country whom no record names reaches only devices with every
country. HQ's directory records that name people (event participants, members,
rosters) do not pull them: those lists span every country, and pulling would send
everyone's contact details to every device.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from icati_desktop.domain.base import Owner
from icati_desktop.domain.registry import record_types

EVERY_DEVICE = "*"
"""The pseudo-country of records every device receives (the Atlas)."""


def addressed_to(device_id: str) -> str:
    """The pseudo-country of the records addressed to one device."""
    return f"@{device_id}"


ADDRESSED_TYPES = frozenset({"device_scope", "data_removal"})
"""HQ-owned types a central bundle carries only to the device they name (and to devices with
every country, which receive everything)."""
SHARED_FIELD_TYPES = frozenset({"initiative"})
"""Field-authored types every device receives (reference content, though written in the field)."""


@dataclass(frozen=True)
class ScopeFacts:
    countries: frozenset[str] = frozenset()
    follows: frozenset[str] = frozenset()
    pulls: frozenset[str] = frozenset()


def _ids(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(str(v) for v in values if v)


def _one(value: Any) -> frozenset[str]:
    return frozenset({str(value)}) if value else frozenset()


def _meeting(p: dict[str, Any]) -> ScopeFacts:
    people = (a.get("person_id") for a in p.get("attendees") or [] if isinstance(a, dict))
    return ScopeFacts(_one(p.get("country")), pulls=_ids(people))


def _action_plan(p: dict[str, Any]) -> ScopeFacts:
    return ScopeFacts(_one(p.get("country")), pulls=_one(p.get("focal_point_person_id")))


def _action_item(p: dict[str, Any]) -> ScopeFacts:
    return ScopeFacts(
        _one(p.get("country")),
        follows=_one(p.get("action_plan_id")),
        pulls=_one(p.get("owner_person_id")),
    )


def _assessment(p: dict[str, Any]) -> ScopeFacts:
    return ScopeFacts(_one(p.get("country")), pulls=_ids(p.get("participant_ids") or []))


def _person(p: dict[str, Any]) -> ScopeFacts:
    return ScopeFacts(_one(p.get("country")))


def _consent(p: dict[str, Any]) -> ScopeFacts:
    return ScopeFacts(follows=_one(p.get("person_id")))


def _initiative(p: dict[str, Any]) -> ScopeFacts:
    return ScopeFacts(frozenset({EVERY_DEVICE}), pulls=_one(p.get("contact_person_id")))


def _addressed(p: dict[str, Any]) -> ScopeFacts:
    return ScopeFacts(frozenset({addressed_to(str(p.get("device_id")))}))


_RULES: dict[str, Callable[[dict[str, Any]], ScopeFacts]] = {
    "meeting": _meeting,
    "action_plan": _action_plan,
    "action_item": _action_item,
    "assessment": _assessment,
    "person": _person,
    "consent": _consent,
    "contact": _consent,
    "initiative": _initiative,
    "device_scope": _addressed,
    "data_removal": _addressed,
}


def scoped_types() -> frozenset[str]:
    """The record types whose records are chosen per device (every field type, addressed ones)."""
    return frozenset(_RULES)


def country_bound_types() -> frozenset[str]:
    """Field-authored types that follow countries (what a removal may take away)."""
    return frozenset(_RULES) - SHARED_FIELD_TYPES - ADDRESSED_TYPES


def reference_types() -> frozenset[str]:
    """HQ-owned types every device receives, content-only bundles included."""
    return frozenset(
        name
        for name, model in record_types().items()
        if model.owner is Owner.HQ and name not in ADDRESSED_TYPES
    )


def scope_facts(record_type: str, payload: dict[str, Any]) -> ScopeFacts:
    """What one live version says about where its record travels."""
    rule = _RULES.get(record_type)
    if rule is None:
        raise KeyError(f"no scope rule for record type {record_type!r}")
    return rule(payload)


def unruled_field_types() -> list[str]:
    """Field-authored types without a rule here (must stay empty: a test checks it)."""
    return sorted(
        name
        for name, model in record_types().items()
        if model.owner is Owner.FIELD and name not in _RULES
    )
