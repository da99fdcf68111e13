"""Start the desktop app: settings, language, fonts, logging, the database thread, the window."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from icati_desktop import __version__
from icati_desktop.gui.app_icon import ICON_NAME, application_icon
from icati_desktop.gui.crash import install_excepthook
from icati_desktop.gui.db_worker import DatabaseWorker
from icati_desktop.gui.first_run import FirstRunGate
from icati_desktop.gui.fonts import register_bundled_fonts
from icati_desktop.gui.language import apply_language
from icati_desktop.gui.main_window import BUNDLE_SUFFIX, MainWindow
from icati_desktop.gui.passphrase_dialogs import UnlockDialog
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.settings import LANGUAGE, LAST_DATA_DIR
from icati_desktop.gui.settings_folder import keep_settings_in
from icati_desktop.i18n import _
from icati_desktop.logs import setup_logging
from icati_desktop.paths import (
    DATA_DIR_ENV,
    PORTABLE_SETTINGS_DIR,
    default_data_dir,
    portable_data_dir,
    this_portable_data_dir,
)
from icati_desktop.store.opened_copies import remove_opened_copies
from icati_desktop.store.opening import DB_FILENAME, is_encrypted_store, open_store, store_file
from icati_desktop.store.private_files import use_private_umask
from icati_desktop.store.store import Store
from icati_desktop.sync.protection import settle_protection


@dataclass(frozen=True)
class AppArgs:
    """The app's own command line; everything else is left for Qt (``-style``, ``-platform``…)."""

    data_dir: str | None
    bundles: list[Path]
    qt_args: list[str]
    smoke: bool = False


def parse_app_args(argv: Sequence[str]) -> AppArgs:
    """Split ``icati-desktop [--data-dir DIR] [FILE.icati]`` from Qt's own arguments.

    ``argv[0]`` is the program name. Arguments ending in ``.icati`` are bundles to preview
    ("Open with ICATI Desktop"); unknown options and their values go to ``QApplication``.
    """
    parser = argparse.ArgumentParser(
        prog="icati-desktop",
        description="ICATI Desktop. FILE.icati arguments open a sync bundle for preview.",
        allow_abbrev=False,  # never swallow a Qt option that starts like ours
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"data directory (default: ${DATA_DIR_ENV}, portable mode, the last one used, "
        "or the user data dir)",
    )
    parser.add_argument("--version", action="version", version=f"icati-desktop {__version__}")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="check this installation offscreen in a throwaway folder (stores, a bundle, "
        "the main window, charts, PDF reports), print each step and exit (0: all passed)",
    )
    known, rest = parser.parse_known_args(list(argv[1:]))
    bundles = [Path(a) for a in rest if a.endswith(BUNDLE_SUFFIX)]
    others = [a for a in rest if not a.endswith(BUNDLE_SUFFIX)]
    program = argv[0] if argv else "icati-desktop"
    return AppArgs(known.data_dir, bundles, [program, *others], known.smoke)


def holds_store(folder: Path) -> bool:
    """Whether ``folder`` still exists and has a store in it (worth reopening)."""
    return (folder / DB_FILENAME).is_file()


def choose_data_dir(
    cli_value: str | None,
    environ: Mapping[str, str],
    last: str,
    *,
    portable: Path | None,
    fallback: Path,
) -> Path:
    """The data directory, first rule that applies wins.

    ``--data-dir``, then ``$ICATI_DATA_DIR``, then portable mode, then the last data
    directory used (only if it still holds a store: a removed USB stick or a deleted
    folder must not leave the app opening an empty new store there), then ``fallback``
    (the platform's user data directory).
    """
    if cli_value is not None and cli_value.strip():
        return Path(cli_value.strip()).expanduser().resolve()
    env_value = environ.get(DATA_DIR_ENV, "").strip()
    if env_value:
        return Path(env_value).expanduser().resolve()
    if portable is not None:
        return portable
    if last.strip() and holds_store(Path(last.strip())):
        return Path(last.strip())
    return fallback


