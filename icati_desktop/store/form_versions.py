"""Form versions at HQ: list them, compare two, edit the crosswalk, retire one.

A form version itself never changes (:mod:`icati_desktop.store.forms`); what HQ decides
about it afterwards — retired, or an edited crosswalk from earlier versions — is one
:class:`~icati_desktop.domain.form_versions.FormVersionStatus` record per version. Only
an HQ device may write it; it reaches field devices in central bundles, like the form.

A retired version takes no new assessment: :func:`open_form` is how the assessment
service picks the version a new assessment uses, and refuses a retired one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icati_desktop.domain.form_diff import FormDiff, diff_forms
from icati_desktop.domain.form_versions import FormVersionStatus, status_record_id
from icati_desktop.domain.forms import CrosswalkEntry, FormDefinition
from icati_desktop.i18n import _
from icati_desktop.store.forms import FormSummary, get_form, list_forms, version_key
from icati_desktop.store.records import write_version
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordRow
from icati_desktop.store.tables.field import AssessmentRow
from icati_desktop.store.tables.reference import FormVersionStatusRow


class FormVersionRetired(ValueError):
    """A new assessment on a retired form version."""


class FormVersionInfo(FormSummary):
    retired: bool
    crosswalk_edited: bool
    assessments: int
    """Assessments answered on this version (on this device)."""


def statuses(session: Session) -> dict[tuple[str, str], FormVersionStatus]:
    """Every form version's status record, by (form id, version)."""
    rows = session.scalars(select(FormVersionStatusRow)).all()
    found = (FormVersionStatus.model_validate(json.loads(row.data)) for row in rows)
    return {(s.form_id, s.version): s for s in found}


def status_of(session: Session, form_id: str, version: str) -> FormVersionStatus | None:
    row = session.get(FormVersionStatusRow, status_record_id(form_id, version))
    return None if row is None else FormVersionStatus.model_validate(json.loads(row.data))


def list_form_versions(session: Session) -> list[FormVersionInfo]:
    """Every stored form version (by form, then version) with its status and use."""
    known = statuses(session)
    used = {
        (form_id, version): count
        for form_id, version, count in session.execute(
            select(AssessmentRow.form_id, AssessmentRow.form_version, func.count()).group_by(
                AssessmentRow.form_id, AssessmentRow.form_version
            )
        )
    }
    infos = []
    for summary in list_forms(session):
        status = known.get((summary.form_id, summary.version))
        infos.append(
            FormVersionInfo(
                **summary.model_dump(),
                retired=bool(status and status.retired),
                crosswalk_edited=bool(status and status.crosswalk is not None),
                assessments=used.get((summary.form_id, summary.version), 0),
            )
        )
    return infos


def open_form(session: Session, form_id: str, version: str | None = None) -> FormDefinition:
    """The form version a new assessment uses: the one named, unless it is retired, else
    the highest version that is not retired."""
    if version is not None:
        form = get_form(session, form_id, version)
        status = status_of(session, form_id, version)
        if status is not None and status.retired:
            raise FormVersionRetired(
                _(
                    "version {version} of form {form_id} is retired: start new assessments on "
                    "a current version (`icati forms versions {form_id}` lists them)"
                ).format(version=version, form_id=form_id)
            )
        return form
    known = statuses(session)
    retired = {
        version for (form, version), status in known.items() if form == form_id and status.retired
    }
    versions = [
        s.version for s in list_forms(session) if s.form_id == form_id and s.version not in retired
    ]
    if not versions:
        get_form(session, form_id)  # no such form: its own message
        raise FormVersionRetired(
            _(
                "every version of form {form_id} is retired; HQ must publish or un-retire one "
                "before a new assessment can start"
            ).format(form_id=form_id)
        )
    return get_form(session, form_id, max(versions, key=version_key))


def diff_versions(session: Session, form_id: str, earlier: str, later: str) -> FormDiff:
    """What changed from one stored version to another (through HQ's crosswalk)."""
    if version_key(earlier) > version_key(later):
        earlier, later = later, earlier
    first, second = get_form(session, form_id, earlier), get_form(session, form_id, later)
    return diff_forms(first, second)


Edit = Callable[[FormVersionStatus, FormDefinition], FormVersionStatus]


def _change(store: Store, form_id: str, version: str, edit: Edit) -> FormVersionStatus:
    """Read, change and write the version's status record in one write transaction."""
    rid = status_record_id(form_id, version)
    with store.write() as tx:
        form = get_form(tx.session, form_id, version)
        state = tx.session.get(RecordRow, rid)
        current = status_of(tx.session, form_id, version) or FormVersionStatus(
            form_id=form_id, version=version
        )
        changed = edit(current, form)
        if changed == current and state is not None:
            return current
        write_version(
            tx,
            store,
            record_type=FormVersionStatus.record_type,
            record_id=rid,
            parents=[state.winner_version_id] if state is not None else [],
            payload=changed,
        )
    return changed


def set_retired(store: Store, form_id: str, version: str, retired: bool) -> FormVersionStatus:
    """Retire a version (no new assessments on it) or bring it back into use."""
    return _change(
        store, form_id, version, lambda s, _form: s.model_copy(update={"retired": retired})
    )


def save_crosswalk(
    store: Store, form_id: str, earlier: str, later: str, mapping: Mapping[str, str]
) -> FormVersionStatus:
    """HQ's crosswalk from ``earlier`` to ``later``: earlier item → later item. It replaces
    the crosswalk from ``earlier`` the later version had (its own or an earlier edit)."""
    with store.read() as session:
        before = get_form(session, form_id, earlier)
    if version_key(earlier) >= version_key(later):
        raise ValueError(
            _("a crosswalk goes from an earlier version to a later one, not {a} to {b}").format(
                a=earlier, b=later
            )
        )
    old = {item.name for _domain, item in before.items()}

    def edit(status: FormVersionStatus, form: FormDefinition) -> FormVersionStatus:
        new = {item.name for _domain, item in form.items()}
        problems = [
            _("{item} is not an item of version {version}").format(item=item, version=v)
            for item, names, v in (
                *((i, old, earlier) for i in mapping),
                *((i, new, later) for i in mapping.values()),
            )
            if item not in names
        ]
        if len(set(mapping.values())) != len(mapping):
            problems.append(_("two earlier items cannot become the same item"))
        if problems:
            raise ValueError("; ".join(problems))
        own = form.crosswalk if status.crosswalk is None else status.crosswalk
        kept = [e for e in own if e.from_form_version != earlier]
        added = [
            CrosswalkEntry(from_form_version=earlier, from_item=source, to_item=target)
            for source, target in mapping.items()
        ]
        return FormVersionStatus.model_validate(
            {**status.model_dump(), "crosswalk": [*kept, *added]}
        )

    return _change(store, form_id, later, edit)


__all__ = [
    "FormVersionInfo",
    "FormVersionRetired",
    "diff_versions",
    "list_form_versions",
    "open_form",
    "save_crosswalk",
    "set_retired",
    "status_of",
    "statuses",
]
