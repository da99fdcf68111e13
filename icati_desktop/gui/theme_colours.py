"""The colours of each look: light, dark and high contrast (no Qt here, only names).

One table, read by the stylesheet template (``ui/style.qss``), the palette and the icons.
Status colours carry meaning (overdue, blocked, done, conflict…) and keep at least 4.5:1
contrast on their theme's window colour (WCAG AA for text); the high-contrast look uses
7:1 or more (AAA) and draws borders everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Look(StrEnum):
    """What a person can choose in View > Appearance."""

    SYSTEM = "system"
    """Light or dark, as the operating system says (and follows it when it changes)."""
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high_contrast"


@dataclass(frozen=True)
class Colours:
    window: str
    base: str
    alternate: str
    text: str
    muted: str
    border: str
    accent: str
    accent_text: str
    heading: str
    navigation: str
    selection: str
    selection_text: str
    error: str
    warning: str
    done: str
    overdue: str
    blocked: str
    conflict: str
    info: str
    tint_error: str
    tint_warning: str
    tint_done: str
    tint_info: str
    border_width: int = 1


LIGHT = Colours(
    window="#f4f6f8",
    base="#ffffff",
    alternate="#f3f6f9",
    text="#1d2b36",
    muted="#5b6b78",
    border="#c8d2db",
    accent="#1f5f99",
    accent_text="#ffffff",
    heading="#12324f",
    navigation="#e8edf2",
    selection="#cfe2f5",
    selection_text="#0c2238",
    error="#b3261e",
    warning="#8a4b00",
    done="#1b6e20",
    overdue="#b3261e",
    blocked="#8a4b00",
    conflict="#7b2fa0",
    info="#1f5f99",
    tint_error="#fdecea",
    tint_warning="#fff4e0",
    tint_done="#e8f5e9",
    tint_info="#e7f0fa",
)

DARK = Colours(
    window="#1e2329",
    base="#262c33",
    alternate="#2c333b",
    text="#e6ebf0",
    muted="#a3b1bd",
    border="#3d4852",
    accent="#6aaee8",
    accent_text="#0d1b27",
    heading="#cfe3f7",
    navigation="#181c21",
    selection="#2f5576",
    selection_text="#ffffff",
    error="#ff8a80",
    warning="#ffc266",
    done="#81c784",
    overdue="#ff8a80",
    blocked="#ffc266",
    conflict="#d7a6f2",
    info="#8cc4f2",
    tint_error="#4a2523",
    tint_warning="#463516",
    tint_done="#1f3b22",
    tint_info="#1d3347",
)

HIGH_CONTRAST = Colours(
    window="#ffffff",
    base="#ffffff",
    alternate="#f0f0f0",
    text="#000000",
    muted="#1a1a1a",
    border="#000000",
    accent="#0000b3",
    accent_text="#ffffff",
    heading="#000000",
    navigation="#ffffff",
    selection="#000000",
    selection_text="#ffffff",
    error="#9e0000",
    warning="#6b3300",
    done="#005a00",
    overdue="#9e0000",
    blocked="#6b3300",
    conflict="#5c007a",
    info="#00007a",
    tint_error="#ffffff",
    tint_warning="#ffffff",
    tint_done="#ffffff",
    tint_info="#ffffff",
    border_width=2,
)

COLOURS = {Look.LIGHT: LIGHT, Look.DARK: DARK, Look.HIGH_CONTRAST: HIGH_CONTRAST}

STATUSES = ("error", "warning", "done", "overdue", "blocked", "conflict", "info", "muted")
"""The values of the ``status`` property the stylesheet colours (see docs/decisions.md)."""


def status_colour(colours: Colours, status: str) -> str:
    """The text colour of ``status`` in these colours (for item views' ForegroundRole)."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; one of {STATUSES}")
    return str(getattr(colours, status))


__all__ = [
    "COLOURS",
    "DARK",
    "HIGH_CONTRAST",
    "LIGHT",
    "STATUSES",
    "Colours",
    "Look",
    "status_colour",
]
