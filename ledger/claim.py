"""A claim: one admission, or one month of outpatient treatment for a major disease.

submitted -> assessed -> approved -> paid, or rejected with a reason code. An approved claim
found wrong is corrected by reversing its approval and assessing it again, never edited. A
family may appeal a decision (a rejection, or the amount approved) within the year's
`appeal_days`; an appeal overturned reopens the claim for assessment. The hospital bill is its
own aggregate, so two claims can never hold the same bill.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .assessment import Assessment
from .errors import RuleViolation
from .identity import natural_id
from .language import N_, Word
from .money import ZERO

PAYING = ("approved", "paid")  # the statuses under which a claim's payout is owed, or settled


def paid_in_full(paid: Any, payout: Any) -> Any:
    """Whether an approved claim is settled, and so "paid" rather than "approved":

        paid in full  =  payout > 0  and  paid >= payout

    (a claim approved at nothing is approved, not paid; a correction that lowers the payout
    below what was paid leaves it paid). The one statement of the rule, for the claim's own
    record (Decimals) and for the claims register's SQL (column expressions): written with
    `&`, which is `and` for both, so the two cannot drift."""
    return (payout > 0) & (paid >= payout)


class Claim(Aggregate):
    class Approved(Aggregate.Event):
        """Version 2 adds `to_reserve` (a closed year's claims are booked to the reserve);
        version 3 adds `assistance_recovery` (medical assistance passed on before a correction
        and now owed back by the family)."""

        class_version = 3
        claim: str
        member: str
        year: str
        payout: Decimal
        assistance: Decimal
        recovery: Decimal
        operator: str
        effective: date
        to_reserve: bool
        assistance_recovery: Decimal

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["to_reserve"] = False

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            state["assistance_recovery"] = Decimal("0.00")

    class ApprovalReversed(Aggregate.Event):
        """Version 2 adds `to_reserve`, as `Approved` does."""

        class_version = 2
        claim: str
        member: str
        year: str
        payout: Decimal
        assistance: Decimal
        reason: str
        operator: str
        effective: date
        to_reserve: bool

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["to_reserve"] = False

    @staticmethod
    def create_id(claim: str) -> UUID:
        return natural_id("claim", claim)

    @event("Submitted")
    def __init__(
        self,
        claim: str,
        member: str,
        year: str,
        hospital: str,
        level: int,
        bill: str,
        claim_type: str,
        admitted: date,
        discharged: date,
        total: Decimal,
        in_scope: Decimal,
        other_paid: Decimal,
        diagnosis: str | None,
        replaces: str | None,
        operator: str,
        effective: date,
    ):
        self.claim = claim
        self.member = member
        self.year = year
        self.hospital = hospital
        self.level = level
        self.bill = bill
        self.claim_type = claim_type
        self.admitted = admitted
        self.discharged = discharged
        self.total = total
        self.in_scope = in_scope
        self.other_paid = other_paid
        self.diagnosis = diagnosis
        self.replaces = replaces
        self.replaced_by: str | None = None  # the one claim resubmitted in its place
        self.submitted_on = effective
        self.submitted_by = operator
        self.decided_by: str | None = None  # who made the latest rejection or approval
        self.status = "submitted"
        self.assessment: dict[str, Any] | None = None
        self.reason: str | None = None
        self.reason_note: str | None = None
        self.payout = ZERO
        self.assistance = ZERO
        self.paid = ZERO
        self.assistance_paid = ZERO
        self.recovery_owed = ZERO  # paid or passed on beyond a corrected claim, not yet repaid
        self.repayments: dict[str, tuple[Decimal, date]] = {}  # by reference
        self.decided_on: date | None = None  # the latest rejection or approval
        self.appeal: str | None = None  # open | upheld | overturned
        self.appealed_decision: date | None = None

    def four_eyes(self, operator: str, deciding_appeal: bool = False) -> None:
        """No one approves or corrects a claim they submitted, whatever their role is now; an
        appeal is decided by someone other than whoever made the decision it contests."""
        if deciding_appeal:
            if operator == self.decided_by:
                raise RuleViolation(N_("four eyes"),
                                    N_("{operator} made the decision on claim {claim} that "
                                       "the family contests; another assessor decides the "
                                       "appeal"), operator=operator, claim=self.claim)
        elif operator == self.submitted_by:
            raise RuleViolation(N_("four eyes"),
                                N_("{operator} submitted claim {claim}; another assessor "
                                   "approves or corrects it"), operator=operator,
                                claim=self.claim)

    def _not_before_submission(self, effective: date) -> None:
        if effective < self.submitted_on:
            raise RuleViolation(N_("claim date"), N_("{effective} is before claim {claim} was "
                                                     "submitted on {submitted}"),
                                effective=effective, claim=self.claim, submitted=self.submitted_on)

    def same_submission(self, **fields: Any) -> bool:
        return all(getattr(self, k) == v for k, v in fields.items())

    @property
    def assessed(self) -> Assessment | None:
        return Assessment.from_dict(self.assessment) if self.assessment else None

    @property
    def payable(self) -> Decimal:
        return max(ZERO, self.payout - self.paid) if self.status in PAYING else ZERO

    @property
    def assistance_owed(self) -> Decimal:
        if self.status not in PAYING:
            return ZERO
        return max(ZERO, self.assistance - self.assistance_paid)

    def assess(self, assessment: Assessment, note: str, operator: str, effective: date) -> None:
        if self.status not in ("submitted", "assessed"):
            raise RuleViolation(N_("claim state"),
                                N_("claim {claim} is {status}, not open to assessment"),
                                claim=self.claim, status=Word(self.status))
        self._assessed(self.claim, self.member, self.year, assessment.to_dict(), note,
                       operator, effective)

    @event("Assessed")
    def _assessed(self, claim: str, member: str, year: str, assessment: dict[str, Any],
                  note: str, operator: str, effective: date) -> None:
        self.assessment = assessment
        self.status = "assessed"

    def approve(self, operator: str, effective: date, to_reserve: bool = False) -> None:
        """`to_reserve`: the plan year is closed, so the benefit is booked to the reserve."""
        if self.status != "assessed":
            raise RuleViolation(N_("claim state"), N_("claim {claim} is {status}; only an "
                                                      "assessed claim can be approved"),
                                claim=self.claim, status=Word(self.status))
        self._not_before_submission(effective)
        a = self.assessed
        # Paid (or medical assistance passed on) before a correction and now owed back by the
        # family: a recovery receivable.
        recovery = max(ZERO, self.paid - a.payout)
        assistance_recovery = max(ZERO, self.assistance_paid - a.assistance)
        self._approved(self.claim, self.member, self.year, a.payout, a.assistance, recovery,
                       operator, effective, to_reserve, assistance_recovery)
        # Owed back from an earlier correction, and now owed more by the fund (a later
        # correction or an appeal raised the payout): the one is set off against the other,
        #     set off  =  min(still owed back, payout - paid)
        # so the family is never paid what it still owes back.
        set_off = min(self.recovery_owed, max(ZERO, self.payout - self.paid))
        if set_off > ZERO:
            self._recovery_set_off(self.claim, self.member, self.year, set_off, operator,
                                   effective)

    @event(Approved)
    def _approved(self, claim: str, member: str, year: str, payout: Decimal,
                  assistance: Decimal, recovery: Decimal, operator: str, effective: date,
                  to_reserve: bool, assistance_recovery: Decimal) -> None:
        self.payout = payout
        self.assistance = assistance
        self.paid -= recovery
        self.assistance_paid -= assistance_recovery
        self.recovery_owed += recovery + assistance_recovery
        self.status = "paid" if paid_in_full(self.paid, payout) else "approved"
        self.approved_on = effective
        self.decided_on = effective
        self.decided_by = operator

    def reject(self, reason: str, note: str, operator: str, effective: date) -> None:
        if self.status not in ("submitted", "assessed"):
            raise RuleViolation(N_("claim state"), N_("claim {claim} is {status}; an approved "
                                                      "claim is corrected, not rejected"),
                                claim=self.claim, status=Word(self.status))
        self._not_before_submission(effective)
        self._rejected(self.claim, self.member, self.year, self.hospital, self.bill, reason, note,
                       operator, effective)

    @event("Rejected")
    def _rejected(self, claim: str, member: str, year: str, hospital: str, bill: str,
                  reason: str, note: str, operator: str, effective: date) -> None:
        self.status = "rejected"
        self.reason = reason
        self.reason_note = note
        self.decided_on = effective
        self.decided_by = operator

    def reverse_approval(self, reason: str, operator: str, effective: date,
                         to_reserve: bool = False) -> None:
        if self.status not in PAYING:
            raise RuleViolation(N_("claim state"), N_("claim {claim} is {status}; only an "
                                                      "approved claim can be corrected"),
                                claim=self.claim, status=Word(self.status))
        self._reversed(self.claim, self.member, self.year, self.payout, self.assistance,
                       reason, operator, effective, to_reserve)

    @event(ApprovalReversed)
    def _reversed(self, claim: str, member: str, year: str, payout: Decimal,
                  assistance: Decimal, reason: str, operator: str, effective: date,
                  to_reserve: bool) -> None:
        self.payout = ZERO
        self.assistance = ZERO
        self.status = "submitted"

    def collect_recovery(self, reference: str, amount: Decimal, operator: str,
                         effective: date) -> None:
        """The family pays back (part of) what it owes after a correction."""
        if amount > self.recovery_owed:
            raise RuleViolation(N_("recovery"), N_("the family of {member} owes {owed} back on "
                                                   "claim {claim}, not {amount}"),
                                member=self.member, owed=self.recovery_owed, claim=self.claim,
                                amount=amount)
        self._not_before_submission(effective)
        self._repaid(self.claim, self.member, self.year, reference, amount, operator, effective)

    def replace_with(self, claim: str, operator: str, effective: date) -> None:
        """A rejected claim is resubmitted under a new number once: a second resubmission
        of the same stay would have it paid twice."""
        if self.status != "rejected":
            raise RuleViolation(N_("resubmission"), N_("claim {claim} is not a rejected claim "
                                                       "of {member}; only those can be replaced"),
                                claim=self.claim, member=self.member)
        replaced_by = getattr(self, "replaced_by", None)
        if replaced_by is not None:
            raise RuleViolation(N_("resubmission"), N_("claim {claim} was replaced by {by} "
                                                       "already; a claim is replaced once"),
                                claim=self.claim, by=replaced_by)
        self._replaced(self.claim, claim, operator, effective)

    @event("Replaced")
    def _replaced(self, claim: str, by: str, operator: str, effective: date) -> None:
        self.replaced_by = by

    @event("RecoverySetOff")
    def _recovery_set_off(self, claim: str, member: str, year: str, amount: Decimal,
                          operator: str, effective: date) -> None:
        """What the family still owed back, counted as paid on the payout owed now."""
        self.recovery_owed -= amount
        self.paid += amount
        if paid_in_full(self.paid, self.payout):
            self.status = "paid"

    @event("RecoveryRepaid")
    def _repaid(self, claim: str, member: str, year: str, reference: str, amount: Decimal,
                operator: str, effective: date) -> None:
        self.recovery_owed -= amount
        self.repayments[reference] = (amount, effective)

    @event("AmountsCorrected")
    def correct_amounts(self, claim: str, total: Decimal, in_scope: Decimal,
                        other_paid: Decimal, operator: str, effective: date) -> None:
        self.total = total
        self.in_scope = in_scope
        self.other_paid = other_paid

    @event("LevelChanged")
    def change_level(self, claim: str, member: str, year: str, hospital: str, level: int,
                     operator: str, effective: date) -> None:
        """The hospital's level on the admission date, changed since the claim was submitted
        (a change entered late): the claim is assessed again with it."""
        self.level = level

    def file_appeal(self, reason: str, appeal_days: int, operator: str, effective: date) -> None:
        """A family contests the decision: a rejection, or the amount approved."""
        if self.decided_on is None or self.status in ("submitted", "assessed"):
            raise RuleViolation(N_("appeal"), N_("claim {claim} is {status}: there is no "
                                                 "decision to appeal yet"),
                                claim=self.claim, status=Word(self.status))
        if self.appeal == "open":
            raise RuleViolation(N_("appeal"), N_("claim {claim} is under appeal already"),
                                claim=self.claim)
        if self.appealed_decision == self.decided_on:
            raise RuleViolation(N_("appeal"), N_("the decision of {decided} on claim {claim} was "
                                                 "appealed already ({outcome})"),
                                decided=self.decided_on, claim=self.claim,
                                outcome=Word(self.appeal))
        self._not_before(self.decided_on, effective, N_("{effective} is before the decision on "
                                                        "claim {claim} ({day})"))
        last = self.decided_on + timedelta(days=appeal_days)
        if effective > last:
            raise RuleViolation(N_("appeal deadline"),
                                N_("claim {claim} was decided on {decided}; an appeal is taken "
                                   "within {days} days, by {last}, not on {effective}"),
                                claim=self.claim, decided=self.decided_on, days=appeal_days,
                                last=last, effective=effective)
        against = "rejection" if self.status == "rejected" else "amount"
        self._appealed(self.claim, self.member, self.year, against, reason, operator, effective)

    @event("Appealed")
    def _appealed(self, claim: str, member: str, year: str, against: str, reason: str,
                  operator: str, effective: date) -> None:
        self.appeal = "open"
        self.appealed_decision = self.decided_on
        self.appealed_on = effective

    def decide_appeal(self, overturn: bool, note: str, operator: str, effective: date) -> None:
        """Upheld, the decision stands. Overturned, a rejected claim is open to assessment
        again (an approved one is corrected by the use case, as any correction)."""
        if self.appeal != "open":
            raise RuleViolation(N_("appeal"), N_("claim {claim} has no appeal waiting for a "
                                                 "decision"), claim=self.claim)
        self._not_before(self.appealed_on, effective, N_("{effective} is before the appeal on "
                                                         "claim {claim} ({day})"))
        against = "rejection" if self.status == "rejected" else "amount"
        self._appeal_decided(self.claim, self.member, self.year, against,
                             "overturned" if overturn else "upheld", note, operator, effective)

    @event("AppealDecided")
    def _appeal_decided(self, claim: str, member: str, year: str, against: str, outcome: str,
                        note: str, operator: str, effective: date) -> None:
        self.appeal = outcome
        if outcome == "overturned" and against == "rejection":
            self.status = "submitted"
            self.reason = self.reason_note = None

    def _not_before(self, day: date, effective: date, message: str) -> None:
        """`message`: what is refused (N_), with {effective}, {claim} and {day}."""
        if effective < day:
            raise RuleViolation(N_("claim date"), message, effective=effective, claim=self.claim,
                                day=day)

    @event("Paid")
    def record_payment(self, claim: str, member: str, run: str, amount: Decimal,
                       assistance: Decimal, operator: str, effective: date) -> None:
        """State only: the payout run's own event posts the money."""
        self.paid += amount
        self.assistance_paid += assistance
        if paid_in_full(self.paid, self.payout):
            self.status = "paid"


class Bill(Aggregate):
    """A hospital bill number, held by one claim at a time."""

    @staticmethod
    def create_id(hospital: str, bill: str) -> UUID:
        return natural_id("bill", hospital, bill)

    @event("Claimed")
    def __init__(self, hospital: str, bill: str, claim: str, operator: str, effective: date):
        self.hospital = hospital
        self.bill = bill
        self.claim = claim

    @event("Reclaimed")
    def reclaim(self, bill: str, claim: str, replaces: str, operator: str, effective: date) -> None:
        self.claim = claim
