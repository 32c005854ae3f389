"""Old stores keep replaying: events recorded before a field was added are upcast on read."""

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

from ledger.claim import Claim


def test_an_approval_recorded_before_to_reserve_existed_reads_as_not_to_reserve(fund):
    event = Claim.Approved(
        originator_id=Claim.create_id("C1"), originator_version=3,
        timestamp=Claim.Approved.create_timestamp(), claim="C1", member="M1", year="2026-2027",
        payout=Decimal("6930.00"), assistance=Decimal("0.00"), recovery=Decimal("0.00"),
        operator="clerk", effective=date(2026, 10, 20), to_reserve=True,
    )
    stored = fund.mapper.to_stored_event(event)
    old = json.loads(stored.state)
    assert old.pop("class_version") == 2
    del old["to_reserve"]  # what version 1 stored
    decoded = fund.mapper.to_domain_event(replace(stored, state=json.dumps(old).encode()))
    assert decoded.to_reserve is False
    assert decoded.payout == Decimal("6930.00")
