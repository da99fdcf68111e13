"""Attachments handed to the system's viewer as private copies under their own names.

The blob store names files by their SHA-256 with no extension, so a viewer would not know
what to open them with, and a person saving from it would write into the store. An
attachment is therefore opened as a copy, read-only, named as the person attached it
(or, for evidence whose name was not kept, ``evidence-<hash>`` with an extension guessed
from its first bytes), in a folder of its own under ``opened/`` in the data directory
(0700). The copies are removed when the app quits and at the next start.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import unicodedata
import zipfile
from pathlib import Path

from icati_desktop.store.private_files import make_private_dir
from icati_desktop.store.store import Store

log = logging.getLogger(__name__)

OPENED_DIR = "opened"
MAX_NAME_CHARS = 120
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF87a", ".gif"),
    (b"GIF89a", ".gif"),
    (b"II*\x00", ".tif"),
    (b"MM\x00*", ".tif"),
    (b"{\\rtf", ".rtf"),
)
_OFFICE_FOLDERS = (("word/", ".docx"), ("xl/", ".xlsx"), ("ppt/", ".pptx"))
_OPEN_DOCUMENT = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}


def safe_file_name(name: str, fallback: str) -> str:
    """``name`` without folders or characters a file system refuses; ``fallback`` if empty."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = _UNSAFE.sub("_", name).strip(" .")
    if not name:
        return fallback
    if len(name) > MAX_NAME_CHARS:
        _stem, dot, ext = name.rpartition(".")
        keep = ext if dot and len(ext) <= 10 else ""
        name = name[: MAX_NAME_CHARS - len(keep) - 1].rstrip(" .") + ("." + keep if keep else "")
    return name


def guess_extension(path: Path) -> str:
    """The usual extension of the file's format, from its content ("" if unknown)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    for signature, extension in _SIGNATURES:
        if head.startswith(signature):
            return extension
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    if head.startswith(b"PK\x03\x04"):
        return _zip_extension(path)
    if head and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at 4096 bytes
                return ""
        return ".txt"
    return ""


def _zip_extension(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                kind = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                return _OPEN_DOCUMENT.get(kind, ".zip")
    except (zipfile.BadZipFile, OSError, KeyError):
        return ".zip"
    for folder, extension in _OFFICE_FOLDERS:
        if any(name.startswith(folder) for name in names):
            return extension
    return ".zip"


def open_copy(store: Store, sha256: str, file_name: str | None = None) -> Path:
    """A private, read-only copy of an attachment, named for people and their viewers.

    Raises :class:`~icati_desktop.store.blobs.BlobMissing` if the device lacks the file.
    """
    source = store.blobs.open_path(sha256)
    if file_name is None:
        file_name = f"evidence-{sha256[:12]}{guess_extension(source)}"
    root = store.data_dir / OPENED_DIR
    make_private_dir(root)
    folder = Path(tempfile.mkdtemp(dir=root))
    target = folder / safe_file_name(file_name, f"attachment-{sha256[:12]}")
    shutil.copyfile(source, target)
    target.chmod(0o400)
    return target


def remove_opened_copies(data_dir: Path) -> None:
    """Delete every copy made for a viewer (at quit, and what a crash left at start)."""
    root = data_dir / OPENED_DIR
    if not root.is_dir():
        return

    def make_writable_and_retry(function: object, path: str, _exc: object) -> None:
        Path(path).parent.chmod(0o700)
        Path(path).chmod(0o600)
        Path(path).unlink(missing_ok=True)

    shutil.rmtree(root, onerror=make_writable_and_retry)
    if root.exists():
        log.warning("could not remove every opened attachment copy in %s", root)
