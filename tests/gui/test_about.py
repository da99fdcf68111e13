"""About in Arabic: the title and every value start on the window's leading (right) side."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from icati_desktop.gui.about import AboutDialog
from icati_desktop.gui.language import apply_language

DETAILS = {
    "data_dir": "/home/amina/.local/share/icati",
    "database": "icati.sqlite3",
    "device_id": "dev-3f9a2c",
    "role": "hq",
    "fingerprint": "K7QF-2M9D-XW4P-88RT",
}


@pytest.fixture
def arabic(qapp: QApplication) -> Iterator[None]:
    apply_language(qapp, "ar")
    yield
    apply_language(qapp, "en")


def test_latin_values_align_with_arabic_ones_in_an_arabic_window(
    qtbot: QtBot, arabic: None
) -> None:
    dialog = AboutDialog(DETAILS)
    qtbot.addWidget(dialog)
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
    for label in (dialog.title, *dialog.values.values()):
        assert label.alignment() & right == right, label.text()
    assert dialog.values["role"].text() == "المقر"


def test_this_devices_box_keeps_latin_values_beside_their_captions_in_arabic(
    qtbot: QtBot, arabic: None
) -> None:
    from icati_desktop.gui.sync.identity_box import IdentityBox

    box = IdentityBox()
    qtbot.addWidget(box)
    box.retranslate_ui()
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
    for label in (box.name_value, box.device_id_value, box.fingerprint_caption):
        assert label.alignment() & right == right
    layout = box.layout()
    assert layout is not None
    spacings = [layout.itemAt(i).spacerItem() for i in range(layout.count())]
    assert any(s is not None and s.sizeHint().width() >= 32 for s in spacings)
