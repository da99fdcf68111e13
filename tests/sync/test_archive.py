"""SafeArchive refuses hostile zips before reading them and verifies what it streams."""

from __future__ import annotations

import hashlib
import stat
import struct
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from icati_desktop.sync.archive import SafeArchive
from icati_desktop.sync.errors import BundleRejected, RejectCode
from icati_desktop.sync.limits import MiB, SyncLimits

LIMITS = SyncLimits()
LOCAL = struct.Struct("<4s2B4HL2L2H")
CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
END = struct.Struct("<4s4H2LH")
REGULAR = (stat.S_IFREG | 0o644) << 16


@dataclass
class Member:
    """One entry of a hand-built zip; the overrides let a test lie in the central directory."""

    name: bytes
    data: bytes = b"data"
    method: int = zipfile.ZIP_STORED
    flags: int = 0
    system: int = 3
    attr: int = REGULAR
    crc: int | None = None
    file_size: int | None = None
    compress_size: int | None = None
    local_name: bytes | None = None
    offset: int | None = None
    """Central header offset; with ``offset`` set no local header is written for the entry."""


def raw_zip(members: list[Member]) -> bytes:
    out, central = bytearray(), bytearray()
    for m in members:
        crc = zlib.crc32(m.data) if m.crc is None else m.crc
        size = len(m.data) if m.file_size is None else m.file_size
        local = m.local_name if m.local_name is not None else m.name
        offset = len(out) if m.offset is None else m.offset
        common = (m.flags, m.method, 0, 0x21, crc)  # flags, method, time, date (1980-01-01), CRC
        if m.offset is None:
            out += LOCAL.pack(b"PK\x03\x04", 20, 0, *common, len(m.data), size, len(local), 0)
            out += local + m.data
        packed = len(m.data) if m.compress_size is None else m.compress_size
        sizes = (packed, size, len(m.name), 0, 0, 0, 0)  # …, extra, comment, disk, internal attr
        central += CENTRAL.pack(b"PK\x01\x02", 20, m.system, 20, 0, *common, *sizes, m.attr, offset)
        central += m.name
    n = len(members)
    return bytes(out + central + END.pack(b"PK\x05\x06", 0, 0, n, n, len(central), len(out), 0))


