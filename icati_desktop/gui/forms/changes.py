"""Two versions of a form side by side: what changed, and the crosswalk between them.

The changes are grouped as people ask about them — questions added, removed, reworded,
with other rules — then the form's own rules (domains, choices, scale, phases, advice).
The crosswalk lists each question of the earlier version that the later one does not
keep under the same name, with the question it became (or none); at HQ each can be
changed, and saving records HQ's crosswalk for the later version.
"""

from __future__ import annotations

from babel.lists import format_list
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.form_diff import ItemDiff
from icati_desktop.domain.forms import FormDefinition
from icati_desktop.gui.forms.jobs import Comparison
from icati_desktop.i18n import N_, _, current_language, ngettext
from icati_desktop.reports.form_text import domain_name, item_label

CHANGE_WORDS = {
    "moved": N_("moved to another domain"),
    "label": N_("wording"),
    "hint": N_("hint"),
    "type": N_("type of answer"),
    "choices": N_("choices"),
    "required": N_("whether an answer is required"),
    "relevant": N_("when it is asked"),
    "constraint": N_("which answers are accepted"),
    "constraint_message": N_("message for a refused answer"),
    "weight": N_("weight in the domain score"),
    "key_item": N_("key item"),
    "continuum_stage": N_("stage of the continuum"),
}


def label(name: str, form: FormDefinition) -> str:
    return item_label(name, form, current_language())


