"""The catalogs are complete, current and well-formed; dates and numbers follow the language.

A string added to the code without updating the catalogs fails here with the list of
missing strings: run ``make translations``, translate the new entries, and commit the .po.
"""

from __future__ import annotations

import ast
import gettext
import re
import string
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from icati_desktop import i18n
from icati_desktop.ui_strings import extract_ui

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "icati_desktop"
TRANSLATIONS = ROOT / "translations"
SCANNED = (PACKAGE, ROOT / "ui")  # as `make translations` does
POT = TRANSLATIONS / f"{i18n.DOMAIN}.pot"
TRANSLATED = [lang for lang in i18n.SUPPORTED_LANGUAGES if lang != "en"]
MARKERS = ("_", "N_", "ngettext")
RUN = "run `make translations`, then translate the new entries in translations/*/LC_MESSAGES"

MsgId = str | tuple[str, ...]


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def po_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


def entries(catalog: Catalog) -> Iterator[Message]:
    return (message for message in catalog if message.id)


def key(message_id: MsgId) -> str:
    return message_id[0] if isinstance(message_id, tuple) else message_id


def extracted_ids() -> set[str]:
    """The msgids the sources hold now, extracted exactly as `make translations` does."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    ids: set[str] = set()
    for directory in SCANNED:
        found = extract_from_dir(
            str(directory), method_map, options_map, keywords=DEFAULT_KEYWORDS, comment_tags=()
        )
        ids |= {key(message) for _file, _line, message, _comments, _context in found}
    return ids


def ordered_placeholders(text: str) -> list[str]:
    return [field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field]


def placeholders(text: str) -> set[str]:
    return set(ordered_placeholders(text))


def accelerators(text: str) -> int:
    return len(re.findall(r"&(?![&\s])", text.replace("&&", "")))


def describe(message: Message) -> str:
    return repr(key(message.id))


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


# --- the template is current --------------------------------------------------------------------


def test_the_template_holds_every_string_in_the_sources() -> None:
    in_sources = extracted_ids()
    in_template = {key(m.id) for m in entries(read_catalog(POT))}
    missing = sorted(in_sources - in_template)
    stale = sorted(in_template - in_sources)
    assert not missing, f"{len(missing)} strings are not in {POT.name}; {RUN}:\n" + "\n".join(
        f"  {m!r}" for m in missing
    )
    assert not stale, f"{POT.name} has strings no longer in the sources; {RUN}:\n" + "\n".join(
        f"  {m!r}" for m in stale
    )


def marked_literals() -> Iterator[tuple[Path, int, str | None]]:
    """(file, line, literal or None) for every _(…), N_(…), ngettext(…) call in the package."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in MARKERS or not node.args:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield path, node.lineno, first.value
            elif isinstance(first, ast.JoinedStr):
                yield path, node.lineno, None


def test_every_marked_string_is_extractable() -> None:
    """Babel on Python 3.11 does not look inside f-strings, and an f-string cannot be a msgid."""
    extracted = extracted_ids()
    problems = []
    for path, line, literal in marked_literals():
        where = f"{path.relative_to(ROOT)}:{line}"
        if literal is None:
            problems.append(f"  {where}: an f-string inside _(); use _('… {{name}} …').format()")
        elif literal not in extracted:
            problems.append(f"  {where}: {literal!r} is not extracted (inside an f-string?)")
    assert not problems, "strings the catalogs cannot see:\n" + "\n".join(problems)


def test_designer_forms_are_extracted_except_notr_strings() -> None:
    form = ROOT / "tests" / "data" / "ui" / "sample_form.ui"
    with form.open("rb") as handle:
        found = list(extract_ui(handle, (), (), {}))
    assert found == [(6, None, "Import preview", []), (12, None, "Apply", ["button"])]


# --- every language is complete and well-formed ---------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_is_translated(language: str) -> None:
    template = {key(m.id) for m in entries(read_catalog(POT))}
    catalog = read_catalog(po_path(language), language)
    by_id = {key(m.id): m for m in entries(catalog)}
    absent = sorted(template - set(by_id))
    assert not absent, f"{language}: {len(absent)} strings not merged; {RUN}:\n" + "\n".join(
        f"  {m!r}" for m in absent
    )
    untranslated, fuzzy = [], []
    for message in by_id.values():
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(form and form.strip() for form in forms):
            untranslated.append(describe(message))
        if message.fuzzy:
            fuzzy.append(describe(message))
    assert not untranslated, f"{language}: untranslated:\n  " + "\n  ".join(untranslated)
    assert not fuzzy, f"{language}: fuzzy (check, then remove the flag):\n  " + "\n  ".join(fuzzy)


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_plural_rule_is_cldr_and_every_plural_has_all_its_forms(language: str) -> None:
    catalog = read_catalog(po_path(language), language)
    expected = get_plural(language)
    assert catalog.num_plurals == expected.num_plurals
    assert catalog.plural_expr.replace(" ", "") == expected.plural_expr.replace(" ", "")
    wrong = [
        f"{describe(m)}: {len(m.string)} forms"
        for m in entries(catalog)
        if isinstance(m.id, tuple)
        and (not isinstance(m.string, tuple) or len(m.string) != expected.num_plurals)
    ]
    assert not wrong, f"{language}: needs {expected.num_plurals} forms:\n  " + "\n  ".join(wrong)


