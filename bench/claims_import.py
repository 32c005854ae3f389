"""A city's claims file imported: claims a second, one claim a transaction against a
thousand (what `fund import claims` does), on one store built once and copied.

    python -m bench.claims_import CHILDREN [--batches 1,1000] [--pg URL]

The store: CHILDREN children enrolled from the seeded city roster (bench/city.py), its three
hospitals; the file: every bill of the city's year (about 5 % of children) in the columns
`fund export claims` writes, submitted ten days after discharge. Each batch size imports the
same file into its own copy of the store (SQLite) or a fresh database (PostgreSQL).
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from bench.city import bills, write_rosters
from bench.step import HOSPITALS, YEAR, fund_at, peak_mb


def build(url: str, children: int, folder: Path) -> None:
    from bench.step import step_import

    step_import(url, *map(str, write_rosters(folder, children)))


def claims_file(children: int, path: Path) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["claim", "member", "hospital", "bill", "type", "admitted", "discharged",
                    "total", "in_scope", "other_paid", "diagnosis", "submitted"])
        for i, bill in enumerate(bills(children), 1):
            discharged = bill.treated + timedelta(days=3 if bill.kind == "inpatient" else 0)
            in_scope = (bill.amount * Decimal("0.85")).quantize(Decimal("0.01"))
            w.writerow([f"CL-{i:07d}", bill.member, HOSPITALS[bill.level], f"B-{i:07d}",
                        bill.kind, bill.treated, discharged, bill.amount, in_scope, "0.00",
                        bill.package or "", discharged + timedelta(days=10)])
            count += 1
    return count


def timed(url: str, path: Path, batch: int) -> dict:
    from ledger.app.files import ClaimsFile

    fund = fund_at(url)
    sheet = ClaimsFile(str(path))
    started = time.perf_counter()
    new, duplicates = fund.claims.import_file(sheet.rows, batch=batch)
    seconds = time.perf_counter() - started
    fund.views.engine.dispose()
    fund.close()
    return {"batch": batch, "claims": new, "seconds": round(seconds, 2),
            "claims_per_s": round(new / seconds, 1), "peak_rss_mb": peak_mb()}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("children", type=int)
    parser.add_argument("--batches", default="1,1000")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        base = where / "base.db"
        build(f"sqlite:///{base}", args.children, where)
        count = claims_file(args.children, where / "claims.csv")
        print(f"{args.children:,} children, {count:,} claims", flush=True)
        for batch in (int(b) for b in args.batches.split(",")):
            copy = where / f"copy-{batch}.db"
            shutil.copy(base, copy)
            print(timed(f"sqlite:///{copy}", where / "claims.csv", batch), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
