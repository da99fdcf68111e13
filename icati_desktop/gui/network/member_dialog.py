"""Add a member (a country or an organisation) or change one: joined, status, group tags.

The central office's dialog (memberships are HQ records): the Members tab offers it on HQ
only. Nothing is written until Save, and a value the membership rules refuse (a member
leaving before joining…) is said in one line in the dialog.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.network import Membership
from icati_desktop.gui.network.models import CountryNames
from icati_desktop.gui.network.vocabulary import MEMBER_STATUS_LABELS
from icati_desktop.gui.network.widgets import ChoiceBox
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.status import error_line
from icati_desktop.i18n import N_, _

if TYPE_CHECKING:
    from icati_desktop.store.store import Store

KINDS = {"country": N_("Country"), "organisation": N_("Organisation")}


def _save_job(membership: Membership, record_id: str | None, store: Store) -> str:
    from icati_desktop.store.network_writes import save_membership

    return save_membership(store, membership, record_id)


def _organisations_job(store: Store) -> list[tuple[str, str]]:
    from icati_desktop.store.people import organisations

    return organisations(store)


def split_tags(text: str) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in text.replace(";", ",").split(",") if t.strip()))


class MemberDialog(QDialog):
    saved = Signal(str)

    def __init__(
        self,
        services: AppServices,
        names: CountryNames,
        member: Any | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``member``: a :class:`~icati_desktop.store.network_members.MemberSummary` to edit."""
        super().__init__(parent)
        self.services = services
        self.member = member
        self.kind = ChoiceBox("member_kind", lambda: [(c, _(t)) for c, t in KINDS.items()], None)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.country = QComboBox()
        self.country.setObjectName("member_country")
        for name, alpha3 in sorted((names.name(a3), a3) for a3 in names.alpha2_of):
            self.country.addItem(name, alpha3)
        self.organisation = QComboBox()
        self.organisation.setObjectName("member_organisation")
        self.joined = QDateEdit(QDate.currentDate())
        self.joined.setCalendarPopup(True)
        self.status = ChoiceBox(
            "member_status", lambda: [(c, _(t)) for c, t in MEMBER_STATUS_LABELS.items()], None
        )
        self.status.set_code("active")
        self.status.currentIndexChanged.connect(self._status_changed)
        self.left = QDateEdit(QDate.currentDate())
        self.left.setCalendarPopup(True)
        self.groups = QLineEdit()
        self.groups.setPlaceholderText(_("e.g. AU, ISSUP chapter"))
        self.error = error_line()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Member type"), self.kind)
        form.addRow(_("Country"), self.country)
        form.addRow(_("Organisation"), self.organisation)
        form.addRow(_("Joined on"), self.joined)
        form.addRow(_("Status"), self.status)
        form.addRow(_("Left on"), self.left)
        form.addRow(_("Group tags"), self.groups)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setWindowTitle(_("Change a member") if member else _("Add a member"))
        if member is not None:
            self._fill(member)
        self._kind_changed()
        self._status_changed()
        services.run(_organisations_job, self._organisations_loaded)

    def _fill(self, member: Any) -> None:
        self.kind.set_code(member.kind)
        self.kind.setEnabled(False)
        self.country.setCurrentIndex(max(self.country.findData(member.country), 0))
        self.joined.setDate(QDate(member.joined_on))
        self.status.set_code(member.status)
        if member.left_on:
            self.left.setDate(QDate(member.left_on))
        self.groups.setText(", ".join(member.own_groups))

    def _organisations_loaded(self, found: list[tuple[str, str]]) -> None:
        for rid, name in found:
            self.organisation.addItem(name, rid)
        if self.member is not None and self.member.member_id:
            index = self.organisation.findData(self.member.member_id)
            self.organisation.setCurrentIndex(max(index, 0))

    def _kind_changed(self) -> None:
        self.organisation.setEnabled(self.kind.code() == "organisation" and self.member is None)
        self.country.setEnabled(self.member is None or self.kind.code() == "organisation")

    def _status_changed(self) -> None:
        self.left.setEnabled(self.status.code() == "left")

    def membership(self) -> Membership:
        kind = self.kind.code() or "country"
        fields: dict[str, Any] = {
            "kind": kind,
            "country": self.country.currentData(),
            "joined_on": self.joined.date().toPython(),
            "status": self.status.code() or "active",
            "groups": split_tags(self.groups.text()),
            "notes": self.member.notes if self.member else "",
        }
        if kind == "organisation":
            fields["member_id"] = self.organisation.currentData()
        if fields["status"] == "left":
            left: date = self.left.date().toPython()  # type: ignore[assignment]
            fields["left_on"] = left
        return Membership.model_validate(fields)

    def save(self) -> None:
        if self.kind.code() == "organisation" and self.organisation.currentData() is None:
            self.show_error(
                _(
                    "Choose the organisation (the central office adds organisations in "
                    "Stakeholders)."
                )
            )
            return
        try:
            membership = self.membership()
        except ValidationError as error:
            self.show_error("; ".join(str(e["msg"]) for e in error.errors()))
            return
        record_id = self.member.record_id if self.member else None
        self.services.run(partial(_save_job, membership, record_id), self._saved, self._failed)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    def _saved(self, record_id: str) -> None:
        self.saved.emit(record_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.show_error(str(error))
