"""Attachments open as private copies under their own names, never as the blob itself."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from icati_desktop.store.blobs import BlobMissing
from icati_desktop.store.opened_copies import (
    guess_extension,
    open_copy,
    remove_opened_copies,
    safe_file_name,
)
from icati_desktop.store.opening import open_store


def test_a_copy_has_the_attachment_name_and_content_and_is_cleaned_up(tmp_path: Path) -> None:
    store = open_store(tmp_path / "data")
    try:
        source = tmp_path / "Plan d'action – Kenya.docx"
        with zipfile.ZipFile(source, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
        sha = store.blobs.put_file(source)
        first = open_copy(store, sha, source.name)
        second = open_copy(store, sha, source.name)  # opened twice: two copies, no clash
        for copy in (first, second):
            assert copy.name == "Plan d'action – Kenya.docx"
            assert copy.read_bytes() == source.read_bytes()
            assert copy.is_relative_to(tmp_path / "data" / "opened")
            assert copy.stat().st_mode & 0o222 == 0
        assert first != second
        assert store.blobs.open_path(sha).stat().st_mode & 0o200  # the blob is untouched
        evidence = open_copy(store, sha)  # an evidence file: no name kept, type from content
        assert evidence.name == f"evidence-{sha[:12]}.docx"
        with pytest.raises(BlobMissing, match="not on this device yet"):
            open_copy(store, "0" * 64, "missing.pdf")
    finally:
        store.close()
    remove_opened_copies(tmp_path / "data")
    assert not (tmp_path / "data" / "opened").exists()


@pytest.mark.parametrize(
    ("content", "extension"),
    [
        (b"%PDF-1.7\n...", ".pdf"),
        (b"\x89PNG\r\n\x1a\n....", ".png"),
        (b"\xff\xd8\xff\xe0 jfif", ".jpg"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", ".webp"),
        ("Compte rendu de la réunion\n".encode(), ".txt"),
        (b"\x00\x01\x02binary", ""),
    ],
)
def test_the_extension_of_an_unnamed_attachment_comes_from_its_content(
    content: bytes, extension: str, tmp_path: Path
) -> None:
    path = tmp_path / "blob"
    path.write_bytes(content)
    assert guess_extension(path) == extension


def test_names_that_a_file_system_refuses_are_made_safe() -> None:
    assert safe_file_name("../../etc/passwd", "x") == "passwd"
    assert safe_file_name("C:\\Users\\a\\report?.pdf", "x") == "report_.pdf"
    assert safe_file_name("   ", "fallback.bin") == "fallback.bin"
    long = safe_file_name("a" * 300 + ".xlsx", "x")
    assert long.endswith(".xlsx")
    assert len(long) <= 120
