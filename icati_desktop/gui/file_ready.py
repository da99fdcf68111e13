"""After a file is written (a PDF report, answers, an XLSForm): say where, and offer to
open it or show it in its folder."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from icati_desktop.gui.status import set_status
from icati_desktop.i18n import _


def show_in_folder(path: Path) -> None:
    """The file's folder in the system's file manager, the file selected where it can be."""
    if sys.platform == "win32" and QProcess.startDetached("explorer", [f"/select,{path}"]):
        return
    if sys.platform == "darwin" and QProcess.startDetached("open", ["-R", str(path)]):
        return
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


class FileReady(QWidget):
    """A message naming the written file, with “Open” and “Show in folder”."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fileReady")
        self.path: Path | None = None
        self.message = QLabel()
        self.message.setWordWrap(True)
        set_status(self.message, "done")
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_file)
        self.folder_button = QPushButton()
        self.folder_button.clicked.connect(self.show_folder)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.folder_button)
        self.retranslate_ui()
        self.hide()

    def retranslate_ui(self) -> None:
        self.open_button.setText(_("&Open"))
        self.folder_button.setText(_("Show in &folder"))
        self.open_button.setAccessibleName(_("Open the file"))
        self.folder_button.setAccessibleName(_("Show the file in its folder"))

    def show_file(self, path: Path, message: str) -> None:
        self.path = path
        self.message.setText(message)
        self.show()

    def open_file(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def show_folder(self) -> None:
        if self.path is not None:
            show_in_folder(self.path)


__all__ = ["FileReady", "show_in_folder"]
