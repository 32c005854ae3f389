"""Money received that is not a contribution: donations and subsidy remittances.

Each is keyed by its reference, so a remittance or gift entered twice is recorded once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .identity import natural_id


class Donation(Aggregate):
    @staticmethod
    def create_id(reference: str) -> UUID:
        return natural_id("donation", reference)

    @event("Received")
    def __init__(
        self,
        reference: str,
        donor: str,
        amount: Decimal,
        year: str | None,
        operator: str,
        effective: date,
    ):
        self.reference = reference
        self.year = year
        self.donor = donor
        self.amount = amount
        self.received_on = effective

    def same_as(self, donor: str, amount: Decimal, on: date) -> bool:
        return (self.donor, self.amount, self.received_on) == (donor, amount, on)


class SubsidyRemittance(Aggregate):
    """The government subsidy payer settling hardship children's contributions."""

    @staticmethod
    def create_id(reference: str) -> UUID:
        return natural_id("subsidy", reference)

    @event("Received")
    def __init__(self, reference: str, amount: Decimal, operator: str, effective: date):
        self.reference = reference
        self.amount = amount
        self.received_on = effective

    def same_as(self, amount: Decimal, on: date) -> bool:
        return (self.amount, self.received_on) == (amount, on)


class AssistanceRemittance(Aggregate):
    """The medical-assistance payer remitting the top-ups the fund passes to families."""

    @staticmethod
    def create_id(reference: str) -> UUID:
        return natural_id("assistance", reference)

    @event("Received")
    def __init__(self, reference: str, amount: Decimal, operator: str, effective: date):
        self.reference = reference
        self.amount = amount
        self.received_on = effective

    def same_as(self, amount: Decimal, on: date) -> bool:
        return (self.amount, self.received_on) == (amount, on)
