"""The resource library and the curricula it links to (HQ-owned).

Webinars are resources of type ``webinar``. A recorded series is modelled with two
plain fields on :class:`Resource`, ``series`` (the series name, e.g. "ATI Basics")
and ``series_order`` (the session number), rather than a separate series record:
each session is browsed, tagged, attached and recommended like any other resource,
and a series view is just a filter on ``series`` sorted by ``series_order``. The
entry that describes a whole series has the series name and no order.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from icati_desktop.domain.base import Owner, RecordPayload, RecordRef, ShortText
from icati_desktop.domain.ids import LanguageCode, RequiredTranslatedText, Slug, TranslatedText
from icati_desktop.domain.merge_rules import KeyedBy


class ResourceType(StrEnum):
    GUIDE = "guide"
    BRIEF = "brief"
    STUDY = "study"
    RESEARCH = "research"
    DATA = "data"
    BEST_PRACTICE = "best_practice"
    CASE_STUDY = "case_study"
    SUCCESS_STORY = "success_story"
    WEBINAR = "webinar"
    CURRICULUM = "curriculum"
    TOOL = "tool"
    QUALITY_INDICATOR = "quality_indicator"


class Level(StrEnum):
    BASIC = "basic"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _distinct(values: list[str], what: str) -> list[str]:
    if len(set(values)) != len(values):
        raise ValueError(f"each {what} is listed once")
    return values


class ResourceLink(_Part):
    url: Annotated[str, Field(pattern=r"^https?://\S+$", max_length=2000)]
    label: ShortText = ""


class AttachmentRef(_Part):
    """A file carried as a bundle blob (``blobs/<sha256>``)."""

    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    """The lowercase hex SHA-256 of the file's bytes."""
    filename: Annotated[ShortText, Field(min_length=1)]
    media_type: Annotated[str, Field(pattern=r"^[\w.+-]+/[\w.+-]+$", max_length=255)]
    size: Annotated[int, Field(ge=0)]

    @field_validator("filename")
    @classmethod
    def _plain_file_name(cls, filename: str) -> str:
        if any(sep in filename for sep in ("/", "\\", "\x00")) or filename in (".", ".."):
            raise ValueError("an attachment's file name must not contain a path")
        return filename


class Resource(RecordPayload):
    record_type: ClassVar[str] = "resource"
    owner: ClassVar[Owner] = Owner.HQ

    title: RequiredTranslatedText
    summary: TranslatedText = Field(default_factory=dict)
    resource_type: ResourceType
    publisher: ShortText = ""
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    languages: list[LanguageCode] = Field(default_factory=list)
    """Languages the resource itself is available in (not the languages of its title)."""
    topics: list[Slug] = Field(default_factory=list)
    level: Level | None = None
    curriculum_id: RecordRef | None = None
    """The curriculum this resource presents or belongs to."""
    series: ShortText | None = None
    series_order: Annotated[int, Field(ge=1)] | None = None
    source_note: ShortText | None = None
    """Why the source is uncertain, e.g. "secondary: source to confirm"."""
    source_to_confirm: bool = False
    links: list[ResourceLink] = Field(default_factory=list)
    attachments: Annotated[list[AttachmentRef], KeyedBy("sha256")] = Field(default_factory=list)
    """Merged file by file: two devices attaching different files keep both."""

    @field_validator("languages")
    @classmethod
    def _languages_distinct(cls, languages: list[str]) -> list[str]:
        return _distinct(languages, "language")

    @field_validator("topics")
    @classmethod
    def _topics_distinct(cls, topics: list[str]) -> list[str]:
        return _distinct(topics, "topic")

    @model_validator(mode="after")
    def _consistent(self) -> Resource:
        if self.series_order is not None and self.series is None:
            raise ValueError("series_order needs a series")
        _distinct([a.sha256 for a in self.attachments], "attachment")
        return self


class CurriculumStatus(StrEnum):
    DRAFTING = "drafting"
    PILOTING = "piloting"
    APPROVED = "approved"
    """Approved (e.g. by the TEAG) but not yet published."""
    PUBLISHED = "published"


class CurriculumCourse(_Part):
    code: ShortText | None = None
    title: RequiredTranslatedText


class Curriculum(RecordPayload):
    record_type: ClassVar[str] = "curriculum"
    owner: ClassVar[Owner] = Owner.HQ

    code: Annotated[ShortText, Field(min_length=1)]
    """A short unique code: "UTC 81", "OAS-CICAD-CCM"."""
    title: RequiredTranslatedText
    description: TranslatedText = Field(default_factory=dict)
    provider: ShortText = ""
    audience: ShortText = ""
    level: Level | None = None
    languages: list[LanguageCode] = Field(default_factory=list)
    course_count: Annotated[int, Field(ge=0)] | None = None
    """How many courses, when known even though the courses are not all named."""
    courses: list[CurriculumCourse] = Field(default_factory=list)
    status: CurriculumStatus
    source_note: ShortText | None = None
    source_to_confirm: bool = False

    @model_validator(mode="after")
    def _course_count_fits(self) -> Curriculum:
        if self.course_count is not None and len(self.courses) > self.course_count:
            raise ValueError(
                f"{len(self.courses)} courses are listed but course_count is {self.course_count}"
            )
        _distinct([c.code for c in self.courses if c.code is not None], "course code")
        return self


RECORD_TYPES: tuple[type[RecordPayload], ...] = (Resource, Curriculum)


__all__ = [
    "RECORD_TYPES",
    "AttachmentRef",
    "Curriculum",
    "CurriculumCourse",
    "CurriculumStatus",
    "Level",
    "Resource",
    "ResourceLink",
    "ResourceType",
]
