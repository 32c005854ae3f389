"""The chart of accounts, on its own so that reading balances needs none of the aggregates."""

from __future__ import annotations

from decimal import Decimal

from .language import N_

# account: (title, normal side). Assets and expenses are debit-normal; the rest credit-normal.
# The titles are words (translated where shown); the keys are the codes of files and JSON.
ACCOUNTS: dict[str, tuple[str, str]] = {
    "cash": (N_("Cash"), "debit"),
    "subsidy_receivable": (N_("Subsidy receivable"), "debit"),
    "assistance_receivable": (N_("Assistance receivable"), "debit"),
    "recovery_receivable": (N_("Recovery receivable"), "debit"),
    "claims_payable": (N_("Claims payable"), "credit"),
    "assistance_payable": (N_("Assistance payable"), "credit"),
    "contribution_income": (N_("Contribution income"), "credit"),
    "subsidy_income": (N_("Subsidy income"), "credit"),
    "donation_income": (N_("Donation income"), "credit"),
    "benefit_expense": (N_("Benefit expense"), "debit"),
    "reserve": (N_("Reserve"), "credit"),
}
INCOME_ACCOUNTS = ("contribution_income", "subsidy_income", "donation_income")
EXPENSE_ACCOUNTS = ("benefit_expense",)


def presented(account: str, debit_balance: Decimal) -> Decimal:
    """A balance as an accountant reads it: credit-normal accounts shown positive."""
    return debit_balance if ACCOUNTS[account][1] == "debit" else -debit_balance
