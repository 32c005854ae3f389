"""A city's whole year through the `fund` command, stage by stage, as its administrators run it.

    python -m bench.city_year CHILDREN [--db URL] [--folder DIR]

CHILDREN on one roster file (bench/city.py: seeded, 10 % hardship, late joiners, newborns),
their year's bills (about 5 % of children) as monthly claims files in the columns `fund export
claims` writes, each submitted ten days after discharge. Each month: the month's file
imported, `claim approve --all` at its end and a payout run five days later; then the year
closed, `fund audit rebuild` and `fund audit verify`. Every step is a whole process on the
store (default: a new SQLite file in the folder); the table gives each stage's seconds, its
rate and the largest peak memory of its processes. The issue's Shanghai-size year is
`python -m bench.city_year 2300000`.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from bench.city import YEAR, bills, rules_text, write_rosters

FUND = str(Path(sys.executable).with_name("fund"))
HOSPITALS = {1: "H-COMM", 2: "H-DIST", 3: "H-CHILD"}
COLUMNS = ["claim", "member", "hospital", "bill", "type", "admitted", "discharged", "total",
           "in_scope", "other_paid", "diagnosis", "submitted"]


def month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def claims_files(children: int, folder: Path) -> dict[date, tuple[Path, int]]:
    """The year's bills, one file per month of submission: {month end: (file, claims)}."""
    rows: dict[date, list[list]] = defaultdict(list)
    for i, bill in enumerate(bills(children), 1):
        discharged = bill.treated + timedelta(days=3 if bill.kind == "inpatient" else 0)
        submitted = discharged + timedelta(days=10)
        in_scope = (bill.amount * Decimal("0.85")).quantize(Decimal("0.01"))
        rows[month_end(submitted)].append([
            f"CL-{i:07d}", bill.member, HOSPITALS[bill.level], f"B-{i:07d}", bill.kind,
            bill.treated, discharged, bill.amount, in_scope, "0.00", bill.package or "",
            submitted])
    files = {}
    for end in sorted(rows):
        path = folder / f"claims-{end:%Y-%m}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(COLUMNS)
            w.writerows(rows[end])
        files[end] = (path, len(rows[end]))
    return files


class Stages:
    def __init__(self, db: str):
        self.env = {**os.environ, "FUND_DB": db, "FUND_TODAY": "2026-12-31", "FUND_LANG": "en"}
        self.seconds: dict[str, float] = defaultdict(float)
        self.peak_mb: dict[str, float] = defaultdict(float)
        self.count: dict[str, int] = defaultdict(int)

    def run(self, stage: str | None, *args: str, count: int = 0) -> str:
        started = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", FUND, *args], capture_output=True,
                              text=True, env=self.env)
        seconds = time.perf_counter() - started
        if done.returncode:
            raise SystemExit(f"fund {' '.join(args)} exited {done.returncode}: "
                             f"{done.stderr[-1500:]}")
        if stage:
            self.seconds[stage] += seconds
            self.count[stage] += count
            peak = int(done.stderr.strip().splitlines()[-1]) / 1024
            self.peak_mb[stage] = max(self.peak_mb[stage], round(peak, 1))
            print(f"{stage}: {seconds:.1f} s", file=sys.stderr, flush=True)
        return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("children", type=int)
    parser.add_argument("--db", help="the store (default: a new SQLite file in the folder)")
    parser.add_argument("--folder", help="where the files go (default: a temporary folder)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=options.folder) as where:
        folder = Path(where)
        started = time.perf_counter()
        (roster,) = write_rosters(folder, options.children)
        files = claims_files(options.children, folder)
        print(f"files written in {time.perf_counter() - started:.0f} s: {options.children:,} "
              f"children, {sum(n for _, n in files.values()):,} claims in {len(files)} files",
              file=sys.stderr)
        db = options.db or f"sqlite:///{folder / 'fund.db'}"
        s = Stages(db)
        rules = folder / "rules.toml"
        rules.write_text(rules_text(), encoding="utf-8")
        s.run(None, "year", "open", str(rules), "--date", "2025-08-15")
        for level, code in HOSPITALS.items():
            s.run(None, "hospital", "add", code, "--name", f"Hospital {code}", "--level",
                  str(level), "--date", "2025-08-20")
        whole = time.perf_counter()
        s.run("roster import", "import", "contributions", str(roster), "--year", YEAR,
              count=options.children)
        for end, (path, n) in files.items():
            s.run("claims import", "import", "claims", str(path), count=n)
            s.run("approve --all", "claim", "approve", "--all", "--date", end.isoformat(),
                  count=n)
            s.run("payout runs", "payout", "run", "--date", (end + timedelta(days=5)).isoformat(),
                  count=1)
        s.run("year close", "year", "close", YEAR, "--date", "2026-09-30", count=1)
        s.run("rebuild", "audit", "rebuild", count=1)
        s.run("verify", "audit", "verify", count=1)
        total = time.perf_counter() - whole
        size = (folder / "fund.db").stat().st_size / 1e9 if not options.db else None
    print(f"| stage | seconds | rate | peak MB |\n|---|---|---|---|")
    for stage, seconds in s.seconds.items():
        n = s.count[stage]
        rate = (f"{n / seconds:,.0f}/s" if stage in ("roster import", "claims import",
                                                     "approve --all") else f"{n} runs")
        print(f"| {stage} | {seconds:,.0f} | {rate} | {s.peak_mb[stage]:,.0f} |")
    print(f"| end to end | {total:,.0f} ({total / 60:.1f} min) | | |")
    if size is not None:
        print(f"\nstore: {size:.2f} GB")


if __name__ == "__main__":
    main()
