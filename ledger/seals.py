"""A keyed seal: the head of the record's chain computed with a key the board holds and the
store does not, recorded in the record itself. Someone who can write to the store but does
not hold the key can append events, but cannot make a seal that covers them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .identity import natural_id


class KeyedSeal(Aggregate):
    @staticmethod
    def create_id(position: int) -> UUID:
        return natural_id("keyed-seal", str(position))

    @event("Recorded")
    def __init__(self, position: int, link: str, operator: str, effective: date):
        self.position = position
        self.link = link
