"""The results of a self-assessment on the real widgets: scores, phase and why, advice to
action item, the expert's override, and two rounds compared across form versions."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QTableWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from icati_desktop.domain.assessments import Answer, answer_value
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.gui.assessments.compare import cell_text
from icati_desktop.gui.assessments.results import ResultsView
from icati_desktop.gui.language import apply_language
from icati_desktop.gui.services import AppServices
from icati_desktop.reports.charts import chart_table, compare_table
from icati_desktop.store.assessments import (
    NewAssessment,
    create_assessments,
    get_form,
    load,
    set_answer,
)
from icati_desktop.store.device import Role, read_device
from icati_desktop.store.forms import save_form
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.store.tables.field import ActionItemRow
from icati_desktop.sync.device_setup import initialise_device
from tests.gui.stores import open_or_create

ServicesFactory = Callable[[Callable[[], Store]], AppServices]

# Hand-computed (★ key items weigh 2): D1 (2·2+2+1+1)/5 = 1.60; D2 (2·1+1+2+3)/5 = 1.60;
# D3 (2·2+0+1+1)/5 = 1.20; D4 1.00; D5 (2·3+2+2+1)/5 = 2.20; D6 two "don't know" of four
# (50 % ≥ 40 %) → insufficient; D7 0.00; D8 (2·2+1+1+1)/5 = 1.40; D9 (2·0+1+2)/4 = 0.75.
# Phase 2 holds (D2 ≥ 1; D1, D2, D3, D4, D5, D8 ≥ 1; webinars at 3); phase 3 needs D1
# and D2 ≥ 2, which they are not. 2 "don't know" of 34 items: no mapping meeting first.
ANSWERS: dict[str, int | str] = {
    "d1_law_allows_treatment": 2, "d1_strategy_names_ati": 2, "d1_safeguards_defined": 1,
    "d1_legal_options_used": 1,
    "d2_steering_committee": 1, "d2_interagency_mous": 1, "d2_justice_support": 2,
    "d2_basics_webinars": 3,
    "d3_pre_arrest": 2, "d3_pre_trial": 0, "d3_court": 1, "d3_post_sentence": 1,
    "d4_screening_first_contact": 1, "d4_clinical_assessment": 1, "d4_rnr_tool": 1,
    "d4_eligibility_written": 1,
    "d5_community_treatment": 3, "d5_international_standards": 2, "d5_moud": 2,
    "d5_special_populations": 1,
    "d6_case_manager": "dk", "d6_shared_case_plan": "dk", "d6_housing_employment": 1,
    "d7_policy_leaders_trained": 0, "d7_practitioners_trained": 0, "d7_cross_training": 0,
    "d7_trainer_pool": 0,
    "d8_service_data": 2, "d8_outcomes_tracked": 1, "d8_evaluation_planned": 1,
    "d8_sex_age_breakdown": 1,
    "d9_budget_line": 0, "d9_multi_year": 1, "d9_costs_estimated": 2,
}  # fmt: skip
EXPECTED_SCORES = {
    "D1": "1.60", "D2": "1.60", "D3": "1.20", "D4": "1.00", "D5": "2.20", "D6": "–",
    "D7": "0.00", "D8": "1.40", "D9": "0.75",
}  # fmt: skip


def run_job(qtbot: QtBot, services: AppServices, job: Callable[[Store], Any]) -> Any:
    results: list[Any] = []
    services.run(job, results.append, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    if isinstance(results[0], BaseException):
        raise results[0]
    return results[0]


def new_round(
    answers: dict[str, int | str], on: date, version: str | None = None
) -> Callable[[Store], str]:
    def job(store: Store) -> str:
        spec = NewAssessment(
            country="KEN",
            assessed_on=on,
            form_version=version,
            answers={name: Answer(value=answer_value(value)) for name, value in answers.items()},
        )
        return create_assessments(store, [spec])[0]

    return job


def open_view(qtbot: QtBot, services: AppServices, assessment_id: str) -> ResultsView:
    view = ResultsView(services)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    view.show_assessment(assessment_id)
    qtbot.waitUntil(lambda: view.snapshot is not None, timeout=20_000)
    return view


@pytest.fixture
def field(qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path) -> tuple[Any, str]:
    services = make_services(lambda: open_or_create(tmp_path / "data", None))
    rid = run_job(qtbot, services, new_round(ANSWERS, date(2025, 3, 14)))
    return services, rid


def table_rows(table: QTableWidget) -> list[tuple[str, ...]]:
    return [
        tuple(cell_text(table, r, c) for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]


def test_scores_phase_and_why_as_computed_by_hand(qtbot: QtBot, field: tuple[Any, str]) -> None:
    services, rid = field
    view = open_view(qtbot, services, rid)
    rows = table_rows(view.charts.table)
    assert [r[0] for r in rows][:2] == [
        "Legal & policy framework (D1)",
        "Leadership & coordination (D2)",
    ]
    codes = [view.charts.table.model().index(i, 0).data(Qt.ItemDataRole.UserRole) for i in range(9)]
    assert {code: r[1] for code, r in zip(codes, rows, strict=True)} == EXPECTED_SCORES
    assert rows[5][-1] == "insufficient"  # D6
    assert "Phase 2: Systems Preparation" in view.phase_label.text()
    assert view.phase_source.text() == "Computed from the answers by the form's phase rules."
    why = view.explanation.text()
    assert "Phase 3: Initiative Planning &amp; Launch is not reached yet" in why
    assert "Legal &amp; policy framework (D1) is 1.60; phase 3 needs at least 2." in why
    assert "Leadership &amp; coordination (D2) is 1.60; phase 3 needs at least 2." in why
    assert "Case &amp; care management (D6): 1 of 4 items scored, 2 “don't know”" in why
    assert "Assess again from March 14, 2026" in why
    # Advice: the two domains blocking phase 3, then the weakest other domain (D7 at 0).
    assert list(view.advice.lines) == ["D1", "D2", "D7"]
    assert (
        view.advice.lines["D1"]
        .text.text()
        .startswith("Legal & policy framework (D1) scored 1.60 (")
    )
    # Pre-trial at 0 while pre-arrest is 2: the Atlas is suggested for that stage.
    stages: list[str] = []
    view.atlas_stage_requested.connect(stages.append)
    assert [b.property("stage") for b in view.advice.stage_buttons] == ["pre_trial"]
    qtbot.mouseClick(view.advice.stage_buttons[0], Qt.MouseButton.LeftButton)
    assert stages == ["pre_trial"]


def test_the_data_table_is_the_chart_data(qtbot: QtBot, field: tuple[Any, str]) -> None:
    services, rid = field
    view = open_view(qtbot, services, rid)
    assert view.snapshot is not None
    domains = view.snapshot.result.domains
    expected = chart_table(domains, language="en")
    rows = table_rows(view.charts.table)
    assert [cell_text(view.charts.table, 0, c) for c in range(1, 7)] == list(expected.rows[0][1:])
    assert [tuple(r[1:]) for r in rows] == [tuple(r[1:]) for r in expected.rows]
    header = view.charts.table.horizontalHeaderItem(1)
    assert header is not None
    assert header.text() == expected.headers[1]
    # The bars drawn are the scores in the table (D6 is a hatched placeholder at 4).
    canvas: Any = view.charts.canvases["bars"]
    heights = [round(p.get_height(), 2) for p in canvas.figure.axes[0].patches]
    shown = [float(r[1]) if r[1] != "–" else 4.0 for r in rows]
    assert heights == shown


def test_a_resource_of_the_advice_opens_in_the_library(
    qtbot: QtBot, field: tuple[Any, str]
) -> None:
    services, rid = field
    view = open_view(qtbot, services, rid)
    line = view.advice.lines["D1"]
    assert line.resource_buttons, "the default library has legal resources"
    wanted: list[str] = []
    view.resource_requested.connect(wanted.append)
    qtbot.mouseClick(line.resource_buttons[0], Qt.MouseButton.LeftButton)
    assert wanted == [line.resource_buttons[0].property("resource_id")]


def advice_items(rid: str) -> Callable[[Store], list[tuple[str | None, str]]]:
    def job(store: Store) -> list[tuple[str | None, str]]:
        with store.read() as session:
            rows = session.scalars(select(ActionItemRow).where(ActionItemRow.source_ref == rid))
            return [(r.domain_code, r.title) for r in rows]

    return job


def advice_item(rid: str) -> Callable[[Store], tuple[str, str, date | None]]:
    def job(store: Store) -> tuple[str, str, date | None]:
        with store.read() as session:
            row = session.scalars(
                select(ActionItemRow).where(ActionItemRow.source_ref == rid)
            ).one()
            return row.id, row.owner_name, row.due_on

    return job


def test_advice_asks_owner_and_due_date_then_opens_the_item(
    qtbot: QtBot, field: tuple[Any, str]
) -> None:
    services, rid = field
    view = open_view(qtbot, services, rid)
    opened: list[str] = []
    view.action_item_requested.connect(opened.append)
    line = view.advice.lines["D1"]
    qtbot.mouseClick(line.button, Qt.MouseButton.LeftButton)
    dialog = view.item_dialog
    assert dialog is not None
    assert dialog.isVisible()
    dialog.reject()  # changed their mind: nothing written, the line can be used again
    qtbot.waitUntil(lambda: line.button.isEnabled(), timeout=5_000)
    assert run_job(qtbot, services, advice_items(rid)) == []
    qtbot.mouseClick(line.button, Qt.MouseButton.LeftButton)
    dialog = view.item_dialog
    assert dialog is not None
    dialog.owner.setEditText("Ministry of Justice, ATI unit")
    dialog.due.setDate(QDate(2027, 3, 31))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: bool(opened), timeout=20_000)
    item_id, owner, due = run_job(qtbot, services, advice_item(rid))
    assert opened == [item_id]
    assert owner == "Ministry of Justice, ATI unit"
    assert due == date(2027, 3, 31)
    assert line.status.text() == "Action item created"


def test_create_action_item_makes_exactly_one(qtbot: QtBot, field: tuple[Any, str]) -> None:
    services, rid = field
    view = open_view(qtbot, services, rid)
    line = view.advice.lines["D2"]
    qtbot.mouseClick(line.button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(line.button, Qt.MouseButton.LeftButton)  # a double click: one dialog
    dialog = view.item_dialog
    assert dialog is not None
    dialog.accept()
    qtbot.waitUntil(lambda: line.status.text() == "Action item created", timeout=20_000)
    assert view.advice.lines["D2"] is line  # the same widgets: the focus stays put
    assert not line.button.isEnabled()
    assert view.advice.lines["D1"].button.isEnabled()
    items = run_job(qtbot, services, advice_items(rid))
    assert len(items) == 1
    assert items[0][0] == "D2"
    # Shown again later (another view on the same store), the line is still done.
    again = open_view(qtbot, services, rid)
    assert not again.advice.lines["D2"].button.isEnabled()
    assert again.advice.lines["D2"].status.text() == "Action item created"
    assert again.advice.lines["D1"].button.isEnabled()


def stored_override(rid: str) -> Callable[[Store], Any]:
    def job(store: Store) -> Any:
        with store.read() as session:
            return load(session, rid)[0].phase_override

    return job


def test_the_override_needs_a_reason_and_is_stored(qtbot: QtBot, field: tuple[Any, str]) -> None:
    services, rid = field
    view = open_view(qtbot, services, rid)
    dialog = view.open_override_dialog()
    assert dialog is not None
    device_name = run_job(qtbot, services, lambda s: read_device_name(s))
    assert dialog.by.text() == device_name
    dialog.phase.setCurrentIndex(dialog.phase.findData(3))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert "Give a reason" in dialog.error.text()
    assert run_job(qtbot, services, stored_override(rid)) is None
    dialog.reason.setPlainText("Steering committee formed last month; MoUs being signed")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Phase 3" in view.phase_label.text(), timeout=20_000)
    stored = run_job(qtbot, services, stored_override(rid))
    assert (stored.phase, stored.by) == (3, device_name)
    assert stored.reason == "Steering committee formed last month; MoUs being signed"
    assert "in place of the computed phase Phase 2: Systems Preparation" in (
        view.phase_source.text()
    )
    assert view.clear_override_button.isVisible()
    qtbot.mouseClick(view.clear_override_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Phase 2" in view.phase_label.text(), timeout=20_000)
    assert run_job(qtbot, services, stored_override(rid)) is None
    assert not view.clear_override_button.isVisible()


def read_device_name(store: Store) -> str:
    with store.read() as session:
        device = read_device(session)
    assert device is not None
    return device.name


def version_two(store: Store) -> None:
    """Version 2 of the default form: the strategy question is reworded under a new name."""
    with store.read() as session:
        data = get_form(session, "ati-self-assessment", "1").model_dump(mode="json")
    data["version"] = "2"
    d1 = data["domains"][0]["elements"]
    old = next(e for e in d1 if e["name"] == "d1_strategy_names_ati")
    old["name"] = "d1_strategy_and_plan_name_ati"
    old["label"] = {
        **old["label"],
        "en": "Do the national drug strategy and its action plan name ATI?",
    }
    data["crosswalk"] = [
        {"from_form_version": "1", "from_item": "d1_strategy_names_ati",
         "to_item": "d1_strategy_and_plan_name_ati"},
    ]  # fmt: skip
    save_form(store, FormDefinition.model_validate(data))


def test_two_rounds_compared_across_form_versions(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    def open_hq() -> Store:
        store = open_store(tmp_path / "hq", None)
        with store.read() as session:
            if read_device(session) is None:
                initialise_device(store, Role.HQ, "Central office")
        return store

    services = make_services(open_hq)
    run_job(qtbot, services, version_two)
    first = run_job(qtbot, services, new_round(ANSWERS, date(2025, 3, 14), "1"))
    later_answers = {k: v for k, v in ANSWERS.items() if k != "d1_strategy_names_ati"}
    later_answers |= {"d1_strategy_and_plan_name_ati": 3, "d2_steering_committee": 2}
    second = run_job(qtbot, services, new_round(later_answers, date(2026, 3, 20), "2"))
    view = open_view(qtbot, services, second)
    view.tabs.setCurrentWidget(view.compare)
    assert view.compare.other.count() == 2  # "choose…" and the 2025 round
    view.compare.choose(first)
    qtbot.waitUntil(lambda: view.compare.snapshot is not None, timeout=20_000)
    summary = view.compare.summary.text()
    assert "phase 2 → phase 2" in summary
    assert "matched through the crosswalk of version 2" in summary
    rows = view.compare.item_rows()
    assert rows == [
        (
            "Do the national drug strategy and its action plan name ATI?",
            "2 (Planned / piloting)",
            "3 (Operational)",
            "changed (question renamed through the crosswalk)",
        ),
        (
            "Is there a health–justice ATI steering committee?",
            "1 (Recognised)",
            "2 (Planned / piloting)",
            "changed",
        ),
    ]
    # D1 (2·2+3+1+1)/5 = 1.80 from 1.60; D2 (2·2+1+2+3)/5 = 2.00 from 1.60.
    domains = table_rows(view.compare.domains)
    assert domains[0][1:] == ("1.60", "1.80", "+0.20")
    assert domains[1][1:] == ("1.60", "2.00", "+0.40")
    snapshot = view.compare.snapshot
    assert snapshot is not None
    expected = compare_table(snapshot.earlier[2].domains, snapshot.later[2].domains, language="en")
    assert [r[1:] for r in domains] == [r[1:] for r in expected.rows]
    qtbot.wait(100)
    view.grab().save("/tmp/results-compare-en.png")


def test_rendered_in_english_and_arabic(
    qtbot: QtBot, qapp: QApplication, field: tuple[Any, str]
) -> None:
    services, rid = field
    view = open_view(qtbot, services, rid)
    view.tabs.setCurrentWidget(view.advice)
    qtbot.wait(100)
    view.grab().save("/tmp/results-en-advice.png")
    view.tabs.setCurrentWidget(view.charts)
    english_title = view.title.text()
    view.grab().save("/tmp/results-en.png")
    try:
        apply_language(qapp, "ar")
        view.retranslate_ui()
        # The country's name is read again, in Arabic, on the database thread.
        qtbot.waitUntil(lambda: "كينيا" in view.title.text(), timeout=20_000)
        assert view.layoutDirection() == Qt.LayoutDirection.RightToLeft
        view.grab().save("/tmp/results-ar.png")
        view.tabs.setCurrentWidget(view.advice)
        qtbot.wait(100)
        view.grab().save("/tmp/results-ar-advice.png")
        dialog = view.open_override_dialog()
        assert dialog is not None
        assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
        dialog.grab().save("/tmp/results-ar-override.png")
        dialog.reject()
    finally:
        apply_language(qapp, "en")
        view.retranslate_ui()
    qtbot.waitUntil(lambda: view.title.text() == english_title, timeout=20_000)


def test_exports_from_the_results(
    qtbot: QtBot,
    field: tuple[Any, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtlog: Any,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    services, rid = field
    view = open_view(qtbot, services, rid)
    answers = tmp_path / "answers.csv"
    view.export_answers(answers)
    ready = view.file_ready
    qtbot.waitUntil(lambda: ready.isVisible(), timeout=20_000)
    assert ready.message.text() == f"The answers are written to {answers}."
    text = answers.read_text(encoding="utf-8-sig")
    assert "d1_law_allows_treatment" in text
    ready.setVisible(False)
    report = tmp_path / "report-ar.pdf"
    view.export_pdf(report, "ar")
    qtbot.waitUntil(lambda: ready.isVisible() or view.error.isVisible(), timeout=60_000)
    assert not view.error.isVisible(), view.error.text()
    assert ready.message.text().startswith(f"The report is written to {report} (")
    assert report.read_bytes().startswith(b"%PDF")
    timers = [r.message for r in qtlog.records if "QBasicTimer" in r.message]
    assert not timers, timers  # nothing on stderr for an ordinary export
    # After the export: open the report, or show it in its folder.
    qtbot.mouseClick(ready.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(report)]
    if sys.platform not in ("win32", "darwin"):
        qtbot.mouseClick(ready.folder_button, Qt.MouseButton.LeftButton)
        assert opened[-1] == str(tmp_path)
    # A file type the export does not know is refused with a message, and nothing is written.
    wrong = tmp_path / "answers.txt"
    view.export_answers(wrong)
    qtbot.waitUntil(lambda: view.error.isVisible(), timeout=20_000)
    assert "export answers to a .csv or .xlsx file, not .txt" in view.error.text()
    assert not wrong.exists()
    assert not ready.isVisible()


def test_a_change_to_the_shown_assessment_is_shown(qtbot: QtBot, field: tuple[Any, str]) -> None:
    services, rid = field
    view = open_view(qtbot, services, rid)
    assert cell_text(view.charts.table, 0, 1) == "1.60"  # one precision for every score
    # Elsewhere (the fill-in), D1's key item goes from 2 to 4: (2·4+2+1+1)/5 = 2.40.
    run_job(
        qtbot,
        services,
        lambda s: set_answer(s, rid, "d1_law_allows_treatment", Answer(value=answer_value(4))),
    )
    qtbot.waitUntil(lambda: cell_text(view.charts.table, 0, 1) == "2.40", timeout=20_000)
    assert "Legal &amp; policy framework (D1)" not in view.explanation.text()
