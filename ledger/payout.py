"""Payout runs: money leaving the fund, pro rata to the fen when cash is short.

A run is one event carrying every payment it makes, so it is recorded whole or not at all.
The payout desk numbers the runs and, being one aggregate, lets only one run at a time
succeed: a second run started at once is retried after the first and pays what remains.
Refunds of contributions, the other money that leaves, clear the same desk, so a refund and a
run never both spend the same cash.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Sequence
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .identity import natural_id
from .money import ZERO, allocate


@dataclass(frozen=True)
class Payable:
    claim: str
    member: str
    year: str
    amount: Decimal


def share_out(cash: Decimal, payables: Sequence[Payable]) -> list[tuple[Payable, Decimal]]:
    """Pay every payable in full if the cash allows, else the same fraction of each, to the
    fen by largest remainder, the extra fen to the earliest approved (the order given)."""
    if cash <= ZERO or not payables:
        return []
    shares = allocate(cash, [p.amount for p in payables])
    return [(p, s) for p, s in zip(payables, shares, strict=True) if s > ZERO]


class PayoutDesk(Aggregate):
    @staticmethod
    def create_id() -> UUID:
        return natural_id("payout-desk", "fund")

    @event("Opened")
    def __init__(self) -> None:
        self.runs = 0
        self.last_run_on: date | None = None

    def next_run(self) -> str:
        return f"PR-{self.runs + 1:05d}"

    @event("RunStarted")
    def start_run(self, run: str, operator: str, effective: date) -> None:
        self.runs += 1
        self.last_run_on = effective

    @event("RefundCleared")
    def clear_refund(self, refund_of: str, amount: Decimal, operator: str,
                     effective: date) -> None:
        """The refund of receipt `refund_of` was checked against the cash free to pay it (the
        money itself is booked by the enrollment's reversal). It changes nothing on the desk:
        saving the desk is what serialises it with payout runs."""


class PayoutRun(Aggregate):
    @staticmethod
    def create_id(run: str) -> UUID:
        return natural_id("payout-run", run)

    @event("Made")
    def __init__(
        self,
        run: str,
        cash_available: Decimal,
        payable: Decimal,
        payments: list[list[str]],  # [claim, member, year, amount]
        assistance_available: Decimal,
        assistance_owed: Decimal,
        assistance_payments: list[list[str]],
        operator: str,
        effective: date,
    ):
        self.run = run
        self.made_by = operator
        self.made_on = effective
        self.cash_available = cash_available
        self.payable = payable
        self.payments = payments
        self.assistance_payments = assistance_payments

    @property
    def paid(self) -> Decimal:
        return sum((Decimal(p[3]) for p in self.payments), ZERO)
