"""Read a zip's declared entry count from its end record, before zipfile loads the index.

``zipfile`` builds a Python object per central-directory entry before we could count
them, so a bundle of millions of tiny entries would cost gigabytes of memory before
the entry limit is checked. The end-of-central-directory record (and its zip64 twin)
declares the count up front; reading it costs a few kilobytes.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_EOCD_SIZE = 22
_MAX_COMMENT = 0xFFFF


def declared_entry_count(handle: BinaryIO) -> int | None:
    """The entry count the archive declares, or None if no end record is found."""
    handle.seek(0, 2)
    size = handle.tell()
    tail_size = min(size, _EOCD_SIZE + _MAX_COMMENT)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < _EOCD_SIZE:
        return None
    (count,) = struct.unpack_from("<H", tail, at + 10)
    if count != 0xFFFF:
        return int(count)
    locator = at - 20
    if locator < 0 or tail[locator : locator + 4] != _ZIP64_LOCATOR:
        return int(count)
    (zip64_offset,) = struct.unpack_from("<Q", tail, locator + 8)
    if zip64_offset + 56 > size:
        return None
    handle.seek(zip64_offset)
    record = handle.read(56)
    if record[:4] != _ZIP64_EOCD:
        return None
    (count64,) = struct.unpack_from("<Q", record, 32)
    return int(count64)
