"""`icati network`: members, participants, groups, rosters, the finder, curricula and
mailing lists, end to end — and a withdrawal that empties every export and mail batch."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import vobject

from icati_desktop.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def hq(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    data = tmp_path / "hq"
    code, _, err = run(capsys, "--data-dir", str(data), "init", "--role", "hq", "--name", "HQ")
    assert code == 0, err
    return ["--data-dir", str(data)]


def ok(capsys: pytest.CaptureFixture[str], d: list[str], *argv: str) -> Any:
    code, out, err = run(capsys, *d, "--json", *argv)
    assert code == 0, err
    return json.loads(out)


def person(capsys: pytest.CaptureFixture[str], d: list[str], name: str, *extra: str) -> str:
    return str(ok(capsys, d, "people", "add", "--name", name, *extra)["person_id"])


def test_members_participants_groups_and_the_finder(
    hq: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    d = hq
    ok(capsys, d, "network", "members", "add", "--country", "ken", "--joined", "2025-03-01")
    member = ok(
        capsys,
        d,
        "network",
        "members",
        "add",
        "--country",
        "BRA",
        "--joined",
        "2025-05-01",
        "--group",
        "ISSUP chapter",
    )["membership_id"]
    africa = ok(capsys, d, "network", "members", "list", "--region", "africa")
    assert [m["country"] for m in africa["members"]] == ["KEN"]
    ok(capsys, d, "network", "members", "edit", member, "--left", "2026-01-31")
    left = ok(capsys, d, "network", "members", "list", "--status", "left")["members"]
    assert [(m["country"], m["left_on"]) for m in left] == [("BRA", "2026-01-31")]
    chapter = ok(capsys, d, "network", "members", "list", "--group", "ISSUP chapter")
    assert chapter["total"] == 1

    amina = person(
        capsys,
        d,
        "Amina",
        "--country",
        "KEN",
        "--email",
        "amina@example.org",
        "--consent",
        "network_mailings",
    )
    person(capsys, d, "Chen", "--country", "CHN", "--consent", "store_only")
    participants = ok(capsys, d, "network", "participants", "list")
    assert (participants["network_size"], participants["target"]) == (1, 200)

    ok(capsys, d, "network", "groups", "add-person", "Case management affinity group", amina)
    shown = ok(capsys, d, "network", "groups", "show", "case management affinity group")
    assert [m["display_name"] for m in shown["members"]] == ["Amina"]

    ok(
        capsys,
        d,
        "network",
        "roster",
        "set",
        amina,
        "--roster",
        "ta_expert",
        "--language",
        "fr",
        "--language",
        "sw",
        "--country",
        "KEN",
        "--expertise",
        "case_management",
        "--availability",
        "available",
    )
    ok(
        capsys,
        d,
        "network",
        "roster",
        "set",
        amina,
        "--roster",
        "trainer",
        "--status",
        "certified",
        "--certified",
        "UTC 81=2026-02-01",
    )
    found = ok(
        capsys,
        d,
        "network",
        "find-expert",
        "--country",
        "KEN",
        "--language",
        "fr",
        "--expertise",
        "case_management",
    )["experts"]
    assert [(e["display_name"], e["roster"]) for e in found] == [("Amina", "ta_expert")]
    assert ok(capsys, d, "network", "find-expert", "--country", "KEN", "--language", "pt") == {
        "experts": []
    }
    trainers = ok(capsys, d, "network", "trainers", "list", "--curriculum", "utc 81")["trainers"]
    assert trainers[0]["certifications"][0]["certified_on"] == "2026-02-01"
    curricula = {c["code"]: c for c in ok(capsys, d, "network", "curricula", "list")["curricula"]}
    assert curricula["UTC 81"]["trainers"] == 1
    ok(capsys, d, "network", "curricula", "set-status", "ATI-SPECIALTY-1", "piloting")
    piloting = ok(capsys, d, "network", "curricula", "list", "--status", "piloting")["curricula"]
    assert [c["code"] for c in piloting] == ["ATI-SPECIALTY-1"]


def test_list_exports_and_mail_batches_leave_out_who_may_not_be_written_to(
    hq: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = hq
    consent = ["--consent", "network_mailings", "--country", "KEN"]
    people = [
        person(capsys, d, f"Person {n:03d}", "--email", f"p{n:03d}@example.org", *consent)
        for n in range(53)
    ]
    person(
        capsys,
        d,
        "Storage only",
        "--country",
        "KEN",
        "--email",
        "s@example.org",
        "--consent",
        "store_only",
    )
    person(capsys, d, "No address", *consent)
    code, _out, err = run(capsys, *d, "people", "withdraw-consent", people[0])
    assert code == 0, err

    out = tmp_path / "kenya.csv"
    report = ok(capsys, d, "network", "list-export", "country:KEN", "--out", str(out))
    assert report["written"] == 52
    assert report["left_out"] == {"consent_withdrawn": 1, "no_mailing_consent": 1, "no_email": 1}
    with out.open(encoding="utf-8-sig", newline="") as handle:
        emails = [row["email"] for row in csv.DictReader(handle)]
    assert len(emails) == 52
    assert "p000@example.org" not in emails
    assert "s@example.org" not in emails

    cards = tmp_path / "kenya.vcf"
    ok(capsys, d, "network", "list-export", "region:Africa", "--out", str(cards))
    read_back = list(vobject.readComponents(cards.read_text(encoding="utf-8")))
    addresses = sorted(card.email.value for card in read_back)
    assert addresses == sorted(emails)
    assert {card.fn.value for card in read_back} >= {"Person 001", "Person 052"}

    batches = ok(capsys, d, "network", "mailto", "all", "--subject", "June")["batches"]
    assert [b["addresses"] for b in batches] == [50, 2]
    mailed = [
        a for b in batches for a in parse_qs(urlsplit(b["mailto"]).query)["bcc"][0].split(",")
    ]
    assert sorted(mailed) == sorted(emails)

    for who in people[1:]:  # everyone withdraws: nothing left to write to
        assert run(capsys, *d, "people", "withdraw-consent", who)[0] == 0
    empty = ok(capsys, d, "network", "mailto", "all")
    assert empty["batches"] == []
    assert empty["left_out"]["consent_withdrawn"] == 53


def test_bad_input_is_one_line_and_writes_nothing(
    hq: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = hq
    for argv in (
        ["network", "list-export", "planet:Mars", "--out", str(tmp_path / "x.csv")],
        ["network", "list-export", "all", "--out", str(tmp_path / "x.pdf")],
        ["network", "list-export", "group:Nobody", "--out", str(tmp_path / "x.csv")],
        ["network", "members", "add", "--country", "XXX", "--joined", "2025-01-01"],
        ["network", "members", "add", "--country", "KEN", "--joined", "yesterday"],
        ["network", "find-expert"],
        ["network", "curricula", "set-status", "UTC 99", "published"],
        ["network", "members", "list", "--region", "Atlantis"],
    ):
        code, _out, err = run(capsys, *d, *argv)
        assert code == 1, argv
        assert len(err.strip().splitlines()) == 1, err
    assert not list(tmp_path.glob("x.*"))
    assert ok(capsys, d, "network", "members", "list")["total"] == 0
