"""Deterministic aggregate IDs from the fund's natural keys.

A receipt number, member number or hospital code maps to exactly one aggregate ID, so the
event store itself refuses a second aggregate for the same key (fund-wide uniqueness without
a lookup table that could drift from the log).
"""

from functools import lru_cache
from uuid import UUID, uuid5

FUND_NAMESPACE = UUID("7c1f4b52-0d1e-5a8e-9a51-3f2d0c6b9e11")


@lru_cache(maxsize=1 << 16)  # a roster batch asks for each of its ids several times
def natural_id(kind: str, *key: str) -> UUID:
    return uuid5(FUND_NAMESPACE, kind + ":" + "\x1f".join(key))
