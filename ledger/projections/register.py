"""The claims register: every claim's latest state, and each child's benefits for the cap."""

from __future__ import annotations

import json
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import update

from ..claim import Claim
from ..money import to_fen
from .writer import Writer, by_event_type
from .tables import claims, member_years


class ClaimsRegisterProjection:
    name = "claims"

    @singledispatchmethod
    def apply(self, event: Any, conn: Writer, position: int) -> None:
        pass

    @apply.register
    def _(self, e: Claim.Submitted, conn: Writer, position: int) -> None:
        conn.insert(claims, dict(
            claim=e.claim, member=e.member, year=e.year, hospital=e.hospital, level=e.level,
            bill=e.bill, claim_type=e.claim_type, diagnosis=e.diagnosis, package=None,
            admitted=e.admitted, discharged=e.discharged, submitted_on=e.effective,
            replaces=e.replaces, status="submitted", reason=None, total_fen=to_fen(e.total),
            in_scope_fen=to_fen(e.in_scope), other_paid_fen=to_fen(e.other_paid),
            assessment=None, payout_fen=0, assistance_fen=0, paid_fen=0, assistance_paid_fen=0,
            recovery_fen=0, approved_on=None, approved_position=None,
        ))

    @apply.register
    def _(self, e: Claim.Assessed, conn: Writer, position: int) -> None:
        conn.execute(self._row(e.claim).values(
            status="assessed", assessment=json.dumps(e.assessment, sort_keys=True),
            package=e.assessment.get("package"),
        ))

    @apply.register
    def _(self, e: Claim.Approved, conn: Writer, position: int) -> None:
        conn.execute(self._row(e.claim).values(
            status="approved", payout_fen=to_fen(e.payout), assistance_fen=to_fen(e.assistance),
            paid_fen=claims.c.paid_fen - to_fen(e.recovery),
            assistance_paid_fen=claims.c.assistance_paid_fen - to_fen(e.assistance_recovery),
            recovery_fen=claims.c.recovery_fen + to_fen(e.recovery + e.assistance_recovery),
            approved_on=e.effective, approved_position=position,
        ))
        conn.execute(
            claims.update().where(claims.c.claim == e.claim, claims.c.payout_fen > 0,
                                  claims.c.paid_fen >= claims.c.payout_fen).values(status="paid")
        )
        self._benefits(conn, e, to_fen(e.payout))

    @apply.register
    def _(self, e: Claim.Rejected, conn: Writer, position: int) -> None:
        conn.execute(self._row(e.claim).values(status="rejected", reason=e.reason))

    @apply.register
    def _(self, e: Claim.ApprovalReversed, conn: Writer, position: int) -> None:
        conn.execute(self._row(e.claim).values(
            status="submitted", payout_fen=0, assistance_fen=0, approved_on=None,
            approved_position=None,
        ))
        self._benefits(conn, e, -to_fen(e.payout))

    @apply.register
    def _(self, e: Claim.AmountsCorrected, conn: Writer, position: int) -> None:
        conn.execute(self._row(e.claim).values(
            total_fen=to_fen(e.total), in_scope_fen=to_fen(e.in_scope),
            other_paid_fen=to_fen(e.other_paid),
        ))

    @apply.register
    def _(self, e: Claim.Paid, conn: Writer, position: int) -> None:
        conn.execute(self._row(e.claim).values(
            paid_fen=claims.c.paid_fen + to_fen(e.amount),
            assistance_paid_fen=claims.c.assistance_paid_fen + to_fen(e.assistance),
        ))
        conn.execute(
            claims.update().where(claims.c.claim == e.claim,
                                  claims.c.paid_fen >= claims.c.payout_fen).values(status="paid")
        )

    apply = by_event_type(apply)

    @staticmethod
    def _row(claim: str):
        return update(claims).where(claims.c.claim == claim)

    @staticmethod
    def _benefits(conn: Writer, e: Any, fen: int) -> None:
        conn.execute(
            update(member_years)
            .where(member_years.c.member == e.member, member_years.c.year == e.year)
            .values(benefits_fen=member_years.c.benefits_fen + fen)
        )
