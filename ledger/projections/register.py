"""The claims register: every claim's latest state, and each child's benefits for the cap.

Each change is one UPDATE built once with bind parameters, so the writer sends a run of the
same change (a payout run's payments, a day's approvals) as one `executemany`.
"""

from __future__ import annotations

import json
from functools import singledispatchmethod
from typing import Any

from sqlalchemy import BigInteger, bindparam, case, update

from ..claim import Claim, paid_in_full
from ..money import to_fen
from .writer import Writer, by_event_type
from .tables import claim_payments, claims, member_years

_PAYMENT = ("position", "claim", "paid_on", "amount_fen", "assistance_fen")

_CLAIM = claims.c.claim == bindparam("k_claim")
_ASSESSED = update(claims).where(_CLAIM).values(
    status="assessed", assessment=bindparam("v_assessment"), package=bindparam("v_package"))
_payout = bindparam("v_payout", type_=BigInteger)
_left_paid = claims.c.paid_fen - bindparam("v_recovery", type_=BigInteger)
_APPROVED = update(claims).where(_CLAIM).values(
    # Paid in full already (a correction that lowered the payout): paid, not approved.
    status=case((paid_in_full(_left_paid, _payout), "paid"), else_="approved"),
    payout_fen=_payout, assistance_fen=bindparam("v_assistance"),
    paid_fen=_left_paid,
    assistance_paid_fen=claims.c.assistance_paid_fen - bindparam("v_assistance_recovery"),
    recovery_fen=claims.c.recovery_fen + bindparam("v_recovered"),
    approved_on=bindparam("v_on"), approved_position=bindparam("v_position"))
_REJECTED = update(claims).where(_CLAIM).values(status="rejected", reason=bindparam("v_reason"),
                                                reason_note=bindparam("v_note"))
_REVERSED = update(claims).where(_CLAIM).values(
    status="submitted", payout_fen=0, assistance_fen=0, approved_on=None, approved_position=None)
_CORRECTED = update(claims).where(_CLAIM).values(
    total_fen=bindparam("v_total"), in_scope_fen=bindparam("v_in_scope"),
    other_paid_fen=bindparam("v_other_paid"))
_LEVEL = update(claims).where(_CLAIM).values(level=bindparam("v_level"))
_APPEAL = update(claims).where(_CLAIM).values(appeal=bindparam("v_appeal"))
_REOPENED = update(claims).where(_CLAIM).values(appeal="overturned", status="submitted",
                                                reason=None, reason_note=None)
_now_paid = claims.c.paid_fen + bindparam("v_amount", type_=BigInteger)
_PAID = update(claims).where(_CLAIM).values(
    paid_fen=_now_paid,
    received_fen=claims.c.received_fen + bindparam("v_amount", type_=BigInteger),
    assistance_paid_fen=claims.c.assistance_paid_fen + bindparam("v_assistance"),
    status=case((paid_in_full(_now_paid, claims.c.payout_fen), "paid"), else_=claims.c.status))
# Owed back and set off against a payout owed now: counted as paid, no longer owed back.
_set_off_paid = claims.c.paid_fen + bindparam("v_amount", type_=BigInteger)
_SET_OFF = update(claims).where(_CLAIM).values(
    paid_fen=_set_off_paid,
    recovery_fen=claims.c.recovery_fen - bindparam("v_amount", type_=BigInteger),
    status=case((paid_in_full(_set_off_paid, claims.c.payout_fen), "paid"),
                else_=claims.c.status))
# `recovery` is what the family still owes back: repayments bring it down.
_REPAID = update(claims).where(_CLAIM).values(
    recovery_fen=claims.c.recovery_fen - bindparam("v_amount", type_=BigInteger))
