"""The books: the journal entry every money event posts, over the chart of `accounts`.

Debits are positive, credits negative, so every entry sums to zero and so does the trial
balance at every position of the log. This is the one place that says which accounts an
event moves; the journal projection only stores what `journal_entry` returns.
"""

from __future__ import annotations

from decimal import Decimal
from functools import singledispatch
from typing import Any, NamedTuple

from .claim import Claim
from .enrollment import Enrollment
from .income import AssistanceRemittance, Donation, SubsidyRemittance
from .accounts import ACCOUNTS, EXPENSE_ACCOUNTS, INCOME_ACCOUNTS
from .money import ZERO
from .payout import PayoutRun
from .plan_year import PlanYear

class Posting(NamedTuple):  # a tuple: a replay makes two for every contribution
    account: str
    amount: Decimal  # debit positive, credit negative
    year: str | None = None


class UnbalancedEntry(Exception):
    pass


def transfer(debit: str, credit: str, amount: Decimal, year: str | None = None) -> list[Posting]:
    if amount == ZERO:
        return []
    return [Posting(debit, amount, year), Posting(credit, -amount, year)]


def journal_entry(event: Any) -> list[Posting]:
    """The balanced postings of one event (empty for events that move no money)."""
    postings = _entry(event)
    if sum((p.amount for p in postings), ZERO) != ZERO:
        raise UnbalancedEntry(f"{type(event).__qualname__} posts an unbalanced entry: {postings}")
    for p in postings:
        if p.account not in ACCOUNTS:
            raise UnbalancedEntry(f"unknown account {p.account!r}")
    return postings


def moves_money(event_class: type) -> bool:
    """Whether events of this class can post anything (the others need not be read)."""
    return _entry.dispatch(event_class) is not _no_entry


@singledispatch
def _entry(event: Any) -> list[Posting]:
    return []


_no_entry = _entry.dispatch(object)


@_entry.register(Enrollment.Enrolled)
@_entry.register(Enrollment.Reenrolled)
def _enrolled(e: Any) -> list[Posting]:
    return transfer("cash", "contribution_income", e.paid, e.year) + transfer(
        "subsidy_receivable", "subsidy_income", e.subsidy, e.year
    )


@_entry.register(Enrollment.Reversed)
def _reversed(e: Enrollment.Reversed) -> list[Posting]:
    # The family is refunded; a hardship child's subsidy is no longer owed.
    return transfer("contribution_income", "cash", e.paid, e.year) + transfer(
        "subsidy_income", "subsidy_receivable", e.subsidy, e.year
    )


@_entry.register(Donation.Received)
def _donation(e: Donation.Received) -> list[Posting]:
    return transfer("cash", "donation_income", e.amount, e.year)


@_entry.register(SubsidyRemittance.Received)
def _remittance(e: SubsidyRemittance.Received) -> list[Posting]:
    return transfer("cash", "subsidy_receivable", e.amount)


@_entry.register(Claim.Approved)
def _approved(e: Claim.Approved) -> list[Posting]:
    # The benefit is an expense the moment it is approved; the family is owed it until paid.
    # Paid (or assistance passed on) before a correction and now owed back: a recovery
    # receivable. Assistance the payer remitted for it is then owed back to the payer, which
    # shows as a credit on the assistance receivable until its next remittance settles it.
    expense = "reserve" if e.to_reserve else "benefit_expense"
    return (
        transfer(expense, "claims_payable", e.payout, e.year)
        + transfer("recovery_receivable", "claims_payable", e.recovery, e.year)
        + transfer("assistance_receivable", "assistance_payable", e.assistance, e.year)
        + transfer("recovery_receivable", "assistance_payable", e.assistance_recovery, e.year)
    )


@_entry.register(Claim.ApprovalReversed)
def _approval_reversed(e: Claim.ApprovalReversed) -> list[Posting]:
    expense = "reserve" if e.to_reserve else "benefit_expense"
    return transfer("claims_payable", expense, e.payout, e.year) + transfer(
        "assistance_payable", "assistance_receivable", e.assistance, e.year
    )


@_entry.register(Claim.RecoverySetOff)
def _set_off(e: Claim.RecoverySetOff) -> list[Posting]:
    # what the family owed back settles that much of what the fund now owes it
    return transfer("claims_payable", "recovery_receivable", e.amount, e.year)


@_entry.register(Claim.RecoveryRepaid)
def _repaid(e: Claim.RecoveryRepaid) -> list[Posting]:
    return transfer("cash", "recovery_receivable", e.amount, e.year)


@_entry.register(AssistanceRemittance.Received)
def _assistance(e: AssistanceRemittance.Received) -> list[Posting]:
    return transfer("cash", "assistance_receivable", e.amount)


@_entry.register(PayoutRun.Made)
def _payout_run(e: PayoutRun.Made) -> list[Posting]:
    postings: list[Posting] = []
    for account, payments in (("claims_payable", e.payments),
                              ("assistance_payable", e.assistance_payments)):
        by_year: dict[str, Decimal] = {}
        for _claim, _member, year, amount in payments:
            by_year[year] = by_year.get(year, ZERO) + Decimal(amount)
        for year, amount in sorted(by_year.items()):
            postings += transfer(account, "cash", amount, year)
    return postings


@_entry.register(PlanYear.Closed)
def _closed(e: PlanYear.Closed) -> list[Posting]:
    """The closing entry: the year's income and expense move to the reserve."""
    postings: list[Posting] = []
    for account in INCOME_ACCOUNTS:
        postings += transfer(account, "reserve", Decimal(e.closing.get(account, ZERO)), e.year)
    for account in EXPENSE_ACCOUNTS:
        postings += transfer("reserve", account, Decimal(e.closing.get(account, ZERO)), e.year)
    return postings
