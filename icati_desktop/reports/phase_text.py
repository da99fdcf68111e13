"""Why a phase condition holds or not, in one sentence, in a chosen language.

"Leadership & coordination (D2) is 0.75; phase 2 needs at least 1." The sentence names
what falls short (a domain below the minimum, with insufficient data, an item answered
"don't know"…), as the check recorded it.
"""

from __future__ import annotations

from decimal import Decimal
from gettext import NullTranslations

from babel.lists import format_list

from icati_desktop.domain.form_rules import (
    DomainAtLeast,
    DomainsCountAtLeast,
    EveryDomainAtLeast,
    ItemEquals,
    ItemsCountAtLeast,
)
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.domain.scoring import ConditionCheck, Shortfall
from icati_desktop.i18n import translator
from icati_desktop.reports.form_text import (
    choice_label,
    domain_name,
    item_label,
    localized,
    number,
    score_text,
)


def _dont_know(form: FormDefinition, tr: NullTranslations, lang: str) -> str:
    """The form's own label for "don't know" (the answer people gave)."""
    return localized(form.scale.dont_know_label, form, lang) or tr.gettext("don't know")


def _shortfall(short: Shortfall, form: FormDefinition, tr: NullTranslations, lang: str) -> str:
    """One entry of a "below" list: "Funding & resources (D9) 1.5"."""
    is_domain = short.name == short.domain and short.name in {d.code for d in form.domains}
    name = domain_name(short.name, form, lang) if is_domain else item_label(short.name, form, lang)
    if short.status == "below" and isinstance(short.value, Decimal | int):
        value = score_text(Decimal(short.value), lang) if is_domain else number(short.value, lang)
        return tr.gettext("{name} {score}").format(name=name, score=value)
    texts = {
        "insufficient": tr.gettext("{name}: insufficient data"),
        "dont_know": tr.gettext("{name}: {dont_know}"),
        "unanswered": tr.gettext("{name}: not answered"),
        "not_relevant": tr.gettext("{name}: does not apply"),
    }
    return texts.get(short.status, "{name}").format(name=name, dont_know=_dont_know(form, tr, lang))


def _shortfalls(
    check: ConditionCheck, form: FormDefinition, tr: NullTranslations, lang: str
) -> str:
    return format_list([_shortfall(s, form, tr, lang) for s in check.shortfalls], locale=lang)


def _single_item(
    check: ConditionCheck, item: str, minimum: str, form: FormDefinition, lang: str
) -> str:
    tr = translator(lang)
    values = {
        "item": item_label(item, form, lang),
        "phase": check.phase,
        "min": minimum,
        "dont_know": _dont_know(form, tr, lang),
    }
    if check.met:
        return tr.gettext("“{item}” is at least {min}, as phase {phase} needs.").format(**values)
    short = check.shortfalls[0]
    if short.status == "below" and isinstance(short.value, Decimal | int):
        text = tr.gettext("“{item}” is {score}; phase {phase} needs at least {min}.")
        return text.format(score=number(short.value, lang), **values)
    texts = {
        "dont_know": tr.gettext(
            "“{item}” is answered “{dont_know}”; phase {phase} needs at least {min}."
        ),
        "unanswered": tr.gettext("“{item}” is not answered; phase {phase} needs at least {min}."),
        "not_relevant": tr.gettext(
            "“{item}” does not apply here; phase {phase} needs at least {min}."
        ),
    }
    return texts[short.status].format(**values)


def condition_text(check: ConditionCheck, form: FormDefinition, language: str) -> str:
    """Why a phase condition holds or not, in one sentence (or two when listing)."""
    tr = translator(language)
    condition, phase = check.condition, check.phase
    if isinstance(condition, DomainAtLeast):
        values = {
            "domain": domain_name(condition.domain, form, language),
            "phase": phase,
            "min": number(condition.min, language),
        }
        if check.actual is None:
            return tr.gettext(
                "{domain} has insufficient data; phase {phase} needs at least {min}."
            ).format(**values)
        assert isinstance(check.actual, Decimal | int)
        score = score_text(Decimal(check.actual), language)
        return tr.gettext("{domain} is {score}; phase {phase} needs at least {min}.").format(
            score=score, **values
        )
    if isinstance(condition, DomainsCountAtLeast):
        count = int(check.actual or 0)
        text = tr.ngettext(
            "{count} domain is at least {min}; phase {phase} needs {needed}.",
            "{count} domains are at least {min}; phase {phase} needs {needed}.",
            count,
        ).format(
            count=count, min=number(condition.min, language), phase=phase, needed=condition.count
        )
        return _with_below(text, check, form, tr, language)
    if isinstance(condition, ItemsCountAtLeast):
        minimum = number(condition.min, language)
        if len(condition.items) == 1:
            return _single_item(check, condition.items[0], minimum, form, language)
        count = int(check.actual or 0)
        text = tr.ngettext(
            "{count} of these {total} items is at least {min}; phase {phase} needs {needed}.",
            "{count} of these {total} items are at least {min}; phase {phase} needs {needed}.",
            count,
        ).format(
            count=count,
            total=len(condition.items),
            min=minimum,
            phase=phase,
            needed=condition.count,
        )
        return _with_below(text, check, form, tr, language)
    if isinstance(condition, EveryDomainAtLeast):
        values = {"phase": phase, "min": number(condition.min, language)}
        if check.met:
            return tr.gettext("Every domain is at least {min}, as phase {phase} needs.").format(
                **values
            )
        return tr.gettext(
            "Phase {phase} needs every domain at least {min}; not yet: {list}."
        ).format(list=_shortfalls(check, form, tr, language), **values)
    return _item_equals(check, condition, form, language)


def _with_below(
    text: str, check: ConditionCheck, form: FormDefinition, tr: NullTranslations, lang: str
) -> str:
    if check.met or not check.shortfalls:
        return text
    below = tr.gettext("Not yet: {list}.").format(list=_shortfalls(check, form, tr, lang))
    return f"{text} {below}"


def _item_equals(
    check: ConditionCheck, condition: ItemEquals, form: FormDefinition, lang: str
) -> str:
    tr = translator(lang)
    values = {
        "item": item_label(condition.item, form, lang),
        "phase": check.phase,
        "wanted": choice_label(condition.item, condition.value, form, lang),
    }
    if check.met:
        return tr.gettext("“{item}” is “{wanted}”, as phase {phase} needs.").format(**values)
    status = check.shortfalls[0].status if check.shortfalls else "unanswered"
    if status == "not_relevant":
        return tr.gettext("“{item}” does not apply here; phase {phase} needs “{wanted}”.").format(
            **values
        )
    if check.actual is None:
        return tr.gettext("“{item}” is not answered; phase {phase} needs “{wanted}”.").format(
            **values
        )
    given = choice_label(condition.item, str(check.actual), form, lang)
    return tr.gettext("“{item}” is “{given}”; phase {phase} needs “{wanted}”.").format(
        given=given, **values
    )


__all__ = ["condition_text"]
