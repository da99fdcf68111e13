"""Help inside the app, offline: the user guide at the section of the screen shown (F1),
its links, pictures and find; the guide in the UI language where it is translated; the
keyboard shortcuts; a problem report for email."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from icati_desktop import __version__, logs, paths
from icati_desktop.gui.help.actions import help_anchor_of
from icati_desktop.gui.help.guide_document import heading_slug, load_markdown
from icati_desktop.gui.help.guide_window import GuideWindow
from icati_desktop.gui.language import apply_language
from icati_desktop.gui.main_window import MainWindow
from icati_desktop.gui.services import AppServices
from icati_desktop.store.store import Store
from tests.gui.test_main_window import open_window

ServicesFactory = Callable[[Callable[[], Store]], AppServices]


def guide_anchors() -> set[str]:
    return {h.anchor for h in load_markdown(QTextDocument(), paths.docs_dir() / "user-guide.md")}


def open_guide(qtbot: QtBot, language: str = "en", anchor: str = "") -> GuideWindow:
    guide = GuideWindow()
    qtbot.addWidget(guide)
    guide.open_guide(language, anchor)
    qtbot.waitExposed(guide)
    return guide


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("1. Getting started", "1-getting-started"),
        ("5. Without the window: the icati command", "5-without-the-window-the-icati-command"),
        (
            'A bundle "made in the future" (clock quarantine)',
            "a-bundle-made-in-the-future-clock-quarantine",
        ),
        ("ICATI Desktop — user guide", "icati-desktop--user-guide"),
        ("Évaluer un pays", "évaluer-un-pays"),
    ],
)
def test_headings_get_the_anchors_github_gives_them(heading: str, slug: str) -> None:
    assert heading_slug(heading) == slug


def test_every_link_inside_the_guide_reaches_a_heading(qapp: QApplication) -> None:
    text = (paths.docs_dir() / "user-guide.md").read_text(encoding="utf-8")
    anchors = guide_anchors()
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert links
    assert [link for link in links if link not in anchors] == []


def test_f1_opens_the_guide_at_the_section_of_the_screen_shown(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    window = open_window(qtbot, make_services, tmp_path / "data")
    window.show()
    qtbot.waitExposed(window)
    anchors = guide_anchors()
    pages = [window.page(i) for i in range(len(window.sections))] + [window.results_view]
    for page in pages:
        assert help_anchor_of(page) in anchors, type(page).__name__
    for page, anchor in (
        (window.library_page, "the-library"),
        (window.atlas_page, "the-ati-atlas"),
        (window.conflicts_page, "resolve-conflicts"),
    ):
        window.show_page(page)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        qtbot.keyClick(window.navigation, Qt.Key.Key_F1)
        guide = window.help.guide
        assert guide is not None
        assert guide.isVisible()
        qtbot.waitUntil(lambda g=guide, a=anchor: g.current_anchor() == a, timeout=5_000)
    window.show_page(window.assessments)
    window.assessments.setCurrentWidget(window.results_view)
    window.help.guide_action.trigger()
    qtbot.waitUntil(lambda: guide.current_anchor() == "reading-the-results", timeout=5_000)


def test_links_scroll_open_other_documents_and_back_returns(qtbot: QtBot) -> None:
    guide = open_guide(qtbot, anchor="the-library")
    qtbot.waitUntil(lambda: guide.current_anchor() == "the-library", timeout=5_000)
    guide.follow_link(QUrl("#3-syncing-with-hq"))
    qtbot.waitUntil(lambda: guide.current_anchor() == "3-syncing-with-hq", timeout=5_000)
    guide.follow_link(QUrl("forms.md"))
    assert guide.file is not None
    assert guide.file.name == "forms.md"
    guide.back_action.trigger()
    assert guide.file.name == "user-guide.md"
    assert guide.current_anchor() == "3-syncing-with-hq"
    guide.back_action.trigger()
    assert guide.current_anchor() == "the-library"
    assert not guide.back_action.isEnabled()
    guide.follow_link(QUrl("../README.md#install-on-a-field-laptop"))
    assert guide.file.name == "README.md"
    qtbot.waitUntil(lambda: guide.current_anchor() == "install-on-a-field-laptop", timeout=5_000)
    guide.back_action.trigger()
    guide.follow_link(QUrl("missing-chapter.md"))
    assert "missing-chapter.md" in guide.statusBar().currentMessage()
    assert guide.file.name == "user-guide.md"


def test_the_screenshots_are_shown_and_fit_the_window(qtbot: QtBot) -> None:
    guide = open_guide(qtbot)
    guide.resize(900, 700)
    guide.fit_images()
    document = guide.browser.document()
    images = []
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            char_format = fragments.fragment().charFormat()
            if char_format.isImageFormat():
                images.append(char_format.toImageFormat())
            fragments += 1
        block = block.next()
    assert len(images) >= 5
    for image in images:
        loaded = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(image.name()))
        assert not loaded.isNull(), image.name()  # found offline, beside the guide
        assert 0 < image.width() <= guide.browser.viewport().width()


def test_pictures_in_lists_and_long_commands_fit_the_page(qtbot: QtBot) -> None:
    guide = open_guide(qtbot)
    guide.resize(700, 600)
    guide.show()
    qtbot.waitExposed(guide)
    guide.fit_images()
    qtbot.waitUntil(lambda: guide.browser.horizontalScrollBar().maximum() == 0, timeout=5_000)
    assert "icati central forget --db postgresql://" in guide.browser.toPlainText()


def test_find_in_the_guide_folds_like_search_and_steps_through_matches(qtbot: QtBot) -> None:
    guide = open_guide(qtbot)
    qtbot.keyClicks(guide.find_field, "FINGERPR")
    count = len(guide.matches)
    assert count > 3
    assert guide.match_label.text().endswith(f"of {count} matches")
    first = guide.current_match
    selected = guide.browser.textCursor().selectedText()
    assert selected.lower().startswith("fingerprint")
    guide.find_next()
    assert guide.current_match == (first + 1) % count
    guide.find_previous()
    assert guide.current_match == first
    guide.find_field.setText("first-run wizard")
    assert guide.matches
    assert guide.browser.textCursor().selectedText().lower() == "first-run wizard"
    guide.find_field.setText("zzzqqq")
    assert guide.matches == []
    assert guide.match_label.text() == "Not found"


def test_the_guide_is_shown_in_the_ui_language_where_it_is_translated(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(paths.docs_dir(), docs)
    (docs / "user-guide.fr.md").write_text(
        "# Guide de l’utilisateur\n\n## La bibliothèque\n\nChercher une ressource.\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(paths, "docs_dir", lambda: docs)
    try:
        apply_language(qapp, "fr")
        guide = open_guide(qtbot, "fr", "la-bibliothèque")
        assert guide.file == docs / "user-guide.fr.md"
        assert guide.browser.textCursor().block().text() == "La bibliothèque"
        assert guide.banner.isHidden()
        apply_language(qapp, "ar")
        guide.open_guide("ar", "the-library")
        assert guide.file == docs / "user-guide.md"
        assert not guide.banner.isHidden()
        assert "العربية" in guide.banner.text()
        assert guide.browser.layoutDirection() == Qt.LayoutDirection.LeftToRight  # English text
        assert guide.contents.layoutDirection() == Qt.LayoutDirection.LeftToRight
        assert guide.banner.layoutDirection() == Qt.LayoutDirection.RightToLeft  # Arabic text
    finally:
        apply_language(qapp, "en")


def test_keyboard_shortcuts_lists_what_the_keys_do(
    qtbot: QtBot, make_services: ServicesFactory, tmp_path: Path
) -> None:
    window = open_window(qtbot, make_services, tmp_path / "data")
    dialog = window.help.show_shortcuts()
    qtbot.addWidget(dialog)
    rows = dict(dialog.rows())
    assert rows["User guide"] == "F1"
    assert rows["Search everything"] == "Ctrl+F"
    assert rows["Go to Library"] == "Ctrl+2"
    assert rows["Import a bundle"] == "Ctrl+I"
    assert rows["Export a bundle"] == "Ctrl+E"


def test_report_a_problem_copies_versions_and_the_log_path(
    qtbot: QtBot,
    make_services: ServicesFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log_file = tmp_path / "data" / "logs" / "icati.log"
    monkeypatch.setattr("icati_desktop.gui.help.actions.current_log_file", lambda: log_file)
    window: MainWindow = open_window(qtbot, make_services, tmp_path / "data")
    dialog = window.help.report_problem()
    qtbot.addWidget(dialog)
    copied = QApplication.clipboard().text()
    assert copied == dialog.report()
    assert f"ICATI Desktop {__version__}" in copied
    assert f"Log file: {log_file}" in copied
    assert "Python 3." in copied
    assert "Qt 6." in copied
    email = dialog.email_url().toString()
    assert email.startswith("mailto:?subject=")
    assert str(log_file) in unquote(email)
    assert logs.current_log_file() is None or logs.current_log_file() != log_file
