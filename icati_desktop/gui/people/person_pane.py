"""One person as the Stakeholders section shows them: who they are, their consent, and
their contact details only while consent covers them; the actions on them."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from icati_desktop.gui.people.vocabulary import (
    METHOD_LABELS,
    SCOPE_LABELS,
    country_label,
    day_text,
    label,
    sector_label,
    stages_text,
)
from icati_desktop.i18n import _
from icati_desktop.store.people import ConsentView, PersonDetail


def consent_line(view: ConsentView) -> str:
    c = view.consent
    scope = label(SCOPE_LABELS, c.scope.value)
    how = label(METHOD_LABELS, c.method.value)
    if not c.given:
        text = _("{scope}: refused on {day} · {how}")
    elif c.withdrawn_on is not None:
        text = _("{scope}: given on {day} · {how} · withdrawn on {withdrawn}")
    else:
        text = _("{scope}: given on {day} · {how}")
    line = text.format(
        scope=scope,
        day=day_text(c.decided_on),
        how=how,
        withdrawn=day_text(c.withdrawn_on) if c.withdrawn_on else "",
    )
    notice = _("privacy notice {version}, recorded by {who}").format(
        version=c.notice_version, who=c.recorded_by
    )
    return f"{line} — {notice}"


class PersonPane(QWidget):
    edit_requested = Signal()
    withdraw_requested = Signal()
    dossier_requested = Signal()
    erase_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.alpha2_of: dict[str, str] = {}
        self.detail: PersonDetail | None = None
        self.title = QLabel()
        self.title.setObjectName("person_title")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.consent = QLabel()
        self.consent.setWordWrap(True)
        self.contact = QLabel()
        self.contact.setObjectName("person_contact")
        self.contact.setWordWrap(True)
        self.contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_button = QPushButton()
        self.withdraw_button = QPushButton()
        self.dossier_button = QPushButton()
        self.erase_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_requested)
        self.withdraw_button.clicked.connect(self.withdraw_requested)
        self.dossier_button.clicked.connect(self.dossier_requested)
        self.erase_button.clicked.connect(self.erase_requested)
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.withdraw_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        more = QHBoxLayout()
        for button in (self.dossier_button, self.erase_button):
            more.addWidget(button)
        more.addStretch(1)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.facts, self.consent, self.contact):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addLayout(more)
        layout.addStretch(1)
        self.retranslate_ui()
        self.show_detail(None)

    def retranslate_ui(self) -> None:
        self.edit_button.setText(_("&Edit…"))
        self.withdraw_button.setText(_("&Withdraw consent…"))
        self.dossier_button.setText(_("Export everything about this person…"))
        self.erase_button.setText(_("Erase this person…"))
        self.show_detail(self.detail)

    def show_detail(self, detail: PersonDetail | None) -> None:
        self.detail = detail
        for button in (
            self.edit_button,
            self.withdraw_button,
            self.dossier_button,
            self.erase_button,
        ):
            button.setEnabled(detail is not None)
        if detail is None:
            self.title.setText(_("Choose a person in the list to see their details."))
            for widget in (self.facts, self.consent, self.contact):
                widget.clear()
            return
        person = detail.person
        self.title.setText(f"<h3>{html.escape(person.display_name)}</h3>")
        facts = [
            ", ".join(filter(None, [person.role, detail.organisation])),
            " · ".join(
                filter(
                    None,
                    [
                        sector_label(person.sector.value if person.sector else None),
                        country_label(person.country, self.alpha2_of),
                    ],
                )
            ),
        ]
        if person.stages:
            facts.append(
                _("Justice continuum: {stages}").format(
                    stages=stages_text([s.value for s in person.stages])
                )
            )
        facts.append(
            _("Can decide (not only advise)")
            if person.decision_authority
            else _("Advises; does not decide")
        )
        self.facts.setText("<br>".join(html.escape(f) for f in facts if f))
        lines = [consent_line(v) for v in detail.consents] or [_("No consent recorded.")]
        self.consent.setText(
            "<b>" + html.escape(_("Consent")) + "</b><br>" + "<br>".join(map(html.escape, lines))
        )
        if detail.contact is not None:
            values = [*detail.contact.emails, *detail.contact.phones]
            self.contact.setText(
                "<b>"
                + html.escape(_("Contact details"))
                + "</b><br>"
                + "<br>".join(map(html.escape, values))
            )
        else:
            self.contact.setText(
                html.escape(_("Contact details are not shown: no consent covers them."))
            )
        open_consent = any(v.consent.given and not v.consent.withdrawn_on for v in detail.consents)
        self.withdraw_button.setEnabled(open_consent or detail.contact is not None)
