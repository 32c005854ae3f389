"""Money leaving the fund: payout runs, and the cash a refund or a run may take.

Every spender of cash reads the payout desk first and saves it with what it spends, so two
spenders at once are serialised: the second one's save conflicts and it decides again on the
cash that is left.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..claim import Claim
from ..enrollment import Enrollment
from ..language import N_, Message, Translator
from ..money import ZERO
from ..payout import Payable, PayoutDesk, PayoutRun, share_out
from ..projections import answers, queries
from ..store import faults
from ..store.bulk import in_bulk
from .records import Records
from .use_case import use_case


class Payouts:
    def __init__(self, records: Records):
        self.records = records

    def desk(self) -> PayoutDesk:
        """Read before the cash: whoever spends cash saves the desk, so a run or refund saved
        in between makes this one's save conflict, and it is retried on the new figures."""
        return self.records.find(PayoutDesk, PayoutDesk.create_id()) or PayoutDesk()

    def cash_free(self, on: date) -> tuple[Decimal, Decimal]:
        """(cash, assistance in hand): the least cash held at the end of `on` or of any later
        day (money paid out on `on` leaves every later day too: a backdated refund or run must
        not take cash a later payment already spent), and the part of the cash received from
        the assistance payer that is owed on to families."""
        views = self.records.views
        views.catch_up()
        now = answers.balance(views.engine, None)
        in_hand = max(ZERO, now["assistance_payable"] - now["assistance_receivable"])
        return answers.lowest_cash_from(views.engine, on), in_hand

    def nothing_to_pay(self, on: date) -> Message:
        """Why a run on `on` paid nothing, in figures: no claim owed, claims approved only
        after the run's date, or no cash free on that day and every later one. A sentence
        the edge renders in the reader's language (`str()` of it is the English, for JSON)."""
        engine = self.records.views.engine
        count, owed = queries.still_owed(engine)
        if not count:
            return Message(N_("no approved claim is waiting to be paid"))
        by_then, owed_then = queries.still_owed(engine, on)
        if not by_then:
            return Message(N_("the {claims} payable ({owed}) were approved after {on}; a run "
                              "pays claims approved on or before its date"),
                           claims=ngettext("{n} claim", "{n} claims", count), owed=owed, on=on)
        cash, in_hand = self.cash_free(on)
        return Message(N_("{owed} is payable on {claims} approved by {on}, but the cash free "
                          "to pay it on {on} and after is {cash}"),
                       owed=owed_then, claims=ngettext("{n} claim", "{n} claims", by_then),
                       on=on, cash=max(ZERO, cash - in_hand))

    @in_bulk
    @use_case
    def run(self, on: date | None = None) -> PayoutRun | None:
        """Pay every payable claim from the cash, pro rata when short; None if nothing to pay."""
        records = self.records
        on = records.when(on)
        desk = self.desk()
        if faults.again() and desk.runs:  # this command's own run, its commit cut: told as made
            last = records.find(PayoutRun, PayoutRun.create_id(f"PR-{desk.runs:05d}"))
            if last is not None and (last.made_by, last.made_on) == (records.operator, on):
                return last
        cash, in_hand = self.cash_free(on)
        claims: dict[str, Claim] = {}
        payables, owed = [], []
        numbers = queries.payable_claims(records.views.engine, on)
        with records.preloading([Claim.create_id(n) for n in numbers]):
            for number in numbers:
                c = claims[number] = records.get(Claim, "claim", number)  # the authority
                if c.payable > ZERO:
                    payables.append(Payable(c.claim, c.member, c.year, c.payable))
                if c.assistance_owed > ZERO:
                    owed.append(Payable(c.claim, c.member, c.year, c.assistance_owed))
        payments = share_out(max(ZERO, cash - in_hand), payables)
        assistance = share_out(min(in_hand, cash), owed)
        if not payments and not assistance:
            return None
        run = desk.next_run()
        desk.start_run(run, records.operator, on)
        made = PayoutRun(
            run, max(ZERO, cash - in_hand), sum((p.amount for p in payables), ZERO),
            [[p.claim, p.member, p.year, str(s)] for p, s in payments], in_hand,
            sum((p.amount for p in owed), ZERO),
            [[p.claim, p.member, p.year, str(s)] for p, s in assistance], records.operator, on,
        )
        paid = {p.claim: s for p, s in payments}
        helped = {p.claim: s for p, s in assistance}
        enrollments: dict[Any, Enrollment] = {}
        firsts = {n for n, amount in paid.items() if amount > ZERO and claims[n].paid == ZERO}
        with records.preloading([Enrollment.create_id(claims[n].member, claims[n].year)
                                 for n in sorted(firsts)]):
            for number in sorted(set(paid) | set(helped)):
                c = claims[number]
                c.record_payment(number, c.member, run, paid.get(number, ZERO),
                                 helped.get(number, ZERO), records.operator, on)
                if number in firsts:  # its first payment: the enrollment notes a paid claim
                    key = (c.member, c.year)
                    if key not in enrollments:
                        enrollments[key] = records.get(Enrollment, "enrollment", *key)
                    enrollments[key].record_paid_claim(number, records.operator, on)
        records.save(desk, made, *claims.values(), *enrollments.values())
        return made


class _Counted(Message):
    """`1 claim` / `2 claims` inside a Message: the catalogue's plural entry, in the form for
    `n` in the reader's language."""

    __slots__ = ("plural", "n")

    def __init__(self, singular: str, plural: str, n: int, /):
        super().__init__(singular)
        self.plural = plural
        self.n = n

    def render(self, t: Translator) -> str:
        return t.plural(self.template, self.plural, self.n)

    def __repr__(self) -> str:
        return f"ngettext({self.template!r}, {self.plural!r}, {self.n!r})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, _Counted) and (other.template, other.plural, other.n)
                == (self.template, self.plural, self.n))

    __hash__ = None  # type: ignore[assignment]


def ngettext(singular: str, plural: str, n: int, /) -> Message:
    """Marks a count for the catalogue where it is written (tools/catalogue.py extracts
    `ngettext` calls as plural entries); it is put in the reader's language where shown."""
    return _Counted(singular, plural, n)
