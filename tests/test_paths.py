from __future__ import annotations

import sys
from pathlib import Path

import pytest

from icati_desktop import paths


def _make_dirs(root: Path, *names: str) -> None:
    for name in names:
        (root / name).mkdir(parents=True)


def test_source_checkout_finds_top_level_dirs() -> None:
    checkout = Path(paths.__file__).resolve().parent.parent
    if not (checkout / "pyproject.toml").is_file():
        pytest.skip("not running from a source checkout")
    assert paths.resources_dir() == checkout / "resources"
    assert paths.ui_dir() == checkout / "ui"
    assert paths.translations_dir() == checkout / "translations"
    assert paths.docs_dir() == checkout / "docs"
    assert (paths.docs_dir() / "user-guide.md").is_file()
    assert (paths.docs_dir().parent / "README.md").is_file()  # the guide links to ../README.md


def test_resource_joins_under_resources() -> None:
    font = paths.resource("fonts", "NotoSans-Regular.ttf")
    assert font == paths.resources_dir() / "fonts" / "NotoSans-Regular.ttf"
    assert font.is_file()


def test_bundled_fonts_cover_latin_and_arabic() -> None:
    fonts = {p.name for p in paths.resource("fonts").glob("*.ttf")}
    assert {"NotoSans-Regular.ttf", "NotoSansArabic-Regular.ttf"} <= fonts
    assert paths.resource("fonts", "OFL.txt").is_file()


def test_checkout_layout(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").touch()
    package = tmp_path / "icati_desktop"
    _make_dirs(tmp_path, "icati_desktop", "ui")
    found = paths.locate_bundled_dir("ui", package_dir=package, frozen_root=None)
    assert found == tmp_path / "ui"


def test_top_level_dir_without_pyproject_is_not_a_checkout(tmp_path: Path) -> None:
    # site-packages/ui belonging to some other distribution must not be picked up.
    _make_dirs(tmp_path, "icati_desktop", "ui")
    with pytest.raises(paths.BundledDirNotFoundError, match="'ui' not found"):
        paths.locate_bundled_dir("ui", package_dir=tmp_path / "icati_desktop", frozen_root=None)


def test_wheel_layout(tmp_path: Path) -> None:
    package = tmp_path / "site-packages" / "icati_desktop"
    _make_dirs(package, "_data/resources")
    found = paths.locate_bundled_dir("resources", package_dir=package, frozen_root=None)
    assert found == package / "_data" / "resources"


def test_wheel_data_wins_over_checkout(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").touch()
    package = tmp_path / "icati_desktop"
    _make_dirs(tmp_path, "icati_desktop/_data/ui", "ui")
    found = paths.locate_bundled_dir("ui", package_dir=package, frozen_root=None)
    assert found == package / "_data" / "ui"


@pytest.mark.parametrize("layout", ["icati_desktop/_data/translations", "translations"])
def test_pyinstaller_layouts(tmp_path: Path, layout: str) -> None:
    meipass = tmp_path / "_MEI123"
    _make_dirs(meipass, layout)
    package = meipass / "icati_desktop"
    found = paths.locate_bundled_dir("translations", package_dir=package, frozen_root=meipass)
    assert found == meipass / layout


def test_missing_dir_names_every_place_tried(tmp_path: Path) -> None:
    with pytest.raises(paths.BundledDirNotFoundError) as excinfo:
        paths.locate_bundled_dir("ui", package_dir=tmp_path / "pkg", frozen_root=tmp_path / "mei")
    message = str(excinfo.value)
    assert str(tmp_path / "mei" / "ui") in message
    assert str(tmp_path / "pkg" / "_data" / "ui") in message


def test_env_var_overrides_data_dir(tmp_data_dir: Path) -> None:
    env = {paths.DATA_DIR_ENV: str(tmp_data_dir)}
    assert paths.default_data_dir(env) == tmp_data_dir.resolve()
    assert not tmp_data_dir.exists(), "resolving must not create the directory"


def test_blank_env_var_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert paths.default_data_dir({paths.DATA_DIR_ENV: "  "}) == paths.default_data_dir({})


def test_default_is_platform_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    found = paths.default_data_dir({})
    assert found.name == paths.APP_NAME


@pytest.mark.parametrize("marker", ["file", "dir"])
def test_portable_mode_next_to_frozen_executable(tmp_path: Path, marker: str) -> None:
    exe = tmp_path / "ICATI Desktop.exe"
    exe.touch()
    if marker == "file":
        (tmp_path / paths.PORTABLE_MARKER).write_text("")
    else:
        (tmp_path / paths.PORTABLE_DATA_DIR).mkdir()
    assert paths.portable_data_dir(exe, frozen=True) == tmp_path / paths.PORTABLE_DATA_DIR


def test_portable_mode_needs_a_marker_and_a_frozen_build(tmp_path: Path) -> None:
    exe = tmp_path / "icati-desktop"
    exe.touch()
    assert paths.portable_data_dir(exe, frozen=True) is None
    (tmp_path / paths.PORTABLE_MARKER).write_text("")
    assert paths.portable_data_dir(exe, frozen=False) is None


def test_frozen_portable_build_uses_exe_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exe = tmp_path / "icati-desktop"
    exe.touch()
    (tmp_path / paths.PORTABLE_MARKER).write_text("")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert paths.default_data_dir({}) == tmp_path / paths.PORTABLE_DATA_DIR
    # An explicit override still wins over portable mode.
    assert paths.default_data_dir({paths.DATA_DIR_ENV: str(tmp_path / "x")}) == tmp_path / "x"
