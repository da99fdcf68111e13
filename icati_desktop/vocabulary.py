"""Names of the codes records carry (library types, levels, topics; event kinds;
searchable record types), in any language of the app's catalogs.

The tables of library codes live in :mod:`icati_desktop.store.labels`; this module reads
them in any language. Qt-free: the GUI shows these names, and the search index
(``store.search_words``) makes records findable by them in every language.
``language=None`` means the current UI language; any other value reads that language's
catalog without making it current.
"""

from __future__ import annotations

from icati_desktop import i18n
from icati_desktop.i18n import N_
from icati_desktop.store.labels import LEVEL_LABELS, TOPIC_LABELS, TYPE_LABELS

__all__ = [
    "EVENT_KIND_LABELS",
    "FORM_TITLE",
    "LEVEL_LABELS",
    "SEARCH_GROUP_LABELS",
    "TOPIC_LABELS",
    "TOPIC_SEARCH_WORDS",
    "TYPE_LABELS",
    "all_messages",
    "event_kind_label",
    "level_label",
    "search_group_label",
    "topic_label",
    "topic_search_words",
    "translate",
    "type_label",
]

EVENT_KIND_LABELS = {
    "network_meeting": N_("Network meeting"),
    "office_hours": N_("Office hours"),
    "webinar": N_("Webinar"),
    "training": N_("Training"),
    "ta_opportunity": N_("Training or TA offered by a partner"),
    "annual_members_meeting": N_("Annual members meeting"),
    "learning_community": N_("Learning community"),
    "affinity_group": N_("Affinity group"),
    "conference": N_("Conference"),
}
"""The kinds of network events. An event's level (basic, intermediate, advanced) is named
by :data:`LEVEL_LABELS`, as a library resource's is."""

TOPIC_SEARCH_WORDS = {
    # TRANSLATORS: never shown. Other words people type to find the library topic "Drug
    # treatment courts", separated by commas: singular and plural forms, common synonyms.
    "dtc": N_("drug court, drug courts, treatment court, court, courts"),
    # TRANSLATORS: never shown. Other words people type to find the library topic "Legal
    # framework", separated by commas: singular and plural forms, common synonyms.
    "legal": N_("law, laws, legislation, legal"),
    # TRANSLATORS: never shown. Other words people type to find the library topic
    # "Monitoring and evaluation", separated by commas: abbreviations, synonyms.
    "m-and-e": N_("M&E, monitoring, evaluation, indicators"),
}
"""Words that find a topic besides its name, where its name alone misses what people type
(the Arabic topic name says "courts", محاكم, and a reader types "court", محكمة)."""

SEARCH_GROUP_LABELS = {
    "country": N_("Countries"),
    "resource": N_("Library"),
    "person": N_("People"),
    "organisation": N_("Institutions"),
    "meeting": N_("Meetings"),
    "event": N_("Events"),
    "action_item": N_("Action items"),
    "assessment": N_("Assessments"),
    "form_definition": N_("Assessment forms"),
}
"""The heading of each record type's search results."""

# TRANSLATORS: an assessment form as search results name it, e.g. "Country ATI
# Self-assessment, version 2".
FORM_TITLE = N_("{title}, version {version}")


def translate(message: str, language: str | None = None) -> str:
    """``message`` in ``language`` (the current UI language when None)."""
    if language is None:
        return i18n._(message)
    return i18n.translator(language).gettext(message)


def type_label(code: str, language: str | None = None) -> str:
    label = TYPE_LABELS.get(code)
    return translate(label, language) if label else code.replace("_", " ")


def level_label(code: str | None, language: str | None = None) -> str:
    if code is None:
        return ""
    label = LEVEL_LABELS.get(code)
    return translate(label, language) if label else code


def event_kind_label(code: str, language: str | None = None) -> str:
    label = EVENT_KIND_LABELS.get(code)
    return translate(label, language) if label else code.replace("_", " ")


def topic_label(slug: str, language: str | None = None) -> str:
    label = TOPIC_LABELS.get(slug)
    return translate(label, language) if label else slug.replace("-", " ").capitalize()


def topic_search_words(slug: str, language: str | None = None) -> list[str]:
    """The topic's other search words (:data:`TOPIC_SEARCH_WORDS`) in ``language``.

    Translators separate them with commas; the Arabic comma "،" and semicolons count too."""
    words = TOPIC_SEARCH_WORDS.get(slug)
    if not words:
        return []
    text = translate(words, language)
    for separator in ("،", ";", "؛"):
        text = text.replace(separator, ",")
    return [word.strip() for word in text.split(",") if word.strip()]


def search_group_label(record_type: str, language: str | None = None) -> str:
    label = SEARCH_GROUP_LABELS.get(record_type)
    return translate(label, language) if label else record_type.replace("_", " ")


def all_messages() -> list[str]:
    """Every msgid of this module: the search index is rebuilt when their translations
    change (``store.search_words.index_stamp``)."""
    return [
        *TYPE_LABELS.values(),
        *LEVEL_LABELS.values(),
        *TOPIC_LABELS.values(),
        *TOPIC_SEARCH_WORDS.values(),
        *EVENT_KIND_LABELS.values(),
        FORM_TITLE,
    ]
