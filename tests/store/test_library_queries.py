"""Library pages: filters, facets, text search, paging, sorting, favourites and
"recommended for this country"."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from icati_desktop.domain.assessments import Assessment
from icati_desktop.domain.library import Resource
from icati_desktop.store.library import (
    LibraryFilter,
    ResourcePage,
    ResourceSort,
    facet_counts,
    query_resources,
    recommendation_basis,
    toggle_favourite,
)
from icati_desktop.store.records import RecordService
from icati_desktop.store.search import MARK_END, MARK_START
from icati_desktop.store.store import Store
from tests.store.helpers import StoreFactory
from tests.store.test_search import HOSTILE

TAG = "zz-test"
"""On every resource of these tests, so filters leave the default library out."""


def make(title: dict[str, str] | str, **extra: object) -> Resource:
    titles = {"en": title} if isinstance(title, str) else title
    fields: dict[str, object] = {"resource_type": "guide", "topics": [TAG], **extra}
    fields["topics"] = sorted({TAG, *fields["topics"]})  # type: ignore[misc]
    return Resource.model_validate({"title": titles, **fields})


LIBRARY = {
    "brief-fr": make(
        {"en": "Drug court brief", "fr": "Note sur les tribunaux"},
        resource_type="brief",
        languages=["en", "fr"],
        topics=["dtc"],
        level="basic",
        year=2021,
    ),
    "guide-ar": make(
        {"ar": "دليل العلاج البديل"},
        languages=["ar"],
        topics=["treatment"],
        level="advanced",
        year=2019,
    ),
    "study": make(
        "Aardvark diversion study",
        resource_type="study",
        languages=["en"],
        topics=["dtc", "pre-arrest"],
        level="advanced",
        year=2023,
        summary={"en": "Police diversion before arrest."},
    ),
    "guide-en": make("Case management guide", languages=["en", "es"], topics=["ccm"]),
}


@pytest.fixture
def library(make_store: StoreFactory) -> tuple[Store, dict[str, str]]:
    store = make_store(role="hq")
    ids = {key: uuid4() for key in LIBRARY}
    RecordService(store).create_many([(ids[key], res) for key, res in LIBRARY.items()])
    return store, {key: str(rid) for key, rid in ids.items()}


def page(store: Store, sort: ResourceSort = ResourceSort.TITLE, **kwargs: object) -> ResourcePage:
    options = {k: kwargs.pop(k) for k in ("offset", "limit", "language") if k in kwargs}
    flt = LibraryFilter.model_validate({"topics": [TAG], **kwargs})
    with store.read() as session:
        return query_resources(session, flt, sort=sort, **options)  # type: ignore[arg-type]


def ids_of(result: ResourcePage) -> list[str]:
    return [row.record_id for row in result.rows]


def test_filters_narrow_by_columns_and_terms(library: tuple[Store, dict[str, str]]) -> None:
    store, ids = library
    assert page(store).total == 4
    assert ids_of(page(store, resource_types=["brief", "study"])) == [ids["study"], ids["brief-fr"]]
    assert set(ids_of(page(store, levels=["advanced"]))) == {ids["study"], ids["guide-ar"]}
    assert set(ids_of(page(store, languages=["fr", "ar"]))) == {ids["brief-fr"], ids["guide-ar"]}
    both = page(store, languages=["en"], levels=["advanced"])
    assert ids_of(both) == [ids["study"]]
    with store.read() as session:
        assert query_resources(session, LibraryFilter(topics=["dtc"])).total >= 2


def test_titles_follow_the_ui_language_with_fallbacks(
    library: tuple[Store, dict[str, str]],
) -> None:
    store, ids = library
    titles = {row.record_id: row.title for row in page(store, language="fr").rows}
    assert titles[ids["brief-fr"]] == "Note sur les tribunaux"
    assert titles[ids["study"]] == "Aardvark diversion study"  # English fallback
    assert titles[ids["guide-ar"]] == "دليل العلاج البديل"  # any language
    row = next(r for r in page(store).rows if r.record_id == ids["brief-fr"])
    assert (row.languages, row.topics, row.level, row.year) == (
        ["en", "fr"],
        ["dtc", TAG],
        "basic",
        2021,
    )


def test_text_search_with_filters_snippets_and_relevance(
    library: tuple[Store, dict[str, str]],
) -> None:
    store, ids = library
    found = page(store, text="divers", sort=ResourceSort.RELEVANCE)
    assert ids_of(found) == [ids["study"]]
    assert found.rows[0].snippet is not None
    assert f"{MARK_START}diversion{MARK_END}" in found.rows[0].snippet
    assert page(store, text="diversion", levels=["basic"]).total == 0
    assert ids_of(page(store, text="بديل")) == [ids["guide-ar"]]  # البديل: with the article
    assert page(store, text="ديل").total == 0  # whole words (or their start), not any part
    assert ids_of(page(store, text="العلاج البديل")) == [ids["guide-ar"]]
    # "treatment" also in the Arabic name of the drug treatment courts topic, علاج
    treatment = ids_of(page(store, text="العلاج", sort=ResourceSort.RELEVANCE))
    assert sorted(treatment) == sorted([ids["guide-ar"], ids["brief-fr"], ids["study"]])
    assert treatment[0] == ids["guide-ar"]  # in its title
    assert page(store).rows[0].snippet is None
    assert page(store, text="*").total == 4  # nothing searchable: no text filter
    for hostile in HOSTILE:
        page(store, text=hostile)


def test_paging_and_sorting(make_store: StoreFactory) -> None:
    store = make_store(role="hq")
    RecordService(store).create_many(
        [(uuid4(), make(f"Paper {i:02d}", year=2000 + i)) for i in range(7)]
        + [(uuid4(), make("paper undated"))]
    )
    pages = [page(store, offset=offset, limit=3) for offset in (0, 3, 6)]
    assert [p.total for p in pages] == [8, 8, 8]
    titles = [row.title for p in pages for row in p.rows]
    assert titles == [f"Paper {i:02d}" for i in range(7)] + ["paper undated"]
    newest = page(store, sort=ResourceSort.NEWEST, limit=2)
    assert [r.year for r in newest.rows] == [2006, 2005]
    oldest = page(store, sort=ResourceSort.OLDEST)
    assert [r.year for r in oldest.rows][-2:] == [2006, None]
    assert page(store, offset=8).rows == []


def test_facets_count_each_choice_under_the_other_filters(
    library: tuple[Store, dict[str, str]],
) -> None:
    store, _ = library
    with store.read() as session:
        facets = facet_counts(session, LibraryFilter(topics=[TAG], levels=["advanced"]))
        assert facets.resource_types == {"guide": 1, "study": 1}
        assert facets.levels == {"advanced": 2, "basic": 1}  # its own choice ignored
        assert facets.languages == {"ar": 1, "en": 1}
        assert facets.topics[TAG] == 2  # the topic facet ignores the topic filter…
        everything = facet_counts(session, LibraryFilter())
        assert everything.topics[TAG] == 4
        assert sum(everything.resource_types.values()) > 4  # …and sees the whole library
        searched = facet_counts(session, LibraryFilter(text="diversion", topics=[TAG]))
        assert searched.resource_types == {"study": 1}


def test_favourites_are_toggled_flagged_and_filtered(
    library: tuple[Store, dict[str, str]],
) -> None:
    store, ids = library
    with store.write() as tx:
        assert toggle_favourite(tx.session, ids["study"]) is True
    favourites = page(store, favourites_only=True)
    assert ids_of(favourites) == [ids["study"]]
    assert favourites.rows[0].favourite
    assert sum(row.favourite for row in page(store).rows) == 1
    with store.write() as tx:
        assert toggle_favourite(tx.session, ids["study"]) is False
        with pytest.raises(LookupError):
            toggle_favourite(tx.session, str(uuid4()))
    assert page(store, favourites_only=True).total == 0


def assess(store: Store, country: str, scores: dict[str, int | str], on: date) -> UUID:
    assessment = Assessment.model_validate(
        {
            "country": country,
            "form_id": "ati-self-assessment",
            "form_version": "1",
            "assessed_on": on,
            "answers": {name: {"value": value} for name, value in scores.items()},
        }
    )
    return UUID(RecordService(store).create(assessment).record_id)


def test_recommendations_follow_the_latest_assessment(
    library: tuple[Store, dict[str, str]],
) -> None:
    store, ids = library
    with store.read() as session:
        basis = recommendation_basis(session, "KEN")
        core = query_resources(session, LibraryFilter(recommended_for="KEN"))
    assert basis.assessment_id is None
    assert basis.tags == ["core"]
    assert core.total >= 1
    assert all("core" in row.topics for row in core.rows)

    weak_d3 = {
        "d3_pre_arrest": 0,
        "d3_pre_trial": 1,
        "d3_court": "dk",
        "d1_law_allows_treatment": 3,
    }
    assess(store, "KEN", {"d3_pre_arrest": 4, "d3_pre_trial": 4}, date(2025, 1, 1))
    latest = assess(store, "KEN", weak_d3, date(2026, 1, 1))
    with store.read() as session:
        basis = recommendation_basis(session, "ken")
    assert basis.assessment_id == str(latest)
    assert basis.weak_domains == ["D3"]
    assert basis.tags == ["continuum", "dtc", "pre-arrest"]
    recommended = page(store, recommended_for="KEN")
    assert set(ids_of(recommended)) == {ids["brief-fr"], ids["study"]}

    assess(store, "KEN", {"d3_pre_arrest": 2, "d3_pre_trial": 3}, date(2026, 6, 1))
    with store.read() as session:
        assert recommendation_basis(session, "KEN").tags == []
    assert page(store, recommended_for="KEN").total == 0


def test_pages_and_facets_follow_every_change(library: tuple[Store, dict[str, str]]) -> None:
    """The library's facet index is cached between reads: no change may be missed, even
    one that leaves as many resources and the same newest search entry as before."""
    store, ids = library
    assert page(store).total == 4
    service = RecordService(store)
    service.delete("resource", ids["guide-en"])  # the newest entry…
    newcomer = uuid4()
    service.create(make("Zebra toolkit", resource_type="tool"), record_id=newcomer)
    shown = page(store)
    assert str(newcomer) in ids_of(shown)  # …and its successor
    assert ids["guide-en"] not in ids_of(shown)
    service.update(ids["study"], make("Aardvark diversion study", resource_type="brief"))
    with store.read() as session:
        facets = facet_counts(session, LibraryFilter(topics=[TAG]))
    assert facets.resource_types == {"brief": 2, "guide": 1, "tool": 1}
    assert page(store, text="zebra").total == 1


@pytest.mark.parametrize("sort", list(ResourceSort))
@pytest.mark.parametrize("text", ["", "guide", "dr", "a"])
def test_pages_in_turn_list_what_one_long_page_lists(
    library: tuple[Store, dict[str, str]], sort: ResourceSort, text: str
) -> None:
    store, _ = library
    whole = page(store, sort=sort, text=text, language="fr")
    one_by_one = [
        page(store, sort=sort, text=text, language="fr", offset=n, limit=1) for n in range(5)
    ]
    assert [ids_of(p) for p in one_by_one] == [[i] for i in ids_of(whole)] + [[]] * (
        5 - whole.total
    )
