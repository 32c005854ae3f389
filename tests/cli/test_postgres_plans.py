"""PostgreSQL never waits for autovacuum to plan the fund's hot queries: a store freshly loaded
by a roster import (this server runs with autovacuum off, as a busy production server may be
behind) is analysed by the import itself, and loading a claim's or a child's events is then an
index scan, not a scan of the events table."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import create_engine, text

from conftest import RULES, TODAY
from shell import run_in


def roster(path, n: int) -> None:
    lines = ["member,name,born,guardian,receipt,date,amount"]
    lines += [f"P{i:06d},孩子{i},2015-01-01,家长,RP{i:06d},2026-09-10,120.00" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_freshly_loaded_store_is_analysed_and_a_claim_path_uses_its_index(postgres_url,
                                                                           tmp_path):
    env = {"FUND_DB": postgres_url, "FUND_TODAY": TODAY.isoformat()}
    assert run_in(env, "year", "open", str(RULES), "--date", "2026-07-01").code == 0
    engine = create_engine(postgres_url)
    with engine.connect() as conn:
        before = conn.execute(text("SELECT reltuples FROM pg_class WHERE relname = "
                                   "'fundbook_events'")).scalar_one()
    assert before <= 0  # never analysed: the planner knows nothing of the table
    path = tmp_path / "roster.csv"
    roster(path, 3000)
    assert run_in(env, "import", "contributions", str(path), "--year", "2026-2027").code == 0
    with engine.connect() as conn:
        analysed, tuples = conn.execute(text(
            "SELECT s.last_analyze IS NOT NULL, c.reltuples FROM pg_stat_user_tables s JOIN "
            "pg_class c ON c.oid = s.relid WHERE s.relname = 'fundbook_events'")).one()
        assert analysed and tuples >= 9000  # three events a row: child, receipt, enrollment
        member = uuid.uuid5(uuid.NAMESPACE_URL, "x")  # any id: the plan is what is looked at
        plan = conn.execute(text(
            "EXPLAIN (FORMAT JSON) SELECT * FROM fundbook_events WHERE originator_id = :id "
            "ORDER BY originator_version"), {"id": member}).scalar_one()
    nodes = json.dumps(plan)
    assert "Index" in nodes, nodes
    assert "Seq Scan" not in nodes and "Gather" not in nodes, nodes
    engine.dispose()


def test_an_import_on_sqlite_needs_no_analyse(sqlite_url, tmp_path):
    """SQLite plans from its indexes: nothing to analyse, and nothing breaks."""
    env = {"FUND_DB": sqlite_url, "FUND_TODAY": TODAY.isoformat()}
    assert run_in(env, "year", "open", str(RULES), "--date", "2026-07-01").code == 0
    path = tmp_path / "roster.csv"
    roster(path, 1200)
    assert run_in(env, "import", "contributions", str(path), "--year", "2026-2027").code == 0


