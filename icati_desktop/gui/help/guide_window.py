"""Help > User guide: the guide rendered in the app, offline, in the UI language where a
translation exists; contents, links, Back, and finding words in it."""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from PySide6.QtCore import QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QDesktopServices,
    QKeySequence,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from icati_desktop.gui.help.guide_document import (
    Heading,
    find_matches,
    fit_images,
    guide_file,
    load_markdown,
)
from icati_desktop.gui.settings import load_geometry, save_geometry
from icati_desktop.i18n import _, format_number, is_rtl, ngettext

ANCHOR_ROLE = Qt.ItemDataRole.UserRole + 1
WEB_SCHEMES = frozenset({"http", "https", "mailto"})
ALL_MATCHES = QColor("#fff3a0")
CURRENT_MATCH = QColor("#ffb347")


class GuideWindow(QMainWindow):
    """One window, reused: ``open_guide(language, anchor)`` shows it at a section."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("guide_window")
        self.settings = QSettings()
        self.language = ""
        self.file: Path | None = None
        self.headings: list[Heading] = []
        self.history: list[tuple[Path, int]] = []
        self.matches: list[tuple[int, int]] = []
        self.current_match = -1
        self._pinned: tuple[str, int] | None = None
        """The heading last scrolled to, and the scroll value then: kept at the top while
        the layout settles (window shown, resized, pictures fitted) unless one scrolls."""
        self.browser = QTextBrowser()
        self.browser.setObjectName("guide_text")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self.follow_link)
        self.browser.document().setDocumentMargin(16)
        # Long paths and commands break anywhere rather than widen the page.
        self.browser.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.contents = QTreeWidget()
        self.contents.setHeaderHidden(True)
        self.contents.itemActivated.connect(self._heading_chosen)
        self.contents.itemClicked.connect(self._heading_chosen)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setObjectName("guide_banner")
        self.banner.setContentsMargins(8, 4, 8, 4)
        self.banner.hide()
        self.splitter = QSplitter()
        self.splitter.setObjectName("guide_splitter")
        self.splitter.addWidget(self.contents)
        self.splitter.addWidget(self.browser)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 740])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self._build_toolbar()
        self.fit_timer = QTimer(self)
        self.fit_timer.setSingleShot(True)
        self.fit_timer.setInterval(120)
        self.fit_timer.timeout.connect(self.fit_images)
        geometry = load_geometry(self.settings, "guide_window")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1000, 720)
        self.retranslate_ui()

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("guide_toolbar")
        self.toolbar.setMovable(False)
        self.back_action = QAction(self)
        self.back_action.setShortcut(QKeySequence.StandardKey.Back)
        self.back_action.triggered.connect(self.go_back)
        self.back_action.setEnabled(False)
        self.find_field = QLineEdit()
        self.find_field.setObjectName("guide_find")
        self.find_field.setClearButtonEnabled(True)
        self.find_field.setMaximumWidth(320)
        self.find_field.textChanged.connect(self.find_text)
        self.find_field.returnPressed.connect(self.find_next)
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._focus_find)
        self.next_action = QAction(self)
        self.next_action.setShortcut(QKeySequence.StandardKey.FindNext)
        self.next_action.triggered.connect(self.find_next)
        self.previous_action = QAction(self)
        self.previous_action.setShortcut(QKeySequence.StandardKey.FindPrevious)
        self.previous_action.triggered.connect(self.find_previous)
        self.match_label = QLabel()
        self.match_label.setContentsMargins(8, 0, 8, 0)
        self.toolbar.addAction(self.back_action)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.find_field)
        self.toolbar.addAction(self.previous_action)
        self.toolbar.addAction(self.next_action)
        self.toolbar.addWidget(self.match_label)
        self.addAction(self.find_action)
        self.addToolBar(self.toolbar)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("ICATI Desktop: user guide"))
        self.back_action.setText(_("Back"))
        self.find_field.setPlaceholderText(_("Find in the guide (Ctrl+F)"))
        self.find_field.setAccessibleName(_("Find in the guide"))
        self.next_action.setText(_("Next match"))
        self.previous_action.setText(_("Previous match"))
        self.contents.setAccessibleName(_("Contents of the guide"))
        self.browser.setAccessibleName(_("User guide"))
        self.toolbar.setWindowTitle(_("Guide tools"))
        self._show_match_count()
        self._show_banner()

    # --- which guide, which section -----------------------------------------------------

    def open_guide(self, language: str, anchor: str = "") -> None:
        """Show the guide in ``language`` (English if not translated) at ``anchor``."""
        self.show()
        self.raise_()
        self.activateWindow()
        path, guide_language = guide_file(language)
        if path != self.file:
            self.history.clear()
            self.back_action.setEnabled(False)
            self.load(path, guide_language)
        self.language = language
        self._show_banner()
        self.show_anchor(anchor)

    def load(self, path: Path, text_language: str = "en") -> None:
        self.file = path
        direction = (
            Qt.LayoutDirection.RightToLeft
            if is_rtl(text_language)
            else Qt.LayoutDirection.LeftToRight
        )
        self.browser.setLayoutDirection(direction)
        self.contents.setLayoutDirection(direction)  # its headings are the guide's
        self.headings = load_markdown(self.browser.document(), path)
        self._fill_contents()
        self.fit_images()
        self.find_text(self.find_field.text())

    def _fill_contents(self) -> None:
        self.contents.clear()
        parents: dict[int, QTreeWidgetItem] = {}
        for heading in self.headings:
            if heading.level == 1 or heading.level > 3:
                continue
            parent = parents.get(heading.level - 1)
            item = QTreeWidgetItem([heading.text])
            item.setData(0, ANCHOR_ROLE, heading.anchor)
            if heading.level == 2 or parent is None:
                self.contents.addTopLevelItem(item)
            else:
                parent.addChild(item)
            parents[heading.level] = item
        self.contents.expandToDepth(0)

    def _show_banner(self) -> None:
        translated = self.file is not None and self.file.name != "user-guide.md"
        if not self.language or self.language == "en" or translated:
            self.banner.hide()
            return
        name = Locale.parse(self.language).get_display_name(self.language) or self.language
        self.banner.setText(
            _(
                "The user guide is not translated into {language} yet: here it is in English."
            ).format(language=name)
        )
        self.banner.show()

    def show_anchor(self, anchor: str) -> bool:
        """Scroll so the heading ``anchor`` is at the top; False (and the top) if unknown."""
        heading = next((h for h in self.headings if h.anchor == anchor), None)
        position = heading.position if heading is not None else 0
        document = self.browser.document()
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        self.browser.setTextCursor(cursor)
        top = document.documentLayout().blockBoundingRect(document.findBlock(position)).top()
        self.browser.verticalScrollBar().setValue(int(top))
        self._pinned = (anchor, self.browser.verticalScrollBar().value())
        QTimer.singleShot(0, self._keep_pinned)
        return heading is not None

    def _keep_pinned(self) -> None:
        pinned = self._pinned
        if pinned and self.browser.verticalScrollBar().value() == pinned[1] and self._moved():
            self.show_anchor(pinned[0])

    def _moved(self) -> bool:
        """Whether the pinned heading is no longer where the view's top is."""
        if not self._pinned:
            return False
        heading = next((h for h in self.headings if h.anchor == self._pinned[0]), None)
        document = self.browser.document()
        position = heading.position if heading is not None else 0
        top = document.documentLayout().blockBoundingRect(document.findBlock(position)).top()
        return abs(self.browser.verticalScrollBar().value() - int(top)) > 1

    def current_anchor(self) -> str:
        """The heading at the top of the view (for tests and for Back)."""
        top = self.browser.cursorForPosition(self.browser.viewport().rect().topLeft()).position()
        above = [h for h in self.headings if h.position <= top + 1]
        return above[-1].anchor if above else ""

    def _heading_chosen(self, item: QTreeWidgetItem) -> None:
        self._remember()
        self.show_anchor(str(item.data(0, ANCHOR_ROLE)))

    # --- links and Back -------------------------------------------------------------------

    def follow_link(self, url: QUrl) -> None:
        """Anchors scroll, other Markdown documents of the guide open here, web links and
        other local files open outside; a document not shipped with the app is named."""
        if url.scheme() in WEB_SCHEMES:
            QDesktopServices.openUrl(url)
            return
        assert self.file is not None
        if not url.path():
            self._remember()
            self.show_anchor(url.fragment())
            return
        target = Path(url.toLocalFile()) if url.isLocalFile() else self.file.parent / url.path()
        target = target.resolve()
        if target == self.file.resolve():
            self._remember()
            self.show_anchor(url.fragment())
        elif target.suffix == ".md" and target.is_file():
            self._remember()
            self.load(target)
            self.show_anchor(url.fragment())
        elif target.is_file():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
        else:
            self.statusBar().showMessage(
                _("“{name}” is not part of the guide installed with the app.").format(
                    name=url.path()
                ),
                8000,
            )

    def _remember(self) -> None:
        if self.file is not None:
            self.history.append((self.file, self.browser.verticalScrollBar().value()))
            self.back_action.setEnabled(True)

    def go_back(self) -> None:
        if not self.history:
            return
        path, scrolled = self.history.pop()
        self._pinned = None
        if path != self.file:
            self.load(path, self.language if path.name.startswith("user-guide.") else "en")
        self.browser.verticalScrollBar().setValue(scrolled)
        self.back_action.setEnabled(bool(self.history))

    # --- pictures ------------------------------------------------------------------------

    def fit_images(self) -> None:
        margin = 2 * self.browser.document().documentMargin() + 8
        fit_images(self.browser.document(), self.browser.viewport().width() - margin)
        self._keep_pinned()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_timer.start()

    # --- find ----------------------------------------------------------------------------

    def _focus_find(self) -> None:
        self.find_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_field.selectAll()

    def find_text(self, text: str) -> None:
        """Mark every match of ``text`` and go to the first one after the view's top."""
        self.matches = find_matches(self.browser.document(), text)
        self.current_match = -1
        if self.matches:
            top = self.browser.cursorForPosition(
                self.browser.viewport().rect().topLeft()
            ).position()
            following = [i for i, (start, _end) in enumerate(self.matches) if start >= top]
            self._go_to_match(following[0] if following else 0)
        else:
            self._mark()
        self._show_match_count()

    def find_next(self) -> None:
        if self.matches:
            self._go_to_match((self.current_match + 1) % len(self.matches))

    def find_previous(self) -> None:
        if self.matches:
            self._go_to_match((self.current_match - 1) % len(self.matches))

    def _go_to_match(self, index: int) -> None:
        self._pinned = None
        self.current_match = index
        start, end = self.matches[index]
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.browser.setTextCursor(cursor)
        self.browser.ensureCursorVisible()
        offset = self.browser.cursorRect().top() - self.browser.viewport().height() // 3
        bar = self.browser.verticalScrollBar()
        bar.setValue(bar.value() + offset)  # a third of the way down, with what leads to it
        self._mark()
        self._show_match_count()

    def _mark(self) -> None:
        selections = []
        for index, (start, end) in enumerate(self.matches):
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.browser.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            char_format = QTextCharFormat()
            char_format.setBackground(CURRENT_MATCH if index == self.current_match else ALL_MATCHES)
            selection.format = char_format
            selections.append(selection)
        self.browser.setExtraSelections(selections)

    def _show_match_count(self) -> None:
        if not self.find_field.text().strip():
            self.match_label.setText("")
        elif not self.matches:
            self.match_label.setText(_("Not found"))
        else:
            self.match_label.setText(
                ngettext(
                    "{current} of {n} match", "{current} of {n} matches", len(self.matches)
                ).format(
                    current=format_number(self.current_match + 1),
                    n=format_number(len(self.matches)),
                )
            )

    def closeEvent(self, event: QCloseEvent) -> None:
        save_geometry(self.settings, "guide_window", self.saveGeometry())
        super().closeEvent(event)
