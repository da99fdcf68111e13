"""Export and import as people do them: choose, preview, confirm, see the result."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from icati_desktop.gui.services import AppServices
from icati_desktop.gui.settings import LAST_BUNDLE_DIR
from icati_desktop.gui.sync.batch_summary import BatchImportDialog
from icati_desktop.gui.sync.central_export_dialog import (
    CentralExportDialog,
    ExportChoice,
    ExportKind,
    ExportTargets,
    read_export_targets,
)
from icati_desktop.gui.sync.preview import ImportPreviewDialog
from icati_desktop.gui.sync.reject_messages import rejection_text
from icati_desktop.i18n import _, format_number, ngettext
from icati_desktop.store.device import Role
from icati_desktop.store.store import Store
from icati_desktop.sync.batch_import import BatchImportResult, bundle_files, import_bundles
from icati_desktop.sync.central_export import bundle_file_name, export_for_every_device
from icati_desktop.sync.central_scope import CentralTarget
from icati_desktop.sync.errors import BundleRejected
from icati_desktop.sync.exporter import ExportResult, export_bundle
from icati_desktop.sync.importer import ImportResult, import_bundle


def bundle_filter() -> str:
    """The file dialogs' filter, in the current language (the patterns stay as they are)."""
    return ";;".join([_("ICATI bundles (*.icati)"), _("All files (*)")])


def exported_text(result: ExportResult) -> str:
    """What a written bundle holds and who can open it, in words."""
    changes = ngettext(
        "{versions} change written to {path}.",
        "{versions} changes written to {path}.",
        result.versions,
    ).format(versions=format_number(result.versions), path=result.path)
    if result.kind.value == "field":
        return changes + " " + _("It is encrypted for your central office.")
    if result.encrypted_to is None:
        return (
            changes
            + " "
            + _(
                "It holds the library, forms and directory but no country's records, and it is "
                "not encrypted: any new device can start from it."
            )
        )
    return (
        changes
        + " "
        + _(
            "It holds the records of the countries {name} works on and is encrypted: only "
            "{name}'s device can open it."
        ).format(name=result.recipient_name)
    )


def describe_error(error: BaseException) -> str:
    if isinstance(error, BundleRejected):
        return rejection_text(error)
    return str(error)


