"""The Forms screen on the real widgets: versions, what changed, the crosswalk edited and
saved, retiring (asked first, undone), exporting an XLSForm; read-only on a field device."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from icati_desktop.gui.forms.model import ASSESSMENTS, STATUS, VERSION
from icati_desktop.gui.forms.page import FormsPage
from icati_desktop.gui.main_window import MainWindow
from icati_desktop.gui.services import AppServices
from icati_desktop.store.assessments import create_assessment
from icati_desktop.store.device import Role
from icati_desktop.store.form_versions import FormVersionRetired, list_form_versions
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from tests.gui.forms_scene import publish_v2
from tests.gui.test_assessment_fill_in import run_job

ServicesFactory = Callable[[Callable[[], Store]], AppServices]


def data_dir(tmp_path: Path, role: Role) -> Path:
    directory = tmp_path / role.value
    store = open_store(directory)
    initialise_device(store, role, "ICATI HQ" if role is Role.HQ else "Amina")
    if role is Role.HQ:
        publish_v2(store)
        create_assessment(store, country="KEN", assessed_on=date(2025, 3, 4), form_version="1")
    store.close()
    return directory


def shown_page(qtbot: QtBot, make_services: ServicesFactory, directory: Path) -> FormsPage:
    page = FormsPage(make_services(lambda: open_store(directory)))
    qtbot.addWidget(page)
    page.resize(1366, 720)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=20_000)
    return page


@pytest.fixture
def page(qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path) -> FormsPage:
    page = shown_page(qtbot, make_services, data_dir(tmp_path, Role.HQ))
    qtbot.waitUntil(lambda: page.changes.comparison is not None, timeout=20_000)
    return page


def cell(page: FormsPage, row: int, column: int) -> str:
    return str(page.proxy.index(row, column).data())


def groups(page: FormsPage) -> dict[str, list[str]]:
    tree = page.changes.tree
    found: dict[str, list[str]] = {}
    for index in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(index)
        assert isinstance(group, QTreeWidgetItem)
        found[group.text(0)] = [group.child(i).text(0) for i in range(group.childCount())]
    return found


WEBINARS = "Have the ATI Basic webinars been completed?"


def test_versions_are_listed_and_the_last_two_compared(page: FormsPage) -> None:
    assert [cell(page, r, VERSION) for r in range(2)] == ["1", "2"]
    assert [cell(page, r, STATUS) for r in range(2)] == ["In use", "In use"]
    assert [cell(page, r, ASSESSMENTS) for r in range(2)] == ["1", "0"]
    changes = page.changes
    assert (changes.earlier.currentText(), changes.later.currentText()) == ("1", "2")
    assert changes.summary.text() == (
        "From version 1 to 2: 2 questions added, 1 removed, 1 reworded, and 1 with other rules."
    )
    assert groups(page) == {
        "Questions added (2)": [WEBINARS, "Are the results published every year?"],
        "Questions removed (1)": [WEBINARS],
        "Questions reworded (1)": ["Are there signed inter-agency agreements (MoUs)?"],
        "Questions with other rules (1)": ["Is an evaluation planned? — when it is asked"],
        "Rules of the form (2)": ["Phase 2 rule changed", "Phase 3 rule changed"],
    }


def test_the_crosswalk_is_edited_where_names_differ_and_saved(
    qtbot: QtBot, page: FormsPage
) -> None:
    table = page.changes.crosswalk
    assert table.rowCount() == 1  # only the question not kept under its name
    assert table.item(0, 0).text() == WEBINARS
    combo = table.cellWidget(0, 1)
    assert isinstance(combo, QComboBox)
    assert combo.isEnabled()
    assert combo.currentText() == "No successor (removed)"
    combo.setCurrentIndex(combo.findData("d2_ati_basics_completed"))
    qtbot.mouseClick(page.changes.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.changes.crosswalk_note.text().startswith("The crosswalk is saved."),
        timeout=20_000,
    )
    assert groups(page)["Questions that became another (crosswalk) (1)"] == [
        f"“{WEBINARS}”, under another name"
    ]
    assert "Questions removed (1)" not in groups(page)

    def stored(store: Store) -> object:
        with store.read() as session:
            return [v.crosswalk_edited for v in list_form_versions(session)]

    assert run_job(qtbot, page.services, stored) == [False, True]


def test_retiring_asks_first_and_can_be_undone(qtbot: QtBot, page: FormsPage) -> None:
    page.select("ati-self-assessment", "1")
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    box = page.retire_box
    assert box is not None
    assert "No new assessment can start on it" in box.text()
    assert box.informativeText() == "1 assessment was answered on this version."
    cancel = box.button(box.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.wait(200)
    assert cell(page, 0, STATUS) == "In use"

    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    box = page.retire_box
    assert box is not None
    retire = next(b for b in box.buttons() if b.text() == "&Retire")
    qtbot.mouseClick(retire, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cell(page, 0, STATUS) == "Retired", timeout=20_000)
    with pytest.raises(FormVersionRetired):
        run_job(
            qtbot,
            page.services,
            lambda store: create_assessment(
                store, country="KEN", assessed_on=date(2026, 1, 1), form_version="1"
            ),
        )
    assert page.retire_button.text() == "&Bring back into use"
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cell(page, 0, STATUS) == "In use", timeout=20_000)


def test_a_version_goes_out_as_an_xlsform(
    qtbot: QtBot, page: FormsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from icati_desktop.formats.xlsform import read_xlsform

    out = tmp_path / "ati-2.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "*.xlsx"))
    )
    page.select("ati-self-assessment", "2")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.file_ready.isVisible(), timeout=30_000)
    assert str(out) in page.file_ready.message.text()
    back = read_xlsform(out)
    assert (back.form_id, back.version) == ("ati-self-assessment", "2")
    assert back.item("d8_public_reporting").label["ar"] == "هل تُنشر النتائج كل عام؟"


def test_a_field_device_sees_the_forms_but_cannot_change_them(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    page = shown_page(qtbot, make_services, data_dir(tmp_path, Role.FIELD))
    assert page.model.rowCount() == 1
    assert not page.retire_button.isVisible()
    assert not page.import_button.isVisible()
    assert page.export_button.isEnabled()
    assert page.changes.summary.text().startswith("This form has one version")


def test_the_main_window_has_forms_for_the_central_office_only(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    directories = {role: data_dir(tmp_path, role) for role in (Role.HQ, Role.FIELD)}
    for role, shown in ((Role.HQ, True), (Role.FIELD, False)):
        directory = directories[role]
        window = MainWindow(make_services(lambda d=directory: open_store(d)))
        qtbot.addWidget(window)
        row = window.stack.indexOf(window.forms_page)
        qtbot.waitUntil(
            lambda w=window, s=shown, r=row: (
                w.import_form_action.isVisible() is s and w.navigation.isRowHidden(r) is not s
            ),
            timeout=20_000,
        )
        assert window.export_form_action.isVisible() is shown
        assert window.section_actions[row].isEnabled() is shown
