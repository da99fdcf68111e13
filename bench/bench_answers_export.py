"""Answers export to XLSX: ``export_answers`` against openpyxl write-only, same rows.

    .venv/bin/python bench/bench_answers_export.py [--rows 20000] [--runs 3]

An assessment of a form with a repeat group answered ``--rows / 2`` times gives about
``--rows`` answer rows. Each side runs in its own process: the app's export (rows built
from the assessment, then the workbook) and the baseline
(``bench/baselines/xlsx_write_only.py``: the same rows, already as lists, appended to a
write-only workbook), each with openpyxl already loaded (the import, 0.27 s, is paid once
a session). Time is the median of ``--runs``; memory is the growth of the peak
RSS during the export. Verdicts: time ≤ 1.3×, memory ≤ 1.5×. Takes about 30 seconds.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from _common import BASELINES, Verdicts, median, run_json

if TYPE_CHECKING:
    from icati_desktop.domain.assessments import Assessment


def assessment(entries: int) -> Assessment:
    from icati_desktop.domain.assessments import (
        Answer,
        Assessment,
        RepeatEntry,
        ScoreAnswer,
        TextAnswer,
    )

    return Assessment(
        country="KEN",
        form_id="small",
        form_version="1",
        assessed_on=date(2026, 3, 4),
        answers={
            "law": Answer(value=ScoreAnswer(value=3), note="Adopted in 2021; see the decree.")
        },
        repeats={
            "sites": [
                RepeatEntry(
                    answers={
                        "site_name": Answer(value=TextAnswer(value=f"Site {n}: Mombasa court")),
                        "site_score": Answer(
                            value=ScoreAnswer(value=n % 5), note="Visited in March."
                        ),
                    }
                )
                for n in range(entries)
            ]
        },
    )


def rss_now_mib() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 1024 / 1024


def child(rows: int, out: Path) -> dict[str, float]:
    from icati_desktop.reports.answers_export import export_answers
    from tests.formats.small_form import small_form

    form, answers = small_form("1"), assessment(rows // 2)
    import openpyxl  # noqa: F401  loaded before the clock, as the baseline loads it

    before = rss_now_mib()
    start = time.perf_counter()
    export_answers("rec-1", answers, form, out)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "rss_growth_mib": max(peak - before, 0.0)}


def baseline_input(rows: int, path: Path) -> int:
    from icati_desktop.reports.answers_export import COLUMNS, answer_rows
    from tests.formats.small_form import small_form

    built = answer_rows("rec-1", assessment(rows // 2), small_form("1"), "en")
    data = {
        "columns": list(COLUMNS),
        "rows": [
            [str(r[c]) if not isinstance(r[c], int) else r[c] for c in COLUMNS] for r in built
        ],
        "about": [["assessment_id", "rec-1"], ["country", "KEN"]],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return len(built)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", metavar="OUT")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.rows, Path(args.child))))
        return 0
    root = Path(tempfile.mkdtemp(prefix="icati-bench-xlsx-"))
    verdicts = Verdicts()
    try:
        count = baseline_input(args.rows, root / "rows.json")
        app_cmd = [__file__, "--rows", str(args.rows), "--child", str(root / "app.xlsx")]
        base_cmd = [str(BASELINES / "xlsx_write_only.py"), str(root / "rows.json")]
        base_cmd.append(str(root / "base.xlsx"))
        app, base = [], []
        for _ in range(args.runs):
            app.append(run_json(app_cmd))
            base.append(run_json(base_cmd))
        print(f"{count} answer rows; file {((root / 'app.xlsx').stat().st_size) / 1024:.0f} KiB")
        verdicts.ratio(
            "answers-xlsx-time",
            median([r["seconds"] for r in app]),
            median([r["seconds"] for r in base]),
            1.3,
        )
        verdicts.ratio(
            "answers-xlsx-memory",
            median([r["rss_growth_mib"] for r in app]),
            median([r["rss_growth_mib"] for r in base]),
            1.5,
            unit="MiB",
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return verdicts.exit_code()


if __name__ == "__main__":
    sys.exit(main())
