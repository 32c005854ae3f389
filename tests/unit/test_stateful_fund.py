"""Random sequences of a fund's operations: whatever the order, refusals record nothing and
the books, the cap, the cash and the payouts hold after every step."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from conftest import ROOT, TODAY
from ledger.app import audit
from ledger.app.fund import Fund
from ledger.errors import FundError

RULES = (ROOT / "examples" / "rules-2026-2027.toml").read_text()
YEAR = "2026-2027"
CHILDREN = st.sampled_from(["A", "B", "C", "D"])
RECEIPTS = st.sampled_from(["R1", "R2", "R3", "R4", "R5"])
CLAIMS = st.sampled_from(["K1", "K2", "K3", "K4", "K5", "K6"])
DAYS = st.integers(0, 380).map(lambda n: date(2026, 9, 1) + timedelta(days=n))
FEN = st.integers(1, 30_000_000).map(lambda n: Decimal(n) / 100)


class FundYear(RuleBasedStateMachine):
    """One plan year on a fresh SQLite file; each rule is one administrator's command."""

    @initialize()
    def open_fund(self):
        import tempfile

        self.dir = tempfile.TemporaryDirectory(prefix="fund-stateful-")
        self.fund = Fund(f"sqlite:///{self.dir.name}/fund.db", operator="random",
                         today=lambda: TODAY)
        self.fund.open_year(RULES, date(2026, 7, 1))
        self.fund.register_hospital("H3", "City Children's", 3, date(2026, 8, 1))
        self.fund.register_hospital("H1", "Community", 1, date(2026, 8, 1))

    def teardown(self):
        if hasattr(self, "fund"):
            self.fund.views.engine.dispose()
            self.fund.close()
            self.dir.cleanup()

    def attempt(self, action, *args, **kwargs) -> None:
        """Run a use case; a refusal must leave the log exactly as it was."""
        before = self.fund.recorder.max_notification_id()
        try:
            action(*args, **kwargs)
        except FundError:
            assert self.fund.recorder.max_notification_id() == before, "a refusal recorded events"

    @rule(child=CHILDREN, hardship=st.booleans(), born=st.integers(2008, 2026))
    def register(self, child, hardship, born):
        self.attempt(self.fund.register_child, child, f"Child {child}", date(born, 3, 1), "G",
                     *(("low-income", "EV") if hardship else (None, None)), on=date(2026, 8, 20))

    @rule(child=CHILDREN, receipt=RECEIPTS, day=DAYS)
    def contribute(self, child, receipt, day):
        self.attempt(self.fund.contribute, child, YEAR, receipt, min(day, TODAY))

    @rule(receipt=RECEIPTS, day=DAYS)
    def reverse(self, receipt, day):
        self.attempt(self.fund.reverse_contribution, receipt, "entered by mistake", day)

    @rule(amount=FEN, reference=st.sampled_from(["D1", "D2", "D3"]), day=DAYS)
    def donate(self, amount, reference, day):
        self.attempt(self.fund.record_donation, amount, "Donor", reference, day)

    @rule(day=DAYS)
    def subsidy(self, day):
        owed = self.fund.balance()["subsidy_receivable"]
        if owed > 0:
            self.attempt(self.fund.receive_subsidy, owed, f"SUB-{day}", day)

    @rule(day=DAYS)
    def assistance(self, day):
        owed = self.fund.balance()["assistance_receivable"]
        if owed > 0:
            self.attempt(self.fund.receive_assistance, owed, f"MA-{day}", day)

    @rule(claim=CLAIMS, share=st.integers(0, 100), day=DAYS)
    def correct(self, claim, share, day):
        """A correction, even after the claim was paid and its assistance passed on."""
        try:
            total = self.fund.claim(claim).total
        except FundError:
            return
        in_scope = (total * share / 100).quantize(Decimal("0.01"))
        self.attempt(self.fund.correct_claim, claim, "checked again", None, in_scope, None, day)

    @rule(claim=CLAIMS, child=CHILDREN, level=st.sampled_from(["H1", "H3"]),
          kind=st.sampled_from(["inpatient", "outpatient-major"]), total=FEN,
          share=st.integers(0, 100), admitted=DAYS, stay=st.integers(0, 30),
          package=st.sampled_from([None, None, "ALL"]), wait=st.integers(0, 200))
    def submit(self, claim, child, level, kind, total, share, admitted, stay, package, wait):
        discharged = admitted + timedelta(days=stay)
        on = discharged + timedelta(days=wait)
        in_scope = (total * share / 100).quantize(Decimal("0.01"))
        self.attempt(self.fund.submit_claim, claim, child, level, f"B-{claim}", kind, admitted,
                     discharged, total, in_scope, Decimal("0.00"), package, min(on, TODAY))

    @rule(claim=CLAIMS, amount=FEN, reference=st.sampled_from(["F1", "F2"]), day=DAYS)
    def repay(self, claim, amount, reference, day):
        """A family paying back (or trying to) what it owes after a correction."""
        self.attempt(self.fund.collect_recovery, claim, amount, reference, day)

    @rule(claim=CLAIMS, day=DAYS)
    def approve(self, claim, day):
        self.attempt(self.fund.approve_claim, claim, day)

    @rule(claim=CLAIMS, day=DAYS)
    def reject(self, claim, day):
        self.attempt(self.fund.reject_claim, claim, "INCOMPLETE_DOCUMENTS", "", day)

    @rule(day=DAYS)
    def payout(self, day):
        self.attempt(self.fund.run_payouts, day)

    @invariant()
    def books_hold(self):
        if not hasattr(self, "fund"):
            return
        engine = self.fund.views.engine
        assert audit.check_invariants(engine) == []
        balance = self.fund.balance()
        assert balance["trial_balance"] == 0
        assert balance["cash"] >= 0


FundYear.TestCase.settings = settings(
    max_examples=200, stateful_step_count=8, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_random_sequences_of_fund_operations = FundYear.TestCase