class ChangesPanel(QWidget):
    compare_requested = Signal(str, str)
    """(earlier version, later version) to compare."""
    save_requested = Signal(object)
    """HQ's crosswalk: earlier item name → later item name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison: Comparison | None = None
        self.editable = False
        self.just_saved = False
        """Set by the page when a save succeeds: the next comparison of the same pair says so."""
        self._saved_pair: tuple[str, str, str] | None = None
        self._plain_note = ""
        """The pair whose crosswalk was just saved; a reload of it (another record changed)
        keeps saying so, until another pair is shown or a choice is changed."""
        self.compare_label, self.with_label = QLabel(), QLabel()
        self.earlier, self.later = QComboBox(), QComboBox()
        self.compare_label.setBuddy(self.earlier)
        self.with_label.setBuddy(self.later)
        for combo in (self.earlier, self.later):
            combo.currentIndexChanged.connect(lambda _i: self._ask())
        picker = QHBoxLayout()
        for widget in (self.compare_label, self.earlier, self.with_label, self.later):
            picker.addWidget(widget)
        picker.addStretch(1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.crosswalk_box = QGroupBox()
        self.crosswalk_note = QLabel()
        self.crosswalk_note.setWordWrap(True)
        self.crosswalk = QTableWidget(0, 2)
        self.crosswalk.verticalHeader().hide()
        self.crosswalk.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self._save)
        box = QVBoxLayout(self.crosswalk_box)
        box.addWidget(self.crosswalk_note)
        box.addWidget(self.crosswalk, 1)
        box.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(picker)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 3)
        layout.addWidget(self.crosswalk_box, 2)
        self.retranslate_ui()
        self.show_versions([])

    def retranslate_ui(self) -> None:
        self.compare_label.setText(_("Compare &version"))
        self.with_label.setText(_("wit&h version"))
        self.earlier.setAccessibleName(_("Earlier version"))
        self.later.setAccessibleName(_("Later version"))
        self.tree.setAccessibleName(_("What changed between the two versions"))
        self.crosswalk_box.setTitle(_("Crosswalk"))
        self.crosswalk.setAccessibleName(_("Crosswalk between the two versions"))
        self.save_button.setText(_("&Save the crosswalk"))
        if self.comparison is not None:
            self.show_comparison(self.comparison, self.editable)

    def show_versions(self, versions: list[str]) -> None:
        """The versions of the chosen form, oldest first; compares the last two."""
        for combo in (self.earlier, self.later):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(versions)
            combo.blockSignals(False)
        self.earlier.setCurrentIndex(max(len(versions) - 2, 0))
        self.later.setCurrentIndex(len(versions) - 1)
        single = len(versions) < 2
        self.tree.setVisible(not single)
        self.crosswalk_box.setVisible(not single)
        self.comparison = None
        if single:
            self.summary.setText(
                _(
                    "This form has one version: nothing to compare yet. When HQ imports a later "
                    "version, what changed shows here."
                )
                if versions
                else _("Choose a form version in the list.")
            )
        else:
            self._ask()

    def _ask(self) -> None:
        earlier, later = self.earlier.currentText(), self.later.currentText()
        if earlier and later and earlier != later:
            self.compare_requested.emit(earlier, later)
        elif earlier and earlier == later:
            self.comparison = None
            self.tree.clear()
            self.crosswalk.setRowCount(0)
            self.summary.setText(_("Choose two different versions to compare."))

    def show_comparison(self, comparison: Comparison, editable: bool) -> None:
        self.comparison, self.editable = comparison, editable
        diff = comparison.diff
        added, removed = diff.of("added"), diff.of("removed")
        relabelled, rules = diff.of("relabelled"), diff.of("rules")
        if diff.unchanged:
            self.summary.setText(_("Nothing changed between these versions."))
        else:
            counts = (len(added), len(removed), len(relabelled), len(rules))
            self.summary.setText(
                self._counts_text(diff.earlier_version, diff.later_version, counts)
            )
        self._fill_tree(comparison)
        self._fill_crosswalk(comparison)

    @staticmethod
    def _counts_text(a: str, b: str, counts: tuple[int, int, int, int]) -> str:
        added, removed, relabelled, rules = counts
        parts = [
            ngettext("{n} question added", "{n} questions added", added).format(n=added),
            ngettext("{n} removed", "{n} removed", removed).format(n=removed),
            ngettext("{n} reworded", "{n} reworded", relabelled).format(n=relabelled),
            ngettext("{n} with other rules", "{n} with other rules", rules).format(n=rules),
        ]
        changes = format_list(parts, locale=current_language())
        return _("From version {a} to {b}: {changes}.").format(a=a, b=b, changes=changes)

    def _group(self, title: str, lines: list[str]) -> None:
        if not lines:
            return
        group = QTreeWidgetItem(self.tree, [f"{title} ({len(lines)})"])
        for line in lines:
            QTreeWidgetItem(group, [line]).setToolTip(0, line)
        group.setExpanded(True)

    def _fill_tree(self, comparison: Comparison) -> None:
        earlier, later, diff = comparison.earlier, comparison.later, comparison.diff
        self.tree.clear()

        def named(change: ItemDiff) -> str:
            if change.later is None:
                return label(change.earlier or "", earlier)
            return label(change.later, later)

        self._group(_("Questions added"), [named(d) for d in diff.of("added")])
        self._group(_("Questions removed"), [named(d) for d in diff.of("removed")])
        self._group(
            _("Questions that became another (crosswalk)"),
            [self._became(d, earlier, later) for d in diff.items if "renamed" in d.changes],
        )
        self._group(_("Questions reworded"), [named(d) for d in diff.of("relabelled")])
        self._group(
            _("Questions with other rules"),
            [
                _("{question} — {what}").format(
                    question=named(d),
                    what=", ".join(
                        _(CHANGE_WORDS[c])
                        for c in d.changes
                        if c in CHANGE_WORDS and c not in ("label", "hint")
                    ),
                )
                for d in diff.of("rules")
            ],
        )
        language = current_language()
        form_rules = [
            *(_("Domain added: {d}").format(d=domain_name(c, later, language))
              for c in diff.domains_added),
            *(_("Domain removed: {d}").format(d=domain_name(c, earlier, language))
              for c in diff.domains_removed),
            *(_("Domain renamed: {d}").format(d=domain_name(c, later, language))
              for c in diff.domains_retitled),
            *(_("Choice list changed: {name}").format(name=n) for n in diff.choice_lists_changed),
            *([_("The response scale changed")] if diff.scale_changed else []),
            *(_("Phase {n} rule changed").format(n=p) for p in diff.phase_rules_changed),
            *(_("Advice changed for {d}").format(d=domain_name(c, later, language)
              if c in {x.code for x in later.domains} else c) for c in diff.advice_rules_changed),
            *([_("Scoring or advice thresholds changed")] if diff.scoring_changed else []),
        ]  # fmt: skip
        self._group(_("Rules of the form"), form_rules)

    @staticmethod
    def _became(change: ItemDiff, earlier: FormDefinition, later: FormDefinition) -> str:
        old, new = label(change.earlier or "", earlier), label(change.later or "", later)
        if old == new:
            return _("“{question}”, under another name").format(question=new)
        return _("“{old}” became “{new}”").format(old=old, new=new)

    def _fill_crosswalk(self, comparison: Comparison) -> None:
        earlier, later = comparison.earlier, comparison.later
        pairs = comparison.diff.pairs
        kept = {p.later for p in pairs if p.pairing == "same name"}
        choices = [p.later for p in pairs if p.later is not None and p.later not in kept]
        rows = [p for p in pairs if p.earlier is not None and p.pairing != "same name"]
        self.crosswalk.setHorizontalHeaderLabels(
            [
                _("In version {v}").format(v=comparison.diff.earlier_version),
                _("Became in version {v}").format(v=comparison.diff.later_version),
            ]
        )
        self.crosswalk.setRowCount(len(rows))
        for row, pair in enumerate(rows):
            item = QTableWidgetItem(label(pair.earlier or "", earlier))
            item.setData(Qt.ItemDataRole.UserRole, pair.earlier)
            item.setToolTip(pair.earlier or "")
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.crosswalk.setItem(row, 0, item)
            combo = QComboBox()
            combo.addItem(_("No successor (removed)"), None)
            for name in choices:
                combo.addItem(label(name, later), name)
            combo.setCurrentIndex(max(combo.findData(pair.later), 0))
            combo.setEnabled(self.editable)
            combo.setAccessibleName(_("What “{q}” became").format(q=item.text()))
            combo.currentIndexChanged.connect(lambda _i: self._choice_changed())
            self.crosswalk.setCellWidget(row, 1, combo)
        same = len(kept)
        text = ngettext(
            "{n} question keeps its name in both versions and is matched by it.",
            "{n} questions keep their names in both versions and are matched by them.",
            same,
        ).format(n=same)
        if rows:
            text += " " + _("Below, the questions of the earlier version that the later one "
                            "does not keep under the same name.")  # fmt: skip
        if not self.editable:
            text += " " + _("Only the central office can change the crosswalk.")
        shown = (later.form_id, comparison.diff.earlier_version, comparison.diff.later_version)
        if self.just_saved:
            self._saved_pair, self.just_saved = shown, False
        elif self._saved_pair != shown:
            self._saved_pair = None
        self._plain_note = text
        if self._saved_pair is not None:
            text = _("The crosswalk is saved.") + " " + text
        self.crosswalk_note.setText(text)
        self.crosswalk.setVisible(bool(rows))
        self.save_button.setVisible(self.editable and bool(rows))

    def _choice_changed(self) -> None:
        if self._saved_pair is not None:
            self._saved_pair = None
            self.crosswalk_note.setText(self._plain_note)

    def mapping(self) -> dict[str, str]:
        """The crosswalk as chosen in the table: earlier item → later item."""
        chosen: dict[str, str] = {}
        for row in range(self.crosswalk.rowCount()):
            item, combo = self.crosswalk.item(row, 0), self.crosswalk.cellWidget(row, 1)
            assert item is not None
            assert isinstance(combo, QComboBox)
            source = item.data(Qt.ItemDataRole.UserRole)
            if combo.currentData() is not None:
                chosen[str(source)] = str(combo.currentData())
        return chosen

    def _save(self) -> None:
        self.save_requested.emit(self.mapping())


__all__ = ["ChangesPanel"]
