"""The columns of a survey row: which ones ICATI reads, which only change how a question
looks (recorded or ignored with a note), and which would change what the form asks if
dropped (a problem: the import stops rather than import a different form).

pyxform groups a row's cells by meaning (:mod:`icati_desktop.formats.xlsform_sheets`):
``bind`` holds ``required``, ``relevant``, ``constraint``, ``calculation``,
``read_only``…; ``control`` holds ``appearance`` and ``repeat_count``; ``media`` holds
pictures and sounds. This module names, per row kind, what is read, and reads the
``appearance`` and ``parameters`` cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pyxform.errors import PyXFormError
from pyxform.parsing.parameters import parse as parse_parameters

from icati_desktop.domain.forms import SELECT_TYPES, ItemType
from icati_desktop.formats.xlsform_sheets import Row
from icati_desktop.i18n import N_, _

Add = Callable[[int, str | None, str], None]
Note = Callable[[int, str | None, str], None]

ITEM_COLUMNS = frozenset(
    {"type", "name", "label", "hint", "weight", "domain", "domain_title"}
    | {"key_item", "continuum_stage", "default", "choice_filter", "parameters"}
)
GROUP_COLUMNS = frozenset({"type", "name", "label", "domain", "domain_title"})
ITEM_BIND = frozenset(
    {"required", "relevant", "constraint", "jr:constraintMsg", "calculate", "readonly"}
    | {"jr:requiredMsg"}
)
GROUP_BIND = frozenset({"relevant"})
PRESENTATIONAL_COLUMNS = frozenset({"guidance_hint", "hint"})
"""Ignored with a note on groups (a group's hint) and everywhere (guidance)."""
NOTED_BIND = frozenset({"type"})
"""``bind::type`` (a calculation's data type): the value is computed all the same."""
COLUMN_NAMES = {
    "jr:constraintMsg": "constraint_message",
    "jr:requiredMsg": "required_message",
    "jr:count": "repeat_count",
    "calculate": "calculation",
    "readonly": "read_only",
}
"""How pyxform's internal names are shown: as the column the author wrote."""

HARMLESS_APPEARANCES = frozenset(
    {"minimal", "quick", "horizontal", "horizontal-compact", "compact", "quickcompact"}
    | {"label", "list-nolabel", "list", "likert", "field-list", "table-list", "multiline"}
    | {"numbers", "thousands-sep", "no-calendar", "month-year", "year", "ethiopian"}
    | {"coptic", "islamic", "bikram-sambat", "myanmar", "persian", "maps", "placement-map"}
    | {"hidden-answer", "masked", "url", "rating", "columns", "columns-pack", "no-ticks"}
    | {"autocomplete", "no-buttons", "distress", "spinner", "vertical"}
)
"""ODK and Enketo appearances that change only how a question looks."""
_SIZED = re.compile(r"^(w[0-9]+|columns-[0-9]+)$")
_HARMFUL = {
    "search(": N_(
        "loads its choices from a file while the form is filled in; use "
        "select_one_from_file instead"
    ),
    "ex:": N_("opens another app to answer"),
    "printer": N_("prints through another app"),
    "image-map": N_("answers by clicking a picture"),
    "counter": N_("counts with another app"),
}
"""Appearances that change how a question is answered: refused, with why."""

PARAMETERS = {
    "file": frozenset({"value", "label", "randomize", "seed"}),
    "select": frozenset({"randomize", "seed"}),
    ItemType.GEOPOINT: frozenset({"capture-accuracy", "warning-accuracy", "allow-mock-accuracy"}),
}


def shown_column(key: str, sub: object | None) -> str:
    """A grouped cell's column as the author wrote it (``read_only``, ``label::fr``)."""
    if sub is None:
        return key
    return COLUMN_NAMES.get(str(sub), str(sub))


def check_columns(
    number: int,
    row: Row,
    *,
    allowed: frozenset[str],
    bind: frozenset[str],
    control: frozenset[str],
    add: Add,
    note: Note,
) -> None:
    """Every column of the row is read, noted as ignored, or a problem."""
    for key, value in row.items():
        if key in allowed:
            continue
        if key.startswith("$") or key in PRESENTATIONAL_COLUMNS:
            # $kuid, $autoname…: KoboToolbox's bookkeeping of the sheet itself.
            note(number, key, _("column ignored (it asks nothing)"))
            continue
        parts = value.items() if isinstance(value, dict) else [(None, value)]
        for sub, _value in parts:
            shown = shown_column(key, sub)
            if (key == "bind" and sub in bind) or (key == "control" and sub in control):
                continue
            if (key == "bind" and sub in NOTED_BIND) or key == "instance":
                note(number, shown, _("column ignored (it asks nothing)"))
            elif key == "control" and sub not in ("jr:count", "appearance"):
                note(number, shown, _("presentational column ignored"))
            elif key == "media":
                add(
                    number,
                    shown,
                    _(
                        "media columns ({c}) are not supported; remove the picture, sound or video"
                    ).format(c=shown),
                )
            elif key == "trigger":
                add(
                    number,
                    shown,
                    _(
                        "trigger is not supported (it recomputes a value when another "
                        "question changes); use a calculation that names that question"
                    ),
                )
            else:
                add(
                    number,
                    shown,
                    _(
                        "the column {c!r} is not supported here; remove it (the form would "
                        "otherwise behave differently)"
                    ).format(c=shown),
                )


def read_appearance(number: int, row: Row, add: Add, note: Note) -> str | None:
    """The row's ``appearance``: recorded when it changes only how the question looks."""
    text = " ".join(str((row.get("control") or {}).get("appearance", "")).split())
    if not text:
        return None
    for word in text.lower().split():
        harmful = next((why for start, why in _HARMFUL.items() if word.startswith(start)), None)
        if harmful is not None:
            add(
                number,
                "appearance",
                _(
                    "the appearance {a!r} is not supported: it {why}; remove it from the "
                    "appearance column"
                ).format(a=word, why=_(harmful)),
            )
        elif word not in HARMLESS_APPEARANCES and not _SIZED.match(word):
            note(
                number,
                "appearance",
                _("appearance {a!r} recorded; it changes nothing in ICATI").format(a=word),
            )
    return text[:200]


def read_parameters(
    number: int, row: Row, item_type: ItemType, from_file: bool, add: Add
) -> dict[str, str]:
    """The row's ``parameters`` (``value=id label=name``), those its type takes."""
    raw = str(row.get("parameters", "")).strip()
    if not raw:
        return {}
    try:
        found: dict[str, str] = parse_parameters(raw, number)
    except PyXFormError:
        add(number, "parameters", _("write parameters as name=value pairs, e.g. value=id"))
        return {}
    if from_file:
        allowed = PARAMETERS["file"]
    elif item_type in SELECT_TYPES:
        allowed = PARAMETERS["select"]
    else:
        allowed = PARAMETERS.get(item_type, frozenset())
    for key in sorted(set(found) - allowed):
        add(
            number,
            "parameters",
            _(
                "the parameter {p!r} is not supported for a question of type {t}; remove "
                "it from the parameters column"
            ).format(p=key, t=item_type.value),
        )
    return {k: v for k, v in found.items() if k in allowed}


def bind_value(row: Row, key: str) -> Any:
    return (row.get("bind") or {}).get(key)


__all__ = [
    "COLUMN_NAMES",
    "GROUP_BIND",
    "GROUP_COLUMNS",
    "HARMLESS_APPEARANCES",
    "ITEM_BIND",
    "ITEM_COLUMNS",
    "bind_value",
    "check_columns",
    "read_appearance",
    "read_parameters",
    "shown_column",
]
