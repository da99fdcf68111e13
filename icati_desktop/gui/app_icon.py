"""The application icon (``resources/app-icon/``): window title bars, task bars, Alt+Tab."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from icati_desktop import paths

ICON_NAME = "icati-desktop"
"""Also the name of the Linux desktop entry (``icati-desktop.desktop``) and its icon."""


def application_icon() -> QIcon:
    """Every drawn PNG size, so Qt picks a sharp one (no SVG plug-in needed)."""
    icon = QIcon()
    for png in sorted(paths.resource("app-icon").glob(f"{ICON_NAME}-*.png")):
        icon.addFile(str(png))
    return icon


__all__ = ["ICON_NAME", "application_icon"]