def write(tmp_path: Path, content: bytes, name: str = "bundle.zip") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def zip_of(tmp_path: Path, files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def rejected(path: Path, limits: SyncLimits = LIMITS) -> BundleRejected:
    with pytest.raises(BundleRejected) as caught:
        SafeArchive.open(path, limits).close()
    return caught.value


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


LINES = b'{"n":1}\n\n{"n":"\xc3\xa9"}\n{"n":3}'
BLOB = bytes(range(256)) * 300
GOOD = {
    "manifest.json": b'{"format":"icati-bundle"}',
    "manifest.sig": b"s" * 64,
    "versions/person.jsonl": LINES,
    f"blobs/{sha(BLOB)}": BLOB,
}


# --- good archives ----------------------------------------------------------------------------


def test_a_good_archive_reads_back(tmp_path: Path) -> None:
    with SafeArchive.open(zip_of(tmp_path, GOOD), LIMITS) as archive:
        assert archive.names == frozenset(GOOD)
        archive.check_names(set(GOOD))
        assert archive.size_of("versions/person.jsonl") == len(LINES)
        assert archive.read_bytes("manifest.json", max_bytes=100) == GOOD["manifest.json"]
        lines = archive.iter_lines(
            "versions/person.jsonl", size=len(LINES), sha256=sha(LINES), max_line_bytes=20
        )
        assert list(lines) == [(1, '{"n":1}'), (3, '{"n":"é"}'), (4, '{"n":3}')]
        name = f"blobs/{sha(BLOB)}"
        with archive.open_verified(name, size=len(BLOB), sha256=sha(BLOB)) as stream:
            chunks = iter(lambda: stream.read(1000), b"")
            assert b"".join(chunks) == BLOB
            assert stream.read() == b""


def test_stored_members_read_back_too(tmp_path: Path) -> None:
    with SafeArchive.open(zip_of(tmp_path, GOOD, zipfile.ZIP_STORED), LIMITS) as archive:
        name = f"blobs/{sha(BLOB)}"
        with archive.open_verified(name, size=len(BLOB), sha256=sha(BLOB).upper()) as stream:
            assert stream.read() == BLOB


def test_a_compressible_file_under_one_mib_is_no_bomb(tmp_path: Path) -> None:
    zeros = bytes(MiB)
    with SafeArchive.open(zip_of(tmp_path, {"blobs/z": zeros}), LIMITS) as archive:
        assert archive.read_bytes("blobs/z", max_bytes=MiB) == zeros


def test_opening_and_reading_never_creates_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = zip_of(tmp_path, GOOD)
    write(tmp_path, raw_zip([Member(b"../escape")]), "hostile.zip")
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    with SafeArchive.open(path, LIMITS) as archive:
        for name in GOOD:
            data = GOOD[name]
            with archive.open_verified(name, size=len(data), sha256=sha(data)) as stream:
                assert stream.read() == data
    assert rejected(tmp_path / "hostile.zip").code is RejectCode.PATH_TRAVERSAL
    assert sorted(tmp_path.rglob("*")) == before


# --- the file itself --------------------------------------------------------------------------


def test_what_is_not_a_zip_is_not_a_bundle(tmp_path: Path) -> None:
    assert rejected(write(tmp_path, b"hello, world")).code is RejectCode.NOT_A_BUNDLE
    assert rejected(write(tmp_path, b"")).code is RejectCode.NOT_A_BUNDLE
    assert rejected(tmp_path / "absent.zip").code is RejectCode.NOT_A_BUNDLE


@pytest.mark.parametrize("keep", [0.5, 0.99])
def test_a_cut_off_zip_is_truncated(tmp_path: Path, keep: float) -> None:
    whole = zip_of(tmp_path, GOOD).read_bytes()
    path = write(tmp_path, whole[: int(len(whole) * keep)], "cut.zip")
    assert rejected(path).code is RejectCode.TRUNCATED


def test_a_file_over_the_size_limit(tmp_path: Path) -> None:
    limits = SyncLimits(max_bundle_bytes=100)
    assert rejected(zip_of(tmp_path, GOOD), limits).code is RejectCode.BUNDLE_TOO_LARGE


# --- entries ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("../evil", RejectCode.PATH_TRAVERSAL),
        ("versions/../../evil", RejectCode.PATH_TRAVERSAL),
        ("..\\evil", RejectCode.PATH_TRAVERSAL),
        ("/etc/passwd", RejectCode.ABSOLUTE_PATH),
        ("\\windows\\evil", RejectCode.ABSOLUTE_PATH),
        ("C:/evil", RejectCode.DRIVE_LETTER),
        ("c:evil", RejectCode.DRIVE_LETTER),
        ("versions\\evil", RejectCode.BACKSLASH_PATH),
        ("", RejectCode.BAD_ENTRY_NAME),
        ("versions//evil", RejectCode.BAD_ENTRY_NAME),
        ("./evil", RejectCode.BAD_ENTRY_NAME),
        ("versions/./evil", RejectCode.BAD_ENTRY_NAME),
        ("evil\x00.txt", RejectCode.BAD_ENTRY_NAME),
        ("evil\x1b[2J", RejectCode.BAD_ENTRY_NAME),
        ("evil\u202etxt.exe", RejectCode.BAD_ENTRY_NAME),
        ("evil\u2028", RejectCode.BAD_ENTRY_NAME),
        ("e" * 256, RejectCode.BAD_ENTRY_NAME),
        ("é" * 128, RejectCode.BAD_ENTRY_NAME),  # 128 characters, 256 bytes
        ("cafe\u0301", RejectCode.BAD_ENTRY_NAME),  # not NFC
        ("versions/", RejectCode.DIRECTORY_ENTRY),
    ],
)
def test_unsafe_entry_names(tmp_path: Path, name: str, code: RejectCode) -> None:
    member = Member(name.encode(), flags=0 if name.isascii() else 0x800)
    assert rejected(write(tmp_path, raw_zip([member]))).code is code


def test_non_ascii_names_must_be_marked_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, raw_zip([Member("café".encode("cp437"))]))
    assert rejected(path).code is RejectCode.BAD_ENTRY_NAME


