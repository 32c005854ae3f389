"""The fund's claim use cases: submit, approve, reject, correct, pay, receive assistance.

A claim that breaks a rule the family should hear about (not enrolled, not yet covered, too
late, a bill already claimed) is recorded as rejected with its reason code. A claim that
cannot sensibly be recorded (unknown child, hospital not designated, no plan year for the
admission date) is refused and records nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from .assessment import REASONS, assess
from .claim import Bill, Claim
from .enrollment import Enrollment
from .errors import InputError, NotFound, RuleViolation
from .income import AssistanceRemittance
from .money import ZERO
from .payout import Payable, PayoutDesk, PayoutRun, share_out
from .projections import answers, queries
from .registry import Hospital
from .rules import CLAIM_TYPES
from .use_case import use_case


@dataclass(frozen=True)
class ClaimRow:
    """One claim of a file, as `fund export claims` writes it."""

    line: int
    claim: str
    member: str
    hospital: str
    bill: str
    claim_type: str
    admitted: date
    discharged: date
    total: Decimal
    in_scope: Decimal
    other_paid: Decimal
    diagnosis: str | None
    submitted: date | None
    replaces: str | None


class ClaimsDesk:
    """Mixed into the Fund application."""

    def _closed(self, year: str) -> bool:
        """After a year is closed its claims are booked to the reserve."""
        return self.plan_year(year).closed_on is not None

    def claim(self, number: str) -> Claim:
        return self._get(Claim, "claim", number)

    def _assess(self, c: Claim, enrollment: Enrollment):
        plan = self.plan_year(c.year)
        rules = plan.rules
        return assess(rules, plan.rules_version, c.claim_type, c.level, c.in_scope, c.other_paid,
                      c.diagnosis, enrollment.cap_left(rules.annual_cap),
                      hardship=enrollment.hardship is not None)

    @staticmethod
    def _check_amounts(total: Decimal, in_scope: Decimal, other_paid: Decimal) -> None:
        if in_scope > total:
            raise InputError("--in-scope", f"{in_scope} is more than the total billed {total}")
        if other_paid > in_scope:
            raise InputError("--other-paid", f"{other_paid} is more than the in-scope {in_scope}")

    @use_case
    def submit_claim(
        self,
        claim: str,
        member: str,
        hospital: str,
        bill: str,
        claim_type: str,
        admitted: date,
        discharged: date,
        total: Decimal,
        in_scope: Decimal,
        other_paid: Decimal = ZERO,
        diagnosis: str | None = None,
        on: date | None = None,
        replaces: str | None = None,
    ) -> tuple[Claim, bool]:
        """Record and assess a claim; returns it and whether it is new (False: a duplicate)."""
        on = self._when(on)
        if claim_type not in CLAIM_TYPES:
            raise InputError("--type", f"{claim_type!r} is not inpatient or outpatient-major")
        self._check_amounts(total, in_scope, other_paid)
        if discharged < admitted:
            raise InputError("--discharged", f"{discharged} is before the admission {admitted}")
        if on < discharged:
            raise InputError("--date", f"a claim is submitted after discharge ({discharged}), not {on}")
        fields = dict(member=member, hospital=hospital, bill=bill, claim_type=claim_type,
                      admitted=admitted, discharged=discharged, total=total, in_scope=in_scope,
                      other_paid=other_paid, diagnosis=diagnosis)
        known = self._find(Claim, Claim.create_id(claim))
        if known is not None:
            if known.same_submission(**fields):
                return known, False
            raise RuleViolation("claim numbers are unique",
                                f"claim {claim} was already submitted on {known.submitted_on}")
        self.member(member)
        place = self._find(Hospital, Hospital.create_id(hospital))
        if place is None:
            raise RuleViolation("designated hospital", f"{hospital} is not a designated hospital")
        year = self._calendar().year_of(admitted)
        if year is None:
            raise RuleViolation("plan year", f"no plan year contains the admission date {admitted}")
        rules = self.plan_year(year).rules
        if replaces:
            old = self._find(Claim, Claim.create_id(replaces))
            if old is None:
                raise NotFound("claim", replaces)
            if old.status != "rejected" or old.member != member:
                raise RuleViolation("resubmission", f"claim {replaces} is not a rejected claim "
                                    f"of {member}; only those can be replaced")
        c = Claim(claim, member, year, hospital, place.level, bill, claim_type, admitted,
                  discharged, total, in_scope, other_paid, diagnosis, replaces, self.operator, on)
        enrollment = self._find(Enrollment, Enrollment.create_id(member, year))
        held = self._find(Bill, Bill.create_id(hospital, bill))
        reason = None
        if on > discharged + timedelta(days=rules.deadline_days):
            reason = "LATE_SUBMISSION"
        elif enrollment is None or not enrollment.active:
            reason = "NOT_ENROLLED"
        elif not enrollment.covers(admitted):
            reason = "NOT_COVERED"
        elif held is not None and not (replaces and held.claim == replaces):
            reason = "DUPLICATE_BILL"
        if reason:
            c.reject(reason, REASONS[reason], self.operator, on)
            self.save(c)
            return c, True
        if held is None:
            held = Bill(hospital, bill, claim, self.operator, on)
        else:
            held.reclaim(bill, claim, replaces, self.operator, on)
        c.assess(self._assess(c, enrollment), "assessed on submission", self.operator, on)
        self.save(c, held)
        return c, True

    def import_claims(self, rows: Callable[[], Iterable[Any]]) -> tuple[int, int]:
        """Submit a file of claims: (new, duplicates). Unreadable rows refuse the whole file;
        a claim refused by a rule stops the import at its line (the claims before it stay, as
        each claim is its own record) and running the file again resumes after the duplicates."""
        from .roster import ImportReport, RosterError, _row_error

        report = ImportReport()
        for item in rows():
            report.read += 1
            if isinstance(item, tuple):
                line, e = item
                report.rejected += 1
                if len(report.errors) < 50:
                    report.errors.append(_row_error(line, e))
        if report.rejected:
            raise RosterError(report, "claims file")
        new = duplicates = 0
        for row in rows():
            try:
                _, fresh = self.submit_claim(
                    row.claim, row.member, row.hospital, row.bill, row.claim_type, row.admitted,
                    row.discharged, row.total, row.in_scope, row.other_paid, row.diagnosis,
                    row.submitted, row.replaces)
            except InputError as e:
                raise InputError(e.field, e.message, line=row.line) from None
            except RuleViolation as e:
                raise RuleViolation(e.rule, f"line {row.line}: {e.message}") from None
            new += fresh
            duplicates += not fresh
        return new, duplicates

    @use_case
    def approve_claim(self, claim: str, on: date | None = None) -> Claim:
        """Approve at the assessment the cap allows now (reassessed if the cap changed)."""
        on = self._when(on)
        c = self.claim(claim)
        if c.status != "assessed":
            raise RuleViolation("claim state", f"claim {claim} is {c.status}; only an assessed "
                                "claim can be approved")
        enrollment = self._get(Enrollment, "enrollment", c.member, c.year)
        if not enrollment.active:
            raise RuleViolation("not enrolled", f"{c.member}'s enrollment in {c.year} was reversed")
        fresh = self._assess(c, enrollment)
        if fresh != c.assessed:
            c.assess(fresh, "reassessed at approval: the cap left or the rules changed",
                     self.operator, on)
        c.approve(self.operator, on, to_reserve=self._closed(c.year))
        enrollment.approve_benefit(claim, fresh.payout, self.operator, on)
        self.save(c, enrollment)
        return c

    @use_case
    def reject_claim(self, claim: str, reason: str, note: str = "", on: date | None = None) -> Claim:
        on = self._when(on)
        if reason not in REASONS:
            raise InputError("--reason", f"{reason!r} is not a reason code (see fund claim reasons)")
        c = self.claim(claim)
        c.reject(reason, note or REASONS[reason], self.operator, on)
        self.save(c)
        return c

    @use_case
    def correct_claim(self, claim: str, reason: str, total: Decimal | None = None,
                      in_scope: Decimal | None = None, other_paid: Decimal | None = None,
                      on: date | None = None) -> Claim:
        """Reverse an approved claim and assess it again (with corrected amounts, if given)."""
        on = self._when(on)
        c = self.claim(claim)
        enrollment = self._get(Enrollment, "enrollment", c.member, c.year)
        c.reverse_approval(reason, self.operator, on, to_reserve=self._closed(c.year))
        enrollment.release_benefit(claim, self.operator, on)
        total = c.total if total is None else total
        in_scope = c.in_scope if in_scope is None else in_scope
        other_paid = c.other_paid if other_paid is None else other_paid
        self._check_amounts(total, in_scope, other_paid)
        if (total, in_scope, other_paid) != (c.total, c.in_scope, c.other_paid):
            c.correct_amounts(claim, total, in_scope, other_paid, self.operator, on)
        c.assess(self._assess(c, enrollment), f"corrected: {reason}", self.operator, on)
        self.save(c, enrollment)
        return c

    @use_case
    def collect_recovery(self, claim: str, amount: Decimal, reference: str,
                         on: date | None = None) -> bool:
        """Record a family paying back what it owes on a corrected claim; False when this
        repayment (same reference, amount and date) was already recorded."""
        on = self._when(on)
        c = self.claim(claim)
        known = c.repayments.get(reference)
        if known is not None:
            if known == (amount, on):
                return False
            raise RuleViolation("references are unique", f"repayment {reference} of claim {claim} "
                                f"was recorded as {known[0]} on {known[1]}")
        c.collect_recovery(reference, amount, self.operator, on)
        self.save(c)
        return True

    @use_case
    def receive_assistance(self, amount: Decimal, reference: str, on: date) -> bool:
        """Record the assistance payer's remittance; False when already recorded."""
        return self._receive_remittance(AssistanceRemittance, "assistance", amount, reference, on)

    def payout_desk(self) -> PayoutDesk:
        """Read before the cash: whoever spends cash saves the desk, so a run or refund saved
        in between makes this one's save conflict, and it is retried on the new figures."""
        return self._find(PayoutDesk, PayoutDesk.create_id()) or PayoutDesk()

    def cash_free(self, on: date) -> tuple[Decimal, Decimal]:
        """(cash, assistance in hand): the least cash held at the end of `on` or of any later
        day (money paid out on `on` leaves every later day too: a backdated refund or run must
        not take cash a later payment already spent), and the part of the cash received from
        the assistance payer that is owed on to families."""
        self.views.catch_up()
        engine = self.views.engine
        now = answers.balance(engine, None)
        in_hand = max(ZERO, now["assistance_payable"] - now["assistance_receivable"])
        return answers.lowest_cash_from(engine, on), in_hand

    @use_case
    def run_payouts(self, on: date | None = None) -> PayoutRun | None:
        """Pay every payable claim from the cash, pro rata when short; None if nothing to pay."""
        on = self._when(on)
        desk = self.payout_desk()
        cash, in_hand = self.cash_free(on)
        engine = self.views.engine
        claims: dict[str, Claim] = {}
        payables, owed = [], []
        numbers = queries.payable_claims(engine, on)
        with self._preloading([Claim.create_id(n) for n in numbers]):
            for number in numbers:
                c = claims[number] = self.claim(number)  # the aggregate is the authority
                if c.payable > ZERO:
                    payables.append(Payable(c.claim, c.member, c.year, c.payable))
                if c.assistance_owed > ZERO:
                    owed.append(Payable(c.claim, c.member, c.year, c.assistance_owed))
        payments = share_out(max(ZERO, cash - in_hand), payables)
        assistance = share_out(min(in_hand, cash), owed)
        if not payments and not assistance:
            return None
        run = desk.next_run()
        desk.start_run(run, self.operator, on)
        made = PayoutRun(
            run, max(ZERO, cash - in_hand), sum((p.amount for p in payables), ZERO),
            [[p.claim, p.member, p.year, str(s)] for p, s in payments], in_hand,
            sum((p.amount for p in owed), ZERO),
            [[p.claim, p.member, p.year, str(s)] for p, s in assistance], self.operator, on,
        )
        paid = {p.claim: s for p, s in payments}
        helped = {p.claim: s for p, s in assistance}
        enrollments: dict[Any, Enrollment] = {}
        firsts = {n for n, amount in paid.items() if amount > ZERO and claims[n].paid == ZERO}
        with self._preloading([Enrollment.create_id(claims[n].member, claims[n].year)
                               for n in sorted(firsts)]):
            for number in sorted(set(paid) | set(helped)):
                c = claims[number]
                c.record_payment(number, c.member, run, paid.get(number, ZERO),
                                 helped.get(number, ZERO), self.operator, on)
                if number in firsts:  # its first payment: the enrollment notes a paid claim
                    key = (c.member, c.year)
                    if key not in enrollments:
                        enrollments[key] = self._get(Enrollment, "enrollment", *key)
                    enrollments[key].record_paid_claim(number, self.operator, on)
        self.save(desk, made, *claims.values(), *enrollments.values())
        return made

    def claim_statement(self, claim: str, as_of: date | None = None) -> dict[str, Any]:
        from .reads import Statements

        return Statements(self.read_engine(as_of, about=[claim]), self.today).claim_statement(claim)

    def claim_list(self, as_of: date | None = None, **filters: Any) -> list[dict[str, Any]]:
        return queries.claims_list(self.read_engine(as_of), **filters)
