"""When the database fails (SPEC §6): a write whose commit was cut is recorded once and told
as done; a command whose database goes away for a moment goes on by itself; one that cannot
go on says in one line, in the reader's language, what failed, what it kept and what to do,
with no SQL, and exits 75; `audit verify` counts events, not positions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from decimal import Decimal

import pytest
import sqlalchemy.exc
from sqlalchemy import create_engine, text

from conftest import RULES, TODAY
from shell import FUND, assessed_claims, run_in


def cut_once(monkeypatch):
    """The next save commits, then its connection is lost before the answer comes back: the
    command cannot know whether it was recorded."""
    from ledger.app.fund import Fund

    real, cut = Fund.save, {"done": False}

    def save(self, *objs, **kwargs):
        saved = real(self, *objs, **kwargs)
        if not cut["done"]:
            cut["done"] = True
            raise sqlalchemy.exc.OperationalError(
                "COMMIT", {}, Exception("server closed the connection unexpectedly"))
        return saved

    monkeypatch.setattr(Fund, "save", save)
    return cut


def topics(url: str, name: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM fundbook_events WHERE topic LIKE :t"),
                                {"t": f"%{name}"}).scalar_one()
    finally:
        engine.dispose()


@pytest.fixture
def opened_env(db_url):
    env = {"FUND_DB": db_url, "FUND_TODAY": TODAY.isoformat(), "FUND_OPERATOR": "clerk",
           "FUND_RECONNECT_SECONDS": "10"}
    for args in (("year", "open", str(RULES), "--date", "2026-07-01"),
                 ("hospital", "add", "H3", "--name", "City", "--level", "3", "--date",
                  "2026-07-01"),
                 ("child", "register", "M1", "--name", "李小明", "--born", "2015-05-01",
                  "--date", "2026-09-01")):
        assert run_in(env, *args).code == 0
    return env


def test_a_write_whose_commit_was_cut_is_recorded_once_and_told_as_done(opened_env,
                                                                       monkeypatch):
    env = opened_env
    cut = cut_once(monkeypatch)
    r = run_in(env, "contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date",
               "2026-09-10", "--amount", "120.00", "--json")
    assert r.code == 0 and cut["done"], r.err
    assert r.json()["duplicate"] is False  # its own save: told as made, not "already"
    assert "connection was lost" in r.err
    assert topics(env["FUND_DB"], "Enrollment.Enrolled") == 1
    assert run_in(env, "donation", "record", "--amount", "5000", "--donor", "d",
                  "--reference", "D1", "--date", "2026-09-20").code == 0
    assert run_in(env, "claim", "submit", "C1", "--member", "M1", "--hospital", "H3", "--bill",
                  "B1", "--type", "inpatient", "--admitted", "2026-10-01", "--discharged",
                  "2026-10-03", "--total", "1000", "--in-scope", "1000", "--date",
                  "2026-10-05").code == 0
    cut["done"] = False
    r = run_in(env, "claim", "approve", "C1", "--date", "2026-10-06", "--json")
    assert r.code == 0 and r.json()["payout"] == "630.00", r.err
    assert topics(env["FUND_DB"], "Claim.Approved") == 1
    cut["done"] = False
    r = run_in(env, "payout", "run", "--date", "2026-10-07", "--json")
    assert r.code == 0 and r.json()["paid"] == "630.00", r.err
    assert topics(env["FUND_DB"], "PayoutRun.Made") == 1
    assert run_in(env, "audit", "verify").code == 0


def test_a_store_that_does_not_answer_is_said_in_one_line_with_exit_75(tmp_path):
    env = {"FUND_DB": "postgresql+psycopg://postgres@127.0.0.1:5999/nowhere",
           "FUND_TODAY": TODAY.isoformat(), "FUND_RECONNECT_SECONDS": "1"}
    for lang, words in (("en", "run the same command again"), ("zh", "再次运行同一命令")):
        r = run_in({**env, "FUND_LANG": lang}, "balance")
        assert r.code == 75, (r.code, r.err)
        lines = r.err.strip().splitlines()  # the waiting told as it goes, then the failure
        assert words in lines[-1] and all(line.startswith("fund: ") for line in lines), r.err
        assert len(lines) <= 4, r.err
        for leak in ("SQL", "psycopg", "sqlalche.me", "[parameters", "Traceback"):
            assert leak not in r.err, r.err
    r = run_in(env, "balance", "--json")
    assert r.code == 75 and json.loads(r.out)["error"] == "store_unavailable"

    log = tmp_path / "detail.log"  # the whole detail for whoever looks into it: in a file
    r = run_in({**env, "FUND_DEBUG": str(log)}, "--db",
               "postgresql+psycopg://postgres:s3cret@127.0.0.1:5999/nowhere", "balance")
    assert r.code == 75 and "Traceback" not in r.err and f"is in {log}" in r.err
    assert "Traceback" in log.read_text() and "psycopg" in log.read_text()
    assert "s3cret" not in log.read_text()  # a password on the command line stays out of it


def test_a_full_disk_and_a_locked_store_are_named_not_retried():
    import sqlite3

    from ledger.store import faults

    full = faults.classify(sqlite3.OperationalError("database or disk is full"), "/tmp/f.db")
    assert full.code == "disk_full" and "/tmp/f.db" in str(full.message)
    assert "MB free" in str(full.message)
    assert not faults.passing(sqlite3.OperationalError("database or disk is full"))
    locked = faults.classify(sqlite3.OperationalError("database is locked"), "/tmp/f.db")
    assert locked.code == "store_locked"
    assert faults.passing(sqlalchemy.exc.OperationalError(
        "SELECT 1", {}, Exception("terminating connection due to administrator command")))
    from ledger.errors import RuleViolation

    assert not faults.passing(RuleViolation("roles", "connection refused"))


def test_audit_verify_counts_events_not_positions(postgres_url):
    env = {"FUND_DB": postgres_url, "FUND_TODAY": TODAY.isoformat()}
    assert run_in(env, "year", "open", str(RULES), "--date", "2026-07-01").code == 0
    engine = create_engine(postgres_url)
    with engine.begin() as conn:  # positions a crash or a rolled-back save leaves unused
        for _ in range(25):
            conn.execute(text("SELECT nextval('fundbook_events_id_seq')"))
    engine.dispose()
    assert run_in(env, "hospital", "add", "H3", "--name", "City", "--level", "3").code == 0
    doc = run_in(env, "audit", "verify", "--json").json()
    check = run_in(env, "db", "check", "--json").json()
    assert doc["ok"] and doc["events"] == check["events"] < doc["last_position"]
    assert check["events"] == doc["last_position"] - 25


def cut_while_running(url: str, args: list[str], extra: dict) -> tuple[int, str, str, list]:
    """`fund ARGS` as a real process whose own connections are cut (pg_terminate_backend)
    a few times while it runs; (exit code, stdout, stderr, the cuts made)."""
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    env = {**os.environ, "FUND_DB": url, "FUND_TODAY": TODAY.isoformat(),
           "PGAPPNAME": "fund-under-test", "FUND_RECONNECT_SECONDS": "30", **extra}
    proc = subprocess.Popen([FUND, *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    cuts: list = []
    admin = create_engine(url, isolation_level="AUTOCOMMIT")

    def cut() -> None:
        # The first cut as soon as the command is connected (looked for every 20 ms on one
        # connection, not a new one each time: a short command, a payout run of a few hundred
        # claims, may be done within half a second), the next ones 0.3 s apart.
        with admin.connect() as conn:
            while proc.poll() is None and len(cuts) < 4:
                time.sleep(0.3 if cuts else 0.02)
                killed = conn.execute(text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
                    "application_name = 'fund-under-test' AND datname = :db"),
                    {"db": database}).scalar_one()
                if killed:
                    cuts.append(killed)

    cutter = threading.Thread(target=cut)
    cutter.start()
    out, err = proc.communicate(timeout=300)
    cutter.join()
    admin.dispose()
    return proc.returncode, out, err, cuts


def test_approve_all_goes_on_by_itself_when_its_connection_is_cut(postgres_url, tmp_path):
    n = 120
    assessed_claims(postgres_url, n, tmp_path)
    code, out, err, cuts = cut_while_running(
        postgres_url, ["claim", "approve", "--all", "--date", "2026-10-10", "--json"],
        {"FUND_APPROVE_BATCH": "4"})
    assert code == 0, err
    assert cuts, "the connection was never cut: the test proved nothing"
    json.loads(out)
    env_in = {"FUND_DB": postgres_url, "FUND_TODAY": TODAY.isoformat()}
    again = run_in(env_in, "claim", "approve", "--all", "--date", "2026-10-10", "--json").json()
    statuses = [c["status"] for c in run_in(env_in, "claim", "list", "--json").json()["claims"]]
    assert statuses.count("approved") == n  # every claim approved, by the run or the next
    assert topics(postgres_url, "Claim.Approved") == n  # and each once
    assert again["approved"] == 0  # the cut run approved them all by itself
    assert run_in(env_in, "audit", "verify").code == 0


def test_a_roster_import_goes_on_by_itself_when_its_connection_is_cut(postgres_url, tmp_path):
    n = 3000
    env_in = {"FUND_DB": postgres_url, "FUND_TODAY": TODAY.isoformat()}
    assert run_in(env_in, "year", "open", str(RULES), "--date", "2026-07-01").code == 0
    roster = tmp_path / "roster.csv"
    roster.write_text("member,name,born,guardian,receipt,date,amount\n" + "".join(
        f"K{i:05d},孩子{i},2015-01-01,家长,RK{i:05d},2026-09-10,120.00\n" for i in range(n)),
        encoding="utf-8")
    code, out, err, cuts = cut_while_running(
        postgres_url, ["import", "contributions", str(roster), "--year", "2026-2027", "--json"],
        {"FUND_IMPORT_BATCH": "100", "FUND_IMPORT_FOLLOWER_FROM": "1000000"})
    assert code == 0, err
    assert cuts, "the connection was never cut: the test proved nothing"
    assert topics(postgres_url, "Enrollment.Enrolled") == n  # each child enrolled once
    assert topics(postgres_url, "Receipt.Issued") == n
    assert run_in(env_in, "balance", "--json").json()["cash"] == f"{120 * n}.00"
    assert run_in(env_in, "audit", "verify").code == 0


def test_a_payout_run_goes_on_by_itself_when_its_connection_is_cut(postgres_url, tmp_path):
    """The run is one transaction: cut before its commit, it is made again on the figures as
    they stand; cut after, it is found and told as made. Either way each family is paid once."""
    n = 400
    assessed_claims(postgres_url, n, tmp_path)
    env_in = {"FUND_DB": postgres_url, "FUND_TODAY": TODAY.isoformat()}
    assert run_in(env_in, "claim", "approve", "--all", "--date", "2026-10-10").code == 0
    code, out, err, cuts = cut_while_running(
        postgres_url, ["payout", "run", "--date", "2026-10-15", "--json"], {})
    assert code == 0, err
    assert cuts, "the connection was never cut: the test proved nothing"
    run = json.loads(out)
    assert topics(postgres_url, "PayoutRun.Made") == 1  # one run, not one per attempt
    assert topics(postgres_url, "Claim.Paid") == n  # every family paid, each once
    statuses = [c["status"] for c in run_in(env_in, "claim", "list", "--json").json()["claims"]]
    assert statuses.count("paid") == n
    balance = run_in(env_in, "balance", "--json").json()
    assert balance["claims_payable"] == "0.00"
    assert Decimal(balance["cash"]) == 120 * n - Decimal(run["paid"])
    assert run_in(env_in, "payout", "run", "--date", "2026-10-15").code == 0  # nothing left
    assert topics(postgres_url, "PayoutRun.Made") == 1
    assert run_in(env_in, "audit", "verify").code == 0


@pytest.fixture
def small_disk(tmp_path):
    """A real file system of 1.5 MB (tmpfs, mounted as root), grown to 200 MB on request."""
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1500k", "tmpfs", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode:
        message = f"cannot mount a small file system here ({mounted.stderr.strip()}; needs root)"
        if os.environ.get("FUND_REQUIRE_TOOLS"):
            pytest.fail(message)
        pytest.skip(message)

    def grow() -> None:
        subprocess.run(["mount", "-o", "remount,size=200M", str(where)], check=True)

    yield where, grow
    subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_a_full_disk_is_said_in_one_line_not_waited_for_and_the_import_finishes_once_freed(
        small_disk):
    where, grow = small_disk
    env = {"FUND_DB": f"sqlite:///{where / 'fund.db'}", "FUND_TODAY": TODAY.isoformat(),
           "FUND_RECONNECT_SECONDS": "30"}
    assert run_in(env, "year", "open", str(RULES), "--date", "2026-07-01").code == 0
    roster = where.parent / "roster.csv"
    n = 5000
    roster.write_text("member,name,born,guardian,receipt,date,amount\n" + "".join(
        f"K{i:05d},孩子{i},2015-01-01,家长,RK{i:05d},2026-09-10,120.00\n" for i in range(n)),
        encoding="utf-8")
    started = time.monotonic()
    full = run_in({**env, "FUND_LANG": "zh"}, "import", "contributions", str(roster),
                  "--year", "2026-2027")
    assert time.monotonic() - started < 25  # a full disk is not waited for
    assert full.code == 75 and full.out == ""
    lines = full.err.strip().splitlines()
    assert len(lines) == 1 and "磁盘已满" in lines[0] and str(where / "fund.db") in lines[0]
    assert "SQL" not in lines[0] and "sqlite3" not in lines[0] and "http" not in lines[0]
    doc = run_in(env, "import", "contributions", str(roster), "--year", "2026-2027", "--json")
    assert doc.code == 75 and doc.json()["error"] == "disk_full"

    grow()  # space made: the same command again finishes, nothing twice
    assert run_in(env, "import", "contributions", str(roster), "--year", "2026-2027").code == 0
    assert topics(env["FUND_DB"], "Enrollment.Enrolled") == n
    assert run_in(env, "balance", "--json").json()["cash"] == f"{120 * n}.00"
    assert run_in(env, "audit", "verify").code == 0


def test_a_store_locked_past_its_wait_is_named_in_one_line_and_not_waited_for(tmp_path):
    """Another program holds SQLite's write lock (an sqlite3 shell in a transaction): past the
    store's busy wait (`?timeout=1` here, 30 s by default) the command stops with exit 75."""
    import sqlite3

    path = tmp_path / "fund.db"
    env = {"FUND_DB": f"sqlite:///{path}?timeout=1", "FUND_TODAY": TODAY.isoformat(),
           "FUND_RECONNECT_SECONDS": "20"}
    assert run_in(env, "year", "open", str(RULES), "--date", "2026-07-01").code == 0
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        r = run_in({**env, "FUND_LANG": "zh"}, "hospital", "add", "H3", "--name", "City",
                   "--level", "3", "--date", "2026-07-01")
        assert time.monotonic() - started < 15  # a lock is not a lost connection
        assert r.code == 75, r.err
        lines = r.err.strip().splitlines()
        assert len(lines) == 1 and str(path) in lines[0] and "锁" in lines[0], r.err
        doc = run_in(env, "hospital", "add", "H3", "--name", "City", "--level", "3",
                     "--date", "2026-07-01", "--json")
        assert doc.code == 75 and doc.json()["error"] == "store_locked"
    finally:
        holder.rollback()
        holder.close()
    assert run_in(env, "hospital", "add", "H3", "--name", "City", "--level", "3", "--date",
                  "2026-07-01").code == 0
