"""HQ staff in the app on the central PostgreSQL store: two windows, one database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from icati_desktop.gui.app import parse_app_args
from icati_desktop.gui.central_dialog import CentralDatabaseDialog
from icati_desktop.gui.library.model import TITLE
from icati_desktop.gui.main_window import MainWindow
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.settings import CENTRAL_DATABASE
from icati_desktop.gui.startup import Startup
from icati_desktop.store.credentials import CredentialStore
from icati_desktop.store.database_url import parse_database_url
from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.sync.central_opening import CentralTarget, open_central_store
from icati_desktop.sync.device_setup import initialise_device
from tests.gui.stores import open_or_create
from tests.pg import PgDatabases
from tests.store.helpers import resource
from tests.store.test_central_store import MemoryKeyring

ServicesFactory = Callable[[Callable[[], Store]], AppServices]


@pytest.fixture
def central_url(pg_url: str, tmp_path: Path) -> Iterator[str]:
    """A central database set up by HQ (from another data folder)."""
    databases = PgDatabases(pg_url)
    url = databases.new()
    setup = open_store(tmp_path / "setup", url)
    initialise_device(setup, Role.HQ, "ICATI HQ")
    setup.close()
    yield url
    databases.drop_all()


def library_titles(window: MainWindow) -> list[str]:
    model = window.library_page.model
    return [
        str(model.data(model.index(row, TITLE), Qt.ItemDataRole.DisplayRole))
        for row in range(model.rowCount())
    ]


def central_window(
    qtbot: QtBot, make_services: ServicesFactory, data_dir: Path, url: str
) -> MainWindow:
    address, password = parse_database_url(url)
    target = CentralTarget(address, password)
    window = MainWindow(make_services(lambda: open_central_store(data_dir, target)))
    window.show_store(address.label)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.home.counts.rowCount() > 0, timeout=20_000)
    return window


def test_a_resource_added_in_one_window_appears_in_the_other(
    central_url: str, qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    amina = central_window(qtbot, make_services, tmp_path / "amina", central_url)
    jean = central_window(qtbot, make_services, tmp_path / "jean", central_url)
    assert "icati_t_" in jean.windowTitle()  # the window says which database it works on
    jean.show()
    jean.show_section(1)
    qtbot.waitUntil(lambda: jean.library_page.model.rowCount() > 0, timeout=20_000)
    assert "Kenya: case management in the community" not in library_titles(jean)
    added: list[object] = []
    amina.services.run(
        lambda store: RecordService(store).create(
            resource("Kenya: case management in the community")
        ),
        added.append,
    )
    qtbot.waitUntil(lambda: bool(added), timeout=10_000)
    # No restart, no click: Jean's library shows it within a few seconds.
    qtbot.waitUntil(
        lambda: "Kenya: case management in the community" in library_titles(jean),
        timeout=10_000,
    )


def test_the_connect_dialog_checks_the_database_and_keeps_the_password_aside(
    qtbot: QtBot, central_url: str, tmp_path: Path
) -> None:
    address, _password = parse_database_url(central_url)
    credentials = CredentialStore(tmp_path / "data", MemoryKeyring())
    dialog = CentralDatabaseDialog(tmp_path / "data", credentials=credentials)
    qtbot.addWidget(dialog)
    dialog.server.setText(address.host)
    dialog.port.setValue(address.port)
    dialog.user.setText(address.user)
    dialog.database.setText("no_such_icati_db")
    dialog.password.setText("typed-pw")
    dialog.connect_button.click()
    qtbot.waitUntil(
        lambda: "no database named no_such_icati_db" in dialog.error.text(), timeout=15_000
    )
    assert dialog.result() != CentralDatabaseDialog.DialogCode.Accepted
    dialog.database.setText(address.database)
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: dialog.choice is not None, timeout=15_000)
    assert dialog.choice is not None
    assert dialog.choice.probe.initialised
    kept = CENTRAL_DATABASE.get(QSettings())
    assert kept == address.text
    assert "typed-pw" not in kept
    assert credentials.password_for(address) == "typed-pw"


def test_the_dialog_names_what_is_missing_before_connecting(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = CentralDatabaseDialog(tmp_path, credentials=CredentialStore(tmp_path, MemoryKeyring()))
    qtbot.addWidget(dialog)
    dialog.server.setText("db.hq.example")
    dialog.connect_button.click()
    assert "name of the database" in dialog.error.text()
    assert dialog.connect_button.isEnabled()


def test_the_app_opens_the_central_database_and_goes_back_to_this_computer(
    central_url: str,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    db_thread_guard: object,
) -> None:
    data_dir = tmp_path / "data"
    windows: list[MainWindow] = []

    def local() -> Store:
        return open_or_create(data_dir, None)

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    session = Startup(app, data_dir, [], open_local=local)
    session.window_shown.connect(windows.append)
    address, password = parse_database_url(central_url)
    CENTRAL_DATABASE.set(QSettings(), address.text)
    session.start_central(CentralTarget(address, password))
    try:
        qtbot.waitUntil(lambda: bool(windows), timeout=20_000)
        central = windows[-1]
        assert address.label in central.windowTitle()
        assert central.local_action.isVisible()
        assert not central.passphrase_action.isVisible()
        qtbot.waitUntil(
            lambda: "central office" in central.home.device_label.text(), timeout=20_000
        )
        monkeypatch.setattr(
            QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes
        )
        central.local_action.trigger()
        qtbot.waitUntil(lambda: len(windows) == 2, timeout=20_000)
        own = windows[-1]
        assert own.windowTitle() == "ICATI Desktop"
        assert not own.local_action.isVisible()
        assert CENTRAL_DATABASE.get(QSettings()) == ""
        qtbot.waitUntil(lambda: "field device" in own.home.device_label.text(), timeout=20_000)
    finally:
        session.close()


def test_db_is_an_option_of_the_app() -> None:
    parsed = parse_app_args(
        ["icati-desktop", "--db", "postgresql://hq@server/icati", "-style", "x"]
    )
    assert parsed.db == "postgresql://hq@server/icati"
    assert parsed.qt_args == ["icati-desktop", "-style", "x"]


def test_without_hqs_keys_the_devices_section_says_where_they_go(
    central_url: str, qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    window = central_window(qtbot, make_services, tmp_path / "jean", central_url)
    page = window.trust_page
    qtbot.waitUntil(lambda: "keys folder" in page.hint.text(), timeout=20_000)
    assert str(tmp_path / "jean" / "central") in page.hint.text()
    assert page.identity_box.isHidden()
    assert page.enrol_button.isHidden()
