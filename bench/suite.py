"""The benchmark suite: a synthetic city year, measured step by step against the raw store.

    bench/run [--children N] [--sizes 10000,100000] [--claims N] [--postgres URL]

Each step runs in its own process (peak RSS is that step's own). Prints a table and JSON and
writes bench/RESULTS.md with the machine, date and command.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bench.city import write_rosters

HERE = Path(__file__).resolve().parent
FUND = str(Path(sys.executable).with_name("fund"))
EXPLAINED = """What the columns are: import = `fund import contributions`'s own code path (check pass, then
batches of 20,000 recorded and projected) on a fresh store; raw = the same CSV rows read the same
way and written by a bare `executemany` into a plain table, in the same run; claims = the year
month by month: bills submitted and assessed as they come in (each its own use case, with the
views caught up), approved at the month's end, a donation and the payers' remittances, then a
payout run early the next month (12 in all; the column gives their total time and the most
payments one run made), and the year closed; rebuild = `fund audit rebuild`
of the whole log into scratch files (two processes from 50,000 events: each reads the log,
decodes the events its half of the projections handles and applies them; the hash chain is left
to `fund audit verify`), then compared
with the live tables (each half by its own process, after the time is taken); log read = the same log
read through the driver without decoding, in the same run (the store's floor for a replay);
read commands = whole processes, median of 10. Peak RSS is each step's own process, and in
brackets its largest helper process (the second half of a split replay, an import's view
follower), which runs at the same time."""
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def step(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "bench.step", *args], capture_output=True,
                          text=True, cwd=HERE.parent)
    if done.returncode:
        raise SystemExit(f"bench step {args[0]} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def cli_median(url: str, *args: str, runs: int = 10) -> float:
    env = {**os.environ, "FUND_DB": url, "FUND_TODAY": "2026-09-30"}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([FUND, *args], capture_output=True, env=env)
        times.append(time.perf_counter() - started)
        if done.returncode:
            raise SystemExit(f"fund {' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    return round(statistics.median(times), 3)


def fresh_postgres(url: str) -> str | None:
    """A fresh database on the server at `url`, or None when no server answers."""
    try:
        import psycopg
        from sqlalchemy.engine import make_url

        base = make_url(url)
        name = f"fund_bench_{os.getpid()}"
        with psycopg.connect(host=base.host, port=base.port, user=base.username,
                             dbname=base.database, autocommit=True, connect_timeout=3) as c:
            c.execute(f"DROP DATABASE IF EXISTS {name}")
            c.execute(f"CREATE DATABASE {name}")
        return str(base.set(database=name).render_as_string(hide_password=False))
    except Exception as e:  # noqa: BLE001 - the server is optional for the bench
        print(f"PostgreSQL not measured: {e}", file=sys.stderr)
        return None


def city(kind: str, url: str, children: int, roster: Path, claims: int) -> dict:
    print(f"[{kind}] {children:,} children: import ...", file=sys.stderr, flush=True)
    result = {"store": kind, "children": children}
    result["import"] = step("import", url, str(roster))
    result["raw"] = step("raw", url, str(roster))
    result["import_vs_raw"] = round(result["import"]["rows_per_s"] / result["raw"]["rows_per_s"], 3)
    print(f"[{kind}] claims ...", file=sys.stderr, flush=True)
    result["claims"] = step("claims", url, str(children), str(claims))
    print(f"[{kind}] rebuild ...", file=sys.stderr, flush=True)
    result["rebuild"] = step("rebuild", url)
    print(f"[{kind}] read commands ...", file=sys.stderr, flush=True)
    result["cli_median_s"] = {
        "fund --help": cli_median(url, "--help"),
        "fund balance": cli_median(url, "balance"),
        "fund member show": cli_median(url, "member", "show", f"C{children // 2:07d}"),
        "fund claim show": cli_median(url, "claim", "show", result["claims"]["first_claim"]),
    }
    return result


def table(results: list[dict]) -> str:
    lines = ["| store | children | import rows/s | raw rows/s | ratio | import peak MB (+helper) "
             "| claims/s | approvals/s | 12 payout runs s (largest) | rebuild events/s "
             "| log read events/s "
             "| rebuild peak MB (+helper) | balance s | member show s | claim show s | --help s |",
             "|" + "---|" * 16]
    for r in results:
        cli = r.get("cli_median_s", {})
        imp, reb = r["import"], r["rebuild"]
        lines.append(
            f"| {r['store']} | {r['children']:,} | {imp['rows_per_s']:,} "
            f"| {r['raw']['rows_per_s']:,} | {r['import_vs_raw']:.1%} "
            f"| {imp['peak_rss_mb']} (+{imp.get('helper_peak_rss_mb', 0)}) "
            f"| {r['claims']['claims_per_s']} | {r['claims']['approvals_per_s']} "
            f"| {r['claims']['payout_runs_s']} ({r['claims']['largest_run_payments']:,}) "
            f"| {reb['events_per_s']:,} | {reb.get('read_log_events_per_s', 0):,} "
            f"| {reb['peak_rss_mb']} (+{reb.get('helper_peak_rss_mb', 0)}) "
            f"| {cli.get('fund balance', '-')} | {cli.get('fund member show', '-')} "
            f"| {cli.get('fund claim show', '-')} | {cli.get('fund --help', '-')} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000000",
                        help="children per city, comma separated (default 1,000,000)")
    parser.add_argument("--claims", type=int, default=None,
                        help="claims submitted per city (default: every bill of the city year, "
                             "about 5 %% of children)")
    parser.add_argument("--postgres", default=os.environ.get("FUND_TEST_POSTGRES_URL", PG_DEFAULT),
                        help="server URL for the PostgreSQL runs ('' to skip)")
    parser.add_argument("--pg-sizes", default=None, help="sizes for PostgreSQL (default: the smallest)")
    parser.add_argument("--results", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    pg_sizes = [int(s) for s in args.pg_sizes.split(",")] if args.pg_sizes else sizes[:1]
    results = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fund-bench-") as work:
        for n in sizes:
            (roster,) = write_rosters(Path(work) / f"city-{n}", n)
            claims = n if args.claims is None else args.claims  # no more bills than children
            results.append(city("sqlite", f"sqlite:///{work}/fund-{n}.db", n, roster, claims))
            if args.postgres and n in pg_sizes:
                url = fresh_postgres(args.postgres)
                if url:
                    results.append(city("postgresql", url, n, roster, claims))
            roster.unlink()
    report = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} · {platform.system()} {platform.release()} · "
                   f"{os.cpu_count()} CPUs · Python {platform.python_version()}",
        "command": "bench/run " + " ".join(sys.argv[1:]),
        "seconds": round(time.perf_counter() - started),
        "results": results,
    }
    print(table(results))
    print(json.dumps(report, indent=2))
    Path(args.results).write_text(
        f"# Benchmark results\n\nLatest run: {report['date']} on {report['machine']}.\n"
        f"Command: `{report['command']}` ({report['seconds']} s in all).\n\n"
        f"{table(results)}\n\n{EXPLAINED}\n\nTargets (issue 7, SQLite): import ≥ 30 % of raw; rebuild ≥ 40,000 "
        "events/s; read commands < 0.3 s; peak RSS < 500 MB.\n\n"
        f"```json\n{json.dumps(results, indent=2)}\n```\n")


if __name__ == "__main__":
    main()
