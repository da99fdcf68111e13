"""Import rules import-linter cannot express (it sees PySide6 only as one package)."""

from __future__ import annotations

import ast
from pathlib import Path

import icati_desktop

PACKAGE_DIR = Path(icati_desktop.__file__).resolve().parent
REPORTS_MAY_USE = {"PySide6", "PySide6.QtCore", "PySide6.QtGui"}


def _imported_modules(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            if node.module == "PySide6":
                found.update(f"PySide6.{alias.name}" for alias in node.names)
    return found


def test_reports_use_only_qtcore_and_qtgui() -> None:
    offenders = {
        f"{source.relative_to(PACKAGE_DIR)}: {module}"
        for source in sorted((PACKAGE_DIR / "reports").rglob("*.py"))
        for module in _imported_modules(source)
        if module.split(".")[0] in {"PySide6", "shiboken6"} and module not in REPORTS_MAY_USE
    }
    assert not offenders, "reports/ may typeset with QtGui but must not use widgets"


def test_opening_the_main_window_leaves_heavy_libraries_for_later() -> None:
    """DESIGN.md, start fast: charts, spreadsheets, XLSForm and migrations load when used."""
    import subprocess
    import sys

    heavy = ("matplotlib", "openpyxl", "pyxform", "alembic")
    probe = (
        "import sys, icati_desktop.gui.main_window, icati_desktop.gui.app; "
        f"print(','.join(m for m in {heavy!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""
