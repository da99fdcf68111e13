"""Scopes end to end through `icati`: enrol with countries, change them, export per device,
refuse what is missing, and a removal asked for at HQ carried out on the device."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icati_desktop.domain.meetings import Meeting, MeetingFormat, MeetingType
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from tests.cli.test_identity_cli import fails, ok


def icati(capsys: pytest.CaptureFixture[str], data: Path, *argv: str) -> str:
    return ok(capsys, "--data-dir", str(data), *argv)


def as_json(capsys: pytest.CaptureFixture[str], data: Path, *argv: str) -> object:
    return json.loads(icati(capsys, data, *argv, "--json"))


def meeting(data: Path, country: str) -> None:
    store = open_store(data)
    try:
        RecordService(store).create(
            Meeting(
                title=f"Steering committee, {country}",
                country=country,
                held_on="2026-03-02",  # type: ignore[arg-type]
                format=MeetingFormat.IN_PERSON,
                meeting_type=MeetingType.STRATEGIC,
            )
        )
    finally:
        store.close()


def meeting_countries(capsys: pytest.CaptureFixture[str], data: Path) -> set[str]:
    store = open_store(data)
    try:
        with store.read() as session:
            from sqlalchemy import select

            from icati_desktop.store.tables.field import MeetingRow

            return set(session.scalars(select(MeetingRow.country)))
    finally:
        store.close()


def test_scopes_from_enrolment_to_removal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hq, amina = tmp_path / "hq", tmp_path / "amina"
    icati(capsys, hq, "init", "--role", "hq", "--name", "ICATI HQ")
    err = fails(
        capsys,
        "--data-dir",
        str(amina),
        "init",
        "--role",
        "field",
        "--name",
        "Amina",
        "--countries",
        "ken,xxx",
    )
    assert "XXX: not country codes" in err
    assert not (amina / "icati.sqlite3").exists()  # refused before anything was written
    icati(capsys, amina, "init", "--role", "field", "--name", "Amina", "--countries", "ken,uga")
    shown = as_json(capsys, amina, "identity", "show")
    assert isinstance(shown, dict)
    assert (shown["proposed_countries"], shown["countries"]) == (["KEN", "UGA"], None)
    card, hq_card = tmp_path / "amina.json", tmp_path / "hq.json"
    icati(capsys, amina, "identity", "export", "--out", str(card))
    icati(capsys, hq, "identity", "export", "--out", str(hq_card))

    # HQ must confirm the countries; the card's proposal is what it is told to give
    err = fails(capsys, "--data-dir", str(hq), "trust", "add", str(card))
    assert "--countries KEN,UGA (as its card proposes)" in err
    assert "XXX is not a country code" in fails(
        capsys, "--data-dir", str(hq), "trust", "add", str(card), "--countries", "KEN,XXX"
    )
    assert as_json(capsys, hq, "trust", "list") == []  # a refusal changes nothing
    added = as_json(capsys, hq, "trust", "add", str(card), "--countries", "KEN,UGA")
    assert isinstance(added, dict)
    assert added["countries"] == ["KEN", "UGA"]
    icati(capsys, amina, "trust", "add", str(hq_card))

    for country in ("KEN", "UGA", "TZA"):
        meeting(hq, country)
    err = fails(capsys, "--data-dir", str(hq), "bundle", "export", "--out", str(tmp_path / "c"))
    assert "no_recipient" in err
    assert "--for DEVICE" in err
    first = tmp_path / "first.icati"
    text = icati(capsys, hq, "bundle", "export", "--out", str(first), "--for", "amina")
    assert "countries: KEN, UGA, encrypted to that device" in text
    icati(capsys, amina, "bundle", "import", str(first))
    assert meeting_countries(capsys, amina) == {"KEN", "UGA"}
    assert as_json(capsys, amina, "identity", "show")["countries"] == ["KEN", "UGA"]  # type: ignore[index]

    changed = as_json(capsys, hq, "trust", "scope", "Amina", "--countries", "KEN", "--remove-lost")
    assert changed == {
        "device_id": added["device_id"],
        "name": "Amina",
        "all_countries": False,
        "countries": ["KEN"],
        "removal": ["UGA"],
        "changed": True,
    }
    listed = as_json(capsys, hq, "trust", "list")
    assert isinstance(listed, list)
    assert listed[0]["countries"] == ["KEN"]
    second = tmp_path / "second.icati"
    icati(capsys, hq, "bundle", "export", "--out", str(second), "--for", added["device_id"][:10])
    preview = icati(capsys, amina, "bundle", "import", str(second), "--dry-run")
    assert "would remove 1 records of countries this device no longer works on" in preview
    result = as_json(capsys, amina, "bundle", "import", str(second))
    assert isinstance(result, dict)
    assert result["records_removed"] == {"meeting": 1}
    assert meeting_countries(capsys, amina) == {"KEN"}
    assert "store is sound" in icati(capsys, amina, "db", "check")

    everyone = as_json(capsys, hq, "trust", "scope", "amina", "--countries", "all")
    assert isinstance(everyone, dict)
    assert everyone["all_countries"] is True
    assert "--remove-lost" in fails(
        capsys, "--data-dir", str(hq), "trust", "scope", "amina", "--remove", "all"
    )
    assert "still works on" in fails(
        capsys, "--data-dir", str(hq), "trust", "scope", "amina", "--remove", "TZA"
    )


def test_content_only_and_one_file_per_device(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hq, amina = tmp_path / "hq", tmp_path / "amina"
    icati(capsys, hq, "init", "--role", "hq", "--name", "ICATI HQ")
    icati(capsys, amina, "init", "--role", "field", "--name", "Amina")
    card = tmp_path / "amina.json"
    icati(capsys, amina, "identity", "export", "--out", str(card))
    folder = tmp_path / "bundles"
    assert "no field device is enrolled" in fails(
        capsys, "--data-dir", str(hq), "bundle", "export", "--out", str(folder), "--every-device"
    )
    icati(capsys, hq, "trust", "add", str(card), "--countries", "KEN")
    written = as_json(capsys, hq, "bundle", "export", "--out", str(folder), "--every-device")
    assert isinstance(written, list)
    assert [Path(w["path"]).name for w in written] == [
        f"Amina-{written[0]['encrypted_to'][:8]}.icati"
    ]
    content = tmp_path / "content.icati"
    report = as_json(capsys, hq, "bundle", "export", "--out", str(content), "--content-only")
    assert isinstance(report, dict)
    assert report["encrypted_to"] is None
    assert not {"person", "meeting", "device_scope"} & report["counts"].keys()
    assert "only one of" in fails(
        capsys,
        "--data-dir",
        str(hq),
        "bundle",
        "export",
        "--out",
        str(content),
        "--content-only",
        "--for",
        "Amina",
    )
    assert "only the central office" in fails(
        capsys, "--data-dir", str(amina), "bundle", "export", "--out", str(content), "--for", "x"
    )
