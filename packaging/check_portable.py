"""Portable mode on a built folder: with ``portable.txt`` beside the programs, nothing is
written outside the folder (``check_build.py`` runs this; ``make package-test``).

The folder is copied to a fresh "USB stick" (a path with a space in it), ``portable.txt``
is put beside the programs, and HOME and TMPDIR point at fresh empty folders. Then, as a
person would: ``icati init``, ``icati info``, some records and a PDF report from the
command, the app's ``--smoke`` run, and the app itself started until it has opened the
store and saved its preferences. Afterwards HOME and TMPDIR must still be empty, the
data and preferences must be in ``icati-data/``; with ``strace`` every file created,
changed or removed by any of those processes is checked to be inside the folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

ALLOWED_ELSEWHERE = ("/dev/", "/proc/")
WRITING_FLAGS = re.compile(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC")
PATH_CALLS = {
    "mkdir",
    "mkdirat",
    "rmdir",
    "unlink",
    "unlinkat",
    "truncate",
    "mknod",
    "mknodat",
    "chmod",
    "fchmodat",
    "chown",
    "fchownat",
    "lchown",
    "utimensat",
    "utime",
    "utimes",
}
TWO_PATH_CALLS = {"rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat"}
LINE = re.compile(r"^(\w+)\((.*)\)\s+=\s+(-?\d+)")
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
DIRFD = re.compile(r"^(?:AT_FDCWD|\d+)<([^>]*)>")


class PortableCheckFailed(RuntimeError):
    pass


def _written_paths(trace: str, cwd: Path) -> set[Path]:
    """Paths that successful calls in one process's ``strace -y`` log created, changed or
    removed; relative paths are resolved against the directory the call names (``-y``
    prints it) or the process's current directory, followed through ``chdir``."""
    found: set[Path] = set()
    for line in trace.splitlines():
        match = LINE.match(line)
        if match is None or int(match.group(3)) < 0:
            continue
        call, args = match.group(1), match.group(2)
        strings = [_unescape(s) for s in STRING.findall(args)]
        if call == "chdir" and strings:
            cwd = cwd / strings[0]
            continue
        if call == "fchdir" and (fd := DIRFD.match(args)):
            cwd = Path(fd.group(1))
            continue
        if not strings:
            continue
        if call in ("open", "openat", "creat", "openat2"):
            if call != "creat" and not WRITING_FLAGS.search(args):
                continue
            targets = strings[:1]
        elif call in PATH_CALLS:
            targets = strings[:1]
        elif call in TWO_PATH_CALLS:
            targets = strings[:2]
        else:
            continue
        dirfd = DIRFD.match(args)
        base = Path(dirfd.group(1)) if dirfd else cwd
        for target in targets:
            path = Path(target)
            found.add(path if path.is_absolute() else base / path)
    return found


def _unescape(text: str) -> str:
    """strace's C-style escapes (octal bytes for non-ASCII) back to the file name."""
    return text.encode().decode("unicode_escape").encode("latin-1").decode(errors="replace")


def _outside(paths: set[Path], root: Path) -> list[str]:
    return sorted(
        str(p)
        for p in paths
        if not str(p).startswith(ALLOWED_ELSEWHERE) and not p.resolve().is_relative_to(root)
    )


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


