"""The self-assessment service: create, answer, submit, reopen, override, act on advice.

Every change is one write transaction that stores a new version of the assessment
record — one answer at a time while filling in, so closing or killing the app loses at
most the field being typed. The read, the checks and the write happen in the same
transaction, on top of what the record shows (the merge of its leaves), so nothing
changes in between.

A submitted assessment is locked (:class:`AssessmentLocked`); :func:`reopen` writes a
new draft version of the same record, and the submitted version stays in its history.
Reads live in :mod:`icati_desktop.store.assessment_reads` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID, uuid4

from sqlalchemy.orm import Session

from icati_desktop.domain.assessments import (
    Answer,
    AnswerValue,
    Assessment,
    AssessmentStatus,
    PhaseOverride,
    RepeatEntry,
    entries_with_answer,
    new_repeat_entries,
)
from icati_desktop.domain.form_engine import Problem, problems_for_submit, relevant_items
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.domain.scoring import score_assessment
from icati_desktop.i18n import _
from icati_desktop.store.assessment_actions import advised_domains, create_action_item
from icati_desktop.store.assessment_answers import (
    AnswerRejected,
    find_item,
    fit_answer,
    fit_answers,
    repeat_group_of,
    repeat_groups,
)
from icati_desktop.store.assessment_changes import AssessmentLocked, change, now, updated
from icati_desktop.store.assessment_reads import (
    DEFAULT_FORM_ID,
    AssessmentSummary,
    Stakeholder,
    known_participants,
    list_assessments,
    load,
    require_country,
    result,
    score,
    stakeholders,
    tagged_resources,
)
from icati_desktop.store.device import require_device
from icati_desktop.store.form_versions import open_form
from icati_desktop.store.forms import get_form
from icati_desktop.store.records import write_version
from icati_desktop.store.store import Store


class SubmitRefused(ValueError):
    """Submission blocked by the form's rules; ``problems`` says what to fix."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "; ".join(problem_text(p) for p in problems)
        super().__init__(
            _("the assessment cannot be submitted until these are fixed: {lines}").format(
                lines=lines
            )
        )


def problem_text(problem: Problem) -> str:
    """One problem that blocks a submit, in words: the form's own message when it has one."""
    message = problem.message or {
        "required": _("an answer is required"),
        "constraint": _("the answer does not meet the condition the form sets"),
        "type": _("the answer is not of the kind the item takes"),
    }.get(problem.kind, problem.kind)
    where = problem.item
    if problem.repeat is not None:
        where = _("{item} (entry {number} of {group})").format(
            item=problem.item, number=problem.repeat[1] + 1, group=problem.repeat[0]
        )
    return f"{where}: {message}"


@dataclass
class NewAssessment:
    """One assessment to create (with its answers, for an import)."""

    country: str
    assessed_on: date
    form_id: str | None = None
    form_version: str | None = None
    participant_ids: Sequence[str | UUID] = ()
    participant_names: Sequence[str] = ()
    answers: dict[str, Answer] = field(default_factory=dict)
    repeats: dict[str, list[dict[str, Answer]]] = field(default_factory=dict)


def _check_participants(session: Session, ids: Sequence[str | UUID]) -> list[UUID]:
    wanted = [str(i) for i in ids]
    missing = sorted(set(wanted) - known_participants(session, wanted))
    if missing:
        raise ValueError(
            _(
                "no person or organisation {ids} on this device; choose participants from the "
                "country's stakeholders"
            ).format(ids=", ".join(missing))
        )
    return [UUID(i) for i in wanted]


def _build(session: Session, spec: NewAssessment) -> Assessment:
    country = require_country(session, spec.country)
    form = open_form(session, spec.form_id or DEFAULT_FORM_ID, spec.form_version)
    answers, repeats, problems = fit_answers(form, spec.answers, spec.repeats)
    if problems:
        raise AnswerRejected("; ".join(problems))
    return Assessment(
        country=country,
        form_id=form.form_id,
        form_version=form.version,
        assessed_on=spec.assessed_on,
        participant_ids=_check_participants(session, spec.participant_ids),
        participant_names=list(spec.participant_names),
        answers=answers,
        repeats=new_repeat_entries(repeats),
    )


