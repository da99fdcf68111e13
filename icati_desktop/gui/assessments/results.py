"""The results of one self-assessment: phase and why, charts, advice, round comparison.

Everything shown is read in one database job (:func:`results_job`) and the result is
scored from the stored answers there, never on the GUI thread. The view reloads when the
store reports that the shown assessment, its action items, the library (recommended
resources) or forms changed — while hidden it only remembers to reload when shown.
Changes (an override, an action item from advice, exports) are database jobs too.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.assessments.advice_list import AdviceList
from icati_desktop.gui.assessments.compare import CompareView
from icati_desktop.gui.assessments.override_dialog import OverrideDialog
from icati_desktop.gui.assessments.results_charts import ChartsPanel
from icati_desktop.gui.assessments.results_jobs import (
    ResultsSnapshot,
    action_item_job,
    answers_job,
    override_job,
    pdf_job,
    results_job,
)
from icati_desktop.gui.assessments.results_summary import (
    details_text,
    explanation_html,
    phase_source_text,
    phase_text,
    title_text,
)
from icati_desktop.gui.file_ready import FileReady
from icati_desktop.gui.icons import set_icon
from icati_desktop.gui.language import LANGUAGE_NAMES
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.status import set_status
from icati_desktop.i18n import _, current_language, ngettext

WATCHED = frozenset({"assessment", "action_item", "resource", "form_definition"})
CHARTS, ADVICE, COMPARE = range(3)


class ResultsView(QWidget):
    help_anchor = "reading-the-results"
    """Its section of the user guide (F1)."""

    resource_requested = Signal(str)
    """A library resource id to show in the Library."""
    atlas_stage_requested = Signal(str)
    """A continuum stage whose initiatives to show in the Atlas."""
    back_requested = Signal()
    action_item_requested = Signal(str)
    """An action item (just made from advice) to open in Action plans."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.assessment_id: str | None = None
        self.snapshot: ResultsSnapshot | None = None
        self.override_dialog: OverrideDialog | None = None
        self._generation = 0
        self._stale = False
        self._build()
        self.retranslate_ui()
        services.records_changed.connect(self._records_changed)

    # --- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back_requested)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.phase_label = QLabel()
        self.phase_label.setObjectName("resultsPhase")
        self.phase_label.setTextFormat(Qt.TextFormat.RichText)
        self.phase_source = QLabel()
        self.phase_source.setWordWrap(True)
        self.phase_source.setTextFormat(Qt.TextFormat.PlainText)
        self.override_button = QPushButton()
        self.override_button.clicked.connect(self.open_override_dialog)
        self.clear_override_button = QPushButton()
        self.clear_override_button.clicked.connect(self.clear_override)
        self.pdf_button = QPushButton()
        set_icon(self.pdf_button, "file-text")
        self.pdf_menu = QMenu(self.pdf_button)
        for code, name in LANGUAGE_NAMES.items():
            action = self.pdf_menu.addAction(name)
            action.triggered.connect(partial(self.choose_pdf_file, code))
        self.pdf_button.setMenu(self.pdf_menu)
        self.answers_button = QPushButton()
        self.answers_button.clicked.connect(self.choose_answers_file)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setVisible(False)
        self.file_ready = FileReady()
        self.error = QLabel()
        set_status(self.error, "error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)

        top = QHBoxLayout()
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.details)
        top.addLayout(heading, 1)
        for button in (self.pdf_button, self.answers_button):
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        phase_row = QHBoxLayout()
        phase_row.addWidget(self.phase_label, 1)
        phase_row.addWidget(self.override_button)
        phase_row.addWidget(self.clear_override_button)

        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        explanation_box = QWidget()
        explanation_layout = QVBoxLayout(explanation_box)
        explanation_layout.addWidget(self.explanation)
        explanation_layout.addStretch(1)
        self.explanation_scroll = QScrollArea()
        self.explanation_scroll.setWidgetResizable(True)
        self.explanation_scroll.setWidget(explanation_box)

        self.charts = ChartsPanel()
        self.advice = AdviceList()
        self.advice.resource_requested.connect(self.resource_requested)
        self.advice.atlas_stage_requested.connect(self.atlas_stage_requested)
        self.advice.action_requested.connect(self.create_action_item)
        self.compare = CompareView(self.services)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.charts, "")
        self.tabs.addTab(self.advice, "")
        self.tabs.addTab(self.compare, "")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("resultsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.explanation_scroll)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([520, 780])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(phase_row)
        layout.addWidget(self.phase_source)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(self.file_ready)
        layout.addWidget(self.splitter, 1)
        self._enable(False)

    def retranslate_ui(self) -> None:
        self.back_button.setText(_("← &Back"))
        self.back_button.setAccessibleName(_("Back to the assessments"))
        self.override_button.setText(_("&Override phase…"))
        self.clear_override_button.setText(_("&Use computed phase"))
        self.clear_override_button.setToolTip(_("Remove the expert's override"))
        self.pdf_button.setText(_("Export &PDF report"))
        self.pdf_button.setToolTip(_("Choose the language of the report"))
        self.answers_button.setText(_("Export &answers (XLSX/CSV)…"))
        self.tabs.setTabText(CHARTS, _("&Charts"))
        self.tabs.setTabText(ADVICE, _("Ne&xt steps"))
        self.tabs.setTabText(COMPARE, _("Compare &rounds"))
        self.file_ready.retranslate_ui()
        self.charts.retranslate_ui()
        self.advice.retranslate_ui()
        self.compare.retranslate_ui()
        self._show_snapshot()
        if self.assessment_id is not None:
            self.reload()  # the country's name and dates come back in the new language

    def _enable(self, on: bool) -> None:
        for button in (self.override_button, self.pdf_button, self.answers_button):
            button.setEnabled(on)
        has_override = (
            on and self.snapshot is not None and self.snapshot.result.override is not None
        )
        self.clear_override_button.setVisible(has_override)

    # --- loading --------------------------------------------------------------------------------

    def show_assessment(self, assessment_id: str) -> None:
        """Show the results of this assessment (loaded on the database thread)."""
        if assessment_id != self.assessment_id:
            self.snapshot = None
            self.status.clear()
            self.status.setVisible(False)
            self.error.setVisible(False)
            self.title.setText(escape(_("Loading the results…")))
            self._enable(False)
        self.assessment_id = assessment_id
        self.reload()

    def reload(self) -> None:
        if self.assessment_id is None:
            return
        self._stale = False
        self._generation += 1
        generation = self._generation
        self.services.run(
            results_job(self.assessment_id, current_language()),
            lambda snapshot: self._loaded(generation, snapshot),
            lambda error: self._load_failed(generation, error),
        )

    def _loaded(self, generation: int, snapshot: ResultsSnapshot) -> None:
        if generation != self._generation or snapshot.assessment_id != self.assessment_id:
            return
        self.snapshot = snapshot
        self.error.setVisible(False)
        self._show_snapshot()
        self.advice.show_advice(
            snapshot.assessment_id, snapshot.form, snapshot.result, snapshot.acted_on
        )
        self.charts.show_scores(snapshot.result.domains, snapshot.form)
        self.compare.set_subject(snapshot)

    def _load_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.snapshot = None
        self._enable(False)
        self.title.setText(escape(_("No results to show")))
        self.show_error(_("The results cannot be shown: {error}").format(error=error))

    def _show_snapshot(self) -> None:
        snapshot = self.snapshot
        if snapshot is None:
            return
        language = current_language()
        self.title.setText(f"<h2>{escape(title_text(snapshot))}</h2>")
        self.details.setText(details_text(snapshot, language))
        shown = phase_text(snapshot.result.shown_phase, language)
        if snapshot.result.override:
            shown = _("{phase} (expert's override)").format(phase=shown)
        self.phase_label.setText(f"<h3>{escape(shown)}</h3>")
        self.phase_source.setText(phase_source_text(snapshot, language))
        self.explanation.setText(explanation_html(snapshot, language))
        self._enable(True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _records_changed(self, record_type: str, ids: object) -> None:
        """Reload on a change to the shown assessment, the round compared with, or
        anything else the screen shows (any assessment may be a new round to compare
        with; action items, resources and forms feed the advice). Hidden: later."""
        if record_type not in WATCHED or self.assessment_id is None:
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    # --- acting ---------------------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)
        self.file_ready.hide()

    def show_done(self, message: str) -> None:
        self.error.setVisible(False)
        self.file_ready.hide()
        set_status(self.status, "done")
        self.status.setText(message)
        self.status.setVisible(True)

    def show_file(self, path: Path, message: str) -> None:
        """A file was written: say where, with “Open” and “Show in folder”."""
        self.error.setVisible(False)
        self.status.setVisible(False)
        self.file_ready.show_file(path, message)

    def create_action_item(self, domain: str) -> None:
        """Ask who does it and by when, write the item, then open it in Action plans."""
        from icati_desktop.gui.actions.advice_dialog import AdviceItemDialog

        rid, snapshot = self.assessment_id, self.snapshot
        if rid is None or snapshot is None:
            return
        widgets = self.advice.lines.get(domain)
        action = widgets.text.text() if widgets is not None else domain
        dialog = AdviceItemDialog(
            self.services, snapshot.assessment.country, action, date.today(), self
        )
        self.item_dialog: AdviceItemDialog | None = dialog

        def created(done: tuple[str, str]) -> None:
            if rid == self.assessment_id:
                self.advice.mark_created(done[0])
                self.action_item_requested.emit(done[1])

        def failed(error: BaseException) -> None:
            if rid == self.assessment_id:
                message = _("The action item was not created: {error}").format(error=error)
                self.advice.mark_failed(domain, message)

        def chosen() -> None:
            job = action_item_job(
                rid, domain, current_language(), dialog.owner_name(), dialog.due_on()
            )
            self.services.run(job, created, failed)

        dialog.accepted.connect(chosen)
        dialog.rejected.connect(lambda: self.advice.mark_failed(domain, ""))
        dialog.open()

    def open_override_dialog(self) -> OverrideDialog | None:
        snapshot = self.snapshot
        if snapshot is None:
            return None
        override = snapshot.result.override
        dialog = OverrideDialog(
            computed=snapshot.result.phase.computed,
            current=snapshot.result.shown_phase,
            reason=override.reason if override else "",
            by=override.by if override else snapshot.user_name,
            parent=self,
        )
        dialog.accepted.connect(lambda: self._save_override(snapshot.assessment_id, dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.override_dialog = dialog
        dialog.open()
        return dialog

    def _save_override(self, assessment_id: str, dialog: OverrideDialog) -> None:
        phase, reason, by = dialog.values()
        self.services.run(
            override_job(assessment_id, phase, reason, by),
            lambda _a: self._changed(_("The phase override is saved.")),
            lambda error: self.show_error(
                _("The override was not saved: {error}").format(error=error)
            ),
        )

    def clear_override(self) -> None:
        if self.assessment_id is None:
            return
        self.services.run(
            override_job(self.assessment_id, None),
            lambda _a: self._changed(_("The computed phase is shown again.")),
            lambda error: self.show_error(
                _("The override was not removed: {error}").format(error=error)
            ),
        )

    def _changed(self, message: str) -> None:
        self.show_done(message)
        self.reload()

    # --- exports --------------------------------------------------------------------------------

    def choose_pdf_file(self, language: str) -> None:
        snapshot = self.snapshot
        if snapshot is None:
            return
        assessment = snapshot.assessment
        name = f"assessment-{assessment.country}-{assessment.assessed_on}-{language}.pdf"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export the PDF report"), name, _("PDF documents (*.pdf)")
        )
        if path:
            self.export_pdf(Path(path), language)

    def export_pdf(self, out: Path, language: str) -> None:
        if self.assessment_id is None:
            return
        job = pdf_job(self.assessment_id, out, language)
        self.services.run_long(
            self,
            _("Writing the PDF report…"),
            lambda store, _progress, _cancelled: job(store),
            lambda pages: self.show_file(
                out,
                ngettext(
                    "The report is written to {path} ({pages} page).",
                    "The report is written to {path} ({pages} pages).",
                    pages,
                ).format(path=out, pages=pages),
            ),
            lambda error: self.show_error(
                _("The report was not written: {error}").format(error=error)
            ),
        )

    def choose_answers_file(self) -> None:
        snapshot = self.snapshot
        if snapshot is None:
            return
        name = f"answers-{snapshot.assessment.country}-{snapshot.assessment.assessed_on}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export the answers"),
            name,
            _("Excel workbook (*.xlsx);;CSV file (*.csv)"),
        )
        if path:
            self.export_answers(Path(path))

    def export_answers(self, out: Path) -> None:
        if self.assessment_id is None:
            return
        self.services.run(
            answers_job(self.assessment_id, out, current_language()),
            lambda path: self.show_file(
                path, _("The answers are written to {path}.").format(path=path)
            ),
            lambda error: self.show_error(
                _("The answers were not exported: {error}").format(error=error)
            ),
        )


__all__ = ["ResultsView"]
