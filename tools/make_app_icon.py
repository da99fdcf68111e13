"""Make the application icon's PNG sizes, Windows .ico and macOS .icns from its SVG.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/make_app_icon.py

Qt's SVG renderer draws each size (so small sizes are drawn, not scaled down from a big
bitmap); Pillow writes the .ico and .icns containers. The outputs are committed next to
the SVG in resources/app-icon/, so building the package needs none of this.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

FOLDER = Path(__file__).resolve().parents[1] / "resources" / "app-icon"
NAME = "icati-desktop"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("RGBA")


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(FOLDER / f"{NAME}.svg"))
    if not renderer.isValid():
        print(f"cannot read {FOLDER / f'{NAME}.svg'}", file=sys.stderr)
        return 1
    images = {size: render(renderer, size) for size in PNG_SIZES}
    for size, image in images.items():
        image.save(FOLDER / f"{NAME}-{size}.png", optimize=True)
    largest = images[max(ICO_SIZES)]
    largest.save(
        FOLDER / f"{NAME}.ico",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    images[512].save(FOLDER / f"{NAME}.icns")
    del app
    print(f"wrote {len(images)} PNG sizes, {NAME}.ico and {NAME}.icns in {FOLDER}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
