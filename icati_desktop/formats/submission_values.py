"""One answer value from elsewhere (a JSON value or a spreadsheet cell) read for one form
item, by the item's type.

Spreadsheet cells arrive as text (the XLSX reader turns numbers into their shortest
text first), JSON values as parsed with ``parse_float=Decimal`` — so a decimal is never
a float on the way in. What each type takes:

* score: ``0``–``4``, or ``dk`` or ``dont_know`` (any case) for "don't know". ODK and
  KoboToolbox do not know ICATI's ``score`` type, so a form deployed there asks a score
  as ``select_one icati_scale`` (whose "don't know" row the XLSForm import names
  ``dont_know``, and those tools export the choice *name*) or as an integer. Numeric
  codes such as ``-1``, ``98`` or ``99`` are refused, not guessed: they mean different
  things in different questionnaires — write ``dk`` in such a column before importing.
* select_one: a choice name of the item's list; select_multiple: names separated by
  spaces (ODK, Kobo) or a JSON list.
* integer / decimal: a number (JSON number or numeric text); an integer item refuses
  ``2.5``.
* date: ``YYYY-MM-DD`` (a date-time's date part is taken as written, in its own zone).
* time: ``HH:MM`` or ``HH:MM:SS`` (ODK's ``10:30:00.000+03:00`` is read as the time
  written, its zone left out); datetime: ISO date and time (without a zone: UTC);
  geopoint: ``latitude longitude [altitude [accuracy]]``; acknowledge: ``OK``.
* text: any text. A note takes no answer; a value under a note is reported.
* A computed item (a ``calculation``) is not an answer: :func:`parse_value` is not asked
  for it; the reader keeps the file's text to compare with what the form computes.
* ``dk`` / ``dont_know`` is "don't know" for a score item when the form allows it, and
  a problem for any other item (unless it is one of a select item's choice names): the
  form engine refuses "don't know" elsewhere, so storing it would only block the submit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from icati_desktop.domain.assessments import (
    AnswerValue,
    ChoiceAnswer,
    ChoicesAnswer,
    DateAnswer,
    DontKnowAnswer,
    NumberAnswer,
    ScoreAnswer,
    TextAnswer,
)
from icati_desktop.domain.form_updates import answer_from_value
from icati_desktop.domain.forms import FormDefinition, FormItem, ItemType
from icati_desktop.i18n import N_, _

DONT_KNOW = frozenset({"dk", "dont_know"})
"""What "don't know" is written as (lower-cased): our JSON's ``dk``, the XLSForm
import's ``icati_scale`` choice name ``dont_know``."""


class BadValue(ValueError):
    """A value that does not fit its item; the message says what the item takes."""


