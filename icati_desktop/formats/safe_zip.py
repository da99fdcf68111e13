"""Zip files from elsewhere (an ODK Central export, an ``.xlsx`` workbook), opened without
trusting them.

Before any member is read the whole directory is checked: at most ``max_members``
members, no absolute, drive or ``..`` names, no encrypted member, none over
``max_member`` bytes when decompressed as the directory declares, their total under
``max_total``, and no two members whose data overlap (Python 3.11's zipfile lacks the
CVE-2024-0450 check: a zip whose entries share their bytes expands far beyond its size).
Members are then read through a counting stream that stops at the member's cap whatever
the directory claimed, never extracted to disk. The sync layer has its own stricter
archive checks; ``formats`` may not import ``sync``, hence this module.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from typing import IO, BinaryIO
from zipfile import BadZipFile, ZipFile, ZipInfo

from icati_desktop.i18n import _

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_MAGIC = b"PK\x03\x04"
_ENCRYPTED = 0x1
_DRIVE = re.compile(r"^[A-Za-z]:")
MB = 1024 * 1024


class UnsafeZip(ValueError):
    """A zip that is damaged, hostile or too large; the message says which entry and why."""


@dataclass(frozen=True)
class ZipLimits:
    max_members: int
    max_member: int
    """Bytes of one member, decompressed."""
    max_total: int
    """Bytes of all members together, decompressed."""


Refusal = Callable[[str], UnsafeZip]
"""Words a refusal: given what is wrong (``the entry 'x' is too large``)."""


def _entry(info: ZipInfo) -> str:
    return info.orig_filename


def check_directory(
    handle: BinaryIO, archive: ZipFile, limits: ZipLimits, refuse: Refusal
) -> list[ZipInfo]:
    """The members of ``archive`` once its directory passed every check above."""
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise refuse(
            _("it holds {count} files, more than {limit}").format(
                count=len(infos), limit=limits.max_members
            )
        )
    total = 0
    for info in infos:
        name = info.orig_filename
        parts = re.split(r"[/\\]", name)
        if ".." in parts or name.startswith(("/", "\\")) or _DRIVE.match(name):
            raise refuse(_("the entry {entry!r} points outside it").format(entry=name))
        if info.flag_bits & _ENCRYPTED:
            raise refuse(_("the entry {entry!r} is encrypted").format(entry=name))
        if info.file_size > limits.max_member:
            raise refuse(too_large(info, limits.max_member))
        total += info.file_size
    if total > limits.max_total:
        raise refuse(
            _("its files would take {size} MB unpacked, more than {limit} MB").format(
                size=total // MB, limit=limits.max_total // MB
            )
        )
    _check_ranges(handle, infos, int(getattr(archive, "start_dir", 0)), refuse)
    return infos


def too_large(info: ZipInfo, limit: int) -> str:
    return _("the entry {entry!r} unpacks to more than {limit} MB").format(
        entry=info.orig_filename, limit=limit // MB
    )


def damaged(info: ZipInfo) -> str:
    return _("the entry {entry!r} overlaps another entry or is damaged").format(
        entry=info.orig_filename
    )


def _check_ranges(handle: BinaryIO, infos: list[ZipInfo], start_dir: int, refuse: Refusal) -> None:
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
            raise refuse(damaged(info))
        name_length, extra_length = _LOCAL_HEADER.unpack(header)[10:12]
        end = start + _LOCAL_HEADER.size + name_length + extra_length + info.compress_size
        if end > start_dir:
            raise refuse(damaged(info))
        ranges.append((start, end, info))
    ranges.sort(key=lambda r: (r[0], r[1]))
    for (_start, end, _first), (start, _end, second) in pairwise(ranges):
        if start < end:
            raise refuse(damaged(second))


class _CountingReader:
    """A member's stream that refuses to give more than ``limit`` bytes."""

    def __init__(self, stream: IO[bytes], info: ZipInfo, limit: int, refuse: Refusal) -> None:
        self.stream, self.info, self.limit, self.refuse = stream, info, limit, refuse
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        want = self.limit + 1 - self.count if size < 0 else min(size, self.limit + 1 - self.count)
        try:
            data = self.stream.read(max(want, 0))
        except (BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError):
            raise self.refuse(damaged(self.info)) from None
        self.count += len(data)
        if self.count > self.limit:
            raise self.refuse(too_large(self.info, self.limit))
        return data


@contextmanager
def member_stream(
    archive: ZipFile, info: ZipInfo, limit: int, refuse: Refusal
) -> Iterator[_CountingReader]:
    """A file-like ``read()`` over one member, capped at ``limit`` bytes."""
    try:
        stream = archive.open(info)
    except (BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError):
        raise refuse(damaged(info)) from None
    with stream:
        yield _CountingReader(stream, info, limit, refuse)


def read_member(archive: ZipFile, info: ZipInfo, limit: int, refuse: Refusal) -> bytes:
    """All of one member's bytes (at most ``limit``)."""
    with member_stream(archive, info, limit, refuse) as stream:
        return stream.read()


@contextmanager
def open_zip(handle: BinaryIO, refuse: Refusal) -> Iterator[ZipFile]:
    """``ZipFile`` over ``handle``; any failure to read its directory is a refusal."""
    try:
        archive = ZipFile(handle)
    except (BadZipFile, EOFError, OSError, ValueError, struct.error, NotImplementedError):
        raise refuse(_("it is not a readable zip file")) from None
    with archive:
        yield archive


__all__ = [
    "UnsafeZip",
    "ZipLimits",
    "check_directory",
    "damaged",
    "member_stream",
    "open_zip",
    "read_member",
    "too_large",
]
