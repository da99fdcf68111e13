"""Import several bundles in one go, as HQ does with a stick full of field bundles.

Each bundle is imported exactly as on its own (:func:`~icati_desktop.sync.importer.
import_bundle`: its own checks, its own transaction), oldest file first, so that a
device's bundles arrive in the order it wrote them. A refused bundle changes nothing and
the others go on; what stops the run is the user's Cancel (the bundle in hand is rolled
back) and a storage problem — a full or failing disk, a damaged store — that every later
bundle would meet too. What was imported before the stop stays imported.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel

from icati_desktop.store.store import Store
from icati_desktop.store.sync_state import BUNDLE_SUFFIX
from icati_desktop.sync.errors import BundleRejected, RejectCode
from icati_desktop.sync.importer import ImportResult, import_bundle

log = logging.getLogger(__name__)

STEPS_PER_BUNDLE = 1000
"""Progress units of one bundle: the bar moves within a bundle, not only between them."""
_STOPPING = frozenset(
    {
        RejectCode.CANCELLED,
        RejectCode.DISK_FULL,
        RejectCode.DISK_ERROR,
        RejectCode.STORE_DAMAGED,
        RejectCode.NOT_INITIALISED,
    }
)
"""Refusals every later bundle would meet too: the run stops at the first."""


class BundleOutcome(BaseModel):
    """One file of the run: imported (``result``) or refused (``code`` and ``message``)."""

    file: Path
    result: ImportResult | None = None
    code: RejectCode | None = None
    message: str | None = None

    @property
    def refused(self) -> bool:
        return self.code is not None


class BatchImportResult(BaseModel):
    bundles: list[BundleOutcome]
    """The files handled, in the order they were imported."""
    not_started: list[Path] = []
    """Files left untouched because the run stopped (see ``stopped``)."""
    stopped: RejectCode | None = None
    """Why the run ended early: cancelled, or a storage problem; ``None`` when it ran through."""

    @property
    def imported(self) -> list[ImportResult]:
        return [
            o.result for o in self.bundles if o.result is not None and not o.result.already_imported
        ]

    @property
    def already_imported(self) -> int:
        return sum(1 for o in self.bundles if o.result is not None and o.result.already_imported)

    @property
    def refused(self) -> list[BundleOutcome]:
        """Refused files, the one the run stopped at included: none of them changed anything."""
        return [o for o in self.bundles if o.refused]

    @property
    def complete(self) -> bool:
        """Every file imported (or imported before): nothing refused, nothing left."""
        return self.stopped is None and not self.refused


def bundle_files(paths: Iterable[Path]) -> list[Path]:
    """The bundles named: files as given, folders as the ``.icati`` files they hold; each
    once, oldest first (then by name), the order their devices wrote them."""
    found: dict[Path, None] = {}
    for given in paths:
        path = given.expanduser()
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.suffix == BUNDLE_SUFFIX and child.is_file():
                    found.setdefault(child.resolve(), None)
        else:
            found.setdefault(path.resolve(), None)
    return sorted(found, key=_age_key)


def _age_key(path: Path) -> tuple[float, str]:
    try:
        modified = path.stat().st_mtime
    except OSError:
        modified = 0.0  # a missing file is refused in its turn, with the others
    return modified, path.name


def import_bundles(
    store: Store,
    files: Sequence[Path],
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BatchImportResult:
    """Import ``files`` in the order given (see :func:`bundle_files`), each on its own.

    ``dry_run`` checks each bundle against the store as it is, changing nothing.
    ``progress(done, total)`` counts :data:`STEPS_PER_BUNDLE` per bundle."""
    total = len(files) * STEPS_PER_BUNDLE
    outcomes: list[BundleOutcome] = []
    for index, path in enumerate(files):
        if cancelled is not None and cancelled():
            return _stopped(outcomes, files[index:], RejectCode.CANCELLED)
        base = index * STEPS_PER_BUNDLE

        def within(done: int, of: int, base: int = base) -> None:
            if progress is not None and of > 0:
                progress(base + min(done, of) * STEPS_PER_BUNDLE // of, total)

        try:
            result = import_bundle(
                store, path, dry_run=dry_run, progress=within, cancelled=cancelled
            )
        except BundleRejected as refused:
            outcomes.append(BundleOutcome(file=path, code=refused.code, message=refused.message))
            if refused.code in _STOPPING:
                log.info("bundle run stopped at %s: %s", path.name, refused.code.value)
                return _stopped(outcomes, files[index + 1 :], refused.code)
        else:
            outcomes.append(BundleOutcome(file=path, result=result))
        if progress is not None:
            progress(base + STEPS_PER_BUNDLE, total)
    return BatchImportResult(bundles=outcomes)


def _stopped(
    outcomes: list[BundleOutcome], left: Sequence[Path], why: RejectCode
) -> BatchImportResult:
    return BatchImportResult(bundles=outcomes, not_started=list(left), stopped=why)
