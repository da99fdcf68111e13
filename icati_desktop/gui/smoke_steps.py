"""The steps of ``icati-desktop --smoke`` (:mod:`icati_desktop.gui.smoke`).

Each step raises on anything wrong and returns a short note of what it saw. They go
through the same functions the app and the ``icati`` command use, so a build that passes
has every library, data file and catalog those need.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from icati_desktop import paths
from icati_desktop.gui.smoke import (
    SmokeFailure,
    gettext_catalog,
    qt_catalog_loads,
    wait_until,
)
from icati_desktop.i18n import DOMAIN, SUPPORTED_LANGUAGES

if TYPE_CHECKING:
    from icati_desktop.gui.smoke import _Smoke

OTHER_LANGUAGES = tuple(language for language in SUPPORTED_LANGUAGES if language != "en")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Looked up in the catalogs (a variable, so the string extractor does not take them as new).
SECTION_NAME = "Library"
COUNTRY_NAME = "Germany"


def start_qt(smoke: _Smoke) -> str:
    """The application object as the app makes it: preferences, fonts, icon, language."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from icati_desktop.gui.app_icon import application_icon
    from icati_desktop.gui.fonts import register_bundled_fonts
    from icati_desktop.gui.language import apply_language
    from icati_desktop.gui.settings_folder import keep_settings_in

    QCoreApplication.setOrganizationName(paths.APP_AUTHOR)
    QCoreApplication.setApplicationName(paths.APP_NAME)
    keep_settings_in(smoke.root / "settings")
    app = QApplication.instance() or QApplication(sys.argv[:1] or ["icati-desktop"])
    assert isinstance(app, QApplication)
    smoke.app = app
    families = register_bundled_fonts(app)
    if not any("Arabic" in family for family in families):
        raise SmokeFailure(f"the bundled Arabic font did not register (got {families})")
    icon = application_icon()
    if icon.isNull():
        raise SmokeFailure("the application icon is missing from resources/app-icon")
    app.setWindowIcon(icon)
    apply_language(app, "en")
    return f"({app.platformName()}, fonts: {', '.join(sorted(set(families)))})"


def bundled_files() -> str:
    """ui/, resources/, compiled catalogs, Qt's own translations, babel's CLDR data."""
    from babel import Locale

    from icati_desktop.gui.atlas.geometry import load_world_geometry

    for folder in (paths.ui_dir(), paths.resources_dir(), paths.translations_dir()):
        if not folder.is_dir():
            raise SmokeFailure(f"{folder} is missing")
    for name in ("release.json", "countries.json", "library.json"):
        if not paths.resource("content", name).is_file():
            raise SmokeFailure(f"default content {name} is missing")
    world = load_world_geometry(paths.resource("world", "countries.geojson"))
    if len(world.countries) < 150:
        raise SmokeFailure(f"the world map has only {len(world.countries)} countries")
    for language in OTHER_LANGUAGES:
        catalog = gettext_catalog(DOMAIN, paths.translations_dir(), language)
        if catalog.gettext(SECTION_NAME) == SECTION_NAME:
            raise SmokeFailure(f"the {language} catalog does not translate 'Library'")
        if not qt_catalog_loads(language):
            raise SmokeFailure(f"Qt's own {language} translations (qtbase) are missing")
    for language in SUPPORTED_LANGUAGES:
        Locale.parse(language).territories["DE"]  # babel's CLDR data for the language
    return f"(world map: {len(world.countries)} countries; {', '.join(SUPPORTED_LANGUAGES)})"


