"""Country ATI self-assessments (field-authored).

An assessment is one record with all its answers: it is filled in together at one
workshop and submitted as a whole. Answers are keyed by the form item's name and keep
the form version they were given against (``form_id`` + ``form_version``).

Answer values are a tagged union (``kind``), not a bare ``int | str | Decimal | …``:
after the canonical encoding a decimal ``1.5`` and a date are both JSON strings, so a
bare union would read a stored number back as text. For convenience, validating an
:class:`Answer` and :func:`answer_value` also accept plain values and tag them: an
``int`` is a score (0–4), ``"dk"`` is "don't know", a ``Decimal`` is a number, a
``date`` a date, a list the choices of a select_multiple item and any other ``str``
text. A select_one answer is tagged explicitly (``ChoiceAnswer``). Floats are refused
everywhere: they have no exact, canonical text form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, Self
from uuid import UUID, uuid4

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    model_validator,
)

from icati_desktop.domain.base import (
    LongText,
    Owner,
    RecordPayload,
    RecordRef,
    ShortText,
    UtcDatetime,
)
from icati_desktop.domain.directory import CountryCode, require_unique
from icati_desktop.domain.elements import legacy_element_id, require_distinct_ids
from icati_desktop.domain.ids import ChoiceName, Slug, XlsName
from icati_desktop.domain.merge_rules import MergeRule


def _refuse_float(value: object) -> object:
    if isinstance(value, float):
        raise ValueError(f"{value!r} is a float; give an exact number as Decimal('…') or text")
    return value


ExactDecimal = Annotated[Decimal, BeforeValidator(_refuse_float), Field(allow_inf_nan=False)]
"""A finite decimal that was never a float (accepts ``Decimal``, ``int`` or numeric text)."""
Phase = Annotated[int, Field(ge=1, le=4)]
"""A country development phase (1 Interest & Exploration … 4 Expansion & Sustainability)."""
Sha256Hex = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
FormVersion = Annotated[str, Field(pattern=r"^[0-9]+(\.[0-9]+)*$")]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScoreAnswer(_Part):
    kind: Literal["score"] = "score"
    value: Annotated[int, Field(strict=True, ge=0, le=4)]


class DontKnowAnswer(_Part):
    """ "Don't know": left out of averages and counted as a data gap."""

    kind: Literal["dk"] = "dk"


class ChoiceAnswer(_Part):
    """The answer to a select_one item: a choice name of the item's list."""

    kind: Literal["choice"] = "choice"
    value: ChoiceName


class ChoicesAnswer(_Part):
    """The answer to a select_multiple item."""

    kind: Literal["choices"] = "choices"
    value: list[ChoiceName]


class NumberAnswer(_Part):
    """The answer to an integer or decimal item."""

    kind: Literal["number"] = "number"
    value: ExactDecimal


class TextAnswer(_Part):
    kind: Literal["text"] = "text"
    value: LongText


class DateAnswer(_Part):
    kind: Literal["date"] = "date"
    value: date


AnswerValue = Annotated[
    ScoreAnswer
    | DontKnowAnswer
    | ChoiceAnswer
    | ChoicesAnswer
    | NumberAnswer
    | TextAnswer
    | DateAnswer,
    Field(discriminator="kind"),
]


def _tag_plain_value(value: object) -> object:
    """Turn a plain Python answer into its tagged form; leave tagged ones alone."""
    if value is None or isinstance(value, (BaseModel, dict)):
        return value
    if isinstance(value, bool):
        raise ValueError("a yes/no answer is a choice (ChoiceAnswer), not a bool")
    if isinstance(value, float):
        return _refuse_float(value)
    if isinstance(value, int):
        return {"kind": "score", "value": value}
    if isinstance(value, Decimal):
        return {"kind": "number", "value": value}
    if isinstance(value, datetime):
        raise ValueError("a date answer is a date, not a date and time")
    if isinstance(value, date):
        return {"kind": "date", "value": value}
    if isinstance(value, str):
        return {"kind": "dk"} if value == "dk" else {"kind": "text", "value": value}
    if isinstance(value, (list, tuple)):
        return {"kind": "choices", "value": list(value)}
    raise ValueError(f"an answer cannot be a {type(value).__name__}")


_ANSWER_VALUE: TypeAdapter[AnswerValue] = TypeAdapter(AnswerValue)

PlainAnswerValue = int | str | Decimal | date | list[str]


def answer_value(value: PlainAnswerValue) -> AnswerValue:
    """The tagged form of a plain answer: ``Answer(value=answer_value(3))`` in typed code."""
    return _ANSWER_VALUE.validate_python(_tag_plain_value(value))


class Evidence(_Part):
    resource_ids: list[RecordRef] = []
    """Library resources that support the answer."""
    attachments: list[Sha256Hex] = []
    """Files carried as bundle blobs (``blobs/<sha256>``)."""


class Answer(_Part):
    value: Annotated[AnswerValue | None, BeforeValidator(_tag_plain_value), MergeRule.ATOMIC] = None
    """``None``: not answered (which is not the same as "don't know")."""
    note: LongText = ""
    evidence: Evidence = Evidence()

    @property
    def score(self) -> int | None:
        """The 0–4 score, or ``None`` for anything else (unanswered, "don't know"…)."""
        return self.value.value if isinstance(self.value, ScoreAnswer) else None

    @property
    def is_dont_know(self) -> bool:
        return isinstance(self.value, DontKnowAnswer)


class AssessmentStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class PhaseOverride(_Part):
    """A TA expert's judgement that replaces the computed phase; who, when and why."""

    phase: Phase
    reason: LongText = Field(min_length=1)
    by: ShortText = Field(min_length=1)
    at: UtcDatetime


class RepeatEntry(_Part):
    """One entry of a repeat group (one pilot site, one training…): its answers by item.

    The ``id`` tells entries apart when two devices fill in different entries of the
    same group, so the merge keeps both (see :mod:`icati_desktop.domain.elements`).
    """

    id: UUID = Field(default_factory=uuid4)
    answers: dict[XlsName, Answer] = {}


def _is_entry(value: object) -> bool:
    return isinstance(value, RepeatEntry) or (
        isinstance(value, Mapping)
        and set(value) == {"id", "answers"}
        and isinstance(value["id"], (str, UUID))
    )


def _entries_with_ids(value: object) -> object:
    """Accept entries written as a plain mapping of answers (before entries had ids)."""
    if not isinstance(value, list):
        return value
    return [
        entry
        if _is_entry(entry) or not isinstance(entry, Mapping)
        else {"id": legacy_element_id(position, dict(entry)), "answers": entry}
        for position, entry in enumerate(value)
    ]


RepeatEntries = Annotated[
    list[RepeatEntry],
    BeforeValidator(_entries_with_ids),
    AfterValidator(require_distinct_ids),
]


def new_repeat_entries(
    repeats: Mapping[str, Sequence[Mapping[str, Answer]]],
) -> dict[str, list[RepeatEntry]]:
    """Entries for answers given per entry (an import, a new assessment), each a new id."""
    return {
        group: [RepeatEntry(answers=dict(answers)) for answers in entries]
        for group, entries in repeats.items()
    }


def entries_with_answer(
    entries: Sequence[RepeatEntry], index: int, item: str, answer: Answer | None
) -> list[RepeatEntry]:
    """The entries with one answer of entry ``index`` given (or removed); ids are kept."""
    out = list(entries)
    answers = dict(out[index].answers)
    if answer is None:
        answers.pop(item, None)
    else:
        answers[item] = answer
    out[index] = out[index].model_copy(update={"answers": answers})
    return out


class Assessment(RecordPayload):
    record_type: ClassVar[str] = "assessment"
    owner: ClassVar[Owner] = Owner.FIELD

    country: CountryCode
    form_id: Slug
    form_version: FormVersion
    assessed_on: date
    status: AssessmentStatus = AssessmentStatus.DRAFT
    participant_ids: list[RecordRef] = []
    participant_names: list[ShortText] = []
    """Participants without a person record, as text ("2 officials, Ministry of Health")."""
    answers: dict[XlsName, Answer] = {}
    repeats: dict[XlsName, RepeatEntries] = {}
    """Answers to the items of repeat groups: group name → its entries, in order."""
    computed_phase: Phase | None = None
    """The phase the form's rules gave when last scored."""
    phase_override: Annotated[PhaseOverride | None, MergeRule.ATOMIC] = None
    submitted_at: UtcDatetime | None = None
    submitted_by: ShortText | None = None
    """Who submitted it (the name of the device's user); ``None`` before this was kept."""
    supersedes: RecordRef | None = None
    """The earlier assessment of the same country this one replaces (a correction)."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        require_unique(self.participant_ids, "participant")
        submitted = self.status is AssessmentStatus.SUBMITTED
        if submitted and self.submitted_at is None:
            raise ValueError("a submitted assessment needs submitted_at")
        if not submitted and (self.submitted_at is not None or self.submitted_by is not None):
            raise ValueError("a draft assessment has no submitted_at or submitted_by")
        return self

    @property
    def phase(self) -> int | None:
        """The phase to show: the override when there is one, else the computed phase."""
        return self.phase_override.phase if self.phase_override else self.computed_phase

    def answer(self, item: str) -> Answer:
        """The answer to an item, an empty one when it was not answered."""
        return self.answers.get(item, _UNANSWERED)

    def repeat_answers(self, group: str) -> list[dict[str, Answer]]:
        """The answers of each entry of a repeat group, in order (empty if it has none)."""
        return [entry.answers for entry in self.repeats.get(group, [])]

    @classmethod
    def merge_problem(
        cls, merged: Mapping[str, Any], sides: Sequence[Mapping[str, Any]]
    ) -> str | None:
        """A submitted assessment is locked: a merge may not change what was submitted.

        Merged field by field, a submission on one device and an answer changed on
        another would make a submitted assessment nobody submitted. Only the phase
        override may differ from a submitted version the merge takes its status from.
        """
        if merged.get("status") != AssessmentStatus.SUBMITTED.value:
            return None
        unlocked = {"phase_override"}

        def same(side: Mapping[str, Any]) -> bool:
            keys = (set(merged) | set(side)) - unlocked
            return all(merged.get(key) == side.get(key) for key in keys)

        if any(side.get("status") == merged["status"] and same(side) for side in sides):
            return None
        return "a submitted assessment would hold changes nobody submitted"


_UNANSWERED = Answer()

RECORD_TYPES: tuple[type[RecordPayload], ...] = (Assessment,)
