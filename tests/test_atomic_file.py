"""A file written atomically is the whole new file, or the old one: never half of one."""

from __future__ import annotations

from pathlib import Path

import pytest

from icati_desktop.atomic_file import atomic_path, atomic_text, partial_path, write_atomic


class Boom(Exception):
    pass


def test_the_partial_file_is_hidden_beside_the_target(tmp_path: Path) -> None:
    target = tmp_path / "events.ics"
    assert partial_path(target) == tmp_path / ".events.ics.partial"
    with atomic_path(target) as tmp:
        assert tmp == partial_path(target)
        tmp.write_bytes(b"BEGIN:VCALENDAR")
        assert not target.exists(), "the target appears only when complete"
    assert target.read_bytes() == b"BEGIN:VCALENDAR"
    assert list(tmp_path.iterdir()) == [target]


def test_a_new_file_replaces_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "release.json"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert list(tmp_path.iterdir()) == [target]


def test_a_failure_leaves_the_old_file_and_no_partial(tmp_path: Path) -> None:
    target = tmp_path / "list.vcf"
    target.write_bytes(b"old")

    def half_a_card() -> None:
        with atomic_text(target) as handle:
            handle.write("BEGIN:VCARD\r\n")
            raise Boom()

    with pytest.raises(Boom):
        half_a_card()
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_a_writer_that_made_no_file_fails_instead_of_replacing(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    with pytest.raises(FileNotFoundError), atomic_path(target):
        pass
    assert target.read_bytes() == b"old"


def test_text_keeps_the_line_ends_the_writer_chose(tmp_path: Path) -> None:
    target = tmp_path / "card.vcf"
    with atomic_text(target, encoding="utf-8-sig") as handle:
        handle.write("FN:Amina\r\nN:;;\n")
    assert target.read_bytes() == b"\xef\xbb\xbfFN:Amina\r\nN:;;\n"
