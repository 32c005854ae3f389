"""Old stores keep replaying: events recorded before a field was added are upcast on read."""

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

from ledger.claim import Claim


def _approval_as_stored(fund):
    """A claim approval as this version stores it, and its state as a plain dict."""
    event = Claim.Approved(
        originator_id=Claim.create_id("C1"), originator_version=3,
        timestamp=Claim.Approved.create_timestamp(), claim="C1", member="M1", year="2026-2027",
        payout=Decimal("6930.00"), assistance=Decimal("0.00"), recovery=Decimal("0.00"),
        operator="clerk", effective=date(2026, 10, 20), to_reserve=True,
        assistance_recovery=Decimal("12.00"),
    )
    stored = fund.mapper.to_stored_event(event)
    state = json.loads(stored.state)
    assert state.pop("class_version") == 3
    return stored, state


def test_an_approval_recorded_before_to_reserve_existed_reads_as_not_to_reserve(fund):
    stored, old = _approval_as_stored(fund)
    del old["to_reserve"], old["assistance_recovery"]  # what version 1 stored
    decoded = fund.mapper.to_domain_event(replace(stored, state=json.dumps(old).encode()))
    assert decoded.to_reserve is False
    assert decoded.assistance_recovery == Decimal("0.00")
    assert decoded.payout == Decimal("6930.00")


def test_an_approval_recorded_before_assistance_recovery_existed_reads_as_none_owed(fund):
    stored, old = _approval_as_stored(fund)
    del old["assistance_recovery"]  # what version 2 stored
    old["class_version"] = 2
    decoded = fund.mapper.to_domain_event(replace(stored, state=json.dumps(old).encode()))
    assert decoded.assistance_recovery == Decimal("0.00")
    assert decoded.to_reserve is True
    assert decoded.payout == Decimal("6930.00")


def test_views_built_by_an_earlier_version_are_made_again_in_this_layout_and_replayed(tmp_path):
    # An older version kept view_history as a plain rowid table; opening the store with this
    # version makes every view table again, replays the log into it, and answers as before.
    from sqlalchemy import text

    from ledger.app.fund import Fund
    from ledger.app.audit import rebuild
    from ledger.projections import VIEWS_VERSION

    url = f"sqlite:///{tmp_path / 'fund.db'}"
    today = date(2027, 9, 30)
    fund = Fund(url, operator="clerk", today=lambda: today)
    fund.record_donation(Decimal("500.00"), "Rotary", "D-1", date(2026, 9, 2))
    fund.record_donation(Decimal("20.00"), "Parents", "D-2", date(2026, 9, 3))
    history = fund.history("D-1")
    with fund.views.engine.begin() as conn:
        conn.execute(text("CREATE TABLE old_history AS SELECT * FROM view_history"))
        conn.execute(text("DROP TABLE view_history"))
        conn.execute(text("ALTER TABLE old_history RENAME TO view_history"))
        conn.execute(text("UPDATE view_tracking SET position = :v WHERE name = 'views:version'"),
                     {"v": VIEWS_VERSION - 1})
    fund.views.engine.dispose()
    fund.close()

    again = Fund(url, operator="clerk", today=lambda: today)
    try:
        with again.views.engine.connect() as conn:
            layout = conn.execute(text(
                "SELECT sql FROM sqlite_master WHERE name = 'view_history'")).scalar_one()
            version = conn.execute(text(
                "SELECT position FROM view_tracking WHERE name = 'views:version'")).scalar_one()
        assert "WITHOUT ROWID" in layout
        assert version == VIEWS_VERSION
        assert again.history("D-1") == history
        assert again.balance()["income"]["donations"] == Decimal("520.00")
        assert rebuild(again).identical
    finally:
        again.views.engine.dispose()
        again.close()
