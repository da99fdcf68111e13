"""The mapping step: each expected column ← a column of the file, pre-filled by header."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QScrollArea, QWidget

from icati_desktop.formats.spreadsheet.columns import Column, match_columns
from icati_desktop.i18n import _


class MappingStep(QScrollArea):
    """One drop-down per column the import reads; the file's headers are the choices."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.boxes: dict[str, QComboBox] = {}
        self.setWidget(QWidget())

    def show_columns(self, columns: tuple[Column, ...], headers: tuple[str, ...]) -> None:
        found = match_columns(headers, columns)
        body = QWidget()
        form = QFormLayout(body)
        intro = QLabel(
            _(
                "Choose the file's column for each of these. Columns marked * are needed; "
                "the others may stay “Not in the file”."
            )
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.boxes = {}
        for column in columns:
            if column.informational:
                continue
            box = QComboBox()
            box.setObjectName(f"map_{column.key}")
            box.addItem(_("Not in the file"), None)
            for index, header in enumerate(headers):
                box.addItem(header or _("Column {n}").format(n=index + 1), index)
            hit = found.get(column.key)
            box.setCurrentIndex(0 if hit is None else hit + 1)
            label = column.shown() + (" *" if column.required else "")
            box.setAccessibleName(column.shown())
            form.addRow(label, box)
            self.boxes[column.key] = box
        self.setWidget(body)

    def mapping(self) -> dict[str, int | None]:
        return {key: box.currentData() for key, box in self.boxes.items()}

    def choose(self, key: str, header: str) -> None:
        box = self.boxes[key]
        box.setCurrentIndex(max(box.findText(header), 0))
