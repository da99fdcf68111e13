"""The guided fill-in on the real widgets: relevance, constraints, "don't know", durable
drafts (a SIGKILLed app keeps its answers), submit and reopen, repeats and evidence."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from icati_desktop.domain.assessments import (
    Answer,
    Assessment,
    AssessmentStatus,
    ChoiceAnswer,
    ChoicesAnswer,
    DateAnswer,
    DontKnowAnswer,
    NumberAnswer,
    ScoreAnswer,
    TextAnswer,
)
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.gui.assessments.fill_in import FillInView
from icati_desktop.gui.assessments.item_editor import ItemEditor
from icati_desktop.gui.services import AppServices
from icati_desktop.store.assessments import create_assessment, load
from icati_desktop.store.device import Role
from icati_desktop.store.forms import save_form
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from tests.gui.stores import open_or_create

ServicesFactory = Callable[[Callable[[], Store]], AppServices]
ROOT = Path(__file__).resolve().parents[2]

_ANCHORS = [
    {"value": v, "label": {"en": name}, "description": {"en": f"{name}: what it means"}}
    for v, name in enumerate(["Absent", "Recognised", "Planned", "Operational", "Institutional"])
]
SMALL_FORM = FormDefinition.model_validate(
    {
        "form_id": "pilot-check",
        "version": "1",
        "title": {"en": "Pilot check"},
        "languages": ["en"],
        "default_language": "en",
        "scale": {"anchors": _ANCHORS, "dont_know_label": {"en": "Don't know"}},
        "choice_lists": [
            {"name": "yes_no", "choices": [
                {"name": "yes", "label": {"en": "Yes"}}, {"name": "no", "label": {"en": "No"}},
            ]},
            {"name": "agencies", "choices": [
                {"name": "police", "label": {"en": "Police"}},
                {"name": "health", "label": {"en": "Ministry of Health"}},
                {"name": "courts", "label": {"en": "Courts"}},
            ]},
        ],
        "domains": [
            {"code": "D1", "title": {"en": "Law"}, "elements": [
                {"kind": "item", "name": "has_law", "type": "select_one", "choices": "yes_no",
                 "label": {"en": "Is there an ATI law?"}},
                {"kind": "item", "name": "law_year", "type": "integer",
                 "label": {"en": "Year the law was passed"},
                 "hint": {"en": "The year of the first version"},
                 "relevant": "${has_law} = 'yes'",
                 "constraint": ". >= 1900 and . <= 2030",
                 "constraint_message": {"en": "Give a year between 1900 and 2030."}},
                {"kind": "item", "name": "law_score", "type": "score", "required": True,
                 "label": {"en": "How far is the law applied?"}},
                {"kind": "group", "name": "details", "label": {"en": "Details"},
                 "relevant": "${law_score} >= 2", "items": [
                     {"kind": "item", "name": "details_text", "type": "text",
                      "label": {"en": "Describe how it is applied"}},
                 ]},
            ]},
            {"code": "D2", "title": {"en": "Sites"}, "elements": [
                {"kind": "item", "name": "budget", "type": "decimal",
                 "label": {"en": "Budget (millions)"}},
                {"kind": "item", "name": "reviewed_on", "type": "date",
                 "label": {"en": "Date of the last review"}},
                {"kind": "item", "name": "agencies", "type": "select_multiple",
                 "choices": "agencies", "label": {"en": "Agencies involved"}},
                {"kind": "item", "name": "sites_note", "type": "note",
                 "label": {"en": "List every pilot site below."}},
                {"kind": "group", "name": "sites", "repeat": True, "label": {"en": "Pilot sites"},
                 "items": [
                     {"kind": "item", "name": "site_name", "type": "text",
                      "label": {"en": "Site name"}},
                     {"kind": "item", "name": "site_score", "type": "score",
                      "label": {"en": "Site readiness"}},
                 ]},
            ]},
        ],
    }
)  # fmt: skip


def hq_store(data_dir: Path) -> Store:
    store = open_store(data_dir, None)
    initialise_device(store, Role.HQ, "ICATI HQ")
    return store


def seed_small_form(data_dir: Path) -> str:
    """An HQ store holding the small form and a draft assessment of Kenya on it."""
    store = hq_store(data_dir)
    try:
        save_form(store, SMALL_FORM)
        return create_assessment(
            store, country="KEN", assessed_on=date(2026, 3, 1), form_id="pilot-check"
        )
    finally:
        store.close()


def run_job(qtbot: QtBot, services: AppServices, job: Callable[[Store], Any]) -> Any:
    results: list[Any] = []
    services.run(job, results.append, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    if isinstance(results[0], BaseException):
        raise results[0]
    return results[0]


def stored(qtbot: QtBot, services: AppServices, assessment_id: str) -> Assessment:
    def job(store: Store) -> Assessment:
        with store.read() as session:
            return load(session, assessment_id)[0]

    return run_job(qtbot, services, job)


def show_fill_in(qtbot: QtBot, services: AppServices, assessment_id: str) -> FillInView:
    view = FillInView(services)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    view.open(assessment_id)
    qtbot.waitUntil(lambda: view.assessment is not None and bool(view.editors), timeout=20_000)
    return view


def settled(qtbot: QtBot, view: FillInView) -> None:
    """Wait until every answer given has been written."""
    qtbot.waitUntil(lambda: view.pending == 0, timeout=20_000)
    assert view.save_status.text() == "All changes saved"


def radio(editor: ItemEditor, text: str) -> QRadioButton:
    return next(r for r in editor.findChildren(QRadioButton) if r.text() == text)


def score_button(editor: ItemEditor, value: int) -> QPushButton:
    return next(b for b in editor.findChildren(QPushButton) if b.text().startswith(f"{value} · "))


def small_view(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> tuple[FillInView, str]:
    assessment_id = seed_small_form(tmp_path / "data")
    services = make_services(lambda: open_store(tmp_path / "data", None))
    return show_fill_in(qtbot, services, assessment_id), assessment_id


def test_relevance_hides_and_shows_items_as_the_person_answers(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    view, assessment_id = small_view(qtbot, make_services, tmp_path)
    year, details = view.editor("law_year"), view.editor("details_text")
    assert not year.isVisible()
    assert not details.isVisible()
    qtbot.mouseClick(radio(view.editor("has_law"), "Yes"), Qt.MouseButton.LeftButton)
    assert year.isVisible()  # at once, before anything is written
    assert year.hint.text() == "The year of the first version"
    qtbot.mouseClick(score_button(view.editor("law_score"), 3), Qt.MouseButton.LeftButton)
    assert details.isVisible()
    qtbot.mouseClick(radio(view.editor("has_law"), "No"), Qt.MouseButton.LeftButton)
    assert not year.isVisible()
    qtbot.mouseClick(score_button(view.editor("law_score"), 1), Qt.MouseButton.LeftButton)
    assert not details.isVisible()
    settled(qtbot, view)
    saved = stored(qtbot, view.services, assessment_id)
    assert saved.answer("has_law").value == ChoiceAnswer(value="no")
    assert saved.answer("law_score").value == ScoreAnswer(value=1)
    assert view.domains.item(0).text().splitlines()[1] == "2 of 2 answered"


def test_a_constraint_blocks_with_its_message_and_nothing_is_saved(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    view, assessment_id = small_view(qtbot, make_services, tmp_path)
    qtbot.mouseClick(radio(view.editor("has_law"), "Yes"), Qt.MouseButton.LeftButton)
    year = view.editor("law_year")
    edit = year.control.edit  # type: ignore[attr-defined]
    edit.setFocus()
    qtbot.keyClicks(edit, "1850")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert year.problem() == "Give a year between 1900 and 2030."
    assert year.error.isVisible()
    assert edit.accessibleDescription() == "Give a year between 1900 and 2030."
    settled(qtbot, view)
    assert "law_year" not in stored(qtbot, view.services, assessment_id).answers
    qtbot.wait(1_000)  # the typing pause passes: still refused, message still shown
    assert year.problem() == "Give a year between 1900 and 2030."
    edit.selectAll()
    qtbot.keyClicks(edit, "2016")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert year.problem() == ""
    settled(qtbot, view)
    assert stored(qtbot, view.services, assessment_id).answer("law_year").value == NumberAnswer(
        value=Decimal(2016)
    )


def test_dont_know_on_the_default_form_saves_a_dont_know_answer(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    services = make_services(lambda: open_or_create(tmp_path / "data", None))
    assessment_id = run_job(
        qtbot,
        services,
        lambda store: create_assessment(store, country="KEN", assessed_on=date(2026, 2, 1)),
    )
    view = show_fill_in(qtbot, services, assessment_id)
    assert view.domains.count() == 9
    assert view.domains.item(0).text().splitlines() == [
        "D1 · Legal & policy framework", "0 of 4 answered",
    ]  # fmt: skip
    item = view.editor("d1_law_allows_treatment")
    assert score_button(item, 2).toolTip() == "An approved plan, a draft law, or one pilot site."
    qtbot.mouseClick(score_button(item, 2), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(item.dont_know, Qt.MouseButton.LeftButton)
    assert not score_button(item, 2).isChecked()
    assert view.domains.item(0).text().splitlines()[1] == "1 of 4 answered"
    settled(qtbot, view)
    saved = stored(qtbot, services, assessment_id).answer("d1_law_allows_treatment")
    assert saved.value == DontKnowAnswer()


KILLED_CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from PySide6.QtCore import QDate, QPoint, Qt
    from PySide6.QtWidgets import QApplication, QRadioButton
    from PySide6.QtTest import QTest
    from icati_desktop.gui.db_worker import DatabaseWorker
    from icati_desktop.gui.services import AppServices
    from icati_desktop.gui.assessments.fill_in import FillInView
    from icati_desktop.store.opening import open_store

    app = QApplication([])
    data_dir, assessment_id = Path(sys.argv[1]), sys.argv[2]
    services = AppServices(DatabaseWorker(lambda: open_store(data_dir, None)))
    view = FillInView(services)
    view.show()
    view.open(assessment_id)
    deadline = time.monotonic() + 60
    while not view.editors and time.monotonic() < deadline:
        app.processEvents(); time.sleep(0.01)
    yes = next(r for r in view.editor("has_law").findChildren(QRadioButton) if r.text() == "Yes")
    QTest.mouseClick(yes, Qt.MouseButton.LeftButton)
    edit = view.editor("law_year").control.edit
    edit.setFocus()
    QTest.keyClicks(edit, "2016")  # no Return, no leaving the field: the typing pause saves it
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline or view.pending:
        app.processEvents(); time.sleep(0.01)
    print("SAVED" if view.save_status.text() == "All changes saved" else "NOT SAVED", flush=True)
    while True:  # killed here, without closing anything
        app.processEvents(); time.sleep(0.05)
    """
)


