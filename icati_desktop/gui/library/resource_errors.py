"""Pydantic's complaints about a library resource, in the person's words, per field.

"title: Value error, the text needs at least one language" becomes "Title: give the
resource a title in at least one language." — each problem named by the field's caption
as the dialog shows it, so the person knows where to look.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from icati_desktop.i18n import _, format_number


def _caption(field: str) -> str:
    captions = {
        "title": _("Title"),
        "summary": _("Summary"),
        "publisher": _("Publisher"),
        "year": _("Year"),
        "languages": _("Languages"),
        "topics": _("Topics"),
        "links": _("Links"),
    }
    return captions.get(field, "")


def _message(field: str, error: dict[str, Any]) -> str:
    kind = str(error["type"])
    if field == "title":
        return _("give the resource a title in at least one language.")
    if kind == "string_too_long":
        limit = int(error.get("ctx", {}).get("max_length", 0))
        return _("This is too long: at most {n} characters.").format(n=format_number(limit))
    if field == "year":
        return _("Enter a year between 1900 and 2100, or leave it empty.")
    if field == "languages":
        return _("language codes such as en, fr, es, separated by commas, each once.")
    if field == "topics":
        return _("short topic codes in lower case (such as ccm), separated by commas, each once.")
    if field == "links":
        position = error["loc"][1] + 1 if len(error["loc"]) > 1 else 1
        return _("Line {line}: “{text}” is not a web address; start it with https://").format(
            line=format_number(position), text=error.get("input", "")
        )
    return str(error["msg"]).removeprefix("Value error, ")


def resource_problems(error: ValidationError) -> list[tuple[str, str]]:
    """(field, sentence) for each field at fault, in the form's order, once per field."""
    found: dict[str, str] = {}
    for detail in error.errors():
        location = detail["loc"]
        field = str(location[0]) if location else ""
        if field not in found:
            caption = _caption(field)
            text = _message(field, dict(detail))
            found[field] = f"{caption}: {text}" if caption else text
    return list(found.items())


__all__ = ["resource_problems"]
