"""Next year's contribution from the claims of past years (以收定支: spending set by what comes
in), and whether the reserve covers a bad year. The board decides; this says what the record
suggests and how it was worked out.

Only years that have ended are used: a year still running has not had its claims.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Sequence

from .money import ZERO, money


@dataclass(frozen=True)
class YearFigures:
    """One plan year as the board compares it with the others."""

    year: str
    ended: bool
    children: int
    paying: int
    hardship: int
    contributions: Decimal
    subsidies: Decimal
    donations: Decimal
    benefits: Decimal
    claims: int  # approved (paid or payable)
    largest: Decimal
    reserve: Decimal | None  # after the year's close; None while it is open

    @property
    def loss_ratio(self) -> Decimal | None:
        """benefits / (contributions + subsidies): what the families' money paid out."""
        income = self.contributions + self.subsidies
        if not income:
            return None
        return (self.benefits / income).quantize(Decimal("0.0001"), ROUND_HALF_UP)

    @property
    def claims_per_1000(self) -> Decimal | None:
        return money(Decimal(self.claims) * 1000 / self.children) if self.children else None

    @property
    def average(self) -> Decimal | None:
        return money(self.benefits / self.claims) if self.claims else None

    @property
    def cost_per_child(self) -> Decimal | None:
        """benefits / children covered, unrounded: the base of the suggestion."""
        return self.benefits / self.children if self.children else None


@dataclass(frozen=True)
class Suggestion:
    """A suggested contribution per child and how it was reached."""

    amount: Decimal | None  # whole yuan; None without an ended year with children
    years_used: tuple[str, ...]
    cost_per_child: Decimal | None  # of the latest ended year
    trend: Decimal | None  # yearly growth of the cost per child (0.0512 is 5.12 %)
    trended_cost: Decimal | None
    target_loss_ratio: Decimal


def suggest(years: Sequence[YearFigures], target_loss_ratio: Decimal) -> Suggestion:
    """The contribution per child that pays next year's benefits at the target loss ratio.

        cost_i   = benefits_i / children_i                    for each ended year i, in order
        trend    = (cost_last / cost_first) ^ (1 / (n - 1)) - 1   when n >= 2, else 0
        trended  = cost_last x (1 + trend)
        suggested = trended / target_loss_ratio, rounded up to the yuan

    The trend is the yearly growth of the cost per child over the ended years (geometric
    mean): medical costs rise, and a fund that charges last year's cost falls behind.
    """
    ended = [y for y in years if y.ended and y.children]
    if not ended:
        return Suggestion(None, (), None, None, None, target_loss_ratio)
    costs = [y.cost_per_child for y in ended]
    last = costs[-1]
    trend = ZERO
    if len(costs) >= 2 and costs[0] > 0 and last > 0:
        trend = ((last / costs[0]).ln() / (len(costs) - 1)).exp() - 1
    trended = last * (1 + trend)
    amount = (trended / target_loss_ratio).quantize(Decimal("1"), rounding=ROUND_CEILING)
    return Suggestion(amount, tuple(y.year for y in ended), money(last),
                      trend.quantize(Decimal("0.0001"), ROUND_HALF_UP), money(trended),
                      target_loss_ratio)


@dataclass(frozen=True)
class Cover:
    """How the reserve stands against next year's benefits, by resampling."""

    trials: int
    seed: int
    children: int
    pool: int  # child-years resampled
    income: Decimal  # next year's contributions and subsidies at the suggested contribution
    reserve: Decimal
    shortfall_chance: Decimal  # share of resampled years whose benefits exceed income + reserve
    bad_year: Decimal  # benefits of a 1-in-20 bad year (the 95th percentile)
    median_year: Decimal
    totals: tuple[int, ...] = ()  # each resampled year's benefits in fen, in order (a chart)


def cover(benefits_fen: Sequence[int], children: int, contribution: Decimal, reserve: Decimal,
          seed: int, trials: int = 2000) -> Cover:
    """Next year resampled `trials` times from the ended years' child-years.

    Each trial draws `children` child-years, with replacement, from every child-year of the
    ended years (each child's benefits in that year, 0 for most) and adds up their benefits:
    one possible next year as the past years were. The chance of a shortfall is the share of
    trials whose benefits exceed the year's income at `contribution` per child plus the
    reserve; a 1-in-20 bad year is the 95th percentile of the trials. Amounts are summed in
    whole fen (integers), so every figure is exact for its trial. Seeded: the same seed gives
    the same answer.
    """
    import numpy as np

    income = contribution * children
    pool = len(benefits_fen)
    if not pool or not children:
        return Cover(trials, seed, children, pool, money(income), reserve, ZERO, ZERO, ZERO)
    rng = np.random.default_rng(seed)
    paid = np.asarray([b for b in benefits_fen if b], dtype=np.int64)
    # Drawing `children` child-years with replacement is drawing how many of them had
    # benefits (binomial), then which (uniformly among those that had).
    hits = rng.binomial(children, len(paid) / pool, size=trials)
    totals = np.zeros(trials, dtype=np.int64)
    for i, k in enumerate(hits):
        if k:
            totals[i] = int(paid[rng.integers(0, len(paid), size=int(k))].sum())
    totals.sort()
    limit = int((income + reserve) * 100)
    over = int((totals > limit).sum())
    at = lambda q: Decimal(int(totals[min(trials - 1, (trials * q) // 100)])) / 100  # noqa: E731
    return Cover(trials, seed, children, pool, money(income), reserve,
                 (Decimal(over) / trials).quantize(Decimal("0.0001"), ROUND_HALF_UP), at(95),
                 at(50),
                 tuple(int(v) for v in totals))
