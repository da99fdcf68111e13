"""The app's own preferences (not the store's): typed keys over QSettings."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter, QWidget


@dataclass(frozen=True)
class TextOption:
    key: str
    default: str

    def get(self, settings: QSettings) -> str:
        value = settings.value(self.key, self.default)
        return value if isinstance(value, str) else self.default

    def set(self, settings: QSettings, value: str) -> None:
        settings.setValue(self.key, value)


@dataclass(frozen=True)
class IntOption:
    key: str
    default: int

    def get(self, settings: QSettings) -> int:
        value = settings.value(self.key, self.default)
        try:
            return int(str(value))
        except ValueError:
            return self.default

    def set(self, settings: QSettings, value: int) -> None:
        settings.setValue(self.key, value)


LANGUAGE = TextOption("ui/language", "en")
LAST_DATA_DIR = TextOption("store/last_data_dir", "")
CENTRAL_DATABASE = TextOption("store/central_database", "")
"""The central database last connected to (its address without the password)."""
LAST_BUNDLE_DIR = TextOption("sync/last_bundle_dir", "")
CURRENT_SECTION = IntOption("ui/section", 0)


def save_splitters(settings: QSettings, root: QWidget) -> None:
    """The sizes of every named splitter under ``root`` (pane widths people chose)."""
    for splitter in root.findChildren(QSplitter):
        if splitter.objectName():
            settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())


def restore_splitters(settings: QSettings, root: QWidget) -> None:
    for splitter in root.findChildren(QSplitter):
        state = settings.value(f"splitters/{splitter.objectName()}")
        if splitter.objectName() and isinstance(state, QByteArray):
            splitter.restoreState(state)


def save_geometry(settings: QSettings, key: str, state: QByteArray) -> None:
    settings.setValue(f"geometry/{key}", state)


def load_geometry(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(f"geometry/{key}")
    return value if isinstance(value, QByteArray) else None
