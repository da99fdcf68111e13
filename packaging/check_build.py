"""Check a built folder the way a field laptop would use it (``make package-test``).

    python packaging/check_build.py dist/icati-desktop [--xvfb] [--strace]

1. both programs start and agree on the version;
2. ``icati-desktop --smoke`` passes offscreen (and on a real X display under Xvfb with
   ``--xvfb``: the xcb plug-in and the X libraries the build carries);
3. the ``icati`` command sets up a store, checks it, and refuses bad input in one line;
4. every Qt, ICU, PySide and Python library in the folder finds the libraries it links to
   (a filter in ``bundle_filters.py`` that dropped one in use fails here);
5. ``install.sh`` registers the menu entry, icon and ``.icati`` file type in a fresh home,
   and ``--uninstall`` takes them away again;
6. portable mode (``check_portable.py``): nothing written outside the folder.

Prints one line per check; exit status 0 when all passed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import check_portable

BUNDLED_FAMILIES = re.compile(r"^(libQt6|libicu|libpyside6|libshiboken6|libpython3)")
TIMEOUT_S = 600


class CheckFailed(RuntimeError):
    pass


def run(args: list[str], *, env: dict[str, str] | None = None, ok: bool = True, **kw: object):
    """Run a program of the build; fail (with its output) unless it exits as expected."""
    done = subprocess.run(
        args, capture_output=True, text=True, env=env, timeout=TIMEOUT_S, check=False, **kw
    )
    if (done.returncode == 0) != ok:
        raise CheckFailed(
            f"{' '.join(args)} exited {done.returncode}\n{done.stdout}{done.stderr}".rstrip()
        )
    return done


def offscreen_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", **extra}


def check_versions(folder: Path) -> str:
    app = run([str(folder / "icati-desktop"), "--version"]).stdout.split()
    cli = run([str(folder / "icati"), "--version"]).stdout.split()
    if app[-1] != cli[-1] or app[0] != "icati-desktop" or cli[0] != "icati":
        raise CheckFailed(f"versions disagree: {app} / {cli}")
    return f"version {app[-1]}"


def check_smoke(folder: Path, *, xvfb: bool) -> str:
    if xvfb:
        if shutil.which("xvfb-run") is None:
            raise CheckFailed("--xvfb needs xvfb-run (Debian: xvfb, xauth)")
        args = ["xvfb-run", "--auto-servernum", str(folder / "icati-desktop"), "--smoke"]
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    else:
        args, env = [str(folder / "icati-desktop"), "--smoke"], offscreen_env()
    done = run(args, env=env)
    print(done.stdout.rstrip())
    return done.stdout.strip().splitlines()[-1]


def check_cli(folder: Path) -> str:
    icati = str(folder / "icati")
    with tempfile.TemporaryDirectory(prefix="icati-check-") as temp:
        data = ["--data-dir", str(Path(temp) / "hq")]
        run([icati, *data, "init", "--role", "hq", "--name", "Check HQ"])
        checked = run([icati, *data, "db", "check"]).stdout.strip()
        refused = run([icati, *data, "bundle", "import", str(Path(temp) / "none.icati")], ok=False)
    lines = refused.stderr.strip().splitlines()
    if len(lines) != 1 or "none.icati" not in lines[0]:
        raise CheckFailed(f"a missing bundle should be refused in one line, got: {lines}")
    return f"init, db check ({checked}), a missing bundle refused in one line"


def check_libraries(folder: Path) -> str:
    """Every ELF file resolves the bundled families it links to; the glibc it needs."""
    if shutil.which("ldd") is None:
        return "skipped (no ldd)"
    missing: dict[str, set[str]] = {}
    system: set[str] = set()
    glibc: set[tuple[int, ...]] = set()
    elves = [folder / "icati-desktop", folder / "icati"] + [
        p
        for p in (folder / "_internal").rglob("*.so*")
        if p.is_file() and p.read_bytes()[:4] == b"\x7fELF"
    ]
    for path in elves:
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True).stdout
        for name in re.findall(r"^\s*(\S+) => not found", out, re.MULTILINE):
            if BUNDLED_FAMILIES.match(name):
                missing.setdefault(name, set()).add(path.name)
            else:
                system.add(name)
        if shutil.which("objdump"):
            symbols = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True)
            glibc.update(
                tuple(int(n) for n in v.split("."))
                for v in re.findall(r"GLIBC_([0-9.]+)", symbols.stdout)
            )
    if missing:
        raise CheckFailed(f"libraries left out but still linked: {missing}")
    needs = f"; needs glibc {'.'.join(map(str, max(glibc)))} or newer" if glibc else ""
    note = f"; not on this machine (the desktop provides them): {sorted(system)}" if system else ""
    return f"{len(elves)} files resolve their Qt, ICU and Python libraries{needs}{note}"


def check_install_script(folder: Path) -> str:
    with tempfile.TemporaryDirectory(prefix="icati-install-") as temp:
        home = Path(temp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
        env["HOME"] = str(home)
        run(["sh", str(folder / "install.sh")], env=env)
        share = home / ".local" / "share"
        entry = share / "applications" / "icati-desktop.desktop"
        if f"Exec={folder.resolve()}/icati-desktop %f" not in entry.read_text():
            raise CheckFailed(f"{entry} does not start this folder's program")
        if shutil.which("desktop-file-validate"):
            run(["desktop-file-validate", str(entry)])
        globs = share / "mime" / "globs2"
        if shutil.which("update-mime-database") and "application/x-icati-bundle:*.icati" not in (
            globs.read_text() if globs.is_file() else ""
        ):
            raise CheckFailed("the .icati file type is not in the MIME database")
        for size in (16, 48, 256):
            if not (share / f"icons/hicolor/{size}x{size}/apps/icati-desktop.png").is_file():
                raise CheckFailed(f"no {size}px icon installed")
        run(["sh", str(folder / "install.sh"), "--uninstall"], env=env)
        left = [p for p in home.rglob("*") if "icati" in p.name and p.is_file()]
        if entry.exists() or left:
            raise CheckFailed(f"--uninstall left {left or [entry]}")
    return "menu entry, icons and the .icati type installed and removed again"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the built folder (dist/icati-desktop)")
    parser.add_argument("--xvfb", action="store_true", help="also run --smoke on Xvfb (xcb)")
    parser.add_argument(
        "--strace", action="store_true", help="portable check: trace every file written"
    )
    args = parser.parse_args()
    folder = args.folder.resolve()
    if not (folder / "icati-desktop").is_file():
        print(f"check_build: no build in {folder}: run `make package` first", file=sys.stderr)
        return 2
    checks: list[tuple[str, Callable[[], str]]] = [
        ("versions", lambda: check_versions(folder)),
        ("smoke (offscreen)", lambda: check_smoke(folder, xvfb=False)),
    ]
    if args.xvfb:
        checks.append(("smoke (X11 on Xvfb)", lambda: check_smoke(folder, xvfb=True)))
    checks += [
        ("icati command", lambda: check_cli(folder)),
        ("libraries", lambda: check_libraries(folder)),
        ("install.sh", lambda: check_install_script(folder)),
        ("portable mode", lambda: check_portable.check(folder, strace=args.strace)),
    ]
    failed = 0
    for name, check in checks:
        started = time.monotonic()
        try:
            note = check()
        except (CheckFailed, subprocess.TimeoutExpired, OSError) as exc:
            failed += 1
            print(f"check: FAILED {name}: {exc}", flush=True)
            continue
        print(f"check: ok     {name} ({time.monotonic() - started:.0f} s): {note}", flush=True)
    print(f"check: {len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
