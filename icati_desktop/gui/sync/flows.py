"""Export and import as people do them: choose, preview, confirm, see the result."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from icati_desktop.gui.services import AppServices
from icati_desktop.gui.settings import LAST_BUNDLE_DIR
from icati_desktop.gui.sync.preview import ImportPreviewDialog
from icati_desktop.gui.sync.reject_messages import rejection_text
from icati_desktop.i18n import _, format_number, ngettext
from icati_desktop.store.store import Store
from icati_desktop.sync.errors import BundleRejected
from icati_desktop.sync.exporter import ExportResult, export_bundle
from icati_desktop.sync.importer import ImportResult, import_bundle


def bundle_filter() -> str:
    """The file dialogs' filter, in the current language (the patterns stay as they are)."""
    return ";;".join([_("ICATI bundles (*.icati)"), _("All files (*)")])


def describe_error(error: BaseException) -> str:
    if isinstance(error, BundleRejected):
        return rejection_text(error)
    return str(error)


class SyncFlows(QObject):
    """Owns the export and import dialogs; emits ``finished`` after a change."""

    finished = Signal()

    def __init__(self, services: AppServices, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.services = services
        self.parent_widget = parent_widget
        self.settings = QSettings()
        self.last_preview: ImportPreviewDialog | None = None
        self.confirm: Callable[[ImportPreviewDialog], bool] = lambda d: (
            d.exec() == QDialog.DialogCode.Accepted
        )

    def _start_dir(self) -> str:
        return LAST_BUNDLE_DIR.get(self.settings) or str(Path.home())

    def choose_and_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self.parent_widget, _("Export a bundle"), self._start_dir(), bundle_filter()
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        if path.suffix != ".icati":
            path = path.with_suffix(".icati")
        LAST_BUNDLE_DIR.set(self.settings, str(path.parent))

        def job(
            store: Store, progress: Callable[[int, int], None], cancelled: Callable[[], bool]
        ) -> ExportResult:
            return export_bundle(store, path, progress=progress, cancelled=cancelled)

        self.services.run_long(
            self.parent_widget, _("Exporting a bundle…"), job, self._exported, self._failed
        )

    def _exported(self, result: ExportResult) -> None:
        QMessageBox.information(
            self.parent_widget,
            _("Bundle written"),
            ngettext(
                "{versions} change written to {path}.",
                "{versions} changes written to {path}.",
                result.versions,
            ).format(versions=format_number(result.versions), path=result.path),
        )
        self.finished.emit()

    def choose_and_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self.parent_widget, _("Import a bundle"), self._start_dir(), bundle_filter()
        )
        if path:
            self.preview(Path(path))

    def preview(self, path: Path) -> None:
        """Dry-run the import, show every change, and apply only on confirmation."""
        LAST_BUNDLE_DIR.set(self.settings, str(path.parent))

        def job(
            store: Store, progress: Callable[[int, int], None], cancelled: Callable[[], bool]
        ) -> ImportResult:
            return import_bundle(store, path, dry_run=True, progress=progress, cancelled=cancelled)

        self.services.run_long(
            self.parent_widget,
            _("Checking the bundle…"),
            job,
            lambda preview: self._previewed(path, preview),
            self._failed,
        )

    def _previewed(self, path: Path, preview: ImportResult) -> None:
        if preview.already_imported:
            QMessageBox.information(
                self.parent_widget,
                _("Already imported"),
                _("This bundle was imported before; nothing to do."),
            )
            return
        dialog = ImportPreviewDialog(preview, self.parent_widget)
        self.last_preview = dialog
        if not self.confirm(dialog):
            return

        def job(
            store: Store, progress: Callable[[int, int], None], cancelled: Callable[[], bool]
        ) -> ImportResult:
            return import_bundle(store, path, progress=progress, cancelled=cancelled)

        self.services.run_long(
            self.parent_widget, _("Importing the bundle…"), job, self._imported, self._failed
        )

    def _imported(self, result: ImportResult) -> None:
        self.finished.emit()
        message = ngettext(
            "{n} change imported from {name}.",
            "{n} changes imported from {name}.",
            result.versions_added,
        ).format(n=format_number(result.versions_added), name=result.source.name)
        if result.warnings:
            message += "\n\n" + "\n".join(result.warnings)
        QMessageBox.information(self.parent_widget, _("Import complete"), message)

    def _failed(self, error: BaseException) -> None:
        QMessageBox.warning(self.parent_widget, _("Nothing was changed"), describe_error(error))
