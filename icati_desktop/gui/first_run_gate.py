"""At start: is this store set up? If not, the first-run wizard — loaded only then.

The gate is on the start path, so it is small: the wizard's pages (and what they import)
load only when a first run is actually needed, and the question is asked on the
database thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from icati_desktop.gui.services import AppServices

if TYPE_CHECKING:
    from icati_desktop.gui.first_run import FirstRunWizard
    from icati_desktop.store.store import Store


def _needs_first_run(store: Store) -> bool:
    from icati_desktop.store.preferences import needs_first_run

    return needs_first_run(store)


class FirstRunGate(QObject):
    """Shows the wizard if the store has no device, then says when the app may go on."""

    ready = Signal()
    cancelled = Signal()
    failed = Signal(object)
    wizard_opened = Signal()
    """The store needs a first run: the wizard is shown (a window opened early must close)."""
    central_requested = Signal()
    """The wizard's “Connect to the central database…”."""

    def __init__(self, services: AppServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.wizard: FirstRunWizard | None = None

    def start(self, *, first_run: bool = False) -> None:
        """Decide once the store is open; ``first_run`` (a new data directory, whose store
        has no device yet whatever it holds) shows the wizard at once, the store being
        created meanwhile — a failure to create it is still reported."""
        if first_run:
            self.services.run(_needs_first_run, self._created, self.failed.emit)
            self._decide(True)
            return
        self.services.run(_needs_first_run, self._decide, self.failed.emit)

    def _created(self, _needed: bool) -> None:
        """The new store is open (the wizard is already up)."""

    def _decide(self, needed: bool) -> None:
        if not needed:
            self.ready.emit()
            return
        from icati_desktop.gui.first_run import FirstRunWizard

        self.wizard = FirstRunWizard(self.services)
        self.wizard.completed.connect(lambda _result: self.ready.emit())
        self.wizard.rejected.connect(self.cancelled.emit)
        self.wizard.central_requested.connect(self.central_requested.emit)
        self.wizard_opened.emit()
        self.wizard.show()
