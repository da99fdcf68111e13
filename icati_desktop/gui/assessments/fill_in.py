"""The guided fill-in of one assessment: a domain at a time, every answer saved as given.

The view holds the assessment it shows and applies each accepted answer to it at once,
so relevance (which items and groups show) and the progress per domain follow the
person's typing; both are computed by the pure form engine here on the GUI thread. Each
answer is also written straight away, one database job per answer (a new durable version
of the record), so closing or killing the app loses at most the field being typed. The
jobs run in order on the database thread; once none is pending, the store's copy
replaces the local one (they are equal unless something else changed the record).

An answer that fails the item's constraint is not saved: its message stays under the
item until the value is fixed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.assessments import Answer, Assessment, AssessmentStatus
from icati_desktop.domain.form_engine import (
    Problem,
    check_answer,
    problems_for_submit,
    state_progress,
)
from icati_desktop.domain.form_state import FormState, evaluate_form
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.gui.assessments.domain_pane import DomainPane
from icati_desktop.gui.assessments.evidence import ResourceCatalogue
from icati_desktop.gui.assessments.fill_in_parts import (
    DomainList,
    Loaded,
    ProblemsPanel,
    answer_for,
    load_job,
    problem_text,
    shown_repeats,
    title_text,
    with_answer,
)
from icati_desktop.gui.assessments.item_editor import ItemEditor
from icati_desktop.gui.assessments.submit_box import SubmitConfirmation, submitted_text
from icati_desktop.gui.history.dialog import open_history
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.status import set_status
from icati_desktop.i18n import _, current_language
from icati_desktop.store.assessments import (
    SubmitRefused,
    add_repeat_entry,
    remove_repeat_entry,
    reopen,
    set_answer,
    submit,
)
from icati_desktop.store.store import Store


class FillInView(QWidget):
    back_requested = Signal()
    results_requested = Signal(str)
    """The assessment id whose results (charts, phase, advice) should be shown."""
    saved = Signal()
    """Every answer given so far is written (no save pending)."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.catalogue = ResourceCatalogue(services, self)
        self.catalogue.failed.connect(self._show_failure)
        self.assessment_id: str | None = None
        self.assessment: Assessment | None = None
        self.form: FormDefinition | None = None
        self.country_name: Callable[[str], str] = lambda code: code
        self.panes: list[DomainPane] = []
        self.editors: list[ItemEditor] = []
        self.pending = 0
        self.confirmation: SubmitConfirmation | None = None
        self._failure = ""
        self._build()
        self.retranslate_ui()
        services.records_changed.connect(self._records_changed)

    def _build(self) -> None:
        self.back = QPushButton()
        self.back.clicked.connect(self._back)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.save_status = QLabel()
        self.results = QPushButton()
        self.results.clicked.connect(self._results)
        self.history_button = QPushButton()
        self.history_button.setObjectName("history_button")
        self.history_button.clicked.connect(self._history)
        self.submit_button, self.reopen_button = QPushButton(), QPushButton()
        self.submit_button.clicked.connect(self.submit)
        self.reopen_button.clicked.connect(self.reopen)
        # Title and save state wrap rather than widen the window past a 1024-pixel screen.
        self.title.setWordWrap(True)
        self.save_status.setWordWrap(True)
        header = QHBoxLayout()
        header.addWidget(self.back)
        header.addWidget(self.title, 1)
        for widget in (
            self.save_status,
            self.history_button,
            self.results,
            self.submit_button,
            self.reopen_button,
        ):
            header.addWidget(widget)
        self.locked_banner = QLabel()
        self.locked_banner.setWordWrap(True)
        self.locked_banner.hide()
        self.domains = DomainList()
        self.domains.currentRowChanged.connect(self._show_domain)
        self.stack = QStackedWidget()
        self.previous, self.next = QPushButton(), QPushButton()
        self.previous.clicked.connect(lambda: self.go_to_domain(self.domains.currentRow() - 1))
        self.next.clicked.connect(lambda: self.go_to_domain(self.domains.currentRow() + 1))
        self.problems = ProblemsPanel()
        self.problems.item_chosen.connect(self.go_to_item)
        footer = QHBoxLayout()
        footer.addWidget(self.previous)
        footer.addStretch(1)
        footer.addWidget(self.next)
        right = QVBoxLayout()
        right.addWidget(self.stack, 1)
        right.addWidget(self.problems)
        right.addLayout(footer)
        body = QHBoxLayout()
        body.addWidget(self.domains)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.locked_banner)
        layout.addLayout(body, 1)
        self._show_problems([])

    def _history(self) -> None:
        self.flush()  # what was just typed is part of the history
        if self.assessment_id is not None:
            open_history(self, self.services, self.assessment_id)

    def retranslate_ui(self) -> None:
        self.back.setText(_("← &Assessments"))
        self.back.setAccessibleName(_("Back to the list of assessments"))
        self.results.setText(_("Res&ults…"))
        self.history_button.setText(_("Histor&y…"))
        self.history_button.setToolTip(
            _("Every version of this assessment: who changed which answer, and when")
        )
        self.submit_button.setText(_("&Submit"))
        self.submit_button.setToolTip(_("Check the answers and lock the assessment"))
        self.reopen_button.setText(_("&Reopen"))
        self.reopen_button.setToolTip(_("Make a new draft version to change the answers"))
        self.domains.setAccessibleName(_("Domains"))
        self.previous.setText(_("&Previous domain"))
        self.next.setText(_("&Next domain"))
        self.problems.retranslate_ui()
        for pane in self.panes:
            pane.retranslate_ui()
        self._apply()  # the domain list's progress lines
        self._show_state()

    # --- loading ---------------------------------------------------------------------------------

    def open(self, assessment_id: str) -> None:
        """Load and show an assessment (the current one's typing is saved first)."""
        self.flush()
        self.assessment_id = assessment_id
        self.catalogue.load()
        self.services.run(load_job(assessment_id), self._loaded, self._show_failure)

    def _loaded(self, loaded: Loaded) -> None:
        assessment, form = loaded
        same_form = self.form is not None and self.form == form
        self.assessment, self._failure = assessment, ""
        if not same_form:
            self._build_form(form)
        self._apply()
        for editor in self.editors:
            editor.show_problem(None)
            editor.show_answer(self._answer_for(editor))
        self._show_problems([])
        self._show_state()

    def _build_form(self, form: FormDefinition) -> None:
        self.form = form
        self.editors = []
        for pane in self.panes:
            self.stack.removeWidget(pane)
            pane.deleteLater()
        self.panes = [
            DomainPane(form, domain, self.catalogue, self._register) for domain in form.domains
        ]
        self.domains.set_domains(len(self.panes))
        for pane in self.panes:
            self.stack.addWidget(pane)
            for box in pane.repeat_boxes():
                box.add_requested.connect(self._add_entry)
                box.remove_requested.connect(self._remove_entry)
        self.domains.setCurrentRow(0)

    def _register(self, editor: ItemEditor) -> None:
        self.editors.append(editor)
        editor.edited.connect(lambda answer, e=editor: self._edited(e, answer))
        editor.destroyed.connect(lambda _obj=None, e=editor: self._forget(e))

    def _forget(self, editor: ItemEditor) -> None:
        if editor in self.editors:
            self.editors.remove(editor)

    def _answer_for(self, editor: ItemEditor) -> Answer:
        assert self.assessment is not None
        return answer_for(self.assessment, editor.item.name, editor.repeat)

    def _records_changed(self, record_type: str, ids: object) -> None:
        mine = self.assessment_id
        if record_type != "assessment" or mine is None or self.pending:
            return  # our own writes are announced while they are pending
        if not ids or mine in ids:  # type: ignore[operator]
            self.services.run(load_job(mine), self._reloaded, self._show_failure)

    def _reloaded(self, loaded: Loaded) -> None:
        if self.pending == 0 and loaded[0] != self.assessment:
            self._loaded(loaded)

    # --- relevance, progress and state ---------------------------------------------------------

    def _apply(self) -> FormState | None:
        """Show what is relevant to the answers held now, what the form computes from them,
        and the progress per domain."""
        form, assessment = self.form, self.assessment
        if form is None or assessment is None:
            return None
        state = evaluate_form(form, assessment, language=current_language())
        shown = frozenset(state.relevant) | shown_repeats(form, state)

        def in_entry(group: str, index: int) -> frozenset[str]:
            entries = state.entries.get(group, [])
            return frozenset(entries[index].relevant) if index < len(entries) else frozenset()

        read_only = assessment.status is AssessmentStatus.SUBMITTED
        for pane in self.panes:
            for editor in pane.apply(state, shown, in_entry):
                editor.show_answer(self._answer_for(editor))
                editor.set_read_only(read_only)
        for editor in self.editors:
            editor.show_state(state)
        self.domains.show_progress(form, state_progress(form, state))
        return state

    def _show_state(self) -> None:
        assessment = self.assessment
        if assessment is None:
            self.title.setText("")
            for widget in (self.submit_button, self.reopen_button, self.results):
                widget.setEnabled(False)
            return
        submitted = assessment.status is AssessmentStatus.SUBMITTED
        self.title.setText(title_text(assessment, self.country_name(assessment.country)))
        self.submit_button.setVisible(not submitted)
        self.reopen_button.setVisible(submitted)
        for widget in (self.submit_button, self.reopen_button, self.results):
            widget.setEnabled(True)
        self.locked_banner.setVisible(submitted)
        self.locked_banner.setText(
            submitted_text(assessment)
            + ". "
            + _(
                "This assessment was submitted and is locked. Reopen it to change answers: "
                "that makes a new draft version and keeps the submitted one in its history."
            )
            if submitted
            else ""
        )
        for editor in self.editors:
            editor.set_read_only(submitted)
        for pane in self.panes:
            for box in pane.repeat_boxes():
                box.set_read_only(submitted)
        self._show_save_status()

    def _show_save_status(self) -> None:
        if self._failure:
            set_status(self.save_status, "error")
            self.save_status.setText(self._failure)
        else:
            set_status(self.save_status, None)
            self.save_status.setText(_("Saving…") if self.pending else _("All changes saved"))

    def _show_domain(self, row: int) -> None:
        if 0 <= row < len(self.panes):
            self.flush()
            self.stack.setCurrentIndex(row)
        self.previous.setEnabled(row > 0)
        self.next.setEnabled(0 <= row < len(self.panes) - 1)

    def go_to_domain(self, row: int) -> None:
        if 0 <= row < len(self.panes):
            self.domains.setCurrentRow(row)

    # --- answering ----------------------------------------------------------------------------

    def _edited(self, editor: ItemEditor, answer: Answer | None) -> None:
        form, assessment, rid = self.form, self.assessment, self.assessment_id
        if form is None or assessment is None or rid is None:
            return
        if assessment.status is AssessmentStatus.SUBMITTED:
            return
        name, repeat = editor.item.name, editor.repeat
        changed = with_answer(assessment, name, answer, repeat)
        if answer is not None and answer.value is not None:
            problem = check_answer(
                form, name, answer, changed, language=current_language(), repeat=repeat
            )
            if problem is not None:
                editor.show_problem(problem_text(problem))
                return  # not saved: the message stays until the value is fixed
        editor.show_problem(None)
        self.assessment = changed
        state = self._apply()
        self._run_change(lambda store: set_answer(store, rid, name, answer, repeat=repeat))
        # Cascading selects: a choice the answer just given no longer offers is cleared,
        # as ODK Collect does (the store keeps the earlier version).
        for other in list(self.editors):
            relevant = state is not None and state.is_relevant(other.item.name, other.repeat)
            if other is not editor and relevant and other.stale_choice():
                other.show_answer(Answer(note=other.answer.note, evidence=other.answer.evidence))
                self._edited(other, other.answer if other.answer != Answer() else None)

    def _run_change(self, job: Callable[[Store], Assessment]) -> None:
        self.pending += 1
        self._failure = ""
        self._show_save_status()
        self.services.run(job, self._change_saved, self._change_failed)

    def _change_saved(self, assessment: Assessment) -> None:
        self.pending -= 1
        if self.pending == 0:
            before = self.assessment
            self.assessment = assessment
            if before is None or before.repeats != assessment.repeats:
                self._apply()  # entries added or removed: answers move with them
                for editor in self.editors:
                    if editor.repeat is not None:
                        editor.show_answer(self._answer_for(editor))
            if before is None or before.status is not assessment.status:
                self._apply()
                self._show_state()
            self._show_save_status()
            self.saved.emit()

    def _change_failed(self, error: BaseException) -> None:
        self.pending -= 1
        if isinstance(error, SubmitRefused):  # the store's rules object: nothing was written
            self._show_problems(error.problems)
            self._show_state()
            return
        self._failure = _("Not saved: {error}").format(error=error)
        self._show_save_status()
        if self.pending == 0 and self.assessment_id is not None:  # show what the store holds
            failure = self._failure
            self.services.run(
                load_job(self.assessment_id),
                lambda loaded: self._resynced(loaded, failure),
                self._show_failure,
            )

    def _resynced(self, loaded: Loaded, failure: str) -> None:
        self._loaded(loaded)
        self._failure = failure
        self._show_save_status()

    def _add_entry(self, group: str) -> None:
        rid = self.assessment_id
        if rid is not None:
            self._run_change(lambda store: add_repeat_entry(store, rid, group))

    def _remove_entry(self, group: str, index: int) -> None:
        rid = self.assessment_id
        if rid is not None:
            self._run_change(lambda store: remove_repeat_entry(store, rid, group, index))

    def flush(self) -> None:
        """Save what is being typed now (before leaving, submitting or switching domains)."""
        for editor in list(self.editors):
            editor.flush()

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()
        super().hideEvent(event)

    # --- submitting ----------------------------------------------------------------------------

    def submit(self) -> None:
        self.flush()
        form, assessment, rid = self.form, self.assessment, self.assessment_id
        if form is None or assessment is None or rid is None:
            return
        language = current_language()
        problems = problems_for_submit(form, assessment, language=language)
        self._show_problems(problems)
        if problems:
            return
        box = SubmitConfirmation(form, assessment, self.country_name(assessment.country), self)
        box.buttonClicked.connect(
            lambda button: self._confirmed(rid, language) if button is box.submit_button else None
        )
        box.finished.connect(box.deleteLater)
        self.confirmation = box
        box.open()

    def _confirmed(self, rid: str, language: str) -> None:
        if rid != self.assessment_id:
            return  # another assessment was opened meanwhile
        self.submit_button.setEnabled(False)
        self._run_change(lambda store: submit(store, rid, language=language))

    def reopen(self) -> None:
        rid = self.assessment_id
        if rid is not None:
            self.reopen_button.setEnabled(False)
            self._run_change(lambda store: reopen(store, rid))

    def _show_problems(self, problems: list[Problem]) -> None:
        self.problems.show_problems(self.form, problems)

    def problem_texts(self) -> list[str]:
        return self.problems.texts()

    def go_to_item(self, name: str) -> None:
        """Show an item's domain and put the keyboard focus on it."""
        for row, pane in enumerate(self.panes):
            for editor in pane.top_editors():
                if editor.item.name == name:
                    self.go_to_domain(row)
                    pane.ensureWidgetVisible(editor)
                    editor.focus_first()
                    return

    # --- elsewhere -------------------------------------------------------------------------------

    def _back(self) -> None:
        self.flush()
        self.back_requested.emit()

    def _results(self) -> None:
        if self.assessment_id is not None:
            self.flush()
            self.results_requested.emit(self.assessment_id)

    def _show_failure(self, error: BaseException | str) -> None:
        self._failure = _("Could not read the assessment: {error}").format(error=error)
        self._show_save_status()
        QMessageBox.warning(self, _("Assessment"), self._failure)

    def editor(self, item: str, repeat: tuple[str, int] | None = None) -> ItemEditor:
        """The editor of an item (of one repeat entry): for tests and "go to item"."""
        return next(e for e in self.editors if e.item.name == item and e.repeat == repeat)


__all__ = ["FillInView"]
