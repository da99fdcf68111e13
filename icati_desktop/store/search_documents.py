"""What each searchable record type contributes to the search index.

One builder per type (``@_builds("resource", code=1)`` …) turns a record's payload into
a :class:`SearchDocument`: its titles as shown, its own text, and the names its codes
have in every language (:mod:`icati_desktop.store.search_words`). The order of the
builders below is the order search results are grouped in. Contact details (a person's
emails and phones) are never indexed: they stay in the directory, shown only while
consent covers them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from icati_desktop import vocabulary
from icati_desktop.domain.countries import Region
from icati_desktop.store.search_words import (
    Names,
    catalog_languages,
    country_name,
    country_names,
    country_names_by_alpha3,
    event_kind_names,
    language_names,
    long_date,
    merged,
    region_names,
    resource_names,
    search_languages,
    series_names,
    topic_search_words,
)

Texts = dict[str, list[str]]
"""language → texts (``""``: of no particular language)."""


@dataclass(frozen=True)
class SearchDocument:
    language: str
    """The language the record's own text is most likely in (``""``: unknown): a hint."""
    titles: Mapping[str, str]
    """language → the title as shown (``""``: a title of no particular language)."""
    texts: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """language → the record's own text, as written (a summary in each of its languages;
    ``""`` for text of no known language: notes, names, publishers)."""
    names: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """language → what the record's codes are called in it (type, topics, country…):
    found in any language, shown in the reader's."""
    hidden: Sequence[str] = ()
    """Words that find the record but are never shown (topics' other search words)."""

    def index_title(self) -> str:
        return "\n".join(dict.fromkeys(t for t in self.titles.values() if t))

    def own_lines(self) -> list[str]:
        """The body's lines of the record's own text."""
        return [t for texts in self.texts.values() for t in texts if t]

    def name_lines(self) -> list[str]:
        """The body's lines of names: one per language, then the hidden words. The same
        few lines recur across records (a country's, a topic's names)."""
        lines = [" · ".join(names) for names in self.names.values() if names]
        if self.hidden:
            lines.append(" · ".join(self.hidden))
        return lines

    def index_body(self) -> str:
        return "\n".join(self.own_lines() + self.name_lines())


def _own(*values: Any) -> Texts:
    """Text of no particular language, empty values left out."""
    return {"": [str(v) for v in values if v]}


def _translated(*fields: Mapping[str, str] | None) -> Texts:
    """Translated fields (language → text) regrouped per language."""
    out: Texts = {}
    for value in fields:
        for language, text in (value or {}).items():
            if text:
                out.setdefault(language, []).append(text)
    return out


DocumentBuilder = Callable[[dict[str, Any]], SearchDocument]
_BUILDERS: dict[str, DocumentBuilder] = {}
_TYPE_CODES: dict[str, int] = {}
DOC_ID_SPAN = 1 << 40
"""Each indexed type's entries have doc ids in their own range (code × span …), so the
FTS5 index selects a type by rowid range, without reading the content table."""


def _builds(record_type: str, code: int) -> Callable[[DocumentBuilder], DocumentBuilder]:
    """Register a type's document builder; ``code`` fixes its doc id range (never reuse)."""

    def register(builder: DocumentBuilder) -> DocumentBuilder:
        if code in _TYPE_CODES.values() or not 0 < code < 1 << 20:
            raise ValueError(f"search type code {code} is taken or out of range")
        _BUILDERS[record_type], _TYPE_CODES[record_type] = builder, code
        return builder

    return register


def indexed_types() -> tuple[str, ...]:
    """Indexed record types, in the order search results are grouped."""
    return tuple(_BUILDERS)


def doc_id_range(record_type: str) -> tuple[int, int]:
    low = _TYPE_CODES[record_type] * DOC_ID_SPAN
    return low, low + DOC_ID_SPAN - 1


def build_document(record_type: str, payload: dict[str, Any]) -> SearchDocument:
    return _BUILDERS[record_type](payload)


def _per_language(make: Callable[[str], str]) -> dict[str, str]:
    return {language: make(language) for language in search_languages()}


@_builds("country", code=5)
def _country(p: dict[str, Any]) -> SearchDocument:
    names = country_names(p.get("alpha2"))
    titles = {lang: found[0] for lang, found in names.items() if found}
    titles.setdefault("en", p.get("name") or p.get("alpha3") or "")
    region = next((r for r in Region if r.value == p.get("region")), None)
    texts = {"en": [p.get("sub_region") or "", p.get("intermediate_region") or ""]}
    texts[""] = list(p.get("groups") or [])
    own: Names = {"en": [p.get("name") or ""], "": [p.get("alpha3") or ""]}
    regions = region_names(region.m49) if region is not None else {}
    return SearchDocument("", titles, texts, merged(names, own, regions))


