"""A city's rosters as the schools hand them in, one file per school (800 children each):
imported by one `fund import contributions` process per file, and by one process given every
file, each into a fresh SQLite store, as whole processes (start-up included). Prints a table
and a JSON line; the stores' balances must come out identical.

    python -m bench.schools [CHILDREN]      (default 20,000: 25 schools)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.city import YEAR, rules_text, write_rosters

# The `fund` an administrator runs: the script installed beside this Python.
FUND = [str(Path(sys.executable).with_name("fund"))]


def fresh_store(path: Path) -> str:
    from ledger.app.fund import Fund

    url = f"sqlite:///{path}"
    fund = Fund(url, operator="bench", today=lambda: date(2026, 9, 30))
    fund.open_year(rules_text(), date(2025, 8, 15))
    fund.close()
    return url


def fund(url: str, *args: str) -> str:
    done = subprocess.run([*FUND, "--db", url, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"fund {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def timed(url: str, batches: list[list[str]]) -> float:
    started = time.perf_counter()
    for files in batches:
        fund(url, "import", "contributions", *files, "--year", YEAR)
    return round(time.perf_counter() - started, 2)


def main() -> None:
    children = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    with tempfile.TemporaryDirectory(prefix="fund-schools-") as work:
        files = [str(p) for p in write_rosters(Path(work), children, per_school=True)]
        one_by_one, together = fresh_store(Path(work) / "a.db"), fresh_store(Path(work) / "b.db")
        result = {"children": children, "files": len(files),
                  "one_process_per_file_s": timed(one_by_one, [[f] for f in files]),
                  "one_process_all_files_s": timed(together, [files])}
        balances = [json.loads(fund(url, "balance", "--json")) for url in (one_by_one, together)]
        result["contributions"] = balances[0]["income"]["contributions"]
        result["identical_balances"] = balances[0] == balances[1]
    for key in ("one_process_per_file_s", "one_process_all_files_s"):
        result[key.replace("_s", "_rows_per_s")] = round(children / result[key])
    print(f"| children | files | one process per file s (rows/s) | one process, all files s "
          f"(rows/s) | balances identical |\n|---|---|---|---|---|\n"
          f"| {children:,} | {len(files)} | {result['one_process_per_file_s']} "
          f"({result['one_process_per_file_rows_per_s']:,}) | {result['one_process_all_files_s']} "
          f"({result['one_process_all_files_rows_per_s']:,}) | {result['identical_balances']} |")
    print(json.dumps(result))
    if result["contributions"] == "0.00":
        raise SystemExit("nothing was recorded: the measurement measured nothing")
    if not result["identical_balances"]:
        raise SystemExit("the two ways of importing gave different balances")


if __name__ == "__main__":
    main()
