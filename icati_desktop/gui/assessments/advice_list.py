"""The next-step advice of an assessment: one card per line, stage gaps, mapping first.

Every sentence comes from :mod:`icati_desktop.reports.assessment_text`, so the screen,
the CLI and the PDF report say the same thing. The recommended library items are not
repeated inside the sentence: they are buttons under it (``resource_requested``), so a
person can open one in the Library. "Create action item" asks the view to turn the
line into an action-plan item (``action_requested``); the view reports back with
:meth:`AdviceList.mark_created` or :meth:`AdviceList.mark_failed`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.forms import FormDefinition
from icati_desktop.domain.scoring import AdviceLine, AssessmentResult
from icati_desktop.gui.status import set_status
from icati_desktop.i18n import _, current_language, ngettext
from icati_desktop.reports.assessment_text import advice_text, mapping_text, stage_gap_text
from icati_desktop.reports.form_text import domain_name, item_label, resource_title

MAX_RESOURCES = 3
"""Library items shown as buttons per line (the best matches); the rest are counted."""
TITLE_CHARS = 110


@dataclass
class _LineWidgets:
    line: AdviceLine
    frame: QFrame
    heading: QLabel
    text: QLabel
    resources_label: QLabel
    resource_buttons: list[QPushButton]
    more: QLabel
    button: QPushButton
    status: QLabel


def _card() -> QFrame:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    return frame


def _wrapping_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _shortened(text: str) -> str:
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


class AdviceList(QWidget):
    resource_requested = Signal(str)
    """A library resource id to show in the Library."""
    atlas_stage_requested = Signal(str)
    """A continuum stage (``pre_arrest``…) whose Atlas initiatives to show."""
    action_requested = Signal(str)
    """The domain of the advice line to turn into an action item."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form: FormDefinition | None = None
        self._result: AssessmentResult | None = None
        self._done: set[str] = set()
        self._pending: set[str] = set()
        self._language = ""
        self._subject = ""
        self.lines: dict[str, _LineWidgets] = {}
        self.stage_buttons: list[QPushButton] = []
        self.content = QWidget()
        self.column = QVBoxLayout(self.content)
        self.column.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    # --- content -------------------------------------------------------------------------------

    def show_advice(
        self,
        subject: str,
        form: FormDefinition,
        result: AssessmentResult,
        acted_on: frozenset[str],
    ) -> None:
        """Show the advice of ``result`` (of the assessment ``subject``); lines of
        ``acted_on`` domains are already action items."""
        if subject != self._subject:
            self._subject, self._result = subject, None
            self._done, self._pending = set(), set()
        same = (
            self._result is not None
            and self._form == form
            and self._content(self._result) == self._content(result)
            and self._language == current_language()
        )
        self._form, self._result = form, result
        self._done = set(acted_on) | self._done
        if same:
            # Nothing to redraw: keep the widgets (and the keyboard focus), update states.
            for widgets in self.lines.values():
                self._show_state(widgets)
            return
        self._rebuild()

    @staticmethod
    def _content(result: AssessmentResult) -> object:
        return (result.advice, result.stage_gaps, result.mapping_first, result.dont_know_share)

    def retranslate_ui(self) -> None:
        self._rebuild()

    def _clear(self) -> None:
        while self.column.count():
            item = self.column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # deleteLater waits for the event loop; never paint it again
                widget.deleteLater()
        self.lines.clear()
        self.stage_buttons.clear()

    def _rebuild(self) -> None:
        self._clear()
        form, result = self._form, self._result
        if form is None or result is None:
            return
        language = self._language = current_language()
        if result.mapping_first:
            first = _card()
            box = QVBoxLayout(first)
            title = QLabel("<b>{}</b>".format(escape(_("First: a mapping meeting"))))
            text = _wrapping_label()
            text.setText(mapping_text(result, form, language))
            box.addWidget(title)
            box.addWidget(text)
            self.column.addWidget(first)
        if not result.advice:
            empty = _wrapping_label()
            empty.setText(
                _(
                    "No domain is below the target and none blocks the next phase: "
                    "there is no next-step advice."
                )
            )
            self.column.addWidget(empty)
        for line in result.advice:
            self.lines[line.domain] = self._line_card(line, form, language)
            self.column.addWidget(self.lines[line.domain].frame)
        if result.stage_gaps:
            self.column.addWidget(self._stage_gaps(result, form, language))

    def _line_card(self, line: AdviceLine, form: FormDefinition, language: str) -> _LineWidgets:
        frame = _card()
        box = QVBoxLayout(frame)
        heading = QLabel()
        title = domain_name(line.domain, form, language)
        if line.blocks_phase is not None:
            title = _("{domain} — holds back phase {phase}").format(
                domain=title, phase=line.blocks_phase
            )
        heading.setText(f"<b>{escape(title)}</b>")
        heading.setWordWrap(True)
        text = _wrapping_label()
        # The resources are buttons below, not a list inside the sentence.
        text.setText(advice_text(replace(line, resources=()), form, language))
        box.addWidget(heading)
        box.addWidget(text)
        resources_label = QLabel()
        buttons: list[QPushButton] = []
        more = QLabel()
        if line.resources:
            resources_label.setText(_("Recommended in the library:"))
            box.addWidget(resources_label)
            for resource in line.resources[:MAX_RESOURCES]:
                full = resource_title(resource, form, language)
                button = QPushButton(_shortened(full))
                button.setFlat(True)
                button.setCursor(Qt.CursorShape.PointingHandCursor)
                button.setStyleSheet("text-align: left; text-decoration: underline;")
                button.setToolTip(full)
                button.setAccessibleName(_("Open “{title}” in the library").format(title=full))
                button.setProperty("resource_id", resource.id)
                button.clicked.connect(
                    lambda _checked=False, rid=resource.id: self.resource_requested.emit(rid)
                )
                buttons.append(button)
                box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeading)
            hidden = len(line.resources) - MAX_RESOURCES
            if hidden > 0:
                more.setText(
                    ngettext(
                        "…and {count} more in the library with the same topics.",
                        "…and {count} more in the library with the same topics.",
                        hidden,
                    ).format(count=hidden)
                )
                box.addWidget(more)
        action = QPushButton(_("Create action item"))
        action.setAccessibleName(
            _("Create an action item from the advice on {domain}").format(
                domain=domain_name(line.domain, form, language)
            )
        )
        action.clicked.connect(lambda _checked=False, code=line.domain: self._request(code))
        status = QLabel()
        row = QHBoxLayout()
        row.addWidget(action)
        row.addWidget(status, 1)
        box.addLayout(row)
        widgets = _LineWidgets(
            line, frame, heading, text, resources_label, buttons, more, action, status
        )
        self._show_state(widgets)
        return widgets

    def _stage_gaps(self, result: AssessmentResult, form: FormDefinition, language: str) -> QFrame:
        frame = _card()
        box = QVBoxLayout(frame)
        box.addWidget(QLabel("<b>{}</b>".format(escape(_("Gaps in the justice continuum")))))
        for gap in result.stage_gaps:
            text = _wrapping_label()
            text.setText(stage_gap_text(gap, form, language))
            box.addWidget(text)
            if gap.stage is not None:
                button = QPushButton(_("See initiatives of this stage in the Atlas"))
                button.setAccessibleName(
                    _("See initiatives of the stage “{stage}” in the Atlas").format(
                        stage=item_label(gap.stage_item, form, language)
                    )
                )
                button.setProperty("stage", gap.stage.value)
                button.clicked.connect(
                    lambda _c=False, s=gap.stage.value: self.atlas_stage_requested.emit(s)
                )
                self.stage_buttons.append(button)
                box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeading)
        return frame

    # --- action items ---------------------------------------------------------------------------

    def _request(self, domain: str) -> None:
        if domain in self._done or domain in self._pending:
            return
        self._pending.add(domain)
        if domain in self.lines:
            self._show_state(self.lines[domain])
        self.action_requested.emit(domain)

    def mark_created(self, domain: str) -> None:
        self._pending.discard(domain)
        self._done.add(domain)
        if domain in self.lines:
            self._show_state(self.lines[domain])

    def mark_failed(self, domain: str, message: str) -> None:
        self._pending.discard(domain)
        if domain in self.lines:
            widgets = self.lines[domain]
            self._show_state(widgets)
            set_status(widgets.status, "error")
            widgets.status.setText(message)

    def _show_state(self, widgets: _LineWidgets) -> None:
        code = widgets.line.domain
        done, pending = code in self._done, code in self._pending
        widgets.button.setEnabled(not done and not pending)
        set_status(widgets.status, "done" if done else None)
        widgets.status.setWordWrap(True)
        if done:
            widgets.status.setText(_("Action item created"))
        elif pending:
            widgets.status.setText(_("Creating the action item…"))
        else:
            widgets.status.setText("")


__all__ = ["AdviceList"]
