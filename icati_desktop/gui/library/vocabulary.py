"""Translated names for the library's codes: resource types, levels, topics, languages.

The tables live in :mod:`icati_desktop.store.labels` (Qt-free: the history and the CLI
use them too).
"""

from __future__ import annotations

from icati_desktop.i18n import _
from icati_desktop.store.labels import (
    LEVEL_LABELS,
    TOPIC_LABELS,
    TYPE_LABELS,
    language_label,
    topic_label,
)


def type_label(code: str) -> str:
    label = TYPE_LABELS.get(code)
    return _(label) if label else code.replace("_", " ")


def level_label(code: str | None) -> str:
    if code is None:
        return ""
    label = LEVEL_LABELS.get(code)
    return _(label) if label else code


__all__ = [
    "LEVEL_LABELS",
    "TOPIC_LABELS",
    "TYPE_LABELS",
    "language_label",
    "level_label",
    "topic_label",
    "type_label",
]
