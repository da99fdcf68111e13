"""The conflicts inbox: base / mine / theirs field by field, one resolution version.

The left list holds every open conflict (a Qt list model); the right side lays the
selected one out as a grid whose rows are fields and whose columns are the base and
each competing version. Each row has one radio choice (click a cell, or move with the
arrow keys and press Space); "Resolve" writes ONE version built from the choices,
whose parents are all the competing versions (see :mod:`icati_desktop.store.resolution`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.history.dialog import open_history
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.status import error_line
from icati_desktop.gui.sync.conflict_delegates import ChoiceDelegate, TwoLineDelegate
from icati_desktop.gui.sync.conflict_list import ConflictListModel
from icati_desktop.gui.sync.conflict_outcome import OutcomeBar, confirm_resolution
from icati_desktop.gui.sync.field_choices import (
    FieldChoiceModel,
    record_heading,
    resolution_summary,
)
from icati_desktop.i18n import _, current_language, ngettext
from icati_desktop.store.conflict_text import ConflictTexts, conflicts_in_words
from icati_desktop.store.records import StaleEdit
from icati_desktop.store.resolution import (
    ConflictDetail,
    ResolutionRefused,
    resolve_with_choices,
)
from icati_desktop.store.resolution_undo import (
    ResolutionReport,
    resolution_report,
    undo_resolution,
)
from icati_desktop.store.store import Store

__all__ = ["ConflictListModel", "ConflictsPage", "FieldChoiceModel"]


class ConflictsPage(QWidget):
    """Open conflicts and their field-by-field resolution."""

    help_anchor = "resolve-conflicts"
    """Its section of the user guide (F1)."""

    resolved = Signal(str)
    """Emitted with the record id after a resolution version was written."""
    undone = Signal(str)
    """Emitted with the record id after a resolution was undone."""
    COLUMN_MIN: ClassVar[int] = 160

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.hint = QLabel()
        self.hint.setWordWrap(True)

        self.list_model = ConflictListModel()
        self.list_view = QListView()
        self.list_view.setModel(self.list_model)
        self.list_view.setItemDelegate(TwoLineDelegate(self.list_view))
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setUniformItemSizes(True)
        self.list_view.setMinimumWidth(260)
        self.list_view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.count_label = QLabel()

        self.record_title = QLabel()
        self.record_title.setWordWrap(True)
        self.record_info = QLabel()
        self.record_info.setWordWrap(True)
        self.show_all = QCheckBox()
        self.show_all.toggled.connect(self._show_all_toggled)
        self.keep_mine_button = QPushButton()
        self.keep_theirs_button = QPushButton()
        self.keep_deleted_button = QPushButton()
        self.keep_mine_button.clicked.connect(lambda: self.keep(self._mine()))
        self.keep_theirs_button.clicked.connect(lambda: self.keep(self._theirs()))
        self.keep_deleted_button.clicked.connect(self.keep_deleted)
        self.history_button = QPushButton()
        self.history_button.setObjectName("history_button")
        self.history_button.clicked.connect(self.open_history)

        self.grid_model = FieldChoiceModel()
        self.grid = QTableView()
        self.grid.setModel(self.grid_model)
        self.grid.setItemDelegate(ChoiceDelegate(self.grid))
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setWordWrap(False)
        self.grid.setAlternatingRowColors(True)
        self.grid.verticalHeader().setVisible(False)
        self.grid.verticalHeader().setDefaultSectionSize(34)
        header = self.grid.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._header_clicked)
        self.grid.setTabKeyNavigation(False)
        self.grid_model.modelReset.connect(self._layout_columns)
        self.grid_model.choices_changed.connect(self._update_summary)
        self.no_rows = QLabel()
        self.no_rows.setWordWrap(True)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.error = error_line()
        self.resolve_button = QPushButton()
        self.resolve_button.setDefault(True)
        self.resolve_button.clicked.connect(self.confirm_and_resolve)
        self.outcome = OutcomeBar()
        self.outcome.undo_requested.connect(self.undo)
        self._last: tuple[str, str, str] | None = None
        """(record id, title, resolution version id) of the last resolution here."""
        self._loaded_once = False

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(12, 0, 0, 0)
        detail_layout.addWidget(self.record_title)
        detail_layout.addWidget(self.record_info)
        tools = QHBoxLayout()
        tools.addWidget(self.show_all)
        tools.addStretch(1)
        tools.addWidget(self.keep_mine_button)
        tools.addWidget(self.keep_theirs_button)
        tools.addWidget(self.keep_deleted_button)
        tools.addWidget(self.history_button)
        detail_layout.addLayout(tools)
        detail_layout.addWidget(self.grid, 1)
        detail_layout.addWidget(self.no_rows)
        detail_layout.addWidget(self.error)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.resolve_button)
        detail_layout.addLayout(bottom)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.count_label)
        left_layout.addWidget(self.list_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("conflictsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 900])

        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setFrameShape(QFrame.Shape.StyledPanel)
        self.loading = QLabel()
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QStackedWidget()
        self.body.addWidget(self.loading)
        self.body.addWidget(self.empty)
        self.body.addWidget(self.splitter)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.outcome)
        layout.addWidget(self.body, 1)

        self._busy = False
        self._pending_refresh = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(150)
        self._refresh_timer.timeout.connect(self.refresh)
        services.records_changed.connect(lambda *_args: self._refresh_timer.start())
        self.retranslate_ui()

    def open_history(self) -> None:
        detail = self.grid_model.detail
        if detail is not None:
            open_history(self, self.services, detail.record_id)

    # -- texts ---------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.5)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.title.setText(_("Conflicts"))
        self.hint.setText(
            _(
                "A conflict means two devices changed the same field of a record before they had "
                "seen each other's change; changes to different fields are already combined. For "
                "each field listed, choose the value to keep; Resolve writes one new version that "
                "every device will show."
            )
        )
        self.show_all.setText(_("Show all fields"))
        self.history_button.setText(_("Histor&y…"))
        self.history_button.setToolTip(_("Every version of this record, and what each changed"))
        self.show_all.setToolTip(_("Also list the fields on which every version agrees"))
        self.keep_deleted_button.setText(_("Keep it &deleted"))
        self.keep_deleted_button.setToolTip(_("Resolve by keeping the deletion"))
        self.resolve_button.setText(_("&Resolve"))
        self.empty.setText(
            "<p style='font-size:28pt; color:#2e7d32'>✓</p><p style='font-size:13pt'>{}</p>".format(
                _("No conflicts: every record agrees on every device.")
            )
        )
        self.loading.setText(_("Looking for conflicts…"))
        self.no_rows.setText(
            _(
                "The versions hold the same values; they differ only in who wrote them or in a "
                "deletion. Choose a version to keep, then Resolve."
            )
        )
        self.list_view.setAccessibleName(_("Open conflicts"))
        self.grid.setAccessibleName(_("Fields of the selected record, one choice per row"))
        self.outcome.retranslate_ui()
        self.list_model.refresh_texts()
        self.grid_model.refresh_texts()
        self._show_count()
        self._show_detail_header()
        self._show_keep_buttons()
        self._update_summary()
        if self._loaded_once:
            self.refresh()  # the values' words are read in the UI language

    def _show_keep_buttons(self) -> None:
        detail = self.current_detail()
        if detail is None or detail.mine_is_own:
            self.keep_mine_button.setText(_("Keep &mine"))
            self.keep_mine_button.setToolTip(_("Choose this device's version for every field"))
        else:
            name = self.grid_model.author(detail.mine)
            self.keep_mine_button.setText(_("Keep {name}'s version").format(name=name))
            self.keep_mine_button.setToolTip(_("Choose this version for every field"))
        if detail is not None and len(detail.theirs) == 1:
            name = self.grid_model.author(detail.theirs[0])
            self.keep_theirs_button.setText(_("Keep {name}'s version").format(name=name))
        else:
            self.keep_theirs_button.setText(_("Keep the newest of the others"))
        self.keep_theirs_button.setToolTip(_("Choose the other version for every field"))

    def _show_count(self) -> None:
        n = len(self.list_model.details)
        self.count_label.setText(
            "<b>{}</b>".format(ngettext("{n} open conflict", "{n} open conflicts", n).format(n=n))
        )

    # -- loading -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the open conflicts (keeps the selected record if it is still open)."""
        if self._busy:
            self._pending_refresh = True
            return
        self._busy = True
        language = current_language()

        def job(store: Store) -> list[tuple[ConflictDetail, ConflictTexts]]:
            return conflicts_in_words(store, language)

        self.services.run(job, self._loaded, self._load_failed)

    def _loaded(self, found: list[tuple[ConflictDetail, ConflictTexts]]) -> None:
        self._busy = False
        self._loaded_once = True
        details = [detail for detail, _texts in found]
        current = self.current_detail()
        keep = current.record_id if current else None
        self.list_model.set_details(details, {t.record_id: t for _d, t in found})
        self._show_count()
        self.body.setCurrentWidget(self.splitter if details else self.empty)
        if details:
            ids = [d.record_id for d in details]
            row = ids.index(keep) if keep in ids else 0
            self.list_view.selectionModel().setCurrentIndex(
                self.list_model.index(row),
                QItemSelectionModel.SelectionFlag.ClearAndSelect,
            )
            self._current_changed(self.list_model.index(row), QModelIndex())
        else:
            self.grid_model.set_detail(None)
        if self._pending_refresh:
            self._pending_refresh = False
            self.refresh()

    def _load_failed(self, error: BaseException) -> None:
        self._busy = False
        self.body.setCurrentWidget(self.splitter)
        self._show_error(_("The conflicts could not be read: {error}").format(error=error))

    def current_detail(self) -> ConflictDetail | None:
        return self.grid_model.detail

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        detail = self.list_model.details[current.row()]
        texts = self.list_model.texts.get(detail.record_id)
        if self.grid_model.detail == detail and self.grid_model.texts == texts:
            return  # the same versions, the same words: keep the person's choices
        self.grid_model.set_detail(detail, texts)
        self.error.hide()
        has_deleted = any(leaf.deleted for leaf in detail.leaves)
        self.keep_deleted_button.setVisible(has_deleted)
        self.keep_mine_button.setEnabled(not detail.leaf(self._mine()).deleted)
        self.keep_theirs_button.setEnabled(not detail.leaf(self._theirs()).deleted)
        self._show_keep_buttons()
        self._show_detail_header()

    def _show_detail_header(self) -> None:
        detail = self.current_detail()
        if detail is None:
            self.record_title.clear()
            self.record_info.clear()
            return
        title, info = record_heading(detail, self.grid_model)
        self.record_title.setText(title)
        self.record_info.setText(info)

    def _layout_columns(self) -> None:
        header = self.grid.horizontalHeader()
        columns = self.grid_model.columnCount()
        if columns == 0:
            return
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        widest = max(220, int(self.grid.viewport().width() * 0.35))
        self.grid.setColumnWidth(0, min(self.grid.sizeHintForColumn(0) + 12, widest))
        for column in range(1, columns):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(120)
        has_rows = self.grid_model.rowCount() > 0
        self.no_rows.setVisible(not has_rows and self.grid_model.detail is not None)

    def _show_all_toggled(self, checked: bool) -> None:
        self.grid_model.set_show_all(checked)

    # -- choosing ------------------------------------------------------------------------

    def _mine(self) -> str:
        detail = self.current_detail()
        assert detail is not None
        return detail.mine

    def _theirs(self) -> str:
        detail = self.current_detail()
        assert detail is not None
        return detail.theirs[0]

    def choose(self, field: str, source: str) -> bool:
        """Take ``field`` from ``source``: "base", or a competing version's id."""
        return self.grid_model.choose(field, source)

    def keep(self, source: str) -> None:
        """Choose ``source`` for every field (Keep mine / Keep theirs / a header click)."""
        self.grid_model.choose_all(source)

    def _header_clicked(self, section: int) -> None:
        if section > 0 and self.grid_model.detail is not None:
            self.keep(self.grid_model.source_of(section))

    def _update_summary(self) -> None:
        detail = self.current_detail()
        self.resolve_button.setEnabled(detail is not None and not self._busy_resolving())
        if detail is None:
            self.summary.clear()
            return
        self.summary.setText(resolution_summary(detail, self.grid_model))

    def _busy_resolving(self) -> bool:
        return bool(self.property("resolving"))

    # -- resolving -----------------------------------------------------------------------

    def _title(self) -> str:
        texts = self.grid_model.texts
        detail = self.current_detail()
        return texts.title if texts else detail.title or "" if detail else ""

    def confirm_and_resolve(self) -> None:
        """Ask first (what will be written), then resolve."""
        if self.current_detail() is None:
            return
        if confirm_resolution(self, self._title(), self.summary.text()):
            self.resolve()

    def resolve(self) -> None:
        """Write one version from the current choices (on the database thread)."""
        detail = self.current_detail()
        if detail is None:
            return
        choices = self.grid_model.resolution_choices()
        rid = detail.record_id

        def job(store: Store) -> ResolutionReport:
            version = resolve_with_choices(store, rid, choices, expected_leaves=detail.columns)
            return resolution_report(store, rid, version.version_id)

        self._run_resolution(detail, job)

    def keep_deleted(self) -> None:
        detail = self.current_detail()
        if detail is None:
            return
        if not confirm_resolution(self, self._title(), _("The record stays deleted.")):
            return
        rid = detail.record_id

        def job(store: Store) -> ResolutionReport:
            version = resolve_with_choices(
                store, rid, {}, keep_deleted=True, expected_leaves=detail.columns
            )
            return resolution_report(store, rid, version.version_id)

        self._run_resolution(detail, job)

    def _run_resolution(
        self, detail: ConflictDetail, job: Callable[[Store], ResolutionReport]
    ) -> None:
        self.setProperty("resolving", True)
        self.resolve_button.setEnabled(False)
        self.error.hide()
        title = self._title()

        def done(report: ResolutionReport) -> None:
            self.setProperty("resolving", False)
            self._last = (detail.record_id, title, report.version_id)
            self.outcome.show_resolved(title, report.changes)
            self.resolved.emit(detail.record_id)
            self.refresh()

        self.services.run(job, done, self._resolve_failed)

    def undo(self) -> None:
        """Write the state shown before the last resolution back, as a new version."""
        if self._last is None:
            return
        record_id, title, version_id = self._last
        self.outcome.undo_button.setEnabled(False)

        def done(report: ResolutionReport) -> None:
            self._last = None
            self.outcome.show_undone(title, report.changes)
            self.undone.emit(record_id)
            self.refresh()

        def failed(error: BaseException) -> None:
            self.outcome.show_error(_("Nothing was undone: {error}").format(error=error))

        self.services.run(lambda store: undo_resolution(store, record_id, version_id), done, failed)

    def _resolve_failed(self, error: BaseException) -> None:
        self.setProperty("resolving", False)
        self._update_summary()
        if isinstance(error, ResolutionRefused):
            self.grid_model.flag(error.fields)
            message = _("These choices cannot be kept together: {reason}").format(reason=error)
        elif isinstance(error, StaleEdit):
            message = str(error)
            self.refresh()
        else:
            message = _("Nothing was changed: {error}").format(error=error)
        self._show_error(message)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
