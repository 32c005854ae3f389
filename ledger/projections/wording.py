"""What an event changed, in the fund's words, for `fund history`: an auditor reads "approved:
the fund pays 56000.00, medical assistance 16000.00", not the event's fields. Each sentence is
a msgid of the catalogue, told in the reader's language by the translator given (English for
JSON and the journal)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, Callable

from ..language import ENGLISH, N_, Level, Translator, Word


def _m(value: Any) -> Decimal:
    return Decimal(value)


# Notes the fund itself writes on an assessment, a correction or an appeal, kept in the record
# in English: told in the reader's language (a note a person typed stays as typed).
_NOTES = {"corrected: ": N_("corrected: {note}"), "appeal overturned: ": N_("appeal overturned: "
                                                                           "{note}")}


def note(text: str, t: Translator) -> str:
    for start, template in _NOTES.items():
        if text.startswith(start):
            return t(template, note=text[len(start):])
    return t.gettext(text)  # a fixed note is a msgid (N_ where it is written); else as typed


def _reason_note(reason: str, note: str, t: Translator) -> str:
    """A rejection's note: the reason's meaning the fund wrote (its own words, with the dates
    that decided it, in English in the record) told in the reader's language; a person's
    note as typed."""
    from ..assessment import REASONS

    meaning = REASONS.get(reason)
    if meaning and note.startswith(meaning) and t.chinese:
        return t(meaning)
    return note


def _assessed(c: dict[str, Any], t: Translator) -> str:
    a = c.get("assessment") or {}
    what = (t(N_("package {package}, base {base:.2f} (the limited cost at most)"),
              package=a["package"], base=_m(a["base"]))
            if a.get("package") else
            t(N_("base {base:.2f}, deductible {deductible:.2f}"), base=_m(a["base"]),
              deductible=_m(a["deductible"])))
    text = t(N_("assessed ({note}): {what}, ratio {ratio}, computed {computed:.2f}"),
             note=note(c.get("note", ""), t), what=what, ratio=a["ratio"],
             computed=_m(a["computed"]))
    if a.get("cap_applied"):
        text += t(N_(", cut to the {cap_left:.2f} left of the annual cap"),
                  cap_left=_m(a["cap_left"]))
    text += t(N_("; the fund pays {payout:.2f}"), payout=_m(a["payout"]))
    if Decimal(a.get("assistance") or 0):
        text += t(N_(", medical assistance {assistance:.2f}"), assistance=_m(a["assistance"]))
    return text


def _approved(c: dict[str, Any], t: Translator) -> str:
    text = t(N_("approved: the fund pays {payout:.2f}"), payout=_m(c["payout"]))
    if Decimal(c.get("assistance") or 0):
        text += t(N_(", medical assistance {assistance:.2f}"), assistance=_m(c["assistance"]))
    owed = Decimal(c.get("recovery") or 0) + Decimal(c.get("assistance_recovery") or 0)
    if owed:
        text += t(N_("; {owed:.2f} paid beyond it is owed back by the family"), owed=owed)
    if c.get("to_reserve"):
        text += t(N_(" (its year is closed: booked to the reserve)"))
    return text


def _submitted(c: dict[str, Any], t: Translator) -> str:
    text = t(N_("submitted: {type} at {hospital} (level {level}), bill {bill}, {admitted} to "
                "{discharged}; billed {total:.2f}, in scope {in_scope:.2f}, paid by others "
                "{other_paid:.2f}"),
             type=Word(c["claim_type"]), hospital=c["hospital"], level=Level(c["level"]),
             bill=c["bill"], admitted=c["admitted"], discharged=c["discharged"],
             total=_m(c["total"]), in_scope=_m(c["in_scope"]), other_paid=_m(c["other_paid"]))
    if c.get("diagnosis"):
        text += t(N_(", diagnosis {diagnosis}"), diagnosis=c["diagnosis"])
    if c.get("replaces"):
        text += t(N_("; replaces the rejected claim {claim}"), claim=c["replaces"])
    return text


def _enrolled(c: dict[str, Any], t: Translator) -> str:
    paid = (t(N_("free ({hardship}), subsidy {subsidy:.2f} owed by the payer"),
              hardship=Word(c["hardship"]), subsidy=_m(c["subsidy"]))
            if c.get("hardship") else t(N_("paid {paid:.2f}"), paid=_m(c["paid"])))
    return t(N_("enrolled in {year} by receipt {receipt}: {paid}; covered from {covered}"),
             year=c["year"], receipt=c["receipt"], paid=paid, covered=c["covered_from"])


def _run(c: dict[str, Any], t: Translator) -> str:
    payments = c.get("payments") or []
    paid = sum((Decimal(p[3]) for p in payments), Decimal(0))
    text = t(N_("payout run {run}: paid {paid:.2f} on {claims} claim(s), of {payable:.2f} "
                "payable, from {cash:.2f} cash"), run=c["run"], paid=paid,
             claims=len(payments), payable=_m(c["payable"]), cash=_m(c["cash_available"]))
    if c.get("assistance_payments"):
        passed = sum((Decimal(p[3]) for p in c["assistance_payments"]), Decimal(0))
        text += t(N_("; medical assistance {passed:.2f} passed on"), passed=passed)
    return text


def _registered(c: dict[str, Any], t: Translator) -> str:
    text = t(N_("registered: {name}, born {born}"), name=c["name"], born=c["born"])
    if c.get("guardian"):
        text += t(N_(", guardian {guardian}"), guardian=c["guardian"])
    if c.get("hardship"):
        text += t(N_(", hardship {hardship} (evidence {evidence})"), hardship=Word(c["hardship"]),
                  evidence=c["evidence"])
    return text


def _amended(c: dict[str, Any], t: Translator) -> str:
    fields = {"name": N_("name {value}"), "guardian": N_("guardian {value}"),
              "born": N_("born {value}")}
    changed = [t(fields[k], value=c[k]) for k in fields if c.get(k) is not None]
    return t(N_("amended ({reason}): {changes}"), reason=c["reason"],
             changes=t(N_(", ")).join(changed))


def _appealed(c: dict[str, Any], t: Translator) -> str:
    if c["against"] == "rejection":
        return t(N_("appealed against the rejection: {reason}"), reason=c["reason"])
    return t(N_("appealed against the amount approved: {reason}"), reason=c["reason"])


def _appeal_decided(c: dict[str, Any], t: Translator) -> str:
    if c["outcome"] == "overturned":
        return t(N_("appeal overturned: {note}; assessed again"), note=c["note"])
    return t(N_("appeal {outcome}: {note}; the decision stands"), outcome=Word(c["outcome"]),
             note=c["note"])


def _opened(c: dict[str, Any], t: Translator) -> str:
    rules = c.get("rules")
    if isinstance(rules, dict) and "contribution" in rules:
        return t(N_("opened: {starts} to {ends}, contribution {amount}"),
                 starts=rules["starts"], ends=rules["ends"],
                 amount=rules["contribution"]["amount"])
    return t(N_("opened"))


def _paid(c: dict[str, Any], t: Translator) -> str:
    text = t(N_("paid {amount:.2f} by run {run}"), amount=_m(c["amount"]), run=c["run"])
    if Decimal(c.get("assistance") or 0):
        text += t(N_(", medical assistance {assistance:.2f}"), assistance=_m(c["assistance"]))
    return text


def _reconciled(c: dict[str, Any], t: Translator) -> str:
    lines = c.get("lines") or []
    return t(N_("bank statement {statement} reconciled: {matched} of {lines} lines matched"),
             statement=c["statement"], matched=sum(1 for line in lines if line[4]),
             lines=len(lines))


def _said(template: str, **fields: Callable[[dict[str, Any]], Any]):
    """A sentence whose parameters are fields of the event (or functions of them)."""
    def words(c: dict[str, Any], t: Translator) -> str:
        return t(template, **{k: (f(c) if callable(f) else c[f]) for k, f in fields.items()})
    return words


def _amount(key: str) -> Callable[[dict[str, Any]], Decimal]:
    return lambda c: _m(c[key])


WORDS: dict[str, Callable[[dict[str, Any], Translator], str]] = {
    "Member.Registered": _registered,
    "Hospital.Registered": _said(N_("registered: {name}, level {level}"), name="name",
                                 level=lambda c: Level(c["level"])),
    "Hospital.LevelChanged": _said(N_("level {level} for admissions from this date on"),
                                   level=lambda c: Level(c["level"])),
    "Hospital.Delisted": _said(N_("delisted: no admission from this date on is covered "
                                  "({reason})"), reason="reason"),
    "Member.Amended": _amended,
    "Member.HardshipStarted": _said(N_("hardship {category} from this date on (evidence "
                                       "{evidence})"), category=lambda c: Word(c["category"]),
                                    evidence="evidence"),
    "Member.HardshipEnded": lambda c, t: (
        t(N_("hardship status ended from this date on ({reason})"), reason=c["reason"])
        if c.get("reason") else t(N_("hardship status ended from this date on"))),
    "PlanYear.Opened": _opened,
    "PlanYear.Amended": _said(N_("rules amended before the enrollment window")),
    "PlanYear.Closed": _said(N_("closed: the year's income and expense moved to the reserve")),
    "Calendar.YearAdded": _said(N_("{year} on the calendar: {starts} to {ends}"), year="year",
                                starts="starts", ends="ends"),
    "Receipt.Issued": _said(N_("receipt {receipt} for {member} in {year}: {amount:.2f}"),
                            receipt="receipt", member="member", year="year",
                            amount=_amount("amount")),
    "Enrollment.Enrolled": _enrolled,
    "Enrollment.Reenrolled": _enrolled,
    "Enrollment.Reversed": _said(N_("contribution {receipt} reversed ({reason}): {paid:.2f} "
                                    "refunded, no longer covered"), receipt="receipt",
                                 reason="reason", paid=_amount("paid")),
    "Enrollment.BenefitApproved": _said(N_("claim {claim}'s {payout:.2f} counted against the "
                                           "annual cap"), claim="claim",
                                        payout=_amount("payout")),
    "Enrollment.BenefitReleased": _said(N_("claim {claim}'s benefit released from the cap"),
                                        claim="claim"),
    "Enrollment.ClaimPaid": _said(N_("claim {claim} paid: the contribution can no longer be "
                                     "reversed"), claim="claim"),
    "Claim.Submitted": _submitted,
    "Claim.Assessed": _assessed,
    "Claim.Rejected": lambda c, t: t(N_("rejected: {reason} ({note})"), reason=c["reason"],
                                     note=_reason_note(c["reason"], c["note"], t)),
    "Claim.Approved": _approved,
    "Claim.ApprovalReversed": lambda c, t: t(N_("approval reversed ({reason}): {payout:.2f} no "
                                                "longer approved"), reason=note(c["reason"], t),
                                             payout=_m(c["payout"])),
    "Claim.AmountsCorrected": _said(N_("amounts corrected: billed {total:.2f}, in scope "
                                       "{in_scope:.2f}, paid by others {other_paid:.2f}"),
                                    total=_amount("total"), in_scope=_amount("in_scope"),
                                    other_paid=_amount("other_paid")),
    "Claim.Paid": _paid,
    "Claim.LevelChanged": _said(N_("{hospital} was level {level} on the admission date (a "
                                   "change entered since): assessed again with it"),
                                hospital="hospital", level=lambda c: Level(c["level"])),
    "Claim.Appealed": _appealed,
    "Claim.AppealDecided": _appeal_decided,
    "Claim.Replaced": _said(N_("resubmitted as {by}"), by="by"),
    "Claim.RecoverySetOff": _said(N_("{amount:.2f} the family still owed back set off "
                                     "against the payout owed now"), amount=_amount("amount")),
    "Claim.RecoveryRepaid": _said(N_("the family paid back {amount:.2f} ({reference})"),
                                  amount=_amount("amount"), reference="reference"),
    "Bill.Claimed": _said(N_("bill {bill} of {hospital} held by claim {claim}"), bill="bill",
                          hospital="hospital", claim="claim"),
    "Bill.Reclaimed": _said(N_("bill {bill} now held by claim {claim}"), bill="bill",
                            claim="claim"),
    "Donation.Received": _said(N_("donation of {amount:.2f} from {donor}"),
                               amount=_amount("amount"), donor="donor"),
    "SubsidyRemittance.Received": _said(N_("subsidy remittance of {amount:.2f}"),
                                        amount=_amount("amount")),
    "AssistanceRemittance.Received": _said(N_("medical-assistance remittance of {amount:.2f}"),
                                           amount=_amount("amount")),
    "PayoutDesk.RunStarted": _said(N_("payout run {run} started"), run="run"),
    "PayoutDesk.RefundCleared": _said(N_("refund of {receipt} ({amount:.2f}) checked against "
                                         "the cash"), receipt="refund_of",
                                      amount=_amount("amount")),
    "PayoutRun.Made": _run,
    "CashAssertion.Recorded": _said(N_("bank statement {reference}: the fund held {amount:.2f} "
                                       "at the end of the day"), reference="reference",
                                    amount=_amount("amount")),
    "Deposit.Made": _said(N_("deposit {reference}: {receipts} receipts of {year} paid in "
                             "together, {total:.2f}"), reference="reference",
                          receipts=lambda c: len(c.get("receipts") or []), year="year",
                          total=_amount("total")),
    "Reconciliation.Matched": _reconciled,
    "Staff.OperatorAdded": lambda c, t: t(N_("{person} added as {role}"), person=c["person"],
                                          role=Word(c["role"])),
    "Staff.RoleChanged": lambda c, t: t(N_("{person}'s role changed from {was} to {role}"),
                                        person=c["person"], was=Word(c["was"]),
                                        role=Word(c["role"])),
    "Staff.OperatorRemoved": lambda c, t: (
        t(N_("{person} ({role}) removed: {reason}"), person=c["person"], role=Word(c["role"]),
          reason=c["reason"]) if c.get("reason") else
        t(N_("{person} ({role}) removed"), person=c["person"], role=Word(c["role"]))),
    "KeyedSeal.Recorded": _said(N_("keyed seal of the record up to position {position}"),
                                position="position"),
}


def summary(event: str, changes: dict[str, Any], t: Translator = ENGLISH) -> str:
    """One line of what `event` changed; any event without words of its own, field by field."""
    words = WORDS.get(event)
    if words is not None:
        try:
            return words(_with_days(changes), t)
        except (KeyError, TypeError, ArithmeticError, ValueError):
            pass  # an older or unusual event: shown field by field
    return t(N_(", ")).join(f"{k.replace('_', ' ')} {v}" for k, v in changes.items()
                            if v not in (None, "", [], {})) or t(N_("recorded"))


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _with_days(value: Any) -> Any:
    """The changes with each day (stored as YYYY-MM-DD) a date again, which each language
    writes its own way (2026年9月1日 in a Chinese sentence); a year's rules' days too."""
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dict):
        return {k: _with_days(v) for k, v in value.items()}
    return value
