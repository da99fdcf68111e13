"""Merge rules that protect people: attachments travel, clocks, staleness, rollback."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from icati_desktop.cli import main
from icati_desktop.domain.assessments import Assessment
from icati_desktop.store.records import RecordService
from icati_desktop.sync.errors import BundleRejected, RejectCode
from icati_desktop.sync.limits import set_sync_limit
from tests.sync.conftest import NetworkFactory

DAY_MS = 86_400_000


class Clock:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def test_attachments_referenced_by_a_record_travel_with_it(make_network: NetworkFactory) -> None:
    net = make_network(fields=2)
    expert = net.fields[0]
    sha = expert.blobs.put_stream(io.BytesIO(b"%PDF-1.4 signed MoU"))
    assessment = Assessment.model_validate(
        {
            "country": "KEN",
            "form_id": "ati-self-assessment",
            "form_version": "1",
            "assessed_on": "2026-03-02",
            "answers": {
                "d1_law_allows_treatment": {"value": 2, "evidence": {"attachments": [sha]}}
            },
        }
    )
    RecordService(expert).create(assessment)
    result = net.deliver(net.export(expert), net.hq)
    assert result.attachments_added == 1
    assert net.hq.blobs.open_path(sha).read_bytes() == b"%PDF-1.4 signed MoU"
    net.deliver(net.export(net.hq, net.fields[1]), net.fields[1])
    assert net.fields[1].blobs.has(sha)


def test_a_bundle_from_a_clock_far_ahead_is_quarantined(make_network: NetworkFactory) -> None:
    base = 1_800_000_000_000
    hq_clock, field_clock = Clock(base), Clock(base + 2 * DAY_MS)
    net = make_network(fields=1, clocks=[hq_clock, field_clock])
    bundle = net.export(net.fields[0])
    before = net.digests()[0]
    with pytest.raises(BundleRejected) as info:
        net.deliver(bundle, net.hq)
    assert info.value.code is RejectCode.CLOCK_AHEAD
    assert "date and time" in info.value.message
    assert net.digests()[0] == before
    assert len(list((net.hq.data_dir / "quarantine").glob("*.icati"))) == 1
    with net.hq.write() as tx:  # HQ decides the skew is fine after all
        set_sync_limit(tx.session, "max_clock_skew_hours", "72")
    assert net.deliver(bundle, net.hq).versions_in_bundle == 0


def test_old_central_data_warns_but_imports(make_network: NetworkFactory) -> None:
    base = 1_800_000_000_000
    hq_clock, field_clock = Clock(base), Clock(base + 45 * DAY_MS)
    net = make_network(fields=1, clocks=[hq_clock, field_clock])
    result = net.deliver(net.export(net.hq, net.fields[0]), net.fields[0])
    assert not result.already_imported
    assert any("45 days old" in warning for warning in result.warnings)


def test_an_older_central_bundle_is_refused_before_anything_is_written(
    make_network: NetworkFactory,
) -> None:
    net = make_network(fields=1)
    first, second = net.export(net.hq, net.fields[0]), net.export(net.hq, net.fields[0])
    net.deliver(second, net.fields[0])
    before = net.digests()[1]
    with pytest.raises(BundleRejected) as info:
        net.deliver(first, net.fields[0])
    assert info.value.code is RejectCode.ROLLBACK
    assert net.digests()[1] == before


def test_bundle_commands_end_to_end(
    make_network: NetworkFactory, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    net = make_network(fields=1)
    expert_dir = ["--data-dir", str(net.fields[0].data_dir)]
    hq = ["--data-dir", str(net.hq.data_dir)]
    if net.hq.engine.dialect.name == "postgresql":
        hq += ["--db", net.hq.engine.url.render_as_string(hide_password=False)]
    net.fields[0].close()
    net.hq.close()
    bundle = tmp_path / "expert.icati"
    assert (
        main(
            [
                *expert_dir,
                "demo",
                "--seed",
                "2",
                "--countries",
                "1",
                "--meetings",
                "2",
                "--action-items",
                "1",
            ]
        )
        == 0
    )
    assert main([*expert_dir, "bundle", "export", "--out", str(bundle), "--json"]) == 0
    exported = json.loads(capsys.readouterr().out.split("\n", 3)[-1])
    assert exported["encrypted_to"]
    assert main([*hq, "bundle", "inspect", str(bundle), "--json"]) == 0
    inspected = json.loads(capsys.readouterr().out)
    assert inspected["verification"]["ok"]
    assert inspected["versions"] == exported["versions"]
    assert main([*hq, "bundle", "import", str(bundle), "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["dry_run"] is True
    assert main([*hq, "bundle", "import", str(bundle), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["changes"]["meeting"]["added"] == 2
    assert main([*hq, "bundle", "history", "--json"]) == 0
    history = json.loads(capsys.readouterr().out)
    assert [entry["direction"] for entry in history] == ["import"]
    assert main([*hq, "settings", "set", "sync.stale_central_days", "10"]) == 0
    assert main([*hq, "settings", "show", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.split("\n", 1)[1])["sync.stale_central_days"] == 10
    assert main([*hq, "settings", "set", "sync.stale_central_days", "-3"]) == 1
    assert "not a valid value" in capsys.readouterr().err
