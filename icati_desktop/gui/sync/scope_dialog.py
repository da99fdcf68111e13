"""HQ chooses the countries a device works on: when enrolling it, and later.

When enrolling, the countries the device's card proposes are ticked and named above the
list, so HQ confirms or changes them. When a device loses countries, HQ may also ask it to
remove their records (its own work not yet sent is kept until HQ has it).
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.country_checklist import CountryChecklist
from icati_desktop.gui.sync.country_names import CountryNames
from icati_desktop.i18n import _
from icati_desktop.store.country_choices import CountryChoice
from icati_desktop.sync.scopes import ScopeChoice


class ScopeDialog(QDialog):
    """The countries of one device: a list to tick, or every country."""

    def __init__(
        self,
        device_name: str,
        countries: list[CountryChoice],
        current: ScopeChoice,
        *,
        proposed: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.current = current
        self.names = CountryNames(countries)
        self.setWindowTitle(_("Countries of {name}").format(name=device_name))
        self.intro = QLabel(
            _(
                "HQ sends {name} the field records of these countries: people, meetings, "
                "action plans and assessments. The library, forms, directory and Atlas go to "
                "every device."
            ).format(name=html.escape(device_name))
        )
        self.intro.setWordWrap(True)
        self.proposal = QLabel()
        self.proposal.setWordWrap(True)
        if proposed is not None:
            self.proposal.setText(
                _("The device proposes: {countries}. Confirm or change them.").format(
                    countries=self.names.describe(ScopeChoice.of(proposed))
                )
                if proposed
                else _("The device proposes no country: choose the countries it works on.")
            )
        self.proposal.setVisible(proposed is not None)
        self.some = QRadioButton(_("&Only the countries ticked below"))
        self.every = QRadioButton(_("&Every country (a regional or global expert)"))
        group = QButtonGroup(self)
        group.addButton(self.some)
        group.addButton(self.every)
        self.checklist = CountryChecklist()
        self.checklist.list.setAccessibleName(_("Countries this device works on"))
        self.checklist.set_countries(countries)
        ticked = proposed if proposed is not None else list(current.countries)
        self.checklist.set_checked(ticked)
        (self.every if current.all_countries and proposed is None else self.some).setChecked(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.remove_lost = QCheckBox(
            _("Also ask the device to &remove the records it holds of these countries")
        )
        self.lost_note = QLabel()
        self.lost_note.setWordWrap(True)
        self.keep_note = QLabel(
            _(
                "Records the device wrote and has not sent to HQ yet stay on it until HQ "
                "has them. Everything removed stays at HQ."
            )
        )
        self.keep_note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.intro, self.proposal, self.some, self.every):
            layout.addWidget(widget)
        layout.addWidget(self.checklist, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.lost_note)
        layout.addWidget(self.remove_lost)
        layout.addWidget(self.keep_note)
        layout.addWidget(self.buttons)
        self.checklist.changed.connect(self._update)
        self.some.toggled.connect(self._update)
        self._update()
        self.resize(560, 600)

    def choice(self) -> ScopeChoice:
        if self.every.isChecked():
            return ScopeChoice.everything()
        return ScopeChoice.of(self.checklist.selected())

    def lost(self) -> list[str]:
        """Countries the device had and would no longer have."""
        new = self.choice()
        if new.all_countries:
            return []
        if self.current.all_countries:
            return ["*"]
        return [c for c in self.current.countries if c not in new.countries]

    def wants_removal(self) -> bool:
        return self.remove_lost.isVisible() and self.remove_lost.isChecked()

    def _update(self, *_args: object) -> None:
        self.checklist.setEnabled(self.some.isChecked())
        self.summary.setText(
            "<b>{}</b>".format(
                html.escape(
                    _("Works on: {countries}").format(
                        countries=self.names.describe(self.choice(), short=True)
                    )
                )
            )
        )
        lost = self.lost()
        self.remove_lost.setVisible(bool(lost))
        self.lost_note.setVisible(bool(lost))
        self.keep_note.setVisible(bool(lost))
        if lost == ["*"]:
            text = _("The device will no longer receive the records of the other countries.")
        elif lost:
            text = _("The device will no longer receive the records of {countries}.").format(
                countries=self.names.describe(ScopeChoice.of(lost))
            )
        else:
            text = ""
        self.lost_note.setText(text)
