"""Import from the GUI: preview every change, then Apply or Cancel; refusals say why."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from icati_desktop.gui.main_window import MainWindow
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.sync.preview import ImportPreviewDialog
from icati_desktop.store.demo import DemoSpec, run_demo
from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.exporter import export_bundle
from tests.sync.network import enrol

ServicesFactory = Callable[[Callable[[], Store]], AppServices]


class Messages:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []

    def record(self, kind: str) -> Callable[..., QMessageBox.StandardButton]:
        def show(_parent: object, title: str, text: str, *_a: object) -> QMessageBox.StandardButton:
            self.shown.append((kind, title, text))
            return QMessageBox.StandardButton.Ok

        return show


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[Messages]:
    box = Messages()
    monkeypatch.setattr(QMessageBox, "information", box.record("information"))
    monkeypatch.setattr(QMessageBox, "warning", box.record("warning"))
    return box


@pytest.fixture
def field_bundle(tmp_path: Path) -> tuple[Path, Path]:
    """An HQ data dir and a bundle from an enrolled expert with 3 meetings in it."""
    hq = open_store(tmp_path / "hq")
    initialise_device(hq, Role.HQ, "ICATI HQ")
    expert = open_store(tmp_path / "expert")
    initialise_device(expert, Role.FIELD, "Amina")
    enrol(hq, expert)
    run_demo(expert, DemoSpec(seed=8, countries=1, meetings=3, action_items=2))
    bundle = tmp_path / "amina.icati"
    export_bundle(expert, bundle)
    hq.close()
    expert.close()
    return tmp_path / "hq", bundle


def hq_window(qtbot: QtBot, make_services: ServicesFactory, hq_dir: Path) -> MainWindow:
    window = MainWindow(make_services(lambda: open_store(hq_dir)))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.home.counts.rowCount() > 0, timeout=20_000)
    return window


def meetings_shown(window: MainWindow) -> int:
    table = window.home.counts
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == "Meetings":
            return int(table.item(row, 1).text())
    return 0


def test_preview_then_apply(
    qtbot: QtBot,
    make_services: ServicesFactory,
    field_bundle: tuple[Path, Path],
    messages: Messages,
) -> None:
    hq_dir, bundle = field_bundle
    window = hq_window(qtbot, make_services, hq_dir)
    seen: list[dict[str, str]] = []

    def confirm(dialog: ImportPreviewDialog) -> bool:
        table = dialog.table
        seen.extend(
            {
                table.horizontalHeaderItem(c).text(): table.item(r, c).text()
                for c in range(table.columnCount())
            }
            for r in range(table.rowCount())
        )
        return True

    window.flows.confirm = confirm
    window.flows.preview(bundle)
    qtbot.waitUntil(lambda: any(m[1] == "Import complete" for m in messages.shown), timeout=20_000)
    meetings = next(row for row in seen if row["Records"] == "Meetings")
    assert meetings["Added"] == "3"
    qtbot.waitUntil(lambda: meetings_shown(window) == 3, timeout=10_000)
    qtbot.waitUntil(lambda: window.sync_page.history.rowCount() == 1, timeout=10_000)


def test_cancel_in_the_preview_changes_nothing(
    qtbot: QtBot,
    make_services: ServicesFactory,
    field_bundle: tuple[Path, Path],
    messages: Messages,
) -> None:
    hq_dir, bundle = field_bundle
    window = hq_window(qtbot, make_services, hq_dir)
    previews: list[ImportPreviewDialog] = []
    window.flows.confirm = lambda dialog: previews.append(dialog) or False
    window.flows.preview(bundle)
    qtbot.waitUntil(lambda: bool(previews), timeout=20_000)
    qtbot.wait(200)
    window.refresh()
    qtbot.wait(300)
    assert meetings_shown(window) == 0
    assert messages.shown == []


def test_a_refused_bundle_says_why_and_changes_nothing(
    qtbot: QtBot,
    make_services: ServicesFactory,
    field_bundle: tuple[Path, Path],
    messages: Messages,
    tmp_path: Path,
) -> None:
    hq_dir, _bundle = field_bundle
    junk = tmp_path / "junk.icati"
    junk.write_bytes(b"this is not a bundle")
    window = hq_window(qtbot, make_services, hq_dir)
    window.flows.preview(junk)
    qtbot.waitUntil(lambda: bool(messages.shown), timeout=10_000)
    kind, title, text = messages.shown[0]
    assert (kind, title) == ("warning", "Nothing was changed")
    assert text.startswith("This is not an ICATI sync file. Choose a file ending in .icati.")
    assert text.endswith("(Code for support: not_a_bundle)")


def test_dropping_a_bundle_on_the_window_previews_it(
    qtbot: QtBot,
    make_services: ServicesFactory,
    field_bundle: tuple[Path, Path],
    messages: Messages,
) -> None:
    hq_dir, bundle = field_bundle
    window = hq_window(qtbot, make_services, hq_dir)
    previews: list[ImportPreviewDialog] = []
    window.flows.confirm = lambda dialog: previews.append(dialog) or False
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(bundle))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: bool(previews), timeout=20_000)
    texts = [label.text() for label in previews[0].findChildren(QLabel)]
    assert any("Amina" in text for text in texts)
