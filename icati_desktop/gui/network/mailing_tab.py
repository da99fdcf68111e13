"""The Mailing lists tab: choose a list, see who it reaches and who is left out and why,
export it (CSV, vCard) or write to it.

"Write to this list" opens the mail client with the next batch of at most 50 addresses in
BCC (one batch per click: "batch 2 of 3"), so no message shows its recipients to each
other and no client refuses a message for too many recipients. Every export and batch is
computed by the store at that moment from the people's consent, so someone who withdrew
a minute ago is not in it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.mailing import bcc_batches, mailto_url
from icati_desktop.gui.network.models import CountryNames
from icati_desktop.gui.network.rows_model import RowsModel
from icati_desktop.gui.network.vocabulary import (
    LEFT_OUT_LABELS,
    REGION_LABELS,
    label,
    list_text,
    number,
)
from icati_desktop.gui.network.widgets import OneLineList
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import N_, _, ngettext

RECIPIENT_COLUMNS = (N_("Name"), N_("Email"), N_("Institution"), N_("Country"))

if TYPE_CHECKING:
    from icati_desktop.store.mailing_lists import (
        ListChoice,
        ListSelector,
        MailingAudience,
        Recipient,
    )
    from icati_desktop.store.store import Store


def _choices_job(store: Store) -> list[ListChoice]:
    from icati_desktop.store.mailing_lists import list_choices

    with store.read() as session:
        return list_choices(session)


def _audience_job(selector: ListSelector, store: Store) -> MailingAudience:
    from icati_desktop.store.mailing_lists import mailing_audience

    with store.read() as session:
        return mailing_audience(session, selector)


def _export_job(selector: ListSelector, path: Path, store: Store) -> MailingAudience:
    from icati_desktop.reports.mailing_export import export_mailing_list

    audience = _audience_job(selector, store)
    export_mailing_list(audience, path)
    return audience


def left_out_text(audience: MailingAudience) -> str:
    """ "3 people left out: 2 no consent to network mailings, 1 consent withdrawn"."""
    total = audience.left_out_total
    head = ngettext("{n} person left out", "{n} people left out", total).format(n=number(total))
    parts = [
        f"{number(n)} {label(LEFT_OUT_LABELS, reason)}"
        for reason, n in audience.left_out.items()
        if n
    ]
    return _("{count}: {reasons}").format(count=head, reasons=list_text(parts)) if parts else head


class MailingTab(QWidget):
    def __init__(self, services: AppServices, names: CountryNames, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.names = names
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        """Opens a ``mailto:`` address (tests replace it)."""
        self.audience: MailingAudience | None = None
        self.batches: list[list[str]] = []
        self.next_batch = 0
        self._choices: list[ListChoice] = []
        self._stale = True
        self.list = QComboBox()
        self.list.setObjectName("mailing_list")
        self.list.setMinimumContentsLength(30)
        self.list.currentIndexChanged.connect(self._list_changed)
        self.summary = QLabel()
        self.summary.setObjectName("mailing_summary")
        self.summary.setWordWrap(True)
        self.csv_button = QPushButton()
        self.csv_button.clicked.connect(lambda: self.choose_export(".csv"))
        self.vcf_button = QPushButton()
        self.vcf_button.clicked.connect(lambda: self.choose_export(".vcf"))
        self.write_button = QPushButton()
        self.write_button.setObjectName("mailing_write")
        self.write_button.clicked.connect(self.write_next_batch)
        self.batch_state = QLabel()
        self.batch_state.setObjectName("mailing_batch")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.recipients = RowsModel(
            RECIPIENT_COLUMNS, self._recipient_cell, lambda r: str(r.person_id), parent=self
        )
        self.recipient_list = OneLineList(self.recipients, "recipients")
        buttons = QHBoxLayout()
        for button in (self.csv_button, self.vcf_button, self.write_button):
            buttons.addWidget(button)
        buttons.addWidget(self.batch_state, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addWidget(self.recipient_list, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.list.setAccessibleName(_("Mailing list"))
        self.csv_button.setText(_("Export &CSV…"))
        self.vcf_button.setText(_("Export &vCard…"))
        self.note.setText(
            _(
                "Only people whose consent covers network mailings and who have an email "
                "address are written to; the others are left out of every export and email, "
                "and counted above. Addresses go in BCC, at most 50 per email."
            )
        )
        self.recipient_list.empty.setText(
            _(
                "Nobody on this list may be written to. People join the email network when "
                "their consent covers network mailings (Stakeholders, Add person…)."
            )
        )
        self.recipients.retranslate()
        self._fill(self._choices)
        self._show_audience()

    def reload(self) -> None:
        """Read the lists and the chosen list's audience again (consent may have changed).

        An audience reads every selected person's consent, so it is computed only while the
        tab is shown: a hidden tab only notes that it must read again when shown."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self.services.run(_choices_job, self._choices_loaded)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _choices_loaded(self, choices: list[ListChoice]) -> None:
        self._fill(choices)
        self._list_changed()

    def _choice_text(self, choice: ListChoice) -> str:
        kind, value = choice.selector.kind, choice.selector.value
        if kind == "all":
            return _("Everyone in the directory")
        if kind == "region":
            return _("Region: {name}").format(name=label(REGION_LABELS, value))
        if kind == "country":
            return _("Country: {name}").format(name=self.names.name(value))
        if kind == "group":
            return _("Group: {name}").format(name=choice.name)
        if kind == "event":
            return _("Event: {name}").format(name=choice.name)
        return _("Mailing list: {name}").format(name=choice.name)

    def _fill(self, choices: list[ListChoice]) -> None:
        current = self.list.currentData()
        self._choices = choices
        self.list.blockSignals(True)
        self.list.clear()
        for choice in choices:
            self.list.addItem(self._choice_text(choice), choice.selector.text)
        self.list.setCurrentIndex(max(self.list.findData(current), 0))
        self.list.blockSignals(False)

    def selector(self) -> ListSelector | None:
        from icati_desktop.store.mailing_lists import parse_selector

        text = self.list.currentData()
        return parse_selector(text) if text else None

    def select_list(self, text: str) -> None:
        self.list.setCurrentIndex(max(self.list.findData(text), 0))

    def _list_changed(self) -> None:
        selector = self.selector()
        if selector is not None:
            self.services.run(partial(_audience_job, selector), self._audience_loaded, self._failed)

    def _audience_loaded(self, audience: MailingAudience) -> None:
        if self.list.currentData() != audience.selector.text:
            return  # an answer for a list no longer chosen
        batches = bcc_batches([r.email for r in audience.recipients])
        same = self.audience is not None and self.audience.selector == audience.selector
        if not (same and batches == self.batches):
            self.next_batch = 0  # a new list, or its people changed: start from batch 1
        self.audience, self.batches = audience, batches
        self.recipients.set_rows(audience.recipients)
        self.recipient_list.show_rows(len(audience.recipients))
        self._show_audience()

    def _show_audience(self) -> None:
        audience = self.audience
        has = bool(audience and audience.recipients)
        for button in (self.csv_button, self.vcf_button, self.write_button):
            button.setEnabled(has)
        if audience is None:
            self.summary.setText(_("Choose a list."))
            self.write_button.setText(_("&Write to this list"))
            self.batch_state.clear()
            return
        count = len(audience.recipients)
        reach = ngettext("{n} recipient", "{n} recipients", count).format(n=number(count))
        self.summary.setText(f"<b>{reach}</b><br>{left_out_text(audience)}")
        total = len(self.batches)
        if total > 1 and self.next_batch < total:
            self.write_button.setText(
                _("&Write to this list (batch {i} of {n})").format(i=self.next_batch + 1, n=total)
            )
        else:
            self.write_button.setText(_("&Write to this list"))
        if not has:
            self.batch_state.setText(_("Nobody on this list may be written to."))
        elif self.next_batch:
            self.batch_state.setText(
                _("Batch {i} of {n} opened in your mail program.").format(
                    i=self.next_batch, n=total
                )
            )
        else:
            self.batch_state.clear()

    def write_next_batch(self) -> None:
        """Open the mail client with the next batch (back to the first after the last)."""
        if not self.batches:
            return
        if self.next_batch >= len(self.batches):
            self.next_batch = 0
        batch = self.batches[self.next_batch]
        self.next_batch += 1
        self.open_url(QUrl(mailto_url(batch)))
        self._show_audience()

    def choose_export(self, suffix: str) -> None:
        selector = self.selector()
        if selector is None:
            return
        kind = _("CSV files (*.csv)") if suffix == ".csv" else _("vCard files (*.vcf)")
        name, _filter = QFileDialog.getSaveFileName(self, _("Export the mailing list"), "", kind)
        if name:
            self.export_to(Path(name).with_suffix(suffix))

    def export_to(self, path: Path, done: Callable[[], None] | None = None) -> None:
        selector = self.selector()
        if selector is None:
            return

        def finished(audience: MailingAudience) -> None:
            count = len(audience.recipients)
            written = ngettext(
                "{n} recipient written to {path}", "{n} recipients written to {path}", count
            )
            self.batch_state.setText(
                f"{written.format(n=number(count), path=path.name)}; {left_out_text(audience)}"
            )
            if done is not None:
                done()

        self.services.run(partial(_export_job, selector, path), finished, self._failed)

    def _recipient_cell(self, recipient: Recipient, column: int) -> str:
        if column == 0:
            return recipient.display_name
        if column == 1:
            return recipient.email
        if column == 2:
            return recipient.organisation
        return self.names.name(recipient.country)

    def _failed(self, error: BaseException) -> None:
        QMessageBox.warning(self, _("Mailing lists"), str(error))
