"""What the codes records carry are called in every language, for the search index.

A record is found by the words a reader sees, whatever the UI language: a resource by
its type and topic names ("toxicomanie" finds the topic "Drug treatment courts" in
French), a country — and every record of that country — by its name ("Kenya", "Kenia",
"كينيا"). Names come from:

* the app's catalogs (:mod:`icati_desktop.vocabulary`) for each language of
  ``i18n.SUPPORTED_LANGUAGES``, read at call time: a language added there is indexed
  with no code change here;
* CLDR (babel) and pycountry's ISO 3166 catalogs for country, region and language
  names, in the supported languages and the network's working languages
  (``i18n.WORKING_LANGUAGES``: those names exist even before the app's own catalog for
  a language does);
* the shipped event series (``event_series.json``) for the names of a series in every
  language ("Réunion mensuelle du réseau" finds the "Monthly network meeting" sessions).

:func:`index_stamp` sums all of it up; the index is rebuilt when it changes
(``store.search_index.ensure_search_index``): a new language, a corrected translation
or a newer pycountry is searchable at the next start.
"""

from __future__ import annotations

import gettext
import hashlib
import json
from collections.abc import Hashable, Iterable, Mapping, Sequence
from contextlib import suppress
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

import babel
import pycountry
from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from icati_desktop import i18n, paths, vocabulary
from icati_desktop.domain.event_series import SERIES_FILE
from icati_desktop.store.labels import language_label

INDEX_FORMAT = 4
"""Raise when what the document builders index changes: every index is then rebuilt
(3: events are indexed; 4: by their kind's names too)."""

Names = dict[str, list[str]]
"""language → names (``""``: names of no language, such as ISO codes)."""


def catalog_languages() -> tuple[str, ...]:
    """Languages with an app catalog (the UI languages)."""
    return tuple(i18n.SUPPORTED_LANGUAGES)


def search_languages() -> tuple[str, ...]:
    """Languages whose names are indexed: the UI languages, then the working languages
    (``i18n.name_languages``)."""
    return i18n.name_languages()


