"""The words of meetings in a chosen language: types, formats, sectors, barriers…

Screens, exports and the CLI show these labels, never the codes the store keeps.
"""

from __future__ import annotations

from collections.abc import Mapping

from icati_desktop.i18n import N_, translator
from icati_desktop.store.field_words import BARRIERS as BARRIERS
from icati_desktop.store.field_words import CONFIDENTIALITY as CONFIDENTIALITY
from icati_desktop.store.field_words import FORMATS as FORMATS
from icati_desktop.store.field_words import MEETING_TYPES as MEETING_TYPES
from icati_desktop.store.field_words import SECTORS as SECTORS
from icati_desktop.store.field_words import STAGES as STAGES

FOLLOW_UP_STATUS = {"open": N_("To do"), "done": N_("Done"), "dropped": N_("Dropped")}
ATTACHMENT_KINDS = {
    "photo": N_("Photo"),
    "attendance_sheet": N_("Attendance sheet"),
    "other": N_("Other file"),
}


def label(words: Mapping[str, str], code: str | None, language: str) -> str:
    """The label of ``code`` in ``language``; "" for none, the code itself if unknown."""
    if not code:
        return ""
    word = words.get(code)
    return translator(language).gettext(word) if word else code
