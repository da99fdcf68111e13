"""The everyday exchange: field → HQ → field, acknowledgements, relays, previews."""

from __future__ import annotations

import logging

import pytest

from icati_desktop.store.demo import DemoSpec, run_demo
from icati_desktop.store.integrity import check_store
from tests.sync.conftest import NetworkFactory
from tests.sync.network import device_id


def test_a_round_trip_gives_every_device_the_same_state(make_network: NetworkFactory) -> None:
    net = make_network(fields=2)
    run_demo(net.fields[0], DemoSpec(seed=1, countries=2, meetings=3, action_items=3))
    run_demo(net.fields[1], DemoSpec(seed=2, countries=2, meetings=3, action_items=3))
    net.round_trip()
    assert len(set(net.digests())) == 1
    with net.hq.read() as session:
        assert check_store(session) == []


def test_field_bundles_shrink_once_hq_acknowledges_them(make_network: NetworkFactory) -> None:
    net = make_network(fields=1)
    expert = net.fields[0]
    run_demo(expert, DemoSpec(seed=3, countries=1, meetings=4, action_items=2))
    first = net.export(expert)
    again = net.export(expert)  # not acknowledged yet: cumulative
    assert (
        net.deliver(again, net.hq).versions_added == net.deliver(first, net.hq).versions_in_bundle
    )
    net.deliver(net.export(net.hq, expert), expert)
    after_ack = net.deliver(net.export(expert), net.hq)
    assert after_ack.versions_in_bundle == 0


def test_relay_from_one_expert_to_another_through_hq(make_network: NetworkFactory) -> None:
    net = make_network(fields=2)
    run_demo(net.fields[0], DemoSpec(seed=4, countries=1, meetings=2, action_items=1))
    net.deliver(net.export(net.fields[0]), net.hq)
    result = net.deliver(net.export(net.hq, net.fields[1]), net.fields[1])
    assert result.changes["meeting"]["added"] == 2
    assert net.digests()[0] == net.digests()[2]


def test_dry_run_reports_exactly_what_import_then_does(make_network: NetworkFactory) -> None:
    net = make_network(fields=1)
    run_demo(net.fields[0], DemoSpec(seed=5, countries=2, meetings=2, action_items=3))
    bundle = net.export(net.fields[0])
    before = net.digests()[0]
    preview = net.deliver(bundle, net.hq, dry_run=True)
    assert net.digests()[0] == before
    applied = net.deliver(bundle, net.hq)
    assert preview.changes == applied.changes
    assert preview.versions_added == applied.versions_added > 0
    assert net.digests()[0] != before


def test_reimporting_a_bundle_changes_nothing(make_network: NetworkFactory) -> None:
    net = make_network(fields=1)
    run_demo(net.fields[0], DemoSpec(seed=6, countries=1, meetings=2, action_items=2))
    bundle = net.export(net.fields[0])
    net.deliver(bundle, net.hq)
    digest = net.digests()[0]
    for _ in range(3):
        assert net.deliver(bundle, net.hq).already_imported
    assert net.digests()[0] == digest


def test_exports_and_imports_are_logged_for_support(
    make_network: NetworkFactory, caplog: pytest.LogCaptureFixture
) -> None:
    net = make_network(fields=1)
    expert = net.fields[0]
    run_demo(expert, DemoSpec(seed=7, countries=1, meetings=1, action_items=1))
    with caplog.at_level(logging.INFO, logger="icati_desktop.sync"):
        result = net.deliver(net.export(expert), net.hq)
    lines = [r.getMessage() for r in caplog.records]
    exported = [line for line in lines if line.startswith("exported field bundle")]
    imported = [line for line in lines if line.startswith("imported field bundle")]
    assert len(exported) == 1
    assert len(imported) == 1
    assert f"{result.versions_added} of {result.versions_in_bundle} versions new" in imported[0]
    assert device_id(expert) in imported[0]
    assert all(r.levelno == logging.INFO for r in caplog.records)