def _distinct(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


@lru_cache(maxsize=16)
def _iso_catalog(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


@lru_cache(maxsize=16)
def _locale(language: str) -> Locale | None:
    with suppress(UnknownLocaleError, ValueError):
        return Locale.parse(language)
    return None


@lru_cache(maxsize=1024)
def _country_names(
    alpha2: str, languages: tuple[str, ...]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    entry = pycountry.countries.get(alpha_2=alpha2.upper())
    if entry is None:
        return ()
    english = [getattr(entry, field, "") for field in ("common_name", "name", "official_name")]
    out = []
    for language in languages:
        locale = _locale(language)
        cldr = locale.territories.get(entry.alpha_2, "") if locale is not None else ""
        iso = [_iso_catalog("iso3166-1", language).gettext(n) for n in english if n]
        names = _distinct([cldr, *iso] if language != "en" else [cldr, *english])
        out.append((language, tuple(names)))
    return tuple(out)


def country_names(alpha2: str | None) -> Names:
    """A country's names in every search language, best known first (CLDR's, as the UI
    shows it), then pycountry's (short, common and official); ``{}`` if unknown."""
    if not alpha2:
        return {}
    return {lang: list(names) for lang, names in _country_names(alpha2, search_languages())}


@lru_cache(maxsize=512)
def _alpha2_of(alpha3: str) -> str | None:
    entry = pycountry.countries.get(alpha_3=alpha3.upper())
    return None if entry is None else str(entry.alpha_2)


def country_names_by_alpha3(alpha3: str | None) -> Names:
    """:func:`country_names` of an ISO alpha-3 code, with the code itself (language ``""``)."""
    if not alpha3:
        return {}
    names = country_names(_alpha2_of(alpha3))
    names.setdefault("", []).append(alpha3.upper())
    return names


def country_name(alpha3: str | None, language: str) -> str:
    """The name a reader of ``language`` knows the country by; the code if unknown."""
    names = country_names(_alpha2_of(alpha3 or "") or "")
    return next(iter(names.get(language) or names.get("en") or []), alpha3 or "")


def region_names(m49: str) -> Names:
    """A UN M49 region's names (CLDR), e.g. "002" → Africa, Afrique, África, أفريقيا."""
    out: Names = {}
    for language in search_languages():
        locale = _locale(language)
        name = locale.territories.get(m49, "") if locale is not None else ""
        if name:
            out[language] = [name]
    return out


def language_names(codes: Sequence[str]) -> Names:
    """Languages (codes such as "fr") named as the UI shows them, in every search language
    ("French", "Français", "Francés", "الفرنسية"…), with the codes themselves under ``""``."""
    out: Names = {"": list(codes)} if codes else {}
    for language in search_languages():
        names = _distinct(n for code in codes if (n := language_label(code, language)) != code)
        if names:
            out[language] = names
    return out


@lru_cache(maxsize=1)
def _series_titles() -> tuple[tuple[tuple[str, str], ...], ...]:
    """The titles per language of each shipped series that is named by its title (not the
    ATI Basics sessions: their titles name one session each, not the series)."""
    path = paths.resource("content") / SERIES_FILE
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    return tuple(
        tuple(sorted((str(k), str(v)) for k, v in (entry.get("title") or {}).items()))
        for entry in entries
        if isinstance(entry, dict) and not entry.get("series")
    )


def series_names(series: str) -> Names:
    """A series' name in every language it is shipped in, when ``series`` is one of the
    shipped series' titles in any language; ``{}`` otherwise (a series of HQ's own)."""
    wanted = series.strip().casefold()
    if not wanted:
        return {}
    for titles in _series_titles():
        if any(title.casefold() == wanted for _lang, title in titles):
            return {language: [title] for language, title in titles}
    return {}


def long_date(iso_date: str, language: str) -> str:
    """An ISO date in the reader's words (CLDR), or as given if it is not a date."""
    from datetime import date

    try:
        value = date.fromisoformat(iso_date)
    except ValueError:
        return iso_date
    return format_date(value, format="long", locale=_locale(language) or "en")


Catalogs = tuple[tuple[str, gettext.NullTranslations], ...]


def _catalogs() -> Catalogs:
    """The UI languages with their catalogs: a cache key that changes when either does."""
    return tuple((language, i18n.translator(language)) for language in catalog_languages())


def names_cache_key() -> Hashable:
    """Changes when the names indexed in some language may have (a cache key)."""
    return (search_languages(), _catalogs())


def resource_names(resource_type: str, topics: Sequence[str], level: str | None) -> Names:
    """A resource's type, topic and level names per UI language; the topic codes
    themselves under ``""``."""
    return {
        language: list(names)
        for language, names in _resource_names(resource_type, tuple(topics), level, _catalogs())
    }


@lru_cache(maxsize=4096)
def _resource_names(
    resource_type: str, topics: tuple[str, ...], level: str | None, catalogs: Catalogs
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Cached: resources share few combinations of type, topics and level, and a whole
    library is indexed at once after an upgrade."""
    out = [("", topics)]
    for language, _catalog in catalogs:
        names = [vocabulary.type_label(resource_type, language)]
        names += [vocabulary.topic_label(slug, language) for slug in topics]
        if level:
            names.append(vocabulary.level_label(level, language))
        out.append((language, tuple(_distinct(names))))
    return tuple(out)


def event_kind_names(kind: str) -> Names:
    """An event kind's name in every UI language ("Webinar", "Webinaire", "ندوة عبر
    الإنترنت"); ``{}`` for no kind."""
    if not kind:
        return {}
    return {language: list(names) for language, names in _event_kind_names(kind, _catalogs())}


@lru_cache(maxsize=64)
def _event_kind_names(kind: str, catalogs: Catalogs) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Cached: a few kinds, and a whole network calendar is indexed at once."""
    return tuple(
        (language, (vocabulary.event_kind_label(kind, language),)) for language, _c in catalogs
    )


def topic_search_words(topics: Sequence[str]) -> list[str]:
    """The topics' other search words (``vocabulary.TOPIC_SEARCH_WORDS``) in every UI
    language: they find a resource, and are never shown."""
    return list(_topic_search_words(tuple(topics), _catalogs()))


@lru_cache(maxsize=4096)
def _topic_search_words(topics: tuple[str, ...], catalogs: Catalogs) -> tuple[str, ...]:
    return tuple(
        _distinct(
            word
            for language, _catalog in catalogs
            for slug in topics
            for word in vocabulary.topic_search_words(slug, language)
        )
    )


def merged(*parts: Mapping[str, Sequence[str]]) -> Names:
    """Names of several sources, per language, without repeats."""
    out: Names = {}
    for part in parts:
        for language, names in part.items():
            out[language] = _distinct([*out.get(language, []), *names])
    return out


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def index_stamp() -> str:
    """A digest of everything that decides which names are indexed (see the module doc)."""
    messages = vocabulary.all_messages()
    words = {
        language: [vocabulary.translate(m, language) for m in messages]
        for language in catalog_languages()
    }
    summary = {
        "format": INDEX_FORMAT,
        "languages": search_languages(),
        "words": words,
        "babel": babel.__version__,
        "pycountry": _package_version("pycountry"),
        "series": _series_titles(),
    }
    encoded = json.dumps(summary, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()[:32]
