"""Baseline for importing versions: raw sqlite3 ``executemany`` of the same JSON rows.

    python bench/baselines/raw_sqlite_insert.py LINES.jsonl DB [--transactions N]

Reads one version per line (the bundle's JSON lines), parses each with ``json.loads``,
and inserts the version's fields (payload as compact sorted JSON text) into a table
keyed by version id, in WAL mode with ``synchronous=FULL`` — what a store must do at
the least. ``--transactions N`` splits the rows into N equal commits (HQ importing N
bundles). Prints the seconds and the peak RSS as JSON.
"""

import argparse
import json
import resource
import sqlite3
import time
from pathlib import Path

SCHEMA = """
CREATE TABLE versions (
    version_id TEXT PRIMARY KEY, record_type TEXT NOT NULL, record_id TEXT NOT NULL,
    parents TEXT NOT NULL, hlc_ms INTEGER NOT NULL, hlc_counter INTEGER NOT NULL,
    origin TEXT NOT NULL, deleted INTEGER NOT NULL, payload TEXT
)
"""
BATCH = 1000


def rows(lines: list[str]) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for line in lines:
        v = json.loads(line)
        payload = v["payload"]
        out.append(
            (
                v["version_id"],
                v["record_type"],
                v["record_id"],
                json.dumps(v["parents"]),
                v["hlc"][0],
                v["hlc"][1],
                v["origin"],
                v["deleted"],
                None
                if payload is None
                else json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("lines")
    parser.add_argument("db")
    parser.add_argument("--transactions", type=int, default=1)
    args = parser.parse_args()
    conn = sqlite3.connect(args.db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(SCHEMA)
    with Path(args.lines).open(encoding="utf-8") as handle:
        total = sum(1 for _ in handle)
    per_tx = -(-total // args.transactions)
    start = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_start = usage.ru_utime + usage.ru_stime
    with Path(args.lines).open(encoding="utf-8") as handle:
        done = 0
        while done < total:
            conn.execute("BEGIN IMMEDIATE")
            in_tx = 0
            while in_tx < per_tx and done < total:
                chunk = [handle.readline() for _ in range(min(BATCH, per_tx - in_tx, total - done))]
                conn.executemany("INSERT INTO versions VALUES (?,?,?,?,?,?,?,?,?)", rows(chunk))
                in_tx += len(chunk)
                done += len(chunk)
            conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_start
    conn.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "rows": total, "rss_peak_mib": rss}))


if __name__ == "__main__":
    main()
