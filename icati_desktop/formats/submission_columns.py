"""The columns of an ODK Central or KoboToolbox export: which item (or choice of a
select_multiple item) each header stands for, which are metadata, and reading one row
of cells into answers.

A header is the item's name, optionally behind its group path — ``group/sub/item``
(ODK Central), ``group/item`` or ``item`` (Kobo), ``group-item`` or ``group.item``
(Kobo's other group separators). Kobo's expanded select_multiple columns
``item/choice`` hold ``1``/``0`` (or ``True``/``False``). ODK Central splits a geopoint
into ``item-Latitude``, ``item-Longitude``, ``item-Altitude`` and ``item-Accuracy``
columns; Kobo writes it whole (``lat lon alt accuracy``), and its own
``_item_latitude``… copies are metadata. Metadata columns are skipped unless the form
has an item of that name. The value of a computed item is kept as written, for the
caller to compare with what the form computes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from icati_desktop.domain.assessments import Answer, TextAnswer
from icati_desktop.domain.form_updates import uses_once
from icati_desktop.domain.forms import FormDefinition, FormItem, ItemType
from icati_desktop.formats.submission_values import DONT_KNOW, BadValue, parse_value
from icati_desktop.i18n import _

METADATA = frozenset(
    {
        "submissiondate",
        "key",
        "parent_key",
        "submitterid",
        "submittername",
        "attachmentspresent",
        "attachmentsexpected",
        "status",
        "reviewstate",
        "deviceid",
        "edits",
        "formversion",
        "instanceid",
        "instancename",
        "start",
        "end",
        "today",
        "username",
        "email",
        "phonenumber",
        "simserial",
        "subscriberid",
        "audit",
        "starttime",
        "endtime",
        "__version__",
        "formhub/uuid",
        "meta",
    }
)
"""Lower-cased names of ODK Central and KoboToolbox metadata columns (with anything
whose last path part starts with ``_``: ``_id``, ``_uuid``, ``_index``, ``_parent_index``…,
and ODK Central's ``SET-OF-<repeat>`` links to a repeat table)."""
SEPARATORS = ("/", "-", ".")
GEOPOINT_PARTS = ("latitude", "longitude", "altitude", "accuracy")
_TRUE = {"1", "true", "True"}
_FALSE = {"0", "false", "False"}


@dataclass(frozen=True)
class Column:
    item: str | None = None
    choice: str | None = None
    """For Kobo's expanded select_multiple columns: the choice this 0/1 column stands for."""
    part: str | None = None
    """For ODK Central's split geopoint columns: latitude, longitude, altitude or accuracy."""
    metadata: bool = False


def is_metadata(header: str) -> bool:
    lowered = header.lower()
    last = lowered.rsplit("/", 1)[-1]
    return (
        lowered in METADATA
        or last in METADATA
        or last.startswith("_")
        or lowered.startswith(("meta/", "formhub/", "set-of-"))
    )


def resolve(header: str, form: FormDefinition, items: dict[str, FormItem]) -> Column | None:
    """What a header stands for; ``None`` when it is neither an item nor metadata."""
    if not header:
        return Column(metadata=True)
    if header in items:
        return Column(item=header)
    by_length = sorted(items, key=len, reverse=True)
    stem, _sep, last = header.rpartition("-")
    if last.lower() in GEOPOINT_PARTS and stem:
        for name in by_length:
            ends = stem == name or any(stem.endswith(s + name) for s in SEPARATORS)
            if ends and items[name].type is ItemType.GEOPOINT:
                return Column(item=name, part=last.lower())
    for sep in SEPARATORS:
        for name in by_length:
            if header.endswith(sep + name):
                return Column(item=name)
        for name in by_length:
            if items[name].type is not ItemType.SELECT_MULTIPLE:
                continue
            for choice in form.choice_names(items[name]):
                stem = header.removesuffix(sep + choice)
                if stem != header and (stem == name or stem.endswith(sep + name)):
                    return Column(item=name, choice=choice)
    if is_metadata(header):
        return Column(metadata=True)
    return None


@dataclass(frozen=True)
class CalculatedValue:
    """A computed item's value as a file gives it (for entry ``repeat``, if given)."""

    item: str
    text: str
    repeat: tuple[str, int] | None = None


@dataclass
class RowReading:
    """One row read: its answers, and what is wrong with it."""

    answers: dict[str, Answer]
    problems: list[str]
    calculated: dict[str, str] = field(default_factory=dict)
    """Computed items: the value as the file writes it."""


def read_cells(
    form: FormDefinition,
    items: dict[str, FormItem],
    header: list[str],
    columns: list[Column | None],
    cells: dict[int, str],
    where: Callable[[str], str],
    refuse: Callable[[str], str | None] = lambda _item: None,
) -> RowReading:
    """The answers of one row. ``where(column)`` words the place of a problem;
    ``refuse(item)`` says why an item cannot be answered in this sheet (or ``None``)."""
    got = RowReading({}, [])
    expanded: dict[str, list[str]] = {}
    whole: dict[str, str] = {}
    geopoints: dict[str, dict[str, str]] = {}
    for index, column in enumerate(columns):
        raw = cells.get(index, "").strip()
        place = where(header[index])
        if column is None:
            if raw:
                got.problems.append(
                    _("{where}: not an item of form {form}").format(
                        where=place, form=f"{form.form_id}@{form.version}"
                    )
                )
            continue
        if column.metadata or column.item is None or not raw:
            continue
        if (why := refuse(column.item)) is not None:
            got.problems.append(f"{place}: {why}")
        elif items[column.item].computed:
            if uses_once(items[column.item]):  # kept as the file says: it is not recomputed
                got.answers[column.item] = Answer(value=TextAnswer(value=raw))
            else:
                got.calculated[column.item] = raw
        elif column.part is not None:
            geopoints.setdefault(column.item, {})[column.part] = raw
        elif column.choice is not None:
            if raw not in _TRUE | _FALSE:
                got.problems.append(
                    _("{where}: expected 1 or 0 for choice {choice}").format(
                        where=place, choice=column.choice
                    )
                )
            chosen = expanded.setdefault(column.item, [])
            if raw in _TRUE:
                chosen.append(column.choice)
        else:
            whole[column.item] = raw
            try:
                value = parse_value(form, items[column.item], raw)
            except BadValue as exc:
                got.problems.append(f"{place}: {exc}")
                continue
            if value is not None:
                got.answers[column.item] = Answer(value=value)
    for name, parts in geopoints.items():
        text = " ".join(parts.get(part, "0") for part in GEOPOINT_PARTS)
        try:
            value = parse_value(form, items[name], text)
        except BadValue as exc:
            got.problems.append(f"{where(name)}: {exc}")
            continue
        if value is not None:
            got.answers[name] = Answer(value=value)
    for name, chosen in expanded.items():
        if name in whole:
            if set(whole[name].split()) != set(chosen) and whole[name].lower() not in DONT_KNOW:
                got.problems.append(
                    _("{where}: {item} says {given!r} but its 0/1 columns say {chosen!r}").format(
                        where=where(name), item=name, given=whole[name], chosen=" ".join(chosen)
                    )
                )
        elif chosen:
            got.answers[name] = Answer(value=parse_value(form, items[name], chosen))
    return got
