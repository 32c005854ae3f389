"""Money: exact decimals in the fund's currency, two places, rounded half up once.

Every amount in the ledger is a `Decimal` with two places. Read models store whole fen
(integers) because SQLite has no exact decimal type; `to_fen`/`from_fen` cross that edge.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Sequence

from .errors import InputError
from .language import N_

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# The largest amount the fund accepts on one line: a hundred billion. Anything larger is a typo.
MAX_AMOUNT = Decimal("100000000000.00")
_AMOUNT = re.compile(r"^[0-9]{1,12}(\.[0-9]{1,2})?$")


def money(value: Decimal | int | str) -> Decimal:
    """Round a computed amount half up to the fen: done once, at the end of a formula."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]{1,2})?")


@lru_cache(maxsize=1 << 12)  # a roster repeats the year's few amounts on every row
def parse_amount(text: str, field: str = "amount", *, allow_zero: bool = False,
                 grouped: bool = False) -> Decimal:
    """Read an amount typed by a person or found in a file; refuse anything ambiguous.

    Accepted: plain digits with at most two decimals ("120", "120.5", "120.50"); signs,
    exponents, NaN and non-ASCII digits are refused, never guessed at. Thousands separators
    only where a file is known to write them (`grouped`: a bank's statement, `1,000.00`), and
    only grouped by three, so that `1,5` is never read as fifteen or one and a half.
    """
    raw = str(text).strip()
    if grouped and _GROUPED.fullmatch(raw):
        raw = raw.replace(",", "")
    if not _AMOUNT.fullmatch(raw) or not raw.isascii():
        raise InputError(field, N_("{text!r} is not an amount (digits with at most two "
                                   "decimals)"), text=text)
    value = Decimal(raw).quantize(CENT)
    if value > MAX_AMOUNT:
        raise InputError(field, N_("{text!r} is larger than the fund accepts"), text=text)
    if value == 0 and not allow_zero:
        raise InputError(field, N_("must be more than 0.00"))
    return value


def parse_ratio(text: str, field: str) -> Decimal:
    """A ratio from the rules file: a decimal between 0 and 1 inclusive."""
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        raise InputError(field, N_("{text!r} is not a decimal ratio"), text=text) from None
    if not value.is_finite() or value < 0 or value > 1:
        raise InputError(field, N_("ratio {text!r} must be between 0 and 1"), text=text)
    return value


@lru_cache(maxsize=1 << 12)  # a replay asks for the same contribution millions of times
def to_fen(amount: Decimal) -> int:
    """A two-place amount as whole fen, for storage in read models (equal amounts, 150 and
    150.00, share one remembered answer: they are the same number of fen)."""
    return int(money(amount) * 100)


def from_fen(fen: int) -> Decimal:
    return (Decimal(int(fen)) / 100).quantize(CENT)


def allocate(total: Decimal, claims: Sequence[Decimal]) -> list[Decimal]:
    """Share `total` among `claims` in proportion, to the fen, by largest remainder.

    Each share is the exact proportional amount rounded down to the fen; the fen left over
    go one each to the largest remainders, ties to the earliest claim (the order given).
    The shares always add up exactly to `total`, and none exceeds its claim.
    """
    whole = sum(claims, ZERO)
    if total < 0:
        raise ValueError("cannot allocate a negative amount")
    if total >= whole:
        return [money(c) for c in claims]
    total_fen = to_fen(total)
    claim_fen = [to_fen(c) for c in claims]
    whole_fen = sum(claim_fen)
    floors = [c * total_fen // whole_fen for c in claim_fen]
    remainders = [c * total_fen % whole_fen for c in claim_fen]
    left = total_fen - sum(floors)
    by_remainder = sorted(range(len(claims)), key=lambda i: (-remainders[i], i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return [from_fen(f) for f in floors]


def percent(share: Decimal, places: str = "0.01") -> Decimal:
    """A share as a percentage, rounded half up to `places` like every figure of the fund
    (609 of 2,000 resampled years is 30.45 %: 30.5 % to one place, not the half-even 30.4 %)."""
    return (share * 100).quantize(Decimal(places), ROUND_HALF_UP)
