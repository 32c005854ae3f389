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
