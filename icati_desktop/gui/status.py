"""Mark a widget with a status the stylesheet colours (error, done, overdue, conflict…).

``set_status(label, "overdue")`` sets the dynamic ``status`` property that ``ui/style.qss``
styles per look, and re-polishes the widget so the change shows at once. Item views colour
their cells with :func:`status_brush` (the stylesheet does not reach a model's items).
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QWidget

from icati_desktop.gui.theme import current_colours
from icati_desktop.gui.theme_colours import STATUSES, status_colour


def set_status(widget: QWidget, status: str | None, *, notice: bool = False) -> None:
    """Colour ``widget`` for ``status`` (``None``: plain); ``notice``: a tinted, framed box."""
    if status is not None and status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; one of {STATUSES}")
    name = "notice" if notice else "status"
    widget.setProperty(name, status or "")
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def status_brush(status: str) -> QBrush:
    """The text colour of ``status`` in the look in force, for ``Qt.ForegroundRole``."""
    return QBrush(QColor(status_colour(current_colours(), status)))


def error_line(object_name: str = "") -> QLabel:
    """A form's error message: wrapped, in the look's error colour, hidden until it says
    something."""
    label = QLabel()
    if object_name:
        label.setObjectName(object_name)
    label.setWordWrap(True)
    set_status(label, "error")
    label.hide()
    return label


__all__ = ["error_line", "set_status", "status_brush"]
