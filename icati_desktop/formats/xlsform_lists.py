"""The choice lists an imported form carries: the choices sheet's, and those its select
questions take from the external_choices sheet and from files beside the workbook.

Every list of the choices sheet is kept (as before); a list of the external_choices
sheet, or a file, only when a question uses it. A list of the external_choices sheet
named as one of the choices sheet is renamed ``NAME.external`` in the form. All lists
together may hold at most :data:`MAX_FORM_CHOICES` choices: a form is synced to every
field device.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from icati_desktop.formats.xlsform_media import MediaReader
from icati_desktop.formats.xlsform_problems import Problems
from icati_desktop.formats.xlsform_survey import OTHER_CHOICE, OTHER_LABEL, Survey
from icati_desktop.i18n import _

MAX_FORM_CHOICES = 50_000


def resolve_lists(
    survey: Survey,
    sheet_lists: list[dict[str, Any]],
    external_lists: list[dict[str, Any]],
    media: Path | None,
    language: str,
    problems: Problems,
) -> list[dict[str, Any]]:
    """The form's choice lists, each question's list checked to exist."""
    lists = {entry["name"]: entry for entry in sheet_lists}
    external = {entry["name"]: entry for entry in external_lists}
    reader = MediaReader(media, language, problems)
    for source in survey.selects:
        if source.kind == "choices":
            if source.list_name and source.list_name not in lists:
                problems.add(
                    "survey",
                    source.row,
                    "type",
                    _("the choice list {n!r} is not in the choices sheet").format(
                        n=source.list_name
                    ),
                )
        elif source.kind == "external":
            if source.argument not in external:
                problems.add(
                    "survey",
                    source.row,
                    "type",
                    _("the choice list {n!r} is not in the external_choices sheet").format(
                        n=source.argument
                    ),
                )
            else:  # named NAME.external when the choices sheet has a NAME list too
                lists[source.list_name] = {**external[source.argument], "name": source.list_name}
        elif source.list_name not in lists:
            read = reader.read(source)
            if read is not None:
                lists[source.list_name] = read
    for name in survey.or_other_lists:
        _add_other_choice(lists.get(name))
    total = sum(len(entry["choices"]) for entry in lists.values())
    if total > MAX_FORM_CHOICES:
        problems.add(
            "workbook",
            None,
            None,
            _("the form's choice lists hold {count} choices, more than {limit}").format(
                count=f"{total:,}", limit=f"{MAX_FORM_CHOICES:,}"
            ),
        )
    return list(lists.values())


def _add_other_choice(entry: dict[str, Any] | None) -> None:
    """The ``other`` choice of an ``or_other`` question, labelled in each language of the
    list, as pyxform adds it (a list that already has one keeps it)."""
    if entry is None or any(c["name"] == OTHER_CHOICE for c in entry["choices"]):
        return
    languages = {code for choice in entry["choices"] for code in choice["label"]}
    entry["choices"].append(
        {"name": OTHER_CHOICE, "label": dict.fromkeys(sorted(languages), OTHER_LABEL)}
    )


__all__ = ["MAX_FORM_CHOICES", "resolve_lists"]
