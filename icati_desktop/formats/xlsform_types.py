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
    "decimal": ItemType.DECIMAL,
    "text": ItemType.TEXT,
    "string": ItemType.TEXT,
    "date": ItemType.DATE,
    "note": ItemType.NOTE,
}
METADATA_TYPES = frozenset(
    {"start", "end", "today", "deviceid", "imei", "subscriberid", "simserial", "phonenumber"}
    | {"username", "email", "audit"}
)
"""Filled in by data-collection apps, never asked: ignored with a note."""
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
CHOICE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
"""Choices may be numbered (``1``, ``2``): their names are compared as text, never referenced."""
SCALE_LIST = "icati_scale"
"""The choice list of the form's own 0–4 scale: ``select_one icati_scale`` is a score question."""
YES = frozenset({"yes", "true", "true()", "1", "y"})
NO = frozenset({"no", "false", "false()", "0", "n"})


def parse_type(text: str) -> tuple[str, str | None]:
    """(kind, argument): ``("select_one", "yes_no")``, ``("begin", "group")``, ``("score", None)``.

    ``select_one icati_scale`` is a ``score`` question (the scale as a choice list).
    Kinds: a simple type, ``select_one``/``select_multiple``, ``begin``/``end``,
    ``metadata``, ``other`` (or specify other), ``loop``, or ``unsupported``."""
    words = " ".join(text.split())
    low = words.lower()
    if low.endswith((" or specify other", " or_other")):
        return "other", None
    for prefix in ("begin", "end"):
        for sep in (" ", "_"):
            if low.startswith(prefix + sep):
                block = low[len(prefix) + 1 :]
                if block.startswith("loop"):
                    return "loop", None
                kind = aliases.control.get(block.replace("_", " "), "")
                return (prefix, kind) if kind in ("group", "repeat") else ("unsupported", None)
    for alias in sorted(aliases.select, key=len, reverse=True):
        if low.startswith(alias + " "):
            meaning = aliases.select[alias]
            argument = words[len(alias) + 1 :].strip()
            if alias in ("select_one", "select one", "select1", "select one from"):
                # The form's own 0–4 scale, as an exported form asks a score question.
                return ("score", None) if argument == SCALE_LIST else ("select_one", argument)
            if meaning == "select all that apply" and "file" not in alias:
                return "select_multiple", argument
            return "unsupported", None
    if low in SIMPLE_TYPES:
        return low, None
    if low in METADATA_TYPES:
        return "metadata", None
    return "unsupported", None


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
    "METADATA_TYPES",
    "NAME",
    "SIMPLE_TYPES",
    "domain_code",
    "parse_type",
    "score_columns",
    "yes_no",
]
