"""Bare SQLite: rows shaped like the fund's events inserted under a random 16-byte id with a
unique index, in transactions of an import's batch, at a given page size. It measures the
store's floor for an import, apart from the fund's own code (bench/RESULTS.md, session 12).

    python -m bench.pages [ROWS] [PAGE_SIZE...]     (default 3,000,000 rows; 4096 16384)
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import tempfile
import time

BATCH = 60_000  # events of a roster batch of 20,000 rows
STATE = b"x" * 373  # the mean size of a roster event's stored state
TOPIC = "ledger.enrollment:Enrollment.Enrolled"


def run(rows: int, page_size: int, index: bool = True) -> dict:
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "pages.db")
        db = sqlite3.connect(path, isolation_level=None)
        db.execute(f"PRAGMA page_size = {page_size}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA cache_size = -65536")  # the fund's (ledger/store/sqlite.py)
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, originator_id BLOB NOT NULL, "
                   "originator_version INTEGER NOT NULL, topic TEXT NOT NULL, state BLOB NOT NULL)")
        if index:
            db.execute("CREATE UNIQUE INDEX events_aggregate ON events "
                       "(originator_id, originator_version)")
        started, committing = time.perf_counter(), 0.0
        for first in range(0, rows, BATCH):
            batch = [(hashlib.sha1(str(i).encode()).digest()[:16], 1, TOPIC, STATE)
                     for i in range(first, min(rows, first + BATCH))]
            db.execute("BEGIN")
            db.executemany("INSERT INTO events (originator_id, originator_version, topic, state) "
                           "VALUES (?, ?, ?, ?)", batch)
            before = time.perf_counter()
            db.execute("COMMIT")
            committing += time.perf_counter() - before
        seconds = time.perf_counter() - started
        size = os.path.getsize(path)
        db.close()
    return {"rows": rows, "page_size": page_size, "index": index, "seconds": round(seconds, 2),
            "commit_s": round(committing, 2), "file_mb": round(size / 1e6)}


if __name__ == "__main__":
    import json

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3_000_000
    sizes = [int(a) for a in sys.argv[2:]] or [4096, 16384]
    print(json.dumps(run(n, sizes[0], index=False)))
    for size in sizes:
        print(json.dumps(run(n, size)))
