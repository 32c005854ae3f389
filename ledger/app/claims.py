"""The fund's claim use cases: submit, approve, reject, correct, pay, receive assistance.

A claim that breaks a rule the family should hear about (not enrolled, not yet covered, too
late, a bill already claimed) is recorded as rejected with its reason code. A claim that
cannot sensibly be recorded (unknown child, hospital not designated, no plan year for the
admission date) is refused and records nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from ..assessment import REASONS, assess
from ..claim import Bill, Claim
from ..enrollment import Enrollment
from ..errors import InputError, NotFound, RuleViolation
from ..language import N_, Message, Word
from ..money import ZERO
from ..plan_year import Calendar, PlanYear
from ..projections import queries
from ..coverage import is_hardship
from ..registry import Hospital, Member
from ..rules import CLAIM_TYPES
from ..staff import Staff
from .imports import ImportReport, RosterError, batches, row_error
from .records import Records
from ..store import faults
from ..store.admin import analyse
from ..store.bulk import in_bulk
from .use_case import retried, use_case

# Claims of a file recorded per transaction (a claim and its bill; measured in
# bench/RESULTS.md).
BATCH = 1000


@dataclass
class Approvals:
    """What `claim approve --all` did: how many approved, for how much, which held back."""

    approved: int = 0
    approved_total: Decimal = ZERO
    held: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # held because a rule refused them
    left: list[str] = field(default_factory=list)  # submitted by the assessor running it


def _sampled(claim: str, percent: Decimal, seed: int) -> bool:
    """Whether a claim falls in the seeded sample held for review: decided by the claim number
    and the seed alone, so a run again holds the same claims."""
    if percent <= 0:
        return False
    digest = hashlib.sha256(f"{seed}:{claim}".encode()).digest()
    return int.from_bytes(digest[:8], "big") < int(percent / 100 * (1 << 64))


class Claims:
    def __init__(self, records: Records):
        self.records = records

    def _closed(self, year: str) -> bool:
        """After a year is closed its claims are booked to the reserve."""
        return self.records.plan_year(year).closed_on is not None

    def claim(self, number: str) -> Claim:
        return self.records.get(Claim, "claim", number)

    def _assess(self, c: Claim, enrollment: Enrollment, on: date):
        """The claim assessed on the facts of its admission date: the hospital's level then
        (the claim takes it, as its own event, if a change entered since moved it) and the
        child's hardship status then (medical assistance)."""
        records = self.records
        plan = records.plan_year(c.year)
        rules = plan.rules
        level = records.get(Hospital, "hospital", c.hospital).level_on(c.admitted)
        if level != c.level:
            c.change_level(c.claim, c.member, c.year, c.hospital, level, records.operator, on)
        hardship = is_hardship(rules, records.member(c.member).hardship_on(c.admitted))
        return assess(rules, plan.rules_version, c.claim_type, c.level, c.in_scope, c.other_paid,
                      c.diagnosis, enrollment.cap_left(rules.annual_cap), hardship=hardship)

    @use_case
    def submit(
        self,
        claim: str,
        member: str,
        hospital: str,
        bill: str,
        claim_type: str,
        admitted: date,
        discharged: date,
        total: Decimal,
        in_scope: Decimal,
        other_paid: Decimal = ZERO,
        diagnosis: str | None = None,
        on: date | None = None,
        replaces: str | None = None,
    ) -> tuple[Claim, bool]:
        """Record and assess a claim; returns it and whether it is new (False: a duplicate)."""
        # What it reads before it knows the claim's plan year, in one query (on a server across
        # the network, one round trip, not five); the year's enrollment and rules after it.
        with self.records.preloading([Claim.create_id(claim), Member.create_id(member),
                                      Hospital.create_id(hospital), Calendar.create_id(),
                                      Bill.create_id(hospital, bill)]):
            claim_, fresh, pending = self._submitting(
                claim, member, hospital, bill, claim_type, admitted, discharged, total,
                in_scope, other_paid, diagnosis, on, replaces)
        if pending:
            self.records.save(*pending)
        return claim_, fresh

    def _submitting(self, claim: str, member: str, hospital: str, bill: str, claim_type: str,
                    admitted: date, discharged: date, total: Decimal, in_scope: Decimal,
                    other_paid: Decimal = ZERO, diagnosis: str | None = None,
                    on: date | None = None, replaces: str | None = None
                    ) -> tuple[Claim, bool, list[Any]]:
        """A claim recorded and assessed, not yet saved: (the claim, whether new, what to
        save: the claim and the bill it holds)."""
        records = self.records
        on = records.when(on)
        _check_submission(claim_type, total, in_scope, other_paid, admitted, discharged, on)
        known = records.find(Claim, Claim.create_id(claim))
        if known is not None:
            if known.same_submission(member=member, hospital=hospital, bill=bill,
                                     claim_type=claim_type, admitted=admitted,
                                     discharged=discharged, total=total, in_scope=in_scope,
                                     other_paid=other_paid, diagnosis=diagnosis):
                return known, False, []
            raise RuleViolation(N_("claim numbers are unique"),
                                N_("claim {claim} was already submitted on {submitted}"),
                                claim=claim, submitted=known.submitted_on)
        records.member(member)
        place = records.find(Hospital, Hospital.create_id(hospital))
        if place is None:
            raise RuleViolation(N_("designated hospital"),
                                N_("{hospital} is not a designated hospital"), hospital=hospital)
        if not place.designated_on(admitted):
            raise RuleViolation(N_("designated hospital"),
                                N_("{hospital} was delisted from {delisted} ({reason}); the "
                                   "admission on {admitted} is not covered"),
                                hospital=hospital, delisted=place.delisted_from,
                                reason=place.delist_reason, admitted=admitted)
        year = records.calendar().year_of(admitted)
        if year is None:
            raise RuleViolation(N_("plan year"),
                                N_("no plan year contains the admission date {admitted}"),
                                admitted=admitted)
        replaced = [self._replaced(replaces, member, claim, on)] if replaces else []
        c = Claim(claim, member, year, hospital, place.level_on(admitted), bill, claim_type, admitted,
                  discharged, total, in_scope, other_paid, diagnosis, replaces, records.operator,
                  on)
        enrollment = records.find(Enrollment, Enrollment.create_id(member, year))
        held = records.find(Bill, Bill.create_id(hospital, bill))
        reason = _rejection(records.plan_year(year).rules.deadline_days, c, on, enrollment, held)
        if reason:
            c.reject(reason, _why(reason, c, on, enrollment, records.plan_year(year).rules),
                     records.operator, on)
            return c, True, [c, *replaced]
        if held is None:
            held = Bill(hospital, bill, claim, records.operator, on)
        else:
            held.reclaim(bill, claim, replaces, records.operator, on)
        c.assess(self._assess(c, enrollment, on), N_("assessed on submission"), records.operator,
                 on)
        return c, True, [c, held, *replaced]

    def _replaced(self, replaces: str, member: str, claim: str, on: date) -> Claim:
        """The rejected claim of the same child that `claim` resubmits, marked as replaced
        (once only), to be saved with it."""
        old = self.records.find(Claim, Claim.create_id(replaces))
        if old is None:
            raise NotFound("claim", replaces)
        if old.member != member:
            raise RuleViolation(N_("resubmission"), N_("claim {claim} is not a rejected claim "
                                                       "of {member}; only those can be replaced"),
                                claim=replaces, member=member)
        old.replace_with(claim, self.records.operator, on)
        return old

    @in_bulk
    def import_file(self, rows: Callable[[], Iterable[Any]], batch: int = BATCH
                    ) -> tuple[int, int]:
        """Submit a file of claims: (new, duplicates). Unreadable rows, and rows that cannot be
        a claim (in scope above the total, a discharge before the admission), refuse the whole
        file.
        The claims are recorded a batch at a time, one transaction each, as a roster's rows
        are (the aggregates a batch touches read in a few queries first): an interrupted import
        leaves whole batches, and the file run again skips what is recorded as duplicates. A
        claim refused by a rule stops the import at its line; the claims before it are saved
        first (each claim is its own record), and the file run again resumes after them."""
        report = ImportReport()
        today = self.records.today()
        for item in rows():
            report.read += 1
            if isinstance(item, tuple):
                report.reject(row_error(*item))
                continue
            try:  # what a row must say to be a claim at all, found before anything is recorded
                _check_submission(item.claim_type, item.total, item.in_scope, item.other_paid,
                                  item.admitted, item.discharged, min(item.submitted or today,
                                                                      today))
            except InputError as e:  # a file's submission date is its `submitted` column
                field = "submitted" if e.field == "date" else e.field
                report.reject(row_error(item.line, InputError(field, e.template, **e.params)))
        if report.rejected:
            raise RosterError(report, Word("claims file"))
        done = [0, 0]
        views = self.records.views
        for chunk in batches(rows(), batch):
            retried(lambda _: self._submit_batch(chunk, done), views.engine.dispose)
            faults.kept = Message(N_("{done:,} claims of the file submitted and kept"),
                                  done=done[0] + done[1])
            retried(lambda _: views.catch_up(), views.engine.dispose)
        analyse(self.records.views.engine, done[0])
        return done[0], done[1]

    def _submit_batch(self, chunk: list[Any], done: list[int]) -> None:
        """One batch of a claims file in one transaction: every aggregate its claims read
        loaded at once, each claim then recorded as `submit` records one (a claim made here
        is found by the rows after it: a second claim on the same bill is rejected as such)."""
        records = self.records
        calendar = records.calendar()
        wanted: set[UUID] = {Calendar.create_id()}
        for row in chunk:
            wanted |= {Claim.create_id(row.claim), Member.create_id(row.member),
                       Hospital.create_id(row.hospital), Bill.create_id(row.hospital, row.bill)}
            year = calendar.year_of(row.admitted)
            if year is not None:
                wanted |= {Enrollment.create_id(row.member, year), PlanYear.create_id(year)}
            if row.replaces:
                wanted.add(Claim.create_id(row.replaces))
        new = duplicates = 0
        pending: dict[UUID, Any] = {}
        with records.preloading(wanted, absent=wanted):
            for row in chunk:
                try:
                    claim, fresh, made = self._submitting(
                        row.claim, row.member, row.hospital, row.bill, row.claim_type,
                        row.admitted, row.discharged, row.total, row.in_scope, row.other_paid,
                        row.diagnosis, row.submitted, row.replaces)
                except (InputError, RuleViolation) as e:
                    if pending:  # the claims before this line stay recorded
                        records.save(*pending.values())
                        done[0] += new
                        done[1] += duplicates
                    raise e.at_line(row.line) from None
                for aggregate in made:
                    pending[aggregate.id] = aggregate
                    records.preloaded[aggregate.id] = aggregate
                new += fresh
                duplicates += not fresh
        if pending:
            records.save(*pending.values())
        done[0] += new
        done[1] += duplicates

    @use_case
    def approve(self, claim: str, on: date | None = None) -> Claim:
        """Approve at the assessment the cap allows now (reassessed if the cap changed)."""
        on = self.records.when(on)
        c = self.claim(claim)
        if faults.again() and c.status in ("approved", "paid") and \
                c.decided_by == self.records.operator and c.approved_on == on:
            return c  # this command's own approval, its commit cut: told as made
        with self.records.preloading(_read_to_approve(c)):
            enrollment = self._approving(c, on, self.records.staffed)
        self.records.save(c, enrollment)
        return c

    def _approving(self, c: Claim, on: date, staffed: bool) -> Enrollment:
        """Approve `c` (not yet saved): its payout counts against its child's cap, which is
        the enrollment returned, to be saved with it. `staffed`: four eyes apply."""
        if c.status != "assessed":
            raise RuleViolation(N_("claim state"), N_("claim {claim} is {status}; only an "
                                                      "assessed claim can be approved"),
                                claim=c.claim, status=Word(c.status))
        if staffed:
            c.four_eyes(self.records.operator)
        enrollment = self.records.get(Enrollment, "enrollment", c.member, c.year)
        if not enrollment.active:
            raise RuleViolation(N_("not enrolled"),
                                N_("{member}'s enrollment in {year} was reversed"),
                                member=c.member, year=c.year)
        fresh = self._assess(c, enrollment, on)
        if fresh != c.assessed:
            c.assess(fresh, N_("reassessed at approval: the cap left, the rules or the facts "
                               "of the admission date changed"),
                     self.records.operator, on)
        c.approve(self.records.operator, on, to_reserve=self._closed(c.year))
        enrollment.approve_benefit(c.claim, fresh.payout, self.records.operator, on)
        return enrollment

    @in_bulk
    def approve_all(self, year: str | None = None, hold_over: Decimal | None = None,
                    sample: Decimal = ZERO, seed: int = 0, on: date | None = None,
                    batch: int = 1000) -> Approvals:
        """Approve every assessed claim (of a plan year), in the order they were submitted,
        except those held for a person to review: each assessed over `hold_over`, and a
        seeded sample of `sample` percent of the rest (the same claims for the same seed,
        however often it is run). Each approval is its own event, against the cap left at
        that moment; a batch of them is one transaction, so a run stopped half-way leaves
        whole batches, and a run again approves only what is still assessed."""
        on = self.records.when(on)
        if year is not None:
            self.records.plan_year(year)  # an unknown year is named, not "0 approved"
        views = self.records.views
        views.catch_up()
        done = Approvals()
        waiting = queries.assessed_claims(views.engine, year)
        chosen = []
        for number, payout in waiting:
            if (hold_over is not None and payout > hold_over) or _sampled(number, sample, seed):
                done.held.append(number)
            else:
                chosen.append(number)
        for i in range(0, len(chosen), batch):
            retried(lambda _: self._approve_batch(chosen[i:i + batch], on, done),
                    views.engine.dispose)
            faults.kept = Message(N_("{done:,} of {total:,} claims approved and kept"),
                                  done=done.approved, total=len(chosen))
            retried(lambda _: views.catch_up(), views.engine.dispose)
        analyse(views.engine, done.approved)
        return done

    def _approve_batch(self, numbers: list[str], on: date, done: Approvals) -> None:
        records = self.records
        ids = [Claim.create_id(n) for n in numbers]
        with records.preloading(ids):
            claims = [records.preloaded[i] for i in ids]
            known = [c for c in claims if c is not None]
        wanted = [Enrollment.create_id(*k) for k in sorted({(c.member, c.year) for c in known})]
        wanted += [PlanYear.create_id(y) for y in sorted({c.year for c in known})]
        wanted += [Member.create_id(m) for m in sorted({c.member for c in known})]
        wanted += [Hospital.create_id(h) for h in sorted({c.hospital for c in known})]
        approved, enrollments = [], {}
        staffed = records.staffed
        with records.preloading(wanted):
            for c in claims:
                if c is None or c.status != "assessed":
                    continue  # approved, corrected or rejected by another terminal meanwhile
                if staffed and c.submitted_by == records.operator:
                    done.left.append(c.claim)  # four eyes: for another assessor
                    continue
                try:
                    enrollment = self._approving(c, on, staffed)
                except RuleViolation as e:
                    done.held.append(c.claim)
                    done.refused[c.claim] = str(e)
                    continue
                enrollments[enrollment.id] = enrollment
                approved.append(c)
        if approved:
            records.save(*approved, *enrollments.values())
        done.approved += len(approved)
        done.approved_total += sum((c.payout for c in approved), ZERO)

    @use_case
    def reject(self, claim: str, reason: str, note: str = "", on: date | None = None) -> Claim:
        on = self.records.when(on)
        if reason not in REASONS:
            raise InputError("reason", N_("{reason!r} is not a reason code (see fund claim "
                                          "reasons)"), reason=reason)
        c = self.claim(claim)
        c.reject(reason, note or REASONS[reason], self.records.operator, on)
        self.records.save(c)
        return c

    @use_case
    def correct(self, claim: str, reason: str, total: Decimal | None = None,
                in_scope: Decimal | None = None, other_paid: Decimal | None = None,
                on: date | None = None) -> Claim:
        """Reverse an approved claim and assess it again (with corrected amounts, if given)."""
        on = self.records.when(on)
        c = self.claim(claim)
        if self.records.staffed:
            c.four_eyes(self.records.operator)
        enrollment = self.records.get(Enrollment, "enrollment", c.member, c.year)
        self._correcting(c, enrollment, f"corrected: {reason}", reason, total, in_scope,
                         other_paid, on)
        self.records.save(c, enrollment)
        return c

    def _correcting(self, c: Claim, enrollment: Enrollment, note: str, reason: str,
                    total: Decimal | None, in_scope: Decimal | None,
                    other_paid: Decimal | None, on: date) -> None:
        """Reverse `c`'s approval (if approved) and assess it again, with the amounts given."""
        operator = self.records.operator
        if c.status != "submitted":
            c.reverse_approval(reason, operator, on, to_reserve=self._closed(c.year))
            enrollment.release_benefit(c.claim, operator, on)
        total = c.total if total is None else total
        in_scope = c.in_scope if in_scope is None else in_scope
        other_paid = c.other_paid if other_paid is None else other_paid
        _check_amounts(total, in_scope, other_paid)
        if (total, in_scope, other_paid) != (c.total, c.in_scope, c.other_paid):
            c.correct_amounts(c.claim, total, in_scope, other_paid, operator, on)
        c.assess(self._assess(c, enrollment, on), note, operator, on)

    # -- appeals ---------------------------------------------------------------------------

    @use_case
    def appeal(self, claim: str, reason: str, on: date | None = None) -> Claim:
        """A family contests a rejection or the amount approved, within the year's
        `appeal_days` of that decision."""
        on = self.records.when(on)
        if not reason.strip():
            raise InputError("reason", N_("must not be empty"))
        c = self.claim(claim)
        days = self.records.plan_year(c.year).rules.appeal_days
        c.file_appeal(reason.strip(), days, self.records.operator, on)
        self.records.save(c)
        return c

    @use_case
    def decide_appeal(self, claim: str, overturn: bool, note: str,
                      total: Decimal | None = None, in_scope: Decimal | None = None,
                      other_paid: Decimal | None = None, on: date | None = None) -> Claim:
        """Upheld, the decision stands. Overturned, the claim is assessed again (with the
        amounts given) and waits for approval as any claim: a rejected one takes its bill back,
        an approved one is corrected."""
        records = self.records
        on = records.when(on)
        if not note.strip():
            raise InputError("note", N_("must not be empty"))
        amounts = (total, in_scope, other_paid)
        if not overturn and any(a is not None for a in amounts):
            raise InputError("in_scope", N_("amounts are given only to overturn a decision"))
        c = self.claim(claim)
        rejected = c.status == "rejected"
        if records.staffed:
            c.four_eyes(records.operator, deciding_appeal=True)
            if overturn and not rejected:
                c.four_eyes(records.operator)  # overturned, an approved claim is corrected
        c.decide_appeal(overturn, note.strip(), records.operator, on)
        if not overturn:
            records.save(c)
            return c
        enrollment = records.find(Enrollment, Enrollment.create_id(c.member, c.year))
        if enrollment is None or not enrollment.active:
            raise RuleViolation(N_("not enrolled"),
                                N_("{member} is not enrolled in {year}: there is nothing to "
                                   "assess the claim against; enroll the child first, or "
                                   "uphold the decision"), member=c.member, year=c.year)
        held = self._bill_back(c, on) if rejected else None
        self._correcting(c, enrollment, f"appeal overturned: {note.strip()}",
                         f"appeal overturned: {note.strip()}", *amounts, on)
        records.save(c, enrollment, held)
        return c

    def _bill_back(self, c: Claim, on: date) -> Bill | None:
        """The bill of a rejected claim, held by it again: refused while another live claim
        holds it (one claim per bill)."""
        records = self.records
        held = records.find(Bill, Bill.create_id(c.hospital, c.bill))
        if held is None:
            return Bill(c.hospital, c.bill, c.claim, records.operator, on)
        if held.claim == c.claim:
            return None
        holder = records.find(Claim, Claim.create_id(held.claim))
        if holder is not None and holder.status != "rejected":
            raise RuleViolation(N_("one claim per bill"),
                                N_("bill {bill} of {hospital} is held by claim {claim} "
                                   "({status}); correct or reject that claim first"),
                                bill=c.bill, hospital=c.hospital, claim=held.claim,
                                status=Word(holder.status))
        held.reclaim(c.bill, c.claim, held.claim, records.operator, on)
        return held

    @use_case
    def repay(self, claim: str, amount: Decimal, reference: str,
                         on: date | None = None) -> bool:
        """Record a family paying back what it owes on a corrected claim; False when this
        repayment (same reference, amount and date) was already recorded."""
        on = self.records.when(on)
        c = self.claim(claim)
        known = c.repayments.get(reference)
        if known is not None:
            if known == (amount, on):
                return False
            raise RuleViolation(N_("references are unique"),
                                N_("repayment {reference} of claim {claim} was recorded as "
                                   "{amount} on {day}"),
                                reference=reference, claim=claim, amount=known[0], day=known[1])
        c.collect_recovery(reference, amount, self.records.operator, on)
        self.records.save(c)
        return True


