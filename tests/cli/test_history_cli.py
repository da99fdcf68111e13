"""`icati history` and `icati audit export`, end to end through the command line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from icati_desktop.cli import main
from icati_desktop.domain.default_content import load_resources
from icati_desktop.paths import resource as resource_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _init(tmp_path: Path, capsys: pytest.CaptureFixture[str], role: str) -> str:
    data = str(tmp_path / role)
    code, _, err = run(capsys, "--data-dir", data, "init", "--role", role, "--name", f"{role} one")
    assert code == 0, err
    return data


DEFAULT_RESOURCE = str(load_resources(resource_path("content"))[0][0])


def test_history_lists_versions_and_restore_writes_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hq = _init(tmp_path, capsys, "hq")
    code, out, err = run(capsys, "--data-dir", hq, "history", DEFAULT_RESOURCE, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["total"] == 1
    entry = data["entries"][0]
    assert entry["author"] == "ICATI default content"
    assert entry["kind"] == "created"
    assert {"field": "Type", "new": "Guide"}.items() <= next(
        c for c in entry["changes"] if c["field"] == "Type"
    ).items()
    code, out, err = run(capsys, "--data-dir", hq, "history", DEFAULT_RESOURCE, "--lang", "fr")
    assert code == 0, err
    assert "Contenu par défaut ICATI" in out
    assert "Type: — → Guide" in out
    code, _, err = run(
        capsys, "--data-dir", hq, "history", DEFAULT_RESOURCE, "--restore", entry["version_id"]
    )
    assert code == 1
    assert "already shows that version" in err
    code, _, err = run(capsys, "--data-dir", hq, "history", "not-a-record")
    assert code == 1
    assert "no record not-a-record" in err


def test_a_field_device_may_not_restore_hq_records_nor_export_the_audit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    field = _init(tmp_path, capsys, "field")
    _, out, _ = run(capsys, "--data-dir", field, "history", DEFAULT_RESOURCE, "--json")
    version = json.loads(out)["entries"][0]["version_id"]
    code, _, err = run(
        capsys, "--data-dir", field, "history", DEFAULT_RESOURCE, "--restore", version[:12]
    )
    assert code == 1
    assert "only the central office" in err
    out_file = tmp_path / "audit.csv"
    code, _, err = run(
        capsys,
        "--data-dir",
        field,
        "audit",
        "export",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--out",
        str(out_file),
    )
    assert code == 1
    assert "for the central office" in err
    assert not out_file.exists()


def test_audit_export_at_hq(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hq = _init(tmp_path, capsys, "hq")
    out_file = tmp_path / "audit.csv"
    args = ["--data-dir", hq, "audit", "export", "--from", "2026-11-01", "--to", "2026-11-01"]
    code, out, err = run(capsys, *args, "--out", str(out_file), "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["versions"] == 290
    with out_file.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == summary["rows"] + 1
    assert {"Country", "Library resource", "Assessment form"} <= {r[3] for r in rows[1:]}
    code, _, err = run(capsys, *args, "--out", str(out_file))
    assert code == 1
    assert "--force" in err
