"""Facts that change from a date: a child's particulars corrected, a hardship status started
or ended, a hospital's level changed or the hospital delisted.

What was decided on the facts of its day stays decided. A claim not yet approved is assessed
again at approval with the facts of its admission date (its own event, saying why); an
approved claim is changed only by a correction. A change that would contradict money already
recorded is refused, saying what to reverse first: a hardship status dated before a paid
contribution (or its end before a free enrollment), a date of birth that puts an enrolled
child over the age limit or after the enrollment, a delisting dated before an admission the
fund has accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..coverage import amount_due, check_age
from ..enrollment import Enrollment
from ..errors import InputError, RuleViolation
from ..language import N_, Level, Message
from ..projections import queries
from ..registry import Hospital, Member
from ..rules import LEVELS
from .contributions import Contributions
from .records import Records
from .use_case import use_case


@dataclass(frozen=True)
class Kept:
    """An enrollment a corrected date of birth leaves as it was: what was paid (or is owed by
    the subsidy payer) and what the corrected date would have made due."""

    year: str
    receipt: str
    contribution: Decimal
    due_now: Decimal


class Changes:
    def __init__(self, records: Records, contributions: Contributions):
        self.records = records
        self.contributions = contributions

    # -- children --------------------------------------------------------------------------

    @use_case
    def amend_child(self, member: str, reason: str, name: str | None = None,
                    guardian: str | None = None, born: date | None = None,
                    on: date | None = None) -> list[Kept]:
        """Correct a child's name, guardian or date of birth. A corrected date of birth
        leaves each enrollment as it was made (returned, with what would be due now: the
        difference is neither charged nor refunded); one that would have refused an
        enrollment (over the age limit, born after it) is refused until it is reversed."""
        records = self.records
        on = records.when(on)
        _given(reason, "reason")
        if name is None and guardian is None and born is None:
            raise InputError("name", N_("nothing to amend: give --name, --guardian or --born"))
        if name is not None:
            _given(name, "name")
            name = name.strip()
        guardian = guardian.strip() if guardian is not None else None
        child = records.member(member)
        kept: list[Kept] = []
        if born is not None:
            if born > on:
                raise RuleViolation(N_("date of birth"),
                                    N_("{born} is after the amendment date {day}"), born=born,
                                    day=on)
            kept = self._kept_with(child, born)
        child.amend(member, name, guardian, born, reason, records.operator, on)
        records.save(child)
        return kept

    def _kept_with(self, child: Member, born: date) -> list[Kept]:
        kept = []
        for year in self.records.calendar().years:
            e = self.records.find(Enrollment, Enrollment.create_id(child.member, year))
            if e is None or not e.active:
                continue
            rules = self.records.plan_year(year).rules
            if born > e.enrolled_on:
                raise RuleViolation(
                    N_("date of birth"),
                    N_("{member} was enrolled in {year} on {day}, before {born}: reverse the "
                       "contribution {receipt} first (fund contribution reverse), then correct "
                       "the date"),
                    member=child.member, year=year, day=e.enrolled_on, born=born,
                    receipt=e.receipt)
            try:
                check_age(rules, born)
            except RuleViolation as refused:
                # the age limit's own sentence, then what to do about the enrollment
                raise RuleViolation(
                    refused.rule_id,
                    N_("{refusal}; {enrolled} is enrolled in {enrolled_year}: reverse the "
                       "contribution {enrolled_receipt} first (fund contribution reverse), then "
                       "correct the date"),
                    **{**refused.params,
                       "refusal": Message(refused.template, **refused.params),
                       "enrolled": child.member, "enrolled_year": year,
                       "enrolled_receipt": e.receipt}) from None
            kept.append(Kept(year, e.receipt or "", e.subsidy if e.hardship else e.paid,
                             amount_due(rules, born)))
        return kept

    @use_case
    def start_hardship(self, member: str, category: str, evidence: str,
                       on: date | None = None) -> Member:
        """A hardship status from a date: enrollments from then on are free, admissions from
        then on get medical assistance. A contribution paid before it is not refunded."""
        records = self.records
        on = records.when(on)
        _given(evidence, "evidence")
        category = self.contributions.hardship_category(category, field="category")
        child = records.member(member)
        self._no_enrollment_contradicts(child, on, hardship=True)
        child.start_hardship(category, evidence.strip(), records.operator, on)
        records.save(child)
        return child

    @use_case
    def end_hardship(self, member: str, reason: str = "", on: date | None = None) -> Member:
        records = self.records
        on = records.when(on)
        child = records.member(member)
        self._no_enrollment_contradicts(child, on, hardship=False)
        child.end_hardship(reason.strip(), records.operator, on)
        records.save(child)
        return child

    def _no_enrollment_contradicts(self, child: Member, since: date, hardship: bool) -> None:
        """An enrollment made on or after `since` was decided on the status this change
        replaces: refused, naming it."""
        for year in self.records.calendar().years:
            e = self.records.find(Enrollment, Enrollment.create_id(child.member, year))
            if e is None or not e.active or e.enrolled_on < since:
                continue
            if hardship and e.hardship is None:
                raise RuleViolation(
                    N_("hardship from a date"),
                    N_("{member}'s family paid {paid} for {year} on {day}, on or after {since}: "
                       "a status from {since} would make that payment wrong; start it after "
                       "{day}, or reverse the contribution {receipt} first"),
                    member=child.member, paid=e.paid, year=year, day=e.enrolled_on,
                    since=since, receipt=e.receipt)
            if not hardship and e.hardship is not None:
                raise RuleViolation(
                    N_("hardship from a date"),
                    N_("{member} was enrolled free in {year} on {day}, on or after {since}; end "
                       "the status after {day}, or reverse the enrollment {receipt} first"),
                    member=child.member, year=year, day=e.enrolled_on, since=since,
                    receipt=e.receipt)

    # -- hospitals -------------------------------------------------------------------------

    @use_case
    def change_level(self, code: str, level: int, on: date | None = None) -> Hospital:
        """The hospital's level from a date: claims admitted from then on are assessed with
        it (those not yet approved again at approval)."""
        if level not in LEVELS:
            raise InputError("level", N_("{level} is not a hospital level (1, 2 or 3)"),
                             level=Level(level))
        records = self.records
        on = records.when(on)
        place = records.get(Hospital, "hospital", code)
        place.change_level(level, records.operator, on)
        records.save(place)
        return place

    @use_case
    def delist(self, code: str, reason: str, on: date | None = None) -> Hospital:
        """No admission from `on` is accepted. Dated before an admission the fund has already
        accepted (a claim not rejected), it is refused, naming the claims."""
        records = self.records
        on = records.when(on)
        _given(reason, "reason")
        place = records.get(Hospital, "hospital", code)
        records.views.catch_up()
        accepted = queries.claims_admitted_at(records.views.engine, code, on)
        if accepted:
            shown = ", ".join(accepted[:5])
            if len(accepted) > 5:
                raise RuleViolation(
                    N_("designated hospital"),
                    N_("claim(s) {claims} and {more} more admitted at {code} on or after {day} "
                       "were accepted; reject them first, or delist from a later date"),
                    claims=shown, more=len(accepted) - 5, code=code, day=on)
            raise RuleViolation(
                N_("designated hospital"),
                N_("claim(s) {claims} admitted at {code} on or after {day} were accepted; reject "
                   "them first, or delist from a later date"), claims=shown, code=code, day=on)
        place.delist(reason.strip(), records.operator, on)
        records.save(place)
        return place


def _given(text: str, field: str) -> None:
    if not text or not text.strip():
        raise InputError(field, N_("must not be empty"))
