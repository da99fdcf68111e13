"""Library queries: filtered, searched, sorted pages of resources; facets; favourites;
"recommended for a country".

Filters combine as the filter panel shows them: values of one facet are alternatives
(type guide *or* brief), facets narrow each other (guide *and* French). Topics and
languages are list fields (``record_terms``). Text goes through the search index
(:mod:`icati_desktop.store.search`); a text with no searchable word in it ("*", "--")
filters nothing.

Filters, counts, facet counts and the order of pages are worked out on the library's
facet index (:mod:`icati_desktop.store.library_index`: a bitmap per filter value, in
title order), not in SQL: at 50,000 resources SQL had to count, join and sort every
filtered row on each keystroke. SQL reads only the text matches, their scores when
sorting by relevance, and the rows of the page shown.

Favourites are a per-device table, not records: a bookmark is one reader's private
list, so it is neither synced nor versioned (see ``store.tables.search``). The caller
of :func:`toggle_favourite` owns the write transaction and its change notification.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, cast, delete, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from icati_desktop.domain.assessments import Assessment
from icati_desktop.domain.forms import FormDefinition, ItemType
from icati_desktop.domain.library import Level, ResourceType
from icati_desktop.store.library_index import LibraryIndex, bitmap, library_index
from icati_desktop.store.search import (
    SearchQuery,
    display_title,
    matching_docs,
    ranked_docs,
    snippets,
)
from icati_desktop.store.tables.core import RecordTermRow
from icati_desktop.store.tables.field import AssessmentRow
from icati_desktop.store.tables.reference import FormDefinitionRow, ResourceRow
from icati_desktop.store.tables.search import FavouriteRow

CORE_TAG = "core"
"""Recommended to a country that has no assessment yet."""


class LibraryFilter(BaseModel):
    text: str = ""
    resource_types: list[ResourceType] = []
    topics: list[str] = []
    languages: list[str] = []
    levels: list[Level] = []
    curriculum_id: str | None = None
    favourites_only: bool = False
    recommended_for: str | None = None
    """A country's alpha-3 code: only resources recommended for it."""


class ResourceSort(StrEnum):
    RELEVANCE = "relevance"
    """Best text match first; by title when there is no text."""
    TITLE = "title"
    NEWEST = "newest"
    OLDEST = "oldest"


class ResourceSummary(BaseModel):
    record_id: str
    title: str
    """In the requested language, else English, else any."""
    resource_type: ResourceType
    publisher: str
    year: int | None
    level: Level | None
    languages: list[str]
    topics: list[str]
    favourite: bool
    snippet: str | None = None
    """When searching: the match in context, marked as in ``store.search``."""


class ResourcePage(BaseModel):
    total: int
    offset: int
    rows: list[ResourceSummary]


class FacetCounts(BaseModel):
    """How many resources each choice would give, the other filters applied."""

    resource_types: dict[str, int] = {}
    topics: dict[str, int] = {}
    languages: dict[str, int] = {}
    levels: dict[str, int] = {}


class RecommendationBasis(BaseModel):
    assessment_id: str | None
    """The assessment the advice comes from; ``None``: no assessment, so the core set."""
    weak_domains: list[str] = []
    tags: list[str] = Field(default_factory=list)


_FACETS = ("resource_types", "levels", "topics", "languages")


def _masks(
    session: Session, index: LibraryIndex, flt: LibraryFilter, query: SearchQuery
) -> tuple[int, dict[str, int]]:
    """The filter as bitmaps: (what every facet obeys, facet → its own choices).

    A facet with no choice is every resource; the text, curriculum, favourites and
    recommendation narrow all facets alike.
    """
    everything = index.everything
    own = {
        "resource_types": index.any_of("resource_types", [t.value for t in flt.resource_types])
        if flt.resource_types
        else everything,
        "levels": index.any_of("levels", [level.value for level in flt.levels])
        if flt.levels
        else everything,
        "topics": index.any_of("topics", flt.topics) if flt.topics else everything,
        "languages": index.any_of("languages", flt.languages) if flt.languages else everything,
    }
    common = everything
    if flt.curriculum_id is not None:
        common &= index.any_of("curricula", [flt.curriculum_id])
    if flt.favourites_only:
        common &= index.of_ids(session.scalars(select(FavouriteRow.record_id)))
    if flt.recommended_for is not None:
        common &= index.any_of("topics", recommendation_basis(session, flt.recommended_for).tags)
    if query:
        common &= _text_matches(session, index, query)[1]
    return common, own


