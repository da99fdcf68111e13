"""Help > Report a problem: the crash dialog's report (versions, where the log is) without
a crash, copied for an email to the support contact."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.crash import environment_summary
from icati_desktop.i18n import _, current_language


def problem_report(log_file: Path | None) -> str:
    """Versions, the UI language, where the log (and so the data folder) is. Nothing from
    the store, so it can be made when the store cannot be read."""
    return "\n".join(
        [
            environment_summary(),
            f"UI language: {current_language()}",
            f"Log file: {log_file or 'none (the log was not set up)'}",
        ]
    )


class ProblemReportDialog(QDialog):
    """Shows the report, already on the clipboard; Write an email, Open the log folder."""

    def __init__(self, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problem_report")
        self.log_file = log_file
        self.setWindowTitle(_("Report a problem"))
        message = QLabel(
            _(
                "The report below is copied: paste it into an email to your support contact, "
                "and say what you were doing and what went wrong. It names the versions you "
                "use and where the log file is; it holds nothing from your data. Attach the "
                "log file if you are asked for it."
            )
        )
        message.setWordWrap(True)
        self.report_edit = QPlainTextEdit(problem_report(log_file))
        self.report_edit.setReadOnly(True)
        self.report_edit.setAccessibleName(_("Problem report"))
        self.report_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.report_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.report_edit.setMinimumSize(520, 140)
        self.status = QLabel()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(_("Copy report"))
        self.copy_button.clicked.connect(self.copy_report)
        self.email_button = QPushButton(_("Write an email…"))
        self.email_button.clicked.connect(self.write_email)
        self.log_button = QPushButton(_("Open the log folder"))
        self.log_button.clicked.connect(self.open_log_folder)
        self.log_button.setEnabled(log_file is not None)
        for button in (self.copy_button, self.email_button, self.log_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.report_edit, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.copy_report()

    def report(self) -> str:
        return self.report_edit.toPlainText()

    def copy_report(self) -> None:
        QApplication.clipboard().setText(self.report())
        self.status.setText(_("Copied to the clipboard."))

    def email_url(self) -> QUrl:
        subject = quote(_("ICATI Desktop: a problem"))
        body = quote(_("What I was doing, and what went wrong:") + "\n\n\n" + self.report())
        return QUrl(f"mailto:?subject={subject}&body={body}")

    def write_email(self) -> None:
        if not QDesktopServices.openUrl(self.email_url()):
            self.status.setText(
                _("No email program answered: the report is copied, paste it into your email.")
            )

    def open_log_folder(self) -> None:
        if self.log_file is None:
            return
        folder = self.log_file.parent
        if not folder.is_dir() or not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.status.setText(_("The log folder is {folder}").format(folder=folder))
