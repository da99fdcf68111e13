"""The answer controls of the fill-in view: the base class and the choice controls.

Each control shows an answer value and says when the person has *committed* a new one
(``changed``): a click for buttons, boxes and lists; for typed fields (``typed_widgets``),
leaving the field or a pause in typing — so a crash loses at most the field being typed.
Controls never save anything: the item editor checks the answer and the view saves it.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.assessments import (
    AnswerValue,
    ChoiceAnswer,
    ChoicesAnswer,
    ScoreAnswer,
)
from icati_desktop.domain.forms import FormDefinition, FormItem
from icati_desktop.gui.flow_layout import FlowLayout
from icati_desktop.i18n import _, current_language

RADIO_LIMIT = 5
"""A select_one item with more choices than this is a drop-down list instead of radio buttons."""


def localized(text: Mapping[str, str], fallback: str = "en") -> str:
    """A form text in the interface language, else the form's default language, else any."""
    for language in (current_language(), fallback, "en"):
        if text.get(language):
            return text[language]
    return next((value for value in text.values() if value), "")


def plain(text: str) -> str:
    """A caption without its mnemonic marker, for accessible names."""
    return text.replace("&", "")


class ValueControl(QWidget):
    """Shows one item's answer value; ``changed`` carries the committed value (or ``None``)."""

    changed = Signal(object)

    def __init__(self, form: FormDefinition, item: FormItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form, self.item = form, item
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def value(self) -> AnswerValue | None:
        raise NotImplementedError

    def set_value(self, value: AnswerValue | None) -> None:
        """Show a value without reporting it as a change."""
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def flush(self) -> None:
        """Commit what is being typed now (before closing, submitting or switching domains)."""

    def retranslate(self, caption: str) -> None:
        """Captions and accessible names in the current language (``caption``: the item)."""


class ScoreControl(ValueControl):
    """The 0–4 scale as buttons named by their anchors (tooltip: the anchor's description)."""

    def __init__(self, form: FormDefinition, item: FormItem, parent: QWidget | None = None) -> None:
        super().__init__(form, item, parent)
        # The buttons wrap to a second row on a narrow screen (1024×600) instead of scrolling.
        self.flow = FlowLayout(spacing=4)
        self.layout_.addLayout(self.flow, 1)
        self.group = QButtonGroup(self)
        self.buttons: dict[int, QPushButton] = {}
        for anchor in sorted(form.scale.anchors, key=lambda a: a.value):
            button = QPushButton()
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.group.addButton(button, anchor.value)
            self.buttons[anchor.value] = button
            self.flow.addWidget(button)
        self.group.idClicked.connect(lambda value: self.changed.emit(ScoreAnswer(value=value)))

    def add_trailing(self, *widgets: QWidget) -> None:
        """Widgets that follow the scale in the same wrapping row ("Don't know", "Clear")."""
        for widget in widgets:
            self.flow.addWidget(widget)

    def value(self) -> AnswerValue | None:
        checked = self.group.checkedId()
        return ScoreAnswer(value=checked) if checked >= 0 else None

    def set_value(self, value: AnswerValue | None) -> None:
        self.group.setExclusive(False)
        for score, button in self.buttons.items():
            button.setChecked(isinstance(value, ScoreAnswer) and value.value == score)
        self.group.setExclusive(True)

    def retranslate(self, caption: str) -> None:
        language = self.form.default_language
        for anchor in self.form.scale.anchors:
            button = self.buttons[anchor.value]
            name = localized(anchor.label, language)
            button.setText(f"{anchor.value} · {name}")
            button.setToolTip(localized(anchor.description, language))
            button.setAccessibleName(
                _("{item}: {score} ({anchor})").format(
                    item=caption, score=anchor.value, anchor=name
                )
            )


class SelectOneControl(ValueControl):
    """Radio buttons for a few choices, a drop-down list for many."""

    def __init__(self, form: FormDefinition, item: FormItem, parent: QWidget | None = None) -> None:
        super().__init__(form, item, parent)
        self.choices = form.choices_of(item)
        self.combo: QComboBox | None = None
        self.group: QButtonGroup | None = None
        minimal = {"minimal", "autocomplete"} & set((item.appearance or "").split())
        if len(self.choices) > RADIO_LIMIT or minimal:
            self.combo = QComboBox()
            self.combo.addItem("", None)
            for choice in self.choices:
                self.combo.addItem("", choice.name)
            self.combo.activated.connect(lambda _index: self.changed.emit(self.value()))
            self.layout_.addWidget(self.combo, 1)
        else:
            column = QVBoxLayout()
            column.setSpacing(2)
            self.group = QButtonGroup(self)
            for index, choice in enumerate(self.choices):
                radio = QRadioButton()
                radio.setProperty("choice", choice.name)
                self.group.addButton(radio, index)
                column.addWidget(radio)
            self.group.idClicked.connect(lambda _id: self.changed.emit(self.value()))
            self.layout_.addLayout(column)
            self.layout_.addStretch(1)

    def value(self) -> AnswerValue | None:
        if self.combo is not None:
            name = self.combo.currentData()
            return ChoiceAnswer(value=name) if name else None
        assert self.group is not None
        checked = self.group.checkedButton()
        return None if checked is None else ChoiceAnswer(value=str(checked.property("choice")))

    def set_value(self, value: AnswerValue | None) -> None:
        name = value.value if isinstance(value, ChoiceAnswer) else None
        if self.combo is not None:
            self.combo.setCurrentIndex(max(self.combo.findData(name), 0) if name else 0)
            return
        assert self.group is not None
        self.group.setExclusive(False)
        for button in self.group.buttons():
            button.setChecked(button.property("choice") == name)
        self.group.setExclusive(True)

    def set_offered(self, offered: set[str]) -> None:
        """Show only the choices a choice filter offers now (the answer stays as it is)."""
        if self.combo is not None:
            current = self.combo.currentData()
            language = self.form.default_language
            self.combo.blockSignals(True)
            while self.combo.count() > 1:
                self.combo.removeItem(1)
            for choice in self.choices:
                if choice.name in offered:
                    self.combo.addItem(localized(choice.label, language), choice.name)
            self.combo.setCurrentIndex(max(self.combo.findData(current), 0) if current else 0)
            self.combo.blockSignals(False)
            return
        assert self.group is not None
        for button in self.group.buttons():
            button.setVisible(button.property("choice") in offered)

    def retranslate(self, caption: str) -> None:
        language = self.form.default_language
        if self.combo is not None:
            self.combo.setItemText(0, _("(not answered)"))
            for index in range(1, self.combo.count()):
                name = self.combo.itemData(index)
                choice = next(c for c in self.choices if c.name == name)
                self.combo.setItemText(index, localized(choice.label, language))
            self.combo.setAccessibleName(caption)
            return
        assert self.group is not None
        for button, choice in zip(self.group.buttons(), self.choices, strict=True):
            button.setText(localized(choice.label, language))


class SelectMultipleControl(ValueControl):
    def __init__(self, form: FormDefinition, item: FormItem, parent: QWidget | None = None) -> None:
        super().__init__(form, item, parent)
        self.choices = form.choices_of(item)
        self.boxes: dict[str, QCheckBox] = {}
        column = QVBoxLayout()
        column.setSpacing(2)
        for choice in self.choices:
            box = QCheckBox()
            box.clicked.connect(lambda _checked=False: self.changed.emit(self.value()))
            self.boxes[choice.name] = box
            column.addWidget(box)
        self.layout_.addLayout(column)
        self.layout_.addStretch(1)

    def value(self) -> AnswerValue | None:
        chosen = [name for name, box in self.boxes.items() if box.isChecked()]
        return ChoicesAnswer(value=chosen) if chosen else None

    def set_value(self, value: AnswerValue | None) -> None:
        chosen = set(value.value) if isinstance(value, ChoicesAnswer) else set()
        for name, box in self.boxes.items():
            box.setChecked(name in chosen)

    def set_offered(self, offered: set[str]) -> None:
        """Show only the choices a choice filter offers now."""
        for name, box in self.boxes.items():
            box.setVisible(name in offered)

    def retranslate(self, caption: str) -> None:
        for choice in self.choices:
            self.boxes[choice.name].setText(localized(choice.label, self.form.default_language))


def first_focus(control: ValueControl) -> QWidget | None:
    """The control's first keyboard-reachable widget (for "go to this item")."""
    for child in control.findChildren(QWidget):
        if isinstance(child, (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QDateEdit)):
            return child
    return None


__all__ = [
    "RADIO_LIMIT",
    "ScoreControl",
    "SelectMultipleControl",
    "SelectOneControl",
    "ValueControl",
    "first_focus",
    "localized",
    "plain",
]
