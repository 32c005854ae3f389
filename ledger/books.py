"""The books: the chart of accounts and the journal entry every money event posts.

Debits are positive, credits negative, so every entry sums to zero and so does the trial
balance at every position of the log. This is the one place that says which accounts an
event moves; the journal projection only stores what `journal_entry` returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import singledispatch
from typing import Any

from .enrollment import Enrollment
from .income import Donation, SubsidyRemittance
from .money import ZERO

# account: (title, normal side). Assets and expenses are debit-normal; the rest credit-normal.
ACCOUNTS: dict[str, tuple[str, str]] = {
    "cash": ("Cash", "debit"),
    "subsidy_receivable": ("Subsidy receivable", "debit"),
    "assistance_receivable": ("Assistance receivable", "debit"),
    "recovery_receivable": ("Recovery receivable", "debit"),
    "claims_payable": ("Claims payable", "credit"),
    "assistance_payable": ("Assistance payable", "credit"),
    "contribution_income": ("Contribution income", "credit"),
    "subsidy_income": ("Subsidy income", "credit"),
    "donation_income": ("Donation income", "credit"),
    "benefit_expense": ("Benefit expense", "debit"),
    "reserve": ("Reserve", "credit"),
}
INCOME_ACCOUNTS = ("contribution_income", "subsidy_income", "donation_income")
EXPENSE_ACCOUNTS = ("benefit_expense",)


@dataclass(frozen=True)
class Posting:
    account: str
    amount: Decimal  # debit positive, credit negative
    year: str | None = None


class UnbalancedEntry(Exception):
    pass


def transfer(debit: str, credit: str, amount: Decimal, year: str | None = None) -> list[Posting]:
    if amount == ZERO:
        return []
    return [Posting(debit, amount, year), Posting(credit, -amount, year)]


def presented(account: str, debit_balance: Decimal) -> Decimal:
    """A balance as an accountant reads it: credit-normal accounts shown positive."""
    return debit_balance if ACCOUNTS[account][1] == "debit" else -debit_balance


def journal_entry(event: Any) -> list[Posting]:
    """The balanced postings of one event (empty for events that move no money)."""
    postings = _entry(event)
    if sum((p.amount for p in postings), ZERO) != ZERO:
        raise UnbalancedEntry(f"{type(event).__qualname__} posts an unbalanced entry: {postings}")
    for p in postings:
        if p.account not in ACCOUNTS:
            raise UnbalancedEntry(f"unknown account {p.account!r}")
    return postings


@singledispatch
def _entry(event: Any) -> list[Posting]:
    return []


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
