"""Child of bench_startup.py: start the real app and report its first paint.

``python bench/_paint_probe.py --data-dir DIR`` runs ``icati_desktop.gui.app.main`` as
``icati-desktop`` would, with an event filter on the application that prints the seconds
from ``BENCH_T0`` (the parent's clock at spawn) to the first paint event of any widget,
and the modules loaded by then, as JSON; then it exits at once.
"""

import json
import os
import sys
import time

T0 = float(os.environ["BENCH_T0"])

from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


class FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            window = watched.window() if hasattr(watched, "window") else watched
            report = {
                "first_paint": time.time() - T0,
                "window": type(window).__name__,
                "modules": sorted(m for m in sys.modules if m.startswith("icati_desktop")),
                "third_party": sorted(
                    {m.split(".")[0] for m in sys.modules if not m.startswith("icati_desktop")}
                ),
            }
            print(json.dumps(report), flush=True)
            os._exit(0)
        return False


_probe = FirstPaint()
_install = QApplication.__init__


def _patched_init(self: QApplication, *args: object) -> None:
    _install(self, *args)
    self.installEventFilter(_probe)


QApplication.__init__ = _patched_init  # type: ignore[method-assign,assignment]

from icati_desktop.gui.app import main  # noqa: E402

sys.exit(main(["icati-desktop", *sys.argv[1:]]))
