"""One domain of the form as a scrolling page: its items, groups and repeat groups.

The pane builds an :class:`ItemEditor` per item (per entry for repeat groups) and hands
each to ``register`` so the fill-in view can listen to it; ``calculate`` items are never
shown and get none. Visibility follows relevance: :meth:`DomainPane.apply` gets the form's
state (computed by the form engine on the GUI thread) and hides what is not relevant,
immediately, as the person types. A repeat group whose ``repeat_count`` sets its entries
has no add or remove buttons: its entries follow the answer it counts.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.form_state import FormState
from icati_desktop.domain.forms import (
    FormDefinition,
    FormDomain,
    FormElement,
    FormGroup,
    FormItem,
    ItemType,
)
from icati_desktop.gui.assessments.evidence import ResourceCatalogue
from icati_desktop.gui.assessments.item_editor import ItemEditor
from icati_desktop.gui.assessments.item_widgets import localized
from icati_desktop.i18n import _

Register = Callable[[ItemEditor], None]
EntryRelevance = Callable[[str, int], frozenset[str]]
"""The items relevant in one entry (index) of a repeat group (name)."""


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class _Builder:
    """Lays out elements into a layout, keeping the editors and groups it made."""

    def __init__(
        self,
        form: FormDefinition,
        catalogue: ResourceCatalogue,
        register: Register,
        repeat: tuple[str, int] | None,
    ) -> None:
        self.form, self.catalogue, self.register, self.repeat = form, catalogue, register, repeat
        self.editors: list[ItemEditor] = []
        self.groups: list[tuple[FormGroup, QWidget]] = []
        self.repeats: list[RepeatGroupBox] = []

    def add(self, elements: list[FormElement], layout: QVBoxLayout) -> None:
        for element in elements:
            if isinstance(element, FormItem) and element.type is ItemType.CALCULATE:
                continue  # computed, never shown
            if isinstance(element, FormItem):
                editor = ItemEditor(self.form, element, self.catalogue, self.repeat)
                self.register(editor)
                self.editors.append(editor)
                layout.addWidget(editor)
            elif element.repeat and self.repeat is None:
                box = RepeatGroupBox(self.form, element, self.catalogue, self.register)
                self.repeats.append(box)
                self.groups.append((element, box))
                layout.addWidget(box)
            else:  # a plain group (or a repeat nested in a repeat: answered per outer entry)
                plain = QGroupBox(localized(element.label, self.form.default_language))
                plain.setAccessibleName(plain.title() or element.name)
                inner = QVBoxLayout(plain)
                self.groups.append((element, plain))
                self.add(element.items, inner)
                layout.addWidget(plain)

    def apply(self, shown: frozenset[str]) -> None:
        """``shown``: the relevant items, and the repeat groups that can take entries."""
        for editor in self.editors:
            editor.setVisible(editor.item.name in shown)
        for group, box in self.groups:
            if isinstance(box, RepeatGroupBox):
                box.setVisible(group.name in shown)
            else:  # a plain group shows when something in it does
                inside = {i.name for i in group.flat_items()} | {g.name for g in group.groups()}
                box.setVisible(not shown.isdisjoint(inside))

    def retranslate(self) -> None:
        for editor in self.editors:
            editor.retranslate_ui()
        for group, box in self.groups:
            if isinstance(box, QGroupBox) and not isinstance(box, RepeatGroupBox):
                box.setTitle(localized(group.label, self.form.default_language))


class RepeatEntry(QFrame):
    def __init__(
        self,
        form: FormDefinition,
        group: FormGroup,
        index: int,
        catalogue: ResourceCatalogue,
        register: Register,
    ) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.index = index
        self.title = QLabel()
        self.remove = QPushButton()
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        self.builder = _Builder(form, catalogue, register, (group.name, index))
        self.builder.add(group.items, layout)
        self.retranslate_ui(localized(group.label, form.default_language) or group.name)

    def retranslate_ui(self, group_label: str) -> None:
        self.title.setText(_("<b>Entry {number}</b>").format(number=self.index + 1))
        self.remove.setText(_("Remove entry {number}").format(number=self.index + 1))
        self.remove.setAccessibleName(
            _("{group}: remove entry {number}").format(group=group_label, number=self.index + 1)
        )
        self.builder.retranslate()


class RepeatGroupBox(QGroupBox):
    """A repeat group: one frame of items per entry, with add and remove buttons."""

    add_requested = Signal(str)
    remove_requested = Signal(str, int)

    def __init__(
        self,
        form: FormDefinition,
        group: FormGroup,
        catalogue: ResourceCatalogue,
        register: Register,
    ) -> None:
        super().__init__()
        self.form, self.group, self.catalogue, self.register = form, group, catalogue, register
        self.entries: list[RepeatEntry] = []
        self.entries_layout = QVBoxLayout()
        self.empty = QLabel()
        self.add_button = QPushButton()
        self.add_button.clicked.connect(lambda: self.add_requested.emit(group.name))
        self.add_button.setVisible(group.repeat_count is None)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addLayout(self.entries_layout)
        layout.addLayout(row)
        self.retranslate_ui()

    def label(self) -> str:
        return localized(self.group.label, self.form.default_language) or self.group.name

    def retranslate_ui(self) -> None:
        self.setTitle(self.label())
        self.setAccessibleName(self.label())
        if self.group.repeat_count is None:
            self.empty.setText(_("No entries yet."))
        else:
            self.empty.setText(_("No entries: the form sets their number from the answers above."))
        self.add_button.setText(_("Add an entry"))
        self.add_button.setAccessibleName(_("{group}: add an entry").format(group=self.label()))
        for entry in self.entries:
            entry.retranslate_ui(self.label())

    def sync_entries(self, count: int) -> list[ItemEditor]:
        """Make the number of entry frames match the entries; the editors of new frames."""
        made: list[ItemEditor] = []
        while len(self.entries) > count:
            entry = self.entries.pop()
            entry.hide()
            entry.deleteLater()
        while len(self.entries) < count:
            entry = RepeatEntry(
                self.form, self.group, len(self.entries), self.catalogue, self.register
            )
            index = entry.index
            entry.remove.clicked.connect(lambda _c=False, i=index: self._remove(i))
            entry.remove.setVisible(self.group.repeat_count is None)
            self.entries.append(entry)
            self.entries_layout.addWidget(entry)
            made += entry.builder.editors
        self.empty.setVisible(count == 0)
        return made

    def _remove(self, index: int) -> None:
        self.remove_requested.emit(self.group.name, index)

    def editors(self) -> list[ItemEditor]:
        return [editor for entry in self.entries for editor in entry.builder.editors]

    def apply(self, relevance: EntryRelevance) -> None:
        for entry in self.entries:
            entry.builder.apply(relevance(self.group.name, entry.index))

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setEnabled(not read_only)
        for entry in self.entries:
            entry.remove.setEnabled(not read_only)


class DomainPane(QScrollArea):
    def __init__(
        self,
        form: FormDefinition,
        domain: FormDomain,
        catalogue: ResourceCatalogue,
        register: Register,
    ) -> None:
        super().__init__()
        self.form, self.domain = form, domain
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.title = QLabel()
        self.title.setObjectName("domainTitle")
        self.description = _heading("")
        layout.addWidget(self.title)
        layout.addWidget(self.description)
        self.builder = _Builder(form, catalogue, register, None)
        self.builder.add(domain.elements, layout)
        layout.addStretch(1)
        self.setWidget(body)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        language = self.form.default_language
        title = localized(self.domain.title, language)
        self.title.setText(f"<h3>{self.domain.code} · {title}</h3>")
        self.title.setAccessibleName(f"{self.domain.code} {title}")
        description = localized(self.domain.description, language)
        self.description.setText(description)
        self.description.setVisible(bool(description))
        self.builder.retranslate()
        for box in self.builder.repeats:
            box.retranslate_ui()

    def top_editors(self) -> list[ItemEditor]:
        return list(self.builder.editors)

    def repeat_boxes(self) -> list[RepeatGroupBox]:
        return list(self.builder.repeats)

    def apply(
        self, state: FormState, shown: frozenset[str], in_entry: EntryRelevance
    ) -> list[ItemEditor]:
        """Show what is relevant; entries follow the state. The editors of new entries."""
        self.builder.apply(shown)
        made: list[ItemEditor] = []
        for box in self.builder.repeats:
            made += box.sync_entries(len(state.entries.get(box.group.name, [])))
            box.apply(in_entry)
        return made


__all__ = ["DomainPane", "RepeatGroupBox"]