@_builds("resource", code=1)
def _resource(p: dict[str, Any]) -> SearchDocument:
    titles: dict[str, str] = p.get("title") or {}
    language = "en" if "en" in titles else next(iter(titles), "")
    texts = merged(_translated(p.get("summary")), _own(p.get("publisher"), p.get("series")))
    topics = p.get("topics") or []
    names = resource_names(p.get("resource_type") or "", topics, p.get("level"))
    return SearchDocument(language, titles, texts, names, topic_search_words(topics))


@_builds("person", code=7)
def _person(p: dict[str, Any]) -> SearchDocument:
    texts = _own(p.get("given_name"), p.get("family_name"), p.get("role"))
    texts[""].append(p.get("organisation_name") or "")
    country = country_names_by_alpha3(p.get("country"))
    return SearchDocument("", {"": p.get("display_name") or ""}, texts, country)


@_builds("organisation", code=8)
def _organisation(p: dict[str, Any]) -> SearchDocument:
    name, acronym = p.get("name") or "", p.get("acronym") or ""
    title = f"{name} ({acronym})" if acronym and acronym not in name else name
    texts = _own(acronym, p.get("sub_sector"), p.get("notes"))
    return SearchDocument("", {"": title}, texts, country_names_by_alpha3(p.get("country")))


def _country_and_date(alpha3: str | None, iso_date: str) -> dict[str, str]:
    return _per_language(lambda lang: f"{country_name(alpha3, lang)} · {long_date(iso_date, lang)}")


@_builds("meeting", code=2)
def _meeting(p: dict[str, Any]) -> SearchDocument:
    title = p.get("title") or ""
    titles = {"": title} if title else _country_and_date(p.get("country"), p.get("held_on") or "")
    agenda = [f"{a.get('title', '')}\n{a.get('notes', '')}" for a in p.get("agenda") or []]
    people = [
        " ".join(_own(a.get("name"), a.get("role"), a.get("institution"))[""])
        for a in p.get("attendees") or []
    ]
    follow_ups = [
        " ".join(_own(f.get("action"), f.get("owner"))[""]) for f in p.get("follow_ups") or []
    ]
    texts = _own(
        p.get("subnational_area"),
        p.get("facilitator"),
        *(p.get("objectives") or []),
        *agenda,
        *people,
        *(b.get("text") for b in p.get("barriers") or []),
        *(p.get("decisions") or []),
        *follow_ups,
        p.get("notes"),
    )
    return SearchDocument("", titles, texts, country_names_by_alpha3(p.get("country")))


@_builds("event", code=9)
def _event(p: dict[str, Any]) -> SearchDocument:
    """An event by its title and own text, its kind's and its series' names in every
    language (the series' in those it is shipped in), its languages and its attendees'
    countries as named in each language."""
    languages = [str(code) for code in p.get("languages") or []]
    texts = _own(p.get("series"), p.get("description"), p.get("location"), p.get("partner"))
    countries = [country_names_by_alpha3(a.get("country")) for a in p.get("participants") or []]
    names = merged(
        event_kind_names(p.get("kind") or ""),
        series_names(p.get("series") or ""),
        language_names(languages),
        *countries,
    )
    hint = languages[0] if len(languages) == 1 else ""
    return SearchDocument(hint, {"": p.get("title") or ""}, texts, names)


@_builds("action_item", code=3)
def _action_item(p: dict[str, Any]) -> SearchDocument:
    notes = [n.get("text", "") for n in p.get("progress_notes") or []]
    texts = _own(p.get("description"), p.get("owner_name"), *notes)
    country = country_names_by_alpha3(p.get("country"))
    return SearchDocument("", {"": p.get("title") or ""}, texts, country)


@_builds("assessment", code=4)
def _assessment(p: dict[str, Any]) -> SearchDocument:
    titles = _country_and_date(p.get("country"), p.get("assessed_on") or "")
    notes = [a.get("note") for a in (p.get("answers") or {}).values()]
    texts = _own(*(p.get("participant_names") or []), *notes)
    return SearchDocument("", titles, texts, country_names_by_alpha3(p.get("country")))


def _form_texts(elements: Iterable[dict[str, Any]]) -> Iterable[Mapping[str, str] | None]:
    for element in elements:
        yield element.get("label")
        yield element.get("hint")
        yield from _form_texts(element.get("items") or [])


@_builds("form_definition", code=6)
def _form_definition(p: dict[str, Any]) -> SearchDocument:
    own_titles: dict[str, str] = p.get("title") or {}
    version = p.get("version", "")
    titles = {
        lang: vocabulary.translate(vocabulary.FORM_TITLE, lang).format(title=title, version=version)
        if lang in catalog_languages()
        else f"{title} ({version})"
        for lang, title in own_titles.items()
    }
    fields: list[Mapping[str, str] | None] = [p.get("description")]
    for domain in p.get("domains") or []:
        fields += [domain.get("title"), domain.get("description")]
        fields += _form_texts(domain.get("elements") or [])
    language = p.get("default_language") or ""
    return SearchDocument(language, titles, _translated(*fields), {"": [p.get("form_id") or ""]})
