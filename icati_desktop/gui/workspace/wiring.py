"""How the Country workspace joins the main window: its section, the screens its rows open,
and the ways in (a country in search, the Atlas, an assessment).

Kept here so the main window registers the workspace with a few lines. The page (and
the store it reads) is imported when the section is first shown, not when the window
opens (DESIGN.md: start fast).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from icati_desktop.i18n import _

if TYPE_CHECKING:
    from icati_desktop.gui.main_window import MainWindow
    from icati_desktop.gui.workspace.page import CountryWorkspacePage
    from icati_desktop.store.store import Store


def build_workspace(window: MainWindow) -> CountryWorkspacePage:
    from icati_desktop.gui.workspace.page import CountryWorkspacePage

    page = CountryWorkspacePage(window.services)
    page.record_requested.connect(lambda kind, rid: open_record(window, kind, rid))
    return page


def workspace(window: MainWindow) -> CountryWorkspacePage:
    from icati_desktop.gui.sections import COUNTRIES
    from icati_desktop.gui.workspace.page import CountryWorkspacePage

    page = window.page(COUNTRIES)
    assert isinstance(page, CountryWorkspacePage)
    return page


def show_country(window: MainWindow, alpha3: str) -> None:
    """Bring the workspace forward on one country."""
    from icati_desktop.gui.sections import COUNTRIES

    page = workspace(window)
    page.show_country(alpha3)
    window.show_section(COUNTRIES)


def show_country_record(window: MainWindow, record_id: str) -> None:
    """A country search hit (a record id) in its workspace."""

    def code(store: Store) -> str | None:
        from icati_desktop.store.country_choices import country_code

        return country_code(store, record_id)

    def show(alpha3: str | None) -> None:
        if alpha3 is not None:
            show_country(window, alpha3)

    window.services.run(code, show, window._read_failed)


def show_initiative(window: MainWindow, record_id: str) -> None:
    window.show_page(window.atlas_page)
    window.atlas_page.open_dialog(record_id)


def open_record(window: MainWindow, record_type: str, record_id: str) -> None:
    """A row of the workspace: the record in its own screen, or a word that it has none."""
    if record_type == "assessment_results":
        window.show_results(record_id)
    elif not window.openers.open(record_type, record_id):
        window.statusBar().showMessage(
            _("This record has no screen of its own yet; search again from its section."), 8000
        )


def register_openers(window: MainWindow) -> None:
    """Countries open in their workspace; Atlas initiatives in their dialog."""
    window.openers.register("country", lambda rid: show_country_record(window, rid))
    window.openers.register("initiative", lambda rid: show_initiative(window, rid))
