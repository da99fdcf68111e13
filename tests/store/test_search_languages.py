"""Search in every language: records are found by the words users see in theirs (country
names, topic and type names), Arabic letter forms are folded, hits are titled by name in
the reader's language, and a language added to the app is indexed with no code change."""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import uuid4

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from hypothesis import given
from hypothesis import strategies as st

from icati_desktop import i18n, paths, vocabulary
from icati_desktop.domain.action_plans import ActionItem
from icati_desktop.domain.assessments import Assessment
from icati_desktop.domain.directory import Contact, Organisation, Person
from icati_desktop.domain.library import Resource
from icati_desktop.domain.meetings import Meeting
from icati_desktop.store.records import RecordService
from icati_desktop.store.search import (
    MARK_END,
    MARK_START,
    SearchResults,
    ensure_search_index,
    search,
    split_marks,
)
from icati_desktop.store.search_text import _INDEX_CHARS, article_forms, clean
from icati_desktop.store.store import Store
from tests.store.helpers import StoreFactory

TOPIC = "dtc"
"""Drug treatment courts: three resources of the default library carry it."""


def find(store: Store, query: str, language: str = "en", **kwargs: object) -> SearchResults:
    with store.read() as session:
        return search(session, query, language=language, **kwargs)  # type: ignore[arg-type]


def titles(results: SearchResults, record_type: str) -> list[str]:
    return [h.title for g in results.groups if g.record_type == record_type for h in g.hits]


def ids(results: SearchResults, record_type: str) -> set[str]:
    return {h.record_id for g in results.groups if g.record_type == record_type for h in g.hits}


def plain(snippet: str) -> str:
    return "".join(part for part, _ in split_marks(snippet))


@pytest.fixture
def hq(make_store: StoreFactory) -> Store:
    return make_store(role="hq")


def topic_resources(store: Store) -> set[str]:
    """The default library's resources on drug treatment courts, read from the store."""
    from sqlalchemy import select

    from icati_desktop.store.tables.core import RecordTermRow

    with store.read() as session:
        found = session.scalars(
            select(RecordTermRow.record_id).where(
                RecordTermRow.record_type == "resource",
                RecordTermRow.field == "topics",
                RecordTermRow.value == TOPIC,
            )
        )
        return set(found)


@pytest.mark.parametrize(
    ("query", "language", "shown"),
    [
        ("Kenya", "en", "Kenya"),
        ("Kenia", "fr", "Kenya"),  # the Spanish name, read by a French user
        ("كينيا", "en", "Kenya"),
        ("Kenya", "ar", "كينيا"),
        ("Quênia", "en", "Kenya"),  # Portuguese: found before the app speaks it
        ("quenia", "en", "Kenya"),
        ("KEN", "fr", "Kenya"),
    ],
)
def test_a_country_is_found_by_its_name_in_any_language(
    hq: Store, query: str, language: str, shown: str
) -> None:
    results = find(hq, query, language)
    assert titles(results, "country")[0] == shown
    assert "KEN" not in titles(results, "country")[0]


def test_the_issue_examples_find_the_court_resources(hq: Store) -> None:
    """ "toxicomanie" (the French topic name) and "محكمة" (court, in the Arabic search words
    of the topic) find the library's drug treatment court resources, as "court" does."""
    courts = topic_resources(hq)
    assert len(courts) == 3
    english = ids(find(hq, "court", types=["resource"]), "resource")
    assert courts <= english
    french = find(hq, "toxicomanie", "fr", types=["resource"])
    assert ids(french, "resource") == courts
    hit = french.groups[0].hits[0]
    assert f"{MARK_START}toxicomanie{MARK_END}" in hit.snippet
    assert "Tribunaux de traitement de la toxicomanie" in plain(hit.snippet)
    assert hit.title.startswith(("Defining", "Adult", "Manual"))  # the resource's own title
    for query in ("محكمة", "محكمه", "المحاكم"[2:], "مَحْكَمَة"):
        assert ids(find(hq, query, "ar", types=["resource"]), "resource") == courts, query
    # the form's Arabic text says "المحكمة": found like its English "Court"
    forms = ids(find(hq, "court", types=["form_definition"]), "form_definition")
    assert forms
    assert ids(find(hq, "محكمة", "ar", types=["form_definition"]), "form_definition") == forms


