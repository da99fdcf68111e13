"""Identifiers and codes of the HQ-owned reference data.

Default content (countries, library, curricula, forms) ships as data and is inserted
into every new store. Deriving its record ids from a fixed namespace and a natural
key means every store built from the same defaults holds the *same* records, so the
HQ's later edits of a default record reach the field as new versions of it rather
than as a duplicate next to it.

The annotated types below check the codes reference payloads carry: language codes
(the keys of every ``LocalizedText``), tag slugs and XLSForm-style names.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Annotated
from uuid import UUID, uuid5

import pycountry
from pydantic import AfterValidator, Field

from icati_desktop.domain.base import LocalizedText

CONTENT_NAMESPACE = UUID("e99c42c0-2685-4e65-a957-81b2f94745a3")
"""Never change this: every default record id ever issued derives from it."""


def content_record_id(kind: str, natural_key: str) -> UUID:
    """The record id of a default-content record.

    ``kind`` is the record type (``country``, ``resource``…); ``natural_key`` is what
    identifies the record within it (an alpha-3 code, a content key, ``form@version``).
    """
    if not kind or not natural_key:
        raise ValueError("a content record id needs both a kind and a natural key")
    return uuid5(CONTENT_NAMESPACE, f"{kind}:{natural_key}")


_LANGUAGE_TAG = re.compile(r"^([a-z]{2})(-[A-Za-z0-9]{2,8})*$")


def check_language_code(code: str) -> str:
    """Accept an ISO 639-1 code, optionally with BCP 47 subtags (``en``, ``pt-BR``, ``zh-Hans``)."""
    if not _is_language_code(code):
        raise ValueError(f"{code!r} is not an ISO 639-1 language code (e.g. 'en', 'fr', 'ar')")
    return code


@lru_cache(maxsize=512)
def _is_language_code(code: str) -> bool:
    """Every translated text of every payload names its languages: the same few codes,
    looked up in pycountry (a third of validating a library resource) once each."""
    match = _LANGUAGE_TAG.match(code)
    return match is not None and pycountry.languages.get(alpha_2=match.group(1)) is not None


def _check_translations(value: LocalizedText) -> LocalizedText:
    for language, text in value.items():
        check_language_code(language)
        if not text.strip():
            raise ValueError(f"the {language!r} text is blank; leave the language out instead")
    return value


def _require_a_language(value: LocalizedText) -> LocalizedText:
    if not value:
        raise ValueError("the text needs at least one language")
    return value


LanguageCode = Annotated[str, AfterValidator(check_language_code)]
TranslatedText = Annotated[LocalizedText, AfterValidator(_check_translations)]
"""A ``LocalizedText`` whose keys are language codes and whose texts are not blank; may be empty."""
RequiredTranslatedText = Annotated[
    LocalizedText, AfterValidator(_check_translations), AfterValidator(_require_a_language)
]
"""A ``TranslatedText`` in at least one language."""

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
"""A lowercase tag or identifier: ``legal``, ``m-and-e``, ``ati-self-assessment``."""

XlsName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_.-]*$", max_length=64)]
ChoiceName = Annotated[str, Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$", max_length=64)]
"""The name of a choice: XLSForms often number their choices (``1``, ``2``…), and a
choice name is only ever compared as text, never used as a variable."""
"""An XLSForm ``name``: starts with a letter or ``_``; letters, digits, ``_``, ``.``, ``-``."""
FormVersion = Annotated[
    str,
    Field(pattern=r"^[^\x00-\x1f\x7f\s](?:[^\x00-\x1f\x7f]*[^\x00-\x1f\x7f\s])?$", max_length=32),
]
"""A form's version as its author wrote it in the XLSForm settings (``2``, ``1.3``,
``2024061201``, ``2024-06-12``, ``v3 draft``): any printable text of up to 32 characters,
without surrounding spaces. :mod:`icati_desktop.domain.version_order` orders them."""


__all__ = [
    "CONTENT_NAMESPACE",
    "ChoiceName",
    "FormVersion",
    "LanguageCode",
    "RequiredTranslatedText",
    "Slug",
    "TranslatedText",
    "XlsName",
    "check_language_code",
    "content_record_id",
]
