"""One translation path for the whole app: gettext catalogs, babel for dates and numbers.

Every user-visible string goes through :func:`_` (or :func:`ngettext`); strings defined
at import time are marked with :func:`N_` and translated where they are shown. Catalogs
live in ``translations/<lang>/LC_MESSAGES/icati.po``; the compiled ``.mo`` is used when
present, otherwise the ``.po`` is read directly (so a source checkout works without a
build step). Dates, numbers and plurals follow CLDR through babel — never by hand.
"""

from __future__ import annotations

import gettext
import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date as babel_date
from babel.dates import format_datetime as babel_datetime
from babel.dates import format_timedelta
from babel.lists import format_list as babel_format_list
from babel.numbers import format_decimal

from icati_desktop import paths

log = logging.getLogger(__name__)

DOMAIN = "icati"
SUPPORTED_LANGUAGES = ("en", "fr", "es", "pt", "ar")
"""Languages with complete catalogs (English is the source language)."""
WORKING_LANGUAGES = ("en", "fr", "es", "pt", "ar")
"""The consortium's working languages (AU, OAS, UN): country names are searchable in
these (CLDR and pycountry data) even before the app's own catalogs speak them."""
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})

_state: dict[str, gettext.NullTranslations | str] = {
    "translation": gettext.NullTranslations(),
    "language": "en",
}


class _PoTranslations(gettext.GNUTranslations):
    """GNUTranslations filled from a .po file through babel (no compiled .mo needed)."""

    def __init__(self, po_path: Path) -> None:
        gettext.NullTranslations.__init__(self)
        from babel.messages.pofile import read_po

        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        self._catalog: dict[object, str] = {}
        # The catalog's own Plural-Forms rule (Arabic has six forms), as gettext compiles it.
        self.plural = gettext.c2py(catalog.plural_expr)
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.id, tuple):
                strings = message.string if isinstance(message.string, tuple) else ()
                for index, text in enumerate(strings):
                    if text:
                        self._catalog[(message.id[0], index)] = text
            elif message.string:
                self._catalog[message.id] = str(message.string)


@cache
def _load(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    directory = paths.translations_dir() / language / "LC_MESSAGES"
    mo, po = directory / f"{DOMAIN}.mo", directory / f"{DOMAIN}.po"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if po.is_file():
        return _PoTranslations(po)
    log.warning("no catalog for language %s; using English", language)
    return gettext.NullTranslations()


def set_language(language: str) -> None:
    """Make ``language`` the language of every later :func:`_` call."""
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; choose one of {SUPPORTED_LANGUAGES}")
    _state["translation"] = _load(language)
    _state["language"] = language


def translator(language: str) -> gettext.NullTranslations:
    """The catalog of ``language`` without making it current (reports in another language)."""
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; choose one of {SUPPORTED_LANGUAGES}")
    return _load(language)


def name_languages() -> tuple[str, ...]:
    """Languages whose country and region names search finds: the UI languages, then the
    working languages (read at call time, so a language added to the app is included)."""
    return tuple(dict.fromkeys((*SUPPORTED_LANGUAGES, *WORKING_LANGUAGES)))


def current_language() -> str:
    return str(_state["language"])


def is_rtl(language: str | None = None) -> bool:
    return (language or current_language()) in RTL_LANGUAGES


def _(message: str) -> str:
    translation = _state["translation"]
    assert isinstance(translation, gettext.NullTranslations)
    return translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    translation = _state["translation"]
    assert isinstance(translation, gettext.NullTranslations)
    return translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction; translate it with :func:`_` where it is shown."""
    return message


def locale() -> Locale:
    return Locale.parse(current_language())


def format_date(value: date, length: str = "medium") -> str:
    return babel_date(value, format=length, locale=locale())


def format_datetime(value: datetime, length: str = "medium") -> str:
    return babel_datetime(value, format=length, locale=locale())


def format_number(value: int | float | Decimal) -> str:
    return format_decimal(value, locale=locale())


def format_list(items: Sequence[str]) -> str:
    """ "Kenya, Uganda, and Mexico" in the current language's words and punctuation."""
    return babel_format_list(list(items), locale=locale())


def format_age(age: timedelta) -> str:
    """'3 days', '2 hours' in the current language."""
    return format_timedelta(age, locale=locale(), threshold=1.1)
