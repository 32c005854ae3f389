"""What the bank says: a statement's closing balance asserted against the books, and the
statement's lines matched to the fund's own cash movements.

Both are facts of the record, keyed by what the bank printed (the statement's reference, the
statement file's fingerprint), so the same statement entered again is recorded once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .identity import natural_id


class CashAssertion(Aggregate):
    """The cash the bank statement says the fund held at the end of a day (a balance
    assertion, as Beancount's `balance` and hledger's `=`): `audit verify` checks it."""

    @staticmethod
    def create_id(reference: str) -> UUID:
        return natural_id("assertion", reference)

    @event("Recorded")
    def __init__(self, reference: str, amount: Decimal, operator: str, effective: date):
        self.reference = reference
        self.amount = amount
        self.on = effective

    def same_as(self, amount: Decimal, on: date) -> bool:
        return (self.amount, self.on) == (amount, on)


class Reconciliation(Aggregate):
    """A bank statement matched to the fund's cash movements: its fingerprint, and for each of
    its lines the movement it matched (the position of the event), or none."""

    @staticmethod
    def create_id(fingerprint: str) -> UUID:
        return natural_id("reconciliation", fingerprint)

    @event("Matched")
    def __init__(self, fingerprint: str, statement: str, lines: list[list[Any]],
                 operator: str, effective: date):
        self.fingerprint = fingerprint
        self.statement = statement
        self.lines = lines  # [line, date, amount, reference, position or None]


class Deposit(Aggregate):
    """A school's roster paid into the bank as one deposit: the bank shows one movement of its
    total under the deposit's reference, not one a receipt."""

    @staticmethod
    def create_id(reference: str) -> UUID:
        return natural_id("deposit", reference)

    @event("Made")
    def __init__(self, reference: str, year: str, receipts: list[str], total: Decimal,
                 operator: str, effective: date):
        self.reference = reference
        self.year = year
        self.receipts = receipts
        self.total = total

    def same_as(self, year: str, receipts: list[str], total: Decimal) -> bool:
        return (self.year, sorted(self.receipts), self.total) == (year, sorted(receipts), total)
