"""The time a run loses to a server restart and to a failover, and what the retry machinery
costs an ordinary run.

    python -m bench.failover [CLAIMS]      (as root, with PostgreSQL's server packages)

A primary and its synchronous standby are made by `.ci/pg-pair` (ports 5433 and 5434); a store
of CLAIMS assessed claims (default 5,000) is built on the primary through the CLI and copied
(CREATE DATABASE … TEMPLATE) three times. `fund claim approve --all` then runs on each copy, as
a whole process on the README's multi-host URL: once undisturbed; once with the primary
restarted (`pg_ctlcluster restart -m fast`) when a third of the claims are approved; once with
the primary stopped dead (`-m immediate`) at a third and the standby promoted a second later.
The server's own downtime (the restart, or the stop, the second and the promotion) is taken
apart from what the command lost beyond it (reconnecting, the batch cut and done again).
Each must finish by itself with every claim approved once. The retry machinery's own cost is
`retried()` around a unit of work that does nothing, timed in this process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

HERE = Path(__file__).resolve().parent
FUND = str(Path(sys.executable).with_name("fund"))


def psql(port: int, sql: str, database: str = "postgres") -> str:
    done = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d",
                           database, "-Atc", sql], capture_output=True, text=True, timeout=60)
    return done.stdout.strip() if done.returncode == 0 else ""


def url(database: str, ports: tuple[int, int]) -> str:
    return (f"postgresql+psycopg://postgres@/{database}?host=127.0.0.1:{ports[0]}"
            f"&host=127.0.0.1:{ports[1]}&target_session_attrs=read-write")


def fund(db: str, *args: str) -> None:
    env = {**os.environ, "FUND_DB": db, "FUND_TODAY": "2027-09-30"}
    done = subprocess.run([FUND, *args], capture_output=True, text=True, env=env)
    if done.returncode:
        raise SystemExit(f"fund {' '.join(args)}: {done.stderr[-800:]}")


def build(db: str, n: int, folder: Path) -> None:
    rules = HERE.parent / "examples" / "rules-2026-2027.toml"
    fund(db, "year", "open", str(rules), "--date", "2026-07-01")
    fund(db, "hospital", "add", "H3", "--name", "City", "--level", "3", "--date", "2026-07-01")
    roster, claims = folder / "roster.csv", folder / "claims.csv"
    roster.write_text("member,name,born,guardian,receipt,date,amount\n" + "".join(
        f"K{i:06d},孩子{i},2015-01-01,家长,RK{i:06d},2026-09-10,120.00\n" for i in range(n)),
        encoding="utf-8")
    claims.write_text("claim,member,hospital,bill,type,admitted,discharged,total,in_scope,"
                      "submitted\n" + "".join(
                          f"C{i:06d},K{i:06d},H3,B{i:06d},inpatient,2026-10-01,2026-10-03,"
                          f"300.00,200.00,2026-10-05\n" for i in range(n)), encoding="utf-8")
    fund(db, "import", "contributions", str(roster), "--year", "2026-2027")
    fund(db, "import", "claims", str(claims))


def approved(port: int, database: str) -> int:
    found = psql(port, "SELECT count(*) FROM fundbook_events WHERE topic LIKE '%Claim.Approved'",
                 database)
    return int(found) if found else -1


def approve(database: str, n: int, pair: list[str], fault: str | None) -> dict:
    version, primary, p_port, standby, s_port = pair
    ports = (int(p_port), int(s_port))
    env = {**os.environ, "FUND_DB": url(database, ports), "FUND_TODAY": "2027-09-30"}
    started = time.perf_counter()
    proc = subprocess.Popen([FUND, "claim", "approve", "--all", "--date", "2026-10-10"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    at = down = None
    if fault:
        while approved(ports[0], database) < n // 3:
            if proc.poll() is not None:
                raise SystemExit(f"finished before the fault: {proc.communicate()}")
            time.sleep(0.05)
        at = round(time.perf_counter() - started, 2)
        down = time.perf_counter()
        if fault == "restart":
            subprocess.run(["pg_ctlcluster", version, primary, "restart", "-m", "fast"],
                           check=True)
        else:
            subprocess.run(["pg_ctlcluster", version, primary, "stop", "-m", "immediate"],
                           check=True)
            time.sleep(1)
            subprocess.run(["pg_ctlcluster", version, standby, "promote"], check=True)
        down = round(time.perf_counter() - down, 2)
    out, err = proc.communicate(timeout=1800)
    seconds = round(time.perf_counter() - started, 2)
    if proc.returncode:
        raise SystemExit(f"approve --all ({fault}) exited {proc.returncode}: {err[-800:]}")
    now = ports[1] if fault == "failover" else ports[0]
    if approved(now, database) != n:
        raise SystemExit(f"{fault}: {approved(now, database)} approvals recorded, not {n}")
    return {"fault": fault or "none", "fault_at_s": at, "down_s": down, "seconds": seconds}


def retry_cost() -> float:
    """Microseconds `retried()` adds to one unit of work."""
    from ledger.app.use_case import retried

    def work(_: int) -> None:
        return None

    bare = min(timeit.repeat(lambda: work(0), number=100_000, repeat=5))
    wrapped = min(timeit.repeat(lambda: retried(work), number=100_000, repeat=5))
    return round((wrapped - bare) / 100_000 * 1e6, 2)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    make = subprocess.run([str(HERE.parent / ".ci" / "pg-pair")], capture_output=True,
                          text=True, check=True)
    pair = make.stdout.strip().splitlines()[-1].split(":")
    p_port, s_port = int(pair[2]), int(pair[4])
    psql(p_port, "CREATE DATABASE built")
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        build(url("built", (p_port, s_port)), n, Path(folder))
        print(f"built {n} assessed claims in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
    for copy in ("plain", "restarted", "failed_over"):
        psql(p_port, f"CREATE DATABASE {copy} TEMPLATE built")
    runs = [approve("plain", n, pair, None), approve("restarted", n, pair, "restart"),
            approve("failed_over", n, pair, "failover")]
    base = runs[0]["seconds"]
    print(f"| run of `claim approve --all`, {n:,} claims | fault at s | server down s "
          "| seconds | lost s | lost beyond the server's own downtime s |")
    print("|---|---|---|---|---|---|")
    for r in runs:
        lost = round(r["seconds"] - base, 2)
        print(f"| {r['fault']} | {r['fault_at_s'] or ''} | {r['down_s'] or ''} | {r['seconds']} "
              f"| {lost if r['down_s'] else ''} "
              f"| {round(lost - r['down_s'], 2) if r['down_s'] else ''} |")
    print(f"\nretried() around one unit of work: {retry_cost()} µs")
    subprocess.run([str(HERE.parent / ".ci" / "pg-pair")], capture_output=True, check=True)


if __name__ == "__main__":
    main()
