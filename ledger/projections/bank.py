"""The bank's view: balance assertions, and which cash movements a statement's lines matched."""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

from ..bank import CashAssertion, Reconciliation
from ..money import to_fen
from .tables import assertions, matched
from .writer import Writer, by_event_type


class BankProjection:
    name = "bank"

    @singledispatchmethod
    def apply(self, event: Any, conn: Writer, position: int) -> None:
        pass

    @apply.register
    def _(self, e: CashAssertion.Recorded, conn: Writer, position: int) -> None:
        conn.insert(assertions, {"reference": e.reference, "day": e.effective,
                                 "fen": to_fen(e.amount), "position": position})

    @apply.register
    def _(self, e: Reconciliation.Matched, conn: Writer, position: int) -> None:
        rows = [{"position": found, "fingerprint": e.fingerprint, "line": line,
                 "bank_reference": reference}
                for line, _, _, reference, found in e.lines if found is not None]
        if rows:
            conn.insert(matched, rows)

    apply = by_event_type(apply)
    handles = staticmethod(apply.handles)
