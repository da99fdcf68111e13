"""Network events in global search: found by title, own text, series name, languages and
attendees' countries in every UI language, titled as written; a store indexed before
events were searchable re-indexes them when it opens."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from icati_desktop.domain.network import NetworkEvent
from icati_desktop.store import search_documents, search_words
from icati_desktop.store.event_writes import save_event
from icati_desktop.store.search import (
    SearchResults,
    ensure_search_index,
    rebuild_search_index,
    search,
    split_marks,
)
from icati_desktop.store.store import Store
from tests.store.helpers import StoreFactory


def find(store: Store, query: str, language: str = "en") -> SearchResults:
    with store.read() as session:
        return search(session, query, language=language, types=["event"])


def found(store: Store, query: str, language: str = "en") -> list[str]:
    return [hit.title for group in find(store, query, language).groups for hit in group.hits]


def add_events(store: Store) -> None:
    for title, extra in (
        (
            "Monthly network meeting",
            {
                "kind": "network_meeting",
                "series": "Monthly network meeting",
                "languages": ["en", "fr"],
                "participants": [{"country": "KEN", "count": 3}],
            },
        ),
        (
            "Drug court clinic",
            {
                "kind": "training",
                "series": "Court clinics 2031",
                "description": "Case reviews with probation officers",
                "languages": ["ar"],
                "participants": [{"country": "MAR", "count": 5}],
            },
        ),
    ):
        save_event(
            store,
            NetworkEvent.model_validate(
                {
                    "title": title,
                    "starts_at": datetime(2031, 3, 4, 12, tzinfo=UTC),
                    "time_zone": "UTC",
                    "format": "remote",
                    **extra,
                }
            ),
        )


def test_events_are_found_by_what_they_show_in_every_language(make_store: StoreFactory) -> None:
    store = make_store(role="hq")
    add_events(store)
    meeting, clinic = ["Monthly network meeting"], ["Drug court clinic"]
    assert found(store, "clinic") == clinic  # title
    assert found(store, "probation officers") == clinic  # description
    assert found(store, "clinics 2031") == clinic  # a series of HQ's own
    # a shipped series by its name in the reader's language
    assert found(store, "réunion mensuelle", "fr") == meeting
    assert found(store, "الاجتماع الشهري", "ar") == meeting
    # languages and attendees' countries as named in French and Arabic
    assert found(store, "français", "fr") == meeting
    assert found(store, "Maroc", "fr") == clinic
    assert found(store, "الفرنسية", "ar") == meeting
    assert found(store, "المغرب", "ar") == clinic
    assert found(store, "العربية", "ar") == clinic
    assert found(store, "كينيا", "fr") == meeting  # any language finds, whatever the UI's
    (group,) = find(store, "Maroc", "fr").groups
    assert (group.record_type, group.total) == ("event", 1)
    snippet = "".join(part for part, _ in split_marks(group.hits[0].snippet))
    assert "Maroc" in snippet  # the match in context, in the reader's language


def test_a_store_indexed_before_events_were_searchable_indexes_them_on_open(
    make_store: StoreFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store(role="hq")
    with monkeypatch.context() as before:  # the app as it was: events not indexed
        before.delitem(search_documents._BUILDERS, "event")
        before.setattr(search_words, "INDEX_FORMAT", 2)
        add_events(store)
        with store.write() as tx:
            rebuild_search_index(tx.session)
        assert found(store, "clinic") == []
        assert ensure_search_index(store.engine) is False
    assert ensure_search_index(store.engine) is True  # the index stamp changed on upgrade
    assert found(store, "clinic") == ["Drug court clinic"]
    assert found(store, "Maroc", "fr") == ["Drug court clinic"]


def add_webinar(store: Store) -> None:
    save_event(
        store,
        NetworkEvent.model_validate(
            {
                "title": "Peer support for treatment courts",
                "kind": "webinar",
                "starts_at": datetime(2031, 5, 6, 12, tzinfo=UTC),
                "time_zone": "UTC",
                "format": "remote",
            }
        ),
    )


def test_an_event_is_found_by_its_kind_named_in_any_language(make_store: StoreFactory) -> None:
    store = make_store(role="hq")
    add_events(store)
    add_webinar(store)
    webinar = ["Peer support for treatment courts"]
    assert found(store, "webinaire", "fr") == webinar
    assert found(store, "ندوة عبر الإنترنت", "ar") == webinar
    assert found(store, "seminario web", "es") == webinar
    assert found(store, "webinaire", "en") == webinar  # any language finds, whatever the UI's
    assert found(store, "webinar") == webinar
    # The other kinds find theirs: "Formation" is the French for the clinic's training.
    assert found(store, "formation", "fr") == ["Drug court clinic"]


def test_a_store_indexed_before_kinds_were_searchable_reindexes_on_open(
    make_store: StoreFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store(role="hq")
    with monkeypatch.context() as before:  # the app as it was: events without their kind
        before.setattr(search_documents, "event_kind_names", lambda _kind: {})
        before.setattr(search_words, "INDEX_FORMAT", 3)
        add_webinar(store)
        with store.write() as tx:
            rebuild_search_index(tx.session)
        assert found(store, "webinaire", "fr") == []
        assert ensure_search_index(store.engine) is False
    assert ensure_search_index(store.engine) is True
    assert found(store, "webinaire", "fr") == ["Peer support for treatment courts"]
