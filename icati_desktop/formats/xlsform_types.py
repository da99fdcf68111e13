"""XLSForm question types and the values of ICATI's own columns.

``parse_type`` reads a survey ``type`` cell the way pyxform spells types (its
``aliases``: ``select one from LIST``, ``begin_group``…) and says which we support;
``score_columns`` checks ``weight``, ``key_item`` and ``continuum_stage``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from pyxform import aliases

from icati_desktop.domain.continuum import ContinuumStage
from icati_desktop.domain.forms import ItemType
from icati_desktop.formats.xlsform_sheets import Row
from icati_desktop.i18n import _

Add = Callable[[int, str | None, str], None]
"""Records a problem: (row, column, message)."""

SIMPLE_TYPES = {
    "score": ItemType.SCORE,
    "integer": ItemType.INTEGER,
    "int": ItemType.INTEGER,
    "q int": ItemType.INTEGER,
    "add integer prompt": ItemType.INTEGER,
    "decimal": ItemType.DECIMAL,
    "q decimal": ItemType.DECIMAL,
    "add decimal prompt": ItemType.DECIMAL,
    "text": ItemType.TEXT,
    "string": ItemType.TEXT,
    "q string": ItemType.TEXT,
    "add text prompt": ItemType.TEXT,
    "date": ItemType.DATE,
    "q date": ItemType.DATE,
    "add date prompt": ItemType.DATE,
    "note": ItemType.NOTE,
    "q note": ItemType.NOTE,
    "add note prompt": ItemType.NOTE,
    "calculate": ItemType.CALCULATE,
    "q calculate": ItemType.CALCULATE,
    "add calculate prompt": ItemType.CALCULATE,
    "time": ItemType.TIME,
    "datetime": ItemType.DATETIME,
    "date time": ItemType.DATETIME,
    "date_time": ItemType.DATETIME,
    "q date time": ItemType.DATETIME,
    "q datetime": ItemType.DATETIME,
    "add date time prompt": ItemType.DATETIME,
    "add datetime prompt": ItemType.DATETIME,
    "acknowledge": ItemType.ACKNOWLEDGE,
    "trigger": ItemType.ACKNOWLEDGE,
    "q acknowledge": ItemType.ACKNOWLEDGE,
    "add acknowledge prompt": ItemType.ACKNOWLEDGE,
    "geopoint": ItemType.GEOPOINT,
    "location": ItemType.GEOPOINT,
    "gps": ItemType.GEOPOINT,
    "q geopoint": ItemType.GEOPOINT,
    "q location": ItemType.GEOPOINT,
    "add location prompt": ItemType.GEOPOINT,
}
"""XLSForm type names (lower case, pyxform's spellings) and the item type each gives."""
METADATA_TYPES = frozenset(
    {"start", "end", "today", "deviceid", "imei", "subscriberid", "simserial", "phonenumber"}
    | {"username", "email", "start time", "end time", "get today", "device id", "sim id"}
    | {"get device id", "get end time", "get start time", "get phone number", "get sim id"}
    | {"get subscriber id", "phone number", "subscriber id"}
    | {f"uri:{name}" for name in ("deviceid", "email", "phonenumber", "simserial")}
    | {"uri:subscriberid", "uri:username"}
)
"""Filled in by data-collection apps, never asked: ignored with a note."""
MEDIA_TYPES = frozenset(
    {"image", "photo", "audio", "video", "file", "barcode", "background-audio"}
    | {"q image", "q picture", "q audio", "q video", "q barcode"}
    | {"add image prompt", "add photo prompt", "add audio prompt", "add video prompt"}
    | {"add file prompt", "add barcode prompt"}
)
MAP_TYPES = frozenset({"geotrace", "geoshape", "q geotrace", "q geoshape", "osm"})
TRACKING_TYPES = frozenset({"audit", "start-geopoint", "background-geopoint"})
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
CHOICE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
"""Choices may be numbered (``1``, ``2``): their names are compared as text, never referenced."""
SCALE_LIST = "icati_scale"
"""The choice list of the form's own 0–4 scale: ``select_one icati_scale`` is a score question."""
YES = frozenset({"yes", "true", "true()", "1", "y"})
NO = frozenset({"no", "false", "false()", "0", "n"})


OR_OTHER = re.compile(r"\s+(or specify other|or_other)\s*$", re.IGNORECASE)


def split_or_other(text: str) -> tuple[str, bool]:
    """``select_one sexes or_other`` → (``select_one sexes``, True): pyxform's "or specify
    other", which adds an ``other`` choice and a text question shown when it is chosen."""
    base = OR_OTHER.sub("", text)
    return base, base != text


def parse_type(text: str) -> tuple[str, str | None]:
    """(kind, argument): ``("select_one", "yes_no")``, ``("begin", "group")``, ``("score", None)``.

    ``select_one icati_scale`` is a ``score`` question (the scale as a choice list).
    Kinds: a simple type (a key of :data:`SIMPLE_TYPES`), ``select_one`` /
    ``select_multiple`` (argument: the list), ``select_one_file`` /
    ``select_multiple_file`` (argument: the file), ``select_one_external`` (argument:
    the list of the external_choices sheet), ``begin``/``end``, ``metadata``, ``loop``,
    ``media``, ``map``, ``tracking``, ``range``, ``rank``, or ``unsupported``. An
    ``or_other`` suffix is taken off first (:func:`split_or_other`)."""
    words = " ".join(text.split())
    low = words.lower()
    if low.startswith("osm "):
        return "map", None
    for kinds, name in (
        (MEDIA_TYPES, "media"),
        (MAP_TYPES, "map"),
        (TRACKING_TYPES, "tracking"),
        ({"range"}, "range"),
    ):
        if low in kinds:
            return name, None
    for prefix in ("begin", "end"):
        for sep in (" ", "_"):
            if low.startswith(prefix + sep):
                block = low[len(prefix) + 1 :]
                if block.startswith("loop"):
                    return "loop", None
                kind = aliases.control.get(block.replace("_", " "), "")
                return (prefix, kind) if kind in ("group", "repeat") else ("unsupported", None)
    if low.startswith("select one external "):
        return "select_one_external", words[len("select one external ") :].strip()
    for alias in sorted(aliases.select, key=len, reverse=True):
        if low.startswith(alias + " "):
            meaning = aliases.select[alias]
            argument = words[len(alias) + 1 :].strip()
            if meaning == "rank":
                return "rank", None
            if alias in aliases.select_from_file:
                many = meaning == "select all that apply"
                return ("select_multiple_file" if many else "select_one_file"), argument
            if alias in ("select_one_external", "select one external"):
                return "select_one_external", argument
            if meaning == "select all that apply":
                return "select_multiple", argument
            if meaning == "select one":
                # The form's own 0–4 scale, as an exported form asks a score question.
                return ("score", None) if argument == SCALE_LIST else ("select_one", argument)
            return "unsupported", None
    if low in SIMPLE_TYPES:
        return SIMPLE_TYPES[low].value, None
    if low in METADATA_TYPES:
        return "metadata", None
    return "unsupported", None


def form_id_from(text: str) -> str:
    """A form id made from a settings ``form_id`` or a file name: lowercase words joined by
    ``-`` (``Probation_Check`` → ``probation-check``); empty when it has no letters."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:64].strip("-")


def yes_no(value: Any) -> bool | None:
    text = str(value).strip().lower()
    return True if text in YES else False if text in NO else None


def domain_code(value: Any) -> str | None:
    match = re.fullmatch(r"[Dd]?\s*([1-9][0-9]?)", str(value).strip())
    return f"D{match.group(1)}" if match else None


def score_columns(
    number: int, row: Row, item_type: ItemType, fields: dict[str, Any], add: Add
) -> None:
    """Checks and converts the ICATI columns weight, key_item and continuum_stage."""
    if item_type is not ItemType.SCORE:
        for column in ("weight", "key_item"):
            if column in row:
                add(number, column, _("only score questions carry {c}").format(c=column))
    if "weight" in row:
        try:
            fields["weight"] = Decimal(str(row["weight"]).strip())
            ok = fields["weight"].is_finite() and fields["weight"] > 0
        except InvalidOperation:
            ok = False
        if not ok:
            add(
                number,
                "weight",
                _("weight must be a number above 0, not {v!r}").format(v=row["weight"]),
            )
    if "key_item" in row:
        fields["key_item"] = yes_no(row["key_item"])
        if fields["key_item"] is None:
            add(number, "key_item", _("key_item must be yes or no"))
    if "continuum_stage" in row:
        stage = "_".join(str(row["continuum_stage"]).lower().replace("-", " ").split())
        if stage not in {s.value for s in ContinuumStage}:
            add(
                number,
                "continuum_stage",
                _("continuum_stage must be one of {s}").format(
                    s=", ".join(s.value for s in ContinuumStage)
                ),
            )
        fields["continuum_stage"] = stage


__all__ = [
    "MAP_TYPES",
    "MEDIA_TYPES",
    "METADATA_TYPES",
    "NAME",
    "SIMPLE_TYPES",
    "TRACKING_TYPES",
    "domain_code",
    "form_id_from",
    "parse_type",
    "score_columns",
    "yes_no",
]
