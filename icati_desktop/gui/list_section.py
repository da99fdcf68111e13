"""The list part of a section page: its filters, a count line, and the table of stored
records or, in the table's place, a sentence saying what to do.

The sentence differs when nothing is stored yet and when the filters hide every row; in
the second case a button can clear the filters. The page keeps what is its own: the
filter widgets and how they read, the model and how it loads through the DB worker, the
column widths, and the texts (it passes them to :meth:`ListSection.show_total`).

A page whose list gives way to a record's editor (Events, Meetings) puts both in a
:class:`ListAndEditor`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.table_roles import RECORD_ID_ROLE


class TableOrEmpty(QStackedWidget):
    """A table of records, or in its place a sentence saying what to do while it has no
    rows; with ``clearable``, a button under the sentence that clears the filters.

    ``name`` names the table ``{name}_table`` and the sentence ``{name}_empty``."""

    clear_requested = Signal()
    """The person asked to clear the filters (the button under the sentence)."""

    def __init__(
        self,
        model: QAbstractItemModel,
        name: str,
        *,
        clearable: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.table = QTableView()
        self.table.setObjectName(f"{name}_table")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.empty = QLabel()
        self.empty.setObjectName(f"{name}_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.clear_button = QPushButton(self)
        self.clear_button.clicked.connect(self.clear_requested)
        self.clearable = clearable
        self.addWidget(self.table)
        if clearable:
            empty_box = QWidget()
            empty_layout = QVBoxLayout(empty_box)
            empty_layout.addStretch(1)
            empty_layout.addWidget(self.empty)
            empty_layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignHCenter)
            empty_layout.addStretch(2)
            self.addWidget(empty_box)
        else:
            self.clear_button.hide()
            self.addWidget(self.empty)

    def show_rows(self, count: int) -> None:
        """The table if it has rows, else the sentence."""
        self.setCurrentIndex(0 if count else 1)

    def enable_sorting(self, column: int = 0) -> None:
        """The header sorts (in the store); rows start in ascending order of ``column``."""
        self.table.horizontalHeader().setSortIndicator(column, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)

    def set_widths(self, widths: Sequence[int], *, stretch: int) -> None:
        """Columns the person can resize, starting at ``widths`` (0: Qt's default), and
        column ``stretch`` taking the room left."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate(widths):
            if width:
                self.table.setColumnWidth(column, width)

    def fit_columns(self, widest: int = 320) -> None:
        """Columns as wide as the rows in view need (never reading rows out of view)."""
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(0)
        self.table.resizeColumnsToContents()
        for column in range(header.count() - 1):
            header.resizeSection(column, min(header.sectionSize(column) + 12, widest))


class ListSection(QWidget):
    """Filters (optional), a count line, then the table or the empty state
    (:class:`TableOrEmpty`, same ``name`` and ``clearable``).

    The page connects :attr:`clear_requested` to its filters and sets the button's text.
    With ``count_line=False`` the page lays out :attr:`count_label` itself (above a
    splitter, say)."""

    clear_requested = Signal()
    """The person asked to clear the filters (the empty state's button)."""
    opened = Signal(str)
    """A row was activated (Enter) or double-clicked: the record id it holds."""

    def __init__(
        self,
        model: QAbstractItemModel,
        name: str,
        *,
        filters: QWidget | None = None,
        clearable: bool = False,
        count_line: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.results = TableOrEmpty(model, name, clearable=clearable)
        self.results.clear_requested.connect(self.clear_requested)
        self.table, self.empty = self.results.table, self.results.empty
        self.clear_button = self.results.clear_button
        self.table.activated.connect(self._open_index)
        self.table.doubleClicked.connect(self._open_index)
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if filters is not None:
            layout.addWidget(filters)
        if count_line:
            layout.addWidget(self.count_label)
        layout.addWidget(self.results, 1)

    def show_total(
        self,
        total: int,
        count: str,
        *,
        filtered: bool,
        when_filtered: str,
        when_none: str,
        clearable: bool | None = None,
    ) -> None:
        """Show ``count``, and the table if there are rows, else the sentence that fits:
        ``when_filtered`` if the filters hide every row, ``when_none`` if nothing is there.
        The clear button shows when ``clearable`` (by default: when ``filtered``)."""
        self.count_label.setText(count)
        self.results.show_rows(total)
        if self.results.clearable:
            self.clear_button.setVisible(filtered if clearable is None else clearable)
        self.empty.setText(when_filtered if filtered else when_none)

    def selected_id(self) -> str | None:
        """The record id of the selected row, or None."""
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(RECORD_ID_ROLE)) if rows else None

    def _open_index(self, index: QModelIndex) -> None:
        record_id = index.data(RECORD_ID_ROLE)
        if record_id:
            self.opened.emit(str(record_id))


class ListAndEditor(QStackedWidget):
    """A section page's list — a header line (the title, the page's buttons on the right),
    its :class:`ListSection`, a status line and what the page adds ``below`` — or, in its
    place while one record is open, the record's editor."""

    def __init__(
        self,
        title: QLabel,
        buttons: Sequence[QWidget],
        section: ListSection,
        status_line: QLabel,
        editor: QWidget,
        *,
        below: Sequence[QWidget] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        for button in buttons:
            header.addWidget(button)
        list_page = QWidget()
        layout = QVBoxLayout(list_page)
        layout.addLayout(header)
        layout.addWidget(section, 1)
        layout.addWidget(status_line)
        for widget in below:
            layout.addWidget(widget)
        self.editor = editor
        self.addWidget(list_page)
        self.addWidget(editor)

    def editing(self) -> bool:
        return self.currentWidget() is self.editor

    def show_editor(self) -> None:
        self.setCurrentWidget(self.editor)

    def show_list(self) -> None:
        self.setCurrentIndex(0)
