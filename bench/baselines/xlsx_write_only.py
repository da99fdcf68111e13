"""Baseline for the answers export: openpyxl's write-only mode writing the same rows.

    python bench/baselines/xlsx_write_only.py ROWS.json OUT.xlsx

``ROWS.json`` is ``{"columns": [...], "rows": [[...], ...], "about": [[k, v], ...]}``.
Prints the seconds to write the workbook and the growth of the peak RSS while writing
(MiB), as JSON.
"""

import json
import resource
import sys
import time
from pathlib import Path

from openpyxl import Workbook


def rss_now_mib() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 1024 / 1024


def main() -> None:
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    before = rss_now_mib()
    start = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Answers")
    sheet.append(data["columns"])
    for row in data["rows"]:
        sheet.append(row)
    about = workbook.create_sheet("About")
    for pair in data["about"]:
        about.append(pair)
    workbook.save(sys.argv[2])
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rss_growth_mib": max(peak - before, 0.0)}))


if __name__ == "__main__":
    main()
