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

    # Throw the read models away, as if they had never been built.
    engine = create_engine(db_url)
    with engine.begin() as conn:
        for table in VIEW_TABLES:
            conn.execute(table.delete())
        conn.execute(tracking.update().where(tracking.c.name == "views").values(position=0))
    engine.dispose()

    schedule = random.Random(20261124)
    positions = []
    for _ in range(8):
        proc = subprocess.Popen([FUND, "balance"], env={**os.environ, **env},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(schedule.uniform(1.2, 2.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        positions.append(tracked(db_url))
    # The schedule must really cut catch-ups short, or this test proves nothing.
    assert any(0 < p < events(db_url) for p in positions), positions

    rebuilt = tmp_path / "audit.db"
    r = run_process("audit", "rebuild", "--into", f"sqlite:///{rebuilt}", "--json", env=env)
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["identical"] is True and doc["events"] >= CHILDREN * 3
    assert doc["tables"]["view_journal"]["live"] == CHILDREN * 2
    assert run_process("balance", "--json", env=env).json()["cash"] == f"{CHILDREN * 120}.00"
    assert run_process("audit", "verify", env=env).code == 0
