"""What the results view reads and writes, as jobs for the database worker thread.

Each function returns a job (a function of the store) so the view never holds a session:
``services.run(results_job(id), shown, failed)``. A snapshot carries everything one
screen needs, read in one read transaction, so what is shown is consistent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from icati_desktop.domain.assessments import Assessment
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.domain.rounds import RoundComparison, compare_rounds
from icati_desktop.domain.scoring import AssessmentResult
from icati_desktop.i18n import _
from icati_desktop.reports.answers_export import export_answers
from icati_desktop.reports.assessment_report import country_name, write_assessment_report
from icati_desktop.store.assessments import (
    AssessmentSummary,
    advised_domains,
    clear_override,
    create_action_item,
    list_assessments,
    load,
    score,
    set_override,
)
from icati_desktop.store.device import read_device
from icati_desktop.store.store import Store


@dataclass(frozen=True)
class ResultsSnapshot:
    """One assessment with its form version, its scored result and what goes around it."""

    assessment_id: str
    assessment: Assessment
    form: FormDefinition
    result: AssessmentResult
    country_name: str
    other_rounds: tuple[AssessmentSummary, ...]
    """The country's other assessments on the same form, newest first."""
    acted_on: frozenset[str]
    """Domains whose advice line already became an action item."""
    user_name: str
    """Who this device belongs to: the default "by" of an override."""


@dataclass(frozen=True)
class CompareSnapshot:
    """Two rounds, oldest first, and what changed between them."""

    earlier: tuple[FormDefinition, Assessment, AssessmentResult]
    later: tuple[FormDefinition, Assessment, AssessmentResult]
    comparison: RoundComparison


def results_job(assessment_id: str, language: str) -> Callable[[Store], ResultsSnapshot]:
    def job(store: Store) -> ResultsSnapshot:
        with store.read() as session:
            assessment, form = load(session, assessment_id)
            scored = score(session, form, assessment)
            others = [
                s
                for s in list_assessments(session, assessment.country)
                if s.record_id != assessment_id and s.form_id == assessment.form_id
            ]
            device = read_device(session)
            return ResultsSnapshot(
                assessment_id=assessment_id,
                assessment=assessment,
                form=form,
                result=scored,
                country_name=country_name(session, assessment.country, language),
                other_rounds=tuple(others),
                acted_on=advised_domains(session, assessment_id),
                user_name=device.name if device else "",
            )

    return job


def compare_job(first_id: str, second_id: str) -> Callable[[Store], CompareSnapshot]:
    """Compare two assessments, whichever order they are given in (oldest first inside)."""

    def job(store: Store) -> CompareSnapshot:
        with store.read() as session:
            rounds = []
            for rid in (first_id, second_id):
                assessment, form = load(session, rid)
                rounds.append((form, assessment, score(session, form, assessment)))
        rounds.sort(key=lambda r: r[1].assessed_on)  # stable: same day keeps the given order
        earlier, later = rounds
        return CompareSnapshot(earlier, later, compare_rounds(earlier, later))

    return job


def action_item_job(
    assessment_id: str,
    domain: str,
    language: str,
    owner: str = "",
    due_on: date | None = None,
) -> Callable[[Store], tuple[str, str]]:
    """Create the action item of one advice line, with its owner and due date; (domain,
    item id)."""

    def job(store: Store) -> tuple[str, str]:
        item = create_action_item(
            store, assessment_id, domain, language=language, owner=owner, due_on=due_on
        )
        return domain, item

    return job


def override_job(
    assessment_id: str, phase: int | None, reason: str = "", by: str = ""
) -> Callable[[Store], Assessment]:
    """Store an expert's phase (``phase`` None: back to the computed phase)."""

    def job(store: Store) -> Assessment:
        if phase is None:
            return clear_override(store, assessment_id)
        if not reason.strip() or not by.strip():
            raise ValueError(_("an override needs a reason and who made it"))
        return set_override(store, assessment_id, phase, reason, by)

    return job


def pdf_job(assessment_id: str, out: Path, language: str) -> Callable[[Store], int]:
    def job(store: Store) -> int:
        return write_assessment_report(store, assessment_id, out, language=language)

    return job


def answers_job(assessment_id: str, out: Path, language: str) -> Callable[[Store], Path]:
    def job(store: Store) -> Path:
        with store.read() as session:
            assessment, form = load(session, assessment_id)
        return export_answers(assessment_id, assessment, form, out, language=language)

    return job


__all__ = [
    "CompareSnapshot",
    "ResultsSnapshot",
    "action_item_job",
    "answers_job",
    "compare_job",
    "override_job",
    "pdf_job",
    "results_job",
]