def _text_matches(
    session: Session, index: LibraryIndex, query: SearchQuery
) -> tuple[list[int], int]:
    """The search entries matching ``query`` and their resources as a bitmap; kept for
    the session, so the page and its facet counts, read in one transaction, run the text
    match once."""
    known: dict[tuple[tuple[int, ...], SearchQuery], tuple[list[int], int]]
    known = session.info.setdefault("library_text_matches", {})
    key = (index.stamp, query)
    if key not in known:
        docs = matching_docs(session, query, "resource")
        known[key] = docs, index.of_docs(docs)
    return known[key]


def _all_of(common: int, own: dict[str, int], skip: str = "") -> int:
    mask = common
    for facet, chosen in own.items():
        if facet != skip:
            mask &= chosen
    return mask


def _title_order(session: Session, sort: ResourceSort, language: str) -> list[Any]:
    """ORDER BY of a sort without text (relevance without text is by title)."""
    title: Any = ResourceRow.sort_title
    if language != "en":
        title = func.coalesce(_localized_title(session, language), title)
    by_title = [func.lower(title), ResourceRow.id]
    if sort is ResourceSort.NEWEST:
        return [ResourceRow.year.desc().nulls_last(), *by_title]
    if sort is ResourceSort.OLDEST:
        return [ResourceRow.year.asc().nulls_last(), *by_title]
    return by_title


def _localized_title(session: Session, language: str) -> ColumnElement[Any]:
    """The title in ``language``, read from the title JSON by the engine."""
    if session.get_bind().dialect.name == "postgresql":
        localized: ColumnElement[Any] = cast(ResourceRow.title, JSONB)[language].astext
        return localized
    return func.json_extract(ResourceRow.title, f'$."{language}"')


def _order(
    session: Session, index: LibraryIndex, sort: ResourceSort, language: str
) -> list[int] | None:
    """The ordinals in the order of ``sort``; None: the index's own (English title) order."""
    if sort in (ResourceSort.TITLE, ResourceSort.RELEVANCE) and language == "en":
        return None
    key = ("title" if sort is ResourceSort.RELEVANCE else sort.value, language)
    statement = select(ResourceRow.id).order_by(*_title_order(session, sort, language))
    return index.order(key, lambda: list(session.scalars(statement)))


