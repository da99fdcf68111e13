"""Take real bundles apart and put forged ones together: re-signed, re-encrypted, or raw.

A forger here holds what a real attacker might: a device's private keys (a stolen laptop),
or only the bytes of a bundle in transit. ``Parts`` is a bundle's zip members in order;
``resign`` refreshes the manifest's file list (sizes, hashes) and signs it again, so a test
can change exactly one thing and leave everything else valid.
"""

from __future__ import annotations

import io
import json
import struct
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyrage

from icati_desktop.sync.identity import DeviceKeys
from icati_desktop.sync.manifest import MANIFEST_NAME, SIGNATURE_NAME, Manifest
from icati_desktop.versioning.canonical import canonical_bytes, sha256_hex
from icati_desktop.versioning.hlc import Timestamp
from icati_desktop.versioning.version import content_of

_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


@dataclass
class Member:
    """One zip member; ``info`` overrides what zipfile would write (mode, name, method)."""

    name: str
    data: bytes
    info: zipfile.ZipInfo | None = None


@dataclass
class Parts:
    members: list[Member] = field(default_factory=list)

    # --- members -----------------------------------------------------------------------------

    def names(self) -> list[str]:
        return [m.name for m in self.members]

    def get(self, name: str) -> bytes:
        return next(m.data for m in self.members if m.name == name)

    def set(self, name: str, data: bytes) -> None:
        for member in self.members:
            if member.name == name:
                member.data = data
                return
        self.members.append(Member(name, data))

    def add(self, name: str, data: bytes, info: zipfile.ZipInfo | None = None) -> None:
        """Append a member, even one whose name is already there."""
        self.members.append(Member(name, data, info))

    def remove(self, name: str) -> None:
        self.members = [m for m in self.members if m.name != name]

    def versions_files(self) -> list[str]:
        return [n for n in self.names() if n.startswith("versions/")]

    # --- manifest and lines ------------------------------------------------------------------

    @property
    def manifest(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.get(MANIFEST_NAME))
        return data

    def lines(self, name: str) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.get(name).decode().splitlines() if line]

    def set_lines(self, name: str, lines: list[dict[str, Any]]) -> None:
        self.set(name, b"".join(canonical_bytes(line) + b"\n" for line in lines))


def unpack(path: Path, identity: pyrage.x25519.Identity | None = None) -> Parts:
    data = path.read_bytes()
    if identity is not None:
        data = pyrage.decrypt(data, [identity])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return Parts([Member(i.filename, archive.read(i)) for i in archive.infolist()])


def zip_bytes(parts: Parts, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate names we forge
        with zipfile.ZipFile(out, "w", compression=method) as archive:
            for member in parts.members:
                archive.writestr(member.info or member.name, member.data)
    return out.getvalue()


def seal(data: bytes, recipient: str) -> bytes:
    """Encrypt with age to one recipient (``age1…``)."""
    return pyrage.encrypt(data, [pyrage.x25519.Recipient.from_str(recipient)])


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """The canonical bytes of a manifest, as the exporter writes them."""
    return canonical_bytes(Manifest.model_validate(manifest).model_dump(mode="python"))


def resign(
    parts: Parts,
    keys: DeviceKeys,
    edit: Callable[[dict[str, Any]], None] | None = None,
    *,
    refresh: bool = True,
    canonical: Callable[[dict[str, Any]], bytes] = manifest_bytes,
) -> Parts:
    """Refresh the file list from the members (unless ``refresh`` is off), apply ``edit`` to
    the manifest, write it canonically and sign it with ``keys``."""
    manifest = parts.manifest
    if refresh:
        present = set(parts.names())
        files = []
        for entry in manifest["files"]:
            if entry["path"] not in present:
                continue
            data = parts.get(entry["path"])
            entry = {**entry, "size": len(data), "sha256": sha256_hex(data)}
            if entry["kind"] == "versions":
                entry["count"] = sum(1 for line in data.split(b"\n") if line.strip())
            files.append(entry)
        manifest["files"] = files
        manifest["counts"] = {
            f["record_type"]: f["count"] for f in files if f["kind"] == "versions"
        }
    if edit is not None:
        edit(manifest)
    raw = canonical(manifest)
    parts.set(MANIFEST_NAME, raw)
    parts.set(SIGNATURE_NAME, keys.signing.private_key.sign(raw))
    return parts


def add_file(parts: Parts, path: str, data: bytes, **entry: Any) -> None:
    """A member and its manifest entry (kind blob unless said otherwise); re-sign afterwards."""
    parts.set(path, data)
    manifest = parts.manifest
    manifest["files"].append(
        {"path": path, "size": len(data), "sha256": sha256_hex(data), "kind": "blob", **entry}
    )
    parts.set(MANIFEST_NAME, canonical_bytes(manifest))


def add_blob(parts: Parts, data: bytes) -> str:
    name = f"blobs/{sha256_hex(data)}"
    add_file(parts, name, data)
    return name


def line_for(
    *,
    record_type: str,
    record_id: str,
    origin: str,
    payload: Any,
    hlc: tuple[int, int] = (1_767_225_600_000, 0),
    parents: tuple[str, ...] = (),
    deleted: bool = False,
) -> dict[str, Any]:
    """A version line whose id is the hash of the given content (even nonsensical content)."""
    content = content_of(
        record_type, record_id, tuple(sorted(parents)), Timestamp(*hlc), origin, deleted, payload
    )
    return {**content, "version_id": sha256_hex(canonical_bytes(content))}


def rehash(line: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The line with ``changes`` applied and a version id that matches them."""
    fields = {**line, **changes}
    return line_for(
        record_type=fields["record_type"],
        record_id=fields["record_id"],
        origin=fields["origin"],
        payload=fields["payload"],
        hlc=(fields["hlc"][0], fields["hlc"][1]),
        parents=tuple(fields["parents"]),
        deleted=fields["deleted"],
    )


_CENTRAL_FIELDS = {
    "flags": (8, "<H"),
    "method": (10, "<H"),
    "compress_size": (20, "<L"),
    "external_attr": (38, "<L"),
}


def patch_central(data: bytes, name: str, **values: int) -> bytes:
    """Rewrite fields of one member's central directory record (its local header is kept)."""
    end = data.rindex(b"PK\x05\x06")
    _, _, _, _, count, _, start, _ = _END.unpack_from(data, end)
    out, offset = bytearray(data), start
    for _ in range(count):
        fields = _CENTRAL.unpack_from(data, offset)
        name_len, extra_len, comment_len = fields[12:15]
        stored = data[offset + _CENTRAL.size : offset + _CENTRAL.size + name_len]
        if stored == name.encode():
            for key, value in values.items():
                where, fmt = _CENTRAL_FIELDS[key]
                struct.pack_into(fmt, out, offset + where, value)
            return bytes(out)
        offset += _CENTRAL.size + name_len + extra_len + comment_len
    raise KeyError(name)
