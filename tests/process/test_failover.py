"""The failover drill (SPEC §6, "When the database fails"): a real primary and its streaming
standby on this machine (made by `.ci/pg-pair`, which `.ci/run` calls), the fund on the
multi-host URL the README's production section gives; the primary stopped dead (`-m
immediate`) while `claim approve --all` runs, the standby promoted; the command finishes by
itself on the new primary, each claim approved once, and the audit passes there. `db check`
says, before, whether commits wait for the standby, and warns when they do not.

The pair is used once by a drill: the test makes it anew when an earlier drill left it broken,
under a file lock, so that two workers never drill on the same pair."""

from __future__ import annotations

import fcntl
import os
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from conftest import ROOT
from shell import FUND, assessed_claims, run_in

PAIR_SCRIPT = ROOT / ".ci" / "pg-pair"


def _psql(port: int, sql: str, database: str = "postgres") -> str:
    done = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                           "-d", database, "-Atc", sql], capture_output=True, text=True,
                          timeout=30)
    return done.stdout.strip() if done.returncode == 0 else ""


def _fresh(primary: int, standby: int) -> bool:
    return (_psql(standby, "SELECT pg_is_in_recovery()") == "t"
            and _psql(primary, "SELECT count(*) FROM pg_stat_replication "
                               "WHERE state = 'streaming'") == "1")


@pytest.fixture
def pair():
    """(version, primary cluster, its port, standby cluster, its port) of a fresh pair."""
    said = os.environ.get("FUND_TEST_PAIR")
    if not said:
        reason = "no primary/standby pair (FUND_TEST_PAIR; .ci/run makes one with .ci/pg-pair)"
        if os.environ.get("FUND_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason + " and FUND_REQUIRE_POSTGRES=1")
        pytest.skip(reason)
    version, primary, primary_port, standby, standby_port = said.split(":")
    with open(Path("/tmp") / "fundbook-pg-pair.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _fresh(int(primary_port), int(standby_port)):
            subprocess.run([str(PAIR_SCRIPT)], check=True, capture_output=True, timeout=180)
        yield version, primary, int(primary_port), standby, int(standby_port)


def _count(port: int, topic: str) -> int:
    found = _psql(port, f"SELECT count(*) FROM fundbook_events WHERE topic LIKE '%{topic}'",
                  "drill")
    return int(found) if found else -1


def test_a_failover_during_approvals_finishes_by_itself_on_the_new_primary(pair, tmp_path):
    version, primary, primary_port, standby, standby_port = pair
    _psql(primary_port, "DROP DATABASE IF EXISTS drill")
    assert _psql(primary_port, "CREATE DATABASE drill") == "CREATE DATABASE"
    url = (f"postgresql+psycopg://postgres@/drill?host=127.0.0.1:{primary_port}"
           f"&host=127.0.0.1:{standby_port}&target_session_attrs=read-write")
    n = 1200
    env = assessed_claims(url, n, tmp_path)

    # Before: the standby is there and the primary's commits wait for it.
    check = run_in(env, "db", "check", "--json").json()
    assert check["standbys"] == 1 and check["commits_wait_for_standbys"] is True
    # Commits that do not wait: the treasurer is told what a failover could lose.
    _psql(primary_port, "ALTER SYSTEM SET synchronous_standby_names = ''")
    _psql(primary_port, "SELECT pg_reload_conf()")
    time.sleep(0.5)
    warned = run_in({**env, "FUND_LANG": "zh"}, "db", "check")
    assert "提交不等待" in warned.out + warned.err, warned
    assert run_in(env, "db", "check", "--json").json()["commits_wait_for_standbys"] is False
    _psql(primary_port, "ALTER SYSTEM SET synchronous_standby_names = '*'")
    _psql(primary_port, "SELECT pg_reload_conf()")
    time.sleep(0.5)

    approving = subprocess.Popen(
        [FUND, "claim", "approve", "--all", "--date", "2026-10-10", "--json"],
        env={**os.environ, **env, "FUND_APPROVE_BATCH": "20", "FUND_RECONNECT_SECONDS": "60"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = time.monotonic()
    while _count(primary_port, "Claim.Approved") < 100 and time.monotonic() - started < 120:
        assert approving.poll() is None, approving.communicate()
        time.sleep(0.1)
    approved_before = _count(primary_port, "Claim.Approved")
    subprocess.run(["pg_ctlcluster", version, primary, "stop", "-m", "immediate"], check=True)
    stopped = time.monotonic()
    time.sleep(1)
    subprocess.run(["pg_ctlcluster", version, standby, "promote"], check=True)
    out, err = approving.communicate(timeout=300)
    finished = time.monotonic()

    assert approving.returncode == 0, err
    assert 100 <= approved_before < n, "the primary was not stopped mid-run: nothing proved"
    assert _psql(standby_port, "SELECT pg_is_in_recovery()") == "f"
    assert _count(standby_port, "Claim.Approved") == n  # every claim approved, each once
    statuses = [c["status"] for c in run_in(env, "claim", "list", "--json").json()["claims"]]
    assert statuses.count("approved") == n
    assert run_in(env, "claim", "approve", "--all", "--date", "2026-10-10", "--json"
                  ).json()["approved"] == 0
    assert run_in(env, "audit", "verify").code == 0
    print(f"failover drill: {approved_before} of {n} approved when the primary stopped; "
          f"finished {finished - stopped:.1f} s after it")