def test_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, raw_zip([Member(b"caf\xff", flags=0x800)]))
    assert rejected(path).code is RejectCode.BAD_ENTRY_NAME


def test_the_local_header_must_carry_the_same_name(tmp_path: Path) -> None:
    member = Member(b"manifest.json", local_name=b"../../.bashrc")
    assert rejected(write(tmp_path, raw_zip([member]))).code is RejectCode.BAD_ENTRY_NAME


@pytest.mark.parametrize(
    ("attr", "system", "code"),
    [
        ((stat.S_IFLNK | 0o777) << 16, 3, RejectCode.SYMLINK_ENTRY),
        ((stat.S_IFDIR | 0o755) << 16, 3, RejectCode.DIRECTORY_ENTRY),
        (0x10, 0, RejectCode.DIRECTORY_ENTRY),  # MS-DOS directory attribute
    ],
)
def test_links_and_directories(tmp_path: Path, attr: int, system: int, code: RejectCode) -> None:
    path = write(tmp_path, raw_zip([Member(b"blobs/x", attr=attr, system=system)]))
    assert rejected(path).code is code


def test_unix_mode_bits_mean_nothing_from_other_systems(tmp_path: Path) -> None:
    member = Member(b"blobs/x", attr=(stat.S_IFLNK | 0o777) << 16, system=0)
    with SafeArchive.open(write(tmp_path, raw_zip([member])), LIMITS) as archive:
        assert archive.names == {"blobs/x"}


@pytest.mark.parametrize(
    ("first", "second"),
    [("a.json", "a.json"), ("versions/A.jsonl", "versions/a.jsonl"), ("straße", "STRASSE")],
)
def test_duplicate_names(tmp_path: Path, first: str, second: str) -> None:
    members = [Member(first.encode(), flags=0x800), Member(second.encode(), flags=0x800)]
    assert rejected(write(tmp_path, raw_zip(members))).code is RejectCode.DUPLICATE_ENTRY


def test_duplicates_written_by_zipfile(tmp_path: Path) -> None:
    path = tmp_path / "bundle.zip"
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w") as archive:
        warnings.simplefilter("ignore")
        archive.writestr("manifest.json", b"{}")
        archive.writestr("manifest.json", b'{"evil":1}')
    assert rejected(path).code is RejectCode.DUPLICATE_ENTRY


@pytest.mark.parametrize(
    ("member", "code"),
    [
        (Member(b"x", method=zipfile.ZIP_BZIP2), RejectCode.UNSUPPORTED_COMPRESSION),
        (Member(b"x", method=zipfile.ZIP_LZMA), RejectCode.UNSUPPORTED_COMPRESSION),
        (Member(b"x", method=99), RejectCode.UNSUPPORTED_COMPRESSION),
        (Member(b"x", flags=0x1), RejectCode.ENCRYPTED_ENTRY),
        (Member(b"x", flags=0x1, method=99), RejectCode.ENCRYPTED_ENTRY),  # AES
        (Member(b"x", file_size=3 * MiB, compress_size=0), RejectCode.ZIP_BOMB_RATIO),
    ],
)
def test_unusual_entries(tmp_path: Path, member: Member, code: RejectCode) -> None:
    assert rejected(write(tmp_path, raw_zip([member]))).code is code


def test_a_deflated_run_of_zeros_is_a_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bundle.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("blobs/zeros", "w") as member,
    ):
        for _ in range(50):
            member.write(bytes(MiB))
    assert rejected(path).code is RejectCode.ZIP_BOMB_RATIO


def test_size_limits(tmp_path: Path) -> None:
    path = zip_of(tmp_path, {"a": b"x" * 10, "b": b"y" * 10, "c": b"z"})
    assert rejected(path, SyncLimits(max_entries=2)).code is RejectCode.TOO_MANY_ENTRIES
    assert rejected(path, SyncLimits(max_entry_bytes=9)).code is RejectCode.ENTRY_TOO_LARGE
    assert rejected(path, SyncLimits(max_total_bytes=20)).code is RejectCode.TOTAL_TOO_LARGE
    SafeArchive.open(path, SyncLimits(max_entries=3, max_total_bytes=21)).close()


# --- data ranges ------------------------------------------------------------------------------


