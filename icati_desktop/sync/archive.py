"""Read a bundle's zip without trusting it: every check of DESIGN.md "Archive safety".

Nothing is extracted or written to disk: members stream out through readers that count and
hash the bytes. The whole central directory is checked on opening, before any member is read.
Python 3.11.7's zipfile lacks the overlap check of CVE-2024-0450, so data ranges are checked here.
"""

from __future__ import annotations

import hashlib
import io
import re
import stat
import struct
import unicodedata
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager
from itertools import pairwise
from pathlib import Path
from typing import IO, TYPE_CHECKING, BinaryIO
from zipfile import ZIP_DEFLATED, ZIP_STORED, BadZipFile, ZipFile, ZipInfo

from icati_desktop.sync.errors import BundleRejected, RejectCode
from icati_desktop.sync.limits import MiB, SyncLimits
from icati_desktop.sync.zip_directory import declared_entry_count

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

_LOCAL_MAGIC = b"PK\x03\x04"
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # signature … name length, extra length
_ENCRYPTED = 0x0001 | 0x0040  # traditional and strong encryption flag bits
_UTF8_NAME = 0x0800
_UNIX = 3
_DOS_DIRECTORY = 0x10
_RATIO_FLOOR = 1 * MiB  # small files may compress well for honest reasons
_DRIVE = re.compile(r"[A-Za-z]:")
_METHODS = (ZIP_STORED, ZIP_DEFLATED)
_SHOWN_CHARS = 80
# What zipfile raises for damaged data: bad CRC, broken deflate stream, cut-off member.
_CORRUPTION = (BadZipFile, zlib.error, EOFError, NotImplementedError)


def _show(name: str) -> str:
    """An attacker-controlled name made safe to print: repr'd (control characters show), cut."""
    return repr(name[:_SHOWN_CHARS]) + ("…" if len(name) > _SHOWN_CHARS else "")


def _reject(code: RejectCode, problem: str) -> BundleRejected:
    return BundleRejected(code, f"{problem}: ask the sender for a new bundle")


def _bad_entry(code: RejectCode, name: str, problem: str) -> BundleRejected:
    return _reject(code, f"the bundle entry {_show(name)} {problem}")


def _entry_problem(info: ZipInfo, limits: SyncLimits) -> tuple[RejectCode, str] | None:
    """Why an entry is unsafe, the most specific reason first; None if it is fine."""
    name = info.orig_filename  # as stored: zipfile's .filename is cut at the first NUL
    parts, bad, code = re.split(r"[/\\]", name), RejectCode.BAD_ENTRY_NAME, RejectCode
    hidden = any(unicodedata.category(c)[0] == "C" or c in "\u2028\u2029" for c in name)
    mode, unix = info.external_attr >> 16, info.create_system == _UNIX
    folder = name.endswith("/") or bool(info.external_attr & _DOS_DIRECTORY)
    size, packed, ratio = info.file_size, info.compress_size, limits.max_compression_ratio
    method = info.compress_type
    # Multiplying instead of dividing also covers a compressed size of 0.
    bomb = size > _RATIO_FLOOR and size > packed * ratio
    checks = (
        (".." in parts, code.PATH_TRAVERSAL, "points outside the bundle ('..')"),
        (name.startswith(("/", "\\")), code.ABSOLUTE_PATH, "is an absolute path"),
        (_DRIVE.match(name) is not None, code.DRIVE_LETTER, "starts with a drive letter"),
        ("\\" in name, code.BACKSLASH_PATH, "contains a backslash"),
        (hidden, bad, "contains control or invisible characters"),
        (len(name.encode()) > 255, bad, "is longer than 255 bytes"),
        (unix and stat.S_ISLNK(mode), code.SYMLINK_ENTRY, "is a symbolic link"),
        (folder or (unix and stat.S_ISDIR(mode)), code.DIRECTORY_ENTRY, "is a directory"),
        (any(p in ("", ".") for p in parts), bad, "has an empty or '.' path component"),
        (unicodedata.normalize("NFC", name) != name, bad, "is not in Unicode normal form NFC"),
        (not info.flag_bits & _UTF8_NAME and not name.isascii(), bad, "is not marked as UTF-8"),
        (bool(info.flag_bits & _ENCRYPTED), code.ENCRYPTED_ENTRY, "is password-encrypted"),
        (method not in _METHODS, code.UNSUPPORTED_COMPRESSION, f"uses compression {method}"),
        (size > limits.max_entry_bytes, code.ENTRY_TOO_LARGE, f"is {size} bytes, too large"),
        (bomb, code.ZIP_BOMB_RATIO, f"expands {packed} to {size} bytes, over {ratio}×"),
    )
    return next(((reason, why) for hit, reason, why in checks if hit), None)


