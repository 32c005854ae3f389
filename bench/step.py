"""One measurement in its own process (so its peak RSS is its own); prints one JSON line.

    python -m bench.step import URL ROSTER.csv...    (several files: one roster, one process)
    python -m bench.step raw URL ROSTER.csv
    python -m bench.step claims URL CHILDREN COUNT
    python -m bench.step rebuild URL
"""

from __future__ import annotations

import csv
import json
import resource
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

from bench.city import COLUMNS, YEAR, bills, rules_text

TODAY = date(2026, 9, 30)
HOSPITALS = {1: "H-COMM", 2: "H-DIST", 3: "H-CHILD"}


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def helper_peak_mb() -> float:
    """The peak RSS of the largest helper process this step started (a split replay's second
    half, an import's view follower); 0 when it started none."""
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


def fund_at(url: str):
    from ledger.app.fund import Fund

    return Fund(url, operator="bench", today=lambda: TODAY)


def events(fund) -> int:
    return fund.recorder.max_notification_id() or 0


def step_import(url: str, *rosters: str) -> dict:
    from ledger.app.files import Rosters

    fund = fund_at(url)
    from ledger.plan_year import PlanYear

    if fund.records.find(PlanYear, PlanYear.create_id(YEAR)) is None:
        fund.open_year(rules_text(), date(2025, 8, 15))
        for level, code in HOSPITALS.items():
            fund.register_hospital(code, f"Hospital {code}", level, date(2025, 8, 20))
    before = events(fund)
    started = time.perf_counter()
    files = Rosters(list(rosters))
    marks: dict[str, float] = {}

    def progress(phase: str, _rows: int, _total: int | None = None) -> None:
        marks[phase] = time.perf_counter() - started

    report = fund.import_roster(files.rows, YEAR, where=files.where, progress=progress)
    seconds = time.perf_counter() - started
    # when the check pass ended and the last batch was recorded: the rest is the wait for the
    # view follower to catch up
    return {"rows": report.recorded, "seconds": round(seconds, 2),
            "rows_per_s": round(report.recorded / seconds), "events": events(fund) - before,
            "checked_s": round(marks.get("Checking rows", 0), 2),
            "recorded_s": round(marks.get("Recording rows", 0), 2),
            "peak_rss_mb": peak_mb(), "helper_peak_rss_mb": helper_peak_mb()}


def step_raw(url: str, roster: str) -> dict:
    """The same rows, read the same way, by a bare executemany into a plain table."""
    from sqlalchemy import create_engine

    from ledger.store.locations import store_url

    engine = create_engine(store_url(url))
    cols = ", ".join(f"{c} TEXT" for c in COLUMNS)
    marks = ", ".join(["%s" if engine.dialect.name == "postgresql" else "?"] * len(COLUMNS))
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS bench_raw")
        key = "BIGSERIAL" if engine.dialect.name == "postgresql" else "INTEGER"
        conn.exec_driver_sql(f"CREATE TABLE bench_raw (id {key} PRIMARY KEY, {cols})")
    raw = engine.raw_connection()
    cursor = raw.cursor()
    started = time.perf_counter()
    rows = 0
    with open(roster, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        next(reader)
        batch = []
        for record in reader:
            batch.append(record)
            if len(batch) == 1000:
                cursor.executemany(f"INSERT INTO bench_raw ({', '.join(COLUMNS)}) VALUES ({marks})", batch)
                raw.commit()
                rows += len(batch)
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO bench_raw ({', '.join(COLUMNS)}) VALUES ({marks})", batch)
            raw.commit()
            rows += len(batch)
    seconds = time.perf_counter() - started
    cursor.execute("DROP TABLE bench_raw")
    raw.commit()
    raw.close()
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds),
            "peak_rss_mb": peak_mb()}


def month_ends() -> list[date]:
    """The last day of each month of the plan year, September to August."""
    firsts = [date(2025 if m >= 9 else 2026, m, 1) for m in (*range(9, 13), *range(1, 9))]
    return [(first + timedelta(days=32)).replace(day=1) - timedelta(days=1) for first in firsts]