def test_an_entry_hidden_inside_another_overlaps(tmp_path: Path) -> None:
    inner = LOCAL.pack(b"PK\x03\x04", 20, 0, 0, 0, 0, 0x21, zlib.crc32(b"evil"), 4, 4, 1, 0)
    inner += b"b" + b"evil"
    outer = Member(b"a", data=b"xx" + inner + b"yy")
    hidden = Member(b"b", data=b"evil", offset=LOCAL.size + 1 + 2)
    path = write(tmp_path, raw_zip([outer, hidden]))
    assert rejected(path).code is RejectCode.OVERLAPPING_ENTRIES


def test_data_running_into_the_central_directory(tmp_path: Path) -> None:
    members = [Member(b"a"), Member(b"b", compress_size=5)]
    assert rejected(write(tmp_path, raw_zip(members))).code is RejectCode.OVERLAPPING_ENTRIES


def test_a_header_offset_outside_the_data(tmp_path: Path) -> None:
    members = [Member(b"a"), Member(b"b", offset=10_000)]
    assert rejected(write(tmp_path, raw_zip(members))).code is RejectCode.OVERLAPPING_ENTRIES


def test_an_offset_that_finds_no_local_header(tmp_path: Path) -> None:
    members = [Member(b"a", data=b"0123456789" * 10), Member(b"b", offset=LOCAL.size + 1 + 2)]
    assert rejected(write(tmp_path, raw_zip(members))).code is RejectCode.CORRUPT_ENTRY


# --- streaming --------------------------------------------------------------------------------


def test_content_altered_after_hashing(tmp_path: Path) -> None:
    original, altered = b'{"amount":100}\n', b'{"amount":900}\n'
    with SafeArchive.open(zip_of(tmp_path, {"v.jsonl": altered}), LIMITS) as archive:
        lines = archive.iter_lines(
            "v.jsonl", size=len(original), sha256=sha(original), max_line_bytes=100
        )
        with pytest.raises(BundleRejected) as caught:
            list(lines)
        assert caught.value.code is RejectCode.HASH_MISMATCH
        with archive.open_verified("v.jsonl", size=15, sha256=sha(original)) as stream:
            with pytest.raises(BundleRejected) as caught:
                stream.read()
            assert caught.value.code is RejectCode.HASH_MISMATCH
            with pytest.raises(BundleRejected):  # and it keeps failing
                stream.read()


def test_a_size_other_than_the_manifests(tmp_path: Path) -> None:
    with SafeArchive.open(zip_of(tmp_path, {"v.jsonl": b"abc"}), LIMITS) as archive:
        with pytest.raises(BundleRejected) as caught:
            archive.open_verified("v.jsonl", size=4, sha256=sha(b"abc"))
        assert caught.value.code is RejectCode.SIZE_MISMATCH


def test_a_member_shorter_than_declared(tmp_path: Path) -> None:
    # A deflate stream that ends early, with a CRC matching what it does hold.
    short = zlib.compressobj(wbits=-15)
    data = short.compress(b"abc") + short.flush()
    crc = zlib.crc32(b"abc")
    member = Member(b"v", data=data, method=zipfile.ZIP_DEFLATED, crc=crc, file_size=10)
    with SafeArchive.open(write(tmp_path, raw_zip([member])), LIMITS) as archive:
        stream = archive.open_verified("v", size=10, sha256=sha(b"abc"))
        with stream, pytest.raises(BundleRejected) as caught:
            stream.read()
        assert caught.value.code is RejectCode.SIZE_MISMATCH
        with pytest.raises(BundleRejected) as caught:
            archive.read_bytes("v", max_bytes=100)
        assert caught.value.code is RejectCode.CORRUPT_ENTRY


@pytest.mark.parametrize(
    "member",
    [
        Member(b"v", data=b"abcdef", crc=12345),
        Member(b"v", data=b"\xff\xfe garbage", method=zipfile.ZIP_DEFLATED, file_size=6),
    ],
)
def test_crc_and_deflate_corruption(tmp_path: Path, member: Member) -> None:
    with SafeArchive.open(write(tmp_path, raw_zip([member])), LIMITS) as archive:
        stream = archive.open_verified("v", size=6, sha256=sha(b"abcdef"))
        with stream, pytest.raises(BundleRejected) as caught:
            stream.read()
        assert caught.value.code is RejectCode.CORRUPT_ENTRY
        with pytest.raises(BundleRejected) as caught:
            archive.read_bytes("v", max_bytes=100)
        assert caught.value.code is RejectCode.CORRUPT_ENTRY


