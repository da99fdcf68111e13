"""The import preview: every change a bundle would make, before anything is applied."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.labels import record_type_label
from icati_desktop.i18n import _, format_datetime, format_number, ngettext
from icati_desktop.sync.importer import ImportResult

COLUMNS = ("added", "updated", "deleted", "conflicts_opened")


def column_titles() -> list[str]:
    return [_("Records"), _("Added"), _("Updated"), _("Deleted"), _("Conflicts")]


class ImportPreviewDialog(QDialog):
    """Shows a dry run's result; Apply accepts, Cancel rejects."""

    def __init__(self, preview: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import preview"))
        self.setMinimumWidth(560)
        source = preview.source
        header = QLabel(
            _("Bundle {number} from {name} ({role}), made {when}.").format(
                number=preview.sequence,
                name=source.name,
                role=_("central office") if source.role == "hq" else _("field device"),
                when=format_datetime(preview.created_at, "short"),
            )
        )
        header.setWordWrap(True)
        fingerprint = QLabel(_("Signed by fingerprint {fp}").format(fp=source.fingerprint))
        fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary = QLabel(
            ngettext(
                "{n} new change of {total} in the bundle.",
                "{n} new changes of {total} in the bundle.",
                preview.versions_added,
            ).format(
                n=format_number(preview.versions_added),
                total=format_number(preview.versions_in_bundle),
            )
        )
        self.table = QTableWidget(len(preview.changes), len(COLUMNS) + 1)
        self.table.setAccessibleName(_("Changes this import would make"))
        self.table.setHorizontalHeaderLabels(column_titles())
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (record_type, counts) in enumerate(sorted(preview.changes.items())):
            self.table.setItem(row, 0, QTableWidgetItem(record_type_label(record_type)))
            for column, key in enumerate(COLUMNS, start=1):
                cell = QTableWidgetItem(format_number(counts.get(key, 0)))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(fingerprint)
        layout.addWidget(summary)
        layout.addWidget(self.table)
        removed = sum(preview.records_removed.values())
        notes = list(preview.warnings)
        if removed:
            notes.append(
                ngettext(
                    "At HQ's request, this import removes {n} record of countries this device "
                    "no longer works on (HQ keeps it).",
                    "At HQ's request, this import removes {n} records of countries this device "
                    "no longer works on (HQ keeps them).",
                    removed,
                ).format(n=format_number(removed))
            )
        if preview.removal_waiting:
            notes.append(
                ngettext(
                    "{n} record HQ asked to remove stays until HQ has your changes to it.",
                    "{n} records HQ asked to remove stay until HQ has your changes to them.",
                    preview.removal_waiting,
                ).format(n=format_number(preview.removal_waiting))
            )
        self.notes: list[str] = notes
        for warning in notes:
            note = QLabel("⚠ " + warning)
            note.setWordWrap(True)
            layout.addWidget(note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel
        )
        apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        apply_button.setText(_("Apply"))
        apply_button.setDefault(True)
        apply_button.clicked.connect(self.accept)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