def step_claims(url: str, children: str, count: str) -> dict:
    """The city's year of claims, month by month: each bill submitted (and so assessed) when
    it comes in, the month's claims approved at its end, a donation and what the subsidy and
    medical-assistance payers owe received, a payout run early the next month (12 in all);
    then the year closed."""
    fund = fund_at(url)
    numbered = []
    for i, bill in enumerate(bills(int(children)), 1):
        if len(numbered) >= int(count):
            break
        discharged = bill.treated + timedelta(days=3 if bill.kind == "inpatient" else 0)
        numbered.append((discharged + timedelta(days=10), i, bill, discharged))
    numbered.sort(key=lambda item: (item[0], item[1]))
    timing = {"submit": 0.0, "approve": 0.0, "payout": 0.0}
    approved = payments = 0
    runs: list[tuple[float, int]] = []
    waiting = iter(numbered)
    pending = next(waiting, None)
    for n, end in enumerate(month_ends(), 1):
        started = time.perf_counter()
        while pending is not None and pending[0] <= end:
            submitted, i, bill, discharged = pending
            in_scope = (bill.amount * Decimal("0.85")).quantize(Decimal("0.01"))
            fund.submit_claim(f"CL-{i:07d}", bill.member, HOSPITALS[bill.level], f"B-{i:07d}",
                              bill.kind, bill.treated, discharged, bill.amount, in_scope,
                              Decimal("0.00"), bill.package, submitted)
            pending = next(waiting, None)
        timing["submit"] += time.perf_counter() - started
        started = time.perf_counter()
        for row in fund.claim_list(status="assessed"):
            fund.approve_claim(row["claim"], end)
            approved += 1
        timing["approve"] += time.perf_counter() - started
        fund.record_donation(Decimal(50_000 + 10_000 * n), "City Red Cross", f"DON-{end:%Y%m}", end)
        owing = fund.balance(end)
        for payer, receive in (("subsidy", fund.receive_subsidy),
                               ("assistance", fund.receive_assistance)):
            owed = owing[f"{payer}_receivable"]
            if owed > 0:
                receive(owed, f"{payer.upper()}-{end:%Y%m}", end)
        started = time.perf_counter()
        run = fund.run_payouts(end + timedelta(days=5))
        seconds = time.perf_counter() - started
        timing["payout"] += seconds
        runs.append((seconds, len(run.payments) if run else 0))
        payments += runs[-1][1]
    started = time.perf_counter()
    fund.close_year(YEAR, TODAY)
    close_s = time.perf_counter() - started
    from ledger.app.audit import check_claims

    # Every claim's status and amount payable, from its own record and from the register.
    if problems := check_claims(fund):
        raise SystemExit(f"claims register and records disagree: {problems[:5]}")
    first = f"CL-{min(i for _, i, _, _ in numbered):07d}" if numbered else None
    return {"claims": len(numbered),
            "claims_per_s": round(len(numbered) / timing["submit"], 1) if numbered else 0,
            "approved": approved,
            "approvals_per_s": round(approved / timing["approve"], 1) if approved else 0,
            "payout_runs": len(runs), "payout_runs_s": round(timing["payout"], 2),
            "payments": payments, "largest_run_payments": max(c for _, c in runs),
            "largest_run_s": round(max(s for s, _ in runs), 2), "year_close_s": round(close_s, 2),
            "first_claim": first, "peak_rss_mb": peak_mb()}


def step_rebuild(url: str) -> dict:
    from ledger.app.audit import rebuild

    fund = fund_at(url)
    floor = _read_log(fund)
    report = rebuild(fund)
    return {"events": report.events, "seconds": round(report.seconds, 2),
            "events_per_s": round(report.events / report.seconds), "identical": report.identical,
            "peak_rss_mb": peak_mb(), "helper_peak_rss_mb": helper_peak_mb(),
            "read_log_events_per_s": floor}


def _read_log(fund) -> int:
    """The store's own floor for a replay, in the same run: every stored event read (not
    decoded) in pages of 5,000 through the driver, as the replay reads them."""
    from ledger.store.log import whole_log

    started = time.perf_counter()
    count = sum(1 for _ in whole_log(fund.recorder, 5000))
    return round(count / (time.perf_counter() - started))


STEPS = {"import": step_import, "raw": step_raw, "claims": step_claims, "rebuild": step_rebuild}

if __name__ == "__main__":
    print(json.dumps(STEPS[sys.argv[1]](*sys.argv[2:])))
