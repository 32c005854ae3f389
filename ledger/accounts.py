"""The chart of accounts, on its own so that reading balances needs none of the aggregates."""

from __future__ import annotations

from decimal import Decimal

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


def presented(account: str, debit_balance: Decimal) -> Decimal:
    """A balance as an accountant reads it: credit-normal accounts shown positive."""
    return debit_balance if ACCOUNTS[account][1] == "debit" else -debit_balance
