"""Form definitions in the versioned store: save an imported form, list and fetch them.

Each ``form_id`` + ``version`` is its own record with a deterministic id (as the default
form's), so the same version imported on two HQ devices is one record, not two. A
version, once saved, never changes meaning: saving different content under an existing
``form_id`` + ``version`` is refused — assessments record the version they used, and
their answers would otherwise shift. Only an HQ device may save (forms are HQ-owned).
"""

from __future__ import annotations

import json

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from icati_desktop.domain.default_content import form_record_id
from icati_desktop.domain.form_versions import FormVersionStatus, status_record_id, with_crosswalk
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.i18n import _, ngettext
from icati_desktop.store.records import RecordNotFound, RecordService, check_may_write
from icati_desktop.store.store import Store
from icati_desktop.store.tables.reference import FormDefinitionRow, FormVersionStatusRow


class FormVersionExists(ValueError):
    """Another form with this id and version, and different content, is already stored."""


class FormSummary(BaseModel):
    record_id: str
    form_id: str
    version: str
    title: dict[str, str]
    default_language: str
    languages: list[str]
    domains: int
    items: int
    choice_lists: int

    def counts(self) -> str:
        """``2 domains, 8 items, 2 choice lists``, in the interface language."""
        return ", ".join(
            [
                ngettext("{n} domain", "{n} domains", self.domains).format(n=self.domains),
                ngettext("{n} item", "{n} items", self.items).format(n=self.items),
                ngettext("{n} choice list", "{n} choice lists", self.choice_lists).format(
                    n=self.choice_lists
                ),
            ]
        )


def version_key(version: str) -> tuple[int, ...]:
    """Versions compare as numbers: ``1.10`` comes after ``1.9``, ``10`` after ``9``."""
    return tuple(int(part) for part in version.split("."))


def _comparable(form: FormDefinition) -> dict[str, object]:
    # Where it was imported from does not change what the form asks.
    return form.model_dump(mode="json", exclude={"source_note"})


def _row(session: Session, form_id: str, version: str) -> FormDefinitionRow | None:
    return session.scalars(
        select(FormDefinitionRow).where(
            FormDefinitionRow.form_id == form_id, FormDefinitionRow.version == version
        )
    ).one_or_none()


def save_form(store: Store, form: FormDefinition) -> str:
    """Store a form version; its record id. Saving the same content again changes nothing."""
    with store.read() as session:
        check_may_write(session, FormDefinition.record_type)
        existing = _row(session, form.form_id, form.version)
        if existing is not None:
            stored = FormDefinition.model_validate(json.loads(existing.data))
            if _comparable(stored) == _comparable(form):
                return existing.id
            raise FormVersionExists(
                _(
                    "form {form_id} version {version} is already stored with different "
                    "content; raise the version in the settings sheet and import again"
                ).format(form_id=form.form_id, version=form.version)
            )
    view = RecordService(store).create(form, form_record_id(form.form_id, form.version))
    return view.record_id


def summarise(form: FormDefinition, record_id: str = "") -> FormSummary:
    """What lists and import messages show of a form (``record_id`` empty when unsaved)."""
    return FormSummary(
        record_id=record_id,
        form_id=form.form_id,
        version=form.version,
        title=dict(form.title),
        default_language=form.default_language,
        languages=list(form.languages),
        domains=len(form.domains),
        items=sum(1 for _ in form.items()),
        choice_lists=len(form.choice_lists),
    )


def list_forms(session: Session) -> list[FormSummary]:
    """Every stored form version, by form id then version (numerically)."""
    rows = session.scalars(select(FormDefinitionRow)).all()
    summaries = [
        summarise(FormDefinition.model_validate(json.loads(row.data)), row.id) for row in rows
    ]
    return sorted(summaries, key=lambda s: (s.form_id, version_key(s.version)))


def get_form(session: Session, form_id: str, version: str | None = None) -> FormDefinition:
    """A stored form version; the highest version when ``version`` is None. Its
    crosswalk is the one HQ edited, when it did."""
    query = select(FormDefinitionRow).where(FormDefinitionRow.form_id == form_id)
    if version is not None:
        query = query.where(FormDefinitionRow.version == version)
    rows = session.scalars(query).all()
    if not rows:
        wanted = form_id if version is None else f"{form_id} version {version}"
        raise RecordNotFound(
            _("no form {wanted} on this device; `icati forms list` shows the stored forms").format(
                wanted=wanted
            )
        )
    latest = max(rows, key=lambda row: version_key(row.version))
    form = FormDefinition.model_validate(json.loads(latest.data))
    # HQ's edited crosswalk into this version, if any (see store.form_versions).
    status = session.get(FormVersionStatusRow, status_record_id(form.form_id, form.version))
    if status is None:
        return form
    return with_crosswalk(form, FormVersionStatus.model_validate(json.loads(status.data)))


__all__ = [
    "FormSummary",
    "FormVersionExists",
    "get_form",
    "list_forms",
    "save_form",
    "summarise",
    "version_key",
]