class Stick:
    """The copied folder, its fresh HOME and TMPDIR, and every process started on it."""

    def __init__(self, root: Path, build: Path, strace: bool) -> None:
        self.usb = root / "USB stick"
        self.app = self.usb / "ICATI Desktop"
        self.home, self.tmp = root / "home", root / "tmp"
        for folder in (self.home, self.tmp):
            folder.mkdir()
        shutil.copytree(build, self.app, symlinks=True)
        (self.app / "portable.txt").write_text("Data in icati-data/ next to this file.\n")
        self.strace = strace
        self.traces: list[Path] = []
        env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "MPL"))}
        env |= {
            "HOME": str(self.home),
            "TMPDIR": str(self.tmp),
            "TEMP": str(self.tmp),
            "TMP": str(self.tmp),
            "QT_QPA_PLATFORM": "offscreen",
        }
        self.env = env

    def command(self, program: str, *args: str) -> list[str]:
        line = [str(self.app / program), *args]
        if not self.strace:
            return line
        # -ff: one file per process, so no call is split across lines by another's.
        trace = self.usb.parent / f"trace-{len(self.traces)}"
        self.traces.append(trace)
        return [
            "strace",
            "-ff",
            "-qq",
            "-y",
            "-s",
            "4096",
            "-e",
            "trace=%file,fchdir",
            "-o",
            str(trace),
            *line,
        ]

    def run(self, program: str, *args: str) -> str:
        done = subprocess.run(
            self.command(program, *args),
            cwd=self.app,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0:
            raise PortableCheckFailed(
                f"{program} {' '.join(args)} exited {done.returncode}: "
                f"{(done.stdout + done.stderr).strip()[-2000:]}"
            )
        return done.stdout

    def start_app_until(self, ready: Path, timeout_s: float = 180) -> None:
        """Start the app with no arguments; stop it once ``ready`` exists."""
        process = subprocess.Popen(
            self.command("icati-desktop"),
            cwd=self.app,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout_s
        try:
            while not ready.is_file() or "last_data_dir" not in ready.read_text("utf-8"):
                if process.poll() is not None or time.monotonic() > deadline:
                    err = process.stderr.read().decode() if process.stderr else ""
                    raise PortableCheckFailed(
                        f"the app did not save its preferences in {ready}"
                        f" (exit {process.returncode}) {err[-2000:]}"
                    )
                time.sleep(0.2)
        finally:
            for pid in [*_descendants(process.pid), process.pid]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
            process.wait(timeout=60)


def _descendants(pid: int) -> list[int]:
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text() if (task / "children").is_file() else ""
        for child in text.split():
            children += [*_descendants(int(child)), int(child)]
    return children


def check(build: Path, *, strace: bool) -> str:
    if strace and shutil.which("strace") is None:
        raise PortableCheckFailed("--strace needs strace (Debian: strace)")
    with tempfile.TemporaryDirectory(prefix="icati-portable-") as temp:
        stick = Stick(Path(temp), build, strace)
        data = stick.app / "icati-data"
        stick.run("icati", "init", "--role", "field", "--name", "USB stick")
        info = json.loads(stick.run("icati", "--json", "info"))
        if Path(info["data_dir"]).resolve() != data.resolve():
            raise PortableCheckFailed(f"the command used {info['data_dir']}, not {data}")
        stick.run("icati", "demo", "--seed", "3", "--countries", "1", "--meetings", "1")
        first = json.loads(stick.run("icati", "--json", "assessment", "list"))[0]
        report = stick.app / "report.pdf"
        stick.run("icati", "report", "assessment", first["record_id"], "--out", str(report))
        stick.run("icati-desktop", "--smoke")
        settings = data / "settings" / "ICATI" / "ICATI Desktop.ini"
        stick.start_app_until(settings)
        left = {"HOME": _listing(stick.home), "TMPDIR": _listing(stick.tmp)}
        if any(left.values()):
            raise PortableCheckFailed(f"written outside the folder: {left}")
        for needed in (data / "icati.sqlite3", data / "logs" / "icati.log", report):
            if not needed.is_file():
                raise PortableCheckFailed(f"{needed} is missing")
        outside: list[str] = []
        for trace in stick.traces:
            for per_process in trace.parent.glob(f"{trace.name}.*"):
                written = _written_paths(per_process.read_text(errors="replace"), stick.app)
                outside += _outside(written, stick.app.resolve())
        if outside:
            raise PortableCheckFailed(f"files written outside the folder: {sorted(set(outside))}")
        kept = sorted(p.name for p in data.iterdir())
    traced = f"; strace: {len(stick.traces)} runs, no file written outside" if strace else ""
    return f"HOME and TMPDIR untouched; icati-data/ holds {', '.join(kept)}{traced}"
