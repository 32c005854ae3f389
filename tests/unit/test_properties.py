"""Properties over many random claims: the cap is never passed, the books always balance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PUBLISHED_RULES, TODAY
from ledger.app.fund import Fund
from ledger.projections import queries

claims = st.lists(
    st.tuples(
        st.sampled_from(["inpatient", "outpatient-major"]),
        st.integers(1, 3),
        st.integers(0, 120_000_00),  # in scope, fen
        st.integers(0, 100),  # other payers' share, percent
        st.sampled_from([None, None, "ALL", "VSD"]),
        st.booleans(),  # approve?
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(claims, st.booleans(), st.integers(0, 500_000_00))
def test_no_sequence_of_claims_passes_the_cap_and_the_books_balance(tmp_path_factory, plan, hardship, cash_fen):
    db = tmp_path_factory.mktemp("prop") / "fund.db"
    fund = Fund(f"sqlite:///{db}", operator="prop", today=lambda: TODAY)
    try:
        fund.open_year(PUBLISHED_RULES, date(2026, 7, 1))
        for level in (1, 2, 3):
            fund.register_hospital(f"H{level}", "H", level, date(2026, 7, 1))
        fund.register_child("M", "Child", date(2015, 1, 1), "G",
                            *(("low-income", "EV") if hardship else (None, None)))
        fund.contribute("M", "2026-2027", "R", date(2026, 9, 10),
                        None if hardship else Decimal("120.00"))
        if cash_fen:
            fund.record_donation(Decimal(cash_fen) / 100, "D", "D", date(2026, 9, 11))
        for i, (kind, level, scope_fen, other_pct, diagnosis, approve) in enumerate(plan):
            scope = Decimal(scope_fen) / 100
            other = (scope * other_pct / 100).quantize(Decimal("0.01"))
            c, _ = fund.submit_claim(f"C{i}", "M", f"H{level}", f"B{i}", kind, date(2026, 10, 1),
                                     date(2026, 10, 5), scope + 10, scope, other, diagnosis,
                                     date(2026, 10, 10))
            if approve and c.status == "assessed":
                fund.approve_claim(f"C{i}", date(2026, 10, 11))
        fund.run_payouts(date(2026, 12, 1))
        year = fund.member_statement("M")["years"]["2026-2027"]
        assert year["benefits"] <= Decimal("200000.00")
        assert year["benefits"] + year["cap_left"] == Decimal("200000.00")
        balance = fund.balance()
        assert balance["trial_balance"] == 0 and balance["cash"] >= 0
        assert queries.trial_balance_by_position(fund.views.engine) == []
        paid = sum(c["paid"] for c in fund.claim_list())
        assert paid <= year["benefits"]
    finally:
        fund.views.engine.dispose()
        fund.close()