def _check_ranges(handle: BinaryIO, infos: list[ZipInfo], start_dir: int) -> None:
    """Entries' ranges (local header, as a reader follows it, to the end of the compressed
    data) must not overlap each other nor run into the central directory."""
    ranges: list[tuple[int, int, str]] = []
    for info in infos:
        name, start = info.orig_filename, info.header_offset
        if start < 0 or start + _LOCAL_HEADER.size > start_dir:
            raise _bad_entry(RejectCode.OVERLAPPING_ENTRIES, name, "lies outside the data area")
        handle.seek(start)
        header = handle.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size or not header.startswith(_LOCAL_MAGIC):
            raise _bad_entry(RejectCode.CORRUPT_ENTRY, name, "has no local header")
        name_length, extra_length = _LOCAL_HEADER.unpack(header)[10:12]
        stored = handle.read(name_length)
        if stored != name.encode("utf-8" if info.flag_bits & _UTF8_NAME else "cp437"):
            local = f"is named {_show(stored.decode('utf-8', 'replace'))} in its local header"
            raise _bad_entry(RejectCode.BAD_ENTRY_NAME, name, local)
        end = start + _LOCAL_HEADER.size + name_length + extra_length + info.compress_size
        if end > start_dir:
            raise _bad_entry(RejectCode.OVERLAPPING_ENTRIES, name, "runs into the archive index")
        ranges.append((start, end, name))
    ranges.sort()
    for (_, end, first), (start, _, second) in pairwise(ranges):
        if start < end:
            raise _bad_entry(RejectCode.OVERLAPPING_ENTRIES, first, f"overlaps {_show(second)}")


def _open_zip(handle: BinaryIO, limits: SyncLimits) -> ZipFile:
    size = handle.seek(0, io.SEEK_END)
    if size > limits.max_bundle_bytes:
        big = f"the bundle is {size} bytes, over sync.max_bundle_bytes ({limits.max_bundle_bytes})"
        raise _reject(RejectCode.BUNDLE_TOO_LARGE, big)
    handle.seek(0)
    if handle.read(len(_LOCAL_MAGIC)) != _LOCAL_MAGIC:
        raise _reject(RejectCode.NOT_A_BUNDLE, "the file is not a zip archive")
    try:
        return ZipFile(handle)
    except UnicodeDecodeError as exc:
        raise _reject(RejectCode.BAD_ENTRY_NAME, "an entry name is not valid UTF-8") from exc
    except (BadZipFile, EOFError, OSError, ValueError, struct.error, NotImplementedError) as exc:
        raise _reject(RejectCode.TRUNCATED, "the bundle is cut short or damaged") from exc


class _VerifiedReader(io.RawIOBase):
    """Streams one member, counting and hashing; the verdict comes at end of stream.

    It asks for at most ``size + 1`` bytes in all (one past ``size`` proves it too long), and
    once failed it keeps failing."""

    def __init__(self, member: IO[bytes], name: str, size: int, sha256: str) -> None:
        super().__init__()
        self._member, self._name, self._size, self._sha256 = member, name, size, sha256
        self._count, self._hash, self._done = 0, hashlib.sha256(), False
        self._error: BundleRejected | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        if self._error is None and not self._done and view:
            try:
                chunk = self._read(min(len(view), self._size + 1 - self._count))
                view[: len(chunk)] = chunk
                return len(chunk)
            except BundleRejected as exc:
                self._error = exc
        if self._error is not None:
            raise self._error
        return 0

    def _read(self, wanted: int) -> bytes:
        try:
            chunk = self._member.read(wanted)
        except _CORRUPTION as exc:
            raise _bad_entry(RejectCode.CORRUPT_ENTRY, self._name, "is damaged") from exc
        self._count += len(chunk)
        self._hash.update(chunk)
        if self._count > self._size or (not chunk and self._count < self._size):
            raise _bad_entry(RejectCode.SIZE_MISMATCH, self._name, "has the wrong size")
        if not chunk and self._hash.hexdigest() != self._sha256:
            raise _bad_entry(RejectCode.HASH_MISMATCH, self._name, "fails its SHA-256 check")
        self._done = not chunk
        return chunk

    def close(self) -> None:
        self._member.close()
        super().close()