def make_stores(smoke: _Smoke) -> str:
    """A new HQ and a new field device (migrations, default content), trusting each other."""
    from icati_desktop.store.demo import DemoSpec, run_demo
    from icati_desktop.store.device import Role
    from icati_desktop.store.opening import open_store
    from icati_desktop.sync.device_setup import initialise_device
    from icati_desktop.sync.identity import load_device_keys
    from icati_desktop.sync.trust import own_card, trust_card

    hq = open_store(smoke.root / "hq")
    field = open_store(smoke.root / "field")
    try:
        initialise_device(hq, Role.HQ, "ICATI HQ (smoke test)")
        initialise_device(field, Role.FIELD, "Field expert (smoke test)")
        trust_card(hq, own_card(field, load_device_keys(field.data_dir / "keys")))
        trust_card(field, own_card(hq, load_device_keys(hq.data_dir / "keys")))
        report = run_demo(field, DemoSpec(seed=12, countries=1, meetings=2, action_items=2))
    finally:
        hq.close()
        field.close()
    return f"(field records: {sum(report.created.values())})"


def export_field_bundle(smoke: _Smoke) -> str:
    from icati_desktop.store.opening import open_store
    from icati_desktop.sync.exporter import export_bundle

    field = open_store(smoke.root / "field")
    try:
        smoke.bundle = smoke.root / "field-to-hq.icati"
        export_bundle(field, smoke.bundle)
    finally:
        field.close()
    return f"({smoke.bundle.stat().st_size:,} bytes, signed and encrypted to HQ)"


def open_main_window(smoke: _Smoke) -> str:
    """The main window over the HQ store, every section shown once."""
    from icati_desktop.gui.db_worker import DatabaseWorker
    from icati_desktop.gui.main_window import MainWindow
    from icati_desktop.gui.services import AppServices
    from icati_desktop.store.opening import open_store

    hq_dir = smoke.root / "hq"
    worker = DatabaseWorker(lambda: open_store(hq_dir))
    smoke.closers.append(worker.shutdown)
    smoke.services = AppServices(worker)
    window = MainWindow(smoke.services)
    smoke.window = window
    smoke.closers.append(window.close)
    window.show()
    for index in range(len(window.sections)):
        window.show_section(index)
        settle(smoke)
    window.show_section(0)
    picture = window.grab()
    if picture.isNull() or picture.width() < 400:
        raise SmokeFailure("the main window did not render")
    return f"({len(window.sections)} sections, {picture.width()}×{picture.height()})"


def settle(smoke: _Smoke) -> None:
    """Wait until the database thread has done everything asked of it so far."""
    done: list[object] = []
    smoke.services.run(lambda _store: None, done.append, done.append)
    wait_until(lambda: bool(done), "answer from the database thread")


def import_in_window(smoke: _Smoke) -> str:
    """The field bundle imported on the window's database thread, then shown by it."""
    from icati_desktop.store.assessment_reads import list_assessments
    from icati_desktop.store.store import Store
    from icati_desktop.sync.importer import ImportResult, import_bundle

    assert smoke.bundle is not None
    bundle = smoke.bundle
    outcome: list[object] = []
    smoke.services.run(lambda store: import_bundle(store, bundle), outcome.append, outcome.append)
    wait_until(lambda: bool(outcome), "import result")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise SmokeFailure(f"the bundle was refused: {result}") from result
    assert isinstance(result, ImportResult)
    if result.versions_added == 0:
        raise SmokeFailure("the bundle added nothing")

    def assessments(store: Store) -> list[str]:
        with store.read() as session:
            return [str(a.record_id) for a in list_assessments(session)]

    found: list[object] = []
    smoke.services.run(assessments, found.append, found.append)
    wait_until(lambda: bool(found), "assessment list")
    ids = found[0]
    if not isinstance(ids, list) or not ids:
        raise SmokeFailure(f"no assessment arrived with the bundle ({ids})")
    smoke.assessment_id = ids[0]
    settle(smoke)
    return f"({result.versions_added} versions added)"