class SyncFlows(QObject):
    """Owns the export and import dialogs; emits ``finished`` after a change."""

    finished = Signal()
    open_conflicts = Signal()
    """The person asked to see the conflicts an import opened."""

    def __init__(self, services: AppServices, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.services = services
        self.parent_widget = parent_widget
        self.settings = QSettings()
        self.last_preview: ImportPreviewDialog | None = None
        self.last_message = ""
        """The text of the last "written" or "complete" message (for tests and the log)."""
        self.confirm: Callable[[ImportPreviewDialog], bool] = lambda d: (
            d.exec() == QDialog.DialogCode.Accepted
        )
        self.confirm_several: Callable[[list[Path]], bool] = self._ask_several
        self.last_batch: BatchImportDialog | None = None

    def _start_dir(self) -> str:
        return LAST_BUNDLE_DIR.get(self.settings) or str(Path.home())

    # -- export ----------------------------------------------------------------------------
    # A field device's bundle always goes to its HQ. At HQ, people first say who the bundle
    # is for (one device, every device, or a new device), then where to save it.

    def choose_and_export(self) -> None:
        self.services.run(read_export_targets, self._export_targets_read, self._failed)

    def _export_targets_read(self, targets: ExportTargets) -> None:
        if targets.role is not Role.HQ:
            path = self.choose_save_path(_("Export a bundle"), "")
            if path is not None:
                self.export_to(path)
            return
        choice = self.choose_central(targets)
        if choice is None:
            return
        if choice.kind is ExportKind.EVERY_DEVICE:
            folder = self.choose_folder()
            if folder is not None:
                self.export_every_device(folder)
            return
        if choice.kind is ExportKind.CONTENT_ONLY:
            path = self.choose_save_path(_("Export a content-only bundle"), "content-only.icati")
            if path is not None:
                self.export_to(path, CentralTarget.content_only())
            return
        assert choice.device_id is not None
        assert choice.device_name is not None
        suggested = bundle_file_name(choice.device_name, choice.device_id)
        title = _("Export the bundle for {name}").format(name=choice.device_name)
        path = self.choose_save_path(title, suggested)
        if path is not None:
            self.export_to(path, CentralTarget.for_device(choice.device_id))

    def choose_central(self, targets: ExportTargets) -> ExportChoice | None:
        dialog = CentralExportDialog(targets, self.parent_widget)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def choose_save_path(self, title: str, suggested: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(
            self.parent_widget,
            title,
            str(Path(self._start_dir()) / suggested) if suggested else self._start_dir(),
            bundle_filter(),
        )
        return Path(path) if path else None

    def choose_folder(self) -> Path | None:
        path = QFileDialog.getExistingDirectory(
            self.parent_widget, _("Choose a folder for the bundles"), self._start_dir()
        )
        return Path(path) if path else None

    def export_to(self, path: Path, central: CentralTarget | None = None) -> None:
        if path.suffix != ".icati":
            path = path.with_suffix(".icati")
        LAST_BUNDLE_DIR.set(self.settings, str(path.parent))

        def job(
            store: Store, progress: Callable[[int, int], None], cancelled: Callable[[], bool]
        ) -> ExportResult:
            return export_bundle(
                store, path, central=central, progress=progress, cancelled=cancelled
            )

        self.services.run_long(
            self.parent_widget, _("Exporting a bundle…"), job, self._exported, self._failed
        )

    def export_every_device(self, folder: Path) -> None:
        LAST_BUNDLE_DIR.set(self.settings, str(folder))

        def job(
            store: Store, progress: Callable[[int, int], None], cancelled: Callable[[], bool]
        ) -> list[ExportResult]:
            return export_for_every_device(store, folder, progress=progress, cancelled=cancelled)

        self.services.run_long(
            self.parent_widget,
            _("Exporting a bundle for every device…"),
            job,
            lambda results: self._exported_many(folder, results),
            self._failed,
        )

    def _exported(self, result: ExportResult) -> None:
        self.last_message = exported_text(result)
        QMessageBox.information(self.parent_widget, _("Bundle written"), self.last_message)
        self.finished.emit()

    def _exported_many(self, folder: Path, results: list[ExportResult]) -> None:
        lines = [
            ngettext(
                "{n} bundle written to {folder}, one per device:",
                "{n} bundles written to {folder}, one per device:",
                len(results),
            ).format(n=format_number(len(results)), folder=folder)
        ]
        lines += [
            _("{name}: {file}").format(name=r.recipient_name, file=Path(r.path).name)
            for r in results
        ]
        lines.append(_("Each file is encrypted: only its device can open it."))
        self.last_message = "\n".join(lines)
        QMessageBox.information(self.parent_widget, _("Bundles written"), self.last_message)
        self.finished.emit()

    def choose_and_import(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self.parent_widget, _("Import bundles"), self._start_dir(), bundle_filter()
        )
        self.import_several([Path(p) for p in paths])

    def import_several(self, paths: list[Path]) -> None:
        """One bundle: its preview. Several: one confirmation, then each imported on its own
        (a refused one changes nothing and the others go on), then what each did."""
        files = bundle_files(paths)
        if len(files) == 1:
            self.preview(files[0])
            return
        if not files:
            return
        LAST_BUNDLE_DIR.set(self.settings, str(files[0].parent))
        if not self.confirm_several(files):
            return

        def job(
            store: Store, progress: Callable[[int, int], None], cancelled: Callable[[], bool]
        ) -> BatchImportResult:
            return import_bundles(store, files, progress=progress, cancelled=cancelled)

        self.services.run_long(
            self.parent_widget,
            _("Importing the bundles…"),
            job,
            self._imported_several,
            self._failed,
        )

    def _ask_several(self, files: list[Path]) -> bool:
        box = QMessageBox(self.parent_widget)
        box.setObjectName("importSeveral")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Import bundles"))
        box.setText(
            ngettext("Import {n} bundle?", "Import {n} bundles?", len(files)).format(
                n=format_number(len(files))
            )
        )
        box.setInformativeText(
            _(
                "Each bundle is checked in full before it changes anything, oldest file "
                "first. A bundle that is refused changes nothing, and the others are still "
                "imported. You see what each one did at the end."
            )
        )
        box.setDetailedText("\n".join(f.name for f in files))
        start = box.addButton(_("Import"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(start)
        box.exec()
        return box.clickedButton() is start

    def _imported_several(self, run: BatchImportResult) -> None:
        self.finished.emit()
        dialog = BatchImportDialog(run, self.parent_widget)
        dialog.open_conflicts.connect(self.open_conflicts)
        self.last_batch = dialog
        self.last_message = dialog.headline.text()
        dialog.open()

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
        opened = result.conflicts_opened
        if opened:
            message += " " + ngettext(
                "It opened {n} conflict: two devices changed the same field; "
                "choose what to keep in Conflicts.",
                "It opened {n} conflicts: two devices changed the same fields; "
                "choose what to keep in Conflicts.",
                opened,
            ).format(n=format_number(opened))
        else:
            message += " " + _("It opened no conflict.")
        removed = sum(result.records_removed.values())
        if removed:
            message += "\n\n" + ngettext(
                "At HQ's request, {n} record of countries this device no longer works on was "
                "removed from it (HQ keeps it).",
                "At HQ's request, {n} records of countries this device no longer works on were "
                "removed from it (HQ keeps them).",
                removed,
            ).format(n=format_number(removed))
        if result.removal_waiting:
            message += "\n\n" + ngettext(
                "{n} record HQ asked to remove stays until HQ has your changes to it: export "
                "a bundle for HQ.",
                "{n} records HQ asked to remove stay until HQ has your changes to them: export "
                "a bundle for HQ.",
                result.removal_waiting,
            ).format(n=format_number(result.removal_waiting))
        if result.warnings:
            message += "\n\n" + "\n".join(result.warnings)
        self.last_message = message
        if not opened:
            QMessageBox.information(self.parent_widget, _("Import complete"), message)
            return
        box = QMessageBox(self.parent_widget)
        box.setObjectName("importComplete")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(_("Import complete"))
        box.setText(message)
        open_button = box.addButton(_("Open the conflicts"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button)
        box.exec()
        if box.clickedButton() is open_button:
            self.open_conflicts.emit()

    def _failed(self, error: BaseException) -> None:
        QMessageBox.warning(self.parent_widget, _("Nothing was changed"), describe_error(error))
