"""The shipped self-assessment form speaks every language it declares.

French-, Arabic-, Spanish- and Portuguese-speaking experts fill the form in their language
and the PDF report may be rendered in any of them, so a label, hint or advice text added
in English only would show up untranslated in front of them. The texts are found by
walking the validated :class:`FormDefinition`, so a text in a field added later is
checked too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from icati_desktop.domain.default_content import load_forms
from icati_desktop.domain.forms import FormDefinition

CONTENT = Path(__file__).resolve().parents[2] / "resources" / "content"
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


@pytest.fixture(scope="module")
def form() -> FormDefinition:
    forms = [f for _, f in load_forms(CONTENT) if f.form_id == "ati-self-assessment"]
    assert len(forms) == 1
    return forms[0]


def texts(node: object, where: str = "form") -> Iterator[tuple[str, dict[str, str]]]:
    """Every non-empty translated text under ``node``, with where it sits.

    In a form definition every mapping is a translated text (language code to text);
    empty ones are optional texts the form does not use (an item without a hint).
    """
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from texts(getattr(node, name), f"{where}.{name}")
    elif isinstance(node, list | tuple):
        for index, element in enumerate(node):
            names = (getattr(element, key, None) for key in ("name", "code", "domain"))
            label = next((str(n) for n in names if n), str(index))
            yield from texts(element, f"{where}[{label}]")
    elif isinstance(node, dict) and node:
        yield where, node


def test_the_form_declares_the_five_languages(form: FormDefinition) -> None:
    assert form.default_language == "en"
    assert form.languages == ["en", "fr", "ar", "es", "pt"]


def test_every_text_exists_in_every_language_of_the_form(form: FormDefinition) -> None:
    missing = [
        f"{where} has no {language!r} text"
        for where, text in texts(form)
        for language in form.languages
        if not text.get(language, "").strip()
    ]
    assert missing == []


def test_the_walk_reaches_the_texts_users_read(form: FormDefinition) -> None:
    """Guards the check above: it must see item labels, hints and every advice text."""
    found = dict(texts(form))
    reached = {id(text) for text in found.values()}
    expected = [item.label for _, item in form.items()]
    expected += [item.hint for _, item in form.items() if item.hint]
    expected += [domain.title for domain in form.domains]
    expected += [rule.action for rule in form.advice_rules]
    expected += [rule.support_offer for rule in form.advice_rules]
    expected += [form.title, form.description, form.advice.mapping_action]
    assert all(id(text) in reached for text in expected)
    assert len(list(form.items())) == 35
    assert len(form.advice_rules) == 9


def test_translations_are_not_english_left_in_place(form: FormDefinition) -> None:
    """An Arabic text is in Arabic script, and a sentence is not copied from English."""
    not_arabic = [where for where, text in texts(form) if not ARABIC_LETTER.search(text["ar"])]
    assert not_arabic == []
    copied = [
        f"{where} ({language})"
        for where, text in texts(form)
        for language in ("fr", "ar", "es", "pt")
        if len(text["en"].split()) >= 3 and text[language] == text["en"]
    ]
    assert copied == []
    latin_marks = [where for where, text in texts(form) if "?" in text["ar"]]
    assert latin_marks == [], "Arabic questions end with ؟, not ?"
    unopened = [
        where for where, text in texts(form) if text["es"].endswith("?") and "¿" not in text["es"]
    ]
    assert unopened == [], "Spanish questions open with ¿"
