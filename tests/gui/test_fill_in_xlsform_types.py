"""The fill-in view on forms as ODK and Kobo users write them (tests/data/xlsforms): new
question types, defaults prefilled, computed values shown read-only, cascading choices
that follow their parents, and repeats counted by an answer — on the real widgets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, QPoint, Qt, QTime
from PySide6.QtWidgets import QComboBox, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from icati_desktop.domain.assessments import (
    AcknowledgedAnswer,
    ChoiceAnswer,
    DateTimeAnswer,
    GeopointAnswer,
    NumberAnswer,
    TimeAnswer,
)
from icati_desktop.formats.xlsform import read_xlsform
from icati_desktop.gui.assessments.fill_in import FillInView
from icati_desktop.gui.assessments.item_editor import ItemEditor
from icati_desktop.gui.services import AppServices
from icati_desktop.store.assessments import create_assessment
from icati_desktop.store.device import Role
from icati_desktop.store.forms import save_form
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from tests.gui.test_assessment_fill_in import settled, show_fill_in, stored

ServicesFactory = Callable[[Callable[[], Store]], AppServices]
CORPUS = Path(__file__).resolve().parents[1] / "data" / "xlsforms"


def open_corpus_form(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path, name: str
) -> tuple[FillInView, str]:
    form = read_xlsform(CORPUS / name, CORPUS / "media")
    store = open_store(tmp_path / "data", None)
    try:
        initialise_device(store, Role.HQ, "ICATI HQ")
        save_form(store, form)
        rid = create_assessment(
            store, country="KEN", assessed_on=date(2026, 3, 4), form_id=form.form_id
        )
    finally:
        store.close()
    services = make_services(lambda: open_store(tmp_path / "data", None))
    return show_fill_in(qtbot, services, rid), rid


def radio(editor: ItemEditor, text: str) -> QRadioButton:
    return next(r for r in editor.findChildren(QRadioButton) if r.text() == text)


def visible_radios(editor: ItemEditor) -> list[str]:
    return [r.text() for r in editor.findChildren(QRadioButton) if not r.isHidden()]


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_times_places_confirmations_and_defaults(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    view, rid = open_corpus_form(qtbot, make_services, tmp_path, "trilingual_intake.xlsx")
    # Defaults are there when the form is opened: the agency, the programme, now().
    assert radio(view.editor("agency"), "Police").isChecked()
    programme = view.editor("programme")
    assert programme.control.edit.toPlainText() == "Treatment court"  # type: ignore[attr-defined]
    assert programme.control.edit.isReadOnly()  # type: ignore[attr-defined]
    assert not programme.clear.isVisible()
    started = view.editor("interview_start").control.edit.dateTime()  # type: ignore[attr-defined]
    assert started.toSecsSinceEpoch() >= int(before.timestamp()) - 60

    consent = view.editor("consent")
    box = consent.control.box  # type: ignore[attr-defined]
    assert box.text() == "Confirmed"
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    hearing = view.editor("hearing_time").control.edit  # type: ignore[attr-defined]
    type_into(qtbot, hearing, "14:30")
    place = view.editor("office_location").control  # type: ignore[attr-defined]
    type_into(qtbot, place.latitude, "-1.2921")
    type_into(qtbot, place.longitude, "36.8219")
    moment = view.editor("interview_start").control.edit  # type: ignore[attr-defined]
    moment.setDateTime(QDateTime(QDate(2026, 3, 4), QTime(9, 15)))
    view.editor("interview_start").flush()
    settled(qtbot, view)

    saved = stored(qtbot, view.services, rid)
    assert saved.answer("consent").value == AcknowledgedAnswer()
    assert saved.answer("hearing_time").value == TimeAnswer(value="14:30:00")
    assert saved.answer("office_location").value == GeopointAnswer(
        latitude=Decimal("-1.2921"), longitude=Decimal("36.8219")
    )
    local = datetime(2026, 3, 4, 9, 15).astimezone()
    assert saved.answer("interview_start").value == DateTimeAnswer(value=local.astimezone(UTC))
    assert view.problem_texts() == []


def test_cascading_choices_follow_their_parents_and_a_stale_one_is_cleared(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    view, rid = open_corpus_form(qtbot, make_services, tmp_path, "cascading_sites.xlsx")
    country = view.editor("country").control.combo  # type: ignore[attr-defined]
    assert isinstance(country, QComboBox)  # appearance minimal: a drop-down list
    assert country.count() == 1  # "(not answered)": no region chosen yet
    qtbot.mouseClick(radio(view.editor("region"), "Africa"), Qt.MouseButton.LeftButton)
    assert [country.itemText(i) for i in range(1, country.count())] == ["Kenya", "Ghana"]
    country.setCurrentIndex(1)
    country.activated.emit(1)
    assert visible_radios(view.editor("site")) == ["Nairobi drug court", "Mombasa diversion desk"]
    qtbot.mouseClick(radio(view.editor("site"), "Nairobi drug court"), Qt.MouseButton.LeftButton)
    settled(qtbot, view)
    assert stored(qtbot, view.services, rid).answer("site").value == ChoiceAnswer(value="nairobi")

    # Another region: Kenya is no longer offered, so the country and the site are cleared.
    qtbot.mouseClick(radio(view.editor("region"), "Americas"), Qt.MouseButton.LeftButton)
    assert [country.itemText(i) for i in range(1, country.count())] == ["Peru", "Chile"]
    assert country.currentIndex() == 0
    assert visible_radios(view.editor("site")) == []
    settled(qtbot, view)
    saved = stored(qtbot, view.services, rid)
    assert saved.answer("region").value == ChoiceAnswer(value="americas")
    assert saved.answer("country").value is None
    assert saved.answer("site").value is None


def test_computed_values_are_shown_read_only_and_labels_show_values(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    view, rid = open_corpus_form(qtbot, make_services, tmp_path, "caseload_calculate.xlsx")
    assert view.editor("why_none").isVisible()  # 0 + 0 referred, by default
    assert not view.editor("completed").isVisible()
    type_into(qtbot, view.editor("women_referred").control.edit, "7")  # type: ignore[attr-defined]
    type_into(qtbot, view.editor("men_referred").control.edit, "5")  # type: ignore[attr-defined]
    completed = view.editor("completed")
    assert completed.isVisible()
    assert not view.editor("why_none").isVisible()
    assert completed.caption.text() == "How many of the 12 people completed treatment? (required)"
    type_into(qtbot, completed.control.edit, "9")  # type: ignore[attr-defined]
    rate = view.editor("completion_rate")
    assert rate.control.label.text() == "75"  # type: ignore[attr-defined]
    assert not rate.clear.isVisible()
    summary = view.editor("summary")
    assert summary.caption.text().startswith("Referred: 12; completed: 9 (75 %).")
    settled(qtbot, view)
    saved = stored(qtbot, view.services, rid)
    assert saved.answer("completed").value == NumberAnswer(value=Decimal(9))
    assert "completion_rate" not in saved.answers  # computed, never stored
    assert "total_referred" not in saved.answers


def test_a_counted_repeat_gets_its_entries_from_the_answer(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    view, rid = open_corpus_form(qtbot, make_services, tmp_path, "site_visits_repeat.xlsx")
    view.go_to_domain(1)
    box = view.panes[1].repeat_boxes()[0]
    assert not box.add_button.isVisibleTo(box)
    assert box.empty.text() == "No entries: the form sets their number from the answers above."
    view.go_to_domain(0)
    type_into(qtbot, view.editor("n_sites").control.edit, "2")  # type: ignore[attr-defined]
    assert len(box.entries) == 2
    assert not box.entries[0].remove.isVisibleTo(box.entries[0])
    second = view.editor("site_name", ("sites", 1))
    assert second.caption.text() == "Name of site 2"
    settled(qtbot, view)
    saved = stored(qtbot, view.services, rid)
    assert [e["has_case_manager"].value for e in saved.repeat_answers("sites")] == [
        ChoiceAnswer(value="no")
    ] * 2
