"""File > Import a spreadsheet…: choose, map the columns, check every row, import.

Reading the file, checking and importing run on the database worker; nothing is stored
until every row is good, and then in one transaction (``store/imports``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from icati_desktop.formats.spreadsheet import Table
from icati_desktop.gui.imports.choose import ChooseStep
from icati_desktop.gui.imports.mapping import MappingStep
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _, format_number, ngettext
from icati_desktop.store.country_choices import country_choices
from icati_desktop.store.imports import jobs
from icati_desktop.store.imports.kinds import KINDS
from icati_desktop.store.imports.model import ImportResult

CHOOSE, MAP, CHECK = range(3)
MAX_SHOWN = 5_000
"""Problems listed in the table (a file of bad rows could have hundreds of thousands)."""
T = TypeVar("T")


def counts(result: ImportResult) -> str:
    return _("{added} to add, {changed} to change, {skipped} unchanged").format(
        added=format_number(result.added),
        changed=format_number(result.changed),
        skipped=format_number(result.skipped),
    )


def done_counts(result: ImportResult) -> str:
    return _("{added} added, {changed} changed, {skipped} unchanged").format(
        added=format_number(result.added),
        changed=format_number(result.changed),
        skipped=format_number(result.skipped),
    )


class SpreadsheetImportDialog(QDialog):
    imported = Signal(object)
    """The :class:`ImportResult` of an import that stored its rows."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spreadsheetImport")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(_("Import a spreadsheet"))
        self.resize(720, 520)
        self.services = services
        self.steps = QStackedWidget()
        self.choose = ChooseStep()
        self.map = MappingStep()
        self.summary = QLabel()
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.problems = QTableWidget(0, 3)
        self.problems.setObjectName("import_problems")
        self.problems.setHorizontalHeaderLabels([_("Row"), _("Column"), _("Problem")])
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.problems.horizontalHeader()
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.problems.verticalHeader().setVisible(False)
        check = QWidget()
        check_layout = QVBoxLayout(check)
        check_layout.addWidget(self.summary)
        check_layout.addWidget(self.problems, 1)
        for page in (self.choose, self.map, check):
            self.steps.addWidget(page)
        self.back_button = QPushButton(_("Back"))
        self.next_button = QPushButton(_("Next"))
        self.import_button = QPushButton(_("Import"))
        self.close_button = QPushButton(_("Close"))
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.import_button.clicked.connect(self.store_rows)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.import_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps, 1)
        layout.addLayout(buttons)
        failed = self._alive(self._failed)
        services.run(country_choices, self._alive(self.choose.show_countries), failed)
        services.run(jobs.event_choices, self._alive(self.choose.show_events), failed)
        self._show(CHOOSE)

    def _alive(self, callback: Callable[[T], None]) -> Callable[[T], None]:
        """``callback``, skipped when the dialog was closed (and deleted) meanwhile."""

        def deliver(value: T) -> None:
            if isValid(self):
                callback(value)

        return deliver

    def _show(self, step: int) -> None:
        self.steps.setCurrentIndex(step)
        self.back_button.setEnabled(step != CHOOSE)
        self.next_button.setText(
            {CHOOSE: _("Next"), MAP: _("Check the rows"), CHECK: _("Check again")}[step]
        )
        self.import_button.setVisible(step == CHECK)
        self.import_button.setEnabled(False)
        self.next_button.setEnabled(True)

    def back(self) -> None:
        self._show(max(self.steps.currentIndex() - 1, CHOOSE))

    def next(self) -> None:
        if self.steps.currentIndex() == CHOOSE:
            self.read_file()
        else:
            self.check_rows()

    def read_file(self) -> None:
        problem = self.choose.choices_problem()
        path = self.choose.file()
        if problem is not None or path is None:
            self.choose.message.setText(problem or "")
            return
        kind = self.choose.kind_key()
        self.choose.message.setText(_("Reading {name}…").format(name=path.name))
        self.next_button.setEnabled(False)
        self.services.run(
            lambda store: jobs.read_file(path, kind),
            self._alive(self._file_read),
            self._alive(self._failed),
        )

    def _file_read(self, table: Table) -> None:
        self.choose.message.setText("")
        self.map.show_columns(KINDS[self.choose.kind_key()].columns, table.headers)
        self._show(MAP)

    def _run(self, dry_run: bool) -> None:
        path = self.choose.file()
        assert path is not None
        kind, mapping = self.choose.kind_key(), self.map.mapping()
        country = self.choose.country.currentData()
        event = self.choose.event_box.currentData() if kind == "attendance" else None
        self.next_button.setEnabled(False)
        self.import_button.setEnabled(False)
        self.services.run(
            lambda store: jobs.import_file(
                store, kind, path, mapping, country=country, event_id=event, dry_run=dry_run
            ),
            self._alive(self._checked),
            self._alive(self._failed),
        )

    def check_rows(self) -> None:
        self.summary.setText(_("Checking every row…"))
        self._show(CHECK)
        self._run(dry_run=True)

    def store_rows(self) -> None:
        self.summary.setText(_("Importing…"))
        self._run(dry_run=False)

    def _checked(self, result: ImportResult) -> None:
        labels = {c.key: c.shown() for c in KINDS[result.kind].columns}
        shown = result.problems[:MAX_SHOWN]
        self.problems.setRowCount(len(shown))
        for n, problem in enumerate(shown):
            cells = [
                format_number(problem.row) if problem.row else "",
                labels.get(problem.column, problem.column),
                problem.message,
            ]
            for column, text in enumerate(cells):
                self.problems.setItem(n, column, QTableWidgetItem(text))
        self.problems.setVisible(bool(result.problems))
        self.problems.resizeRowsToContents()
        notes = "" if result.problems else "\n".join(result.notes)
        if result.problems:
            count = len(result.problems)
            text = ngettext(
                "{n} problem: nothing will be imported. Correct the file and check it again, "
                "or go back and choose other columns.",
                "{n} problems: nothing will be imported. Correct the file and check it again, "
                "or go back and choose other columns.",
                count,
            ).format(n=format_number(count))
            if count > len(shown):
                text += " " + _("The first {shown} are listed.").format(
                    shown=format_number(len(shown))
                )
        elif result.stored:
            text = _("Imported {rows} rows: {counts}.").format(
                rows=format_number(result.rows), counts=done_counts(result)
            )
            self.back_button.setEnabled(False)
            self.next_button.setEnabled(False)
            self.imported.emit(result)
        else:
            text = _("All {rows} rows are good: {counts}. Import them?").format(
                rows=format_number(result.rows), counts=counts(result)
            )
            self.import_button.setEnabled(True)
        self.summary.setText("\n".join(part for part in (text, notes) if part))
        if not result.stored:
            self.next_button.setEnabled(True)

    def _failed(self, exc: BaseException) -> None:
        message = " ".join(str(exc).split()) or type(exc).__name__
        if self.steps.currentIndex() == CHOOSE:
            self.choose.message.setText(message)
            self.next_button.setEnabled(True)
        else:
            self.next_button.setEnabled(True)
            self.summary.setText(_("Nothing was imported: {error}").format(error=message))
            self.problems.setVisible(False)
