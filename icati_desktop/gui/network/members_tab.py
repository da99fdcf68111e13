"""The Members and Participants tabs: who is in ICATI, and whom its email network reaches."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.domain.mailing import NETWORK_TARGET
from icati_desktop.gui.network.member_dialog import MemberDialog
from icati_desktop.gui.network.models import CountryNames, MembersModel, ParticipantsModel
from icati_desktop.gui.network.vocabulary import (
    MEMBER_KIND_LABELS,
    MEMBER_STATUS_LABELS,
    REGION_LABELS,
    number,
)
from icati_desktop.gui.network.widgets import ChoiceBox, OneLineList
from icati_desktop.gui.services import AppServices
from icati_desktop.i18n import N_, _, ngettext
from icati_desktop.store.network_members import MemberFilter, ParticipantFilter


def _translated(labels: dict[str, str]) -> list[tuple[str, str]]:
    return [(code, _(text)) for code, text in labels.items()]


def _search_box(name: str, on_change: QTimer) -> QLineEdit:
    box = QLineEdit()
    box.setObjectName(name)
    box.setClearButtonEnabled(True)
    box.textChanged.connect(lambda _t: on_change.start())
    return box


class MembersTab(QWidget):
    def __init__(self, services: AppServices, names: CountryNames, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.is_hq = False
        self.model = MembersModel(services, names, self)
        self.model.loaded.connect(self._loaded)
        self.timer = QTimer(self, singleShot=True, interval=250)
        self.timer.timeout.connect(self.reload)
        self.kind = ChoiceBox(
            "members_kind", lambda: _translated(MEMBER_KIND_LABELS), N_("All members")
        )
        self.region = ChoiceBox(
            "members_region", lambda: _translated(REGION_LABELS), N_("All regions")
        )
        self.status = ChoiceBox(
            "members_status", lambda: _translated(MEMBER_STATUS_LABELS), N_("Any status")
        )
        for box in (self.kind, self.region, self.status):
            box.currentIndexChanged.connect(self.reload)
        self.search = _search_box("members_search", self.timer)
        self.count = QLabel()
        self.list = OneLineList(self.model, "members")
        self.list.enable_sorting()
        self.list.table.doubleClicked.connect(lambda index: self.open_member(index.row()))
        self.add_button = QPushButton()
        self.add_button.setObjectName("members_add")
        self.add_button.clicked.connect(lambda: self.open_member(None))
        self.add_button.setVisible(False)
        self.dialog: MemberDialog | None = None
        bar = QHBoxLayout()
        for widget in (self.kind, self.region, self.status):
            bar.addWidget(widget)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.count)
        layout.addWidget(self.list, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        for box in (self.kind, self.region, self.status):
            box.retranslate()
        self.search.setPlaceholderText(_("Filter by name"))
        self.search.setAccessibleName(_("Filter members"))
        self.add_button.setText(_("Add &member…"))
        self.list.empty.setText(
            _(
                "No members match. The central office records member countries and organisations "
                "(icati network members add); change the filters to see more."
            )
        )
        self.model.retranslate()
        self._loaded(self.model.total())

    def set_hq(self, is_hq: bool) -> None:
        """Members are HQ records: only HQ adds or changes them."""
        self.add_button.setVisible(is_hq)
        self.is_hq = is_hq

    def open_member(self, row: int | None) -> None:
        """The member dialog: a new member (``None``) or the row's, at HQ only."""
        if not self.is_hq:
            return
        member = None if row is None else self.model.row_at(row)
        if row is not None and member is None:
            return
        self.dialog = MemberDialog(self.services, self.model.names, member, self)
        self.dialog.saved.connect(lambda _id: self.reload())
        self.dialog.open()

    def reload(self) -> None:
        text = self.search.text().strip()
        self.model.set_filter(
            MemberFilter(
                kind=self.kind.code(),
                region=self.region.code(),
                status=self.status.code(),
                text=text,
            )
        )

    def _loaded(self, total: int) -> None:
        self.count.setText(ngettext("{n} member", "{n} members", total).format(n=number(total)))
        self.list.show_rows(total)


class ParticipantsTab(QWidget):
    def __init__(self, services: AppServices, names: CountryNames, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.network_size = 0
        self.model = ParticipantsModel(services, names, self)
        self.model.loaded.connect(self._loaded)
        self.timer = QTimer(self, singleShot=True, interval=250)
        self.timer.timeout.connect(self.reload)
        self.target = QLabel()
        self.target.setObjectName("network_size")
        self.progress = QProgressBar()
        self.progress.setRange(0, NETWORK_TARGET)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.region = ChoiceBox(
            "participants_region", lambda: _translated(REGION_LABELS), N_("All regions")
        )
        self.region.currentIndexChanged.connect(self.reload)
        self.search = _search_box("participants_search", self.timer)
        self.count = QLabel()
        self.list = OneLineList(self.model, "participants")
        self.list.enable_sorting()
        bar = QHBoxLayout()
        bar.addWidget(self.region)
        bar.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.target)
        layout.addWidget(self.progress)
        layout.addLayout(bar)
        layout.addWidget(self.count)
        layout.addWidget(self.list, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.region.retranslate()
        self.search.setPlaceholderText(_("Filter by name"))
        self.search.setAccessibleName(_("Filter participants"))
        self.list.empty.setText(
            _(
                "Nobody here yet. Participants are the people whose consent covers network "
                "mailings: record that consent in Stakeholders (Add person…, consent "
                "\u201cNetwork mailings\u201d)."
            )
        )
        self.model.retranslate()
        self.show_size(self.network_size)
        self._loaded(self.model.total())

    def show_size(self, size: int) -> None:
        self.network_size = size
        self.progress.setValue(min(size, NETWORK_TARGET))
        self.progress.setAccessibleName(_("Network size against the target"))
        self.target.setText(
            _("Email network: {n} participants of the target of {target}").format(
                n=number(size), target=number(NETWORK_TARGET)
            )
        )

    def reload(self) -> None:
        self.model.set_filter(ParticipantFilter(region=self.region.code(), text=self.search.text()))

    def _loaded(self, total: int) -> None:
        self.count.setText(
            ngettext("{n} participant shown", "{n} participants shown", total).format(
                n=number(total)
            )
        )
        self.list.show_rows(total)
