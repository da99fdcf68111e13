"""One form item in the fill-in view: its question, hint, answer control, "don't know",
the inline constraint message, and the note and evidence that go with the answer.

The editor only proposes answers (``edited``) — the whole :class:`Answer`, value, note and
evidence together, or ``None`` to clear it. The fill-in view checks the proposal against
the form's constraint, then saves it or calls :meth:`ItemEditor.show_problem`, whose
message stays until a valid value replaces it.

What the form's state decides is shown by :meth:`ItemEditor.show_state`: the label and
hint with their ``${name}`` replaced, a computed value (read-only), and the choices a
choice filter offers now. A read-only question shows its answer (its default) and takes
no other.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.assessments import (
    Answer,
    AnswerValue,
    ChoiceAnswer,
    ChoicesAnswer,
    DontKnowAnswer,
    Evidence,
)
from icati_desktop.domain.expressions import Value
from icati_desktop.domain.form_state import FormState
from icati_desktop.domain.form_text import offered_choices, rendered
from icati_desktop.domain.forms import SELECT_TYPES, FormDefinition, FormItem, ItemType
from icati_desktop.gui.assessments.evidence import EvidencePanel, ResourceCatalogue
from icati_desktop.gui.assessments.item_widgets import (
    ScoreControl,
    SelectMultipleControl,
    SelectOneControl,
    ValueControl,
    first_focus,
    localized,
)
from icati_desktop.gui.assessments.more_widgets import (
    AcknowledgeControl,
    ComputedControl,
    DateTimeControl,
    GeopointControl,
    TimeControl,
)
from icati_desktop.gui.assessments.shown_values import shown_value
from icati_desktop.gui.assessments.typed_widgets import (
    DateControl,
    NoteControl,
    NumberControl,
    TextControl,
)
from icati_desktop.gui.status import set_status
from icati_desktop.i18n import _

CONTROLS: dict[ItemType, type[ValueControl]] = {
    ItemType.SCORE: ScoreControl,
    ItemType.SELECT_ONE: SelectOneControl,
    ItemType.SELECT_MULTIPLE: SelectMultipleControl,
    ItemType.INTEGER: NumberControl,
    ItemType.DECIMAL: NumberControl,
    ItemType.TEXT: TextControl,
    ItemType.DATE: DateControl,
    ItemType.NOTE: NoteControl,
    ItemType.TIME: TimeControl,
    ItemType.DATETIME: DateTimeControl,
    ItemType.GEOPOINT: GeopointControl,
    ItemType.ACKNOWLEDGE: AcknowledgeControl,
    ItemType.CALCULATE: ComputedControl,
}


CHOSEN_STYLE = (
    "QPushButton:checked { background-color: #1f5f99; color: white;"
    " border: 1px solid #174a78; border-radius: 3px; padding: 2px 4px; }"
)
"""The chosen answer stands out (a checked button is barely shaded in most styles)."""


class ItemEditor(QFrame):
    edited = Signal(object)
    """The answer the person gave (``Answer``), or ``None`` when they cleared it."""

    def __init__(
        self,
        form: FormDefinition,
        item: FormItem,
        catalogue: ResourceCatalogue,
        repeat: tuple[str, int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("itemEditor")
        self.setStyleSheet(CHOSEN_STYLE)
        self.form, self.item, self.repeat = form, item, repeat
        self.answer = Answer()
        """The answer last shown or proposed (with its note and evidence)."""
        self.is_note = item.type is ItemType.NOTE and not item.computed
        self.fixed = item.read_only or item.computed
        """Shown, never answered here: a read-only question or a computed value."""
        self.offered: set[str] | None = None
        """The choices a choice filter offers now (``None``: every choice)."""
        self._label: dict[str, str] = dict(item.label)
        self._hint: dict[str, str] = dict(item.hint)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        set_status(self.hint, "muted")
        self.control = (ComputedControl if item.computed else CONTROLS[item.type])(form, item)
        self.control.changed.connect(self._value_changed)
        self.dont_know = QPushButton()
        self.dont_know.setCheckable(True)
        self.dont_know.clicked.connect(self._dont_know_clicked)
        # "Don't know" is an answer on the scale: the form engine takes it for score items only.
        self.dont_know.setVisible(form.scale.dont_know_allowed and item.type is ItemType.SCORE)
        self.clear = QToolButton()
        self.clear.clicked.connect(self._clear_clicked)
        self.clear.setVisible(not self.is_note and not self.fixed)
        self.none_offered = QLabel()
        set_status(self.none_offered, "muted")
        self.none_offered.hide()
        self.error = QLabel()
        self.error.setObjectName("constraintMessage")
        set_status(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.more = QToolButton()
        self.more.setCheckable(True)
        self.more.setVisible(not self.is_note and not item.computed)
        self.evidence = EvidencePanel(catalogue)
        self.evidence.hide()
        self.evidence.changed.connect(self._note_or_evidence_changed)
        self.more.toggled.connect(self.evidence.setVisible)
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        wide = item.type is ItemType.TEXT
        if isinstance(self.control, ScoreControl):  # one row that wraps on a narrow screen
            self.control.add_trailing(self.dont_know, self.clear)
            controls.addWidget(self.control, 1)
        else:
            controls.addWidget(self.control, 1 if wide else 0)
            controls.addWidget(self.dont_know)
            controls.addWidget(self.clear)
            if not wide:
                controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(self.caption)
        layout.addWidget(self.hint)
        if not self.is_note:
            layout.addLayout(controls)
        layout.addWidget(self.none_offered)
        layout.addWidget(self.error)
        more_row = QHBoxLayout()
        more_row.addWidget(self.more)
        more_row.addStretch(1)
        layout.addLayout(more_row)
        layout.addWidget(self.evidence)
        self.retranslate_ui()

    # --- showing --------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        fallback = self.form.default_language
        label = localized(self._label, fallback)
        marks = []
        if self.item.required and not self.fixed:
            marks.append(_("(required)"))
        if self.item.key_item:
            marks.append(_("★ key item"))
        self.caption.setText(" ".join([label, *marks]))
        self.caption.setStyleSheet("font-style: italic;" if self.is_note else "font-weight: 600;")
        hint = localized(self._hint, fallback)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.control.retranslate(label)
        self.dont_know.setText(
            localized(self.form.scale.dont_know_label, fallback) or _("Don't know")
        )
        self.dont_know.setAccessibleName(_("{item}: don't know").format(item=label))
        self.error.setAccessibleName(_("{item}: problem with the answer").format(item=label))
        self.none_offered.setText(_("No choice fits the answers above yet: answer them first."))
        self.clear.setText(_("Clear"))
        self.clear.setAccessibleName(_("{item}: clear the answer").format(item=label))
        self.clear.setToolTip(_("Remove this answer (not answered)"))
        self._show_more_caption()
        self.more.setAccessibleName(_("{item}: note and evidence").format(item=label))
        self.evidence.retranslate_ui(label)

    def _show_more_caption(self) -> None:
        count = len(self.answer.evidence.resource_ids) + len(self.answer.evidence.attachments)
        has_note = bool(self.answer.note)
        if count or has_note:
            self.more.setText(
                _("Note and evidence ({note}, {count} attached)").format(
                    note=_("note written") if has_note else _("no note"), count=count
                )
            )
        else:
            self.more.setText(_("Add a note or evidence"))

    def show_answer(self, answer: Answer) -> None:
        """Show a stored answer (no ``edited``): value, "don't know", note and evidence."""
        self.answer = answer
        self.control.set_value(None if answer.is_dont_know else answer.value)
        self.dont_know.setChecked(answer.is_dont_know)
        self.evidence.show_answer(answer.note, answer.evidence)
        self._show_more_caption()

    def set_read_only(self, read_only: bool) -> None:
        self.control.set_read_only(read_only or self.fixed)
        self.dont_know.setEnabled(not read_only)
        self.clear.setEnabled(not read_only)
        self.evidence.set_read_only(read_only)

    def show_state(self, state: FormState) -> None:
        """What the form's logic gives now: label and hint with their values, a computed
        value, the choices offered."""
        if self.repeat is not None:
            group, index = self.repeat
            if index >= len(state.entries.get(group, [])):
                return  # an entry being removed

        def shown(name: str, value: Value) -> str:
            try:
                return shown_value(self.form, self.form.item(name), value)
            except KeyError:  # a group's name
                return ""

        label = rendered(self.item.label, state, self.repeat, shown)
        hint = rendered(self.item.hint, state, self.repeat, shown)
        if (label, hint) != (self._label, self._hint):
            self._label, self._hint = label, hint
            self.retranslate_ui()
        if isinstance(self.control, ComputedControl):
            value = state.value(self.item.name, self.repeat)
            self.control.show_text(shown_value(self.form, self.item, value))
        if self.item.type in SELECT_TYPES and self.item.choice_filter is not None:
            choices = offered_choices(self.form, state, self.item, self.repeat)
            self.offered = {choice.name for choice in choices}
            set_offered = getattr(self.control, "set_offered", None)
            if set_offered is not None:
                set_offered(self.offered)
            self.none_offered.setVisible(not self.offered)

    def stale_choice(self) -> bool:
        """Whether the answer holds a choice the choice filter no longer offers."""
        value = self.answer.value
        if self.offered is None or not isinstance(value, (ChoiceAnswer, ChoicesAnswer)):
            return False
        chosen = [value.value] if isinstance(value, ChoiceAnswer) else value.value
        return not set(chosen) <= self.offered

    def show_problem(self, message: str | None) -> None:
        """The constraint message under the item (``None``: the value is fine)."""
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        focus = first_focus(self.control)
        for widget in (self.control, focus):
            if widget is not None:
                widget.setAccessibleDescription(message or "")

    def problem(self) -> str:
        """The message shown ('' when none): for tests and accessibility checks."""
        return "" if self.error.isHidden() else self.error.text()

    def focus_first(self) -> None:
        widget = first_focus(self.control)
        if widget is not None:
            widget.setFocus()

    def flush(self) -> None:
        """Propose what is being typed now (value and note)."""
        self.control.flush()
        self.evidence.flush()

    # --- proposing ------------------------------------------------------------------------------

    def _propose(self, value: AnswerValue | None, note: str, evidence: Evidence) -> None:
        answer = Answer(value=value, note=note, evidence=evidence)
        self.answer = answer
        self._show_more_caption()
        self.edited.emit(None if answer == Answer() else answer)

    def _value_changed(self, value: AnswerValue | None) -> None:
        self.dont_know.setChecked(False)
        self._propose(value, self.answer.note, self.answer.evidence)

    def _dont_know_clicked(self, checked: bool) -> None:
        if checked:
            self.control.set_value(None)
        self._propose(DontKnowAnswer() if checked else None, self.answer.note, self.answer.evidence)

    def _clear_clicked(self) -> None:
        self.control.set_value(None)
        self.dont_know.setChecked(False)
        self._propose(None, self.answer.note, self.answer.evidence)

    def _note_or_evidence_changed(self) -> None:
        note, evidence = self.evidence.current()
        self._propose(self.answer.value, note, evidence)


__all__ = ["CONTROLS", "ItemEditor"]
