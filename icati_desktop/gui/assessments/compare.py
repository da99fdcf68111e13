"""Two rounds of a country's self-assessment side by side: the change per domain and the
answers that changed, also across form versions (through the later form's crosswalk).

The person picks another assessment of the same country and form; the comparison is
computed on the database thread (:func:`~icati_desktop.gui.assessments.results_jobs.compare_job`)
and shown as a table of domains, a grouped bar chart with the same numbers, and the list
of items that changed, each labelled in the current language of the form version it
belongs to.
"""

from __future__ import annotations

from babel.dates import format_date
from babel.lists import format_list
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.assessments import Assessment
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.domain.rounds import ItemChange
from icati_desktop.gui.assessments.results_charts import embed_figure, fill_table, read_only_table
from icati_desktop.gui.assessments.results_jobs import CompareSnapshot, ResultsSnapshot, compare_job
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.status import set_status
from icati_desktop.i18n import _, current_language
from icati_desktop.reports.charts import compare_table, figure_compare
from icati_desktop.reports.form_text import change_text, domain_name, item_label
from icati_desktop.reports.round_text import answer_text


def change_kind(change: ItemChange, snapshot: CompareSnapshot) -> str:
    comparison = snapshot.comparison
    if change.kind == "added":
        return _("new in version {version}").format(version=comparison.later_version)
    if change.kind == "removed":
        return _("not in version {version}").format(version=comparison.later_version)
    if change.item != change.before_item:
        return _("changed (question renamed through the crosswalk)")
    return _("changed")


def round_title(assessment: Assessment) -> str:
    """ "14 Mar 2025 (form version 2)": a round as the comparison names it."""
    return _("{date} (form version {version})").format(
        date=format_date(assessment.assessed_on, format="medium", locale=current_language()),
        version=assessment.form_version,
    )


def short_date(assessment: Assessment) -> str:
    return format_date(assessment.assessed_on, format="medium", locale=current_language())


