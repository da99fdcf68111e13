"""The package's rules, checked without building it (the build itself is checked in CI by
``make package package-test``): what the PyInstaller build leaves out, the portable check's
reading of strace logs, the Linux desktop entry and file type, portable-mode settings."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from icati_desktop import paths
from icati_desktop.i18n import SUPPORTED_LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


filters = _load("bundle_filters")
portable_check = _load("check_portable")
QT = "PySide6/Qt/"


def kept(dest: str, languages: tuple[str, ...] = ("en", "fr", "ar")) -> bool:
    return bool(filters.keep(dest, languages))


@pytest.mark.parametrize(
    "dest",
    [
        QT + "plugins/platforms/libqxcb.so",
        QT + "plugins/platforms/libqwayland.so",
        QT + "plugins/platforms/libqoffscreen.so",
        QT + "plugins/platforms/qwindows.dll",
        QT + "plugins/imageformats/libqsvg.so",
        QT + "plugins/imageformats/libqjpeg.so",
        QT + "plugins/platformthemes/libqxdgdesktopportal.so",
        QT + "plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        QT + "translations/qtbase_fr.qm",
        QT + "translations/qtbase_ar.qm",
        QT + "lib/libQt6Gui.so.6",
        "libQt6Widgets.so.6",
        "babel/locale-data/root.dat",
        "babel/locale-data/fr.dat",
        "babel/locale-data/ar_EG.dat",
        "babel/global.dat",
        "pycountry/locales/fr/LC_MESSAGES/iso3166-1.mo",
        "pycountry/databases/iso3166-1.json",
        "matplotlib/mpl-data/matplotlibrc",
        "matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf",
        "resources/world/countries.geojson",
        "translations/fr/LC_MESSAGES/icati.mo",
        "icati_desktop/store/migrations/versions/0001_initial_schema.py",
    ],
)
def test_what_the_app_needs_is_kept(dest: str) -> None:
    assert kept(dest)


@pytest.mark.parametrize(
    "dest",
    [
        QT + "plugins/platforms/libqeglfs.so",
        QT + "plugins/platforms/libqvnc.so",
        QT + "plugins/imageformats/libqpdf.so",
        QT + "plugins/platformthemes/libqgtk3.so",
        QT + "plugins/sqldrivers/libqsqlite.so",
        QT + "translations/qtbase_de.qm",
        QT + "translations/qtbase_en.qm",
        QT + "translations/qtdeclarative_fr.qm",
        QT + "lib/libQt6Pdf.so.6",
        "libQt6Quick.so.6",
        "libQt6EglFsKmsSupport.so.6",
        "libQt6WebEngineCore.so.6",
        "babel/locale-data/de.dat",
        "babel/locale-data/frr.dat",
        "pycountry/locales/de/LC_MESSAGES/iso3166-1.mo",
        "matplotlib/mpl-data/sample_data/goog.npz",
        "matplotlib/mpl-data/images/home.png",
        "matplotlib/mpl-data/fonts/ttf/STIXGeneral.ttf",
    ],
)
def test_what_the_app_does_not_use_is_left_out(dest: str) -> None:
    assert not kept(dest)


def test_catalogs_follow_the_supported_languages() -> None:
    """A language added to the app brings its Qt, babel and pycountry catalogs along."""
    five = ("en", "fr", "ar", "es", "pt")
    for dest in (
        QT + "translations/qtbase_es.qm",
        QT + "translations/qtbase_pt_BR.qm",
        "babel/locale-data/pt_PT.dat",
        "pycountry/locales/pt_BR/LC_MESSAGES/iso3166-1.mo",
    ):
        assert kept(dest, five)
        assert not kept(dest)
    for language in SUPPORTED_LANGUAGES:
        assert kept(f"babel/locale-data/{language}.dat", SUPPORTED_LANGUAGES)


def _imported_modules() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "icati_desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_build_excludes_nothing_the_app_imports() -> None:
    """Importing e.g. PySide6.QtNetwork one day must not break only the packaged app."""
    imported = _imported_modules()
    clashes = sorted(
        name
        for name in imported
        for excluded in filters.PACKAGES_EXCLUDED
        if name == excluded or name.startswith(f"{excluded}.")
    )
    assert not clashes, f"remove these from PACKAGES_EXCLUDED in bundle_filters.py: {clashes}"


TRACE = """\
execve("/usb/ICATI/icati", ["icati"], 0x7ffd /* 30 vars */) = 0
openat(AT_FDCWD</usb/ICATI>, "/usr/lib/libc.so.6", O_RDONLY|O_CLOEXEC) = 3</usr/lib/libc.so.6>
openat(AT_FDCWD</usb/ICATI>, "icati-data/logs/icati.log", O_WRONLY|O_CREAT|O_APPEND, 0666) = 4
openat(AT_FDCWD</usb/ICATI>, "/home/amina/.cache/fontconfig/x", O_RDWR|O_CREAT, 0600) = -1 EACCES
mkdir("/home/amina/.config/matplotlib", 0777) = 0
openat(5</tmp/q>, "lock", O_WRONLY|O_CREAT, 0600) = 6</tmp/q/lock>
renameat2(AT_FDCWD</usb/ICATI>, "icati-data/a", AT_FDCWD</usb/ICATI>, "/var/b", 0) = 0
chdir("icati-data") = 0
unlink("old.txt") = 0
fchdir(7</srv/other>) = 0
mkdir("new", 0700) = 0
"""


def test_the_portable_check_reads_every_write_from_strace() -> None:
    written = portable_check._written_paths(TRACE, Path("/usb/ICATI"))
    assert written == {
        Path("/usb/ICATI/icati-data/logs/icati.log"),
        Path("/home/amina/.config/matplotlib"),
        Path("/tmp/q/lock"),
        Path("/usb/ICATI/icati-data/a"),
        Path("/var/b"),
        Path("/usb/ICATI/icati-data/old.txt"),
        Path("/srv/other/new"),
    }
    outside = portable_check._outside(written, Path("/usb/ICATI"))
    assert outside == ["/home/amina/.config/matplotlib", "/srv/other/new", "/tmp/q/lock", "/var/b"]


def test_desktop_entry_opens_icati_bundles_with_the_app() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(PACKAGING / "linux" / "icati-desktop.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "icati-desktop %f"
    assert desktop["Icon"] == "icati-desktop"
    assert desktop["MimeType"] == "application/x-icati-bundle;"
    assert (ROOT / "resources" / "app-icon" / "icati-desktop-256.png").is_file()
    mime = ET.parse(PACKAGING / "linux" / "icati-bundle.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    kind = mime.find("m:mime-type", ns)
    assert kind is not None
    assert kind.get("type") == "application/x-icati-bundle"
    assert [g.get("pattern") for g in kind.findall("m:glob", ns)] == ["*.icati"]


def test_portable_mode_points_caches_and_temporary_files_into_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "USB" / "icati-data"
    for name in paths.portable_environment(data):
        monkeypatch.setenv(name, "unchanged")
    monkeypatch.setattr(tempfile, "tempdir", None)
    assert paths.enter_portable_mode(None) is None  # not frozen: nothing changes
    assert os.environ["MPLCONFIGDIR"] == "unchanged"

    assert paths.enter_portable_mode(data) == data
    assert Path(os.environ["MPLCONFIGDIR"]) == data / "cache" / "matplotlib"
    assert Path(os.environ["XDG_CACHE_HOME"]) == data / "cache"
    assert Path(tempfile.gettempdir()) == data / "tmp"
    with tempfile.NamedTemporaryFile() as handle:
        assert Path(handle.name).parent == data / "tmp"


SETTINGS_SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QSettings
from icati_desktop import paths
from icati_desktop.gui.settings_folder import keep_settings_in
QCoreApplication.setOrganizationName(paths.APP_AUTHOR)
QCoreApplication.setApplicationName(paths.APP_NAME)
data = Path(sys.argv[1])
print(keep_settings_in(data / paths.PORTABLE_SETTINGS_DIR))
QSettings().setValue("ui/language", "ar")
"""


def test_portable_settings_are_an_ini_file_in_the_data_folder(tmp_path: Path) -> None:
    """Run apart: QSettings' paths are process-wide."""
    data = tmp_path / "icati-data"
    env = {**os.environ, "HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SETTINGS_SCRIPT, str(data)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    expected = paths.portable_settings_file(data)
    assert Path(done.stdout.strip()) == expected
    assert "language=ar" in expected.read_text(encoding="utf-8")
    assert not (tmp_path / "home").exists()


def test_a_portable_command_reads_the_apps_language_from_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`icati report assessment` without --lang uses the app's language, on the stick too."""
    from icati_desktop.reports.assessment_report import configured_language

    data = tmp_path / "icati-data"
    settings = paths.portable_settings_file(data)
    settings.parent.mkdir(parents=True)
    settings.write_text("[ui]\nlanguage=fr\n", encoding="utf-8")
    monkeypatch.setattr(paths, "this_portable_data_dir", lambda: data)
    assert configured_language() == "fr"
