"""After a resolution: ask first, then say what was written, with an Undo button.

Resolving writes a version every device will show, so it asks for confirmation
(:func:`confirm_resolution`). :class:`OutcomeBar` then says what the new version changed
("Year: 2009 → 2008") and offers Undo, which writes the previous state back as a new
version (:func:`icati_desktop.store.resolution_undo.undo_resolution`).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from icati_desktop.gui.sync.conflict_values import isolate
from icati_desktop.i18n import _
from icati_desktop.store.change_text import FieldChange

MAX_LISTED = 6


def confirm_resolution(parent: QWidget, title: str, summary: str) -> bool:
    """Ask before writing a resolution (Cancel is the default button)."""
    box = QMessageBox(parent)
    box.setObjectName("confirmResolution")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Resolve this conflict?"))
    box.setText(_("Resolve the conflict on “{title}”?").format(title=isolate(title)))
    box.setInformativeText(
        summary
        + "\n\n"
        + _("Every device will show this version after the next exchange. You can undo it.")
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText(_("Resolve"))
    return box.exec() == QMessageBox.StandardButton.Yes


def changes_text(changes: list[FieldChange]) -> str:
    """ "Year: 2009 → 2008; Publisher: UN → UNODC" (the first few, then how many more)."""
    parts = [
        _("{field}: {old} → {new}").format(
            field=isolate(c.field), old=isolate(c.old), new=isolate(c.new)
        )
        for c in changes[:MAX_LISTED]
    ]
    if len(changes) > MAX_LISTED:
        parts.append(_("and {n} more").format(n=len(changes) - MAX_LISTED))
    return "; ".join(parts)


class OutcomeBar(QFrame):
    """What the last resolution (or its undo) wrote, and an Undo button."""

    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resolutionOutcome")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.undo_button = QPushButton()
        self.undo_button.setObjectName("undo_resolution")
        self.undo_button.clicked.connect(self.undo_requested)
        layout = QHBoxLayout(self)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.undo_button)
        self.retranslate_ui()
        self.hide()

    def retranslate_ui(self) -> None:
        self.undo_button.setText(_("&Undo"))
        self.undo_button.setToolTip(
            _("Write the values shown before the resolution back as a new version")
        )

    def show_resolved(self, title: str, changes: list[FieldChange]) -> None:
        what = changes_text(changes) or _("the values shown before were kept")
        self.message.setText(
            "<b>{}</b> {}".format(
                html.escape(_("Resolved “{title}”.").format(title=isolate(title))),
                html.escape(_("Written: {changes}.").format(changes=what)),
            )
        )
        self.undo_button.setVisible(True)
        self.undo_button.setEnabled(True)
        self.show()

    def show_undone(self, title: str, changes: list[FieldChange]) -> None:
        what = changes_text(changes) or _("nothing differed")
        self.message.setText(
            "<b>{}</b> {}".format(
                html.escape(_("Resolution undone on “{title}”.").format(title=isolate(title))),
                html.escape(_("Written back: {changes}.").format(changes=what)),
            )
        )
        self.undo_button.setVisible(False)
        self.show()

    def show_error(self, message: str) -> None:
        self.message.setText(html.escape(message))
        self.undo_button.setEnabled(False)
        self.show()
