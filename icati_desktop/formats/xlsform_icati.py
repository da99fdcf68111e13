"""ICATI's own sheets of an XLSForm workbook: what a self-assessment form needs beyond
XLSForm, so that an exported form imports back to the same definition.

XLSForm has no place for translated form titles, descriptions of the scale's anchors
and of domains, the scoring thresholds, the phase rules, the advice rules and the
crosswalk from earlier versions. They travel in five optional sheets that ODK,
KoboToolbox and pyxform ignore (a sheet they do not know is skipped), and that
:func:`read_icati_sheets` reads when the workbook is imported (the export writes them with
:mod:`icati_desktop.formats.xlsform_icati_write`):

* ``icati_settings`` — one row, like ``settings``: ``title::<language>``,
  ``description::<language>``, ``languages`` (codes in order, ``en fr ar``), the
  scoring thresholds ``min_answered_share`` and ``max_dont_know_share``, and the advice
  policy ``max_gaps``, ``target_score``, ``mapping_dont_know_share``,
  ``reassess_after_months`` and ``mapping_action::<language>``;
* ``icati_descriptions`` — ``of`` (``domain`` or ``scale``), ``name`` (``D3``, or an
  anchor ``0``…``4``) and ``description::<language>``;
* ``icati_phases`` — one row per condition: ``phase`` (2–4), ``condition``
  (``domain_at_least``, ``domains_count_at_least``, ``items_count_at_least``,
  ``every_domain_at_least``, ``item_equals``), ``domain``, ``items`` (names separated by
  spaces; the one item of ``item_equals``), ``count``, ``min`` and ``value``;
* ``icati_advice`` — one row per domain: ``domain``, ``library_tags`` (separated by
  spaces), ``action::<language>`` and ``support_offer::<language>``;
* ``icati_crosswalk`` — ``from_version``, ``from_item``, ``to_item``.

Headers are read in any case, languages as the survey's (``English (en)``, ``fr``); a
text column without a language is in the form's default language.
Each row is checked with the model it fills, so a problem names its sheet, row and
column; formula cells are refused, and each sheet is read to at most
:data:`MAX_ROWS` rows and :data:`MAX_COLUMNS` columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from icati_desktop.domain.form_rules import AdvicePolicy, AdviceRule, PhaseCondition, ScoringPolicy
from icati_desktop.domain.forms import CrosswalkEntry
from icati_desktop.formats.xlsform_problems import Problems
from icati_desktop.formats.xlsform_sheets import language_code
from icati_desktop.i18n import _

SETTINGS, DESCRIPTIONS, PHASES, ADVICE, CROSSWALK = (
    "icati_settings",
    "icati_descriptions",
    "icati_phases",
    "icati_advice",
    "icati_crosswalk",
)
SHEETS = (SETTINGS, DESCRIPTIONS, PHASES, ADVICE, CROSSWALK)
MAX_ROWS = 2000
MAX_COLUMNS = 100
SCORING_FIELDS = ("min_answered_share", "max_dont_know_share")
POLICY_FIELDS = ("max_gaps", "target_score", "mapping_dont_know_share", "reassess_after_months")
CONDITION_FIELDS = ("domain", "items", "count", "min", "value")
TEXT_COLUMNS = frozenset({"title", "description", "mapping_action", "action", "support_offer"})

_CONDITION: TypeAdapter[PhaseCondition] = TypeAdapter(PhaseCondition)


@dataclass
class IcatiSheets:
    """What the ICATI sheets of a workbook add to the form an XLSForm defines."""

    settings: dict[str, Any] = field(default_factory=dict)
    """``title``, ``description``, ``languages``, ``scoring``, ``advice`` when given."""
    domain_descriptions: dict[str, dict[str, str]] = field(default_factory=dict)
    scale_descriptions: dict[int, dict[str, str]] = field(default_factory=dict)
    phase_rules: list[dict[str, Any]] = field(default_factory=list)
    advice_rules: list[dict[str, Any]] = field(default_factory=list)
    crosswalk: list[dict[str, Any]] = field(default_factory=list)
    description_rows: dict[str, int] = field(default_factory=dict)
    """Domain code → the ``icati_descriptions`` row describing it."""

    def check_domains(self, codes: list[str], problems: Problems) -> None:
        """A description of a domain the form does not have is a problem of its row."""
        for code, row in self.description_rows.items():
            if code not in codes:
                problems.add(
                    DESCRIPTIONS,
                    row,
                    "name",
                    _("the form has no domain {code}; its domains are {codes}").format(
                        code=code, codes=", ".join(codes) or "-"
                    ),
                )

    def apply(self, data: dict[str, Any]) -> dict[str, Any]:
        """The importer's form data with these sheets' contents added."""
        data = dict(data)
        settings = dict(self.settings)
        # The settings sheet's form_title names the form in its default language.
        data["title"] = {**settings.pop("title", {}), **data["title"]}
        languages = settings.pop("languages", None)
        if languages:
            data["languages"] = [*languages, *(c for c in data["languages"] if c not in languages)]
        data.update(settings)
        data["domains"] = [
            {**d, "description": self.domain_descriptions[d["code"]]}
            if d["code"] in self.domain_descriptions
            else d
            for d in data["domains"]
        ]
        if self.scale_descriptions and data.get("scale") is not None:
            scale = data["scale"].model_dump(mode="json")
            for anchor in scale["anchors"]:
                anchor["description"] = self.scale_descriptions.get(anchor["value"], {})
            data["scale"] = scale
        for key in ("phase_rules", "advice_rules", "crosswalk"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data


@dataclass
class _Row:
    sheet: str
    number: int
    values: dict[str, object]
    texts: dict[str, dict[str, str]]


def _header(sheet: str, cells: tuple[Any, ...], problems: Problems) -> list[tuple[str, str | None]]:
    """(column name, language code or None) of each header cell."""
    columns: list[tuple[str, str | None]] = []
    for cell in cells:
        text = str(cell.value or "").strip()
        base, _sep, language = text.partition("::")
        code = None
        if language:
            code = language_code(language)
            if code is None:
                problems.add(
                    sheet,
                    1,
                    text,
                    _(
                        "{language!r} is not a language we recognise; name it by its ISO 639-1 "
                        "code, e.g. action::fr or action::French (fr)"
                    ).format(language=language),
                )
        columns.append((base.strip().lower(), code))
    return columns


def _rows(book: Any, sheet: str, language: str, problems: Problems) -> Iterator[_Row]:
    rows = book[sheet].iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1)
    cells = tuple(next(rows, ()))
    if any(cell.value is not None for cell in cells[MAX_COLUMNS:]):
        problems.add(sheet, 1, None, _("more than {n} columns").format(n=MAX_COLUMNS))
        return
    header = _header(sheet, cells[:MAX_COLUMNS], problems)
    for number, cells in enumerate(rows, start=2):
        if number > MAX_ROWS:
            problems.add(sheet, number, None, _("more than {n} rows").format(n=MAX_ROWS))
            return
        row = _Row(sheet, number, {}, {})
        for (name, code), cell in zip(header, cells, strict=False):
            value = cell.value
            if value is None or (isinstance(value, str) and not value.strip()) or not name:
                continue
            if cell.data_type == "f":
                problems.add(
                    sheet, number, name, _("a formula is not a value; type the value itself")
                )
                continue
            if code is None and name not in TEXT_COLUMNS:
                row.values[name] = value.strip() if isinstance(value, str) else value
            elif code is None:  # a text without a language is in the default language
                row.texts.setdefault(name, {}).setdefault(language, str(value).strip())
            else:
                row.texts.setdefault(name, {})[code] = str(value).strip()
        if row.values or row.texts:
            yield row


def _number(row: _Row, name: str, problems: Problems) -> Decimal | None:
    value = row.values.get(name)
    if value is None:
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        problems.add(row.sheet, row.number, name, _("{v!r} is not a number").format(v=value))
        return None
    return number


def _checked(row: _Row, model: Any, data: dict[str, Any], problems: Problems) -> Any:
    """``data`` validated by ``model`` (a pydantic model or adapter); problems on the row."""
    try:
        if isinstance(model, TypeAdapter):
            return model.validate_python(data)
        assert issubclass(model, BaseModel)
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            named = [str(p) for p in detail["loc"] if str(p) in row.values or str(p) in row.texts]
            shown = named[-1] if named else None
            problems.add(row.sheet, row.number, shown, detail["msg"])
        return None


def _settings(row: _Row, result: IcatiSheets, problems: Problems) -> None:
    for key in ("title", "description"):
        if key in row.texts:
            result.settings[key] = row.texts[key]
    if "languages" in row.values:
        codes = str(row.values["languages"]).split()
        unknown = [c for c in codes if language_code(c) != c]
        if unknown:
            problems.add(
                row.sheet,
                row.number,
                "languages",
                _("{v} are not language codes; write codes such as en fr ar").format(
                    v=", ".join(unknown)
                ),
            )
        else:
            result.settings["languages"] = codes
    scoring = {n: v for n in SCORING_FIELDS if (v := _number(row, n, problems)) is not None}
    if scoring:
        result.settings["scoring"] = _checked(row, ScoringPolicy, scoring, problems)
    policy: dict[str, Any] = {
        n: v for n in POLICY_FIELDS if (v := _number(row, n, problems)) is not None
    }
    if "mapping_action" in row.texts:
        policy["mapping_action"] = row.texts["mapping_action"]
    if policy:
        result.settings["advice"] = _checked(row, AdvicePolicy, policy, problems)


def _description(row: _Row, result: IcatiSheets, problems: Problems) -> None:
    of, name = str(row.values.get("of", "")).lower(), str(row.values.get("name", ""))
    text = row.texts.get("description", {})
    if of == "domain":
        result.domain_descriptions[name.upper()] = text
        result.description_rows[name.upper()] = row.number
    elif of == "scale" and name in ("0", "1", "2", "3", "4"):
        result.scale_descriptions[int(name)] = text
    else:
        problems.add(
            row.sheet,
            row.number,
            "of",
            _("describe a domain (of: domain, name: D1) or a scale anchor (of: scale, name: 0-4)"),
        )


def _condition(row: _Row, result: IcatiSheets, problems: Problems) -> None:
    already = len(problems.problems)
    phase = _number(row, "phase", problems)
    kind = str(row.values.get("condition", ""))
    data: dict[str, Any] = {"kind": kind}
    for name in ("domain", "value"):
        if name in row.values:
            data[name] = str(row.values[name])
    for name in ("count", "min"):
        if (number := _number(row, name, problems)) is not None:
            data[name] = int(number) if name == "count" and number == int(number) else number
    items = str(row.values.get("items", "")).split()
    if kind == "item_equals":
        data["item"] = items[0] if len(items) == 1 else " ".join(items)
    elif items:
        data["items"] = items
    if phase is None or phase not in (2, 3, 4):
        problems.add(row.sheet, row.number, "phase", _("phase must be 2, 3 or 4"))
    if len(problems.problems) > already:
        return  # each value's own problem says enough
    condition = _checked(row, _CONDITION, data, problems)
    if condition is None or phase is None:
        return
    rules = result.phase_rules
    rule = next((r for r in rules if r["phase"] == int(phase)), None)
    if rule is None:
        rules.append({"phase": int(phase), "conditions": [condition]})
    else:
        rule["conditions"].append(condition)


def _advice(row: _Row, result: IcatiSheets, problems: Problems) -> None:
    data = {
        "domain": str(row.values.get("domain", "")),
        "library_tags": str(row.values.get("library_tags", "")).split(),
        "action": row.texts.get("action", {}),
        "support_offer": row.texts.get("support_offer", {}),
    }
    if (rule := _checked(row, AdviceRule, data, problems)) is not None:
        result.advice_rules.append(rule.model_dump(mode="json"))


def _crosswalk(row: _Row, result: IcatiSheets, problems: Problems) -> None:
    data = {
        "from_form_version": str(row.values.get("from_version", "")),
        "from_item": str(row.values.get("from_item", "")),
        "to_item": str(row.values.get("to_item", "")),
    }
    if (entry := _checked(row, CrosswalkEntry, data, problems)) is not None:
        result.crosswalk.append(entry.model_dump(mode="json"))


_READERS: dict[str, Callable[[_Row, IcatiSheets, Problems], None]] = {
    SETTINGS: _settings,
    DESCRIPTIONS: _description,
    PHASES: _condition,
    ADVICE: _advice,
    CROSSWALK: _crosswalk,
}


def read_icati_sheets(
    path: Path, sheet_names: list[str], language: str, problems: Problems
) -> IcatiSheets:
    """The ICATI sheets of the workbook (none: an empty result). ``sheet_names``: the
    workbook's sheets as pyxform listed them; ``language``: the form's default language,
    that of a text column without one (``action``)."""
    result = IcatiSheets()
    wanted = {name: name.lower() for name in sheet_names if name.lower() in SHEETS}
    if not wanted:
        return result
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        problems.add(
            next(iter(wanted)), None, None, _("ICATI sheets are read from .xlsx workbooks only")
        )
        return result
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=False)
    try:
        for name, sheet in sorted(wanted.items(), key=lambda entry: SHEETS.index(entry[1])):
            for row in _rows(book, name, language, problems):
                _READERS[sheet](row, result, problems)
                if sheet == SETTINGS:
                    break  # one row, as in the settings sheet
    finally:
        book.close()
    return result


__all__ = [
    "ADVICE",
    "CONDITION_FIELDS",
    "CROSSWALK",
    "DESCRIPTIONS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "PHASES",
    "POLICY_FIELDS",
    "SCORING_FIELDS",
    "SETTINGS",
    "SHEETS",
    "IcatiSheets",
    "read_icati_sheets",
]
