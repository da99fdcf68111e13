"""What the Forms screen reads and writes, as jobs for the database worker thread."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from icati_desktop.domain.form_diff import FormDiff, diff_forms
from icati_desktop.domain.form_versions import FormVersionStatus
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.store.device import Role, require_device
from icati_desktop.store.form_versions import (
    FormVersionInfo,
    list_form_versions,
    save_crosswalk,
    set_retired,
)
from icati_desktop.store.forms import get_form
from icati_desktop.store.store import Store


@dataclass(frozen=True)
class VersionsSnapshot:
    versions: list[FormVersionInfo]
    is_hq: bool
    """Only the central office may retire versions or edit crosswalks."""


@dataclass(frozen=True)
class Comparison:
    earlier: FormDefinition
    later: FormDefinition
    """With the crosswalk HQ uses (its edited one, if any)."""
    diff: FormDiff


def versions_job(store: Store) -> VersionsSnapshot:
    with store.read() as session:
        is_hq = require_device(session).role is Role.HQ
        return VersionsSnapshot(list_form_versions(session), is_hq)


def compare_job(form_id: str, earlier: str, later: str) -> Callable[[Store], Comparison]:
    def job(store: Store) -> Comparison:
        with store.read() as session:
            first = get_form(session, form_id, earlier)
            second = get_form(session, form_id, later)
        return Comparison(first, second, diff_forms(first, second))

    return job


def retire_job(form_id: str, version: str, retired: bool) -> Callable[[Store], FormVersionStatus]:
    return lambda store: set_retired(store, form_id, version, retired)


def crosswalk_job(
    form_id: str, earlier: str, later: str, mapping: Mapping[str, str]
) -> Callable[[Store], FormVersionStatus]:
    chosen = dict(mapping)
    return lambda store: save_crosswalk(store, form_id, earlier, later, chosen)


def export_job(form_id: str, version: str, out: Path) -> Callable[[Store], Path]:
    def job(store: Store) -> Path:
        # pyxform and openpyxl cost ~0.4 s to import: only when a form is exported.
        from icati_desktop.formats.xlsform_export import export_xlsform

        with store.read() as session:
            form = get_form(session, form_id, version)
        return export_xlsform(form, out)

    return job


__all__ = [
    "Comparison",
    "VersionsSnapshot",
    "compare_job",
    "crosswalk_job",
    "export_job",
    "retire_job",
    "versions_job",
]
