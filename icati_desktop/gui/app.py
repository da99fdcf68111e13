"""Start the desktop app: settings, language, fonts, logging, then the first screen.

Only what the first screen needs is imported here; the window, its sections and the
database layer load later (:mod:`icati_desktop.gui.startup`), and a test keeps it so.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from icati_desktop import __version__
from icati_desktop.gui.app_icon import ICON_NAME, application_icon
from icati_desktop.gui.crash import install_excepthook
from icati_desktop.gui.fonts import register_bundled_fonts
from icati_desktop.gui.language import apply_language
from icati_desktop.gui.settings import CENTRAL_DATABASE, LANGUAGE, LAST_DATA_DIR
from icati_desktop.gui.settings_folder import keep_settings_in
from icati_desktop.gui.startup import Startup, ask_passphrase_if_locked
from icati_desktop.gui.sync import BUNDLE_SUFFIX
from icati_desktop.gui.theme import apply_look, chosen_look
from icati_desktop.i18n import _
from icati_desktop.logs import setup_logging
from icati_desktop.paths import (
    DATA_DIR_ENV,
    DB_FILENAME,
    PORTABLE_SETTINGS_DIR,
    default_data_dir,
    portable_data_dir,
    this_portable_data_dir,
)
from icati_desktop.store.private_files import use_private_umask

if TYPE_CHECKING:
    from icati_desktop.sync.central_opening import CentralTarget


@dataclass(frozen=True)
class AppArgs:
    """The app's own command line; everything else is left for Qt (``-style``, ``-platform``…)."""

    data_dir: str | None
    bundles: list[Path]
    qt_args: list[str]
    smoke: bool = False
    db: str | None = None


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
    parser.add_argument(
        "--db",
        metavar="URL",
        help="work on the central PostgreSQL database at URL, e.g. "
        "postgresql://USER@SERVER/icati (the password is asked, or taken from the keyring)",
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
    return AppArgs(known.data_dir, bundles, [program, *others], known.smoke, known.db)


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
    apply_look(app, chosen_look(QSettings()))
    try:
        central = central_target(parsed.db, data_dir)
    except ValueError as exc:  # DatabaseUrlError: the --db address cannot be read
        QMessageBox.critical(None, _("ICATI Desktop"), str(exc))
        return 2
    passphrase = None
    if central is None:
        go_on, passphrase = ask_passphrase_if_locked(data_dir)
        if not go_on:
            return 0
    startup = Startup(app, data_dir, parsed.bundles, passphrase, central)
    startup.start()
    try:
        return app.exec()
    finally:
        startup.shutdown()


def central_target(db_option: str | None, data_dir: Path) -> CentralTarget | None:
    """The central database to open: ``--db URL``, else the one connected to last time.

    A password in the URL is used for this start only; otherwise the kept one (keyring or
    private file) is, and if there is none the connection dialog asks for it. The database
    layer is loaded only when there is a central database to open.
    """
    kept = CENTRAL_DATABASE.get(QSettings()).strip()
    if db_option is None and not kept:
        return None
    from icati_desktop.store.credentials import CredentialStore
    from icati_desktop.store.database_url import DatabaseUrlError, parse_database_url
    from icati_desktop.sync.central_opening import CentralTarget

    if db_option is not None:
        address, password = parse_database_url(db_option)
    else:
        try:
            address, password = parse_database_url(kept)
        except DatabaseUrlError:
            return None
    return CentralTarget(address, password or CredentialStore(data_dir).password_for(address))