def test_a_draft_survives_the_app_being_killed_and_restarted(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    assessment_id = seed_small_form(data_dir)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_CHILD, str(data_dir), assessment_id],
        stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        assert child.stdout is not None
        ready, _w, _x = select.select([child.stdout], [], [], 120)
        assert ready, "the child app did not report within 2 minutes"
        assert child.stdout.readline().strip() == "SAVED"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=20)
        if child.stdout is not None:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    services = make_services(lambda: open_store(data_dir, None))
    view = show_fill_in(qtbot, services, assessment_id)
    assert radio(view.editor("has_law"), "Yes").isChecked()
    assert view.editor("law_year").isVisible()
    assert view.editor("law_year").control.edit.text() == "2016"  # type: ignore[attr-defined]


def test_submit_locks_and_reopen_makes_a_new_draft_version(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    view, assessment_id = small_view(qtbot, make_services, tmp_path)
    services = view.services
    qtbot.mouseClick(view.submit_button, Qt.MouseButton.LeftButton)
    assert view.problems.isVisible()  # law_score is required
    assert any(text.startswith("How far is the law applied?") for text in view.problem_texts())
    assert view.assessment is not None
    assert view.assessment.status is AssessmentStatus.DRAFT
    score = view.editor("law_score")
    qtbot.mouseClick(score_button(score, 2), Qt.MouseButton.LeftButton)
    settled(qtbot, view)

    # Submitting asks first, saying what the lock fixes; cancelling changes nothing.
    qtbot.mouseClick(view.submit_button, Qt.MouseButton.LeftButton)
    box = view.confirmation
    assert box is not None
    assert box.isVisible()
    # Unanswered: has_law, details_text (shown as law_score ≥ 2), budget, reviewed_on,
    # agencies; law_year does not apply, the note asks nothing. D2's only score item is in
    # the repeat, which has no entry: insufficient data.
    assert box.unanswered == 5
    assert box.insufficient == ("D2",)
    assert "5 questions are still unanswered." in box.informativeText()
    assert "Not enough data to score Sites (D2)" in box.informativeText()
    assert "phase 1 · Interest & Exploration" in box.informativeText()
    assert "reopened" in box.text()
    qtbot.mouseClick(box.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=5_000)
    settled(qtbot, view)
    assert stored(qtbot, services, assessment_id).status is AssessmentStatus.DRAFT

    qtbot.mouseClick(view.submit_button, Qt.MouseButton.LeftButton)
    box = view.confirmation
    assert box is not None
    qtbot.mouseClick(box.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.reopen_button.isVisible(), timeout=20_000)
    assert not view.problems.isVisible()
    submitted = stored(qtbot, services, assessment_id)
    assert submitted.status is AssessmentStatus.SUBMITTED
    assert submitted.submitted_by == "ICATI HQ"  # the device's user (seed_small_form)
    assert view.locked_banner.isVisible()
    assert view.locked_banner.text().startswith(f"Submitted by {submitted.submitted_by} on ")
    assert not score_button(score, 3).isEnabled()
    assert not score.dont_know.isEnabled()
    submitted_version = run_job(
        qtbot, services, lambda store: RecordService(store).get(Assessment, assessment_id)
    ).version_id
    qtbot.mouseClick(view.reopen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.submit_button.isVisible(), timeout=20_000)
    settled(qtbot, view)
    reopened = run_job(
        qtbot, services, lambda store: RecordService(store).get(Assessment, assessment_id)
    )
    assert reopened.payload.status is AssessmentStatus.DRAFT
    assert reopened.version_id != submitted_version
    assert reopened.payload.answer("law_score").value == ScoreAnswer(value=2)
    assert score_button(score, 3).isEnabled()
    qtbot.mouseClick(score_button(score, 3), Qt.MouseButton.LeftButton)
    settled(qtbot, view)
    assert stored(qtbot, services, assessment_id).answer("law_score").score == 3


def test_repeat_entries_are_added_answered_and_removed(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    view, assessment_id = small_view(qtbot, make_services, tmp_path)
    view.go_to_domain(1)
    box = view.panes[1].repeat_boxes()[0]
    assert box.empty.isVisible()
    for _ in range(2):
        qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
        settled(qtbot, view)
    assert len(box.entries) == 2
    name = view.editor("site_name", ("sites", 1))
    qtbot.keyClicks(name.control.edit, "Nairobi court")  # type: ignore[attr-defined]
    name.flush()
    qtbot.mouseClick(
        score_button(view.editor("site_score", ("sites", 0)), 4), Qt.MouseButton.LeftButton
    )
    settled(qtbot, view)
    sites = stored(qtbot, view.services, assessment_id).repeat_answers("sites")
    assert sites[0]["site_score"].score == 4
    assert sites[1]["site_name"].value == TextAnswer(value="Nairobi court")
    qtbot.mouseClick(box.entries[0].remove, Qt.MouseButton.LeftButton)
    settled(qtbot, view)
    qtbot.waitUntil(lambda: len(box.entries) == 1)
    assert stored(qtbot, view.services, assessment_id).repeat_answers("sites") == [
        {"site_name": Answer(value=TextAnswer(value="Nairobi court"))}
    ]
    assert view.editor("site_name", ("sites", 0)).control.edit.toPlainText() == "Nairobi court"  # type: ignore[attr-defined]


def test_a_note_and_an_attached_file_are_saved_with_the_answer(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view, assessment_id = small_view(qtbot, make_services, tmp_path)
    evidence_file = tmp_path / "minutes.txt"
    evidence_file.write_text("Steering committee minutes", encoding="utf-8")
    monkeypatch.setattr(view.catalogue, "choose_file", lambda _parent: evidence_file)
    item = view.editor("law_score")
    qtbot.mouseClick(item.more, Qt.MouseButton.LeftButton)
    assert item.evidence.isVisible()
    qtbot.keyClicks(item.evidence.note, "Minutes of 3 March")
    item.evidence.flush()
    qtbot.mouseClick(item.evidence.attach, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: item.evidence.items.count() == 1, timeout=20_000)
    settled(qtbot, view)
    answer = stored(qtbot, view.services, assessment_id).answer("law_score")
    assert answer.note == "Minutes of 3 March"
    assert answer.value is None  # a note without a score yet
    (sha,) = answer.evidence.attachments
    blob = run_job(qtbot, view.services, lambda store: store.blobs.open_path(sha))
    assert Path(blob).read_text(encoding="utf-8") == "Steering committee minutes"
    assert item.more.text() == "Note and evidence (note written, 1 attached)"


def test_numbers_dates_and_several_choices_are_saved_exactly(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    view, assessment_id = small_view(qtbot, make_services, tmp_path)
    view.go_to_domain(1)
    budget = view.editor("budget").control.edit  # type: ignore[attr-defined]
    budget.setFocus()
    qtbot.keyClicks(budget, "12,35x")  # the validator keeps letters out
    assert budget.text() == "12,35"
    qtbot.keyClick(budget, Qt.Key.Key_Return)
    agencies = view.editor("agencies")
    for box in agencies.findChildren(QCheckBox):
        if box.text() in ("Police", "Courts"):
            at_the_box = QPoint(8, box.height() // 2)  # the box, not the empty row beside it
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=at_the_box)
    reviewed = view.editor("reviewed_on")
    assert reviewed.control.edit.text() == "No date"  # type: ignore[attr-defined]
    reviewed.control.edit.setDate(QDate(2025, 11, 30))  # type: ignore[attr-defined]
    reviewed.flush()
    note = view.editor("sites_note")
    assert note.caption.text() == "List every pilot site below."
    assert not note.clear.isVisible()
    assert not note.dont_know.isVisible()
    assert not view.editor("budget").dont_know.isVisible()  # "don't know" is a score answer
    settled(qtbot, view)
    saved = stored(qtbot, view.services, assessment_id)
    assert saved.answer("budget").value == NumberAnswer(value=Decimal("12.35"))
    assert saved.answer("agencies").value == ChoicesAnswer(value=["police", "courts"])
    assert saved.answer("reviewed_on").value == DateAnswer(value=date(2025, 11, 30))
    qtbot.mouseClick(reviewed.clear, Qt.MouseButton.LeftButton)
    assert reviewed.control.edit.text() == "No date"  # type: ignore[attr-defined]
    settled(qtbot, view)
    assert "reviewed_on" not in stored(qtbot, view.services, assessment_id).answers


def test_a_library_resource_is_kept_as_evidence(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view, assessment_id = small_view(qtbot, make_services, tmp_path)
    qtbot.waitUntil(lambda: bool(view.catalogue.titles), timeout=20_000)
    tokyo = next(rid for rid in view.catalogue.titles if "Tokyo Rules" in view.catalogue.title(rid))
    offered: list[set[str]] = []

    def pick(_parent: object, exclude: set[str]) -> list[str]:
        offered.append(exclude)
        return [tokyo]

    monkeypatch.setattr(view.catalogue, "pick_resources", pick)
    item = view.editor("has_law")
    qtbot.mouseClick(item.more, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(item.evidence.add_resource, Qt.MouseButton.LeftButton)
    assert item.evidence.items.item(0).text().startswith("Resource: UN Standard Minimum Rules")
    settled(qtbot, view)
    saved = stored(qtbot, view.services, assessment_id).answer("has_law")
    assert [str(r) for r in saved.evidence.resource_ids] == [tokyo]
    qtbot.mouseClick(item.evidence.add_resource, Qt.MouseButton.LeftButton)
    assert offered[-1] == {tokyo}  # what is there already is not offered again
    item.evidence.items.setCurrentRow(0)
    qtbot.mouseClick(item.evidence.remove, Qt.MouseButton.LeftButton)
    settled(qtbot, view)
    assert "has_law" not in stored(qtbot, view.services, assessment_id).answers


def test_every_control_is_named_and_reachable_by_keyboard(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    view, _assessment_id = small_view(qtbot, make_services, tmp_path)
    qtbot.mouseClick(radio(view.editor("has_law"), "Yes"), Qt.MouseButton.LeftButton)
    view.go_to_domain(1)
    qtbot.mouseClick(view.panes[1].repeat_boxes()[0].add_button, Qt.MouseButton.LeftButton)
    settled(qtbot, view)
    unnamed = []
    for pane in view.panes:
        for widget in pane.findChildren(QWidget):
            if not isinstance(widget, (QAbstractButton, QLineEdit, QPlainTextEdit, QDateEdit)):
                continue
            if widget.isHidden() or isinstance(widget.parent(), QDateEdit):
                continue
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            if not (widget.accessibleName() or text.strip()):
                unnamed.append(widget)
            assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, widget
    assert unnamed == []