def _page_ids(
    session: Session,
    index: LibraryIndex,
    mask: int,
    query: SearchQuery,
    sort: ResourceSort,
    language: str,
    window: tuple[int, int],
) -> list[str]:
    """One page of ``mask``'s resources, sorted; relevance puts ranked matches first,
    best first (ties and unranked matches by title, in the language's order)."""
    skip, limit = window
    order = _order(session, index, sort, language)
    if not (query and sort is ResourceSort.RELEVANCE):
        return index.page(mask, order, skip, limit)
    size = len(index.ids)
    members = mask.to_bytes((size + 7) // 8 or 1, "little")
    scores: dict[int, float] = {}
    matched, _ = _text_matches(session, index, query)
    for doc_id, score in ranked_docs(session, query, "resource", matched).items():
        ordinal = index.by_doc.get(doc_id, size)  # ``size``: an entry of no resource
        if ordinal < size and members[ordinal >> 3] >> (ordinal & 7) & 1:
            scores[ordinal] = score
    if order is None:  # ordinals are in title order
        ranked = sorted(scores, key=lambda o: (-scores[o], o))
    else:
        position = {ordinal: n for n, ordinal in enumerate(order) if ordinal in scores}
        ranked = sorted(scores, key=lambda o: (-scores[o], position[o]))
    first = [index.ids[o] for o in ranked[skip : skip + limit]]
    if len(first) == limit:
        return first
    unranked = mask & ~bitmap(scores, len(index.ids))
    return first + index.page(unranked, order, max(skip - len(ranked), 0), limit - len(first))


def query_resources(
    session: Session,
    flt: LibraryFilter,
    *,
    offset: int = 0,
    limit: int = 50,
    sort: ResourceSort = ResourceSort.TITLE,
    language: str = "en",
) -> ResourcePage:
    """One page of the library as filtered, searched and sorted, with the total count."""
    query = SearchQuery.parse(flt.text)
    index = library_index(session)
    common, own = _masks(session, index, flt, query)
    mask = _all_of(common, own)
    window = (max(offset, 0), max(limit, 0))
    ids = _page_ids(session, index, mask, query, sort, language, window) if window[1] else []
    doc_of = {i: index.doc_of[index.ordinal[i]] for i in ids if index.ordinal[i] in index.doc_of}
    if not query:
        doc_of = {}
    marked = snippets(session, query, list(doc_of.values()), language) if query else {}
    shown = select(
        ResourceRow.id,
        ResourceRow.title,
        ResourceRow.resource_type,
        ResourceRow.publisher,
        ResourceRow.year,
        ResourceRow.level,
    )
    rows = {r.id: r for r in session.execute(shown.where(ResourceRow.id.in_(ids)))}
    terms: dict[tuple[str, str], list[str]] = defaultdict(list)
    for record_id, term_field, value in session.execute(
        select(RecordTermRow.record_id, RecordTermRow.field, RecordTermRow.value)
        .where(RecordTermRow.record_id.in_(ids))
        .order_by(RecordTermRow.value)
    ):
        terms[record_id, term_field].append(value)
    favourites = set(
        session.scalars(select(FavouriteRow.record_id).where(FavouriteRow.record_id.in_(ids)))
    )
    summaries = [
        ResourceSummary(
            record_id=row.id,
            title=display_title(json.loads(row.title), language),
            resource_type=ResourceType(row.resource_type),
            publisher=row.publisher,
            year=row.year,
            level=None if row.level is None else Level(row.level),
            languages=terms[row.id, "languages"],
            topics=terms[row.id, "topics"],
            favourite=row.id in favourites,
            snippet=marked.get(doc_of[row.id]) if row.id in doc_of else None,
        )
        for row in (rows[rid] for rid in ids if rid in rows)
    ]
    return ResourcePage(total=mask.bit_count(), offset=offset, rows=summaries)


def facet_counts(session: Session, flt: LibraryFilter) -> FacetCounts:
    """Counts per type, topic, language and level; each facet ignores its own choices."""
    index = library_index(session)
    common, own = _masks(session, index, flt, SearchQuery.parse(flt.text))
    counts: dict[str, dict[str, int]] = {}
    for facet in _FACETS:
        under = _all_of(common, own, skip=facet)
        found = (
            (value, (bits & under).bit_count())
            for value, bits in index.values.get(facet, {}).items()
        )
        counts[facet] = {value: count for value, count in found if count}
    return FacetCounts(**counts)


def toggle_favourite(session: Session, record_id: str) -> bool:
    """Bookmark a resource or remove its bookmark; True when it is now a favourite."""
    if session.get(FavouriteRow, record_id) is not None:
        session.execute(delete(FavouriteRow).where(FavouriteRow.record_id == record_id))
        return False
    if session.get(ResourceRow, record_id) is None:
        raise LookupError(f"no resource {record_id} in the library")
    session.add(FavouriteRow(record_id=record_id, added_at=datetime.now(UTC).isoformat()))
    session.flush()
    return True


def recommendation_basis(session: Session, alpha3: str) -> RecommendationBasis:
    """Which library tags to recommend to a country, and why.

    A simple stand-in for the scoring engine to come: the country's latest assessment
    (by date), each domain's average over its answered score items ("don't know" and
    unanswered left out), and the domains below the form's advice target (2 by default)
    are weak; their advice rules name the tags. No assessment (or no form to read it
    with): the ``core`` set. An assessment with no weak domain recommends nothing.
    """
    row = session.execute(
        select(AssessmentRow.id, AssessmentRow.data)
        .where(AssessmentRow.country == alpha3.upper())
        .order_by(AssessmentRow.assessed_on.desc(), AssessmentRow.hlc_ms.desc())
        .limit(1)
    ).first()
    if row is None:
        return RecommendationBasis(assessment_id=None, tags=[CORE_TAG])
    assessment = Assessment.model_validate_json(row.data)
    form_json = session.scalar(
        select(FormDefinitionRow.data).where(
            FormDefinitionRow.form_id == assessment.form_id,
            FormDefinitionRow.version == assessment.form_version,
        )
    )
    if form_json is None:
        return RecommendationBasis(assessment_id=None, tags=[CORE_TAG])
    form = FormDefinition.model_validate_json(form_json)
    weak = []
    for domain in form.domains:
        scores = [
            score
            for item in domain.items()
            if item.type is ItemType.SCORE
            and (score := assessment.answer(item.name).score) is not None
        ]
        if scores and Decimal(sum(scores)) / len(scores) < form.advice.target_score:
            weak.append(domain.code)
    tags = sorted(
        {t for rule in form.advice_rules if rule.domain in weak for t in rule.library_tags}
    )
    return RecommendationBasis(assessment_id=row.id, weak_domains=weak, tags=tags)
