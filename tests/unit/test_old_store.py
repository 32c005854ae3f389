"""A store written by an earlier version keeps replaying and verifying: the log of the demo year
as main recorded it on 2026-12-02 (commit 814bd99, before ledger/app and ledger/store), loaded
into a fresh store of each kind, gives the same figures and passes the audit."""

from __future__ import annotations

import gzip
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import insert

from ledger.app import audit
from ledger.app.fund import Fund

LOG = Path(__file__).resolve().parent.parent / "data" / "log-814bd99-demo.json.gz"


@pytest.fixture
def old_store(db_url):
    """A fresh store holding, row for row, the events the earlier version stored."""
    rows = json.loads(gzip.decompress(LOG.read_bytes()))
    fund = Fund(db_url, operator="auditor", today=lambda: date(2026, 9, 30))
    table = fund.recorder.events_record_cls.__table__
    from uuid import UUID

    with fund.views.engine.begin() as conn:
        conn.execute(insert(table), [
            {"id": i, "originator_id": UUID(o), "originator_version": v, "topic": t,
             "state": s.encode()} for i, o, v, t, s in rows])
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
