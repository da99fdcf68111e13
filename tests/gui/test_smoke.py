"""``icati-desktop --smoke`` from the source tree: every step passes, and a failing step
stops the run with one line that names it. (The packaged build runs the same check in CI,
``make package-test``.)"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from icati_desktop import __version__
from icati_desktop.gui.app import parse_app_args
from icati_desktop.gui.app_icon import application_icon
from icati_desktop.gui.smoke import SmokeStep, run_steps

STEPS = (
    "Qt application",
    "bundled files and catalogs",
    "HQ and field stores",
    "signed field bundle",
    "main window",
    "bundle import",
    "results charts",
    "PDF reports",
    "XLSForm",
    "country names",
)


@pytest.mark.slow
def test_smoke_run_passes_every_step_and_leaves_no_folder(tmp_path: Path) -> None:
    """In its own process, as the packaged app runs it (it sets up its own QApplication)."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(temp),
        "HOME": str(tmp_path / "home"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "icati_desktop", "--smoke"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for step in STEPS:
        assert any(line.startswith(f"smoke: ok    {step} (") for line in lines), step
    assert lines[-1].startswith(f"smoke: passed {len(STEPS)} steps")
    assert list(temp.iterdir()) == []  # the throwaway stores are gone
    assert not (tmp_path / "home" / ".config" / "ICATI").exists()  # preferences untouched


def test_a_failing_step_stops_the_run_with_one_line_naming_it() -> None:
    ran: list[str] = []

    def step(name: str, error: Exception | None = None) -> SmokeStep:
        def run() -> str:
            ran.append(name)
            if error is not None:
                raise error
            return "(fine)"

        return SmokeStep(name, run)

    out = io.StringIO()
    status = run_steps(
        [step("stores"), step("PDF reports", FileNotFoundError("NotoSans.ttf")), step("later")],
        out,
    )
    assert status == 1
    assert ran == ["stores", "PDF reports"]
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("smoke: ok    stores (")
    assert lines[-1] == "smoke: FAILED at PDF reports: FileNotFoundError: NotoSans.ttf"
    assert run_steps([step("one")], None) == 0  # a windowed build without stdout


def test_version_and_smoke_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert parse_app_args(["icati-desktop", "--smoke"]).smoke
    assert not parse_app_args(["icati-desktop"]).smoke
    with pytest.raises(SystemExit) as exited:
        parse_app_args(["icati-desktop", "--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"icati-desktop {__version__}"


def test_the_application_icon_has_every_drawn_size(qapp: object) -> None:
    icon = application_icon()
    assert not icon.isNull()
    sizes = {size.width() for size in icon.availableSizes()}
    assert {16, 32, 48, 256} <= sizes
