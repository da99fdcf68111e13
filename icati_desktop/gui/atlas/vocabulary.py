"""The Atlas's codes in words: initiative models, statuses, continuum stages, regions, phases.

The store and the bundles keep codes (``drug_treatment_court``); people read these labels,
translated where they are shown. Phase names follow DOMAIN.md.
"""

from __future__ import annotations

from babel.lists import format_list

from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.i18n import _, locale
from icati_desktop.store.labels import (
    MODEL_LABELS,
    PHASE_LABELS,
    REGION_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
    phase_label,
)


def label(labels: dict[str, str], code: str) -> str:
    """The translated label of ``code``; an unknown code (from a newer version) as it is."""
    text = labels.get(code)
    return _(text) if text else code.replace("_", " ")


def stages_text(stages: list[str]) -> str:
    """Continuum stages in continuum order, as a list in the current language."""
    order = [stage.value for stage in ContinuumStage]
    known = sorted((s for s in stages if s in STAGE_LABELS), key=lambda s: order.index(s))
    words = [label(STAGE_LABELS, s) for s in known + [s for s in stages if s not in known]]
    return format_list(words, style="unit-short", locale=locale()) if words else ""


__all__ = [
    "MODEL_LABELS",
    "PHASE_LABELS",
    "REGION_LABELS",
    "STAGE_LABELS",
    "STATUS_LABELS",
    "label",
    "phase_label",
    "stages_text",
]
