"""What the PyInstaller build leaves out: one rule per kind of file, each with its reason.

PyInstaller's hooks collect everything a library *might* use; the app uses far less. The
spec (``icati.spec``) passes every collected file's destination path (relative to the
bundle root, ``/``-separated) through :func:`keep`; ``tests/test_packaging.py`` checks the
rules against paths of the real layout, so a rule that drops too much fails ``make test``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

QT = "PySide6/Qt/"

QT_PLUGINS_DROPPED = {
    # Embedded and remote-only display back-ends; X11 (xcb), Wayland, offscreen stay.
    "platforms/libqeglfs",
    "platforms/libqlinuxfb",
    "platforms/libqminimalegl",
    "platforms/libqvkkhrdisplay",
    "platforms/libqvnc",
    "egldeviceintegrations/",
    "generic/",  # evdev/tuio input for eglfs kiosks
    # The GTK theme would load the system's GTK against the older GLib, cairo and pango
    # PyInstaller copies in — a classic crash; dialogs stay native through the portal.
    "platformthemes/libqgtk3",
    # Image formats nobody opens in this app; PNG is built in, JPEG/GIF/SVG/ICO stay.
    "imageformats/libqpdf",  # would pull the whole QtPdf library in
    "imageformats/libqtiff",
    "imageformats/libqwebp",
    "imageformats/libqtga",
    "imageformats/libqwbmp",
    "imageformats/libqicns",
    "sqldrivers/",
    "designer/",
    "qmltooling/",
    "qmllint/",
    "printsupport/",
    "vectorimageformats/",
    "tls/",
    "networkinformation/",
}
"""Plug-in paths (under ``PySide6/Qt/plugins/``) that are left out, by prefix."""

QT_LIBRARIES_DROPPED = re.compile(
    r"libQt6(Pdf|Quick|Qml|WebEngine|3D|Multimedia|Designer|EglF[Ss]|Test|Sql|Network"
    r"|OpenGLWidgets|Charts|DataVisualization|Graphs|Bluetooth|Positioning|Location|Help)"
)
"""Qt libraries the app never loads (only the plug-ins dropped above would)."""

PACKAGES_EXCLUDED = (
    # Other Qt bindings and GUI toolkits that matplotlib's hooks may reach for.
    "tkinter",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "IPython",
    # Qt modules the app does not import (the hooks would add their libraries).
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtPdf",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtUiTools",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtWebEngineCore",
    "PySide6.QtMultimedia",
    "PySide6.Qt3DCore",
    # Test suites and developer tools shipped inside libraries.
    "matplotlib.tests",
    "matplotlib.testing",
    "numpy.tests",
    "numpy.testing",
    "numpy.f2py",
    "PIL.ImageQt",
    "sqlalchemy.testing",
    "pydoc",
    "lib2to3",
    "pytest",
    "hypothesis",
    "pypdf",
    "mypy",  # reached through pydantic's mypy plug-in
    "pydantic.mypy",
    "ast_serialize",
    "readline",  # the command reads no interactive input; saves readline and ncurses
    # Pillow codecs matplotlib never uses (it writes PNG); each drags its own libraries.
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "PIL._imagingcms",
    "PIL.ImageCms",
    "PIL._imagingtk",
    "PIL.ImageTk",
    # PostgreSQL is for a central office; field laptops use SQLite. psycopg (pure Python)
    # stays and uses the system's libpq where PostgreSQL is installed.
    "psycopg_binary",
    # Optional extras of libraries the app uses: lark's pretty printer (rich, pygments,
    # markdown-it), mako's syntax highlighting, pyparsing's diagrams, the setuptools-era
    # entry-point fallback of babel (importlib.metadata does it on Python 3.11), doctest.
    # (unittest stays: pyparsing imports its test helpers, and matplotlib pyparsing.)
    "rich",
    "pygments",
    "markdown_it",
    "mako.ext",
    "jinja2",
    "pyparsing.diagram",
    "pkg_resources",
    "doctest",
    # SQLAlchemy dialects for databases the app does not support.
    "sqlalchemy.dialects.mysql",
    "sqlalchemy.dialects.mssql",
    "sqlalchemy.dialects.oracle",
)
"""Modules PyInstaller is told never to collect (``Analysis(excludes=...)``)."""

MATPLOTLIB_KEPT_FONTS = re.compile(
    r"(DejaVuSans(-Bold|-Oblique|-BoldOblique)?\.ttf|LastResort.*|LICENSE_DEJAVU)$"
)


def keep(dest: str, languages: Iterable[str]) -> bool:
    """Whether the collected file at ``dest`` belongs in the build.

    ``languages`` are the UI languages (``icati_desktop.i18n.SUPPORTED_LANGUAGES``): Qt's,
    babel's and pycountry's catalogs are kept for those only.
    """
    dest = dest.replace("\\", "/")
    wanted = tuple(languages)
    if dest.startswith(QT + "plugins/"):
        plugin = dest.removeprefix(QT + "plugins/")
        return not any(plugin.startswith(prefix) for prefix in QT_PLUGINS_DROPPED)
    if dest.startswith(QT + "translations/"):
        return _qt_translation_kept(dest.rsplit("/", 1)[-1], wanted)
    name = dest.rsplit("/", 1)[-1]
    if QT_LIBRARIES_DROPPED.match(name):
        return False
    if dest.startswith("babel/locale-data/"):
        return _babel_locale_kept(name, wanted)
    if dest.startswith("pycountry/locales/"):
        return dest.split("/")[2].split("_")[0] in wanted  # pt and pt_BR for pt
    if dest.startswith("matplotlib/mpl-data/"):
        return _mpl_data_kept(dest.removeprefix("matplotlib/mpl-data/"))
    return True


def _qt_translation_kept(name: str, languages: tuple[str, ...]) -> bool:
    """qtbase only (the app's own widgets and dialogs), for the UI languages (pt: pt_BR…)."""
    match = re.fullmatch(r"qtbase_([a-z]{2,3})(_[A-Z]{2})?\.qm", name)
    return bool(match) and match.group(1) in languages and match.group(1) != "en"


def _babel_locale_kept(name: str, languages: tuple[str, ...]) -> bool:
    """root (every locale's parent) and each UI language with its regional variants."""
    stem = name.removesuffix(".dat")
    return stem == "root" or any(stem == lang or stem.startswith(f"{lang}_") for lang in languages)


def _mpl_data_kept(path: str) -> bool:
    """matplotlibrc and the default sans-serif font; no samples, toolbar images or styles."""
    if path == "matplotlibrc":
        return True
    if path.startswith("fonts/ttf/"):
        return bool(MATPLOTLIB_KEPT_FONTS.search(path))
    return False


def filtered_qt_dependencies(hook_file: str) -> tuple[list[Any], list[Any], list[Any]]:
    """PyInstaller's own Qt hook for ``hook_file``, less the plug-ins and catalogs dropped.

    Dropping them here, in a hook, rather than after the analysis, also keeps out the
    libraries only they need (the GTK theme alone would bring GLib, cairo and pango).
    """
    from PyInstaller.utils.hooks.qt import add_qt6_dependencies

    from icati_desktop.i18n import SUPPORTED_LANGUAGES

    hiddenimports, binaries, datas = add_qt6_dependencies(hook_file)

    def kept(entries: list[Any]) -> list[Any]:
        return [
            (source, folder)
            for source, folder in entries
            if keep(f"{folder}/{Path(source).name}", SUPPORTED_LANGUAGES)
        ]

    return hiddenimports, kept(binaries), kept(datas)


__all__ = ["PACKAGES_EXCLUDED", "filtered_qt_dependencies", "keep"]
