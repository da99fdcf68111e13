"""Two laptops answer different items of one assessment; HQ merges them, no conflict.

The case that used to lose an edit (issue 9): laptop A answers D3, laptop B answers D9
of the same assessment, both send their bundles to HQ. Everything goes through the
`icati` command, as a script would drive it.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from icati_desktop.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def icati(capsys: pytest.CaptureFixture[str], data: Path, *argv: str) -> str:
    return run(capsys, "--data-dir", str(data), *argv)


def icati_json(capsys: pytest.CaptureFixture[str], data: Path, *argv: str) -> object:
    return json.loads(icati(capsys, data, *argv, "--json"))


def answers_at(
    capsys: pytest.CaptureFixture[str], data: Path, rid: str, out: Path
) -> dict[str, str]:
    """item → its value (``dk`` for "don't know") from `icati assessment export`."""
    icati(capsys, data, "assessment", "export", rid, "--out", str(out))
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["item_id"]: "dk" if row["dont_know"] == "1" else row["value"]
        for row in rows
        if row["value"] or row["dont_know"] == "1"
    }


def test_two_laptops_answering_different_items_reach_everyone_without_a_conflict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hq, a, b = tmp_path / "hq", tmp_path / "laptop-a", tmp_path / "laptop-b"
    for data, role, name in ((hq, "hq", "HQ"), (a, "field", "Amina"), (b, "field", "Bruno")):
        icati(capsys, data, "init", "--role", role, "--name", name)
        icati(capsys, data, "identity", "export", "--out", str(tmp_path / f"{data.name}.card"))
    for laptop in (a, b):
        card = str(tmp_path / f"{laptop.name}.card")
        icati(capsys, hq, "trust", "add", card, "--countries", "KEN")
        icati(capsys, laptop, "trust", "add", str(tmp_path / "hq.card"))
    bundles = iter(range(100))
    names = {a: "Amina", b: "Bruno"}

    def send(source: Path, *targets: Path) -> list[dict[str, object]]:
        results = []
        for target in targets:  # HQ writes each laptop its own bundle; a laptop, one for HQ
            path = tmp_path / f"bundle-{next(bundles)}.icati"
            to = ["--for", names[target]] if source == hq else []
            icati(capsys, source, "bundle", "export", "--out", str(path), *to)
            results.append(icati_json(capsys, target, "bundle", "import", str(path)))
        return results  # type: ignore[return-value]

    # Laptop A opens the assessment at the workshop; it reaches laptop B through HQ.
    start = tmp_path / "start.json"
    start.write_text(
        json.dumps({"form_id": "ati-self-assessment", "version": "1",
                    "answers": {"d1_law_allows_treatment": 2}}),
        encoding="utf-8",
    )  # fmt: skip
    imported = icati_json(
        capsys, a, "assessment", "import", str(start), "--country", "KEN", "--date", "2026-03-04"
    )
    rid = imported["imported"][0]["id"]  # type: ignore[index]
    send(a, hq)
    send(hq, b)

    # Each laptop answers a different item of it, offline.
    answered = icati_json(capsys, a, "assessment", "answer", rid, "d3_pre_arrest", "2")
    assert answered == {
        "ok": True,
        "id": rid,
        "item": "d3_pre_arrest",
        "value": {"kind": "score", "value": 2},
    }
    assert "d9_budget_line: answered dk" in icati(
        capsys, b, "assessment", "answer", rid, "d9_budget_line", "dk"
    )

    # HQ imports both: no conflict, both answers.
    [from_a] = send(a, hq)
    [from_b] = send(b, hq)
    for result in (from_a, from_b):
        assert result["changes"]["assessment"]["conflicts_opened"] == 0  # type: ignore[index]
    assert from_b["changes"]["assessment"]["updated"] == 1  # type: ignore[index]
    assert icati_json(capsys, hq, "conflicts", "list") == []
    expected = {"d1_law_allows_treatment": "2", "d3_pre_arrest": "2", "d9_budget_line": "dk"}
    assert answers_at(capsys, hq, rid, tmp_path / "hq.csv") == expected

    # The central bundle brings both answers to both laptops, and one digest everywhere.
    send(hq, a, b)
    for laptop in (a, b):
        assert icati_json(capsys, laptop, "conflicts", "list") == []
        assert answers_at(capsys, laptop, rid, tmp_path / f"{laptop.name}.csv") == expected
        assert icati_json(capsys, laptop, "db", "check")["ok"] is True  # type: ignore[index]
    # (No digest comparison: each laptop holds only its own scope record, so the stores
    # differ by design; the answers above are what must agree.)


def test_the_same_item_answered_differently_is_one_conflict_on_that_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"  # HQ in Vienna, a laptop in Nairobi
    for data, role, name in ((a, "hq", "Vienna"), (b, "field", "Nairobi")):
        icati(capsys, data, "init", "--role", role, "--name", name)
        icati(capsys, data, "identity", "export", "--out", str(tmp_path / f"{name}.card"))
    icati(capsys, a, "trust", "add", str(tmp_path / "Nairobi.card"), "--countries", "KEN")
    icati(capsys, b, "trust", "add", str(tmp_path / "Vienna.card"))
    start = tmp_path / "start.json"
    start.write_text(json.dumps({"form_id": "ati-self-assessment", "answers": {}}))
    rid = icati_json(
        capsys, a, "assessment", "import", str(start), "--country", "KEN", "--date", "2026-03-04"
    )["imported"][0]["id"]  # type: ignore[index]
    bundle = tmp_path / "a.icati"
    icati(capsys, a, "bundle", "export", "--out", str(bundle), "--for", "Nairobi")
    icati(capsys, b, "bundle", "import", str(bundle))
    icati(capsys, a, "assessment", "answer", rid, "d3_pre_arrest", "1")
    icati(capsys, a, "assessment", "answer", rid, "d9_budget_line", "0")
    icati(capsys, b, "assessment", "answer", rid, "d3_pre_arrest", "3")
    bundle = tmp_path / "b.icati"
    icati(capsys, b, "bundle", "export", "--out", str(bundle))
    result = icati_json(capsys, a, "bundle", "import", str(bundle))
    assert result["changes"]["assessment"]["conflicts_opened"] == 1  # type: ignore[index]
    [conflict] = icati_json(capsys, a, "conflicts", "list")  # type: ignore[misc]
    assert [p["text"] for p in conflict["paths"]] == ["answers/d3_pre_arrest/value"]
    values = sorted(v["value"]["value"] for v in conflict["paths"][0]["values"])
    assert values == [1, 3]
    shown = next(
        v
        for v in conflict["paths"][0]["values"]
        if v["version_id"] == conflict["paths"][0]["shown"]
    )
    other = next(v for v in conflict["paths"][0]["values"] if v is not shown)
    before = answers_at(capsys, a, rid, tmp_path / "before.csv")["d3_pre_arrest"]
    resolved = icati_json(capsys, a, "conflicts", "resolve", rid, "--keep", other["version_id"])
    [change] = resolved["changes"]  # type: ignore[index]
    assert change["field"].endswith("— answer")
    assert change["old"].startswith(f"{shown['value']['value']} · ")  # the label, not a code
    assert answers_at(capsys, a, rid, tmp_path / "resolved.csv")["d3_pre_arrest"] != before
    undone = icati_json(capsys, a, "conflicts", "undo", rid)
    assert [c["new"] for c in undone["changes"]] == [change["old"]]  # type: ignore[index]
    assert answers_at(capsys, a, rid, tmp_path / "undone.csv")["d3_pre_arrest"] == before
    code = main(["--data-dir", str(a), "conflicts", "undo", rid])
    assert code != 0
    assert "nothing to undo" in capsys.readouterr().err