class CompareView(QWidget):
    """Compare the shown assessment with another round of the same country."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.subject: ResultsSnapshot | None = None
        self.snapshot: CompareSnapshot | None = None
        self._generation = 0
        self.canvas: QWidget | None = None
        self.with_label = QLabel()
        self.other = QComboBox()
        self.with_label.setBuddy(self.other)
        self.other.currentIndexChanged.connect(lambda _i: self.compare())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.error = QLabel()
        set_status(self.error, "error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.chart_holder = QWidget()
        QVBoxLayout(self.chart_holder).setContentsMargins(0, 0, 0, 0)
        self.domains = read_only_table()
        self.items_label = QLabel()
        self.items = read_only_table()
        row = QHBoxLayout()
        row.addWidget(self.with_label)
        row.addWidget(self.other, 1)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.setObjectName("compareUpperSplitter")
        upper.setChildrenCollapsible(False)
        upper.addWidget(self.chart_holder)
        upper.addWidget(self.domains)
        upper.setSizes([470, 330])
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.items_label)
        lower_layout.addWidget(self.items, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("compareSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.splitter, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.with_label.setText(_("Compare &with:"))
        self.other.setAccessibleName(_("Another round of this country to compare with"))
        self.domains.setAccessibleName(_("Change per domain"))
        self.items.setAccessibleName(_("Answers that changed"))
        self.items_label.setText(_("Answers that changed:"))
        if self.subject is not None:
            self._fill_choices(self.subject)
        self._show()

    # --- choosing -------------------------------------------------------------------------------

    def set_subject(self, subject: ResultsSnapshot) -> None:
        """The assessment shown; its other rounds become the choices (the choice is kept)."""
        changed = self.subject is None or self.subject.assessment_id != subject.assessment_id
        self.subject = subject
        if changed:
            self.snapshot = None
        self._fill_choices(subject)
        if not changed:
            self.compare()  # something changed in the store: compare again
        self._show()

    def _fill_choices(self, subject: ResultsSnapshot) -> None:
        wanted = self.other.currentData() if self.other.count() else None
        language = current_language()
        self.other.blockSignals(True)
        self.other.clear()
        self.other.addItem(
            _("Choose a round…") if subject.other_rounds else _("No other round"), ""
        )
        for summary in subject.other_rounds:
            text = _("{date}, form version {version}, {status}").format(
                date=format_date(summary.assessed_on, format="medium", locale=language),
                version=summary.form_version,
                status=_("submitted") if summary.status.value == "submitted" else _("draft"),
            )
            self.other.addItem(text, summary.record_id)
        index = self.other.findData(wanted) if wanted else 0
        self.other.setCurrentIndex(max(index, 0))
        self.other.setEnabled(bool(subject.other_rounds))
        self.other.blockSignals(False)

    def choose(self, assessment_id: str) -> None:
        """Compare with this assessment (one of the choices)."""
        index = self.other.findData(assessment_id)
        if index < 0:
            raise ValueError(f"{assessment_id} is not a round of this country to compare with")
        self.other.setCurrentIndex(index)

    def compare(self) -> None:
        other = self.other.currentData()
        self._generation += 1
        if self.subject is None or not other:
            self.snapshot = None
            self._show()
            return
        generation = self._generation
        self.services.run(
            compare_job(self.subject.assessment_id, str(other)),
            lambda snapshot: self._compared(generation, snapshot),
            lambda error: self._failed(generation, error),
        )

    def _compared(self, generation: int, snapshot: CompareSnapshot) -> None:
        if generation != self._generation:
            return
        self.snapshot = snapshot
        self.error.setVisible(False)
        self._show()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.snapshot = None
        self._show()
        self.error.setText(_("The rounds cannot be compared: {error}").format(error=error))
        self.error.setVisible(True)

    # --- showing --------------------------------------------------------------------------------

    def _show(self) -> None:
        snapshot = self.snapshot
        self.splitter.setVisible(snapshot is not None)
        if snapshot is None:
            self.summary.setText(
                _("Choose another round of this country to see what changed.")
                if self.subject is not None and self.subject.other_rounds
                else _("This country has no other round of this form to compare with yet.")
            )
            return
        language = current_language()
        comparison = snapshot.comparison
        before, after = round_title(snapshot.earlier[1]), round_title(snapshot.later[1])
        lines = [
            _("From {before} to {after}: phase {old} → phase {new}.").format(
                before=before,
                after=after,
                old=comparison.earlier_phase,
                new=comparison.later_phase,
            )
        ]
        if comparison.mean_change is not None:
            lines.append(
                _("Mean change over the domains scored in both rounds: {change}.").format(
                    change=change_text(comparison.mean_change, language)
                )
            )
        if comparison.crosswalk_used:
            lines.append(
                _(
                    "The rounds used form versions {old} and {new}: answers were matched "
                    "through the crosswalk of version {new}."
                ).format(old=comparison.earlier_version, new=comparison.later_version)
            )
        elif comparison.earlier_version != comparison.later_version:
            lines.append(
                _(
                    "The rounds used form versions {old} and {new}; items were matched by name "
                    "(version {new} has no crosswalk from version {old})."
                ).format(old=comparison.earlier_version, new=comparison.later_version)
            )
        if comparison.repeat_groups_changed:
            lines.append(
                _("Entries changed in: {groups}.").format(
                    groups=format_list(list(comparison.repeat_groups_changed), locale=language)
                )
            )
        self.summary.setText(" ".join(lines))
        earlier_form, later_form = snapshot.earlier[0], snapshot.later[0]
        before_domains, after_domains = snapshot.earlier[2].domains, snapshot.later[2].domains
        data = compare_table(before_domains, after_domains, language=language)
        names = [self._domain_name(row[0], later_form, earlier_form) for row in data.rows]
        fill_table(self.domains, data, names)
        figure = figure_compare(
            before_domains,
            after_domains,
            # Dates only: the legend must fit beside the bars (versions are in the summary).
            before_label=short_date(snapshot.earlier[1]),
            after_label=short_date(snapshot.later[1]),
            title="",
            language=language,
        )
        self.canvas = embed_figure(
            self.chart_holder,
            figure,
            _("Domain scores of both rounds; the table beside gives the same numbers"),
        )
        self._fill_items(snapshot, language)

    @staticmethod
    def _domain_name(code: str, later: FormDefinition, earlier: FormDefinition) -> str:
        form = later if code in {d.code for d in later.domains} else earlier
        return domain_name(code, form, current_language())

    def _fill_items(self, snapshot: CompareSnapshot, language: str) -> None:
        earlier_form, later_form = snapshot.earlier[0], snapshot.later[0]
        changes = snapshot.comparison.items
        table = self.items
        table.clear()
        headers = [_("Item"), _("Before"), _("After"), _("What changed")]
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(changes))
        for row, change in enumerate(changes):
            if change.item is not None:
                label = item_label(change.item, later_form, language)
            else:
                assert change.before_item is not None
                label = item_label(change.before_item, earlier_form, language)
            before = answer_text(change.before, change.before_item or "", earlier_form, language)
            after = answer_text(change.after, change.item or "", later_form, language)
            cells = [label, before, after, change_kind(change, snapshot)]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if column == 0 and change.before_item and change.before_item != change.item:
                    was = item_label(change.before_item, earlier_form, language)
                    cell.setToolTip(_("Was: {label}").format(label=was))
                table.setItem(row, column, cell)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def item_rows(self) -> list[tuple[str, ...]]:
        """The changed items as shown: (item, before, after, what changed)."""
        table: QTableWidget = self.items
        return [
            tuple(cell_text(table, r, c) for c in range(table.columnCount()))
            for r in range(table.rowCount())
        ]


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""


__all__ = ["CompareView", "answer_text", "cell_text"]