def _text(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        raise BadValue(_("true/false is not an answer here"))
    if isinstance(value, (int, Decimal)):
        return str(value)
    raise BadValue(_("{value!r} is not a single value").format(value=value))


def _number(raw: object, item: FormItem) -> NumberAnswer:
    if isinstance(raw, bool) or not isinstance(raw, (int, Decimal, str)):
        raise BadValue(_("{item} takes a number, not {value!r}").format(item=item.name, value=raw))
    try:
        number = Decimal(raw.strip()) if isinstance(raw, str) else Decimal(raw)
    except InvalidOperation:
        raise BadValue(
            _("{item} takes a number, not {value!r}").format(item=item.name, value=raw)
        ) from None
    if not number.is_finite():
        raise BadValue(_("{item} takes a finite number").format(item=item.name))
    if item.type is ItemType.INTEGER and number != number.to_integral_value():
        raise BadValue(
            _("{item} takes a whole number, not {value}").format(item=item.name, value=raw)
        )
    return NumberAnswer(value=number)


def _score(raw: object, item: FormItem) -> ScoreAnswer:
    text = _text(raw)
    if text not in {"0", "1", "2", "3", "4"}:
        raise BadValue(
            _(
                '{item} takes a score 0, 1, 2, 3 or 4, or "dk" for don\'t know; not {value!r}'
            ).format(item=item.name, value=text)
        )
    return ScoreAnswer(value=int(text))


def _choices(raw: object, allowed: list[str], item: FormItem, *, many: bool) -> AnswerValue:
    if many and isinstance(raw, list):
        names = [_text(v) for v in raw]
    else:
        names = _text(raw).split() if many else [_text(raw)]
    unknown = [n for n in names if n not in allowed]
    if unknown:
        raise BadValue(
            _("{item}: {unknown} is not a choice; the choices are {allowed}").format(
                item=item.name, unknown=", ".join(unknown), allowed=", ".join(allowed)
            )
        )
    if len(set(names)) != len(names):
        raise BadValue(_("{item}: a choice is given twice").format(item=item.name))
    return ChoicesAnswer(value=names) if many else ChoiceAnswer(value=names[0])


def _date(raw: object, item: FormItem) -> DateAnswer:
    text = _text(raw)
    try:
        return DateAnswer(value=date.fromisoformat(text[:10]))
    except ValueError:
        raise BadValue(
            _("{item} takes a date as YYYY-MM-DD, not {value!r}").format(item=item.name, value=text)
        ) from None


_WRITTEN_AS = {
    ItemType.TIME: N_("{item} takes a time as HH:MM, not {value!r}"),
    ItemType.DATETIME: N_("{item} takes a date and time as YYYY-MM-DDTHH:MM, not {value!r}"),
    ItemType.GEOPOINT: N_(
        "{item} takes a place as 'latitude longitude' in degrees (-90 to 90, -180 to 180), "
        "not {value!r}"
    ),
    ItemType.ACKNOWLEDGE: N_("{item} takes OK (confirmed) or nothing, not {value!r}"),
}


def _as_written(form: FormDefinition, item: FormItem, raw: object) -> AnswerValue:
    text = _text(raw)
    value = answer_from_value(form, item, text)
    if value is None:
        raise BadValue(_(_WRITTEN_AS[item.type]).format(item=item.name, value=text[:80]))
    return value


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []


def parse_value(form: FormDefinition, item: FormItem, raw: object) -> AnswerValue | None:
    """The tagged answer for ``item``; ``None`` for a blank; :class:`BadValue` otherwise."""
    if is_blank(raw):
        return None
    if item.type is ItemType.NOTE:
        raise BadValue(_("{item} is a note and takes no answer").format(item=item.name))
    if isinstance(raw, str) and raw.strip().lower() in DONT_KNOW:
        if not form.scale.dont_know_allowed:
            raise BadValue(
                _('this form does not allow "don\'t know" ({item})').format(item=item.name)
            )
        if item.type is ItemType.SCORE:
            return DontKnowAnswer()
        if raw.strip() not in form.choice_names(item):  # a choice may be named "dk"
            raise BadValue(
                _(
                    '{item}: "don\'t know" is only for score questions; answer it or leave it empty'
                ).format(item=item.name)
            )
    if item.type is ItemType.SCORE:
        return _score(raw, item)
    if item.type in (ItemType.INTEGER, ItemType.DECIMAL):
        return _number(raw, item)
    if item.type in (ItemType.SELECT_ONE, ItemType.SELECT_MULTIPLE):
        many = item.type is ItemType.SELECT_MULTIPLE
        return _choices(raw, form.choice_names(item), item, many=many)
    if item.type is ItemType.DATE:
        return _date(raw, item)
    if item.type in _WRITTEN_AS:
        return _as_written(form, item, raw)
    if item.computed or item.type is ItemType.CALCULATE:
        raise BadValue(_("{item} is computed by the form, not answered").format(item=item.name))
    if not isinstance(raw, str):
        raise BadValue(_("{item} takes text, not {value!r}").format(item=item.name, value=raw))
    return TextAnswer(value=raw.strip())
