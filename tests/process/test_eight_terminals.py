"""Eight administrators at eight terminals, 1,000 commands between them, on one store.

They enter their own children and receipts, and at the same moments: the same receipt from
two terminals, the same claim submitted and approved from two terminals, the same donation,
and payout runs started by every terminal at once. Afterwards every command either took effect
exactly once or was refused in one clear line, and the books and the audit hold.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

from sqlalchemy import column, create_engine, func, select, table

from shell import run_in
from conftest import ROOT, TODAY

TERMINALS = 8
ROUNDS = 25  # five commands a round: 8 x 25 x 5 = 1,000 commands
YEAR = "2026-2027"
EXPECTED_REFUSALS = ("claim state:",)  # approving a claim the other terminal approved first


def plans() -> list[list[list[str]]]:
    out: list[list[list[str]]] = [[] for _ in range(TERMINALS)]
    for t in range(TERMINALS):
        pair = t // 2
        for r in range(ROUNDS):
            own = f"T{t}-{r}"
            shared_child = f"S{pair}-{r // 5}"  # five claims for each shared child: the cap binds
            claim = f"CL-{pair}-{r}"
            out[t] += [
                ["child", "register", own, "--name", f"Child {own}", "--born", "2016-03-01",
                 "--guardian", "G", "--date", "2026-09-01"],
                ["contribute", own, "--year", YEAR, "--receipt", f"R{own}", "--date", "2026-09-10",
                 "--amount", "120.00"],
                # the same receipt for the same child, from both terminals of a pair
                ["contribute", f"P{pair}-{r}", "--year", YEAR, "--receipt", f"RP{pair}-{r}",
                 "--date", "2026-09-12", "--amount", "120.00"],
                ["claim", "submit", claim, "--member", shared_child, "--hospital", "HC",
                 "--bill", f"B-{pair}-{r}", "--type", "inpatient", "--admitted", "2027-01-05",
                 "--discharged", "2027-01-10", "--total", "120000", "--in-scope", "100000",
                 "--date", "2027-01-20"],
                (["payout", "run", "--date", "2027-02-01"] if r % 5 == 4 else
                 ["claim", "approve", claim, "--date", "2027-01-25"] if r % 5 != 3 else
                 ["donation", "record", "--amount", "5000", "--donor", "City Federation",
                  "--reference", f"D-{r}", "--date", "2027-01-02"]),
            ]
    return out


def count(url: str, topic_like: str) -> int:
    engine = create_engine(url)
    events = table("fundbook_events", column("topic"))
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(events)
                         .where(events.c.topic.like(topic_like))).scalar_one()
    engine.dispose()
    return n


def test_eight_terminals_thousand_commands(db_url, tmp_path):
    env = {"FUND_DB": db_url, "FUND_TODAY": TODAY.isoformat()}
    assert run_in(env, "year", "open", ROOT / "examples" / "rules-2026-2027.toml", "--date",
                       "2026-07-01").code == 0
    assert run_in(env, "hospital", "add", "HC", "--name", "City Children's", "--level", "3",
                       "--date", "2026-08-01").code == 0
    roster = tmp_path / "roster.csv"  # the shared children: enrolled, or registered only
    rows = [f"S{p}-{k},Shared {p}-{k},2015-01-01,G,RS{p}-{k},2026-09-05,120.00"
            for p in range(TERMINALS // 2) for k in range(ROUNDS // 5)]
    roster.write_text("member,name,born,guardian,receipt,date,amount\n" + "\n".join(rows) + "\n")
    assert run_in(env, "import", "contributions", roster, "--year", YEAR).code == 0
    # The children both terminals of a pair will enroll with the same receipt, registered
    # in one go (quicker than a process each).
    from ledger.app.fund import Fund

    fund = Fund(db_url, operator="setup", today=lambda: TODAY)
    try:
        from datetime import date

        for p in range(TERMINALS // 2):
            for r in range(ROUNDS):
                fund.register_child(f"P{p}-{r}", "Pair child", date(2014, 1, 1), "G", None,
                                    None, date(2026, 9, 1))
    finally:
        fund.views.engine.dispose()
        fund.close()

    start_at = time.time() + 4
    procs = []
    for t, plan in enumerate(plans()):
        path = tmp_path / f"plan-{t}.json"
        path.write_text(json.dumps(plan))
        procs.append(subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("terminal.py")), str(path),
             str(tmp_path / f"results-{t}.json"), str(start_at)],
            env={**os.environ, **env, "FUND_OPERATOR": f"clerk-{t}"}, cwd=ROOT))
    for proc in procs:
        assert proc.wait(timeout=900) == 0
    results = [r for t in range(TERMINALS)
               for r in json.loads((tmp_path / f"results-{t}.json").read_text())]
    assert len(results) == 1000

    # Every command took effect or was refused in one clear line, never an internal error.
    refused = [r for r in results if r["code"] != 0]
    for r in refused:
        lines = r["err"].strip().splitlines()
        assert r["code"] == 1 and len(lines) == 1, r
        assert lines[0].startswith("fund: ") and "internal error" not in lines[0], r
        assert any(k in lines[0] for k in EXPECTED_REFUSALS), r
    # Only second approvals are refused: each claim approved exactly once.
    approvals = Counter(r["argv"][2] for r in results if r["argv"][:2] == ["claim", "approve"])
    approved_ok = Counter(r["argv"][2] for r in results
                          if r["argv"][:2] == ["claim", "approve"] and r["code"] == 0)
    assert set(approved_ok) == set(approvals) and set(approved_ok.values()) == {1}

    # Each receipt recorded once: own ones, the pairs' shared ones and the roster's.
    receipts = TERMINALS * ROUNDS + (TERMINALS // 2) * ROUNDS + len(rows)
    assert count(db_url, "%:Receipt.Issued") == receipts
    balance = run_in(env, "balance", "--json").json()
    assert Decimal(balance["income"]["contributions"]) == receipts * Decimal("120.00")
    # Each donation once (both terminals of every pair entered it).
    donations = len({r["argv"][-3] for r in results if r["argv"][:2] == ["donation", "record"]})
    assert count(db_url, "%:Donation.Received") == donations
    # No child past the cap.
    for p in range(TERMINALS // 2):
        for k in range(ROUNDS // 5):
            doc = run_in(env, "member", "show", f"S{p}-{k}", "--json").json()
            year = doc["years"][YEAR]
            assert Decimal(year["benefits"]) <= Decimal("200000.00"), year
            assert Decimal(year["benefits"]) > Decimal("130000.00"), year  # two or more claims
    # Trial balance zero, cash never negative, no claim paid more than approved or twice.
    assert run_in(env, "audit", "verify").code == 0
