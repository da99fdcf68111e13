"""Translated names for the library's codes: resource types, levels, topics, languages.

The names themselves live in :mod:`icati_desktop.vocabulary` (the search index needs them
too); here they are read in the current UI language.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from icati_desktop.i18n import current_language
from icati_desktop.vocabulary import (
    LEVEL_LABELS,
    TOPIC_LABELS,
    TYPE_LABELS,
    level_label,
    topic_label,
    type_label,
)

__all__ = [
    "LEVEL_LABELS",
    "TOPIC_LABELS",
    "TYPE_LABELS",
    "language_label",
    "level_label",
    "topic_label",
    "type_label",
]


def language_label(code: str) -> str:
    """A language code named in the UI language (CLDR through babel): "fr" → "French"."""
    try:
        name = Locale.parse(code).get_display_name(current_language())
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:] if name else code