@pytest.mark.parametrize(("query", "language"), [("toxicomanie", "fr"), ("محكمة", "ar")])
def test_the_library_page_search_finds_by_translated_names_too(
    hq: Store, query: str, language: str
) -> None:
    from icati_desktop.store.library import LibraryFilter, query_resources

    with hq.read() as session:
        page = query_resources(session, LibraryFilter(text=query), language=language)
    assert {row.record_id for row in page.rows} == topic_resources(hq)
    label = vocabulary.topic_label(TOPIC, language)
    assert all(label in plain(row.snippet or "") for row in page.rows)  # why, in their words


@pytest.mark.parametrize("language", i18n.SUPPORTED_LANGUAGES)
def test_topics_are_found_by_their_name_in_each_ui_language(hq: Store, language: str) -> None:
    label = vocabulary.topic_label(TOPIC, language)
    if language != "en":
        assert label != vocabulary.topic_label(TOPIC, "en"), f"no {language} topic name"
    results = find(hq, label, language, types=["resource"])
    assert ids(results, "resource") == topic_resources(hq)
    snippet = plain(results.groups[0].hits[0].snippet)
    assert label.casefold() in snippet.casefold()  # why it matched, in their language


def test_resource_types_are_found_by_their_translated_name(hq: Store) -> None:
    rid = (
        RecordService(hq)
        .create(Resource.model_validate({"title": {"en": "Okapi"}, "resource_type": "webinar"}))
        .record_id
    )
    for language in i18n.SUPPORTED_LANGUAGES:
        name = vocabulary.type_label("webinar", language)
        assert rid in ids(find(hq, f"okapi {name}", language), "resource"), language


@pytest.mark.parametrize(
    ("stored", "asked"),
    [
        ("مَحْكَمَة الأسرة", "محكمه"),  # tashkeel in the record, taa marbuta as haa
        ("محكمه الأسرة", "مُحَكَّمَة"),  # and the other way round
        ("أحمد", "احمد"),  # alef with hamza above
        ("إصلاح", "اصلاح"),  # alef with hamza below
        ("آفاق", "افاق"),  # alef with madda
        ("ٱلعدل", "العدل"),  # alef wasla
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("محـــكمة", "محكمة"),  # tatweel
        ("ﻣﺤﻜﻤﺔ", "محكمة"),  # presentation forms (text copied from a PDF)
    ],
)
def test_arabic_letter_forms_are_folded(hq: Store, stored: str, asked: str) -> None:
    rid = (
        RecordService(hq)
        .create(Resource.model_validate({"title": {"ar": stored}, "resource_type": "guide"}))
        .record_id
    )
    results = find(hq, asked, "ar", types=["resource"])
    assert rid in ids(results, "resource")
    hit = next(h for g in results.groups for h in g.hits if h.record_id == rid)
    assert hit.title == stored  # shown as written, not folded
    assert any(is_match for _, is_match in split_marks(hit.snippet))


@pytest.mark.parametrize(
    ("stored", "asked", "marked"),
    [
        ("المحكمة الأسرية", "محكمة", "المحكمة"),  # the article written into the word
        ("محكمة الأسرة", "المحكمة", "محكمة"),  # asked with it, stored without
        ("قرار للمحكمة", "محكمه", "للمحكمة"),  # li + al
        ("والمحكمة العليا", "المحكمة", "والمحكمة"),  # wa + al
        ("بالمحكمة", "محك", "بالمحكمة"),  # typing: the start of the word
    ],
)
def test_arabic_words_are_found_with_or_without_the_article(
    hq: Store, stored: str, asked: str, marked: str
) -> None:
    rid = (
        RecordService(hq)
        .create(Resource.model_validate({"title": {"ar": stored}, "resource_type": "guide"}))
        .record_id
    )
    results = find(hq, asked, "ar", types=["resource"])
    assert rid in ids(results, "resource")
    hit = next(h for g in results.groups for h in g.hits if h.record_id == rid)
    assert [part for part, is_match in split_marks(hit.snippet) if is_match] == [marked]


