"""The bank's view: balance assertions, the reference the bank prints for each cash movement,
the receipts paid in together as one deposit, and which movements a statement's lines
matched."""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

from ..bank import CashAssertion, Deposit, Reconciliation
from ..claim import Claim
from ..enrollment import Enrollment
from ..income import AssistanceRemittance, Donation, SubsidyRemittance
from ..money import ZERO, to_fen
from ..payout import PayoutRun
from .tables import assertions, deposited, matched, movements
from .writer import Writer, by_event_type

_MOVEMENT = ("position", "reference", "folded")


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
                for line, _, _, reference, positions in e.lines for found in positions]
        if rows:
            conn.insert(matched, rows)

    @apply.register
    def _(self, e: Deposit.Made, conn: Writer, position: int) -> None:
        conn.insert_tuples(deposited, ("receipt", "deposit", "folded"),
                           [(receipt, e.reference, e.reference.casefold())
                            for receipt in e.receipts])

    @apply.register(Enrollment.Enrolled)
    @apply.register(Enrollment.Reenrolled)
    @apply.register(Enrollment.Reversed)
    def _(self, e: Any, conn: Writer, position: int) -> None:
        if e.paid != ZERO:  # a hardship enrollment moves no cash
            conn.insert_tuples(movements, _MOVEMENT, [(position, e.receipt, e.receipt.casefold())])

    @apply.register(Donation.Received)
    @apply.register(SubsidyRemittance.Received)
    @apply.register(AssistanceRemittance.Received)
    @apply.register(Claim.RecoveryRepaid)
    def _(self, e: Any, conn: Writer, position: int) -> None:
        conn.insert_tuples(movements, _MOVEMENT,
                           [(position, e.reference, e.reference.casefold())])

    @apply.register
    def _(self, e: PayoutRun.Made, conn: Writer, position: int) -> None:
        conn.insert_tuples(movements, _MOVEMENT, [(position, e.run, e.run.casefold())])

    apply = by_event_type(apply)
    handles = staticmethod(apply.handles)
