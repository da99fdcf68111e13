"""Outcome indicators: pure functions of plain facts and a period (no I/O, no Qt).

The seed's global outcomes (members added per region, newly engaged countries, support
against a baseline, the Atlas, ATI Basics languages, the curriculum pipeline, monthly
network meetings, the email network) and DOMAIN.md's "Outcome indicators". Each takes
facts read from the store (:mod:`.facts`) and gives an :class:`~.results.Indicator`: value,
target, a breakdown per region (or phase, status, month…) and the records behind it.
"""

from icati_desktop.domain.indicators.catalogue import compute_indicators
from icati_desktop.domain.indicators.facts import OutcomeFacts, RecordLink
from icati_desktop.domain.indicators.period import Period
from icati_desktop.domain.indicators.results import Breakdown, Indicator, Row, Unit

__all__ = [
    "Breakdown",
    "Indicator",
    "OutcomeFacts",
    "Period",
    "RecordLink",
    "Row",
    "Unit",
    "compute_indicators",
]
