"""What an import of several bundles did: a line per file, the totals, the conflicts."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.sync.reject_messages import rejection_reason
from icati_desktop.i18n import _, format_list, format_number, ngettext
from icati_desktop.sync.batch_import import BatchImportResult, BundleOutcome
from icati_desktop.sync.errors import RejectCode


def outcome_text(outcome: BundleOutcome) -> str:
    """One file's result in words: what it brought, or why it was refused."""
    result = outcome.result
    if result is None:
        return rejection_reason(outcome.code or RejectCode.NOT_A_BUNDLE, outcome.message or "")
    if result.already_imported:
        return _("Imported before; nothing to do.")
    text = ngettext("{n} change imported.", "{n} changes imported.", result.versions_added).format(
        n=format_number(result.versions_added)
    )
    conflicts = result.conflicts_opened
    if conflicts:
        text += " " + ngettext("{n} conflict opened.", "{n} conflicts opened.", conflicts).format(
            n=format_number(conflicts)
        )
    return text


def headline(run: BatchImportResult) -> str:
    parts = [
        ngettext("{n} bundle imported", "{n} bundles imported", len(run.imported)).format(
            n=format_number(len(run.imported))
        )
    ]
    if run.already_imported:
        parts.append(
            ngettext("{n} imported before", "{n} imported before", run.already_imported).format(
                n=format_number(run.already_imported)
            )
        )
    if run.refused:
        parts.append(
            ngettext(
                "{n} refused, which changed nothing",
                "{n} refused, which changed nothing",
                len(run.refused),
            ).format(n=format_number(len(run.refused)))
        )
    text = _("{parts}.").format(parts=format_list(parts))
    if run.stopped is RejectCode.CANCELLED:
        text += " " + ngettext(
            "You cancelled: the bundle in progress was undone and {n} file was not started.",
            "You cancelled: the bundle in progress was undone and {n} files were not started.",
            len(run.not_started),
        ).format(n=format_number(len(run.not_started)))
    elif run.stopped is not None:
        text += " " + ngettext(
            "The import stopped and {n} file was not started: {reason}",
            "The import stopped and {n} files were not started: {reason}",
            len(run.not_started),
        ).format(n=format_number(len(run.not_started)), reason=rejection_reason(run.stopped, ""))
    return text


def _tip(outcome: BundleOutcome) -> str:
    """A refusal's reason with the code support may ask for."""
    if outcome.code is None:
        return ""
    return _("{reason} (Code for support: {code})").format(
        reason=outcome_text(outcome), code=outcome.code.value
    )


class BatchImportDialog(QDialog):
    """The result of importing several bundles; offers the conflicts they opened."""

    open_conflicts = Signal()

    def __init__(self, run: BatchImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchImportResult")
        self.setWindowTitle(_("Bundles imported"))
        self.setMinimumWidth(640)
        self.headline = QLabel(headline(run))
        self.headline.setWordWrap(True)
        rows = [(o.file.name, self._source(o), outcome_text(o), _tip(o)) for o in run.bundles]
        rows += [(p.name, "", _("Not started."), "") for p in run.not_started]
        self.table = QTableWidget(len(rows), 3)
        self.table.setAccessibleName(_("What each bundle did"))
        self.table.setHorizontalHeaderLabels([_("File"), _("Sent by"), _("Result")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for row, (name, source, text, tip) in enumerate(rows):
            for column, value in enumerate((name, source, text)):
                item = QTableWidgetItem(value)
                item.setToolTip(tip if column == 2 and tip else value)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        first = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.conflicts = sum(r.conflicts_opened for r in run.imported)
        self.conflicts_button: QPushButton | None = None
        if self.conflicts:
            self.conflicts_button = buttons.addButton(
                _("Open the conflicts"), QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.conflicts_button.setDefault(True)
            self.conflicts_button.clicked.connect(self._show_conflicts)
            first = self.conflicts_button
        self._first_focus = first
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, min(560, 160 + 34 * len(rows)))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._first_focus.setFocus()  # the table is for reading: the keys start on the buttons

    @staticmethod
    def _source(outcome: BundleOutcome) -> str:
        return outcome.result.source.name if outcome.result is not None else ""

    def _show_conflicts(self) -> None:
        self.accept()
        self.open_conflicts.emit()