def single_number_forms(catalog: Catalog) -> set[int]:
    """Plural forms used for exactly one number (Arabic zero, one, two)."""
    rule = gettext.c2py(catalog.plural_expr)  # the same C expression gettext evaluates
    uses: dict[int, set[int]] = {}
    for n in range(2000):
        uses.setdefault(rule(n), set()).add(n)
    return {form for form, numbers in uses.items() if len(numbers) == 1}


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_are_kept(language: str) -> None:
    """Each {name} in the msgid is in the translation, and no other.

    A plural form used for one number only (Arabic zero, one, two) may spell the count out
    in words, so the count — ``{n}``, else the msgid's first placeholder — may be left out.
    """
    catalog = read_catalog(po_path(language), language)
    exact_forms = single_number_forms(catalog)
    problems = []
    for message in entries(catalog):
        if isinstance(message.id, tuple):
            singular, plural = message.id[0], message.id[1]
            wanted = placeholders(singular) | placeholders(plural)
            count = "n" if "n" in wanted else next(iter(ordered_placeholders(singular)), None)
            for index, form in enumerate(message.string):
                got = placeholders(form)
                optional = {count} if index in exact_forms and count else set()
                if not (wanted - optional <= got <= wanted):
                    problems.append(f"{describe(message)} form {index}: {sorted(got)}")
        elif placeholders(message.string) != placeholders(message.id):
            problems.append(f"{describe(message)}: {sorted(placeholders(message.string))}")
    assert not problems, f"{language}: placeholders differ:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("language", TRANSLATED)
def test_accelerators_are_kept_once(language: str) -> None:
    """One & per menu text at most; French keeps every accelerator (Arabic may drop them)."""
    problems = []
    for message in entries(read_catalog(po_path(language), language)):
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for form in forms:
            if accelerators(form) > 1:
                problems.append(f"{describe(message)}: more than one &")
            if language == "fr" and accelerators(form) != accelerators(key(message.id)):
                problems.append(f"{describe(message)}: accelerator lost or added")
    assert not problems, "\n".join(problems)


def test_french_puts_a_non_breaking_space_before_high_punctuation() -> None:
    bad = re.compile(r"(?<![\u00a0\u202f])[:;?!](?=\s|$)")
    problems = [
        f"{describe(m)}: {form!r}"
        for m in entries(read_catalog(po_path("fr"), "fr"))
        for form in (m.string if isinstance(m.string, tuple) else (m.string,))
        if bad.search(form)
    ]
    assert not problems, "use a non-breaking space before : ; ? !\n  " + "\n  ".join(problems)


# --- at run time ----------------------------------------------------------------------------------


def test_the_catalog_is_used_at_run_time() -> None:
    i18n.set_language("fr")
    assert i18n._("&File") == "&Fichier"
    assert i18n.ngettext("{n} open conflict", "{n} open conflicts", 2) == "{n} conflits non résolus"
    i18n.set_language("ar")
    assert i18n._("Home") == "الرئيسية"
    forms = [i18n.ngettext("{n} open conflict", "{n} open conflicts", n) for n in (0, 1, 2, 3, 11)]
    assert len(set(forms)) == 5, forms
    i18n.set_language("en")
    assert i18n._("&File") == "&File"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_po_is_read_directly_without_a_compiled_mo(language: str) -> None:
    translations = i18n._PoTranslations(po_path(language))
    compiled = read_catalog(po_path(language), language)
    for message in entries(compiled):
        if isinstance(message.id, tuple):
            assert translations.ngettext(message.id[0], message.id[1], 1) in message.string
        else:
            assert translations.gettext(message.id) == message.string


def test_dates_and_numbers_follow_the_language() -> None:
    day = date(2026, 3, 2)
    i18n.set_language("en")
    assert i18n.format_date(day, "long") == "March 2, 2026"
    assert i18n.format_number(1234567.5) == "1,234,567.5"
    i18n.set_language("fr")
    assert i18n.format_date(day) == "2 mars 2026"
    assert i18n.format_number(1234567.5) == "1\u202f234\u202f567,5"
    assert i18n.format_age(timedelta(days=3)) == "3\u00a0jours"
    i18n.set_language("ar")
    assert "مارس" in i18n.format_date(day, "long")
    assert i18n.format_age(timedelta(days=3)) == "3 أيام"


def test_a_catalog_read_from_its_po_file_keeps_the_language_plural_rule() -> None:
    """Without a compiled .mo the .po is read directly: Arabic still has six plural forms."""
    translations = i18n._PoTranslations(po_path("ar"))
    assert [translations.plural(n) for n in (0, 1, 2, 3, 11, 100)] == [0, 1, 2, 3, 4, 5]
    few = translations.ngettext("{n} resource", "{n} resources", 3)
    many = translations.ngettext("{n} resource", "{n} resources", 11)
    assert few != many
