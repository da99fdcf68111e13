"""The test's own reading of which records a device receives (docs/bundle-format.md, "Scopes").

Written in plain Python over HQ's versions, independently of the exporter's recursive SQL
and of ``domain.scope_rules``, so the convergence test compares two implementations.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from icati_desktop.domain.base import Owner
from icati_desktop.domain.registry import owner_of
from icati_desktop.sync.scopes import ScopeChoice

ADDRESSED = {"device_scope", "data_removal"}
EVERYWHERE = {"initiative"}


def _links(record_type: str, record_id: str, p: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """(follower, followed): the follower goes wherever the followed record goes."""
    if record_type == "action_item":
        yield record_id, str(p["action_plan_id"])
        if p.get("owner_person_id"):
            yield str(p["owner_person_id"]), record_id
    elif record_type == "consent":
        yield record_id, str(p["person_id"])
    elif record_type == "meeting":
        for attendee in p.get("attendees", []):
            if attendee.get("person_id"):
                yield str(attendee["person_id"]), record_id
    elif record_type == "action_plan" and p.get("focal_point_person_id"):
        yield str(p["focal_point_person_id"]), record_id
    elif record_type == "assessment":
        for person in p.get("participant_ids", []):
            yield str(person), record_id
    elif record_type == "initiative" and p.get("contact_person_id"):
        yield str(p["contact_person_id"]), record_id


def entitled_records(rows: Sequence[Sequence[Any]], device: str, scope: ScopeChoice) -> set[str]:
    """Record ids a device with ``scope`` must hold, from (version id, type, record id,
    payload JSON) rows of every version HQ holds."""
    if scope.all_countries:  # every country, but never another device's scope or removal
        return {
            record_id
            for _version_id, record_type, record_id, payload_json in rows
            if record_type not in ADDRESSED
            or (payload_json is not None and json.loads(payload_json)["device_id"] == device)
        }
    entitled: set[str] = set()
    links: set[tuple[str, str]] = set()
    for _version_id, record_type, record_id, payload_json in rows:
        payload = json.loads(payload_json)
        if owner_of(record_type) is Owner.HQ and record_type not in ADDRESSED:
            entitled.add(record_id)
        if payload is None:
            continue
        if record_type in ADDRESSED and payload["device_id"] == device:
            entitled.add(record_id)
        if record_type in EVERYWHERE or (payload.get("country") in scope.countries):
            entitled.add(record_id)
        links.update(_links(record_type, record_id, payload))
    grew = True
    while grew:
        new = {follower for follower, followed in links if followed in entitled} - entitled
        entitled |= new
        grew = bool(new)
    return entitled
