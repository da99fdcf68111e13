from __future__ import annotations

from uuid import uuid4

import pytest
from pydantic import ValidationError

from icati_desktop.domain.library import (
    AttachmentRef,
    Curriculum,
    CurriculumStatus,
    Resource,
    ResourceType,
)

SHA = "ab" * 32


def resource(**changes: object) -> Resource:
    fields: dict[str, object] = {
        "title": {"en": "ATI Basics 1", "fr": "ATI Basics 1"},
        "resource_type": "webinar",
        "publisher": "ICATI",
        "languages": ["en", "fr"],
        "topics": ["basics", "m-and-e"],
        "series": "ATI Basics",
        "series_order": 1,
    }
    return Resource.model_validate(fields | changes)


def test_resource_validates() -> None:
    res = resource(curriculum_id=str(uuid4()), level="basic")
    assert res.resource_type is ResourceType.WEBINAR
    assert Resource.record_type == "resource"
    assert Resource.owner == "hq"


def test_resource_types_are_the_seed_list() -> None:
    assert [t.value for t in ResourceType] == [
        "guide",
        "brief",
        "study",
        "research",
        "data",
        "best_practice",
        "case_study",
        "success_story",
        "webinar",
        "curriculum",
        "tool",
        "quality_indicator",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"resource_type": "podcast"}, "Input should be 'guide'"),
        ({"title": {}}, "at least one language"),
        ({"title": {"en": "  "}}, "blank"),
        ({"title": {"english": "Guide"}}, "not an ISO 639-1 language code"),
        ({"languages": ["xx"]}, "not an ISO 639-1 language code"),
        ({"languages": ["en", "en"]}, "each language is listed once"),
        ({"topics": ["Legal"]}, "should match pattern"),
        ({"topics": ["m_and_e"]}, "should match pattern"),
        ({"series": None}, "series_order needs a series"),
        ({"series_order": 0}, "greater than or equal to 1"),
        ({"year": 1850}, "greater than or equal to 1900"),
        ({"links": [{"url": "ftp://example.org/x", "label": "x"}]}, "should match pattern"),
        ({"phase": 2}, "Extra inputs are not permitted"),
    ],
)
def test_resource_rejects_bad_input(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        resource(**changes)


@pytest.mark.parametrize(
    ("sha", "filename", "message"),
    [
        ("AB" * 32, "brief.pdf", "should match pattern"),
        ("ab" * 31, "brief.pdf", "should match pattern"),
        ("zz" * 32, "brief.pdf", "should match pattern"),
        (SHA, "../brief.pdf", "must not contain a path"),
    ],
)
def test_attachment_rejects_bad_input(sha: str, filename: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        AttachmentRef(sha256=sha, filename=filename, media_type="application/pdf", size=10)


def test_attachments_are_distinct() -> None:
    attachment = {"sha256": SHA, "filename": "a.pdf", "media_type": "application/pdf", "size": 1}
    with pytest.raises(ValidationError, match="each attachment is listed once"):
        resource(attachments=[attachment, attachment])


def test_curriculum() -> None:
    curriculum = Curriculum.model_validate(
        {
            "code": "UTC Basic",
            "title": {"en": "Universal Treatment Curriculum, Basic level"},
            "course_count": 8,
            "courses": [{"code": "1", "title": {"en": "Course one"}}],
            "status": "piloting",
        }
    )
    assert curriculum.status is CurriculumStatus.PILOTING
    with pytest.raises(ValidationError, match="2 courses are listed but course_count is 1"):
        Curriculum.model_validate(
            curriculum.model_dump()
            | {"course_count": 1, "courses": [{"title": {"en": "A"}}, {"title": {"en": "B"}}]}
        )
    with pytest.raises(ValidationError, match="Input should be 'drafting'"):
        Curriculum.model_validate(curriculum.model_dump() | {"status": "retired"})
