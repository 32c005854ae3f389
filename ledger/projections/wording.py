"""What an event changed, in the fund's words, for `fund history`: an auditor reads "approved:
the fund pays 56000.00, medical assistance 16000.00", not the event's fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable


def _m(value: Any) -> str:
    return f"{Decimal(value):.2f}"


def _assessed(c: dict[str, Any]) -> str:
    a = c.get("assessment") or {}
    what = (f"package {a['package']}, base {_m(a['base'])} (the limited cost at most)"
            if a.get("package") else
            f"base {_m(a['base'])}, deductible {_m(a['deductible'])}")
    text = f"assessed ({c.get('note', '')}): {what}, ratio {a['ratio']}, computed {_m(a['computed'])}"
    if a.get("cap_applied"):
        text += f", cut to the {_m(a['cap_left'])} left of the annual cap"
    text += f"; the fund pays {_m(a['payout'])}"
    if Decimal(a.get("assistance") or 0):
        text += f", medical assistance {_m(a['assistance'])}"
    return text


def _approved(c: dict[str, Any]) -> str:
    text = f"approved: the fund pays {_m(c['payout'])}"
    if Decimal(c.get("assistance") or 0):
        text += f", medical assistance {_m(c['assistance'])}"
    owed = Decimal(c.get("recovery") or 0) + Decimal(c.get("assistance_recovery") or 0)
    if owed:
        text += f"; {_m(owed)} paid beyond it is owed back by the family"
    if c.get("to_reserve"):
        text += " (its year is closed: booked to the reserve)"
    return text


def _submitted(c: dict[str, Any]) -> str:
    text = (f"submitted: {c['claim_type']} at {c['hospital']} (level {c['level']}), bill "
            f"{c['bill']}, {c['admitted']} to {c['discharged']}; billed {_m(c['total'])}, in "
            f"scope {_m(c['in_scope'])}, paid by others {_m(c['other_paid'])}")
    if c.get("diagnosis"):
        text += f", diagnosis {c['diagnosis']}"
    if c.get("replaces"):
        text += f"; replaces the rejected claim {c['replaces']}"
    return text


def _enrolled(c: dict[str, Any]) -> str:
    paid = (f"free ({c['hardship']}), subsidy {_m(c['subsidy'])} owed by the payer"
            if c.get("hardship") else f"paid {_m(c['paid'])}")
    return (f"enrolled in {c['year']} by receipt {c['receipt']}: {paid}; covered from "
            f"{c['covered_from']}")


def _run(c: dict[str, Any]) -> str:
    paid = sum((Decimal(p[3]) for p in c.get("payments") or []), Decimal(0))
    text = (f"payout run {c['run']}: paid {_m(paid)} on {len(c.get('payments') or [])} "
            f"claim(s), of {_m(c['payable'])} payable, from {_m(c['cash_available'])} cash")
    if c.get("assistance_payments"):
        passed = sum((Decimal(p[3]) for p in c["assistance_payments"]), Decimal(0))
        text += f"; medical assistance {_m(passed)} passed on"
    return text


def _registered(c: dict[str, Any]) -> str:
    text = f"registered: {c['name']}, born {c['born']}"
    if c.get("guardian"):
        text += f", guardian {c['guardian']}"
    if c.get("hardship"):
        text += f", hardship {c['hardship']} (evidence {c['evidence']})"
    return text


_AGAINST = {"rejection": "rejection", "amount": "amount approved"}


WORDS: dict[str, Callable[[dict[str, Any]], str]] = {
    "Member.Registered": _registered,
    "Hospital.Registered": lambda c: f"registered: {c['name']}, level {c['level']}",
    "Hospital.LevelChanged": lambda c: f"level {c['level']} for admissions from this date on",
    "Hospital.Delisted": lambda c: ("delisted: no admission from this date on is covered "
                                    f"({c['reason']})"),
    "Member.Amended": lambda c: ("amended (" + c["reason"] + "): " + ", ".join(
        f"{k} {c[k]}" for k in ("name", "guardian", "born") if c.get(k) is not None)),
    "Member.HardshipStarted": lambda c: (f"hardship {c['category']} from this date on "
                                         f"(evidence {c['evidence']})"),
    "Member.HardshipEnded": lambda c: ("hardship status ended from this date on"
                                       + (f" ({c['reason']})" if c.get("reason") else "")),
    "PlanYear.Opened": lambda c: (f"opened: {c['rules']['starts']} to {c['rules']['ends']}, "
                                  f"contribution {c['rules']['contribution']['amount']}"
                                  if isinstance(c.get("rules"), dict)
                                  and "contribution" in c["rules"] else "opened"),
    "PlanYear.Amended": lambda c: "rules amended before the enrollment window",
    "PlanYear.Closed": lambda c: "closed: the year's income and expense moved to the reserve",
    "Calendar.YearAdded": lambda c: f"{c['year']} on the calendar: {c['starts']} to {c['ends']}",
    "Receipt.Issued": lambda c: (f"receipt {c['receipt']} for {c['member']} in {c['year']}: "
                                 f"{_m(c['amount'])}"),
    "Enrollment.Enrolled": _enrolled,
    "Enrollment.Reenrolled": _enrolled,
    "Enrollment.Reversed": lambda c: (f"contribution {c['receipt']} reversed ({c['reason']}): "
                                      f"{_m(c['paid'])} refunded, no longer covered"),
    "Enrollment.BenefitApproved": lambda c: (f"claim {c['claim']}'s {_m(c['payout'])} counted "
                                             "against the annual cap"),
    "Enrollment.BenefitReleased": lambda c: f"claim {c['claim']}'s benefit released from the cap",
    "Enrollment.ClaimPaid": lambda c: (f"claim {c['claim']} paid: the contribution can no "
                                       "longer be reversed"),
    "Claim.Submitted": _submitted,
    "Claim.Assessed": _assessed,
    "Claim.Rejected": lambda c: f"rejected: {c['reason']} ({c['note']})",
    "Claim.Approved": _approved,
    "Claim.ApprovalReversed": lambda c: (f"approval reversed ({c['reason']}): "
                                         f"{_m(c['payout'])} no longer approved"),
    "Claim.AmountsCorrected": lambda c: (f"amounts corrected: billed {_m(c['total'])}, in scope "
                                         f"{_m(c['in_scope'])}, paid by others "
                                         f"{_m(c['other_paid'])}"),
    "Claim.Paid": lambda c: (f"paid {_m(c['amount'])} by run {c['run']}"
                             + (f", medical assistance {_m(c['assistance'])}"
                                if Decimal(c.get("assistance") or 0) else "")),
    "Claim.LevelChanged": lambda c: (f"{c['hospital']} was level {c['level']} on the admission "
                                     "date (a change entered since): assessed again with it"),
    "Claim.Appealed": lambda c: (f"appealed against the {_AGAINST[c['against']]}"
                                 f": {c['reason']}"),
    "Claim.AppealDecided": lambda c: (f"appeal {c['outcome']}: {c['note']}"
                                      + ("; assessed again" if c["outcome"] == "overturned"
                                         else "; the decision stands")),
    "Claim.RecoveryRepaid": lambda c: f"the family paid back {_m(c['amount'])} ({c['reference']})",
    "Bill.Claimed": lambda c: f"bill {c['bill']} of {c['hospital']} held by claim {c['claim']}",
    "Bill.Reclaimed": lambda c: f"bill {c['bill']} now held by claim {c['claim']}",
    "Donation.Received": lambda c: f"donation of {_m(c['amount'])} from {c['donor']}",
    "SubsidyRemittance.Received": lambda c: f"subsidy remittance of {_m(c['amount'])}",
    "AssistanceRemittance.Received": lambda c: (f"medical-assistance remittance of "
                                                f"{_m(c['amount'])}"),
    "PayoutDesk.RunStarted": lambda c: f"payout run {c['run']} started",
    "PayoutDesk.RefundCleared": lambda c: (f"refund of {c['refund_of']} ({_m(c['amount'])}) "
                                           "checked against the cash"),
    "PayoutRun.Made": _run,
    "CashAssertion.Recorded": lambda c: (f"bank statement {c['reference']}: the fund held "
                                         f"{_m(c['amount'])} at the end of the day"),
    "Deposit.Made": lambda c: (f"deposit {c['reference']}: {len(c.get('receipts') or [])} "
                               f"receipts of {c['year']} paid in together, {_m(c['total'])}"),
    "Reconciliation.Matched": lambda c: (
        f"bank statement {c['statement']} reconciled: "
        f"{sum(1 for line in c.get('lines') or [] if line[4])} of "
        f"{len(c.get('lines') or [])} lines matched"),
    "KeyedSeal.Recorded": lambda c: f"keyed seal of the record up to position {c['position']}",
}


def summary(event: str, changes: dict[str, Any]) -> str:
    """One line of what `event` changed; any event without words of its own, field by field."""
    words = WORDS.get(event)
    if words is not None:
        try:
            return words(changes)
        except (KeyError, TypeError, ArithmeticError):
            pass  # an older or unusual event: shown field by field
    return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in changes.items()
                     if v not in (None, "", [], {})) or "recorded"