def create_assessments(store: Store, specs: Sequence[NewAssessment]) -> list[str]:
    """Create several assessments in one transaction: all of them, or none on any problem."""
    ids: list[str] = []
    with store.write() as tx:
        for spec in specs:
            payload = _build(tx.session, spec)
            record_id = str(uuid4())
            write_version(
                tx,
                store,
                record_type=Assessment.record_type,
                record_id=record_id,
                parents=[],
                payload=payload,
            )
            ids.append(record_id)
    return ids


def create_assessment(
    store: Store,
    *,
    country: str,
    assessed_on: date,
    form_id: str | None = None,
    form_version: str | None = None,
    participant_ids: Sequence[str | UUID] = (),
    participant_names: Sequence[str] = (),
) -> str:
    """A new draft assessment of ``country`` on the form's latest version (or the one named)."""
    spec = NewAssessment(
        country=country,
        assessed_on=assessed_on,
        form_id=form_id,
        form_version=form_version,
        participant_ids=participant_ids,
        participant_names=participant_names,
    )
    return create_assessments(store, [spec])[0]


def _with_answer(
    assessment: Assessment,
    form: FormDefinition,
    item: str,
    answer: Answer | None,
    repeat: tuple[str, int] | None,
) -> Assessment:
    """The assessment with one answer given (``None`` or an empty answer removes it)."""
    form_item = find_item(form, item)
    fitted = None if answer is None else fit_answer(form, form_item, answer)
    keep = fitted is not None and fitted != Answer()
    group = repeat_group_of(form, item)
    if group is None:
        if repeat is not None:
            raise AnswerRejected(
                _("{item} is not in a repeat group; answer it without an entry").format(item=item)
            )
        answers = dict(assessment.answers)
        if keep and fitted is not None:
            answers[item] = fitted
        else:
            answers.pop(item, None)
        return updated(assessment, answers=answers)
    if repeat is None or repeat[0] != group.name:
        raise AnswerRejected(
            _("{item} belongs to the repeat group {group}: say which entry it is for").format(
                item=item, group=group.name
            )
        )
    entries = assessment.repeats.get(group.name, [])
    index = repeat[1]
    if not 0 <= index < len(entries):
        raise AnswerRejected(
            _("{group} has {count} entries; there is no entry {number}").format(
                group=group.name, count=len(entries), number=index + 1
            )
        )
    entries = entries_with_answer(entries, index, item, fitted if keep else None)
    return updated(assessment, repeats={**assessment.repeats, group.name: entries})


def set_answer(
    store: Store,
    assessment_id: str | UUID,
    item: str,
    answer: Answer | None,
    *,
    repeat: tuple[str, int] | None = None,
) -> Assessment:
    """Store one answer (``None`` or an empty answer removes it) as a new version.

    ``repeat`` = (group name, 0-based entry index) for an item of a repeat group.
    """
    return change(
        store,
        assessment_id,
        lambda assessment, form: _with_answer(assessment, form, item, answer, repeat),
    )


def set_answer_value(
    store: Store,
    assessment_id: str | UUID,
    item: str,
    value: AnswerValue | None,
    *,
    repeat: tuple[str, int] | None = None,
) -> Assessment:
    """Give (or, with ``None``, clear) one answer's value as a new version, keeping its
    note and evidence — what ``icati assessment answer`` does."""

    def edit(assessment: Assessment, form: FormDefinition) -> Assessment:
        current = assessment.answer(item)
        if repeat is not None:
            entries = assessment.repeat_answers(repeat[0])
            if 0 <= repeat[1] < len(entries):
                current = entries[repeat[1]].get(item, Answer())
        answer = current.model_copy(update={"value": value})
        return _with_answer(assessment, form, item, answer, repeat)

    return change(store, assessment_id, edit)


def _repeat_group(form: FormDefinition, group: str) -> None:
    if group not in repeat_groups(form):
        raise AnswerRejected(_("the form has no repeat group {group!r}").format(group=group))


def add_repeat_entry(store: Store, assessment_id: str | UUID, group: str) -> Assessment:
    """Append an empty entry to a repeat group (e.g. one more pilot site)."""

    def edit(assessment: Assessment, form: FormDefinition) -> Assessment:
        _repeat_group(form, group)
        entries = [*assessment.repeats.get(group, []), RepeatEntry()]
        return updated(assessment, repeats={**assessment.repeats, group: entries})

    return change(store, assessment_id, edit)