def test_a_flipped_byte_in_a_zipfile_member(tmp_path: Path) -> None:
    content = b"the original content of a blob"
    raw = bytearray(zip_of(tmp_path, {"blob": content}, zipfile.ZIP_STORED).read_bytes())
    raw[raw.index(b"original")] ^= 0x20
    path = write(tmp_path, bytes(raw), "flipped.zip")
    with SafeArchive.open(path, LIMITS) as archive:
        stream = archive.open_verified("blob", size=len(content), sha256=sha(content))
        with stream, pytest.raises(BundleRejected) as caught:
            stream.read()
        assert caught.value.code is RejectCode.CORRUPT_ENTRY


@pytest.mark.parametrize(
    ("content", "limit", "code", "line"),
    [
        (b'{"a":1}\n' + b"x" * 11 + b"\n", 10, RejectCode.OVERSIZED_LINE, 2),
        (b"x" * 11, 10, RejectCode.OVERSIZED_LINE, 1),
        (b'{"a":1}\n\n{"b":"\xff"}\n', 100, RejectCode.INVALID_UTF8, 3),
    ],
)
def test_bad_lines(tmp_path: Path, content: bytes, limit: int, code: RejectCode, line: int) -> None:
    with SafeArchive.open(zip_of(tmp_path, {"v.jsonl": content}), LIMITS) as archive:
        lines = archive.iter_lines(
            "v.jsonl", size=len(content), sha256=sha(content), max_line_bytes=limit
        )
        with pytest.raises(BundleRejected) as caught:
            list(lines)
    assert caught.value.code is code
    assert f"line {line} of 'v.jsonl'" in caught.value.message


def test_a_line_of_exactly_the_limit_is_fine(tmp_path: Path) -> None:
    content = b"x" * 10 + b"\n" + b"y" * 10
    with SafeArchive.open(zip_of(tmp_path, {"v.jsonl": content}), LIMITS) as archive:
        lines = archive.iter_lines(
            "v.jsonl", size=len(content), sha256=sha(content), max_line_bytes=10
        )
        assert list(lines) == [(1, "x" * 10), (2, "y" * 10)]


# --- names and messages -----------------------------------------------------------------------


def test_check_names(tmp_path: Path) -> None:
    with SafeArchive.open(zip_of(tmp_path, GOOD), LIMITS) as archive:
        with pytest.raises(BundleRejected) as caught:
            archive.check_names(set(GOOD) - {"manifest.sig"})
        assert caught.value.code is RejectCode.UNEXPECTED_ENTRY
        assert "'manifest.sig'" in caught.value.message
        with pytest.raises(BundleRejected) as caught:
            archive.check_names(set(GOOD) | {"blobs/missing"})
        assert caught.value.code is RejectCode.MISSING_ENTRY
        with pytest.raises(BundleRejected) as caught:
            archive.read_bytes("blobs/missing", max_bytes=10)
        assert caught.value.code is RejectCode.MISSING_ENTRY
        with pytest.raises(BundleRejected) as caught:
            archive.read_bytes("manifest.sig", max_bytes=63)
        assert caught.value.code is RejectCode.ENTRY_TOO_LARGE


def test_messages_show_little_of_a_hostile_name(tmp_path: Path) -> None:
    name = "\x1b]0;pwned\x07" + "A" * 5000
    message = rejected(write(tmp_path, raw_zip([Member(name.encode())]))).message
    assert "\\x1b" in message
    assert "\x1b" not in message
    assert len(message) < 200
    assert message.endswith("ask the sender for a new bundle")


def test_the_entry_limit_is_checked_before_the_index_is_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    from icati_desktop.sync import archive as archive_module

    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(50):
            zf.writestr(f"f{i}", b"")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("zipfile must not load the index of an over-limit archive")

    monkeypatch.setattr(archive_module, "_open_zip", refuse)
    with pytest.raises(BundleRejected) as info:
        SafeArchive.open(path, SyncLimits(max_entries=10))
    assert info.value.code is RejectCode.TOO_MANY_ENTRIES
