"""Baseline for start-up: a bare PySide6 window, from process start to its first paint.

The parent passes its wall clock at spawn in ``BENCH_T0``; this prints the seconds from
then until the window's first paint event, as JSON.
"""

import json
import os
import sys
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

T0 = float(os.environ["BENCH_T0"])


class FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            print(json.dumps({"first_paint": time.time() - T0}), flush=True)
            os._exit(0)
        return False


app = QApplication(sys.argv[:1])
probe = FirstPaint()
app.installEventFilter(probe)
window = QWidget()
window.setWindowTitle("bare")
window.resize(1100, 720)
window.show()
app.exec()
