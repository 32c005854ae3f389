"""Two terminals spending the same cash: a payout run and a contribution refund.

Each test lets one terminal read the cash, then has the other spend it before the first one
saves: the worst moment. The fund's cash must still never go below zero, and the one that
lost the race must decide again on the cash that is left.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ROOT
from ledger.app.fund import Fund
from ledger.app.audit import check_invariants
from ledger.errors import RuleViolation

TODAY = date(2027, 3, 1)
YEAR = "2026-2027"


@pytest.fixture
def terminals(db_url):
    first = Fund(db_url, operator="clerk-1", today=lambda: TODAY)
    first.open_year(Path(ROOT / "examples" / "rules-2026-2027.toml").read_text(),
                    date(2026, 7, 1))
    first.register_hospital("H3", "Children's Hospital", 3, date(2026, 7, 2))
    # A pays 120.00, the only cash; hardship child B pays nothing and has a large claim.
    first.register_child("A", "Child A", date(2015, 1, 1), on=date(2026, 9, 1))
    first.contribute("A", YEAR, "RA", date(2026, 9, 10), Decimal("120.00"))
    first.register_child("B", "Child B", date(2015, 1, 1), "Guardian", "low-income", "EV",
                         on=date(2026, 9, 1))
    first.contribute("B", YEAR, "RB", date(2026, 9, 10))
    first.submit_claim("C1", "B", "H3", "BILL-1", "inpatient", date(2026, 10, 1),
                       date(2026, 10, 5), Decimal("5000.00"), Decimal("5000.00"),
                       on=date(2026, 10, 6))
    first.approve_claim("C1", date(2026, 10, 7))
    second = Fund(db_url, operator="clerk-2", today=lambda: TODAY)
    assert first.balance()["cash"] == Decimal("120.00")
    yield first, second
    for fund in (first, second):
        fund.views.engine.dispose()
        fund.close()


def _just_before_saving(fund, other_terminal):
    """Run `other_terminal()` once, after `fund` has read everything and before it saves."""
    save = fund.save

    def save_after_the_other(*objs, **kwargs):
        fund.save = save
        other_terminal()
        return save(*objs, **kwargs)

    fund.save = save_after_the_other


def test_a_refund_saved_while_a_run_decides_leaves_the_run_nothing_to_pay(terminals):
    runner, clerk = terminals
    _just_before_saving(runner, lambda: clerk.reverse_contribution("RA", "wrong child",
                                                                   date(2027, 1, 10)))
    run = runner.run_payouts(date(2027, 1, 15))
    assert run is None  # retried after the refund: no cash left to pay with
    assert runner.balance()["cash"] == Decimal("0.00")
    assert runner.claim_statement("C1")["paid"] == Decimal("0.00")
    assert check_invariants(runner.views.engine) == []


def test_a_run_saved_while_a_refund_decides_leaves_the_refund_refused(terminals):
    runner, clerk = terminals
    _just_before_saving(clerk, lambda: runner.run_payouts(date(2027, 1, 15)))
    with pytest.raises(RuleViolation) as refused:
        clerk.reverse_contribution("RA", "wrong child", date(2027, 1, 20))
    assert refused.value.rule == "cash never below zero"
    assert clerk.balance()["cash"] == Decimal("0.00")
    assert clerk.claim_statement("C1")["paid"] == Decimal("120.00")
    assert clerk.member_statement("A")["years"][YEAR]["covered_from"] is not None
    assert check_invariants(clerk.views.engine) == []


def test_a_backdated_refund_is_checked_against_every_later_day(terminals):
    """SPEC: the cash is never negative on any day. A run on 2026-11-01 spent the only cash;
    a donation came on 2026-12-01; a refund dated 2026-10-25 would leave 2026-11-01 short."""
    runner, clerk = terminals
    assert runner.run_payouts(date(2026, 11, 1)) is not None
    runner.record_donation(Decimal("500.00"), "Parents", "D1", date(2026, 12, 1))
    with pytest.raises(RuleViolation) as refused:
        clerk.reverse_contribution("RA", "wrong child", date(2026, 10, 25))
    assert refused.value.rule == "cash never below zero"
    assert clerk.balance(date(2026, 11, 1))["cash"] == Decimal("0.00")
    # A run dated before the donation may not spend the donation either.
    clerk.submit_claim("C2", "B", "H3", "BILL-2", "inpatient", date(2026, 10, 1),
                       date(2026, 10, 5), Decimal("500.00"), Decimal("500.00"),
                       on=date(2026, 10, 6))
    clerk.approve_claim("C2", date(2026, 10, 7))
    assert clerk.run_payouts(date(2026, 11, 2)) is None
    assert check_invariants(clerk.views.engine) == []


def test_verify_finds_a_day_an_older_version_left_short(terminals):
    """A store recorded before the rule looked at later days: the audit names the day."""
    from ledger.enrollment import Enrollment
    from ledger.payout import PayoutDesk

    runner, _ = terminals
    assert runner.run_payouts(date(2026, 11, 1)) is not None
    runner.record_donation(Decimal("500.00"), "Parents", "D1", date(2026, 12, 1))
    enrollment = runner.repository.get(Enrollment.create_id("A", YEAR))
    desk = runner.repository.get(PayoutDesk.create_id())
    enrollment.reverse("RA", "as an older version allowed", "clerk-1", date(2026, 10, 25))
    desk.clear_refund("RA", Decimal("120.00"), "clerk-1", date(2026, 10, 25))
    runner.save(enrollment, desk)
    runner.views.catch_up()
    assert "cash below zero at the end of 2026-11-01 (-120.00)" in check_invariants(
        runner.views.engine)
