"""Forms (central office): each assessment form and its versions, what changed between
two versions and the crosswalk between them, retiring a version, importing a new one and
sending one out as an XLSForm.

Everything is read and written by database jobs; the list reloads when forms or their
status change. Retiring asks first (it stops new assessments on the version) and is
undone by "Bring back into use"; a version's existing assessments stay readable.
"""

from __future__ import annotations

from pathlib import Path

from babel.lists import format_list
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.file_ready import FileReady
from icati_desktop.gui.forms.changes import ChangesPanel
from icati_desktop.gui.forms.jobs import (
    Comparison,
    VersionsSnapshot,
    compare_job,
    crosswalk_job,
    export_job,
    retire_job,
    versions_job,
)
from icati_desktop.gui.forms.model import FORM, VERSION, FormVersionsModel, form_title
from icati_desktop.gui.forms_import import import_form
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.status import set_status
from icati_desktop.gui.table_roles import RECORD_ID_ROLE, sorting_proxy
from icati_desktop.i18n import _, current_language, ngettext
from icati_desktop.store.form_versions import FormVersionInfo

WATCHED = frozenset({"form_definition", "form_version_status", "assessment"})


class FormsPage(QWidget):
    help_anchor = "form-versions-what-changed-crosswalks-retiring"

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.snapshot: VersionsSnapshot | None = None
        self.retire_box: QMessageBox | None = None
        self._stale = True
        self._generation = 0
        self._build()
        self.retranslate_ui()
        services.records_changed.connect(self._records_changed)

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.import_button, self.export_button, self.retire_button = (
            QPushButton() for _ in range(3)
        )
        self.import_button.clicked.connect(lambda: import_form(self, self.services))
        self.export_button.clicked.connect(self.choose_export_file)
        self.retire_button.clicked.connect(self.toggle_retired)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.import_button)
        self.model = FormVersionsModel(self)
        self.proxy = sorting_proxy(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(VERSION, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(FORM, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        self.error = QLabel()
        set_status(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.file_ready = FileReady()
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.retire_button)
        actions.addWidget(self.export_button)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.empty_label)
        column.addWidget(self.table, 1)
        column.addLayout(actions)
        self.changes = ChangesPanel()
        self.changes.compare_requested.connect(self._compare)
        self.changes.save_requested.connect(self._save_crosswalk)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("formsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.changes)
        self.splitter.setSizes([600, 660])
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.error)
        layout.addWidget(self.file_ready)
        layout.addWidget(self.splitter, 1)

    def retranslate_ui(self) -> None:
        self.title.setText("<h2>{}</h2>".format(_("Assessment forms")))
        self.import_button.setText(_("&Import a form (XLSForm)…"))
        self.export_button.setText(_("E&xport as XLSForm…"))
        self.export_button.setToolTip(
            _("A workbook for KoboToolbox or ODK Collect, in every language of the form")
        )
        self.table.setAccessibleName(_("Form versions"))
        self.empty_label.setText(
            _(
                "No assessment forms on this device yet. Import one with “Import a form "
                "(XLSForm)…”, or import the central office's bundle."
            )
        )
        self.model.retranslate()
        self.file_ready.retranslate_ui()
        self.changes.retranslate_ui()
        self._enable()

    # --- loading ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._generation += 1
        generation = self._generation
        self.services.run(
            versions_job, lambda snapshot: self._loaded(generation, snapshot), self._failed
        )

    def _records_changed(self, record_type: str, _ids: object) -> None:
        if record_type in WATCHED:
            self.refresh()

    def _loaded(self, generation: int, snapshot: VersionsSnapshot) -> None:
        if generation != self._generation:
            return
        chosen = self.selected()
        self.snapshot = snapshot
        self.model.set_rows(snapshot.versions)
        self.empty_label.setVisible(not snapshot.versions)
        self.table.setVisible(bool(snapshot.versions))
        self.import_button.setVisible(snapshot.is_hq)
        wanted = (chosen.form_id, chosen.version) if chosen else None
        self.select(*(wanted or self._default_choice(snapshot.versions)))

    @staticmethod
    def _default_choice(versions: list[FormVersionInfo]) -> tuple[str, str]:
        if not versions:
            return ("", "")
        last = versions[-1]
        return (last.form_id, last.version)

    def select(self, form_id: str, version: str) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(RECORD_ID_ROLE) == (form_id, version):
                # Not selectRow(): it selects nothing in a right-to-left table not yet laid out.
                flags = (
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows
                )
                self.table.selectionModel().setCurrentIndex(index, flags)
                return
        self._selected()

    def selected(self) -> FormVersionInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row())

    def _versions_of(self, form_id: str) -> list[FormVersionInfo]:
        return [v for v in self.model.rows() if v.form_id == form_id]

    def _selected(self) -> None:
        info = self.selected()
        self._enable()
        self.changes.show_versions(
            [v.version for v in self._versions_of(info.form_id)] if info else []
        )

    def _enable(self) -> None:
        info = self.selected()
        hq = self.snapshot is not None and self.snapshot.is_hq
        self.export_button.setEnabled(info is not None)
        self.retire_button.setEnabled(info is not None and hq)
        self.retire_button.setVisible(hq)
        retired = info is not None and info.retired
        self.retire_button.setText(_("&Bring back into use") if retired else _("&Retire…"))

    def _compare(self, earlier: str, later: str) -> None:
        info = self.selected()
        if info is None:
            return
        editable = self.snapshot is not None and self.snapshot.is_hq

        def shown(comparison: Comparison) -> None:
            current = self.selected()
            if current is not None and current.form_id == comparison.later.form_id:
                self.changes.show_comparison(comparison, editable)

        self.services.run(compare_job(info.form_id, earlier, later), shown, self._failed)

    # --- acting -----------------------------------------------------------------------------

    def _failed(self, error: BaseException) -> None:
        self.error.setText(_("Nothing was changed: {error}").format(error=error))
        self.error.show()

    def _done(self, message: str) -> None:
        self.error.hide()
        self.file_ready.hide()
        self.changes.summary.setText(message)

    def toggle_retired(self) -> None:
        info = self.selected()
        if info is None:
            return
        if info.retired:
            self._retire(info, False)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Retire this form version?"),
            _(
                "Retire version {version} of “{form}”? No new assessment can start on it; "
                "the assessments already on it stay readable. You can bring it back into use "
                "later."
            ).format(version=info.version, form=form_title(info)),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("retireConfirmation")
        if info.assessments:
            box.setInformativeText(
                ngettext(
                    "{n} assessment was answered on this version.",
                    "{n} assessments were answered on this version.",
                    info.assessments,
                ).format(n=info.assessments)
            )
        confirm = box.addButton(_("&Retire"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(
            lambda button: self._retire(info, True) if button is confirm else None
        )
        box.finished.connect(box.deleteLater)
        self.retire_box = box
        box.open()

    def _retire(self, info: FormVersionInfo, retired: bool) -> None:
        message = (
            _("Version {v} is retired: new assessments use another version.")
            if retired
            else _("Version {v} is in use again.")
        ).format(v=info.version)
        self.services.run(
            retire_job(info.form_id, info.version, retired),
            lambda _status: self._done(message),
            self._failed,
        )

    def _save_crosswalk(self, mapping: dict[str, str]) -> None:
        info, comparison = self.selected(), self.changes.comparison
        if info is None or comparison is None:
            return
        diff = comparison.diff
        job = crosswalk_job(info.form_id, diff.earlier_version, diff.later_version, mapping)

        def saved(_status: object) -> None:
            self.error.hide()
            self.changes.just_saved = True
            self._compare(diff.earlier_version, diff.later_version)

        self.services.run(job, saved, self._failed)

    def choose_export_file(self) -> None:
        info = self.selected()
        if info is None:
            return
        name = f"{info.form_id}-{info.version}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export the form as an XLSForm"), name, _("XLSForm workbooks (*.xlsx)")
        )
        if path:
            self.export(info, Path(path) if Path(path).suffix else Path(path + ".xlsx"))

    def export(self, info: FormVersionInfo, out: Path) -> None:
        self.file_ready.hide()
        self.services.run_long(
            self,
            _("Writing the XLSForm…"),
            lambda store, _progress, _cancelled: export_job(info.form_id, info.version, out)(store),
            lambda written: self._exported(info, *written),
            lambda error: self._failed_export(error),
        )

    def _exported(self, info: FormVersionInfo, path: Path, files: list[str]) -> None:
        text = _(
            "“{form}”, version {version}, is written to {path}: ready for KoboToolbox or ODK."
        ).format(form=form_title(info), version=info.version, path=path)
        if files:
            text = _(
                "“{form}”, version {version}, is written to {path} with the choice files "
                "its questions read ({files}) beside it: upload them with the form to "
                "KoboToolbox or ODK."
            ).format(
                form=form_title(info),
                version=info.version,
                path=path,
                files=format_list(files, locale=current_language()),
            )
        self.file_ready.show_file(path, text)

    def _failed_export(self, error: BaseException) -> None:
        self.error.setText(_("The form was not exported: {error}").format(error=error))
        self.error.show()


__all__ = ["FormsPage"]
