"""A single write command against `fund balance`, as whole processes on the demo store.

    python -m bench.write_start [--rounds 7] [--db URL]

Each round runs, one after the other, `fund balance`, then a new child's `contribute`, a
claim `submit` for it by the clerk and its `approve` by an assessor: the four commands an
administrator waits on most. It prints each command's median seconds and its ratio to
`fund balance`'s (the issue's goal: a write at most 2.5 times a read), as a Markdown row.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FUND = str(Path(sys.executable).with_name("fund"))


def run(env: dict, *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run([FUND, *args], capture_output=True, env=env)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"fund {' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--db", help="a store with the demo year (default: a new SQLite demo)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = options.db or f"sqlite:///{folder}/fund.db"
        env = {**os.environ, "FUND_DB": url, "FUND_TODAY": "2026-09-30", "FUND_LANG": "en"}
        if not options.db:
            run(env, "demo")
        times: dict[str, list[float]] = {"balance": [], "contribute": [], "claim submit": [],
                                         "claim approve": []}
        for i in range(options.rounds):
            child = f"W{os.getpid()}{i}"
            run(env, "--operator", "li.na", "child", "register", child, "--name", "Bench",
                "--born", "2018-01-01", "--date", "2026-09-01")
            times["balance"].append(run(env, "balance"))
            times["contribute"].append(run(
                env, "--operator", "li.na", "contribute", child, "--year", "2026-2027",
                "--receipt", f"R-{child}", "--date", "2026-09-05", "--amount", "180.00"))
            times["claim submit"].append(run(
                env, "--operator", "li.na", "claim", "submit", f"CL-{child}", "--member", child,
                "--hospital", "H-CHILD", "--bill", f"B-{child}", "--type", "inpatient",
                "--admitted", "2026-09-10", "--discharged", "2026-09-14", "--total", "3000.00",
                "--in-scope", "2500.00", "--date", "2026-09-20"))
            times["claim approve"].append(run(
                env, "--operator", "zhang.wei", "claim", "approve", f"CL-{child}",
                "--date", "2026-09-25"))
    read = statistics.median(times["balance"])
    print("| command | median s | times `fund balance` |\n|---|---|---|")
    for name, seconds in times.items():
        median = statistics.median(seconds)
        print(f"| {name} | {median:.3f} | {median / read:.2f} |")


if __name__ == "__main__":
    main()