def remove_repeat_entry(
    store: Store, assessment_id: str | UUID, group: str, index: int
) -> Assessment:
    """Remove one entry (0-based) of a repeat group, with its answers."""

    def edit(assessment: Assessment, form: FormDefinition) -> Assessment:
        _repeat_group(form, group)
        entries = list(assessment.repeats.get(group, []))
        if not 0 <= index < len(entries):
            raise AnswerRejected(
                _("{group} has {count} entries; there is no entry {number}").format(
                    group=group, count=len(entries), number=index + 1
                )
            )
        del entries[index]
        repeats = {**assessment.repeats, group: entries}
        if not entries:
            del repeats[group]
        return updated(assessment, repeats=repeats)

    return change(store, assessment_id, edit)


def set_participants(
    store: Store,
    assessment_id: str | UUID,
    *,
    participant_ids: Sequence[str | UUID],
    participant_names: Sequence[str] = (),
) -> Assessment:
    """Who took part: stakeholder records, and people named only as text."""
    with store.read() as session:
        ids = _check_participants(session, participant_ids)
    names = [n.strip() for n in participant_names if n.strip()]
    return change(
        store,
        assessment_id,
        lambda a, _form: updated(a, participant_ids=ids, participant_names=names),
    )


def set_details(store: Store, assessment_id: str | UUID, *, assessed_on: date) -> Assessment:
    """Correct the date of the workshop."""
    return change(store, assessment_id, lambda a, _form: updated(a, assessed_on=assessed_on))


def submit(
    store: Store, assessment_id: str | UUID, *, language: str, by: str | None = None
) -> Assessment:
    """Lock the assessment and store its computed phase, who submitted it and when, unless
    the form's rules object. ``by``: who submits (default: the device's user)."""
    submitted_at = now(store)
    with store.read() as session:
        resources = tagged_resources(session)
        if by is None:
            by = require_device(session).name

    def edit(assessment: Assessment, form: FormDefinition) -> Assessment:
        problems = problems_for_submit(form, assessment, language=language)
        if problems:
            raise SubmitRefused(problems)
        scored = score_assessment(
            form, assessment, relevant=relevant_items(form, assessment), resources=resources
        )
        return updated(
            assessment,
            status=AssessmentStatus.SUBMITTED,
            submitted_at=submitted_at,
            submitted_by=(by or "").strip() or None,
            computed_phase=scored.phase.computed,
        )

    return change(store, assessment_id, edit)


def reopen(store: Store, assessment_id: str | UUID) -> Assessment:
    """A new draft version of a submitted assessment (the submitted one stays in history)."""

    def edit(assessment: Assessment, _form: FormDefinition) -> Assessment:
        if assessment.status is AssessmentStatus.DRAFT:
            raise ValueError(_("this assessment is a draft already; there is nothing to reopen"))
        return updated(
            assessment, status=AssessmentStatus.DRAFT, submitted_at=None, submitted_by=None
        )

    return change(store, assessment_id, edit, draft_only=False)


def set_override(
    store: Store, assessment_id: str | UUID, phase: int, reason: str, by: str
) -> Assessment:
    """A TA expert's phase in place of the computed one, with who and why."""
    override = PhaseOverride(phase=phase, reason=reason.strip(), by=by.strip(), at=now(store))
    return change(
        store,
        assessment_id,
        lambda a, _form: updated(a, phase_override=override),
        draft_only=False,
    )


def clear_override(store: Store, assessment_id: str | UUID) -> Assessment:
    """Back to the computed phase."""
    return change(
        store, assessment_id, lambda a, _form: updated(a, phase_override=None), draft_only=False
    )


__all__ = [
    "DEFAULT_FORM_ID",
    "AnswerRejected",
    "AssessmentLocked",
    "AssessmentSummary",
    "NewAssessment",
    "Stakeholder",
    "SubmitRefused",
    "add_repeat_entry",
    "advised_domains",
    "clear_override",
    "create_action_item",
    "create_assessment",
    "create_assessments",
    "get_form",
    "list_assessments",
    "load",
    "problem_text",
    "remove_repeat_entry",
    "reopen",
    "require_country",
    "result",
    "score",
    "set_answer",
    "set_answer_value",
    "set_details",
    "set_override",
    "set_participants",
    "stakeholders",
    "submit",
    "tagged_resources",
]
