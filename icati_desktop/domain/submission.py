"""What submitting an assessment locks: the answers still missing, the domains that
will show "insufficient data", and the phase the answers give.

The GUI asks for confirmation with these figures and ``icati assessment submit``
reports them; both read them from :func:`submit_summary`, so they say the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from icati_desktop.domain.assessments import Assessment
from icati_desktop.domain.form_engine import relevant_items
from icati_desktop.domain.forms import FormDefinition, ItemType
from icati_desktop.domain.scoring import score_assessment


@dataclass(frozen=True)
class SubmitSummary:
    unanswered: tuple[str, ...]
    """Relevant questions outside repeat groups with no answer ("don't know" is one)."""
    insufficient: tuple[str, ...]
    """Codes of the domains whose score will be "insufficient data"."""
    phase: int
    """The phase the form's rules give these answers."""


def submit_summary(form: FormDefinition, assessment: Assessment) -> SubmitSummary:
    relevant = relevant_items(form, assessment)  # items outside repeat groups only
    unanswered = tuple(
        item.name
        for _domain, item in form.items()
        if item.type is not ItemType.NOTE
        and item.name in relevant
        and assessment.answer(item.name).value is None
    )
    result = score_assessment(form, assessment, relevant=relevant)
    return SubmitSummary(
        unanswered=unanswered,
        insufficient=tuple(d.code for d in result.domains if d.insufficient),
        phase=result.phase.computed,
    )


__all__ = ["SubmitSummary", "submit_summary"]
