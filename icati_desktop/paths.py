"""Where the app's bundled files and its data directory are.

Bundled files (``ui/``, ``resources/``, ``translations/``) sit in one of three places:

* a source checkout: top-level directories next to the ``icati_desktop`` package;
* an installed wheel: ``icati_desktop/_data/<name>`` (hatchling ``force-include``);
* a PyInstaller build: under ``sys._MEIPASS``, either as ``icati_desktop/_data/<name>``
  or as ``<name>`` at the top of the bundle.

The data directory (databases, logs, backups) is chosen in this order: an explicit
``--data-dir`` (handled by the caller), ``$ICATI_DATA_DIR``, portable mode, then the
platform's user data directory.

Portable mode (a frozen build with ``portable.txt`` beside the executable) also keeps
what libraries write for themselves — matplotlib's font cache, fontconfig's cache,
temporary files — inside ``icati-data/`` (:func:`enter_portable_mode`), so an app run
from a USB stick leaves nothing on the laptop.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import platformdirs

APP_NAME = "ICATI Desktop"
APP_AUTHOR = "ICATI"
DATA_DIR_ENV = "ICATI_DATA_DIR"
PORTABLE_MARKER = "portable.txt"
PORTABLE_DATA_DIR = "icati-data"
PORTABLE_SETTINGS_DIR = "settings"
"""Under the portable data directory: the app's preferences (QSettings, as INI files)."""

_PACKAGE_DIR = Path(__file__).resolve().parent


class BundledDirNotFoundError(FileNotFoundError):
    """A bundled directory is missing: the installation or checkout is incomplete."""


def candidate_dirs(name: str, *, package_dir: Path, frozen_root: Path | None) -> list[Path]:
    """The places ``name`` (``ui``, ``resources``, ``translations``) may be, best first."""
    candidates: list[Path] = []
    if frozen_root is not None:
        candidates += [frozen_root / "icati_desktop" / "_data" / name, frozen_root / name]
    candidates.append(package_dir / "_data" / name)
    checkout = package_dir.parent
    if (checkout / "pyproject.toml").is_file():
        candidates.append(checkout / name)
    return candidates


def locate_bundled_dir(name: str, *, package_dir: Path, frozen_root: Path | None) -> Path:
    """The first existing directory among :func:`candidate_dirs`."""
    candidates = candidate_dirs(name, package_dir=package_dir, frozen_root=frozen_root)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    tried = ", ".join(str(c) for c in candidates)
    raise BundledDirNotFoundError(f"bundled directory {name!r} not found (looked in: {tried})")


def _frozen_root() -> Path | None:
    meipass: str | None = getattr(sys, "_MEIPASS", None)
    return Path(meipass) if meipass else None


@cache
def _bundled_dir(name: str) -> Path:
    return locate_bundled_dir(name, package_dir=_PACKAGE_DIR, frozen_root=_frozen_root())


def resources_dir() -> Path:
    """``resources/``: icons, fonts, default content, world geometry."""
    return _bundled_dir("resources")


def ui_dir() -> Path:
    """``ui/``: Qt Designer forms and the stylesheet."""
    return _bundled_dir("ui")


def translations_dir() -> Path:
    """``translations/``: gettext catalogs, ``<lang>/LC_MESSAGES/icati.mo``."""
    return _bundled_dir("translations")


def resource(*parts: str) -> Path:
    """A path under ``resources/``, e.g. ``resource("fonts", "NotoSans-Regular.ttf")``.

    The path is not checked for existence; callers that need the file open it.
    """
    return resources_dir().joinpath(*parts)


def portable_data_dir(executable: str | os.PathLike[str], *, frozen: bool) -> Path | None:
    """``<exe dir>/icati-data`` when a frozen build runs in portable mode, else ``None``.

    Portable mode (field laptops, USB sticks) is on when ``portable.txt`` or an
    ``icati-data`` directory sits next to the executable. Only frozen builds qualify:
    in a development run the "executable" is the Python interpreter.
    """
    if not frozen:
        return None
    exe_dir = Path(executable).resolve().parent
    if (exe_dir / PORTABLE_MARKER).is_file() or (exe_dir / PORTABLE_DATA_DIR).is_dir():
        return exe_dir / PORTABLE_DATA_DIR
    return None


def portable_settings_file(data_dir: Path) -> Path:
    """The INI file a portable build keeps the app's preferences in (QSettings' layout)."""
    return data_dir / PORTABLE_SETTINGS_DIR / APP_AUTHOR / f"{APP_NAME}.ini"


def this_portable_data_dir() -> Path | None:
    """:func:`portable_data_dir` of the running executable (``None`` unless frozen)."""
    return portable_data_dir(sys.executable, frozen=bool(getattr(sys, "frozen", False)))


def portable_environment(data_dir: Path) -> dict[str, str]:
    """Environment variables that keep libraries' own files under ``data_dir``.

    ``MPLCONFIGDIR``: matplotlib's config and font cache. ``XDG_CACHE_HOME``: fontconfig's
    cache on Linux (and any other XDG cache user). ``TMPDIR``/``TEMP``/``TMP``: temporary
    files (Python's :mod:`tempfile`, Qt's ``QDir.tempPath()``) on every platform.
    """
    cache, temp = data_dir / "cache", str(data_dir / "tmp")
    return {
        "MPLCONFIGDIR": str(cache / "matplotlib"),
        "XDG_CACHE_HOME": str(cache),
        "TMPDIR": temp,
        "TEMP": temp,
        "TMP": temp,
    }


def enter_portable_mode(data_dir: Path | None = None) -> Path | None:
    """In portable mode, point library caches and temporary files into the data directory.

    Call it first thing in the process, before matplotlib or Qt are imported. Returns the
    portable data directory, or ``None`` (and changes nothing) outside portable mode.
    ``data_dir`` overrides the lookup (tests).
    """
    folder = data_dir if data_dir is not None else this_portable_data_dir()
    if folder is None:
        return None
    environment = portable_environment(folder)
    try:
        Path(environment["TMPDIR"]).mkdir(parents=True, exist_ok=True)
    except OSError:
        # A read-only stick: the store cannot be created there either, and opening it says
        # so; temporary files then go where the system puts them.
        for name in ("TMPDIR", "TEMP", "TMP"):
            environment.pop(name)
    os.environ.update(environment)
    tempfile.tempdir = None  # tempfile caches its choice; let it read TMPDIR again
    return folder


def default_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The data directory to use when no ``--data-dir`` was given. It is not created here."""
    env = os.environ if environ is None else environ
    override = env.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser().resolve()
    portable = this_portable_data_dir()
    if portable is not None:
        return portable
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


__all__ = [
    "APP_AUTHOR",
    "APP_NAME",
    "DATA_DIR_ENV",
    "PORTABLE_SETTINGS_DIR",
    "BundledDirNotFoundError",
    "default_data_dir",
    "enter_portable_mode",
    "locate_bundled_dir",
    "portable_data_dir",
    "portable_environment",
    "portable_settings_file",
    "resource",
    "resources_dir",
    "this_portable_data_dir",
    "translations_dir",
    "ui_dir",
]
