"""Conflict texts and item roles shared by the inbox's models, delegates and page.

Field names are shown with translated labels; payload values in words (translated text in
the current language first). The item-data roles carry a cell's state to the delegates.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from icati_desktop.i18n import N_, _, current_language
from icati_desktop.store.conflicts import ConflictLeaf

Index = QModelIndex | QPersistentModelIndex
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 1
CHOSEN_ROLE = Qt.ItemDataRole.UserRole + 2
CHOOSABLE_ROLE = Qt.ItemDataRole.UserRole + 3
DIFFERS_ROLE = Qt.ItemDataRole.UserRole + 4
ERROR_STYLE = "color: #b3261e;"
CHOSEN_TINT = QColor(26, 115, 232, 38)
ERROR_TINT = QColor(179, 38, 30, 40)

FIELD_LABELS = {
    "title": N_("Title"),
    "summary": N_("Summary"),
    "description": N_("Description"),
    "name": N_("Name"),
    "display_name": N_("Name"),
    "resource_type": N_("Type"),
    "publisher": N_("Publisher"),
    "year": N_("Year"),
    "languages": N_("Languages"),
    "topics": N_("Topics"),
    "level": N_("Level"),
    "country": N_("Country"),
    "status": N_("Status"),
    "notes": N_("Notes"),
    "held_on": N_("Date"),
    "links": N_("Links"),
    "attachments": N_("Attachments"),
}


def field_label(name: str) -> str:
    """A field's label; for a path (``answers/d3/value``) the field's, then the rest."""
    head, *rest = name.split("/")
    label = FIELD_LABELS.get(head)
    text = _(label) if label else head.replace("_", " ").capitalize()
    return " \u203a ".join([text, *rest])


def value_text(value: Any) -> str:
    """A payload value in words: text as is, lists joined, translated text by language."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        language = current_language()
        ordered = sorted(value, key=lambda k: (k != language, k != "en", k))
        return " · ".join(f"{value[k]} ({k})" if len(value) > 1 else value[k] for k in ordered)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def author_name(leaf: ConflictLeaf, own: bool) -> str:
    name = leaf.origin_name or leaf.origin[:8]
    return _("{name} (this device)").format(name=name) if own else name
