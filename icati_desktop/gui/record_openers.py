"""Which screen shows a record of each type, for global search (and any other link).

The main window owns one :class:`RecordOpeners`. A screen that can show one record
registers a function taking the record id, under the record type (the store's name:
``meeting``, ``action_item``, ``person``, ``organisation``, ``country``…)::

    window.openers.register("meeting", lambda record_id: window.show_meeting(record_id))

The function brings its section forward and shows the record. Registering a type again
replaces the earlier screen (a country opens in the Atlas until the country workspace
registers itself). A type nobody registered has no screen yet: the search says so and
stays open.
"""

from __future__ import annotations

from collections.abc import Callable

OpenRecord = Callable[[str], None]


class RecordOpeners:
    def __init__(self) -> None:
        self._openers: dict[str, OpenRecord] = {}

    def register(self, record_type: str, open_record: OpenRecord) -> None:
        self._openers[record_type] = open_record

    def can_open(self, record_type: str) -> bool:
        return record_type in self._openers

    def open(self, record_type: str, record_id: str) -> bool:
        """Show the record; False when no screen shows records of this type."""
        open_record = self._openers.get(record_type)
        if open_record is None:
            return False
        open_record(record_id)
        return True
