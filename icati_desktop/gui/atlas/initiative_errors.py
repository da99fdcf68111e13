"""Pydantic's complaints about an initiative, as sentences shown next to the field at fault."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from icati_desktop.i18n import _, format_number

GENERAL = ""
"""The key of errors that belong to no single field."""


def _message(field: str, error: dict[str, Any]) -> str:
    kind = str(error["type"])
    if field == "name" and kind == "string_too_short":
        return _("Give the initiative a name.")
    if kind == "string_too_long":
        limit = int(error.get("ctx", {}).get("max_length", 0))
        return _("This is too long: at most {n} characters.").format(n=format_number(limit))
    if field == "start_year":
        return _("Enter a year between 1950 and 2100, or leave it empty.")
    if field == "latitude":
        return _("Latitude is a number of degrees from -90 (south) to 90 (north).")
    if field == "longitude":
        return _("Longitude is a number of degrees from -180 (west) to 180 (east).")
    if field == "country":
        return _("Choose a country from the list.")
    if field == "links":
        position = error["loc"][1] + 1 if len(error["loc"]) > 1 else 1
        return _("Line {line}: “{text}” is not a web address; start it with https://").format(
            line=format_number(position), text=error.get("input", "")
        )
    if field in ("model", "status"):
        return _("Choose one from the list.")
    return str(error["msg"]).removeprefix("Value error, ")


def _whole_record(error: dict[str, Any]) -> tuple[str, str]:
    """Errors of the record as a whole (cross-field rules), placed at the field they concern."""
    text = str(error["msg"])
    if "latitude and longitude" in text:
        return "latitude", _("Give both latitude and longitude, or neither.")
    if "link" in text:
        return "links", _("Give each link only once.")
    return GENERAL, text.removeprefix("Value error, ")


def field_errors(error: ValidationError) -> dict[str, str]:
    """One message per field (the first one found), keyed by the payload field name."""
    messages: dict[str, str] = {}
    for detail in error.errors():
        location = detail["loc"]
        if location:
            field, text = str(location[0]), _message(str(location[0]), dict(detail))
        else:
            field, text = _whole_record(dict(detail))
        messages.setdefault(field, text)
    return messages


__all__ = ["GENERAL", "field_errors"]
