"""``python -m icati_desktop`` and ``icati-desktop``: the desktop app."""

from __future__ import annotations


def main() -> int:
    from icati_desktop.gui.app import main as gui_main

    return gui_main()


if __name__ == "__main__":
    raise SystemExit(main())
