"""A store written by an earlier version keeps replaying and verifying: the log of the demo year
as main recorded it on 2026-12-02 (commit 814bd99, before ledger/app and ledger/store), and the
demo year with the start of the next as main recorded it on 2026-12-03 (commit 64b4959, with
`claim approve --all`, before facts changed from a date and appeals), loaded into a fresh store
of each kind, give the same figures, pass the audit, and take the new facts and appeals."""

from __future__ import annotations

import gzip
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from ledger.app import audit
from ledger.app.fund import Fund

LOG = Path(__file__).resolve().parent.parent / "data" / "log-814bd99-demo.json.gz"


def loaded(db_url, log: Path, today: date) -> Fund:
    """A fresh store holding, row for row, the events the earlier version stored."""
    rows = json.loads(gzip.decompress(log.read_bytes()))
    fund = Fund(db_url, operator="auditor", today=lambda: today)
    table = fund.recorder.events_record_cls.__table__
    from uuid import UUID

    with fund.views.engine.begin() as conn:
        conn.execute(insert(table), [
            {"id": i, "originator_id": UUID(o), "originator_version": v, "topic": t,
             "state": s.encode()} for i, o, v, t, s in rows])
        if conn.dialect.name == "postgresql":  # rows given their ids leave the sequence behind
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                              f"{len(rows)})"))
    return fund


@pytest.fixture
def old_store(db_url):
    fund = loaded(db_url, LOG, date(2026, 9, 30))
    yield fund
    fund.views.engine.dispose()
    fund.close()


@pytest.fixture
def yesterdays_store(db_url):
    fund = loaded(db_url, LOG.with_name("log-64b4959-year-in-practice.json.gz"),
                  date(2026, 12, 1))
    yield fund
    fund.views.engine.dispose()
    fund.close()


def test_the_demo_year_as_an_earlier_version_recorded_it_replays_and_verifies(old_store):
    assert audit.verify(old_store) == []
    assert old_store.views.position() == 1172
    balance = old_store.balance()
    assert (balance["cash"], balance["benefits"], balance["income"]) == (
        Decimal("6587.82"), Decimal("100290.18"),
        {"contributions": Decimal("49180.00"), "subsidies": Decimal("3210.00"),
         "donations": Decimal("54488.00")})
    assert balance["trial_balance"] == 0
    child = old_store.member_statement("C00007")["years"]["2025-2026"]
    assert (child["receipt"], child["paid"], child["covered_from"]) == (
        "SP-2025-0007B", Decimal("150.00"), date(2026, 3, 1))
    claims = old_store.claim_list()
    assert len(claims) == 18 and {c["status"] for c in claims} == {"paid", "rejected"}


def test_yesterdays_store_replays_and_takes_changed_facts_and_appeals(yesterdays_store):
    fund = yesterdays_store
    assert audit.verify(fund) == []
    assert fund.views.position() == 1206
    statuses = {c["claim"]: c["status"] for c in fund.claim_list(year="2026-2027")}
    assert statuses == {"NC1": "approved", "NC2": "approved", "NC3": "approved",
                        "NC4": "rejected", "NC5": "approved"}
    assert fund.member("N2").hardship_on(date(2026, 9, 5)) == "low-income"  # as registered
    # The new facts and an appeal, on the old record.
    fund.changes.start_hardship("N1", "low-income", "DB-9", date(2026, 11, 1))
    fund.changes.change_level("H-CHILD", 2, date(2026, 11, 1))
    fund.changes.amend_child("N2", "birth certificate", born=date(2017, 5, 4),
                             on=date(2026, 11, 2))
    fund.claims.appeal("NC4", "the documents are complete", date(2026, 11, 20))
    fund.claims.decide_appeal("NC4", True, "documents received", on=date(2026, 11, 25))
    c = fund.approve_claim("NC4", date(2026, 11, 26))
    assert (c.payout, c.assistance) == (Decimal("3120.00"), Decimal("800.00"))
    assert fund.claim_statement("NC1")["payout"] == Decimal("980.00")  # approved: kept
    assert audit.verify(fund) == []
