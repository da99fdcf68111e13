"""Start the desktop app: settings, language, fonts, logging, the database thread, the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from icati_desktop import __version__
from icati_desktop.gui.db_worker import DatabaseWorker
from icati_desktop.gui.first_run import FirstRunGate
from icati_desktop.gui.fonts import register_bundled_fonts
from icati_desktop.gui.language import apply_language
from icati_desktop.gui.main_window import BUNDLE_SUFFIX, MainWindow
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.settings import LANGUAGE
from icati_desktop.i18n import _
from icati_desktop.logs import setup_logging
from icati_desktop.paths import default_data_dir
from icati_desktop.store.opening import open_store


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    data_dir = default_data_dir()
    setup_logging(data_dir)
    app = QApplication(args)
    app.setApplicationName("ICATI Desktop")
    app.setOrganizationName("ICATI")
    app.setApplicationVersion(__version__)
    register_bundled_fonts(app)
    apply_language(app, LANGUAGE.get(QSettings()))
    worker = DatabaseWorker(lambda: open_store(data_dir, None))
    services = AppServices(worker)
    bundles = [Path(a) for a in args[1:] if a.endswith(BUNDLE_SUFFIX)]
    windows: list[MainWindow] = []

    def show_main_window() -> None:
        window = MainWindow(services)
        windows.append(window)
        window.show()
        if bundles:  # opened with a .icati file ("Open with ICATI Desktop")
            window.flows.preview(bundles[0])

    def cannot_open(error: BaseException) -> None:
        QMessageBox.critical(
            None, _("ICATI Desktop"), _("The data could not be opened: {error}").format(error=error)
        )
        app.exit(1)

    gate = FirstRunGate(services)
    gate.ready.connect(show_main_window)
    gate.cancelled.connect(app.quit)
    gate.failed.connect(cannot_open)
    gate.start()
    try:
        return app.exec()
    finally:
        worker.shutdown()