def _check_amounts(total: Decimal, in_scope: Decimal, other_paid: Decimal) -> None:
    if in_scope > total:
        raise InputError("in_scope", N_("{in_scope} is more than the total billed {total}"),
                         in_scope=in_scope, total=total)
    if other_paid > in_scope:
        raise InputError("other_paid", N_("{other_paid} is more than the in-scope {in_scope}"),
                         other_paid=other_paid, in_scope=in_scope)


def _check_submission(claim_type: str, total: Decimal, in_scope: Decimal, other_paid: Decimal,
                      admitted: date, discharged: date, on: date) -> None:
    """What a claim must say to be recorded at all (bad input, not a rule of the fund)."""
    if claim_type not in CLAIM_TYPES:
        raise InputError("type", N_("{text!r} is not inpatient or outpatient-major"),
                         text=claim_type)
    _check_amounts(total, in_scope, other_paid)
    if discharged < admitted:
        raise InputError("discharged", N_("{discharged} is before the admission {admitted}"),
                         discharged=discharged, admitted=admitted)
    if on < discharged:
        raise InputError("date", N_("a claim is submitted after discharge ({discharged}), not "
                                    "{on}"), discharged=discharged, on=on)


def _rejection(deadline_days: int, c: Claim, on: date, enrollment: Enrollment | None,
               held: Bill | None) -> str | None:
    """The reason code a claim is recorded as rejected with, if any (SPEC §3 Claims)."""
    if on > c.discharged + timedelta(days=deadline_days):
        return "LATE_SUBMISSION"
    if enrollment is None or not enrollment.active:
        return "NOT_ENROLLED"
    if not enrollment.covers(c.admitted):
        return "NOT_COVERED"
    if held is not None and not (c.replaces and held.claim == c.replaces):
        return "DUPLICATE_BILL"
    return None


def _why(reason: str, c: Claim, on: date, enrollment: Enrollment | None, rules: Any) -> str:
    """The reason a family is told, with the dates that decided it."""
    if reason == "NOT_COVERED" and enrollment is not None and enrollment.covered_from:
        return (f"{REASONS[reason]}: admitted {c.admitted}, cover in {c.year} begins "
                f"{enrollment.covered_from}")
    if reason == "LATE_SUBMISSION":
        return (f"{REASONS[reason]}: submitted {on}, more than {rules.deadline_days} days after "
                f"the discharge on {c.discharged}")
    return REASONS[reason]


def _read_to_approve(c: Claim) -> list[UUID]:
    """What approving a claim reads besides the claim, in one query (one round trip to a
    server, not six): the child's enrollment and record, the year's rules, the hospital's
    level, and who is on the staff (four eyes)."""
    return [Enrollment.create_id(c.member, c.year), PlanYear.create_id(c.year),
            Hospital.create_id(c.hospital), Member.create_id(c.member), Staff.create_id()]
