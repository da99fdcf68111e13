"""File > Import form… (central office): an XLSForm workbook becomes a stored form.

The workbook is read and the form saved on the database worker, never on the GUI
thread. The result is a message with the form's title, version and counts, or a dialog
listing every problem (sheet, row, column, message) in a table the author can copy
back to the spreadsheet; a rejected workbook stores nothing.

A form whose questions take their choices from CSV or XML files
(``select_one_from_file``) needs those files: they are looked for beside the workbook,
and when they are not all there, the person is asked for the folder holding them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.forms import FormDefinition
from icati_desktop.formats.xlsform_problems import XlsFormProblem, XlsFormRejected
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _, ngettext
from icati_desktop.store.forms import save_form, summarise
from icati_desktop.store.store import Store


@dataclass(frozen=True)
class ImportResult:
    form: FormDefinition
    record_id: str
    notes: list[XlsFormProblem]


@dataclass(frozen=True)
class NeedsMedia:
    """The form names files of choices that are not beside the workbook."""

    files: list[str]


Outcome = ImportResult | XlsFormRejected | NeedsMedia


def import_job(path: Path, media: Path | None = None) -> Callable[[Store], Outcome]:
    """The work of an import, for the database worker: read the workbook, save the form.

    ``media``: the folder of the form's choice files; without it, the workbook's own
    folder when it holds them all, else the outcome asks for it (:class:`NeedsMedia`).
    A rejected workbook is an outcome to show, not a failure: it comes back as the
    rejection (so the worker does not log it as an error); other errors are raised."""

    def run(store: Store) -> Outcome:
        # pyxform and openpyxl cost ~0.4 s to import: only when a form is imported, not at start.
        from icati_desktop.formats.xlsform import media_files, read_xlsform_with_notes

        folder = media
        if folder is None:
            files = media_files(path)
            if not all((path.parent / name).is_file() for name in files):
                return NeedsMedia(files)
            folder = path.parent if files else None
        try:
            form, notes = read_xlsform_with_notes(path, folder)
        except XlsFormRejected as rejected:
            return rejected
        return ImportResult(form, save_form(store, form), notes)

    return run


class ProblemsDialog(QDialog):
    """Every problem of a rejected workbook, one row each; Copy puts them on the clipboard."""

    HEADERS = ("sheet", "row", "column", "problem")

    def __init__(self, file_name: str, problems: list[XlsFormProblem], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("formImportProblems")
        self.setWindowTitle(_("Form not imported"))
        self.problems = problems
        layout = QVBoxLayout(self)
        intro = ngettext(
            "{file} was not imported: {n} problem to fix in the workbook. Nothing was stored.",
            "{file} was not imported: {n} problems to fix in the workbook. Nothing was stored.",
            len(problems),
        ).format(file=file_name, n=len(problems))
        label = QLabel(intro)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.table = QTableWidget(len(problems), 4, self)
        self.table.setHorizontalHeaderLabels([_("Sheet"), _("Row"), _("Column"), _("Problem")])
        for row, problem in enumerate(problems):
            values = (
                problem.sheet,
                "" if problem.row is None else str(problem.row),
                problem.column or "",
                problem.message,
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(_("Copy all"), self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Copy, self.table, self.copy)
        self.resize(820, 420)

    def as_text(self) -> str:
        """Tab-separated, with a header line: pastes into a spreadsheet as a table."""
        lines = ["\t".join(self.HEADERS)]
        lines += [
            "\t".join((p.sheet, "" if p.row is None else str(p.row), p.column or "", p.message))
            for p in self.problems
        ]
        return "\n".join(lines)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.as_text())


def _success_text(result: ImportResult) -> str:
    form = result.form
    text = _("Imported “{title}”, version {version} ({form_id}): {counts}.").format(
        title=form.title[form.default_language],
        version=form.version,
        form_id=form.form_id,
        counts=summarise(form).counts(),
    )
    if result.notes:
        ignored = "\n".join(f"• {note}" for note in result.notes)
        text += "\n\n" + _("Ignored on purpose:") + "\n" + ignored
    return text


def import_form(parent: QWidget, services: AppServices) -> None:
    """Ask for an XLSForm workbook, import it on the database worker, show the outcome."""
    file_name, _filter = QFileDialog.getOpenFileName(
        parent, _("Import form"), "", _("XLSForm workbooks (*.xlsx *.xls)")
    )
    if not file_name:
        return
    path = Path(file_name)

    def done(result: Outcome) -> None:
        if isinstance(result, NeedsMedia):
            folder = QFileDialog.getExistingDirectory(
                parent,
                _("Folder holding {files}").format(files=", ".join(result.files)),
                str(path.parent),
            )
            if folder:
                services.run(import_job(path, Path(folder)), done, failed)
            return
        if isinstance(result, XlsFormRejected):
            ProblemsDialog(path.name, result.problems, parent).open()
            return
        box = QMessageBox(
            QMessageBox.Icon.Information,
            _("Form imported"),
            _success_text(result),
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.setObjectName("formImportResult")
        box.open()

    def failed(error: BaseException) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Form not imported"),
            _("{file} was not imported: {error}").format(file=path.name, error=error),
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.setObjectName("formImportError")
        box.open()

    services.run(import_job(path), done, failed)
