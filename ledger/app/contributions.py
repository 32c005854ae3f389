"""Contributions: a child enrolled in a plan year by the amount on its receipt (or free, for
hardship), a receipt number used once across the fund, a mistake reversed and refunded."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from eventsourcing.persistence import IntegrityError

from ..coverage import amount_due, covered_from, hardship_category, is_hardship
from ..enrollment import Enrollment, Receipt
from ..errors import InputError, RuleViolation
from ..language import N_, Word
from ..money import ZERO
from ..plan_year import PlanYear
from ..registry import Member
from ..store.bulk import constructed
from .payouts import Payouts
from ..store import faults
from .records import Records
from .use_case import use_case


@dataclass(frozen=True)
class Enrolled:
    """What an administrator is told after a contribution."""

    member: str
    year: str
    receipt: str
    paid: Decimal
    subsidy: Decimal
    covered_from: date
    duplicate: bool = False


class Contributions:
    def __init__(self, records: Records, payouts: Payouts):
        self.records = records
        self.payouts = payouts

    @use_case
    def contribute(self, member: str, year: str, receipt: str, on: date,
                   amount: Decimal | None = None, school: str | None = None) -> Enrolled:
        records = self.records
        on = records.when(on)
        # All it reads in one query: on a server across the network, one round trip, not four.
        # (The enrollment and its receipt are then read at one moment, which `enrollment_by`
        # otherwise orders its two reads for.)
        with records.preloading([Member.create_id(member), PlanYear.create_id(year),
                                 Enrollment.create_id(member, year), Receipt.create_id(receipt)]):
            result, pending = self.enrollment_by(records.member(member), records.open_plan(year),
                                                 receipt, on, amount, school=school)
        if pending:
            records.save(*pending)
        elif result.duplicate and faults.again():  # this command's own save, its commit cut
            return replace(result, duplicate=False)
        return result

    def hardship_category(self, given: str, plans: Iterable[PlanYear] | None = None,
                          field: str = "hardship") -> str:
        """A hardship category as an open plan year spells it; any other is refused, naming
        the ones allowed (a child registered under a category no year knows would pay), and
        `field`, where the category was given."""
        if plans is None:
            plans = [self.records.plan_year(y) for y in self.records.calendar().years]
        categories = [c for p in plans if p.closed_on is None for c in p.rules.hardship_categories]
        found = hardship_category(categories, given)
        if found is None and not categories:
            raise InputError(field, N_("{given!r} is not a hardship category of an open "
                                            "plan year (allowed: none: no plan year is open)"),
                             given=given)
        if found is None:
            raise InputError(field, N_("{given!r} is not a hardship category of an open "
                                            "plan year (allowed: {allowed})"),
                             given=given, allowed=", ".join(dict.fromkeys(categories)))
        return found

    def enrollment_by(
        self, child: Any, plan: PlanYear, receipt: str, on: date, amount: Decimal | None,
        build: Callable[..., Any] | None = constructed, school: str | None = None,
    ) -> tuple[Enrolled, list[Any]]:
        """What a contribution records (the receipt and the enrollment), not yet saved.

        A receipt already recorded with the same data is a duplicate: nothing to record.
        `build` makes a new receipt or enrollment: by its constructor, or as its creation event
        alone (`ledger.store.bulk.created`, a roster's recording). With None (checking a
        roster) every rule is checked and nothing new is made: the constructors check nothing.
        `child` is the registered child, or a roster row registering it (same fields).
        The child's hardship status on `on` decides whether the family pays.
        """
        member, year, rules = child.member, plan.year, plan.rules
        status = child.hardship_on(on)  # the status on the enrollment's date decides
        hardship = is_hardship(rules, status)
        paid, subsidy = _amounts(member, year, amount_due(rules, child.born), hardship, amount,
                                 status)
        # The enrollment is read before the receipt: both are saved in one transaction, so
        # whatever another terminal commits between the two reads, a receipt found here has
        # its enrollment recorded too (read the other way round, a receipt entered at the same
        # moment at two terminals could look like a second enrollment).
        enrollment = self.records.find(Enrollment, Enrollment.create_id(member, year))
        used = self.records.find(Receipt, Receipt.create_id(receipt))
        if used is not None:
            return _duplicate(used, enrollment, member, year, receipt, paid, subsidy, on), []
        starts = covered_from(rules, child.born, on)
        enrolled = Enrolled(member, year, receipt, paid, subsidy, starts)
        if enrollment is None and build is None:
            return enrolled, []
        build = build or constructed  # a re-enrollment is checked by making it (its rules)
        category = status if hardship else None
        operator = self.records.operator
        if enrollment is None:
            enrollment = build(Enrollment, member, year, receipt, paid, subsidy, category, starts,
                               operator, on, school)
        else:
            enrollment.reenroll(receipt, paid, subsidy, category, starts, operator, on, school)
        return enrolled, [build(Receipt, receipt, member, year, paid, operator, on), enrollment]

    @use_case
    def reverse(self, receipt: str, reason: str, on: date | None = None) -> Receipt:
        """Reverse a contribution recorded by mistake; what the family paid goes back to it,
        if the cash of that day and every later one allows."""
        records = self.records
        on = records.when(on)
        used = records.get(Receipt, "receipt", receipt)
        if on < used.paid_on:
            raise RuleViolation(N_("reversal date"), N_("{day} is before the payment on {paid_on}"),
                                day=on, paid_on=used.paid_on)
        records.open_plan(used.year)
        enrollment = records.get(Enrollment, "enrollment", used.member, used.year)
        refund = enrollment.paid
        enrollment.reverse(receipt, reason, records.operator, on)
        if refund == ZERO:  # a hardship enrollment: no money goes back
            records.save(enrollment)
            return used
        desk = self.payouts.desk()
        cash, in_hand = self.payouts.cash_free(on)
        if refund > cash - in_hand:
            raise RuleViolation(
                N_("cash never below zero"),
                N_("the refund of {refund} is more than the cash free to pay it ({free}); record "
                   "it when the fund has the money"), refund=refund, free=max(ZERO, cash - in_hand))
        desk.clear_refund(receipt, refund, records.operator, on)
        records.save(enrollment, desk)
        return used


def _amounts(member: str, year: str, due: Decimal, hardship: bool, amount: Decimal | None,
             category: str | None) -> tuple[Decimal, Decimal]:
    """(paid, subsidy) of an enrollment: the family pays what is due, as typed on its receipt;
    a hardship child nothing, the subsidy payer owing it instead."""
    if hardship:
        if amount is not None and amount != ZERO:
            raise RuleViolation(N_("hardship enrollment"),
                                N_("{member} is a {category} child, enrolled without paying; the "
                                   "subsidy payer owes {due}"),
                                member=member, category=Word(category), due=due)
        return ZERO, due
    if amount is None:
        raise InputError("amount", N_("{member} pays {due} for {year}: enter the amount on the "
                                      "receipt (the fund never books an amount nobody typed)"),
                         member=member, due=due, year=year)
    if amount != due:
        raise RuleViolation(N_("contribution amount"),
                            N_("{member} owes exactly {due} for {year}, not {amount}"),
                            member=member, due=due, year=year, amount=amount)
    return due, ZERO


def _duplicate(used: Receipt, enrollment: Enrollment | None, member: str, year: str,
               receipt: str, paid: Decimal, subsidy: Decimal, on: date) -> Enrolled:
    """A receipt seen before: the same payment entered again (nothing to record), or refused."""
    if not used.same_as(member, year, paid, on):
        raise RuleViolation(N_("receipt numbers are unique"),
                            N_("receipt {receipt} was already recorded on {day} for {member} in "
                               "{year}"),
                            receipt=receipt, day=used.paid_on, member=used.member, year=used.year)
    if enrollment is None:  # saved by another terminal between the two reads
        raise IntegrityError("read again: a terminal saved this receipt meanwhile")
    return Enrolled(member, year, receipt, paid, subsidy, enrollment.covered_from, duplicate=True)
