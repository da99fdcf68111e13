from pathlib import Path
import pytest
from PySide6.QtWidgets import QApplication
from icati_desktop.gui.language import apply_language
from tests.gui.test_fill_in_xlsform_types import open_corpus_form, radio
from PySide6.QtCore import Qt

OUT = Path("/tmp/formsin/shots")


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
@pytest.mark.parametrize("name", ["trilingual_intake.xlsx", "caseload_calculate.xlsx", "cascading_sites.xlsx", "site_visits_repeat.xlsx"])
def test_look(qapp: QApplication, qtbot, make_services, tmp_path, lang, name):
    apply_language(qapp, lang)
    try:
        view, rid = open_corpus_form(qtbot, make_services, tmp_path, name)
        view.resize(1366, 768)
        if name == "cascading_sites.xlsx":
            qtbot.mouseClick(radio(view.editor("region"), "Africa"), Qt.MouseButton.LeftButton)
        if name == "site_visits_repeat.xlsx":
            e = view.editor("n_sites").control.edit
            e.setFocus(); qtbot.keyClicks(e, "2"); qtbot.keyClick(e, Qt.Key.Key_Return)
            qtbot.wait(300)
        qtbot.wait(300)
        view.grab().save(str(OUT / f"{name[:-5]}-{lang}.png"))
        if name == "site_visits_repeat.xlsx":
            view.go_to_domain(1); qtbot.wait(200)
            view.grab().save(str(OUT / f"{name[:-5]}-d2-{lang}.png"))
    finally:
        apply_language(qapp, "en")
