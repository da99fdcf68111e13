"""Typographic quotes kept in the texts of an XLSForm, straightened everywhere else.

pyxform's header grouping replaces "smart" quotes (‘ ’ “ ”) with plain ones in every
cell, so that an expression typed in Excel (``${x} = ‘yes’``) still parses. In a label
that would change the text as written: French ``l’usage`` would come back as
``l'usage``, and a form exported and imported again would differ from the original.
:func:`protect` hides the quotes from pyxform (as private-use characters) and
:func:`restore` puts them back in the texts — labels, hints, messages and titles — and
straightens them, as pyxform would, everywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

TEXT_KEYS = frozenset(
    {"label", "hint", "guidance_hint", "domain_title", "title", "form_title"}
    | {"jr:constraintMsg", "jr:requiredMsg", "constraint_message", "required_message"}
)
"""Grouped keys (pyxform's names) whose values are texts shown to people."""
_SMART = "\u2018\u2019\u201c\u201d"
_HELD = "\ue018\ue019\ue01c\ue01d"
_HOLD = str.maketrans(_SMART, _HELD)
_AS_TEXT = str.maketrans(_HELD, _SMART)
_AS_CODE = str.maketrans(_HELD, "''\"\"")


def protect(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with smart quotes held out of pyxform's reach."""
    return [
        {
            key: value.translate(_HOLD) if isinstance(value, str) else value
            for key, value in row.items()
        }
        for row in rows
    ]


def restore(value: Any, text: bool = False) -> Any:
    """A grouped row (or value) with the held quotes back: as written inside texts,
    straightened elsewhere."""
    if isinstance(value, dict):
        return {key: restore(item, text or key in TEXT_KEYS) for key, item in value.items()}
    if isinstance(value, str):
        return value.translate(_AS_TEXT if text else _AS_CODE)
    return value


__all__ = ["TEXT_KEYS", "protect", "restore"]
