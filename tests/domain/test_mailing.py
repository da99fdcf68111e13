from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from icati_desktop.domain.directory import ConsentRecord
from icati_desktop.domain.mailing import LeftOut, bcc_batches, left_out_reason, mailto_url
from icati_desktop.domain.network import RosterEntry

PERSON = "00000000-0000-4000-8000-000000000001"


def consent(scope: str, withdrawn: str | None = None, given: bool = True) -> ConsentRecord:
    return ConsentRecord.model_validate(
        {
            "person_id": PERSON,
            "given": given,
            "scope": scope,
            "decided_on": "2026-01-01",
            "method": "email",
            "notice_version": "1",
            "recorded_by": "t",
            "withdrawn_on": withdrawn,
        }
    )


def test_who_is_left_out_and_why() -> None:
    on = date(2026, 6, 1)
    mail = ["a@example.org"]
    assert left_out_reason([consent("network_mailings")], mail, on) is None
    assert left_out_reason([consent("network_mailings")], [], on) is LeftOut.NO_EMAIL
    assert left_out_reason([consent("store_only")], mail, on) is LeftOut.NO_CONSENT
    assert (
        left_out_reason([consent("network_mailings", given=False)], mail, on) is LeftOut.NO_CONSENT
    )
    assert left_out_reason([], mail, on) is LeftOut.NO_CONSENT
    withdrawn = [consent("network_mailings", "2026-05-01")]
    assert left_out_reason(withdrawn, mail, on) is LeftOut.WITHDRAWN
    assert left_out_reason(withdrawn, mail, date(2026, 4, 30)) is None  # not yet withdrawn


def test_batches_hold_at_most_fifty_each_address_once() -> None:
    emails = [f"p{n}@example.org" for n in range(120)] + ["P0@example.org"]
    batches = bcc_batches(emails)
    assert [len(b) for b in batches] == [50, 50, 20]
    assert [e for batch in batches for e in batch] == emails[:120]
    assert bcc_batches([]) == []


def test_mailto_puts_the_batch_in_bcc_only() -> None:
    url = mailto_url(["a+b@example.org", "c@example.org"], "ICATI network — June")
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert parts.path == ""
    query = parse_qs(parts.query)
    assert query["bcc"] == ["a+b@example.org,c@example.org"]
    assert query["subject"] == ["ICATI network — June"]
    with pytest.raises(ValueError, match="no address"):
        mailto_url([])


def test_older_roster_entries_stay_valid_and_list_their_curricula() -> None:
    curriculum = "00000000-0000-4000-8000-0000000000c1"
    old = RosterEntry.model_validate(
        {
            "roster": "trainer",
            "person_id": PERSON,
            "curriculum_ids": [curriculum],
            "status": "certified",
            "certified_on": "2025-01-02",
        }
    )
    assert old.certified_curricula() == {curriculum: date(2025, 1, 2)}
    assert old.availability is None
    assert old.expertise == []
