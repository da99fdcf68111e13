"""The choices sheet: choice lists for select questions, one row per choice.

Each choice needs a ``list_name``, a ``name`` (an XLSForm name, unique in its list) and
a label in the form's default language. Media columns (``image``, ``audio``…) with a
value are refused: the choices would show differently than the author meant. Other
columns (used by ``choice_filter``, which is itself refused) are ignored.

The list named ``icati_scale`` is not a choice list but the form's own 0–4 scale: rows
named ``0`` to ``4`` label the anchors and an optional ``dont_know`` row allows "don't
know". Without it a form gets the default form's scale (see ``xlsform.default_scale``).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pyxform import constants

from icati_desktop.domain.forms import ResponseScale
from icati_desktop.formats.xlsform_problems import Problems
from icati_desktop.formats.xlsform_sheets import Sheet, texts
from icati_desktop.formats.xlsform_types import CHOICE_NAME, NAME, SCALE_LIST
from icati_desktop.i18n import _

SCALE_NAMES = ("0", "1", "2", "3", "4")
DONT_KNOW = "dont_know"


def _list_name(row: dict[str, Any]) -> str:
    return str(row.get(constants.LIST_NAME_S) or row.get("list_name") or "").strip()


def has_scale(sheet: Sheet) -> bool:
    """Whether the choices sheet labels the form's own scale (an ``icati_scale`` list)."""
    return any(_list_name(row) == SCALE_LIST for _number, row in sheet.rows)


def read_scale(sheet: Sheet, language: str, problems: Problems) -> ResponseScale | None:
    """The form's own scale from the ``icati_scale`` list, or ``None`` when it has none."""
    rows = [(number, row) for number, row in sheet.rows if _list_name(row) == SCALE_LIST]
    if not rows:
        return None
    anchors: dict[str, dict[str, str]] = {}
    for number, row in rows:
        name = str(row.get("name", "")).strip()
        if name not in (*SCALE_NAMES, DONT_KNOW) or name in anchors:
            problems.add(
                "choices",
                number,
                "name",
                _("an {l} row is named 0, 1, 2, 3, 4 or {dk}, each once; not {v!r}").format(
                    l=SCALE_LIST, dk=DONT_KNOW, v=name
                ),
            )
            continue
        anchors[name] = texts(row.get("label"), language, problems, ("choices", number, "label"))
        if language not in anchors[name]:
            problems.add(
                "choices",
                number,
                "label",
                _("the scale label has no text in the default language {l!r}").format(l=language),
            )
    missing = [n for n in SCALE_NAMES if n not in anchors]
    if missing:
        problems.add(
            "choices",
            rows[0][0],
            "name",
            _("the {l} list needs a row for each of 0 to 4; missing: {m}").format(
                l=SCALE_LIST, m=", ".join(missing)
            ),
        )
        return None
    try:
        return ResponseScale.model_validate(
            {
                "anchors": [{"value": int(n), "label": anchors[n]} for n in SCALE_NAMES],
                "dont_know_allowed": DONT_KNOW in anchors,
                "dont_know_label": anchors.get(DONT_KNOW, {}),
            }
        )
    except ValidationError as error:
        for detail in error.errors():
            problems.add("choices", rows[0][0], None, detail["msg"])
        return None


def read_choices(sheet: Sheet, language: str, problems: Problems) -> list[dict[str, Any]]:
    """The choice lists, in sheet order, as ``ChoiceList`` data (the scale left out)."""
    lists: dict[str, list[dict[str, Any]]] = {}
    seen: dict[tuple[str, str], int] = {}
    for number, row in sheet.rows:
        list_name = _list_name(row)
        if list_name == SCALE_LIST:
            continue
        name = str(row.get("name", "")).strip()
        if not list_name and not name:
            continue  # a row of other columns only (e.g. a comment)
        if not list_name or not NAME.match(list_name):
            problems.add(
                "choices",
                number,
                "list_name",
                _("the choice needs a list_name that starts with a letter or _, not {v!r}").format(
                    v=list_name
                ),
            )
            continue
        if not name or not CHOICE_NAME.match(name) or len(name) > 64:
            problems.add(
                "choices",
                number,
                "name",
                _(
                    "choice name {v!r} must be letters, digits, _ . or -, "
                    "starting with a letter, digit or _ (e.g. yes, opt_1, 2)"
                ).format(v=name),
            )
            continue
        if (list_name, name) in seen:
            problems.add(
                "choices",
                number,
                "name",
                _("{n!r} is already a choice of {l!r} on row {r}").format(
                    n=name, l=list_name, r=seen[list_name, name]
                ),
            )
            continue
        seen[list_name, name] = number
        for column, value in (row.get("media") or {}).items():
            if value:
                problems.add(
                    "choices",
                    number,
                    str(column),
                    _("media in choices ({c}) are not supported; remove the column").format(
                        c=column
                    ),
                )
        label = texts(row.get("label"), language, problems, ("choices", number, "label"))
        if language not in label:
            problems.add(
                "choices",
                number,
                "label",
                _("the choice has no label in the default language {l!r}").format(l=language),
            )
        lists.setdefault(list_name, []).append({"name": name, "label": label})
    return [{"name": name, "choices": choices} for name, choices in lists.items()]


__all__ = ["SCALE_LIST", "has_scale", "read_choices", "read_scale"]
