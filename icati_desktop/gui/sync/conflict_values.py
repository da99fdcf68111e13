"""Conflict texts and item roles shared by the inbox's models, delegates and page.

The words themselves come from :mod:`icati_desktop.store.conflict_text` (read on the
database thread); the item-data roles carry a cell's state to the delegates.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from icati_desktop.i18n import _, is_rtl
from icati_desktop.store.conflicts import ConflictLeaf

Index = QModelIndex | QPersistentModelIndex
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 1
CHOSEN_ROLE = Qt.ItemDataRole.UserRole + 2
CHOOSABLE_ROLE = Qt.ItemDataRole.UserRole + 3
DIFFERS_ROLE = Qt.ItemDataRole.UserRole + 4
CHOSEN_TINT = QColor(26, 115, 232, 38)
ERROR_TINT = QColor(179, 38, 30, 40)


def isolate(text: str) -> str:
    """Text set apart from its neighbours' direction (names and values inside Arabic)."""
    return f"\u2068{text}\u2069" if is_rtl() else text


def author_name(leaf: ConflictLeaf, own: bool, name: str | None = None) -> str:
    """The author of a competing version: its device's name, "(this device)" if own."""
    name = name or leaf.origin_name or _("device {id}").format(id=leaf.origin[:8])
    return _("{name} (this device)").format(name=isolate(name)) if own else isolate(name)
