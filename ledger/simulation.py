"""A proposal tried on a past year's claims: what the board would have paid under other rules,
recording nothing.

Every claim the fund approved that year is assessed again with the same `assess` a real claim
goes through, in the order the claims were approved, against its child's cap as the proposal
sets it and as the claims before it used it; each on the facts it was assessed on (the
hospital's level on admission, whether the family was a hardship family then). Rejected
claims stay rejected: a rejection is a decision on facts, not on the rates. Income is each
enrolled child's contribution under the proposal (its age bands), hardship children's paid by
the subsidy as ever.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Iterable

from .assessment import assess
from .coverage import amount_due
from .money import ZERO, money
from .rules import YearRules


@dataclass(frozen=True)
class Case:
    """A claim as the fund approved it, and what it is assessed again on."""

    claim: str
    member: str
    claim_type: str
    level: int
    in_scope: Decimal
    other_paid: Decimal
    diagnosis: str | None
    hardship: bool
    payout: Decimal
    assistance: Decimal
    cap_applied: bool


@dataclass
class Side:
    """One side of the comparison: what happened, or what the proposal would have done."""

    contributions: Decimal = ZERO  # contributions and subsidies
    payouts: Decimal = ZERO
    assistance: Decimal = ZERO
    cap_hits: int = 0

    @property
    def loss_ratio_percent(self) -> Decimal | None:
        return money(self.payouts * 100 / self.contributions) if self.contributions else None


@dataclass
class Outcome:
    claims: int
    actual: Side
    proposed: Side
    changes: list[tuple[Case, Decimal]] = field(default_factory=list)  # (case, proposed payout)

    @property
    def reserve_change(self) -> Decimal:
        """What the year would have left the reserve more (or less) under the proposal."""
        return ((self.proposed.contributions - self.actual.contributions)
                - (self.proposed.payouts - self.actual.payouts))

    def most_changed(self, n: int = 10) -> list[tuple[Case, Decimal]]:
        return sorted(self.changes, key=lambda c: (-abs(c[1] - c[0].payout), c[0].claim))[:n]


def simulate(proposal: YearRules, cases: Iterable[Case], enrolled: Iterable[tuple[date, Decimal]]
             ) -> Outcome:
    """`cases` in the order they were approved; `enrolled`: each enrolled child's date of
    birth and what the year actually took for it (contribution or subsidy)."""
    actual, proposed = Side(), Side()
    for born, took in enrolled:
        actual.contributions += took
        proposed.contributions += amount_due(proposal, born)
    used: dict[str, Decimal] = defaultdict(lambda: ZERO)
    outcome = Outcome(0, actual, proposed)
    for case in cases:
        outcome.claims += 1
        again = assess(proposal, 0, case.claim_type, case.level, case.in_scope,
                       case.other_paid, case.diagnosis, proposal.annual_cap - used[case.member],
                       case.hardship)
        used[case.member] += again.payout
        actual.payouts += case.payout
        actual.assistance += case.assistance
        actual.cap_hits += case.cap_applied
        proposed.payouts += again.payout
        proposed.assistance += again.assistance
        proposed.cap_hits += again.cap_applied
        if again.payout != case.payout:
            outcome.changes.append((case, again.payout))
    return outcome
