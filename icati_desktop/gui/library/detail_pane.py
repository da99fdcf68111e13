"""The library's detail pane: the shown resource, its links, attachments and favourite star.

It only shows and signals; the page runs the jobs (favourite, open an attachment, edit).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.library.jobs import (
    ResourceDetail,
)
from icati_desktop.gui.library.vocabulary import (
    language_label,
    level_label,
    topic_label,
    type_label,
)
from icati_desktop.i18n import _, current_language, format_number, ngettext
from icati_desktop.store.search import display_title

BADGE_STYLE = (
    "QLabel { background: #fff4ce; color: #5c4400; border: 1px solid #e0c46c;"
    " border-radius: 9px; padding: 1px 8px; }"
)


def _size(size: int) -> str:
    for unit, step in ((_("{n} MB"), 1024 * 1024), (_("{n} KB"), 1024)):
        if size >= step:
            return unit.format(n=format_number(round(size / step, 1)))
    return ngettext("{n} byte", "{n} bytes", size).format(n=format_number(size))


class DetailPane(QScrollArea):
    """The shown resource: what it is, where it comes from, its links and attachments."""

    favourite_toggled = Signal(str)
    open_attachment = Signal(str)
    """The SHA-256 of the attachment to open."""
    edit_requested = Signal(str)
    history_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        body = QWidget()
        self.setWidget(body)
        self.detail: ResourceDetail | None = None
        self.no_selection_label = QLabel()
        self.no_selection_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_selection_label.setWordWrap(True)
        self.no_selection_label.setStyleSheet("color: palette(placeholder-text);")
        self.title = QLabel()
        self.title.setObjectName("resourceTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badge = QLabel()
        self.badge.setStyleSheet(BADGE_STYLE)
        self.favourite = QToolButton()
        self.favourite.setCheckable(True)
        self.favourite.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.favourite.clicked.connect(self._toggle)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self._edit)
        self.history_button = QPushButton()
        self.history_button.setObjectName("history_button")
        self.history_button.clicked.connect(self._history)
        head = QHBoxLayout()
        head.addWidget(self.badge)
        head.addStretch(1)
        head.addWidget(self.history_button)
        head.addWidget(self.edit_button)
        head.addWidget(self.favourite)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.captions = [QLabel() for _ in range(6)]
        self.values = [QLabel() for _ in range(6)]
        (
            self.type_value,
            self.publisher_value,
            self.year_value,
            self.level_value,
            self.languages_value,
            self.topics_value,
        ) = self.values
        for caption, value in zip(self.captions, self.values, strict=True):
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            caption.setBuddy(value)
            self.form.addRow(caption, value)
        self.summary_caption = QLabel()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source_note = QLabel()
        self.source_note.setWordWrap(True)
        self.links_caption = QLabel()
        self.links = QLabel()
        self.links.setWordWrap(True)
        self.links.setOpenExternalLinks(True)
        self.links.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.attachments_caption = QLabel()
        self.attachments = QListWidget()
        self.attachments.setMaximumHeight(110)
        self.attachments.itemActivated.connect(lambda _item: self._open())
        self.attachments.currentRowChanged.connect(lambda _row: self._enable_open())
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._open)
        self.attachments_caption.setBuddy(self.attachments)
        self.content = QWidget()
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(head)
        layout.addLayout(self.form)
        for widget in (
            self.summary_caption,
            self.summary,
            self.source_note,
            self.links_caption,
            self.links,
            self.attachments_caption,
            self.attachments,
        ):
            layout.addWidget(widget)
        open_row = QHBoxLayout()
        open_row.addStretch(1)
        open_row.addWidget(self.open_button)
        layout.addLayout(open_row)
        layout.addStretch(1)
        outer = QVBoxLayout(body)
        outer.addWidget(self.no_selection_label, 1)
        outer.addWidget(self.content)
        for caption in (self.summary_caption, self.links_caption, self.attachments_caption):
            caption.setStyleSheet("font-weight: bold; margin-top: 6px;")
        self.may_edit = False
        self.show_detail(None)

    def retranslate_ui(self) -> None:
        self.no_selection_label.setText(_("Choose a resource in the list to see its details."))
        for caption, text in zip(
            self.captions,
            (_("Type:"), _("Publisher:"), _("Year:"), _("Level:"), _("Languages:"), _("Topics:")),
            strict=True,
        ):
            caption.setText(text)
        self.summary_caption.setText(_("Summary"))
        self.links_caption.setText(_("Links"))
        self.attachments_caption.setText(_("&Attachments"))
        self.attachments.setAccessibleName(_("Attachments"))
        self.open_button.setText(_("&Open attachment"))
        self.badge.setText(_("Source to confirm"))
        self.badge.setToolTip(_("This entry comes from a secondary source not yet checked."))
        self.edit_button.setText(_("&Edit…"))
        self.history_button.setText(_("Histor&y…"))
        self.history_button.setToolTip(_("Every version of this resource, and what each changed"))
        self.setAccessibleName(_("Resource details"))
        self.show_detail(self.detail)

    def show_detail(self, detail: ResourceDetail | None) -> None:
        self.detail = detail
        self.no_selection_label.setVisible(detail is None)
        self.content.setVisible(detail is not None)
        if detail is None:
            return
        language = current_language()
        resource = detail.resource
        self.title.setText(
            f"<h2 style='margin:0'>{html.escape(display_title(resource.title, language))}</h2>"
        )
        self.badge.setVisible(resource.source_to_confirm)
        self.edit_button.setVisible(self.may_edit)
        self._show_favourite(detail.favourite)
        dash = "—"
        self.type_value.setText(type_label(resource.resource_type.value))
        self.publisher_value.setText(resource.publisher or dash)
        self.year_value.setText(str(resource.year) if resource.year else dash)
        level = None if resource.level is None else resource.level.value
        self.level_value.setText(level_label(level) or dash)
        self.languages_value.setText(
            ", ".join(language_label(code) for code in resource.languages) or dash
        )
        self.topics_value.setText(", ".join(topic_label(t) for t in resource.topics) or dash)
        summary = display_title(resource.summary, language)
        self.summary_caption.setVisible(bool(summary))
        self.summary.setVisible(bool(summary))
        self.summary.setText(summary)
        self.source_note.setVisible(bool(resource.source_note))
        note = _("Source note: {note}").format(note=resource.source_note or "")
        self.source_note.setText(f"<i>{html.escape(note)}</i>")
        links = [
            f"<a href='{html.escape(link.url, quote=True)}'>"
            f"{html.escape(link.label or link.url)}</a>"
            for link in resource.links
        ]
        self.links_caption.setVisible(bool(links))
        self.links.setVisible(bool(links))
        self.links.setText("<br>".join(links))
        self.attachments.clear()
        for attachment in resource.attachments:
            item = QListWidgetItem(f"{attachment.filename}  ({_size(attachment.size)})")
            item.setData(Qt.ItemDataRole.UserRole, attachment.sha256)
            item.setToolTip(attachment.media_type)
            self.attachments.addItem(item)
        has_files = bool(resource.attachments)
        for widget in (self.attachments_caption, self.attachments, self.open_button):
            widget.setVisible(has_files)
        if has_files:
            self.attachments.setCurrentRow(0)
        self._enable_open()

    def _show_favourite(self, favourite: bool) -> None:
        self.favourite.setChecked(favourite)
        self.favourite.setText(
            "★ " + _("Favourite") if favourite else "☆ " + _("Add to favourites")
        )
        self.favourite.setAccessibleName(
            _("Remove from favourites") if favourite else _("Add to favourites")
        )

    def set_favourite(self, record_id: str, favourite: bool) -> None:
        if self.detail is not None and self.detail.record_id == record_id:
            self.detail = self.detail.model_copy(update={"favourite": favourite})
            self._show_favourite(favourite)

    def _enable_open(self) -> None:
        self.open_button.setEnabled(self.attachments.currentItem() is not None)

    def _toggle(self) -> None:
        if self.detail is not None:
            self._show_favourite(self.detail.favourite)  # until the store answers
            self.favourite_toggled.emit(self.detail.record_id)

    def _open(self) -> None:
        item = self.attachments.currentItem()
        if item is not None:
            self.open_attachment.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def _history(self) -> None:
        if self.detail is not None:
            self.history_requested.emit(self.detail.record_id)

    def _edit(self) -> None:
        if self.detail is not None:
            self.edit_requested.emit(self.detail.record_id)
