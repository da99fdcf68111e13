"""A corpus of hostile bundles: each refused with its own code and message, changing nothing.

Every bundle starts as a real export (a field device's bundle for HQ, or HQ's central bundle
for a field device) and is then forged: with the sender's stolen keys where the forgery must
be signed, with only the bytes in transit where it need not be. Each test imports it into a
fresh copy of the receiving device and checks that the refusal names the problem, that the
``db digest`` and ``db check`` are as before, and that nothing was written in the data
directory (bar the quarantined copy of a bundle from the future), and that the importer's
private scratch space is empty again.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyrage
import pytest

from icati_desktop.cli import main
from icati_desktop.store.demo import DemoSpec, run_demo
from icati_desktop.store.device import Role
from icati_desktop.store.integrity import check_store, state_digest
from icati_desktop.store.opening import open_store
from icati_desktop.store.store import Store
from icati_desktop.sync.central_scope import CentralTarget
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.errors import BundleRejected, RejectCode
from icati_desktop.sync.exporter import export_bundle
from icati_desktop.sync.identity import DeviceKeys, load_age_identity_if_any, load_device_keys
from icati_desktop.sync.importer import import_bundle
from icati_desktop.sync.limits import set_sync_limit
from icati_desktop.sync.trust import revoke, trust_card
from icati_desktop.versioning.canonical import canonical_bytes
from tests.sync import forge
from tests.sync.forge import Parts
from tests.sync.network import card_of, enrol

MEETINGS = "versions/meeting.jsonl"
ITEMS = "versions/action_item.jsonl"
STRANGER_HQ = "0123456789abcdef0123456789abcdef"


@dataclass
class World:
    """Real devices and real bundles, made once; tests import into copies of the devices."""

    dirs: dict[str, Path]
    keys: dict[str, DeviceKeys]
    ids: dict[str, str]
    hq_recipient: str
    hq_identity: pyrage.x25519.Identity
    bundles: dict[str, Path] = field(default_factory=dict)

    def field_parts(self, name: str = "a_new") -> Parts:
        """A field bundle (decrypted with HQ's key) ready to be changed."""
        return forge.unpack(self.bundles[name], self.hq_identity)

    def central_parts(self, name: str = "c_next") -> Parts:
        return forge.unpack(self.bundles[name])

    def to_hq(
        self,
        parts: Parts,
        *,
        signer: str | None = None,
        edit: Callable[[dict[str, Any]], None] | None = None,
        seal: bool = True,
    ) -> bytes:
        """Zip (re-signed by ``signer`` if given) and encrypt to HQ, as a field device does."""
        if signer is not None:
            forge.resign(parts, self.keys[signer], edit)
        data = forge.zip_bytes(parts)
        return forge.seal(data, self.hq_recipient) if seal else data

    def to_field(
        self, parts: Parts, *, edit: Callable[[dict[str, Any]], None] | None = None
    ) -> bytes:
        """Zip a central bundle re-signed with HQ's stolen key."""
        forge.resign(parts, self.keys["hq"], edit)
        return forge.zip_bytes(parts)


def _device(root: Path, name: str, role: Role) -> Store:
    store = open_store(root / name)
    initialise_device(store, role, f"Device {name}")
    return store


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("world")
    hq = _device(root, "hq", Role.HQ)
    stores = {"hq": hq} | {n: _device(root, n, Role.FIELD) for n in ("a", "b", "r", "s")}
    for name in ("a", "b", "r"):
        enrol(hq, stores[name])
    trust_card(stores["s"], card_of(hq))  # a stranger: it knows HQ, HQ never enrolled it
    for seed, name in enumerate(("a", "b", "r", "s"), start=1):
        run_demo(stores[name], DemoSpec(seed=seed, countries=1, meetings=3, action_items=2))
    out = root / "bundles"
    out.mkdir()
    bundles: dict[str, Path] = {}

    def export(store: str, name: str) -> None:
        bundles[name] = out / f"{name}.icati"
        # HQ's bundles here are content only: signed, not encrypted, so they can be forged
        # in place (the bundles made for one device are encrypted like field bundles).
        central = CentralTarget.content_only() if store == "hq" else None
        export_bundle(stores[store], bundles[name], central=central)

    export("a", "a_old")
    import_bundle(hq, bundles["a_old"])
    run_demo(stores["a"], DemoSpec(seed=9, countries=1, meetings=2, action_items=1))
    export("a", "a_new")  # cumulative: all of a's versions, the first ones already at HQ
    for name in ("b", "r", "s"):
        export(name, f"{name}1")
    revoke(hq, card_of(stores["r"]).device_id)
    export("hq", "c_old")
    export("hq", "c_new")
    import_bundle(stores["a"], bundles["c_new"])
    export("hq", "c_next")
    keys = {n: load_device_keys(root / n / "keys") for n in stores}
    age = load_age_identity_if_any(root / "hq" / "keys")
    assert age is not None
    for store in stores.values():
        store.close()
    return World(
        dirs={"hq": root / "hq", "field": root / "a"},
        keys=keys,
        ids={n: k.device_id for n, k in keys.items()},
        hq_recipient=keys["hq"].age.recipient,
        hq_identity=age,
        bundles=bundles,
    )


# --- the corpus ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[World], bytes]
    code: RejectCode
    says: str
    importer: str = "hq"
    limits: tuple[tuple[str, str], ...] = ()
    quarantined: bool = False


CASES: list[Case] = []


def case(
    code: RejectCode,
    says: str,
    *,
    importer: str = "hq",
    limits: dict[str, int] | None = None,
    quarantined: bool = False,
) -> Callable[[Callable[[World], bytes]], Callable[[World], bytes]]:
    def register(build: Callable[[World], bytes]) -> Callable[[World], bytes]:
        settings = tuple((k, str(v)) for k, v in (limits or {}).items())
        name = build.__name__.removeprefix("_")
        CASES.append(Case(name, build, code, says, importer, settings, quarantined))
        return build

    return register


def _with_member(
    w: World, name: str, data: bytes = b"x", info: zipfile.ZipInfo | None = None
) -> bytes:
    """The real field bundle plus one more member, as a tamperer in transit could add it."""
    parts = w.field_parts()
    parts.add(name, data, info)
    return w.to_hq(parts)


def _patched(w: World, name: str, **values: int) -> bytes:
    """The real field bundle with one member's central directory record rewritten."""
    return forge.seal(
        forge.patch_central(forge.zip_bytes(w.field_parts()), name, **values), w.hq_recipient
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _meeting(w: World, index: int = 0) -> dict[str, Any]:
    return w.field_parts().lines(MEETINGS)[index]


def _with_lines(w: World, path: str, change: Callable[[list[dict[str, Any]]], None]) -> bytes:
    """Field bundle whose versions file ``path`` was changed, re-signed with a's stolen key."""
    parts = w.field_parts()
    lines = parts.lines(path)
    change(lines)
    parts.set_lines(path, lines)
    return w.to_hq(parts, signer="a")


def _with_raw_line(w: World, raw: bytes) -> bytes:
    parts = w.field_parts()
    parts.set(MEETINGS, parts.get(MEETINGS) + raw + b"\n")
    return w.to_hq(parts, signer="a")


def _signed_with_manifest(w: World, edit: Callable[[dict[str, Any]], None]) -> bytes:
    return w.to_hq(w.field_parts(), signer="a", edit=edit)


def _raw_manifest(w: World, raw: bytes) -> bytes:
    """Field bundle with a manifest of exactly these bytes, signed by a's stolen key."""
    parts = w.field_parts()
    parts.set("manifest.json", raw)
    parts.set("manifest.sig", w.keys["a"].signing.private_key.sign(raw))
    return w.to_hq(parts)


# archive: names and modes


@case(RejectCode.PATH_TRAVERSAL, "outside the bundle ('..')")
def _dot_dot_path(w: World) -> bytes:
    return _with_member(w, "../../.config/autostart/evil.desktop")


@case(RejectCode.PATH_TRAVERSAL, "outside the bundle ('..')")
def _dot_dot_inside_blobs(w: World) -> bytes:
    return _with_member(w, "blobs/../../icati.sqlite3")


@case(RejectCode.PATH_TRAVERSAL, "outside the bundle ('..')")
def _dot_dot_with_backslashes(w: World) -> bytes:
    return _with_member(w, "..\\..\\Startup\\evil.bat")


@case(RejectCode.ABSOLUTE_PATH, "is an absolute path")
def _absolute_path(w: World) -> bytes:
    return _with_member(w, "/etc/cron.d/evil")


@case(RejectCode.ABSOLUTE_PATH, "is an absolute path")
def _absolute_windows_path(w: World) -> bytes:
    return _with_member(w, "\\Windows\\System32\\evil.dll")


@case(RejectCode.DRIVE_LETTER, "starts with a drive letter")
def _drive_letter(w: World) -> bytes:
    return _with_member(w, "C:/Windows/System32/evil.dll")


@case(RejectCode.DRIVE_LETTER, "starts with a drive letter")
def _drive_relative_path(w: World) -> bytes:
    return _with_member(w, "D:evil.txt")


@case(RejectCode.BACKSLASH_PATH, "contains a backslash")
def _backslash(w: World) -> bytes:
    return _with_member(w, "versions\\meeting.jsonl")


@case(RejectCode.SYMLINK_ENTRY, "is a symbolic link")
def _symlink_entry(w: World) -> bytes:
    info = zipfile.ZipInfo("blobs/shadow")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return _with_member(w, info.filename, b"/etc/shadow", info)


@case(RejectCode.DIRECTORY_ENTRY, "is a directory")
def _directory_entry(w: World) -> bytes:
    return _with_member(w, "blobs/", b"")


@case(RejectCode.DIRECTORY_ENTRY, "is a directory")
def _directory_by_mode(w: World) -> bytes:
    info = zipfile.ZipInfo("blobs/folder")
    info.create_system = 3
    info.external_attr = (stat.S_IFDIR | 0o755) << 16
    return _with_member(w, info.filename, b"", info)


@case(RejectCode.DUPLICATE_ENTRY, "repeats 'versions/meeting.jsonl'")
def _duplicate_name(w: World) -> bytes:
    return _with_member(w, MEETINGS, b"")


@case(RejectCode.DUPLICATE_ENTRY, "repeats 'manifest.json'")
def _duplicate_after_case_folding(w: World) -> bytes:
    return _with_member(w, "MANIFEST.JSON", b"{}")


@case(RejectCode.DUPLICATE_ENTRY, "repeats 'blobs/straße'")
def _duplicate_after_full_case_folding(w: World) -> bytes:
    parts = w.field_parts()
    parts.add("blobs/straße", b"1")
    parts.add("blobs/STRASSE", b"2")
    return w.to_hq(parts)


@case(RejectCode.BAD_ENTRY_NAME, "not in Unicode normal form NFC")
def _duplicate_after_nfc(w: World) -> bytes:
    # the composed é is fine alone; its decomposed twin is refused before it can collide
    parts = w.field_parts()
    parts.add("blobs/caf\u00e9", b"1")
    parts.add("blobs/cafe\u0301", b"2")
    return w.to_hq(parts)


@case(RejectCode.BAD_ENTRY_NAME, "control or invisible characters")
def _control_character_in_name(w: World) -> bytes:
    return _with_member(w, "blobs/evil\u202etxt.exe")


@case(RejectCode.BAD_ENTRY_NAME, "longer than 255 bytes")
def _overlong_name(w: World) -> bytes:
    return _with_member(w, "blobs/" + "a" * 300)


@case(RejectCode.BAD_ENTRY_NAME, "empty or '.' path component")
def _empty_path_component(w: World) -> bytes:
    return _with_member(w, "blobs//./x")


@case(RejectCode.UNSUPPORTED_COMPRESSION, "uses compression 12")
def _bzip2_entry(w: World) -> bytes:
    info = zipfile.ZipInfo("blobs/packed")
    info.compress_type = zipfile.ZIP_BZIP2
    return _with_member(w, info.filename, b"x" * 100, info)


@case(RejectCode.ENCRYPTED_ENTRY, "is password-encrypted")
def _password_encrypted_entry(w: World) -> bytes:
    return _patched(w, MEETINGS, flags=0x0001)


@case(RejectCode.SYMLINK_ENTRY, "is a symbolic link")
def _versions_file_turned_into_symlink(w: World) -> bytes:
    return _patched(w, MEETINGS, external_attr=(stat.S_IFLNK | 0o777) << 16)


# archive: sizes and layout


@case(RejectCode.OVERLAPPING_ENTRIES, "overlaps")
def _overlapping_entries(w: World) -> bytes:
    data = forge.zip_bytes(w.field_parts())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        first = archive.getinfo(ITEMS)  # reach 40 bytes into the next member's header
    data = forge.patch_central(data, ITEMS, compress_size=first.compress_size + 40)
    return forge.seal(data, w.hq_recipient)


@case(RejectCode.OVERLAPPING_ENTRIES, "runs into the archive index")
def _entry_running_into_the_index(w: World) -> bytes:
    return _patched(w, "manifest.sig", compress_size=10_000)


@case(RejectCode.ZIP_BOMB_RATIO, "over 200×")
def _zip_bomb_by_ratio(w: World) -> bytes:
    parts = w.field_parts()
    forge.add_blob(parts, bytes(4 * 1024 * 1024))
    return w.to_hq(parts, signer="a")


@case(
    RejectCode.TOTAL_TOO_LARGE, "add up to over 300000 bytes", limits={"max_total_bytes": 300_000}
)
def _zip_bomb_by_total_size(w: World) -> bytes:
    parts = w.field_parts()
    for n in range(4):
        forge.add_blob(parts, os.urandom(90_000) + bytes([n]))
    return w.to_hq(parts, signer="a")


@case(RejectCode.TOO_MANY_ENTRIES, "over the limit of 40", limits={"max_entries": 40})
def _too_many_entries(w: World) -> bytes:
    parts = w.field_parts()
    for n in range(50):
        forge.add_blob(parts, f"attachment {n}".encode())
    return w.to_hq(parts, signer="a")


@case(RejectCode.ENTRY_TOO_LARGE, "too large", limits={"max_entry_bytes": 100_000})
def _entry_too_large(w: World) -> bytes:
    parts = w.field_parts()
    forge.add_blob(parts, os.urandom(150_000))
    return w.to_hq(parts, signer="a")


@case(RejectCode.BUNDLE_TOO_LARGE, "over the limit of 2000", limits={"max_bundle_bytes": 2000})
def _bundle_too_large(w: World) -> bytes:
    return w.bundles["a_new"].read_bytes()


@case(RejectCode.TRUNCATED, "cut short or damaged")
def _truncated_zip(w: World) -> bytes:
    data = forge.zip_bytes(w.field_parts())
    return forge.seal(data[: len(data) // 2], w.hq_recipient)


@case(RejectCode.TRUNCATED, "cut short or damaged", importer="field")
def _truncated_central_bundle(w: World) -> bytes:
    data = w.bundles["c_next"].read_bytes()
    return data[: len(data) - 100]


@case(RejectCode.NOT_A_BUNDLE, "neither an age-encrypted file nor a zip")
def _random_bytes(w: World) -> bytes:
    return os.urandom(4096)


@case(RejectCode.NOT_A_BUNDLE, "neither an age-encrypted file nor a zip")
def _empty_file(w: World) -> bytes:
    return b""


@case(RejectCode.TRUNCATED, "cut short or damaged")
def _zip_magic_then_garbage(w: World) -> bytes:
    return b"PK\x03\x04" + os.urandom(4096)


# archive versus manifest


@case(RejectCode.UNEXPECTED_ENTRY, "files its manifest lacks ('notes.txt')")
def _entry_not_in_manifest(w: World) -> bytes:
    return _with_member(w, "notes.txt", b"hello")


@case(RejectCode.MISSING_ENTRY, "no files its manifest lists ('versions/meeting.jsonl')")
def _manifest_entry_missing(w: World) -> bytes:
    parts = w.field_parts()
    parts.remove(MEETINGS)
    return w.to_hq(parts)


@case(RejectCode.MISSING_ENTRY, "no manifest.sig")
def _signature_missing(w: World) -> bytes:
    parts = w.field_parts()
    parts.remove("manifest.sig")
    return w.to_hq(parts)


@case(RejectCode.MISSING_ENTRY, "no manifest.json")
def _manifest_missing(w: World) -> bytes:
    parts = w.field_parts()
    parts.remove("manifest.json")
    return w.to_hq(parts)


@case(RejectCode.HASH_MISMATCH, "fails its SHA-256 check")
def _hash_mismatch(w: World) -> bytes:
    parts = w.field_parts()  # same size, still parses: only the hash can tell
    data = parts.get(MEETINGS)
    parts.set(MEETINGS, data[:-1] + b" ")
    return w.to_hq(parts)


@case(RejectCode.HASH_MISMATCH, "fails its SHA-256 check")
def _line_altered_in_transit(w: World) -> bytes:
    parts = w.field_parts()
    parts.set(MEETINGS, parts.get(MEETINGS).replace(b'"title":"', b'"title":"X', 1)[:-1])
    return w.to_hq(parts)


@case(RejectCode.HASH_MISMATCH, "fails its SHA-256 check")
def _origin_altered_in_transit(w: World) -> bytes:
    parts = w.field_parts()  # must not be blamed on a, who signed the true content
    data = parts.get(MEETINGS)
    parts.set(MEETINGS, data.replace(w.ids["a"].encode(), w.ids["b"].encode(), 1))
    return w.to_hq(parts)


@case(RejectCode.HASH_MISMATCH, "fails its SHA-256 check")
def _attachment_altered_in_transit(w: World) -> bytes:
    parts = w.field_parts()
    name = forge.add_blob(parts, b"minutes of the meeting")
    forge.resign(parts, w.keys["a"])
    parts.set(name, b"minutes of the MEETING")
    return w.to_hq(parts)


@case(RejectCode.BAD_ENTRY_NAME, "is not named by its hash")
def _attachment_not_named_by_hash(w: World) -> bytes:
    parts = w.field_parts()
    data = b"attachment"
    forge.add_file(parts, "blobs/" + "0" * 64, data)
    return w.to_hq(parts, signer="a")


@case(RejectCode.SIZE_MISMATCH, "but its manifest says")
def _size_mismatch(w: World) -> bytes:
    def bigger(manifest: dict[str, Any]) -> None:
        entry = next(f for f in manifest["files"] if f["path"] == MEETINGS)
        entry["size"] += 1

    return _signed_with_manifest(w, bigger)


@case(RejectCode.COUNT_MISMATCH, "but the manifest says")
def _count_mismatch(w: World) -> bytes:
    def more(manifest: dict[str, Any]) -> None:
        entry = next(f for f in manifest["files"] if f["path"] == MEETINGS)
        entry["count"] += 1
        manifest["counts"]["meeting"] += 1

    return _signed_with_manifest(w, more)


@case(RejectCode.COUNT_MISMATCH, "in its counts")
def _per_type_count_mismatch(w: World) -> bytes:
    def more(manifest: dict[str, Any]) -> None:
        manifest["counts"]["meeting"] += 1

    return _signed_with_manifest(w, more)


@case(RejectCode.COUNT_MISMATCH, "but its files hold")
def _count_for_a_type_without_file(w: World) -> bytes:
    def more(manifest: dict[str, Any]) -> None:
        manifest["counts"]["person"] = 7

    return _signed_with_manifest(w, more)


# the manifest


@case(RejectCode.MALFORMED_MANIFEST, "not valid JSON")
def _malformed_manifest_json(w: World) -> bytes:
    return _raw_manifest(w, b'{"format": "icati-bundle", ')


@case(RejectCode.MALFORMED_MANIFEST, "not an object")
def _manifest_not_an_object(w: World) -> bytes:
    return _raw_manifest(w, b'["icati-bundle"]')


@case(RejectCode.MALFORMED_MANIFEST, "manifest is invalid")
def _manifest_with_invalid_field(w: World) -> bytes:
    manifest = w.field_parts().manifest
    manifest["sequence"] = 0
    return _raw_manifest(w, canonical_bytes(manifest))


@case(RejectCode.MALFORMED_MANIFEST, "manifest is invalid")
def _manifest_with_unknown_field(w: World) -> bytes:
    manifest = w.field_parts().manifest
    manifest["run_after_import"] = "rm -rf ~"
    return _raw_manifest(w, canonical_bytes(manifest))


@case(RejectCode.MALFORMED_MANIFEST, "not in canonical form")
def _non_canonical_manifest(w: World) -> bytes:
    manifest = w.field_parts().manifest
    return _raw_manifest(w, json.dumps(manifest, indent=2).encode())


@case(RejectCode.UNKNOWN_FORMAT, "format 'icati-bundle' version 2")
def _unknown_format_version(w: World) -> bytes:
    manifest = w.field_parts().manifest
    manifest["format_version"] = 2
    return _raw_manifest(w, canonical_bytes(manifest))


@case(RejectCode.UNKNOWN_FORMAT, "format 'odk-submission'")
def _unknown_format(w: World) -> bytes:
    manifest = w.field_parts().manifest
    manifest["format"] = "odk-submission"
    return _raw_manifest(w, canonical_bytes(manifest))


@case(RejectCode.SCHEMA_TOO_NEW, "record schema 2, newer than this app's 1")
def _newer_schema_version(w: World) -> bytes:
    return _signed_with_manifest(w, lambda m: m.update(schema_version=2))


# signature and trust


@case(RejectCode.BAD_SIGNATURE, "signature does not match its content")
def _bad_signature(w: World) -> bytes:
    parts = w.field_parts()
    signature = bytearray(parts.get("manifest.sig"))
    signature[10] ^= 0x01
    parts.set("manifest.sig", bytes(signature))
    return w.to_hq(parts)


@case(RejectCode.BAD_SIGNATURE, "signature does not match its content")
def _manifest_changed_after_signing(w: World) -> bytes:
    parts = w.field_parts()
    manifest = parts.manifest
    manifest["counts"]["meeting"] += 1
    parts.set("manifest.json", forge.manifest_bytes(manifest))
    return w.to_hq(parts)


@case(RejectCode.BAD_SIGNATURE, "signature does not match its content")
def _short_signature(w: World) -> bytes:
    parts = w.field_parts()
    parts.set("manifest.sig", parts.get("manifest.sig")[:63])
    return w.to_hq(parts)


@case(RejectCode.BAD_SIGNATURE, "signature does not match its content", importer="field")
def _central_bundle_forged_by_a_field_device(w: World) -> bytes:
    parts = w.central_parts()
    forge.resign(parts, w.keys["a"], lambda m: m.update(app_version="0.1.0-evil"))
    return forge.zip_bytes(parts)


@case(RejectCode.UNKNOWN_SIGNER, "a device this store does not trust")
def _unknown_key(w: World) -> bytes:
    return w.bundles["s1"].read_bytes()


@case(RejectCode.REVOKED_SIGNER, "whose key was revoked")
def _revoked_key(w: World) -> bytes:
    return w.bundles["r1"].read_bytes()


@case(RejectCode.SIGNER_MISMATCH, "names a different key")
def _signer_mismatch(w: World) -> bytes:
    stranger = w.keys["s"]
    parts = w.field_parts()
    forge.resign(
        parts, stranger, lambda m: m["source"].update(signing_key=stranger.signing_key_b64)
    )
    return w.to_hq(parts)


@case(RejectCode.SIGNER_MISMATCH, "must be signed by a hq device")
def _field_device_posing_as_central(w: World) -> bytes:
    return _signed_with_manifest(w, lambda m: m.update(kind="central", recipients=[]))


@case(RejectCode.OWN_BUNDLE, "exported by this very device")
def _own_bundle(w: World) -> bytes:
    return w.bundles["c_next"].read_bytes()


# encryption


@case(RejectCode.DECRYPT_FAILED, "damaged or was tampered with")
def _tampered_age_ciphertext(w: World) -> bytes:
    data = bytearray(w.bundles["a_new"].read_bytes())
    data[-100] ^= 0x01
    return bytes(data)


@case(RejectCode.DECRYPT_FAILED, "damaged or was tampered with")
def _truncated_age_file(w: World) -> bytes:
    data = w.bundles["a_new"].read_bytes()
    return data[: len(data) - 300]


@case(RejectCode.DECRYPT_FAILED, "damaged or was tampered with")
def _age_header_then_garbage(w: World) -> bytes:
    return b"age-encryption.org/v1\n" + os.urandom(500)


@case(RejectCode.WRONG_RECIPIENT, "locked for another device")
def _wrong_recipient(w: World) -> bytes:
    other_hq = pyrage.x25519.Identity.generate().to_public()
    return forge.seal(forge.zip_bytes(w.field_parts()), str(other_hq))


@case(RejectCode.NOT_ENCRYPTED, "must be encrypted to HQ")
def _unencrypted_field_bundle(w: World) -> bytes:
    return w.to_hq(w.field_parts(), seal=False)


@case(RejectCode.NOT_FOR_THIS_DEVICE, "addressed to a central office, not to this device")
def _field_bundle_for_another_hq(w: World) -> bytes:
    return _signed_with_manifest(w, lambda m: m.update(recipients=[STRANGER_HQ]))


@case(RejectCode.NOT_FOR_THIS_DEVICE, "made for another device", importer="field")
def _central_bundle_for_another_device(w: World) -> bytes:
    return w.to_field(w.central_parts(), edit=lambda m: m.update(recipients=[w.ids["b"]]))


@case(
    RejectCode.NOT_ENCRYPTED, "carries field records (meeting) without encryption", importer="field"
)
def _unencrypted_central_bundle_with_field_records(w: World) -> bytes:
    parts = w.central_parts()
    meetings = w.field_parts("b1").get(MEETINGS)
    forge.add_file(parts, MEETINGS, meetings, kind="versions", record_type="meeting")
    return w.to_field(parts)


# sequence, clock and identity of the bundle


@case(RejectCode.CLOCK_AHEAD, "in the future", quarantined=True)
def _far_future_clock(w: World) -> bytes:
    later = _now() + timedelta(days=30)
    return _signed_with_manifest(w, lambda m: m.update(created_at=_iso(later)))


@case(RejectCode.EXPIRED, "expired on")
def _expired_bundle(w: World) -> bytes:
    def old(manifest: dict[str, Any]) -> None:
        manifest["created_at"] = _iso(_now() - timedelta(days=400))
        manifest["expires_at"] = _iso(_now() - timedelta(days=35))

    return _signed_with_manifest(w, old)


@case(RejectCode.BUNDLE_ID_REUSED, "same id")
def _same_bundle_id_other_bytes(w: World) -> bytes:
    parts = w.field_parts("a_old")  # imported at HQ already
    parts.set_lines(MEETINGS, parts.lines(MEETINGS)[:-1])
    return w.to_hq(parts, signer="a")


@case(RejectCode.ROLLBACK, "older than one already accepted", importer="field")
def _older_central_sequence(w: World) -> bytes:
    return w.bundles["c_old"].read_bytes()


@case(RejectCode.ROLLBACK, "older than one already accepted", importer="field")
def _replayed_central_sequence(w: World) -> bytes:
    current = w.central_parts("c_new").manifest["sequence"]
    return w.to_field(w.central_parts(), edit=lambda m: m.update(sequence=current))


@case(RejectCode.MALFORMED_MANIFEST, "sequence", importer="field")
def _central_sequence_beyond_64_bits(w: World) -> bytes:
    # Signed by HQ's (stolen) key: the number is the only thing wrong with it.
    parts = w.central_parts()
    forge.resign(
        parts,
        w.keys["hq"],
        lambda manifest: manifest.update(sequence=2**63),
        canonical=canonical_bytes,
    )
    return forge.zip_bytes(parts)


@case(RejectCode.MALFORMED_MANIFEST, "max_hlc", importer="field")
def _central_clock_beyond_64_bits(w: World) -> bytes:
    parts = w.central_parts()
    forge.resign(
        parts,
        w.keys["hq"],
        lambda manifest: manifest.update(max_hlc=[2**64, 0]),
        canonical=canonical_bytes,
    )
    return forge.zip_bytes(parts)


def _second_record_for(w: World, record_type: str, index: int = 0) -> bytes:
    """A central bundle, signed by HQ, giving something unique (a country's code, a form's
    id and version) a second record id."""
    parts = w.central_parts()
    path = f"versions/{record_type}.jsonl"
    lines = parts.lines(path)
    twin = forge.rehash(
        lines[index],
        record_id="7f0c0000-0000-4000-8000-000000000001",
        origin=w.ids["hq"],
        parents=[],
        hlc=[lines[index]["hlc"][0] + 1, 0],
    )
    parts.set_lines(path, [*lines, twin])
    return w.to_field(parts)


@case(RejectCode.DUPLICATE_RECORD, "a second record", importer="field")
def _central_bundle_giving_a_country_a_new_record_id(w: World) -> bytes:
    return _second_record_for(w, "country")


@case(RejectCode.DUPLICATE_RECORD, "a second record", importer="field")
def _central_bundle_giving_a_form_a_new_record_id(w: World) -> bytes:
    return _second_record_for(w, "form_definition")


@case(RejectCode.MALFORMED_MANIFEST, "invalid device card", importer="field")
def _central_bundle_enrolling_an_invalid_card(w: World) -> bytes:
    def mallory(manifest: dict[str, Any]) -> None:
        manifest["enrolled"][0]["card"]["name"] = "Mallory"

    return w.to_field(w.central_parts(), edit=mallory)


# the versions


@case(RejectCode.HQ_OWNED_TYPE, "which only the central office may publish")
def _field_bundle_with_hq_owned_type(w: World) -> bytes:
    resource = w.central_parts().lines("versions/resource.jsonl")[0]
    parts = w.field_parts()
    line = forge.rehash(resource, origin=w.ids["a"], parents=[])
    forge.add_file(parts, "versions/resource.jsonl", b"", kind="versions", record_type="resource")
    parts.set_lines("versions/resource.jsonl", [line])
    return w.to_hq(parts, signer="a")


@case(RejectCode.FOREIGN_VERSIONS, "versions written by another device")
def _field_bundle_with_another_devices_versions(w: World) -> bytes:
    theirs = w.field_parts("b1").lines(MEETINGS)
    return _with_lines(w, MEETINGS, lambda lines: lines.extend(theirs))


@case(RejectCode.FOREIGN_VERSIONS, "not written by the central office", importer="field")
def _central_bundle_with_field_authored_resource(w: World) -> bytes:
    parts = w.central_parts()
    lines = parts.lines("versions/resource.jsonl")
    lines[0] = forge.rehash(lines[0], origin=w.ids["b"], parents=[])
    parts.set_lines("versions/resource.jsonl", lines)
    return w.to_field(parts)


@case(RejectCode.MALFORMED_LINE, "line 6: not valid JSON")
def _malformed_json_line(w: World) -> bytes:
    return _with_raw_line(w, b'{"version_id": "')


@case(RejectCode.INVALID_VERSION, "version_id: Field required")
def _json_line_that_is_not_a_version(w: World) -> bytes:
    return _with_raw_line(w, b'{"hello": "world"}')


@case(RejectCode.INVALID_VERSION, "valid dictionary")
def _json_line_that_is_a_list(w: World) -> bytes:
    return _with_raw_line(w, b"[1, 2, 3]")


@case(RejectCode.INVALID_UTF8, "line 6 of 'versions/meeting.jsonl' is not UTF-8")
def _invalid_utf8(w: World) -> bytes:
    return _with_raw_line(w, b'{"title": "caf\xe9"}')


@case(RejectCode.OVERSIZED_LINE, "is over 20000 bytes", limits={"max_line_bytes": 20_000})
def _oversized_line(w: World) -> bytes:
    return _with_raw_line(w, b'{"padding": "' + b"x" * 30_000 + b'"}')


@case(RejectCode.INVALID_PAYLOAD, "invalid meeting (title: String should have at most 500")
def _oversized_field(w: World) -> bytes:
    def longer(lines: list[dict[str, Any]]) -> None:
        lines[0] = forge.rehash(lines[0], payload={**lines[0]["payload"], "title": "T" * 600})

    return _with_lines(w, MEETINGS, longer)


@case(RejectCode.INVALID_PAYLOAD, "invalid meeting (held_on")
def _payload_of_the_wrong_shape(w: World) -> bytes:
    def wrong(lines: list[dict[str, Any]]) -> None:
        lines[0] = forge.rehash(lines[0], payload={**lines[0]["payload"], "held_on": "tomorrow"})

    return _with_lines(w, MEETINGS, wrong)


@case(RejectCode.INVALID_PAYLOAD, "floats have no canonical form")
def _float_in_payload(w: World) -> bytes:
    def floaty(lines: list[dict[str, Any]]) -> None:
        lines[0]["payload"]["anonymous_attendee_count"] = 9.5

    parts = w.field_parts()
    lines = parts.lines(MEETINGS)
    floaty(lines)
    parts.set(MEETINGS, b"".join(json.dumps(x).encode() + b"\n" for x in lines))
    return w.to_hq(parts, signer="a")


@case(RejectCode.VERSION_ID_MISMATCH, "does not match its id")
def _version_id_not_matching_content(w: World) -> bytes:
    def edit(lines: list[dict[str, Any]]) -> None:
        lines[0]["payload"]["title"] = "a quietly rewritten title"

    return _with_lines(w, MEETINGS, edit)


@case(RejectCode.INVALID_VERSION, "deletion must have no payload")
def _deletion_with_payload(w: World) -> bytes:
    def edit(lines: list[dict[str, Any]]) -> None:
        lines[0] = forge.rehash(lines[0], deleted=True)

    return _with_lines(w, MEETINGS, edit)


@case(RejectCode.INVALID_VERSION, "a 'meeting' version in the action_item file")
def _version_in_the_wrong_file(w: World) -> bytes:
    meeting = _meeting(w)
    return _with_lines(w, ITEMS, lambda lines: lines.append(meeting))


@case(RejectCode.UNKNOWN_RECORD_TYPE, "unknown record type 'widget'")
def _unknown_record_type(w: World) -> bytes:
    parts = w.field_parts()
    line = forge.rehash(_meeting(w), record_type="widget", payload={"spin": True})
    forge.add_file(parts, "versions/widget.jsonl", b"", kind="versions", record_type="widget")
    parts.set_lines("versions/widget.jsonl", [line])
    return w.to_hq(parts, signer="a")


@case(RejectCode.INCONSISTENT_VERSION, "is a meeting, not a action_item")
def _record_changing_type(w: World) -> bytes:
    meeting_id = w.field_parts("a_old").lines(MEETINGS)[0]["record_id"]

    def edit(lines: list[dict[str, Any]]) -> None:
        lines.append(forge.rehash(lines[0], record_id=meeting_id))

    return _with_lines(w, ITEMS, edit)


@case(RejectCode.INCONSISTENT_VERSION, "names a parent of another record")
def _parent_from_another_record(w: World) -> bytes:
    def edit(lines: list[dict[str, Any]]) -> None:
        lines[0] = forge.rehash(lines[0], parents=[lines[1]["version_id"]])

    return _with_lines(w, MEETINGS, edit)


# --- the checks ------------------------------------------------------------------------------


def _tree(data_dir: Path) -> dict[str, tuple[int, int]]:
    """Every path under the data directory with its size and mtime, except the scratch space
    (checked apart: the importer must leave it empty), the logs and SQLite's WAL files."""
    found: dict[str, tuple[int, int]] = {}
    for path in data_dir.rglob("*"):
        rel = path.relative_to(data_dir)
        if rel.parts[0] in ("tmp", "logs") or path.name.endswith(("-wal", "-shm")):
            continue
        info = path.stat()
        found[rel.as_posix()] = (-1, 0) if path.is_dir() else (info.st_size, info.st_mtime_ns)
    return found


def _state(store: Store) -> tuple[str, list[str]]:
    with store.read() as session:
        return state_digest(session), check_store(session)


@dataclass
class Importer:
    store: Store
    data_dir: Path

    def snapshot(self) -> tuple[tuple[str, list[str]], dict[str, tuple[int, int]]]:
        return _state(self.store), _tree(self.data_dir)


def _importer(
    world: World, tmp_path: Path, which: str, limits: tuple[tuple[str, str], ...]
) -> Store:
    data_dir = tmp_path / "importer"
    shutil.copytree(world.dirs[which], data_dir)
    store = open_store(data_dir)
    if limits:
        with store.write() as tx:
            for name, value in limits:
                set_sync_limit(tx.session, name, value)
    return store


@pytest.fixture
def hostile(
    world: World, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[Case, Store, Path]]:
    current: Case = request.param
    store = _importer(world, tmp_path, current.importer, current.limits)
    bundle = tmp_path / "incoming" / "hostile.icati"
    bundle.parent.mkdir()
    bundle.write_bytes(current.build(world))
    try:
        yield current, store, bundle
    finally:
        store.close()


def test_the_corpus_is_large_and_names_are_unique() -> None:
    assert len(CASES) >= 45
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("hostile", CASES, ids=[c.name for c in CASES], indirect=True)
def test_hostile_bundle_is_refused_and_changes_nothing(hostile: tuple[Case, Store, Path]) -> None:
    current, store, bundle = hostile
    before_state, before_tree = _state(store), _tree(store.data_dir)
    assert before_state[1] == []
    with pytest.raises(BundleRejected) as caught:
        import_bundle(store, bundle)
    assert caught.value.code is current.code, caught.value.message
    assert current.says in caught.value.message
    assert _state(store) == before_state
    after_tree = _tree(store.data_dir)
    if current.quarantined:
        bundle_id = json.loads(_unsealed_manifest(bundle, store))["bundle_id"]
        kept = f"quarantine/{bundle_id}.icati"
        assert set(after_tree) - set(before_tree) == {"quarantine", kept}
        assert (store.data_dir / kept).read_bytes() == bundle.read_bytes()
        assert f"a copy is kept in {store.data_dir / kept}" in caught.value.message
        after_tree = {k: v for k, v in after_tree.items() if not k.startswith("quarantine")}
    else:
        assert "copy is kept" not in caught.value.message
    assert after_tree == before_tree
    assert list(store.scratch.path.iterdir()) == []


def _unsealed_manifest(bundle: Path, store: Store) -> bytes:
    identity = load_age_identity_if_any(store.data_dir / "keys")
    return forge.unpack(bundle, identity).get("manifest.json")


CLI_CASES = [
    "dot_dot_path",
    "bad_signature",
    "wrong_recipient",
    "field_bundle_with_hq_owned_type",
    "older_central_sequence",
    "malformed_json_line",
]


@pytest.mark.parametrize(
    "hostile", [c for c in CASES if c.name in CLI_CASES], ids=lambda c: c.name, indirect=True
)
def test_the_cli_reports_a_refusal_as_json(
    hostile: tuple[Case, Store, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    current, store, bundle = hostile
    before_state, before_tree = _state(store), _tree(store.data_dir)
    argv = ["--data-dir", str(store.data_dir), "bundle", "import", str(bundle), "--json"]
    assert main(argv) == 1
    out = capsys.readouterr()
    reply = json.loads(out.out)
    assert reply == {"ok": False, "code": current.code.value, "message": reply["message"]}
    assert current.says in reply["message"]
    assert current.code.value in out.err
    assert _state(store) == before_state
    assert _tree(store.data_dir) == before_tree
