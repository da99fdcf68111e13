"""`icati identity`, `icati trust` and `icati conflicts` end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from icati_desktop.cli import main
from icati_desktop.domain.library import Resource
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from tests.store.helpers import deliver, resource


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out


def fails(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 1, out + err
    assert err.startswith("icati: ")
    assert err.count("\n") == 1
    return err


def init(capsys: pytest.CaptureFixture[str], data: Path, role: str, name: str) -> Path:
    ok(capsys, "--data-dir", str(data), "init", "--role", role, "--name", name)
    return data


@pytest.fixture
def hq(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    return init(capsys, tmp_path / "hq", "hq", "Central office")


@pytest.fixture
def field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    return init(capsys, tmp_path / "field", "field", "Amina")


def show(capsys: pytest.CaptureFixture[str], data: Path) -> dict[str, str]:
    result: dict[str, str] = json.loads(
        ok(capsys, "--data-dir", str(data), "identity", "show", "--json")
    )
    return result


def export(capsys: pytest.CaptureFixture[str], data: Path, out: Path) -> Path:
    ok(capsys, "--data-dir", str(data), "identity", "export", "--out", str(out))
    return out


def test_init_creates_both_private_keys_with_0600(field: Path) -> None:
    for name in ("signing-key.pem", "age-identity.txt"):
        assert (field / "keys" / name).stat().st_mode & 0o777 == 0o600
    assert "AGE-SECRET-KEY-1" in (field / "keys" / "age-identity.txt").read_text()


def test_identity_show(field: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = show(capsys, field)
    assert set(data) == {
        "device_id",
        "role",
        "name",
        "signing_key",
        "age_recipient",
        "fingerprint",
    }
    assert (data["role"], data["name"]) == ("field", "Amina")
    assert re.fullmatch(r"[0-9a-f]{32}", data["device_id"])
    assert data["age_recipient"].startswith("age1")
    assert re.fullmatch(r"([A-Z2-7]{4}-){4}[A-Z2-7]{4}", data["fingerprint"])
    text = ok(capsys, "--data-dir", str(field), "identity", "show")
    assert data["fingerprint"] in text
    assert data["device_id"] in text
    info = json.loads(ok(capsys, "--data-dir", str(field), "info", "--json"))
    assert info["device_id"] == data["device_id"]


def test_identity_export_writes_a_card_and_does_not_overwrite(
    field: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(capsys, field, tmp_path / "amina.json")
    card = json.loads(out.read_text())
    assert card["card"]["device_id"] == show(capsys, field)["device_id"]
    assert "AGE-SECRET" not in out.read_text()
    assert "PRIVATE" not in out.read_text()
    err = fails(capsys, "--data-dir", str(field), "identity", "export", "--out", str(out))
    assert "already exists" in err
    assert "--force" in err
    out.write_text("something else")
    ok(capsys, "--data-dir", str(field), "identity", "export", "--out", str(out), "--force")
    assert json.loads(out.read_text()) == card


def test_identity_on_a_store_without_keys_says_run_init(
    field: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (field / "keys" / "age-identity.txt").unlink()
    err = fails(capsys, "--data-dir", str(field), "identity", "show")
    assert "run icati init" in err


def test_enrolment_both_ways_then_list_and_revoke(
    hq: Path, field: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hq_card = export(capsys, hq, tmp_path / "hq.json")
    field_card = export(capsys, field, tmp_path / "field.json")
    field_id = show(capsys, field)["device_id"]

    text = ok(capsys, "--data-dir", str(hq), "trust", "add", str(field_card))
    assert show(capsys, field)["fingerprint"] in text
    added = json.loads(ok(capsys, "--data-dir", str(field), "trust", "add", str(hq_card), "--json"))
    assert added["role"] == "hq"
    assert added["fingerprint"] == show(capsys, hq)["fingerprint"]

    listed = json.loads(ok(capsys, "--data-dir", str(hq), "trust", "list", "--json"))
    assert [(d["device_id"], d["role"], d["source"], d["revoked_at"]) for d in listed] == [
        (field_id, "field", "local", None)
    ]
    assert "Amina" in ok(capsys, "--data-dir", str(hq), "trust", "list")

    ok(capsys, "--data-dir", str(hq), "trust", "revoke", field_id)
    listed = json.loads(ok(capsys, "--data-dir", str(hq), "trust", "list", "--json"))
    assert listed[0]["revoked_at"] is not None
    assert "REVOKED" in ok(capsys, "--data-dir", str(hq), "trust", "list")
    err = fails(capsys, "--data-dir", str(hq), "trust", "add", str(field_card))
    assert "revoked devices stay revoked" in err


def test_trust_failures_are_one_line(
    hq: Path, field: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = export(capsys, field, tmp_path / "own.json")
    assert "own identity card" in fails(capsys, "--data-dir", str(field), "trust", "add", str(own))
    other_field = init(capsys, tmp_path / "f2", "field", "Other")
    assert "trusts only its central office" in fails(
        capsys, "--data-dir", str(other_field), "trust", "add", str(own)
    )
    tampered = json.loads(own.read_text())
    tampered["card"]["role"] = "hq"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(tampered))
    assert "signature does not match" in fails(
        capsys, "--data-dir", str(hq), "trust", "add", str(bad)
    )
    junk = tmp_path / "junk.txt"
    junk.write_text("hello")
    assert "not JSON" in fails(capsys, "--data-dir", str(hq), "trust", "add", str(junk))
    assert "cannot read" in fails(
        capsys, "--data-dir", str(hq), "trust", "add", str(tmp_path / "missing.json")
    )
    assert "no trusted device" in fails(
        capsys, "--data-dir", str(hq), "trust", "revoke", "0123456789abcdef"
    )


def test_a_field_device_refuses_a_second_hq(
    hq: Path, field: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok(capsys, "--data-dir", str(field), "trust", "add", str(export(capsys, hq, tmp_path / "1")))
    other = init(capsys, tmp_path / "hq2", "hq", "Regional office")
    err = fails(
        capsys, "--data-dir", str(field), "trust", "add", str(export(capsys, other, tmp_path / "2"))
    )
    assert "already trusts HQ" in err
    assert "icati trust revoke" in err


def test_conflicts_list_and_resolve(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a_dir = init(capsys, tmp_path / "a", "hq", "Vienna")
    b_dir = init(capsys, tmp_path / "b", "hq", "Nairobi")
    assert "no open conflicts" in ok(capsys, "--data-dir", str(a_dir), "conflicts", "list")
    a, b = open_store(a_dir), open_store(b_dir)
    try:
        original = RecordService(a).create(resource("Guide", year=2000, publisher="UNODC"))
        deliver(a, b)
        RecordService(a).update(
            original.record_id, resource("Guide", year=2001, publisher="UNODC Vienna")
        )
        RecordService(b).update(
            original.record_id, resource("Guide (B)", year=2002, publisher="UN")
        )
        deliver(b, a)
    finally:
        a.close()
        b.close()

    [conflict] = json.loads(ok(capsys, "--data-dir", str(a_dir), "conflicts", "list", "--json"))
    assert conflict["record_id"] == original.record_id
    assert conflict["record_type"] == "resource"
    assert conflict["differing_fields"] == ["publisher", "year"]  # the title merged
    assert [p["text"] for p in conflict["paths"]] == ["publisher", "year"]
    year = conflict["paths"][1]
    assert (year["base_present"], year["base"]) == (True, 2000)
    assert sorted(v["value"] for v in year["values"]) == [2001, 2002]
    assert {"version_id", "origin", "hlc", "present", "value", "changed"} == set(year["values"][0])
    assert len(conflict["leaves"]) == 2
    leaf = conflict["leaves"][0]
    assert set(leaf) == {
        "version_id",
        "origin",
        "origin_name",
        "time",
        "counter",
        "deleted",
        "shown",
    }
    assert leaf["time"].endswith("Z")
    names = {leaf["origin_name"] for leaf in conflict["leaves"]}
    assert "Vienna" in names
    text = ok(capsys, "--data-dir", str(a_dir), "conflicts", "list")
    assert original.record_id in text
    assert "conflicting fields: publisher, year" in text
    assert '"UNODC Vienna"' in text

    # one path chosen, the other as shown; a path that does not conflict is refused
    err = fails(
        capsys,
        "--data-dir",
        str(a_dir),
        "conflicts",
        "resolve",
        original.record_id,
        "--choose",
        "title/en=base",
    )
    assert "not a conflicting path" in err
    assert "publisher, year" in err

    err = fails(
        capsys,
        "--data-dir",
        str(a_dir),
        "conflicts",
        "resolve",
        original.record_id,
        "--keep",
        original.version_id,
    )
    assert "icati conflicts list" in err
    keep = conflict["leaves"][1]["version_id"]
    resolved = json.loads(
        ok(
            capsys,
            "--data-dir",
            str(a_dir),
            "conflicts",
            "resolve",
            original.record_id,
            "--keep",
            keep[:12],
            "--choose",
            "publisher=base",
            "--json",
        )
    )
    assert resolved["kept"] == keep
    assert "no open conflicts" in ok(capsys, "--data-dir", str(a_dir), "conflicts", "list")
    a = open_store(a_dir)
    try:
        shown = RecordService(a).get(Resource, original.record_id).payload
    finally:
        a.close()
    kept_year = next(v["value"] for v in year["values"] if v["version_id"] == keep)
    assert (shown.title, shown.year, shown.publisher) == ({"en": "Guide (B)"}, kept_year, "UNODC")
    err = fails(
        capsys,
        "--data-dir",
        str(a_dir),
        "conflicts",
        "resolve",
        original.record_id,
        "--keep",
        keep,
    )
    assert "no open conflict" in err
    err = fails(
        capsys,
        "--data-dir",
        str(a_dir),
        "conflicts",
        "resolve",
        "00000000-0000-0000-0000-000000000000",
        "--keep",
        keep,
    )
    assert "no record" in err
