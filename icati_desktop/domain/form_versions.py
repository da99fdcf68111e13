"""What HQ decides about a published form version without changing what it asks.

A form version never changes once published (answers keep the version they were given
against). Two things about it may still change, and they live in one HQ-owned record
per version, :class:`FormVersionStatus`, with a deterministic id so that two HQ devices
editing the same version edit one record:

* **retired** — no new assessment may be started on the version (the new-assessment
  dialog, ``icati assessment import`` and the store refuse it); assessments already on it
  stay readable, can be scored, compared and reopened. Retiring is undone by un-retiring.
* **crosswalk** — which item of an earlier version became which item of this one, for
  comparing rounds across versions. The form's own ``crosswalk`` (from the workbook's
  ``icati_crosswalk`` sheet) holds until HQ edits it; once edited, the record's list
  replaces it whole (:func:`with_crosswalk`).
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from icati_desktop.domain.base import Owner, RecordPayload
from icati_desktop.domain.forms import CrosswalkEntry, FormDefinition
from icati_desktop.domain.ids import Slug, content_record_id


class FormVersionStatus(RecordPayload):
    record_type: ClassVar[str] = "form_version_status"
    owner: ClassVar[Owner] = Owner.HQ

    form_id: Slug
    version: Annotated[str, Field(min_length=1, max_length=32)]
    retired: bool = False
    crosswalk: list[CrosswalkEntry] | None = None
    """HQ's crosswalk into this version; ``None`` keeps the form's own."""

    @model_validator(mode="after")
    def _consistent(self) -> FormVersionStatus:
        seen: set[tuple[str, str]] = set()
        targets: set[tuple[str, str]] = set()
        for entry in self.crosswalk or []:
            if entry.from_form_version == self.version:
                raise ValueError("a crosswalk maps items of an earlier version, not of this one")
            source = (entry.from_form_version, entry.from_item)
            target = (entry.from_form_version, entry.to_item)
            if source in seen or target in targets:
                raise ValueError(
                    f"the crosswalk from version {entry.from_form_version} maps "
                    f"{entry.from_item!r} or {entry.to_item!r} twice"
                )
            seen.add(source)
            targets.add(target)
        return self


def status_record_id(form_id: str, version: str) -> str:
    """One status record per form version, the same id on every HQ device."""
    return str(content_record_id(FormVersionStatus.record_type, f"{form_id}@{version}"))


def with_crosswalk(form: FormDefinition, status: FormVersionStatus | None) -> FormDefinition:
    """The form with HQ's edited crosswalk in place of its own (unchanged when not edited)."""
    if status is None or status.crosswalk is None:
        return form
    return form.model_copy(update={"crosswalk": list(status.crosswalk)})


RECORD_TYPES: tuple[type[RecordPayload], ...] = (FormVersionStatus,)


__all__ = ["RECORD_TYPES", "FormVersionStatus", "status_record_id", "with_crosswalk"]