def test_a_title_with_a_byte_order_mark_is_indexed_and_found(hq: Store) -> None:
    """Text pasted from a file often starts with U+FEFF (in the Arabic presentation-form
    block, and its own NFKC): indexing it once recursed until Python gave up, and the whole
    save or import failed."""
    rid = (
        RecordService(hq)
        .create(
            Resource.model_validate(
                {
                    "title": {"ar": "\ufeffمحكمة المخدرات", "fr": "\ufeffTribunal \ufdd0"},
                    "resource_type": "guide",
                }
            )
        )
        .record_id
    )
    assert rid in ids(find(hq, "محكمه", "ar", types=["resource"]), "resource")
    assert rid in ids(find(hq, "tribunal", "fr", types=["resource"]), "resource")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_clean_skips_only_text_that_folding_would_not_change(text: str) -> None:
    """:func:`clean` leaves text alone when nothing in it folds; the result is always the
    one of folding every character."""
    normal = unicodedata.normalize("NFC", text)
    expected = normal.translate(_INDEX_CHARS) if not text.isascii() else clean(text)
    assert clean(text) == expected


def test_a_short_word_keeps_its_alef_lam() -> None:
    """ "ألم" (pain) is not the article and "م": no word is found by its last letter."""
    assert article_forms("الم")[:2] == ("الم", "الالم")
    assert "م" not in article_forms("الم")
    assert article_forms("kenya") == ("kenya",)
    assert {"محكمه", "المحكمه", "للمحكمه"} <= set(article_forms("المحكمه"))


@pytest.mark.parametrize(
    ("stored", "asked"),
    [("Tratamiento de la adicción", "adiccion"), ("Reinserção social", "reinsercao")],
)
def test_spanish_and_portuguese_accents_are_folded(hq: Store, stored: str, asked: str) -> None:
    rid = (
        RecordService(hq)
        .create(Resource.model_validate({"title": {"es": stored}, "resource_type": "guide"}))
        .record_id
    )
    assert ids(find(hq, asked), "resource") == {rid}


def field_work(store: Store) -> dict[str, str]:
    """A person, an institution, a meeting with no title, an action item and an assessment,
    all in Kenya."""
    service = RecordService(store)
    records = [
        Person.model_validate(
            {
                "display_name": "Wanjiru Kamau",
                "role": "Public prosecutor",
                "country": "KEN",
            }
        ),
        Organisation.model_validate(
            {"name": "Ministry of Health", "acronym": "MoH", "country": "KEN", "sector": "health"}
        ),
        Meeting.model_validate(
            {
                "country": "KEN",
                "held_on": "2026-02-03",
                "format": "in_person",
                "meeting_type": "strategic",
                "notes": "Eligibility of the pilot",
            }
        ),
        ActionItem.model_validate(
            {"action_plan_id": str(uuid4()), "country": "KEN", "title": "Draft the referral MoU"}
        ),
        Assessment.model_validate(
            {
                "country": "KEN",
                "form_id": "ati-self-assessment",
                "form_version": "1",
                "assessed_on": date(2026, 1, 20),
            }
        ),
    ]
    made = {p.record_type: service.create(p).record_id for p in records}
    contact = Contact.model_validate(
        {
            "person_id": made["person"],
            "emails": ["wanjiru@example.org"],
            "phones": ["+254 700 000000"],
        }
    )  # contact details are a record of their own, beside the person
    service.create(contact)  # not indexed: never a search hit
    return made


