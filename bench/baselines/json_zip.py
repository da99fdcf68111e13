"""Baseline for bundle export: read the version rows with sqlite3, write JSON lines into a zip.

    python bench/baselines/json_zip.py STORE.sqlite3 OUT.zip

One zip member per record type (deflate, level 6, as the app writes), each line the
version's fields as compact sorted JSON, with the SHA-256 of every member computed as it
is written. Prints the seconds as JSON.
"""

import hashlib
import json
import sqlite3
import sys
import time
import zipfile


def main() -> None:
    start = time.perf_counter()
    conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
    types = [r[0] for r in conn.execute("SELECT DISTINCT record_type FROM versions ORDER BY 1")]
    hashes = {}
    with zipfile.ZipFile(sys.argv[2], "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for record_type in types:
            digest = hashlib.sha256()
            with zf.open(f"versions/{record_type}.jsonl", "w", force_zip64=True) as member:
                rows = conn.execute(
                    "SELECT version_id, record_id, parents, hlc_ms, hlc_counter, origin, deleted, "
                    "payload FROM versions WHERE record_type = ? "
                    "ORDER BY record_id, hlc_ms, hlc_counter",
                    (record_type,),
                )
                for vid, rid, parents, ms, counter, origin, deleted, payload in rows:
                    line = (
                        json.dumps(
                            {
                                "deleted": bool(deleted),
                                "hlc": [ms, counter],
                                "origin": origin,
                                "parents": json.loads(parents),
                                "payload": None if payload is None else json.loads(payload),
                                "record_id": rid,
                                "record_type": record_type,
                                "version_id": vid,
                            },
                            sort_keys=True,
                            separators=(",", ":"),
                            ensure_ascii=False,
                        ).encode("utf-8")
                        + b"\n"
                    )
                    digest.update(line)
                    member.write(line)
            hashes[record_type] = digest.hexdigest()
        zf.writestr("manifest.json", json.dumps(hashes, sort_keys=True))
    conn.close()
    print(json.dumps({"seconds": time.perf_counter() - start}))


if __name__ == "__main__":
    main()
