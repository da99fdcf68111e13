"""Baseline for the Atlas table: one page of 200 initiatives read with plain sqlite3.

    python bench/baselines/sqlite_page.py STORE.sqlite3

Reads, from the same store file, the first and the last page of the initiatives in name
order (with the store's index) and prints the mean seconds a page as JSON.
"""

import json
import sqlite3
import sys
import time

PAGE = 200


def main() -> None:
    conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    total = conn.execute("SELECT count(*) FROM initiatives").fetchone()[0]
    times = []
    for _ in range(5):
        for offset in (0, max(0, total - PAGE)):
            start = time.perf_counter()
            conn.execute(
                "SELECT * FROM initiatives ORDER BY name, id LIMIT ? OFFSET ?", (PAGE, offset)
            ).fetchall()
            times.append(time.perf_counter() - start)
    conn.close()
    print(json.dumps({"seconds": sum(times) / len(times), "total": total}))


if __name__ == "__main__":
    main()
