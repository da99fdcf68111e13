"""The last page of the first-run wizard: HQ's central bundle, or the built-in defaults.

Choosing a bundle only opens it and reads HQ's verified card (name, fingerprint) on the
database thread; nothing is imported before Finish, which is offered only once the person
has confirmed that the fingerprint matches.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from icati_desktop.gui.first_run_pages import indented, wrapped
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.settings import LAST_BUNDLE_DIR
from icati_desktop.gui.status import set_status
from icati_desktop.i18n import _, format_datetime, format_number, ngettext
from icati_desktop.store.person_role import PersonRole

if TYPE_CHECKING:
    from icati_desktop.store.store import Store
    from icati_desktop.sync.bootstrap import BootstrapInfo


def _isolated(text: str) -> str:
    """A value inside a sentence, kept in its own direction (Unicode first-strong isolate)."""
    return f"\u2068{text}\u2069"


class StartPage(QWizardPage):
    """Import HQ's central bundle (after comparing its fingerprint) or start from the defaults."""

    def __init__(self, services: AppServices, role: Callable[[], PersonRole]) -> None:
        super().__init__()
        self.services = services
        self.role = role
        self.info: BootstrapInfo | None = None
        self.path: Path | None = None
        self.import_choice, self.default_choice = QRadioButton(), QRadioButton()
        self.group = QButtonGroup(self)
        self.group.addButton(self.import_choice)
        self.group.addButton(self.default_choice)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = wrapped()
        self.error = wrapped(object_name="error")
        set_status(self.error, "error")
        self.hq_box = QFrame()
        self.hq_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.hq_label, self.details, self.hint = wrapped(), wrapped(), wrapped()
        self.fingerprint = QLabel()
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setWeight(QFont.Weight.Bold)
        self.fingerprint.setFont(font)
        self.fingerprint.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.fingerprint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.matches = QCheckBox()
        box = QVBoxLayout(self.hq_box)
        for widget in (self.hq_label, self.details, self.fingerprint, self.hint, self.matches):
            box.addWidget(widget)
        self.import_panel = QWidget()
        panel = QVBoxLayout(self.import_panel)
        panel.setContentsMargins(0, 0, 0, 0)
        chooser = QHBoxLayout()
        chooser.addWidget(self.choose_button)
        chooser.addWidget(self.file_label, 1)
        panel.addLayout(chooser)
        panel.addWidget(self.error)
        panel.addWidget(self.hq_box)
        self.default_note = wrapped(object_name="note")
        layout = QVBoxLayout(self)
        layout.addWidget(self.import_choice)
        layout.addLayout(indented(self.import_panel))
        layout.addSpacing(12)
        layout.addWidget(self.default_choice)
        layout.addLayout(indented(self.default_note))
        layout.addStretch(1)
        self.group.buttonToggled.connect(lambda *_args: self._update())
        self.matches.toggled.connect(lambda _checked: self.completeChanged.emit())
        self._update()

    def initializePage(self) -> None:
        central = self.role() is PersonRole.CENTRAL_OFFICE
        # The central office makes the central bundles: it has no HQ to import one from.
        self.import_choice.setVisible(not central)
        self.import_panel.setVisible(not central)
        if central:
            self.default_choice.setChecked(True)
        elif self.group.checkedButton() is None:
            self.import_choice.setChecked(True)

    def ask_for_bundle(self) -> Path | None:
        """The file chooser (tests replace this method)."""
        from icati_desktop.gui.sync.flows import bundle_filter

        start = LAST_BUNDLE_DIR.get(QSettings()) or str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose HQ's central bundle"), start, bundle_filter()
        )
        return Path(path) if path else None

    def choose_file(self) -> None:
        path = self.ask_for_bundle()
        if path is not None:
            self.load(path)

    def load(self, path: Path) -> None:
        LAST_BUNDLE_DIR.set(QSettings(), str(path.parent))
        self.path, self.info = path, None
        self.matches.setChecked(False)
        self.error.clear()
        self._update()

        def job(store: Store) -> BootstrapInfo:
            from icati_desktop.sync.bootstrap import read_central_card

            return read_central_card(store, path)

        self.services.run(
            job, lambda info: self._loaded(path, info), lambda error: self._refused(path, error)
        )

    def _loaded(self, path: Path, info: BootstrapInfo) -> None:
        if path == self.path:
            self.info = info
            self._update()

    def _refused(self, path: Path, error: BaseException) -> None:
        from icati_desktop.gui.sync.flows import describe_error

        if path == self.path:
            self.error.setText(describe_error(error))
            self._update()

    def _update(self) -> None:
        importing = self.import_choice.isChecked()
        self.import_panel.setEnabled(importing)
        self.file_label.setText(self.path.name if self.path else _("No file chosen yet."))
        self.error.setVisible(bool(self.error.text()))
        self.hq_box.setVisible(self.info is not None)
        if self.info is not None:
            info = self.info
            self.hq_label.setText(
                _("This bundle comes from <b>{name}</b>, HQ's fingerprint:").format(
                    name=_isolated(html.escape(info.hq_name))
                )
            )
            self.details.setText(
                ngettext(
                    "Made {when} · {n} change", "Made {when} · {n} changes", info.versions
                ).format(
                    when=_isolated(format_datetime(info.created_at, "short")),
                    n=_isolated(format_number(info.versions)),
                )
            )
            self.fingerprint.setText(info.fingerprint)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self.default_choice.isChecked():
            return True
        return self.import_choice.isChecked() and self.info is not None and self.matches.isChecked()

    def retranslate_ui(self) -> None:
        self.setTitle(_("Start"))
        self.setSubTitle(_("Get the central office's data, or start with the built-in content."))
        self.import_choice.setText(_("&Import a central bundle from my HQ"))
        self.choose_button.setText(_("C&hoose the bundle file…"))
        self.hint.setText(
            _(
                "Compare this with the fingerprint HQ gives you (by phone or in person). "
                "Continue only if every character is the same."
            )
        )
        self.matches.setText(_("It &matches"))
        self.fingerprint.setAccessibleName(_("HQ's fingerprint"))
        self.default_choice.setText(_("&Start with the built-in default content"))
        self.default_note.setText(
            _(
                "The library, assessment forms and country list shipped with ICATI Desktop. "
                "You can import a bundle from HQ later, in the Sync section."
            )
        )
        self._update()
