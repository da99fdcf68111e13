"""Import from the GUI: preview every change, then Apply or Cancel; refusals say why."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from icati_desktop.domain.meetings import Meeting
from icati_desktop.gui.main_window import MainWindow
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.sync.preview import ImportPreviewDialog
from icati_desktop.store.demo import DemoSpec, run_demo
from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.importer import import_bundle
from tests.gui.drops import drop_files
from tests.store.helpers import all_versions
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
    drop_files(window, [bundle])
    qtbot.waitUntil(lambda: bool(previews), timeout=20_000)
    texts = [label.text() for label in previews[0].findChildren(QLabel)]
    assert any("Amina" in text for text in texts)


def test_import_complete_says_how_many_conflicts_it_opened_and_opens_the_inbox(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    hq = open_store(tmp_path / "hq")
    initialise_device(hq, Role.HQ, "ICATI HQ")
    expert = open_store(tmp_path / "expert")
    initialise_device(expert, Role.FIELD, "Amina")
    enrol(hq, expert)
    run_demo(expert, DemoSpec(seed=8, countries=1, meetings=1, action_items=0))
    export_bundle(expert, tmp_path / "first.icati")
    import_bundle(hq, tmp_path / "first.icati")
    rid = next(v.record_id for v in all_versions(expert) if v.record_type == "meeting")
    for store, title in ((hq, "Steering committee (HQ)"), (expert, "Steering committee (Amina)")):
        shown = RecordService(store).get(Meeting, rid).payload
        RecordService(store).update(rid, shown.model_copy(update={"title": title}))
    export_bundle(expert, tmp_path / "second.icati")
    hq.close()
    expert.close()

    window = hq_window(qtbot, make_services, tmp_path / "hq")
    window.show()
    window.flows.confirm = lambda _dialog: True
    said: list[str] = []

    def open_inbox() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, open_inbox)
            return
        said.append(box.text())
        next(b for b in box.buttons() if b.text() == "Open the conflicts").click()

    QTimer.singleShot(0, open_inbox)
    window.flows.preview(tmp_path / "second.icati")
    qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    assert "It opened 1 conflict" in said[0]
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.conflicts_page, timeout=5_000)
    qtbot.waitUntil(lambda: window.conflicts_page.list_model.rowCount() == 1, timeout=20_000)


def test_after_an_export_nothing_says_the_changes_are_not_yet_sent(
    qtbot: QtBot,
    make_services: ServicesFactory,
    field_bundle: tuple[Path, Path],
    messages: Messages,
    tmp_path: Path,
) -> None:
    expert_dir = tmp_path / "expert"
    expert = open_store(expert_dir)  # one edit since the bundle the fixture exported
    rid = next(v.record_id for v in all_versions(expert) if v.record_type == "meeting")
    shown = RecordService(expert).get(Meeting, rid).payload
    RecordService(expert).update(rid, shown.model_copy(update={"notes": "Follow up in May"}))
    expert.close()
    window = MainWindow(make_services(lambda: open_store(expert_dir)))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "not yet sent to HQ" in window.sync_state.text(), timeout=20_000)
    window.flows.export_to(tmp_path / "again.icati")
    qtbot.waitUntil(lambda: any(m[1] == "Bundle written" for m in messages.shown), timeout=20_000)
    qtbot.waitUntil(lambda: window.sync_page.history.rowCount() == 2, timeout=10_000)
    for label in (window.sync_state, window.sync_page.status_label):
        qtbot.waitUntil(lambda label=label: "waiting for HQ to confirm" in label.text())
        assert "not yet sent" not in label.text()
    history = window.sync_page.history
    senders = {history.item(row, 2).text() for row in range(history.rowCount())}
    assert senders == {"to HQ"}  # never the device's own name ("Amina")


def test_the_history_counts_an_import_like_the_preview(
    qtbot: QtBot,
    make_services: ServicesFactory,
    field_bundle: tuple[Path, Path],
    messages: Messages,
) -> None:
    hq_dir, bundle = field_bundle
    window = hq_window(qtbot, make_services, hq_dir)
    summaries: list[str] = []

    def confirm(dialog: ImportPreviewDialog) -> bool:
        summaries.extend(label.text() for label in dialog.findChildren(QLabel))
        return True

    window.flows.confirm = confirm
    window.flows.preview(bundle)
    qtbot.waitUntil(lambda: window.sync_page.history.rowCount() == 1, timeout=20_000)
    cell = window.sync_page.history.item(0, 3).text()
    new, total = cell.split(" new of ")
    assert f"{new} new changes of {total} in the bundle." in summaries
    assert window.sync_page.history.item(0, 2).text() == "Amina"
