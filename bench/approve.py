"""`fund claim approve --all` on a year's assessed claims: claims approved a second.

    python -m bench.approve [CLAIMS] [URL]

Builds a store (default: a fresh SQLite file in a temporary folder) with CLAIMS assessed
claims, one a child, then times the approval of them all in one command, in the process as
`fund` runs it, and says how many were approved and how fast.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from ledger.app.fund import Fund
from ledger.claim import Bill, Claim
from ledger.app.imports import RosterRow

RULES = Path(__file__).resolve().parent.parent / "examples" / "rules-2026-2027.toml"
TODAY = date(2027, 9, 30)


def build(url: str, claims: int) -> Fund:
    fund = Fund(url, operator="bench", today=lambda: TODAY)
    fund.open_year(RULES.read_text(), date(2026, 7, 1))
    fund.register_hospital("H3", "Children's", 3, date(2026, 8, 1))
    rows = [RosterRow(i + 2, f"K{i:06d}", "Child", date(2015, 1, 1), "G", f"R{i:06d}",
                      date(2026, 9, 10), Decimal("120.00"), None, None) for i in range(claims)]
    fund.import_roster(lambda: iter(rows), "2026-2027")
    # The claims as `claim submit` records them (the claim, its assessment, its bill), saved a
    # thousand at a time: submitting 50,000 one by one takes longer than approving them.
    fund.submit_claim("C000000", "K000000", "H3", "B000000", "inpatient", date(2026, 10, 1),
                      date(2026, 10, 5), Decimal("2000.00"), Decimal("1500.00"),
                      on=date(2026, 10, 10))
    assessment = fund.claim("C000000").assessed
    for start in range(1, claims, 1000):
        batch = []
        for i in range(start, min(claims, start + 1000)):
            c = Claim(f"C{i:06d}", f"K{i:06d}", "2026-2027", "H3", 3, f"B{i:06d}", "inpatient",
                      date(2026, 10, 1), date(2026, 10, 5), Decimal("2000.00"),
                      Decimal("1500.00"), Decimal("0.00"), None, None, "bench",
                      date(2026, 10, 10))
            c.assess(assessment, "assessed on submission", "bench", date(2026, 10, 10))
            batch += [c, Bill("H3", f"B{i:06d}", c.claim, "bench", date(2026, 10, 10))]
        fund.save(*batch)
    fund.views.catch_up()
    return fund


def main(claims: int, url: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        fund = build(url or f"sqlite:///{folder}/approve.db", claims)
        started = time.perf_counter()
        done = fund.claims.approve_all(on=date(2026, 10, 20))
        seconds = time.perf_counter() - started
        fund.views.engine.dispose()
        fund.close()
    print(f"approved {done.approved} of {claims} claims in {seconds:.2f} s: "
          f"{done.approved / seconds:,.0f} claims/s (held {len(done.held)})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000, sys.argv[2] if len(sys.argv) > 2 else None)