def startup_data_dir(cli_value: str | None) -> Path:
    """:func:`choose_data_dir` over this process: environment, executable, QSettings."""
    portable = portable_data_dir(sys.executable, frozen=bool(getattr(sys, "frozen", False)))
    return choose_data_dir(
        cli_value,
        os.environ,
        LAST_DATA_DIR.get(QSettings()),
        portable=portable,
        # With no variable and no portable folder this is the platform's user data dir.
        fallback=default_data_dir({}),
    )


def remember_data_dir(data_dir: Path) -> None:
    """Called once the store opened, so the next start without arguments reopens it."""
    LAST_DATA_DIR.set(QSettings(), str(data_dir))


def open_device_store(data_dir: Path, passphrase: str | None) -> Store:
    """Open the store (on the database thread) and finish any interrupted protection change."""
    store = open_store(data_dir, None, passphrase=passphrase)
    try:
        settle_protection(store)
    except BaseException:
        store.close()
        raise
    return store


def ask_passphrase_if_locked(data_dir: Path) -> tuple[bool, str | None]:
    """(go on?, passphrase): the unlock dialog, only for an encrypted store."""
    if not is_encrypted_store(data_dir):
        return True, None
    dialog = UnlockDialog(store_file(data_dir))
    if dialog.exec() != UnlockDialog.DialogCode.Accepted:
        return False, None
    return True, dialog.passphrase


def main(argv: Sequence[str] | None = None) -> int:
    use_private_umask()
    parsed = parse_app_args(list(sys.argv if argv is None else argv))
    if parsed.smoke:
        from icati_desktop.gui.smoke import run_smoke

        return run_smoke()
    # Set before QSettings() is read for the last data directory.
    QCoreApplication.setApplicationName("ICATI Desktop")
    QCoreApplication.setOrganizationName("ICATI")
    portable = this_portable_data_dir()
    if portable is not None:  # a USB stick keeps its preferences too
        keep_settings_in(portable / PORTABLE_SETTINGS_DIR)
    data_dir = startup_data_dir(parsed.data_dir)
    if data_dir.exists() and not data_dir.is_dir():
        refusal = QApplication(parsed.qt_args)
        apply_language(refusal, LANGUAGE.get(QSettings()))
        QMessageBox.critical(
            None,
            _("ICATI Desktop"),
            _("{path} is a file, not a folder. Choose a folder with --data-dir.").format(
                path=data_dir
            ),
        )
        return 2
    install_excepthook(setup_logging(data_dir))
    app = QApplication(parsed.qt_args)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(application_icon())
    QGuiApplication.setDesktopFileName(ICON_NAME)  # Wayland finds the icon by the entry
    register_bundled_fonts(app)
    apply_language(app, LANGUAGE.get(QSettings()))
    remove_opened_copies(data_dir)  # attachment copies a crash left behind
    go_on, passphrase = ask_passphrase_if_locked(data_dir)
    if not go_on:
        return 0
    worker = DatabaseWorker(lambda: open_device_store(data_dir, passphrase))
    services = AppServices(worker)
    bundles = parsed.bundles
    windows: list[MainWindow] = []

    def show_main_window() -> None:
        remember_data_dir(data_dir)  # the store opened: reopen it next time
        window = MainWindow(services)
        windows.append(window)
        window.show()
        if bundles:  # opened with a .icati file ("Open with ICATI Desktop")
            window.flows.preview(bundles[0])

    def cannot_open(error: BaseException) -> None:
        QMessageBox.critical(
            None, _("ICATI Desktop"), _("The data could not be opened: {error}").format(error=error)
        )
        app.exit(1)

    gate = FirstRunGate(services)
    gate.ready.connect(show_main_window)
    gate.cancelled.connect(app.quit)
    gate.failed.connect(cannot_open)
    gate.start()
    try:
        return app.exec()
    finally:
        worker.shutdown()
        remove_opened_copies(data_dir)
