"""The Atlas list panel: filters, the country chip, actions and the initiatives table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.atlas.filter_bar import AtlasFilterBar
from icati_desktop.gui.atlas.initiative_model import (
    NAME,
    RECORD_ID_ROLE,
    InitiativeTableModel,
)
from icati_desktop.gui.icons import set_icon
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import _, format_number, ngettext

CHIP_STYLE = "#filterChip { background: #e3eef8; border: 1px solid #b5cde3; border-radius: 12px; }"


class InitiativeListPanel(QWidget):
    """Shows; the page decides what (it owns loading, the dialog and export)."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filters = AtlasFilterBar()
        self.chip = QWidget()
        self.chip.setObjectName("filterChip")
        self.chip.setStyleSheet(CHIP_STYLE)
        self.chip_text = QLabel()
        self.show_all = QPushButton()
        self.show_all.setCursor(Qt.CursorShape.PointingHandCursor)
        chip_layout = QHBoxLayout(self.chip)
        chip_layout.setContentsMargins(10, 1, 3, 1)
        chip_layout.addWidget(self.chip_text)
        chip_layout.addWidget(self.show_all)
        self.chip.hide()
        self.count_label = QLabel()
        self.add_button, self.edit_button, self.export_button = (QPushButton() for _ in range(3))
        set_icon(self.add_button, "plus")
        set_icon(self.edit_button, "pencil")
        self.history_button = QPushButton()
        self.history_button.setObjectName("history_button")
        self.edit_button.setEnabled(False)
        self.history_button.setEnabled(False)
        actions = QHBoxLayout()
        actions.addWidget(self.chip)
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        for button in (self.add_button, self.edit_button, self.history_button, self.export_button):
            actions.addWidget(button)
        # The store sorts and pages (PagedTableModel): no proxy between model and view.
        self.model = InitiativeTableModel(services, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self._sorted_by = (0, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_indicator_moved)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((150, 0, 180, 200, 110, 70)):
            if width:
                self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.status_line = QLabel()
        self.status_line.setWordWrap(True)
        self.status_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_line)

    def retranslate_ui(self) -> None:
        self.filters.retranslate_ui()
        self.show_all.setText(_("Show all"))
        self.show_all.setToolTip(_("Show the initiatives of every country"))
        self.add_button.setText(_("&Add initiative…"))
        self.edit_button.setText(_("&Edit…"))
        self.history_button.setText(_("Histor&y…"))
        self.history_button.setToolTip(_("Every version of this initiative, and what each changed"))
        self.export_button.setText(_("E&xport…"))
        self.export_button.setToolTip(_("Save the listed initiatives as CSV or GeoJSON"))
        self.table.setAccessibleName(_("Initiatives"))
        self.model.retranslate()

    def show_counts(self, country_name: str | None) -> None:
        """The number listed, and the chip naming the country the list is limited to."""
        total = self.model.total()
        self.count_label.setText(
            ngettext("{n} initiative", "{n} initiatives", total).format(n=format_number(total))
        )
        if country_name is not None:
            text = _("Showing initiatives in {country}").format(country=country_name)
            self.chip_text.setText(text)
            self.show_all.setAccessibleName(f"{text} — {_('Show all')}")
        self.chip.setVisible(country_name is not None)

    def _sort_indicator_moved(self, column: int, order: Qt.SortOrder) -> None:
        if self.model.order_of(column) is None:  # a list column: the order stays, and says so
            self.table.horizontalHeader().setSortIndicator(*self._sorted_by)
        else:
            self._sorted_by = (column, order)

    def _enable(self) -> None:
        chosen = self.selected_record_id() is not None
        self.edit_button.setEnabled(chosen)
        self.history_button.setEnabled(chosen)

    def selected_record_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(RECORD_ID_ROLE)) if rows else None

    def select_record(self, record_id: str) -> None:
        """Select a record's row if it is among the rows read so far."""
        row = self.model.row_of(record_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def listed_names(self) -> list[str]:
        """The names of the rows read so far, in the order shown (for tests and checks)."""
        return [row.name for row in self.model.loaded_rows()]
