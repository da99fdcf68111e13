"""Choices from a file beside the workbook: ``select_one_from_file sites.csv`` (or
``.xml``), read from the media folder the importer is given (``--media DIR``).

The file becomes a choice list of the form — the form travels to field devices without
its media, so the choices go with it. Each row (CSV) or ``item`` (XML, as ODK writes
secondary instances) is a choice: its value is the ``name`` column (or the column the
question's ``parameters`` name, ``value=id``), its label the ``label`` column (or
``label=…``, and ``label::fr``… per language); every other column is kept for choice
filters (``region = ${region}``).

The file comes from elsewhere and is read as a stream within limits stated in
``docs/forms.md``: at most :data:`MAX_MEDIA_BYTES`, :data:`MAX_FILE_CHOICES` choices and
:data:`MAX_MEDIA_COLUMNS` columns; the scan stops at the first limit passed. XML is read
with defusedxml (no DTDs or entities). Problems name the file, row (CSV: the header is
row 1; XML: the item's number) and column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from icati_desktop.formats.safe_zip import MB
from icati_desktop.formats.xlsform_choices import MAX_PROPERTY
from icati_desktop.formats.xlsform_problems import Problems
from icati_desktop.formats.xlsform_sheets import UNSET_LANGUAGE, texts
from icati_desktop.formats.xlsform_survey import SelectSource
from icati_desktop.formats.xlsform_types import CHOICE_NAME, NAME
from icati_desktop.i18n import _

MAX_MEDIA_BYTES = 10 * MB
MAX_FILE_CHOICES = 20_000
MAX_MEDIA_COLUMNS = 100
MAX_CELL = 2_000


class _Stop(Exception):
    """Reading stops: a limit was passed (the problem is recorded)."""


class MediaReader:
    def __init__(self, folder: Path | None, language: str, problems: Problems) -> None:
        self.folder, self.language, self.problems = folder, language, problems

    def read(self, source: SelectSource) -> dict[str, Any] | None:
        """The choice list the file of ``source`` gives, or ``None`` (problems recorded)."""
        path = self._path(source)
        if path is None:
            return None
        parameters = dict(source.parameters)
        value_column = parameters.get("value", "name")
        label_column = parameters.get("label", "label")
        rows = self._xml_rows(path) if path.suffix.lower() == ".xml" else self._csv_rows(path)
        name = source.argument
        choices: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        try:
            for number, row in rows:
                choice = self._choice(name, number, row, value_column, label_column, seen)
                if choice is not None:
                    choices.append(choice)
        except _Stop:
            return None
        if not choices and not self.problems.has_sheet(name):
            self.problems.add(name, None, None, _("the file holds no choices"))
        if self.problems.has_sheet(name):
            return None
        return {"name": source.list_name, "choices": choices, "source": name}

    def _path(self, source: SelectSource) -> Path | None:
        if self.folder is None:
            self.problems.add(
                "survey",
                source.row,
                "type",
                _(
                    "the choices are in the file {file}: give the folder holding it "
                    "(icati forms import FORM.xlsx --media FOLDER)"
                ).format(file=source.argument),
            )
            return None
        path = self.folder / source.argument
        if not path.is_file():
            self.problems.add(
                "survey",
                source.row,
                "type",
                _("the file {file} is not in {folder}; put it there or give its folder").format(
                    file=source.argument, folder=self.folder
                ),
            )
            return None
        size = path.stat().st_size
        if size > MAX_MEDIA_BYTES:
            self.problems.add(
                source.argument,
                None,
                None,
                _("the file is {size} MB, more than the {limit} MB a choices file may take").format(
                    size=size // MB, limit=MAX_MEDIA_BYTES // MB
                ),
            )
            return None
        return path

    def _too_many(self, name: str, number: int) -> _Stop:
        self.problems.add(
            name,
            number,
            None,
            _("the file has more than {limit} choices; a form's list may hold at most that").format(
                limit=f"{MAX_FILE_CHOICES:,}"
            ),
        )
        return _Stop()

    def _too_wide(self, name: str, count: int) -> _Stop:
        self.problems.add(
            name,
            1,
            None,
            _("the file has {count} columns, more than {limit}").format(
                count=count, limit=MAX_MEDIA_COLUMNS
            ),
        )
        return _Stop()

    def _csv_rows(self, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
        name = path.name
        with path.open("rb") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            try:
                reader = csv.reader(text)
                header = [h.strip() for h in next(reader, [])]
                if len(header) > MAX_MEDIA_COLUMNS:
                    raise self._too_wide(name, len(header))
                for count, cells in enumerate(reader, start=1):
                    if count > MAX_FILE_CHOICES:
                        raise self._too_many(name, count + 1)
                    if any(cell.strip() for cell in cells):
                        yield count + 1, dict(zip(header, cells, strict=False))
            except (UnicodeDecodeError, csv.Error) as error:
                self.problems.add(
                    name,
                    None,
                    None,
                    _("the file is not CSV text in UTF-8 ({error}); save it as CSV UTF-8").format(
                        error=error
                    ),
                )
                raise _Stop() from None

    def _xml_rows(self, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
        """The ``item`` elements of ODK's secondary-instance XML, each as column → text."""
        name = path.name
        depth = 0
        count = 0
        root: Any = None
        with path.open("rb") as raw:
            try:
                for event, element in iterparse(raw, events=("start", "end"), forbid_dtd=True):
                    if event == "start":
                        depth += 1
                        if depth == 1:
                            root = element
                        continue
                    depth -= 1
                    if depth != 1:
                        continue
                    count += 1
                    if count > MAX_FILE_CHOICES:
                        raise self._too_many(name, count)
                    row = {child.tag: (child.text or "") for child in element}
                    if len(row) > MAX_MEDIA_COLUMNS:
                        raise self._too_wide(name, len(row))
                    yield count, row
                    root.remove(element)
            except (ParseError, DefusedXmlException) as error:
                self.problems.add(
                    name,
                    None,
                    None,
                    _("the file is not readable XML ({error})").format(error=error),
                )
                raise _Stop() from None

    def _choice(
        self,
        name: str,
        number: int,
        row: dict[str, str],
        value_column: str,
        label_column: str,
        seen: dict[str, int],
    ) -> dict[str, Any] | None:
        if value_column not in row:
            self.problems.add(
                name,
                number,
                value_column,
                _("the file has no column {c!r} for the choices' names").format(c=value_column),
            )
            raise _Stop()
        value = row[value_column].strip()
        if not CHOICE_NAME.match(value) or len(value) > 64:
            self.problems.add(
                name,
                number,
                value_column,
                _(
                    "choice name {v!r} must be letters, digits, _ . or - (64 at most); add a "
                    "column of such names and name it with parameters value=COLUMN"
                ).format(v=value[:80]),
            )
            return None
        if value in seen:
            self.problems.add(
                name,
                number,
                value_column,
                _("{v!r} is already a choice on row {r}").format(v=value, r=seen[value]),
            )
            return None
        seen[value] = number
        labels: dict[str, str] = {}
        properties: dict[str, str] = {}
        for column, cell in row.items():
            base, _sep, language = (column or "").partition("::")
            text = (cell or "").strip()[:MAX_CELL]
            if base == label_column:
                where = (name, number, column)
                cell_text = {language or UNSET_LANGUAGE: text}
                labels.update(texts(cell_text, self.language, self.problems, where))
            elif column != "name" and text and NAME.match(column or ""):
                properties[column[:64]] = text[:MAX_PROPERTY]  # the value column too
        if self.language not in labels:
            self.problems.add(
                name,
                number,
                label_column,
                _("the choice has no label in the default language {l!r}").format(l=self.language),
            )
            return None
        return {"name": value, "label": labels, "properties": properties}


__all__ = ["MAX_FILE_CHOICES", "MAX_MEDIA_BYTES", "MAX_MEDIA_COLUMNS", "MediaReader"]