class SafeArchive(AbstractContextManager["SafeArchive"]):
    """A zip opened for reading under limits; every check of DESIGN.md 'Archive safety'."""

    names: frozenset[str]

    def __init__(self, handle: BinaryIO, archive: ZipFile, entries: dict[str, ZipInfo]) -> None:
        self._handle, self._zip, self._entries = handle, archive, entries
        self.names = frozenset(entries)

    @classmethod
    def open(cls, path: Path, limits: SyncLimits) -> SafeArchive:
        """Open and check the whole central directory; raise BundleRejected if anything is off."""
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise BundleRejected(RejectCode.NOT_A_BUNDLE, f"cannot read the bundle: {exc}") from exc
        try:
            declared = declared_entry_count(handle)
            if declared is not None and declared > limits.max_entries:
                raise _reject(RejectCode.TOO_MANY_ENTRIES, _too_many(declared, limits))
            archive = _open_zip(handle, limits)
            entries = _checked_entries(archive.infolist(), limits)
            _check_ranges(handle, archive.infolist(), archive.start_dir)
        except BaseException:
            handle.close()
            raise
        return cls(handle, archive, entries)

    def _info(self, name: str) -> ZipInfo:
        info = self._entries.get(name)
        if info is None:
            raise _reject(RejectCode.MISSING_ENTRY, f"the bundle has no entry {_show(name)}")
        return info

    def size_of(self, name: str) -> int:
        return self._info(name).file_size

    def read_bytes(self, name: str, *, max_bytes: int) -> bytes:
        """A whole small member (the manifest, its signature), CRC-checked."""
        info = self._info(name)
        if info.file_size > max_bytes:
            raise _bad_entry(RejectCode.ENTRY_TOO_LARGE, name, f"is over {max_bytes} bytes")
        try:
            with self._zip.open(info) as member:
                data = member.read(max_bytes + 1)
        except _CORRUPTION as exc:
            raise _bad_entry(RejectCode.CORRUPT_ENTRY, name, "is damaged") from exc
        if len(data) == info.file_size:
            return data
        raise _bad_entry(RejectCode.CORRUPT_ENTRY, name, "is damaged")

    def open_verified(self, name: str, *, size: int, sha256: str) -> BinaryIO:
        """A stream of one member, trusted only once it reached EOF without error: SIZE_MISMATCH,
        HASH_MISMATCH (at EOF) and CORRUPT_ENTRY (bad CRC or deflate data) come from reads."""
        info = self._info(name)
        if info.file_size != size:
            problem = f"is {info.file_size} bytes but its manifest says {size}"
            raise _bad_entry(RejectCode.SIZE_MISMATCH, name, problem)
        try:
            member = self._zip.open(info)
        except _CORRUPTION as exc:
            raise _bad_entry(RejectCode.CORRUPT_ENTRY, name, "is damaged") from exc
        return io.BufferedReader(_VerifiedReader(member, name, size, sha256.lower()))

    def iter_lines(
        self, name: str, *, size: int, sha256: str, max_line_bytes: int
    ) -> Iterator[tuple[int, str]]:
        """(line number from 1, text) of a JSON-lines member, blank lines skipped; a caller
        that consumed every line has a verified file (checked when the stream ends)."""
        with self.open_verified(name, size=size, sha256=sha256) as stream:
            number = 0
            while raw := stream.readline(max_line_bytes + 1):
                number += 1
                body = raw[:-1] if raw.endswith(b"\n") else raw
                where = f"line {number} of {_show(name)}"
                if len(body) > max_line_bytes:
                    too_long = f"{where} is over {max_line_bytes} bytes"
                    raise _reject(RejectCode.OVERSIZED_LINE, too_long)
                if not body.strip(b" \t\r"):
                    continue
                try:
                    text = body.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise _reject(RejectCode.INVALID_UTF8, f"{where} is not UTF-8") from exc
                yield number, text

    def check_names(self, expected: set[str]) -> None:
        """The archive must hold exactly the files its manifest lists."""
        for code, names, problem in (
            (RejectCode.UNEXPECTED_ENTRY, self.names - expected, "files its manifest lacks"),
            (RejectCode.MISSING_ENTRY, expected - self.names, "no files its manifest lists"),
        ):
            if names:
                shown = ", ".join(_show(n) for n in sorted(names)[:3])
                more = f" and {len(names) - 3} more" if len(names) > 3 else ""
                raise _reject(code, f"the bundle has {problem} ({shown}{more})")

    def close(self) -> None:
        self._zip.close()
        self._handle.close()

    def __exit__(self, *_: object) -> None:
        self.close()


def _too_many(count: int, limits: SyncLimits) -> str:
    return f"the bundle has {count} files, over the limit of {limits.max_entries}"


def _checked_entries(infos: list[ZipInfo], limits: SyncLimits) -> dict[str, ZipInfo]:
    """Entries by name once each one, their count, names and sizes passed every check."""
    if len(infos) > limits.max_entries:
        raise _reject(RejectCode.TOO_MANY_ENTRIES, _too_many(len(infos), limits))
    entries: dict[str, ZipInfo] = {}
    folded: dict[str, str] = {}  # NFC + casefold -> name
    for info in infos:
        name = info.orig_filename
        problem = _entry_problem(info, limits)
        if problem is not None:
            raise _bad_entry(problem[0], name, problem[1])
        key = unicodedata.normalize("NFC", name.casefold())
        if key in folded:
            raise _bad_entry(RejectCode.DUPLICATE_ENTRY, name, f"repeats {_show(folded[key])}")
        folded[key], entries[name] = name, info
    if sum(info.file_size for info in infos) > limits.max_total_bytes:
        big = f"the bundle's files add up to over {limits.max_total_bytes} bytes"
        raise _reject(RejectCode.TOTAL_TOO_LARGE, big)
    return entries
