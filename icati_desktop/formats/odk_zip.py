"""The CSV tables inside an ODK Central "CSV export" zip, read without trusting the zip.

ODK Central exports a form with repeat groups as a zip: the main table ``<FormID>.csv``
and one ``<FormID>-<repeat name>.csv`` per repeat group (media attachments may come
too; they are skipped). The zip comes from elsewhere, so before any member is read the
whole directory is checked: at most :data:`MAX_MEMBERS` members, no absolute or ``..``
names, no encrypted member, none over :data:`MAX_BYTES` when decompressed, and no two
members whose data overlap (Python 3.11's zipfile lacks the CVE-2024-0450 check: a zip
whose entries share their bytes expands far beyond its size). Members are then read
through ``zipfile``'s stream with a size cap, never extracted to disk. The sync layer
has its own stricter archive checks; formats may not import sync, hence these few lines.
"""

from __future__ import annotations

import re
import struct
import zlib
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO
from zipfile import BadZipFile, ZipFile, ZipInfo

from icati_desktop.formats.submission_files import MAX_BYTES, SubmissionFileError, read_bytes
from icati_desktop.i18n import _

MAX_MEMBERS = 200
"""A form's export has its main table, one table per repeat group and its media."""
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_MAGIC = b"PK\x03\x04"
_ENCRYPTED = 0x1
_DRIVE = re.compile(r"^[A-Za-z]:")


def _unsafe(path: Path, info: ZipInfo, why: str) -> SubmissionFileError:
    return SubmissionFileError(
        _(
            "{name}: the zip entry {member!r} {why}; give the ODK Central export as it "
            "was downloaded"
        ).format(name=path.name, member=info.orig_filename, why=why)
    )


def _check_entry(path: Path, info: ZipInfo) -> None:
    name = info.orig_filename
    parts = re.split(r"[/\\]", name)
    if ".." in parts or name.startswith(("/", "\\")) or _DRIVE.match(name):
        raise _unsafe(path, info, _("points outside the export"))
    if info.flag_bits & _ENCRYPTED:
        raise _unsafe(path, info, _("is encrypted"))
    if info.file_size > MAX_BYTES:
        raise _unsafe(path, info, _("is too large"))


def _check_ranges(path: Path, handle: BinaryIO, infos: list[ZipInfo], start_dir: int) -> None:
    """Each member's bytes (local header to the end of its data) lie in the data area and
    overlap no other member's."""
    ranges: list[tuple[int, int, ZipInfo]] = []
    for info in infos:
        start = info.header_offset
        header = b""
        if 0 <= start < start_dir:
            handle.seek(start)
            header = handle.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size or not header.startswith(_LOCAL_MAGIC):
            raise _unsafe(path, info, _("overlaps another entry or is damaged"))
        name_length, extra_length = _LOCAL_HEADER.unpack(header)[10:12]
        end = start + _LOCAL_HEADER.size + name_length + extra_length + info.compress_size
        if end > start_dir:
            raise _unsafe(path, info, _("overlaps another entry or is damaged"))
        ranges.append((start, end, info))
    ranges.sort(key=lambda r: (r[0], r[1]))
    for (_start, end, _first), (start, _end, second) in pairwise(ranges):
        if start < end:
            raise _unsafe(path, second, _("overlaps another entry or is damaged"))


def _read_member(path: Path, archive: ZipFile, info: ZipInfo) -> bytes:
    try:
        with archive.open(info) as member:
            data = member.read(MAX_BYTES + 1)
    except (BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError):
        raise _unsafe(path, info, _("overlaps another entry or is damaged")) from None
    if len(data) > MAX_BYTES:
        raise _unsafe(path, info, _("is too large"))
    return data


def csv_members(path: Path) -> dict[str, bytes]:
    """The bytes of every ``.csv`` member of the zip at ``path``, by member name, once the
    whole zip passed the checks above."""
    read_bytes(path)  # the size limit of any submissions file
    not_zip = SubmissionFileError(
        _("{name} is not a readable zip; give the ODK Central export as it was downloaded").format(
            name=path.name
        )
    )
    with path.open("rb") as handle:
        try:
            archive = ZipFile(handle)
        except (BadZipFile, EOFError, OSError, ValueError, struct.error, NotImplementedError):
            raise not_zip from None
        with archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise SubmissionFileError(
                    _("{name}: the zip has {count} files, more than {limit}").format(
                        name=path.name, count=len(infos), limit=MAX_MEMBERS
                    )
                )
            for info in infos:
                _check_entry(path, info)
            _check_ranges(path, handle, infos, int(getattr(archive, "start_dir", 0)))
            return {
                info.orig_filename: _read_member(path, archive, info)
                for info in infos
                if info.orig_filename.lower().endswith(".csv") and not info.is_dir()
            }
