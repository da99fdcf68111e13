"""Stages of the justice continuum that ATI work is tied to.

Action items, atlas initiatives and assessment items each name one or more stages.
The four stages group the intercepts of the Sequential Intercept Model (SIM):

==================  ==========================================================
stage               SIM intercepts
==================  ==========================================================
``pre_arrest``      0 (community services, crisis lines) and 1 (law enforcement,
                    first responders): deflection and police referral
``pre_trial``       2 (initial detention, first court hearing): diversion
``court``           3 (jails, courts): drug treatment courts, sentencing options
``post_sentence``   4 (re-entry) and 5 (community corrections: probation, parole)
==================  ==========================================================
"""

from __future__ import annotations

from enum import StrEnum


class ContinuumStage(StrEnum):
    PRE_ARREST = "pre_arrest"
    PRE_TRIAL = "pre_trial"
    COURT = "court"
    POST_SENTENCE = "post_sentence"

    @property
    def intercepts(self) -> tuple[int, ...]:
        """The Sequential Intercept Model intercepts this stage covers."""
        return _INTERCEPTS[self]


_INTERCEPTS: dict[ContinuumStage, tuple[int, ...]] = {
    ContinuumStage.PRE_ARREST: (0, 1),
    ContinuumStage.PRE_TRIAL: (2,),
    ContinuumStage.COURT: (3,),
    ContinuumStage.POST_SENTENCE: (4, 5),
}


def stage_for_intercept(intercept: int) -> ContinuumStage:
    """The stage that contains a Sequential Intercept Model intercept (0-5)."""
    for stage, intercepts in _INTERCEPTS.items():
        if intercept in intercepts:
            return stage
    raise ValueError(f"the Sequential Intercept Model has intercepts 0 to 5, not {intercept}")


__all__ = ["ContinuumStage", "stage_for_intercept"]
