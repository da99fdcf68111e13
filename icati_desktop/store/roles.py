"""A device's role, on its own so screens can name it without loading the database layer."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    FIELD = "field"
    """A TA expert's or a country focal point's laptop."""
    HQ = "hq"
    """The central office."""
