"""Materialised current tables, one module per area of the mission.

Importing this package registers every table on ``Base.metadata``.
"""

from icati_desktop.store.tables import (  # noqa: F401
    core,
    directory,
    field,
    reference,
    scope,
    search,
    sync_state,
)
from icati_desktop.store.tables.base import Base

__all__ = ["Base"]
