"""The first-run wizard: language, role, name and countries, then HQ's bundle or the defaults.

It works on a store that is open but has no device yet. Nothing is written until Finish:
then one long job (:func:`~icati_desktop.sync.first_run.complete_first_run`) creates the
device, keeps the preferences and, if chosen, trusts HQ — with the fingerprint the person
compared — and imports its central bundle. :class:`FirstRunGate` decides at start whether
the wizard is needed at all (:mod:`icati_desktop.gui.first_run_gate`).

The pages live in :mod:`icati_desktop.gui.first_run_pages` (language, role, profile) and
:mod:`icati_desktop.gui.first_run_start` (HQ's bundle or the defaults).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget, QWizard

from icati_desktop.gui.first_run_pages import LanguagePage, ProfilePage, RolePage
from icati_desktop.gui.first_run_start import StartPage
from icati_desktop.gui.language import apply_language
from icati_desktop.gui.services import AppServices, Cancelled, Progress
from icati_desktop.gui.settings import LANGUAGE
from icati_desktop.i18n import _, current_language

if TYPE_CHECKING:
    from icati_desktop.store.country_choices import CountryChoice
    from icati_desktop.store.store import Store
    from icati_desktop.sync.first_run import FirstRunChoices, FirstRunResult


class FirstRunWizard(QWizard):
    """Emits ``completed`` with the :class:`FirstRunResult` once the device is set up."""

    completed = Signal(object)
    central_requested = Signal()
    """HQ staff chose to work on the central database instead of setting up this computer."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.busy = False
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.customButtonClicked.connect(self._custom_button)
        self.language_page, self.role_page = LanguagePage(), RolePage()
        self.profile_page = ProfilePage()
        self.start_page = StartPage(services, self.role_page.role)
        for page in (self.language_page, self.role_page, self.profile_page, self.start_page):
            self.addPage(page)
        self.language_page.language_chosen.connect(self.set_language)
        self.setMinimumSize(680, 540)
        self.resize(780, 620)
        self.retranslate_ui()
        services.run(_country_choices, self.profile_page.set_countries)

    def set_language(self, language: str) -> None:
        """Switch the whole app's language now; the wizard follows (right to left for Arabic)."""
        apply_language(cast(QApplication, QApplication.instance()), language)
        self.language_page.choose(current_language())
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Set up ICATI Desktop"))
        for button, text in (
            (QWizard.WizardButton.BackButton, _("&Back")),
            (QWizard.WizardButton.NextButton, _("&Next")),
            (QWizard.WizardButton.FinishButton, _("&Finish")),
            (QWizard.WizardButton.CancelButton, _("Cancel")),
            (QWizard.WizardButton.CustomButton1, _("Connect to the &central database…")),
        ):
            self.setButtonText(button, text)
        for page in (self.language_page, self.role_page, self.profile_page, self.start_page):
            page.retranslate_ui()

    def _custom_button(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value and not self.busy:
            self.central_requested.emit()

    def choices(self) -> FirstRunChoices:
        from icati_desktop.sync.first_run import FirstRunChoices

        importing = self.start_page.import_choice.isChecked() and self.start_page.info is not None
        return FirstRunChoices(
            person_role=self.role_page.role(),
            name=self.profile_page.name.text().strip(),
            countries=self.profile_page.selected(),
            central_bundle=self.start_page.path if importing else None,
            confirmed_fingerprint=self.start_page.info.fingerprint
            if importing and self.start_page.info
            else None,
        )

    def accept(self) -> None:
        if self.busy:
            return
        self.busy = True
        self._enable_buttons(False)
        choices = self.choices()

        def job(store: Store, progress: Progress, cancelled: Cancelled) -> FirstRunResult:
            from icati_desktop.sync.first_run import complete_first_run

            return complete_first_run(store, choices, progress, cancelled)

        label = _("Importing HQ's bundle…") if choices.central_bundle else _("Setting up…")
        self.services.run_long(self, label, job, self._done, self._failed)

    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def _enable_buttons(self, enabled: bool) -> None:
        for which in (
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ):
            self.button(which).setEnabled(enabled)

    def _done(self, result: FirstRunResult) -> None:
        self.busy = False
        LANGUAGE.set(QSettings(), current_language())
        if result.import_refused:
            self.inform(
                _("The bundle was not imported"),
                _(
                    "This computer is set up, but HQ's bundle was not imported and HQ is not "
                    "trusted:\n\n{reason}\n\nYou can import a bundle later, in the Sync section."
                ).format(reason=result.import_refused),
            )
        self.completed.emit(result)
        super().accept()

    def _failed(self, error: BaseException) -> None:
        from icati_desktop.gui.sync.flows import describe_error

        self.busy = False
        self._enable_buttons(True)
        self.warn(_("This computer could not be set up"), describe_error(error))

    def inform(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)


def _country_choices(store: Store) -> list[CountryChoice]:
    """On the database thread: the countries the profile page offers."""
    from icati_desktop.store.country_choices import country_choices

    return country_choices(store)
