"""A child's enrollment in a plan year, and the receipt that proves it was paid.

The receipt number is unique across the fund (its own aggregate, keyed by the number). The
enrollment, keyed by child and year, carries the money: the family's payment or the subsidy
owed for a hardship child, and, once claims are paid, refuses to be reversed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .errors import RuleViolation
from .identity import natural_id
from .language import N_


class Receipt(Aggregate):
    """A receipt number, used once in the life of the fund."""

    @staticmethod
    def create_id(receipt: str) -> UUID:
        return natural_id("receipt", receipt)

    @event("Issued")
    def __init__(
        self,
        receipt: str,
        member: str,
        year: str,
        amount: Decimal,
        operator: str,
        effective: date,
    ):
        self.receipt = receipt
        self.member = member
        self.year = year
        self.amount = amount
        self.paid_on = effective

    def same_as(self, member: str, year: str, amount: Decimal, paid_on: date) -> bool:
        return (self.member, self.year, self.amount, self.paid_on) == (member, year, amount, paid_on)


class Enrollment(Aggregate):
    class Enrolled(Aggregate.Created):
        """Version 2 adds `school`: the school whose roster enrolled the child, kept with the
        enrollment (a child changes school from year to year), for renewals by school."""

        class_version = 2
        member: str
        year: str
        receipt: str
        paid: Decimal
        subsidy: Decimal
        hardship: str | None
        covered_from: date
        operator: str
        effective: date
        school: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["school"] = None

    class Reenrolled(Aggregate.Event):
        """Version 2 adds `school`, as `Enrolled` does."""

        class_version = 2
        member: str
        year: str
        receipt: str
        paid: Decimal
        subsidy: Decimal
        hardship: str | None
        covered_from: date
        operator: str
        effective: date
        school: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["school"] = None

    @staticmethod
    def create_id(member: str, year: str) -> UUID:
        return natural_id("enrollment", member, year)

    @event("Enrolled")
    def __init__(
        self,
        member: str,
        year: str,
        receipt: str,
        paid: Decimal,
        subsidy: Decimal,
        hardship: str | None,
        covered_from: date,
        operator: str,
        effective: date,
        school: str | None = None,
    ):
        self.member = member
        self.year = year
        self.school = school
        self._start(receipt, paid, subsidy, hardship, covered_from)
        self.enrolled_on = effective
        self.paid_claims = 0
        self.benefits: dict[str, Decimal] = {}  # approved payout per claim, for the cap

    def _start(self, receipt, paid, subsidy, hardship, covered_from) -> None:
        self.receipt: str | None = receipt
        self.paid = paid
        self.subsidy = subsidy
        self.hardship = hardship
        self.covered_from: date | None = covered_from

    @property
    def active(self) -> bool:
        return self.receipt is not None

    def covers(self, day: date) -> bool:
        return self.covered_from is not None and day >= self.covered_from

    def reenroll(self, receipt, paid, subsidy, hardship, covered_from, operator, effective,
                 school=None):
        if self.active:
            raise RuleViolation(
                N_("one enrollment per year"),
                N_("{member} is already enrolled in {year} by receipt {receipt}"),
                member=self.member, year=self.year, receipt=self.receipt,
            )
        self._reenrolled(self.member, self.year, receipt, paid, subsidy, hardship, covered_from,
                         operator, effective, school)

    @event(Reenrolled)
    def _reenrolled(
        self,
        member: str,
        year: str,
        receipt: str,
        paid: Decimal,
        subsidy: Decimal,
        hardship: str | None,
        covered_from: date,
        operator: str,
        effective: date,
        school: str | None,
    ) -> None:
        self._start(receipt, paid, subsidy, hardship, covered_from)
        self.enrolled_on = effective
        self.school = school

    def reverse(self, receipt: str, reason: str, operator: str, effective: date) -> None:
        if self.receipt != receipt:
            raise RuleViolation(
                N_("reversal"), N_("receipt {receipt} no longer enrolls {member} in {year}"),
                receipt=receipt, member=self.member, year=self.year,
            )
        if self.paid_claims:
            raise RuleViolation(
                N_("reversal after paid claim"),
                N_("{member} has {claims} paid claim(s) in {year}; the contribution can no "
                   "longer be reversed"),
                member=self.member, claims=self.paid_claims, year=self.year,
            )
        self._reversed(self.member, self.year, receipt, self.paid, self.subsidy, reason,
                       operator, effective)

    @event("Reversed")
    def _reversed(
        self,
        member: str,
        year: str,
        receipt: str,
        paid: Decimal,
        subsidy: Decimal,
        reason: str,
        operator: str,
        effective: date,
    ) -> None:
        self.receipt = None
        self.covered_from = None

    # -- the annual cap and paid claims -----------------------------------------------------

    def cap_left(self, annual_cap: Decimal) -> Decimal:
        return max(Decimal("0.00"), annual_cap - sum(self.benefits.values(), Decimal("0.00")))

    @event("BenefitApproved")
    def approve_benefit(self, claim: str, payout: Decimal, operator: str, effective: date) -> None:
        self.benefits[claim] = payout

    @event("BenefitReleased")
    def release_benefit(self, claim: str, operator: str, effective: date) -> None:
        self.benefits.pop(claim, None)

    @event("ClaimPaid")
    def record_paid_claim(self, claim: str, operator: str, effective: date) -> None:
        self.paid_claims += 1
