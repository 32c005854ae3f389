"""Killing `fund` while it catches the read models up loses and duplicates nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time

from sqlalchemy import create_engine

from cli import FUND, run_process
from conftest import ROOT, TODAY
from ledger.projections.tables import VIEW_TABLES, tracking

CHILDREN = 1500  # about 4,500 events, several pages of 1,000


def tracked(db_url: str) -> int:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        position = conn.execute(
            tracking.select().where(tracking.c.name == "views")).mappings().one()["position"]
    engine.dispose()
    return position


def reset_views(db_url: str) -> None:
    engine = create_engine(db_url)
    with engine.begin() as conn:
        for table in VIEW_TABLES:
            conn.execute(table.delete())
        conn.execute(tracking.update().where(tracking.c.name == "views").values(position=0))
    engine.dispose()


def events(db_url: str) -> int:
    from ledger.application import Fund

    app = Fund(db_url)
    try:
        return app.recorder.max_notification_id()
    finally:
        app.views.engine.dispose()
        app.close()


def test_killed_catch_ups_resume_exactly_once(db_url, tmp_path):
    env = {"FUND_DB": db_url, "FUND_TODAY": TODAY.isoformat()}
    assert run_process("year", "open", ROOT / "examples" / "rules-2026-2027.toml", "--date",
                       "2026-07-01", env=env).code == 0
    roster = tmp_path / "roster.csv"
    roster.write_text("member,name,born,guardian,receipt,date,amount\n" + "".join(
        f"K{i},Child {i},2015-01-01,G,KR{i},2026-09-15,120.00\n" for i in range(CHILDREN)))
    assert run_process("import", "contributions", roster, "--year", "2026-2027", env=env).code == 0

    reset_views(db_url)  # as if the read models had never been built

    # Kill with slowly growing delays until kills have landed in the middle of catch-ups.
    schedule, total = random.Random(20261124), events(db_url)
    positions: list[int] = []
    delay = 0.8
    while delay < 10 and sum(0 < p < total for p in positions) < 2:
        proc = subprocess.Popen([FUND, "balance"], env={**os.environ, **env},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        positions.append(tracked(db_url))
        if positions[-1] == total:  # caught up before the kill: start over from nothing
            reset_views(db_url)
        delay += schedule.uniform(0.1, 0.3)
    assert sum(0 < p < total for p in positions) >= 2, positions

    rebuilt = tmp_path / "audit.db"
    r = run_process("audit", "rebuild", "--into", f"sqlite:///{rebuilt}", "--json", env=env)
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["identical"] is True and doc["events"] >= CHILDREN * 3
    assert doc["tables"]["view_journal"]["live"] == CHILDREN * 2
    assert run_process("balance", "--json", env=env).json()["cash"] == f"{CHILDREN * 120}.00"
    assert run_process("audit", "verify", env=env).code == 0
