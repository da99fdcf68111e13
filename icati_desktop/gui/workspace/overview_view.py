"""One country's overview on screen: phase and why, radar, plan, meetings, people, advice.

Everything is drawn from one :class:`~icati_desktop.store.country_overview.CountryOverview`
with the words of :mod:`icati_desktop.reports.country_text`, so the screen and the mission
brief say the same. Rows that name a record (a meeting, a person, an item, an initiative,
a resource) open it in its own screen: :attr:`record_requested` (record type, id).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.assessments.results_charts import ChartsPanel, read_only_table
from icati_desktop.gui.status import status_brush
from icati_desktop.gui.workspace.widgets import (
    RECORD_ROLE,
    fill_list,
    html_items,
    list_widget,
    wrapped_label,
)
from icati_desktop.i18n import N_, _, current_language
from icati_desktop.reports import country_text as words
from icati_desktop.store.country_overview import CountryOverview
from icati_desktop.store.meetings import MeetingSummary

OWNER_WIDTH = 120


class CountryOverviewView(QScrollArea):
    record_requested = Signal(str, str)
    """A record to show in its own screen: (record type, record id)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overview: CountryOverview | None = None
        self.setWidgetResizable(True)
        content = QWidget()
        self.setWidget(content)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.profile = wrapped_label()
        self.boxes = {name: QGroupBox() for name in _BOX_TITLES}
        self.phase_head, self.phase_why, self.change = (
            wrapped_label(),
            wrapped_label(True),
            wrapped_label(True),
        )
        self.phase_head.setStyleSheet("font-weight: bold;")
        self.open_assessment = QPushButton()
        self.open_assessment.clicked.connect(self._open_assessment)
        self.charts = ChartsPanel()
        self.charts.setMinimumHeight(460)
        self.actions_summary = wrapped_label()
        self.action_table = read_only_table()
        self.action_table.setColumnCount(4)
        self.action_table.setWordWrap(True)
        self.action_table.cellActivated.connect(self._open_action)
        self.action_table.cellDoubleClicked.connect(self._open_action)
        self.recent_label, self.next_label = wrapped_label(), wrapped_label()
        self.recent, self.upcoming = list_widget(), list_widget()
        self.people_counts = wrapped_label()
        self.people = list_widget()
        self.initiatives = list_widget()
        self.resources = list_widget()
        self.steps = wrapped_label(True)
        for widget in (self.recent, self.upcoming, self.people, self.initiatives, self.resources):
            widget.itemActivated.connect(self._open_item)
            widget.itemDoubleClicked.connect(self._open_item)
        self._lay_out(content)
        self.retranslate_ui()

    def _lay_out(self, content: QWidget) -> None:
        def box(name: str, *widgets: QWidget) -> QGroupBox:
            group = self.boxes[name]
            layout = QVBoxLayout(group)
            for widget in widgets:
                layout.addWidget(widget)
            return group

        grid = QGridLayout(content)
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.profile, 1, 0, 1, 2)
        left = QVBoxLayout()
        left.addWidget(
            box("phase", self.phase_head, self.phase_why, self.change, self.open_assessment)
        )
        left.addWidget(box("steps", self.steps))
        left.addWidget(box("radar", self.charts))
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(box("actions", self.actions_summary, self.action_table))
        right.addWidget(
            box("meetings", self.recent_label, self.recent, self.next_label, self.upcoming)
        )
        right.addWidget(box("people", self.people_counts, self.people))
        right.addWidget(box("initiatives", self.initiatives))
        right.addWidget(box("resources", self.resources))
        right.addStretch(1)
        grid.addLayout(left, 2, 0)
        grid.addLayout(right, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

    def retranslate_ui(self) -> None:
        for name, title in _BOX_TITLES.items():
            self.boxes[name].setTitle(_(title))
        self.open_assessment.setText(_("Open the assessment's results"))
        self.action_table.setHorizontalHeaderLabels(
            [_("Action item"), _("Status"), _("Due date"), _("Owner")]
        )
        self.action_table.setAccessibleName(_("Open action items, overdue first"))
        self.recent.setAccessibleName(_("Recent meetings"))
        self.upcoming.setAccessibleName(_("Next meetings"))
        self.people.setAccessibleName(_("Key people"))
        self.initiatives.setAccessibleName(_("Atlas initiatives"))
        self.resources.setAccessibleName(_("Recommended resources"))
        self.charts.retranslate_ui()
        if self.overview is not None:
            self.show_overview(self.overview)

    # --- showing -------------------------------------------------------------------------------

    def show_overview(self, overview: CountryOverview) -> None:
        self.overview = overview
        language = current_language()
        name = words.country_title(overview.profile, language)
        self.title.setText(f"<h2>{escape(name)}</h2>")
        rows = words.profile_rows(overview, language)
        self.profile.setText(
            " · ".join(
                _("{caption}: {value}").format(caption=caption, value=value)
                for caption, value in rows
            )
        )
        self._show_phase(overview, language)
        self._show_actions(overview, language)
        self._show_meetings(overview, language)
        self._show_people(overview, language)
        fill_list(
            self.initiatives,
            [
                (
                    f"{i.name} — {words.initiative_model(i.model, language)}",
                    "initiative",
                    i.record_id,
                )
                for i in overview.initiatives
            ],
            _("No Atlas initiative of this country yet: add one in the Atlas."),
        )
        fill_list(
            self.resources,
            [(title, "resource", rid) for rid, title in words.resource_titles(overview, language)],
            _("The latest assessment's advice recommends library resources here."),
        )

    def _show_phase(self, overview: CountryOverview, language: str) -> None:
        latest = overview.latest
        self.open_assessment.setVisible(latest is not None)
        self.boxes["radar"].setVisible(latest is not None)
        if latest is None:
            self.phase_head.setText(_("No assessment of this country yet."))
            self.phase_why.setText(
                escape(
                    _(
                        "Run a Country ATI Self-assessment workshop (Assessments, New "
                        "assessment): the phase, the radar and the next steps appear here."
                    )
                )
            )
            self.change.clear()
            self.steps.setText(escape(_("The next steps come from the latest assessment.")))
            return
        self.phase_head.setText(words.phase_headline(latest, language))
        sentences, conditions = words.phase_why(latest, language)
        self.phase_why.setText(
            "".join(f"<p>{escape(s)}</p>" for s in sentences)
            + (html_items(conditions) if conditions else "")
        )
        head, lines = words.change_lines(latest, language)
        self.change.setText(f"<p>{escape(head)}</p>" + (html_items(lines) if lines else ""))
        self.charts.show_scores(latest.result.domains, latest.form)
        steps = words.next_steps(latest, language)
        self.steps.setText(
            html_items(steps, ordered=True)
            if steps
            else escape(_("No gaps: every domain reaches the target score."))
        )

    def _show_actions(self, overview: CountryOverview, language: str) -> None:
        actions = overview.actions
        summary = words.actions_summary(actions, language)
        if actions.total > len(actions.items):
            summary += " " + _("The first {shown} are listed.").format(shown=len(actions.items))
        if actions.total == 0:
            summary += " " + _(
                "Make them from a meeting's follow-ups or from the assessment's advice."
            )
        self.actions_summary.setText(summary)
        self.action_table.setVisible(actions.total > 0)
        self.action_table.setRowCount(len(actions.items))
        for row, item in enumerate(actions.items):
            cells = [
                item.title,
                words.action_status(item.status, language),
                words.due_text(item.due_on, item.overdue, language),
                item.owner_name,
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(RECORD_ROLE, item.record_id)
                cell.setToolTip(text)
                if item.overdue:
                    cell.setForeground(status_brush("overdue"))
                self.action_table.setItem(row, column, cell)
        header = self.action_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, OWNER_WIDTH)
        self.action_table.resizeRowsToContents()  # long titles wrap
        rows = sum(self.action_table.rowHeight(r) for r in range(min(len(actions.items), 10)))
        frame = 2 * self.action_table.frameWidth() + 4
        self.action_table.setFixedHeight(header.sizeHint().height() + max(rows, 20) + frame)
        self.action_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def _show_meetings(self, overview: CountryOverview, language: str) -> None:
        def line(meeting: MeetingSummary) -> tuple[str, str, str]:
            kind = words.meeting_type(meeting.meeting_type, language)
            day = words.day_text(meeting.held_on, language)
            return f"{day} — {meeting.title} ({kind})", "meeting", meeting.record_id

        self.recent_label.setText(_("Recent meetings"))
        planned = overview.next_planned_on
        self.next_label.setText(
            _("Next meetings (a follow-up is planned on {date})").format(
                date=words.day_text(planned, language)
            )
            if planned is not None
            else _("Next meetings")
        )
        fill_list(
            self.recent,
            [line(m) for m in overview.recent_meetings],
            _("No meeting recorded yet: record one in Meetings (New meeting)."),
        )
        fill_list(
            self.upcoming,
            [line(m) for m in overview.next_meetings],
            _("No meeting planned after today."),
        )

    def _show_people(self, overview: CountryOverview, language: str) -> None:
        people = overview.stakeholders
        if people.people == 0 and people.organisations == 0:
            self.people_counts.setText(
                _("No stakeholders recorded yet: add people and institutions in Stakeholders.")
            )
        else:
            self.people_counts.setText(
                "\n".join(
                    [
                        _("People by sector: {counts}").format(
                            counts=words.sector_counts(people.people_by_sector, language)
                        ),
                        _("Institutions by sector: {counts}").format(
                            counts=words.sector_counts(people.organisations_by_sector, language)
                        ),
                        _("People by stage of the justice continuum: {counts}").format(
                            counts=words.stage_counts(people.people_by_stage, language)
                        ),
                    ]
                )
            )
        fill_list(
            self.people,
            [(words.person_line(p, language), "person", p.record_id) for p in overview.key_people],
            _("No one of this country has consented to be listed yet."),
        )

    # --- opening -------------------------------------------------------------------------------

    def _open_item(self, item: QListWidgetItem) -> None:
        data = item.data(RECORD_ROLE)
        if data:
            self.record_requested.emit(*data)

    def _open_action(self, row: int, _column: int) -> None:
        cell = self.action_table.item(row, 0)
        if cell is not None:
            self.record_requested.emit("action_item", cell.data(RECORD_ROLE))

    def _open_assessment(self) -> None:
        if self.overview is not None and self.overview.latest is not None:
            self.record_requested.emit("assessment_results", self.overview.latest.record_id)


_BOX_TITLES = {
    "phase": N_("Phase and why"),
    "radar": N_("Latest assessment"),
    "steps": N_("Next steps"),
    "actions": N_("Open action items"),
    "meetings": N_("Meetings"),
    "people": N_("Stakeholders"),
    "initiatives": N_("Atlas initiatives"),
    "resources": N_("Recommended resources"),
}
