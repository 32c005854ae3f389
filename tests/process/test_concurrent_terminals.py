"""Several terminals entering the same school roster at once: each receipt recorded once.

Real processes on a real store; the full 8-process, 1,000-command test is for production work.
"""

from __future__ import annotations

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

from shell import FUND, run_in
from conftest import ROOT, TODAY

CHILDREN = 6
TERMINALS = 3


def test_three_terminals_entering_the_same_receipts_record_each_once(db_url):
    env = {"FUND_DB": db_url, "FUND_TODAY": TODAY.isoformat()}
    assert run_in(env, "year", "open", ROOT / "examples" / "rules-2026-2027.toml", "--date",
                       "2026-07-01").code == 0
    for i in range(CHILDREN):
        assert run_in(env, "child", "register", f"M{i}", "--name", f"Child {i}", "--born",
                           "2015-01-01").code == 0

    def terminal(t: int) -> list[tuple[int, str]]:
        out = []
        for i in range(CHILDREN):
            proc = subprocess.run(
                [FUND, "--operator", f"clerk-{t}", "contribute", f"M{i}", "--year", "2026-2027",
                 "--receipt", f"R{i}", "--date", "2026-09-10", "--amount", "120.00"],
                capture_output=True, text=True, env={**os.environ, **env}, timeout=120)
            out.append((proc.returncode, proc.stderr))
        return out

    with ThreadPoolExecutor(TERMINALS) as pool:
        results = [r for rs in pool.map(terminal, range(TERMINALS)) for r in rs]
    assert all(code == 0 for code, _ in results), [e for c, e in results if c]
    balance = run_in(env, "balance", "--json").json()
    assert balance["cash"] == f"{CHILDREN * 120}.00"
    assert run_in(env, "audit", "verify").code == 0
