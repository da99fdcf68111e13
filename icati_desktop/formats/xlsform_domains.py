"""Domains of an imported form: from the ``domain`` column, or one per top-level group.

* **With a ``domain`` column**: every top-level question or group names its domain;
  questions inside a group follow their group. ``domain_title`` titles a domain, else
  the label of its first group, else its code. Domains are numbered by their code.
* **Without it**: each top-level group becomes a domain D1, D2… titled by its label,
  and the questions outside groups form one domain titled by the form title, in form
  order.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from icati_desktop.domain.forms import FormElement
from icati_desktop.formats.xlsform_problems import Problems
from icati_desktop.formats.xlsform_survey import Survey
from icati_desktop.i18n import _


def read_domains(
    survey: Survey, form_title: dict[str, str], language: str, problems: Problems
) -> list[dict[str, Any]]:
    top = survey.top
    if not top.elements:
        if not problems.problems:
            problems.add("survey", None, None, _("the survey sheet has no questions"))
        return []
    by_code: dict[str, list[FormElement]] = defaultdict(list)
    titles: dict[str, dict[str, str]] = {}
    if any(code is not None for code in top.domains) or survey.domain_titles:
        for element, row, code in zip(top.elements, top.rows, top.domains, strict=True):
            if code is None:
                problems.add(
                    "survey",
                    row,
                    "domain",
                    _(
                        "the form uses the domain column, so "
                        "every top-level question or group needs a domain (D1, D2…)"
                    ),
                )
                continue
            by_code[code].append(element)
            label = getattr(element, "label", None) if element.kind == "group" else None
            if label and language in label:
                titles.setdefault(code, label)
        for code, (_row, title) in survey.domain_titles.items():
            titles[code] = title
    else:
        loose = "outside-groups"
        for index, element in enumerate(top.elements):
            if element.kind == "group":
                key = f"group-{index}"
                by_code[key].append(element)
                label = element.label if language in element.label else {}
                titles[key] = label or {language: element.name.replace("_", " ")}
            else:
                by_code[loose].append(element)
                titles[loose] = form_title
        return _numbered(by_code, titles, problems)
    return [
        {"code": code, "title": titles.get(code) or {language: code}, "elements": elements}
        for code, elements in sorted(by_code.items(), key=lambda entry: int(entry[0][1:]))
    ]


def _numbered(
    by_code: dict[str, list[FormElement]], titles: dict[str, dict[str, str]], problems: Problems
) -> list[dict[str, Any]]:
    """Domains D1, D2… in form order (questions outside groups taking their place)."""
    if len(by_code) > 99:
        problems.add(
            "survey",
            None,
            None,
            _("the form has more than 99 top-level groups; a form has at most 99 domains"),
        )
        return []
    return [
        {"code": f"D{number}", "title": titles[key], "elements": elements}
        for number, (key, elements) in enumerate(by_code.items(), start=1)
    ]


def form_languages(
    language: str,
    choice_lists: list[dict[str, Any]],
    domains: list[dict[str, Any]],
) -> list[str]:
    """The form's languages: the default one first, then every other a text is in."""
    found = {language}
    for domain in domains:
        found |= set(domain["title"])
        for element in domain["elements"]:
            items = element.flat_items() if element.kind == "group" else [element]
            for item in items:
                found |= set(item.label) | set(item.hint) | set(item.constraint_message)
                found |= set(item.required_message)
    for choice_list in choice_lists:
        for choice in choice_list["choices"]:
            found |= set(choice["label"])
    return [language, *sorted(found - {language})]


__all__ = ["form_languages", "read_domains"]
