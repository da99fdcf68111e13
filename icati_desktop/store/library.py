"""Library queries: filtered, searched, sorted pages of resources; facets; favourites;
"recommended for a country".

Filters combine as the filter panel shows them: values of one facet are alternatives
(type guide *or* brief), facets narrow each other (guide *and* French). Topics and
languages are list fields, filtered through ``record_terms``. Text goes through the
search index (:mod:`icati_desktop.store.search`); a text with no searchable word in it
("*", "--") filters nothing.

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
from sqlalchemy import ColumnElement, Select, cast, delete, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from icati_desktop.domain.assessments import Assessment
from icati_desktop.domain.forms import FormDefinition, ItemType
from icati_desktop.domain.library import Level, ResourceType
from icati_desktop.store.search import SearchQuery, display_title, matches, snippets
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


def _tagged(term_field: str, values: list[str]) -> ColumnElement[bool]:
    with_term = select(RecordTermRow.record_id).where(
        RecordTermRow.record_type == "resource",
        RecordTermRow.field == term_field,
        RecordTermRow.value.in_(values),
    )
    return ResourceRow.id.in_(with_term)


def _conditions(session: Session, flt: LibraryFilter, skip: str = "") -> list[ColumnElement[bool]]:
    """The filter as WHERE clauses on ``resources``; ``skip`` leaves one facet out."""
    where: list[ColumnElement[bool]] = []
    if flt.resource_types and skip != "resource_types":
        where.append(ResourceRow.resource_type.in_([t.value for t in flt.resource_types]))
    if flt.levels and skip != "levels":
        where.append(ResourceRow.level.in_([level.value for level in flt.levels]))
    if flt.topics and skip != "topics":
        where.append(_tagged("topics", flt.topics))
    if flt.languages and skip != "languages":
        where.append(_tagged("languages", flt.languages))
    if flt.curriculum_id is not None:
        where.append(ResourceRow.curriculum_id == flt.curriculum_id)
    if flt.favourites_only:
        where.append(ResourceRow.id.in_(select(FavouriteRow.record_id)))
    if flt.recommended_for is not None:
        where.append(_tagged("topics", recommendation_basis(session, flt.recommended_for).tags))
    return where


def _filtered(
    session: Session, flt: LibraryFilter, query: SearchQuery, skip: str = ""
) -> Select[Any]:
    """SELECT of the matching resources' ids (and text match, if searching)."""
    statement: Select[Any] = select(ResourceRow.id).where(*_conditions(session, flt, skip))
    if query:
        found = matches(session, query, "resource")
        statement = statement.join(found, found.c.record_id == ResourceRow.id).add_columns(
            found.c.doc_id, found.c.score
        )
    return statement


def _order(
    session: Session, sort: ResourceSort, statement: Select[Any], language: str
) -> list[Any]:
    title: Any = ResourceRow.sort_title
    if language != "en":
        title = func.coalesce(_localized_title(session, language), title)
    by_title = [func.lower(title), ResourceRow.id]
    if sort is ResourceSort.RELEVANCE and "score" in statement.selected_columns:
        return [statement.selected_columns.score.desc(), *by_title]
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
    statement = _filtered(session, flt, query)
    ordered = statement.order_by(*_order(session, sort, statement, language))
    if query:  # the text match is the costly part: count in the same pass as the page
        ordered = ordered.add_columns(func.count().over().label("total"))
    page = session.execute(ordered.offset(max(offset, 0)).limit(max(limit, 0))).all()
    if query and page:
        total = int(page[0].total)
    else:  # without text, a top-N sort plus a plain count is cheaper than a window
        total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    ids = [row.id for row in page]
    marked = snippets(session, query, [row.doc_id for row in page]) if query else {}
    doc_of = {row.id: row.doc_id for row in page} if query else {}
    rows = {r.id: r for r in session.scalars(select(ResourceRow).where(ResourceRow.id.in_(ids)))}
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
            snippet=marked.get(doc_of[row.id]) if query else None,
        )
        for row in (rows[rid] for rid in ids)
    ]
    return ResourcePage(total=total, offset=offset, rows=summaries)


def facet_counts(session: Session, flt: LibraryFilter) -> FacetCounts:
    """Counts per type, topic, language and level; each facet ignores its own choices."""
    query = SearchQuery.parse(flt.text)

    def ids(skip: str) -> Select[Any]:
        return _filtered(session, flt, query, skip).with_only_columns(ResourceRow.id)

    def by_column(column: Any, skip: str) -> dict[str, int]:
        rows = session.execute(
            select(column, func.count())
            .where(ResourceRow.id.in_(ids(skip)), column.is_not(None))
            .group_by(column)
        )
        return {str(value): count for value, count in rows}

    def by_term(term_field: str) -> dict[str, int]:
        rows = session.execute(
            select(RecordTermRow.value, func.count())
            .where(
                RecordTermRow.record_type == "resource",
                RecordTermRow.field == term_field,
                RecordTermRow.record_id.in_(ids(term_field)),
            )
            .group_by(RecordTermRow.value)
        )
        return {str(value): int(count) for value, count in rows}

    return FacetCounts(
        resource_types=by_column(ResourceRow.resource_type, "resource_types"),
        topics=by_term("topics"),
        languages=by_term("languages"),
        levels=by_column(ResourceRow.level, "levels"),
    )


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
