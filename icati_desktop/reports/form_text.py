"""Form texts in a chosen language: labels, names and numbers the assessment reports share.

Texts of a form (domain titles, item labels, anchors, advice) come from the form itself
in the report's language, falling back to the form's default language; the app's own
words come from :func:`icati_desktop.i18n.translator` for that language.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal

from icati_desktop.domain.base import LocalizedText
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.domain.scoring import TaggedResource
from icati_desktop.i18n import N_, translator

PHASE_NAMES = {
    1: N_("Interest & Exploration"),
    2: N_("Systems Preparation"),
    3: N_("Initiative Planning & Launch"),
    4: N_("Expansion & Sustainability"),
}
_SENTENCE_ENDS = (".", "!", "?", "…", "؟", "。")


def localized(text: LocalizedText, form: FormDefinition, language: str) -> str:
    """``text`` in ``language``, else in the form's default language, else any."""
    for wanted in (language, form.default_language):
        if text.get(wanted):
            return text[wanted]
    return next((value for value in text.values() if value), "")


def number(value: Decimal | int, language: str) -> str:
    return format_decimal(value, locale=language)


SCORE_FORMAT = "0.00"
"""Domain scores are shown with two decimals everywhere (screen, PDF, CLI): "1.40",
"2.00", as they are computed (to 0.01), so equal scores always read alike."""


def score_text(value: Decimal, language: str) -> str:
    """A domain score (or mean of scores): ``1.40``, ``2.00``, ``1,33`` in French."""
    return format_decimal(value, format=SCORE_FORMAT, locale=language)


CHANGE_FORMAT = f"+{SCORE_FORMAT};-{SCORE_FORMAT}"


def change_text(value: Decimal, language: str) -> str:
    """A change of a domain score, signed: ``+0.50``, ``-0.25``."""
    return format_decimal(value, format=CHANGE_FORMAT, locale=language)


def sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith(_SENTENCE_ENDS) else text + "."


def phase_name(phase: int, language: str) -> str:
    if phase not in PHASE_NAMES:
        raise ValueError(f"phases are numbered 1 to 4, not {phase}")
    return translator(language).gettext(PHASE_NAMES[phase])


def domain_name(code: str, form: FormDefinition, language: str) -> str:
    """ "Leadership & coordination (D2)"."""
    title = localized(form.domain(code).title, form, language)
    return translator(language).gettext("{title} ({code})").format(title=title, code=code)


def item_label(name: str, form: FormDefinition, language: str) -> str:
    return localized(form.item(name).label, form, language)


def choice_label(item: str, choice: str, form: FormDefinition, language: str) -> str:
    list_name = form.item(item).choices
    for choice_list in form.choice_lists:
        if choice_list.name == list_name:
            for option in choice_list.choices:
                if option.name == choice:
                    return localized(option.label, form, language)
    return choice


def resource_title(resource: TaggedResource, form: FormDefinition, language: str) -> str:
    if isinstance(resource.title, str):
        return resource.title
    return localized(resource.title, form, language)


def anchor_label(anchor: int, form: FormDefinition, language: str) -> str:
    label = next(a.label for a in form.scale.anchors if a.value == anchor)
    return localized(label, form, language)


__all__ = [
    "CHANGE_FORMAT",
    "PHASE_NAMES",
    "SCORE_FORMAT",
    "anchor_label",
    "change_text",
    "choice_label",
    "domain_name",
    "item_label",
    "localized",
    "number",
    "phase_name",
    "resource_title",
    "score_text",
    "sentence",
]
