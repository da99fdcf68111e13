"""Start-up choices: which data directory opens, and which arguments are the app's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from icati_desktop.gui.app import (
    choose_data_dir,
    parse_app_args,
    remember_data_dir,
    startup_data_dir,
)
from icati_desktop.paths import DATA_DIR_ENV
from icati_desktop.store.opening import DB_FILENAME


def _store_dir(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / DB_FILENAME).write_bytes(b"")
    return path


@pytest.fixture
def dirs(tmp_path: Path) -> dict[str, Path]:
    return {
        "cli": tmp_path / "cli",
        "env": tmp_path / "env",
        "portable": tmp_path / "usb" / "icati-data",
        "last": _store_dir(tmp_path / "last"),
        "fallback": tmp_path / "platform",
    }


def test_data_dir_option_wins_over_everything(dirs: dict[str, Path]) -> None:
    chosen = choose_data_dir(
        str(dirs["cli"]),
        {DATA_DIR_ENV: str(dirs["env"])},
        str(dirs["last"]),
        portable=dirs["portable"],
        fallback=dirs["fallback"],
    )
    assert chosen == dirs["cli"].resolve()


def test_relative_and_home_paths_are_made_absolute(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/amina")
    chosen = choose_data_dir("~/field", {}, "", portable=None, fallback=Path("/x"))
    assert chosen == Path("/home/amina/field")
    assert choose_data_dir("rel", {}, "", portable=None, fallback=Path("/x")).is_absolute()


def test_environment_variable_comes_next(dirs: dict[str, Path]) -> None:
    chosen = choose_data_dir(
        None,
        {DATA_DIR_ENV: str(dirs["env"])},
        str(dirs["last"]),
        portable=dirs["portable"],
        fallback=dirs["fallback"],
    )
    assert chosen == dirs["env"].resolve()
    # A blank variable (set but empty) does not count.
    blank = choose_data_dir(
        "  ", {DATA_DIR_ENV: "  "}, "", portable=None, fallback=dirs["fallback"]
    )
    assert blank == dirs["fallback"]


def test_portable_mode_beats_the_last_directory(dirs: dict[str, Path]) -> None:
    chosen = choose_data_dir(
        None, {}, str(dirs["last"]), portable=dirs["portable"], fallback=dirs["fallback"]
    )
    assert chosen == dirs["portable"]


def test_last_directory_is_reopened_when_it_still_holds_a_store(dirs: dict[str, Path]) -> None:
    chosen = choose_data_dir(None, {}, str(dirs["last"]), portable=None, fallback=dirs["fallback"])
    assert chosen == dirs["last"]


def test_last_directory_without_a_store_is_ignored(dirs: dict[str, Path], tmp_path: Path) -> None:
    empty = tmp_path / "emptied"
    empty.mkdir()
    gone = tmp_path / "unplugged-usb-stick"
    for last in (str(empty), str(gone), ""):
        chosen = choose_data_dir(None, {}, last, portable=None, fallback=dirs["fallback"])
        assert chosen == dirs["fallback"]


def test_remembered_directory_is_used_on_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    opened = _store_dir(tmp_path / "opened")
    assert startup_data_dir(None) != opened
    remember_data_dir(opened)
    assert startup_data_dir(None) == opened
    other = tmp_path / "other"
    assert startup_data_dir(str(other)) == other.resolve()


def test_parse_app_args_takes_data_dir_and_bundles_and_leaves_qt_alone() -> None:
    parsed = parse_app_args(
        ["icati-desktop", "-platform", "offscreen", "--data-dir", "/d", "in/bundle.icati"]
    )
    assert parsed.data_dir == "/d"
    assert parsed.bundles == [Path("in/bundle.icati")]
    assert parsed.qt_args == ["icati-desktop", "-platform", "offscreen"]

    equals = parse_app_args(["icati-desktop", "--data-dir=/e", "-style", "fusion"])
    assert equals.data_dir == "/e"
    assert equals.bundles == []
    assert equals.qt_args == ["icati-desktop", "-style", "fusion"]


def test_parse_app_args_without_arguments() -> None:
    parsed = parse_app_args(["icati-desktop"])
    assert parsed.data_dir is None
    assert parsed.bundles == []
    assert parsed.qt_args == ["icati-desktop"]


def test_data_dir_without_a_value_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_app_args(["icati-desktop", "--data-dir"])
    assert exited.value.code == 2
    assert "--data-dir" in capsys.readouterr().err
