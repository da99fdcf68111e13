"""A value the form computed, as a person reads it: numbers, dates and times by babel in
the interface language, choice names by their labels, true/false as yes/no."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from babel.dates import format_time
from babel.numbers import format_decimal

from icati_desktop.domain.expressions import Value, to_string
from icati_desktop.domain.forms import FormDefinition, FormItem
from icati_desktop.gui.assessments.item_widgets import localized
from icati_desktop.i18n import _, format_date, format_datetime, locale
from icati_desktop.reports.form_text import geopoint_text


def _choice(form: FormDefinition, item: FormItem, name: str) -> str:
    for choice in form.choices_of(item):
        if choice.name == name:
            return localized(choice.label, form.default_language)
    return name


def shown_value(form: FormDefinition, item: FormItem, value: Value) -> str:
    """``value`` of ``item`` in words ('' when empty or not a number)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return format_decimal(value, locale=locale()) if value.is_finite() else ""
    if isinstance(value, datetime):
        return format_datetime(value.astimezone())
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, time):
        return format_time(value, format="short", locale=locale())
    if isinstance(value, tuple):
        return ", ".join(_choice(form, item, name) for name in value)
    if item.choices is not None:
        return _choice(form, item, value)
    return to_string(value)


__all__ = ["geopoint_text", "shown_value"]
