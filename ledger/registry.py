"""Children and designated hospitals: registered once, by their own number or code."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .identity import natural_id


class Member(Aggregate):
    """A child of the fund, with the hardship category that makes the family exempt."""

    @staticmethod
    def create_id(member: str) -> UUID:
        return natural_id("member", member)

    @event("Registered")
    def __init__(
        self,
        member: str,
        name: str,
        born: date,
        guardian: str,
        hardship: str | None,
        evidence: str | None,
        operator: str,
        effective: date,
    ):
        self.member = member
        self.name = name
        self.born = born
        self.guardian = guardian
        self.hardship = hardship
        self.evidence = evidence


class Hospital(Aggregate):
    """A designated hospital; its level (1, 2 or 3) sets ratios and deductibles."""

    @staticmethod
    def create_id(code: str) -> UUID:
        return natural_id("hospital", code)

    @event("Registered")
    def __init__(self, code: str, name: str, level: int, operator: str, effective: date):
        self.code = code
        self.name = name
        self.level = level