_BENEFITS = update(member_years).where(
    member_years.c.member == bindparam("k_member"), member_years.c.year == bindparam("k_year"),
).values(benefits_fen=member_years.c.benefits_fen + bindparam("v_fen"))


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
            submitted_position=position,
            replaces=e.replaces, status="submitted", reason=None, reason_note=None, appeal=None,
            total_fen=to_fen(e.total),
            in_scope_fen=to_fen(e.in_scope), other_paid_fen=to_fen(e.other_paid),
            assessment=None, payout_fen=0, assistance_fen=0, paid_fen=0, assistance_paid_fen=0,
            recovery_fen=0, received_fen=0, approved_on=None, approved_position=None,
        ))

    @apply.register
    def _(self, e: Claim.Assessed, conn: Writer, position: int) -> None:
        conn.update(_ASSESSED, {"k_claim": e.claim,
                                "v_assessment": json.dumps(e.assessment, sort_keys=True),
                                "v_package": e.assessment.get("package")})

    @apply.register
    def _(self, e: Claim.Approved, conn: Writer, position: int) -> None:
        conn.update(_APPROVED, {
            "k_claim": e.claim, "v_payout": to_fen(e.payout),
            "v_assistance": to_fen(e.assistance), "v_recovery": to_fen(e.recovery),
            "v_assistance_recovery": to_fen(e.assistance_recovery),
            "v_recovered": to_fen(e.recovery + e.assistance_recovery),
            "v_on": e.effective, "v_position": position})
        self._benefits(conn, e, to_fen(e.payout))

    @apply.register
    def _(self, e: Claim.Rejected, conn: Writer, position: int) -> None:
        conn.update(_REJECTED, {"k_claim": e.claim, "v_reason": e.reason, "v_note": e.note})

    @apply.register
    def _(self, e: Claim.ApprovalReversed, conn: Writer, position: int) -> None:
        conn.update(_REVERSED, {"k_claim": e.claim})
        self._benefits(conn, e, -to_fen(e.payout))

    @apply.register
    def _(self, e: Claim.AmountsCorrected, conn: Writer, position: int) -> None:
        conn.update(_CORRECTED, {"k_claim": e.claim, "v_total": to_fen(e.total),
                                 "v_in_scope": to_fen(e.in_scope),
                                 "v_other_paid": to_fen(e.other_paid)})

    @apply.register
    def _(self, e: Claim.Paid, conn: Writer, position: int) -> None:
        conn.update(_PAID, {"k_claim": e.claim, "v_amount": to_fen(e.amount),
                            "v_assistance": to_fen(e.assistance)})
        conn.insert_tuples(claim_payments, _PAYMENT, [(
            position, e.claim, e.effective, to_fen(e.amount), to_fen(e.assistance))])

    @apply.register
    def _(self, e: Claim.RecoverySetOff, conn: Writer, position: int) -> None:
        conn.update(_SET_OFF, {"k_claim": e.claim, "v_amount": to_fen(e.amount)})

    @apply.register
    def _(self, e: Claim.RecoveryRepaid, conn: Writer, position: int) -> None:
        conn.update(_REPAID, {"k_claim": e.claim, "v_amount": to_fen(e.amount)})

    @apply.register
    def _(self, e: Claim.LevelChanged, conn: Writer, position: int) -> None:
        conn.update(_LEVEL, {"k_claim": e.claim, "v_level": e.level})

    @apply.register
    def _(self, e: Claim.Appealed, conn: Writer, position: int) -> None:
        conn.update(_APPEAL, {"k_claim": e.claim, "v_appeal": "open"})

    @apply.register
    def _(self, e: Claim.AppealDecided, conn: Writer, position: int) -> None:
        if e.outcome == "overturned" and e.against == "rejection":
            conn.update(_REOPENED, {"k_claim": e.claim})
        else:
            conn.update(_APPEAL, {"k_claim": e.claim, "v_appeal": e.outcome})

    apply = by_event_type(apply)
    handles = staticmethod(apply.handles)

    @staticmethod
    def _benefits(conn: Writer, e: Any, fen: int) -> None:
        conn.update(_BENEFITS, {"k_member": e.member, "k_year": e.year, "v_fen": fen})
