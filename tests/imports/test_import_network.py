"""`icati import events|attendance|members` on the central office's device."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from icati_desktop.cli import main
from icati_desktop.domain.directory import Organisation
from icati_desktop.domain.network import NetworkEvent
from icati_desktop.store.opening import open_store
from icati_desktop.store.people_writes import save_organisation
from icati_desktop.store.records import RecordService


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip().startswith("{") else {}), err


def init(tmp_path: Path, capsys: pytest.CaptureFixture[str], role: str) -> list[str]:
    data = tmp_path / role
    assert main(["--data-dir", str(data), "init", "--role", role, "--name", role]) == 0
    capsys.readouterr()
    return ["--data-dir", str(data)]


WEBINAR = (
    "title,kind,starts_at,time_zone,format,series,languages\n"
    "ATI Basics 1,Webinar,2026-03-10 15:00,Africa/Nairobi,Remote,ATI Basics,en fr\n"
)
HOST_LIST = (  # as a webinar host writes it: a summary, then one line per join
    "Meeting ID,Topic,Start Time,Participants\n"
    "812 3456 7890,ATI Basics 1,03/10/2026 03:00:00 PM,3\n"
    "\n"
    "Name (original name),User Email,Country/Region,Duration (Minutes)\n"
    "Amina Odhiambo,amina@probation.example.ke,Kenya,35\n"
    "Luis Pérez,luis@fiscalia.example.co,COL,40\n"
    "Late Registrant,late@example.org,,0\n"
    "Amina Odhiambo,amina@probation.example.ke,Kenya,20\n"
)


def test_a_webinar_and_its_hosts_attendance_list_are_imported_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = init(tmp_path, capsys, "hq")
    events = tmp_path / "events.csv"
    events.write_text(WEBINAR, "utf-8")
    code, result, err = run(capsys, *d, "--json", "import", "events", str(events))
    assert code == 0, err
    event_id = str(result["record_ids"][0])
    code, _, err = run(capsys, *d, "import", "events", str(events))
    assert code == 1
    assert "row 2, title: this event is already recorded" in err

    attendance = tmp_path / "zoom.csv"
    attendance.write_text(HOST_LIST, "utf-8-sig")
    code, _, err = run(capsys, *d, "import", "attendance", str(attendance))
    assert code == 1
    assert "--event ID" in err
    code, result, err = run(
        capsys, *d, "--json", "import", "attendance", str(attendance), "--event", event_id
    )
    assert code == 0, err
    assert result["added"] == 2
    assert "2 people were added to the directory without consent" in str(result["notes"])
    store = open_store(Path(d[1]))
    try:
        event = RecordService(store).get(NetworkEvent, event_id).payload
    finally:
        store.close()
    assert event.starts_at.hour == 12  # 15:00 in Nairobi is 12:00 UTC
    assert event.registered_count == 3
    assert sorted(str(p.country) for p in event.participants) == ["COL", "KEN"]
    code, people, _ = run(capsys, *d, "--json", "people", "list")
    assert people["total"] == 2
    assert all(not p["emails"] and not p["consent_active"] for p in people["people"])  # type: ignore[union-attr]

    code, result, err = run(
        capsys, *d, "--json", "import", "attendance", str(attendance), "--event", event_id
    )
    assert code == 0, err
    assert (result["added"], result["skipped"]) == (0, 2)
    assert run(capsys, *d, "--json", "people", "list")[1]["total"] == 2


def test_members_are_named_by_the_directory_and_not_doubled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = init(tmp_path, capsys, "hq")
    store = open_store(Path(d[1]))
    try:
        save_organisation(store, Organisation(name="Kenya Probation Service", sector="justice"))
    finally:
        store.close()
    sheet = tmp_path / "members.csv"
    sheet.write_text(
        "kind,country,member_name,joined_on,status\n"
        "country,KEN,,2024-05-01,active\n"
        "organisation,KEN,Kenya Probation Service,2025-01-15,\n"
        "organisation,,Unknown Trust,2025-01-15,\n",
        "utf-8",
    )
    code, _, err = run(capsys, *d, "import", "members", str(sheet))
    assert code == 1
    assert err.splitlines()[0].startswith("row 4, member_name: 'Unknown Trust' is not in")
    sheet.write_text("\n".join(sheet.read_text("utf-8").splitlines()[:3]) + "\n", "utf-8")
    code, result, err = run(capsys, *d, "--json", "import", "members", str(sheet))
    assert code == 0, err
    assert result["added"] == 2
    code, _, err = run(capsys, *d, "import", "members", str(sheet))
    assert code == 1
    assert "row 2, country: already a member" in err


def test_a_field_device_is_told_where_network_records_are_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = init(tmp_path, capsys, "field")
    events = tmp_path / "events.csv"
    events.write_text(WEBINAR, "utf-8")
    code, _, err = run(capsys, *d, "import", "events", str(events), "--dry-run")
    assert code == 1
    assert err.splitlines()[0] == (
        "Network events are kept by the central office; import this file on the central "
        "office's device"
    )


def test_the_command_offers_every_kind_the_store_imports() -> None:
    from icati_desktop.commands.import_cmds import KIND_NAMES
    from icati_desktop.store.imports.kinds import KIND_LABELS, KINDS

    assert KIND_NAMES == tuple(KINDS) == tuple(KIND_LABELS)