def show_charts(smoke: _Smoke) -> str:
    """The results view of the imported assessment draws its charts (matplotlib on Qt)."""
    from icati_desktop.reports.charts import radar_chart
    from icati_desktop.store.assessment_reads import result
    from icati_desktop.store.opening import open_store

    window = smoke.window
    window.show_results(smoke.assessment_id)
    canvases = window.results_view.charts.canvases
    wait_until(lambda: "radar" in canvases and "bars" in canvases, "charts on the results view")
    canvases["radar"].grab()
    store = open_store(smoke.root / "hq")
    try:
        with store.read() as session:
            scored = result(session, smoke.assessment_id)
    finally:
        store.close()
    png = radar_chart(scored.domains, title="Smoke", language="en")
    if not png.startswith(PNG_MAGIC):
        raise SmokeFailure("the radar chart is not a PNG")
    return f"(radar PNG {len(png):,} bytes)"


def pdf_reports(smoke: _Smoke) -> str:
    """The country report as a PDF in English and in Arabic (shaping, bundled fonts)."""
    from icati_desktop.reports.assessment_report import write_assessment_report
    from icati_desktop.store.opening import open_store

    sizes = []
    store = open_store(smoke.root / "hq")
    try:
        for language in ("en", "ar"):
            out = smoke.root / f"report-{language}.pdf"
            pages = write_assessment_report(store, smoke.assessment_id, out, language=language)
            if pages < 1 or not out.read_bytes().startswith(b"%PDF-"):
                raise SmokeFailure(f"the {language} report is not a PDF")
            sizes.append(f"{language}: {pages} pages")
    finally:
        store.close()
    return f"({'; '.join(sizes)})"


def read_xlsform(smoke: _Smoke) -> str:
    """A small multilingual XLSForm written with openpyxl and read with pyxform."""
    from openpyxl import Workbook

    from icati_desktop.formats.xlsform import read_xlsform_with_notes

    sheets = {
        "survey": [
            ["type", "name", "label::English (en)", "label::Français (fr)", "label::Arabic (ar)"],
            [
                "score",
                "law",
                "A law allows treatment",
                "Une loi permet le soin",
                "قانون يسمح بالعلاج",
            ],
            ["select_one yes_no", "pilot", "A pilot court", "Un tribunal pilote", "محكمة تجريبية"],
        ],
        "choices": [
            [
                "list_name",
                "name",
                "label::English (en)",
                "label::Français (fr)",
                "label::Arabic (ar)",
            ],
            ["yes_no", "yes", "Yes", "Oui", "نعم"],
            ["yes_no", "no", "No", "Non", "لا"],
        ],
        "settings": [
            ["form_title", "form_id", "version", "default_language"],
            ["Smoke check", "smoke_check", "1", "English (en)"],
        ],
    }
    book = Workbook()
    for index, (title, rows) in enumerate(sheets.items()):
        sheet = book.worksheets[0] if index == 0 else book.create_sheet()
        sheet.title = title
        for row in rows:
            sheet.append(row)
    path = smoke.root / "smoke.xlsx"
    book.save(path)
    form, _notes = read_xlsform_with_notes(path)
    if sorted(form.languages) != ["ar", "en", "fr"]:
        raise SmokeFailure(f"the XLSForm's languages read as {form.languages}")
    return f"({form.form_id} version {form.version}, languages {', '.join(form.languages)})"


def country_names() -> str:
    """Germany named in every UI language, by babel (CLDR) and by pycountry's catalogs."""
    import pycountry

    from icati_desktop.domain.countries import country_display_name

    names = [country_display_name("DE", language) for language in SUPPORTED_LANGUAGES]
    if len(set(names)) != len(names):
        raise SmokeFailure(f"country names are not translated: {names}")
    for language in OTHER_LANGUAGES:
        catalog = gettext_catalog("iso3166-1", Path(pycountry.LOCALES_DIR), language)
        if catalog.gettext(COUNTRY_NAME) == COUNTRY_NAME:
            raise SmokeFailure(f"pycountry's {language} catalog does not translate Germany")
    return f"({' / '.join(names)})"
