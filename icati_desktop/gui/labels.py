"""Translated names of things the store names by code."""

from __future__ import annotations

from icati_desktop.i18n import N_, _
from icati_desktop.store.type_labels import RECORD_TYPE_LABELS, record_type_label

ROLE_LABELS = {"hq": N_("central office"), "field": N_("field device")}


def role_label(role: str) -> str:
    """A device role ("hq", "field") in words."""
    label = ROLE_LABELS.get(role)
    return _(label) if label else role


__all__ = ["RECORD_TYPE_LABELS", "ROLE_LABELS", "record_type_label", "role_label"]
