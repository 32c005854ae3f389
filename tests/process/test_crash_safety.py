"""Killing `fund` while it catches the read models up loses and duplicates nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time

import pytest
from sqlalchemy import create_engine

from shell import FUND, run_in, run_process
from conftest import ROOT, TODAY
from ledger.projections.tables import VIEW_TABLES, tracking

CHILDREN = 4000  # about 12,000 events, a dozen pages of 1,000
_engines: dict = {}


def _engine(db_url: str):
    """One engine a store for a test's counting: the kill loops count every 20 ms, and a new
    engine (a new server connection) each time took the machine from the process under test."""
    if db_url not in _engines:
        _engines[db_url] = create_engine(db_url)
    return _engines[db_url]


@pytest.fixture(autouse=True)
def _dispose_engines():
    yield
    while _engines:
        _engines.popitem()[1].dispose()


def tracked(db_url: str) -> int:
    engine = _engine(db_url)
    with engine.connect() as conn:
        position = conn.execute(
            tracking.select().where(tracking.c.name == "views")).mappings().one()["position"]
    return position


def reset_views(db_url: str) -> None:
    engine = _engine(db_url)
    with engine.begin() as conn:
        for table in VIEW_TABLES:
            conn.execute(table.delete())
        conn.execute(tracking.update().where(tracking.c.name == "views").values(position=0))


def events(db_url: str) -> int:
    from ledger.app.fund import Fund

    app = Fund(db_url)
    try:
        return app.recorder.max_notification_id()
    finally:
        app.views.engine.dispose()
        app.close()


def year_with_roster(env: dict, tmp_path, children: int):
    """The 2026-2027 year opened, and a roster of `children` paying children written (not
    imported): K0, K1, … with receipts KR0, KR1, …"""
    assert run_in(env, "year", "open", ROOT / "examples" / "rules-2026-2027.toml", "--date",
                       "2026-07-01").code == 0
    roster = tmp_path / "roster.csv"
    roster.write_text("member,name,born,guardian,receipt,date,amount\n" + "".join(
        f"K{i},Child {i},2015-01-01,G,KR{i},2026-09-15,120.00\n" for i in range(children)))
    return roster


def test_killed_catch_ups_resume_exactly_once(db_url, tmp_path):
    env = {"FUND_DB": db_url, "FUND_TODAY": TODAY.isoformat()}
    roster = year_with_roster(env, tmp_path, CHILDREN)
    assert run_in(env, "import", "contributions", roster, "--year", "2026-2027").code == 0

    reset_views(db_url)  # as if the read models had never been built

    # Kill at delays that home in on the catch-up: longer while kills land before its first
    # page, shorter once one lands after its last (a loaded machine's start-up and catch-up
    # take longer, and a fast one's catch-up is a narrow window), until kills have landed in
    # the middle of catch-ups twice.
    schedule, total = random.Random(20261124), events(db_url)
    positions: list[int] = []
    delay = 0.4
    while len(positions) < 150 and sum(0 < p < total for p in positions) < 2:
        proc = subprocess.Popen([FUND, "balance"], env={**os.environ, **env},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        positions.append(tracked(db_url))
        if positions[-1] == total:  # caught up before the kill: start over from nothing
            reset_views(db_url)
            delay = max(0.1, delay - schedule.uniform(0.1, 0.3))
        elif positions[-1] == 0:
            delay += schedule.uniform(0.03, 0.1)
        else:  # in the middle: the next one resumes from there, about as late
            delay += schedule.uniform(-0.03, 0.03)
    assert sum(0 < p < total for p in positions) >= 2, positions

    rebuilt = tmp_path / "audit.db"
    r = run_in(env, "audit", "rebuild", "--into", f"sqlite:///{rebuilt}", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["identical"] is True and doc["events"] >= CHILDREN * 3
    assert doc["tables"]["view_journal"]["live"] == CHILDREN * 2
    assert run_in(env, "balance", "--json").json()["cash"] == f"{CHILDREN * 120}.00"
    assert run_in(env, "audit", "verify").code == 0


def year_with_claims(db_url: str, env: dict, tmp_path, count: int, approved: bool = False):
    """The 2026-2027 year with `count` paying children K0, K1, … each with a claim CL0, CL1, …
    at H1 (400.00 billed, all in scope), assessed or also approved; the claims payable. The
    claims come as a hospital's file and are approved by `--all`, as an office does it (one
    command each, not a command a claim)."""
    from datetime import date
    from decimal import Decimal

    from ledger.app.fund import Fund

    roster = year_with_roster(env, tmp_path, count)
    assert run_in(env, "import", "contributions", roster, "--year", "2026-2027").code == 0
    fund = Fund(db_url, operator="clerk", today=lambda: TODAY)
    try:
        fund.register_hospital("H1", "City Children's", 3, date(2026, 8, 1))
    finally:
        fund.views.engine.dispose()
        fund.close()
    claims = tmp_path / "claims.csv"
    claims.write_text("claim,member,hospital,bill,type,admitted,discharged,total,in_scope,"
                      "other_paid,submitted\n" + "".join(
                          f"CL{i},K{i},H1,B{i},inpatient,2027-01-05,2027-01-09,400.00,400.00,"
                          f"0.00,2027-01-20\n" for i in range(count)))
    r = run_in(env, "import", "claims", claims, "--json")
    assert r.code == 0 and r.json()["submitted"] == count, r.err
    if approved:
        r = run_in(env, "claim", "approve", "--all", "--date", "2027-01-25", "--json")
        assert r.code == 0 and r.json()["approved"] == count, r.err
    return Decimal(run_in(env, "balance", "--json").json()["claims_payable"])


def kill_until_partial(command: list[str], env: dict, progress, done, seed: int,
                       first: float = 0.9, kills: int = 6, once_moving: bool = False
                       ) -> list[int]:
    """Start `command` and kill -9 it after seeded, growing delays; return what each kill left
    (by `progress()`), stopping early once the work is complete.

    With `once_moving`, each kill waits instead until that run has made some progress (a
    batch recorded), then a seeded moment more: it lands in the middle of the work however
    slow the machine is at what comes before it (start-up, an import's check pass)."""
    schedule, seen = random.Random(seed), []
    delay = first
    for _ in range(kills):
        before = progress() if once_moving else None
        proc = subprocess.Popen([FUND, *command], env={**os.environ, **env},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if once_moving:
            give_up = time.monotonic() + 300
            while proc.poll() is None and progress() == before and time.monotonic() < give_up:
                time.sleep(0.02)
            time.sleep(schedule.uniform(0, 0.15))
        else:
            time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        seen.append(progress())
        if done(seen[-1]):
            break
        delay += schedule.uniform(0.1, 0.4)
    return seen


def stored(db_url: str) -> int:
    """How many events are stored (on PostgreSQL the positions of a killed transaction stay
    unused, so the last position overcounts)."""
    from sqlalchemy import text

    engine = _engine(db_url)
    with engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM fundbook_events")).scalar_one()
    return n


def count(db_url: str, table) -> int:
    from sqlalchemy import func, select

    engine = _engine(db_url)
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(table)).scalar_one()
    return n


@pytest.mark.parametrize("views", ["caught up inline", "caught up by a follower"])
def test_killed_import_leaves_whole_batches_and_a_rerun_completes_it(db_url, tmp_path, views):
    from ledger.projections.tables import member_years

    rows, batch = 5_000, 500  # ten batches
    env = {"FUND_DB": db_url, "FUND_TODAY": TODAY.isoformat(), "FUND_IMPORT_BATCH": str(batch)}
    if views == "caught up by a follower":  # killed, it leaves its follower to finish alone
        env["FUND_IMPORT_FOLLOWER_FROM"] = "0"
    roster = year_with_roster(env, tmp_path, rows)
    opened = stored(db_url)

    def recorded() -> int:  # children recorded, counted from the event store itself
        return (stored(db_url) - opened) // 3

    left = kill_until_partial(["import", "contributions", str(roster), "--year", "2026-2027"],
                              env, recorded, lambda n: n == rows, seed=20261124, kills=3,
                              once_moving=True)
    # Every kill left whole batches (three events a child, a batch of children at a time) ...
    assert all(n % batch == 0 for n in left), left
    # ... and at least one landed in the middle of the recording.
    assert any(0 < n < rows for n in left), left

    r = run_in(env, "import", "contributions", roster, "--year", "2026-2027")
    assert r.code == 0, r.err
    assert f"recorded {rows - left[-1]}, skipped as duplicates {left[-1]}" in r.out
    assert recorded() == rows
    assert count(db_url, member_years) == rows
    assert run_in(env, "balance", "--json").json()["cash"] == f"{rows * 120}.00"
    assert run_in(env, "audit", "verify").code == 0
    again = run_in(env, "import", "contributions", roster, "--year", "2026-2027")
    assert "nothing changed" in again.out


def test_killed_payout_runs_pay_each_claim_once(db_url, tmp_path):
    from decimal import Decimal

    claims_count = 300
    env = {"FUND_DB": db_url, "FUND_TODAY": TODAY.isoformat()}
    approved = year_with_claims(db_url, env, tmp_path, claims_count, approved=True)
    before = stored(db_url)

    left = kill_until_partial(["payout", "run", "--date", "2027-02-01"], env,
                              lambda: stored(db_url) - before, lambda n: n > 0,
                              seed=7, first=0.3, kills=12)
    r = run_in(env, "payout", "run", "--date", "2027-02-01", "--json")
    assert r.code == 0, r.err
    made = stored(db_url) - before
    # A run is recorded whole (desk, run, every claim and enrollment) or not at all.
    assert all(n in (0, made) for n in left), (left, made)
    doc = run_in(env, "balance", "--json").json()
    paid = approved - Decimal(doc["claims_payable"])
    assert paid > 0
    assert Decimal(doc["cash"]) == claims_count * Decimal("120.00") - paid  # paid once
    again = run_in(env, "payout", "run", "--date", "2027-02-01")
    assert again.code == 0 and "nothing" in again.out.lower(), again.out
    assert run_in(env, "audit", "verify").code == 0


def _scratch_open(pid: int, folder) -> bool:
    """Whether process `pid` holds a scratch copy open in `folder` (removed, so only its open
    file shows it)."""
    try:
        links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
    except OSError:
        return False
    return any(link.startswith(str(folder)) for link in links)


def _once_scratch_is_open(argv: list[str], env: dict, scratch) -> subprocess.Popen:
    """`fund ARGV` started with its temporary folder in `scratch`, once it holds a scratch
    file open there (removed already, so only its open file shows it)."""
    proc = subprocess.Popen([FUND, *argv], env={**os.environ, **env, "TMPDIR": str(scratch)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    give_up = time.monotonic() + 120
    while proc.poll() is None and not _scratch_open(proc.pid, scratch) \
            and time.monotonic() < give_up:
        time.sleep(0.01)
    assert proc.poll() is None, f"fund {' '.join(argv)} ended before it could be killed"
    return proc


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def _gone(pid: int, within: float = 10.0) -> bool:
    give_up = time.monotonic() + within
    while time.monotonic() < give_up:
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().split(") ", 1)[1].startswith("Z"):
                    return True  # dead, its parent not yet told
        except OSError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs Linux's /proc")
def test_a_killed_rebuild_leaves_no_copy_of_the_childrens_names_behind(sqlite_url, tmp_path):
    env = {"FUND_DB": sqlite_url, "FUND_TODAY": TODAY.isoformat()}
    roster = year_with_roster(env, tmp_path, 20_000)  # 60,000 events: a split replay
    assert run_in(env, "import", "contributions", roster, "--year", "2026-2027").code == 0
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    schedule = random.Random(20261202)
    for _ in range(2):
        proc = _once_scratch_is_open(["audit", "rebuild"], env, scratch)
        time.sleep(schedule.uniform(0.2, 0.6))  # in the middle of the replay
        helpers = _children(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert all(_gone(pid) for pid in helpers), "the second replay process outlived it"
        assert list(scratch.iterdir()) == []
    r = run_process("audit", "rebuild", env={**env, "TMPDIR": str(scratch)})
    assert r.code == 0 and "Identical" in r.out, r.err
    assert list(scratch.iterdir()) == []


def _interruptible() -> None:
    """Ctrl-C as at a terminal: a suite started in the background by a shell without job
    control has SIGINT ignored, and an ignored signal stays ignored in every process it
    starts (Python then installs no handler for it), so the import would never hear it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_during_an_import_says_how_far_it_got_and_a_rerun_finishes_it(sqlite_url,
                                                                              tmp_path):
    # Sixty batches: a second or more between the first and the last, for the signal to land.
    rows = 6000
    env = {"FUND_DB": sqlite_url, "FUND_TODAY": TODAY.isoformat(), "FUND_IMPORT_BATCH": "100",
           "FUND_IMPORT_FOLLOWER_FROM": "1000000"}
    roster = year_with_roster(env, tmp_path, rows)
    opened = stored(sqlite_url)

    def recorded() -> int:
        return (stored(sqlite_url) - opened) // 3

    proc = subprocess.Popen([FUND, "import", "contributions", str(roster), "--year", "2026-2027"],
                            env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_interruptible)
    give_up = time.monotonic() + 120
    while proc.poll() is None and recorded() == 0 and time.monotonic() < give_up:
        time.sleep(0.02)
    ended_first = proc.poll() is not None
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    done = recorded()
    assert 0 < done < rows, (done, err, f"ended before the signal: {ended_first}")
    assert proc.returncode == 130 and err.count("\n") == 1, err
    assert f"of {rows:,} rows recorded, in whole batches; run the same command again" in err, err
    r = run_in(env, "import", "contributions", roster, "--year", "2026-2027")
    assert r.code == 0 and f"recorded {rows - done}, skipped as duplicates {done}" in r.out, r.out


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs Linux's /proc")
def test_a_killed_import_leaves_no_member_numbers_behind(sqlite_url, tmp_path):
    env = {"FUND_DB": sqlite_url, "FUND_TODAY": TODAY.isoformat(), "FUND_IMPORT_BATCH": "500"}
    roster = year_with_roster(env, tmp_path, 6000)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    proc = _once_scratch_is_open(["import", "contributions", str(roster), "--year", "2026-2027"],
                                 env, scratch)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert list(scratch.iterdir()) == []


def test_killed_approval_of_every_claim_approves_none_twice_and_loses_none(db_url, tmp_path):
    """`claim approve --all` killed -9 half-way, then run again: every claim approved once."""
    from sqlalchemy import text

    claims_count, batch = 1200, 100
    env = {"FUND_DB": db_url, "FUND_TODAY": TODAY.isoformat(), "FUND_APPROVE_BATCH": str(batch)}
    year_with_claims(db_url, env, tmp_path, claims_count)

    def approved() -> int:  # approvals recorded, counted from the event store itself
        engine = _engine(db_url)
        with engine.connect() as conn:
            n = conn.execute(text("SELECT count(*) FROM fundbook_events WHERE topic LIKE "
                                  "'%Claim.Approved'")).scalar_one()
        return n

    left = kill_until_partial(["claim", "approve", "--all", "--date", "2027-01-25"], env,
                              approved, lambda n: n == claims_count, seed=20261203, kills=3,
                              once_moving=True)
    assert all(n % batch == 0 for n in left), left  # whole batches, one transaction each
    assert any(0 < n < claims_count for n in left), left  # a kill landed in the middle
    r = run_in(env, "claim", "approve", "--all", "--date", "2027-01-25", "--json")
    assert r.code == 0, r.err
    assert r.json()["approved"] == claims_count - left[-1]
    assert approved() == claims_count  # none approved twice, none lost
    # (400.00 - 100.00) x 0.70 = 210.00 a claim.
    assert run_in(env, "balance", "--json").json()["claims_payable"] == \
        f"{claims_count * 210}.00"
    assert run_in(env, "claim", "approve", "--all", "--json").json()["approved"] == 0
    assert run_in(env, "audit", "verify").code == 0
