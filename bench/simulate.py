"""`fund year simulate` on a city's year of claims: how long a proposal takes to try.

    python -m bench.simulate [CLAIMS]

Builds the store bench/approve.py builds (CLAIMS assessed claims, one a child), approves them
all, then times `year simulate` of the published rules with the inpatient deductible lowered
to 0.00, in the process as `fund` runs it.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date

from bench.approve import RULES, build
from ledger.rules import parse_rules_text


def main(claims: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        fund = build(f"sqlite:///{folder}/simulate.db", claims)
        fund.claims.approve_all(on=date(2026, 10, 20))
        proposal = parse_rules_text(RULES.read_text().replace(
            'inpatient_deductible = "100.00"', 'inpatient_deductible = "0.00"'))
        started = time.perf_counter()
        done = fund.reads.simulate(proposal, "2026-2027")
        seconds = time.perf_counter() - started
        fund.views.engine.dispose()
        fund.close()
    print(f"{done.claims:,} claims assessed again in {seconds:.2f} s "
          f"({done.claims / seconds:,.0f} a second); payouts {done.actual.payouts} -> "
          f"{done.proposed.payouts}, loss ratio {done.actual.loss_ratio_percent} % -> "
          f"{done.proposed.loss_ratio_percent} %")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