def test_field_records_are_found_by_name_and_by_their_country_in_any_language(
    make_store: StoreFactory,
) -> None:
    field = make_store(role="hq")  # HQ may write institutions too
    made = field_work(field)
    assert ids(find(field, "Wanjiru"), "person") == {made["person"]}
    assert titles(find(field, "kamau"), "person") == ["Wanjiru Kamau"]
    assert ids(find(field, "MoH"), "organisation") == {made["organisation"]}
    assert titles(find(field, "ministry"), "organisation") == ["Ministry of Health (MoH)"]
    assert ids(find(field, "referral"), "action_item") == {made["action_item"]}
    for query in ("Kenia", "كينيا", "Quênia"):
        results = find(field, query, "fr")
        assert {g.record_type for g in results.groups} >= set(made), query
    # titled by name, in the reader's language, never by code
    assert titles(find(field, "Kenia", "fr"), "meeting") == ["Kenya · 3 février 2026"]
    assert titles(find(field, "Kenya", "ar"), "assessment") == ["كينيا · 20 يناير 2026"]


def test_contact_details_are_never_indexed(make_store: StoreFactory) -> None:
    field = make_store(role="hq")  # HQ may write institutions too
    field_work(field)
    for query in ("wanjiru@example.org", "example", "254", "700000000"):
        assert find(field, query).groups == [], query  # no type at all finds them


def test_forms_are_found_by_their_items_in_each_language(hq: Store) -> None:
    queries = (
        ("self-assessment", "en"),
        ("Auto-évaluation", "fr"),
        ("autoevaluación", "es"),
        ("autoavaliação", "pt"),
    )
    for query, language in queries:
        (title,) = titles(find(hq, query, language), "form_definition")
        assert query.lower() in title.lower(), language  # named in the UI language
        if language in ("en", "fr"):
            assert title.endswith(", version 1")
    (title,) = titles(find(hq, "Auto-évaluation", "fr"), "form_definition")
    assert title.startswith("Auto-évaluation")


@pytest.fixture
def a_sixth_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Italian as a UI language, with a catalog naming one topic: what the app looks like
    once a catalog is added (nothing else changes)."""
    folder = tmp_path / "translations"
    shutil.copytree(paths.translations_dir(), folder)
    catalog = Catalog(locale="it")
    catalog.add("Drug treatment courts", "Tribunali per il trattamento delle droghe")
    target = folder / "it" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "icati.mo").open("wb") as handle:
        write_mo(handle, catalog)
    monkeypatch.setattr(paths, "translations_dir", lambda: folder)
    monkeypatch.setattr(i18n, "SUPPORTED_LANGUAGES", (*i18n.SUPPORTED_LANGUAGES, "it"))
    i18n._load.cache_clear()
    yield
    i18n._load.cache_clear()


def test_a_new_ui_language_is_indexed_without_code_changes(
    hq: Store, request: pytest.FixtureRequest
) -> None:
    assert find(hq, "tribunali").groups == []
    request.getfixturevalue("a_sixth_language")
    assert ensure_search_index(hq.engine) is True  # the index stamp changed: re-indexed
    assert ensure_search_index(hq.engine) is False
    results = find(hq, "tribunali", "it", types=["resource"])
    assert ids(results, "resource") == topic_resources(hq)


def test_spanish_and_portuguese_find_by_the_names_they_show(hq: Store) -> None:
    courts = topic_resources(hq)
    for query, language in (("tribunales", "es"), ("tribunais", "pt")):
        results = find(hq, query, language, types=["resource"])
        assert ids(results, "resource") == courts, query
        assert query in plain(results.groups[0].hits[0].snippet).lower()
    # "tratamento" is in the names of the courts' topic, the treatment topic and the
    # Portuguese title of the ATI Basics 3 webinar
    assert courts < ids(find(hq, "tratamento", "pt", types=["resource"]), "resource")
    assert titles(find(hq, "Kenya", "es"), "country") == ["Kenia"]
    assert titles(find(hq, "Kenya", "pt"), "country") == ["Quênia"]
