"""Icons from ``resources/icons/`` (Lucide SVGs), drawn in the look's text colour.

The SVGs stroke with ``currentColor``; :func:`icon` puts the colour in force there and
renders through Qt's SVG image plug-in, so one file serves light, dark and high contrast.
Icons are cached per colour; call :func:`icon` again after the look changes (the main
window does it on :func:`icati_desktop.gui.theme.state` ``changed``).
"""

from __future__ import annotations

import weakref
from functools import cache

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QAction, QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import QAbstractButton

from icati_desktop.gui.theme import current_colours, state
from icati_desktop.paths import resource

SIZES = (16, 20, 24, 32, 48)


@cache
def _svg(name: str) -> str:
    path = resource("icons", f"{name}.svg")
    return path.read_text(encoding="utf-8")


def _pixmap(svg: bytes, size: int) -> QPixmap:
    data = QByteArray(svg)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(b"svg"))
    reader.setScaledSize(QSize(size, size))
    return QPixmap.fromImage(reader.read())


@cache
def _icon(name: str, normal: str, selected: str, disabled: str) -> QIcon:
    result = QIcon()
    for colour, mode in (
        (normal, QIcon.Mode.Normal),
        (selected, QIcon.Mode.Selected),
        (disabled, QIcon.Mode.Disabled),
    ):
        svg = _svg(name).replace("currentColor", colour).encode("utf-8")
        for size in SIZES:
            result.addPixmap(_pixmap(svg, size), mode)
    return result


def icon(name: str, colour: str | None = None) -> QIcon:
    """The icon ``resources/icons/<name>.svg`` in ``colour`` (default: the look's text),
    in the selection's text colour when selected and muted when disabled."""
    colours = current_colours()
    return QIcon(_icon(name, colour or colours.text, colours.selection_text, colours.muted))


_themed: weakref.WeakKeyDictionary[QAbstractButton | QAction, str] = weakref.WeakKeyDictionary()


def set_icon(target: QAbstractButton | QAction, name: str) -> None:
    """Give a button or action the icon ``name``, painted again whenever the look changes."""
    if not _themed:
        state().changed.connect(_repaint)
    _themed[target] = name
    target.setIcon(icon(name))


def _repaint() -> None:
    for target, name in list(_themed.items()):
        try:
            target.setIcon(icon(name))
        except RuntimeError:  # its widget was deleted; the entry goes with the wrapper
            continue


__all__ = ["icon", "set_icon"]
