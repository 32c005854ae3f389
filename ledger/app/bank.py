"""The bank's word against the books: a statement's closing balance asserted, a school's
roster paid in as one deposit, a statement's lines matched to the recorded cash movements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine

from ..bank import CashAssertion, Deposit, Reconciliation
from ..errors import RuleViolation
from ..language import C_, ENGLISH, N_, Translator
from ..money import from_fen
from ..projections import answers, cash
from .records import Records
from .use_case import use_case


# What a deposit's receipts together are called where a movement's event would be named: a
# code in JSON, shown in words.
DEPOSIT = C_("deposit")


class Bank:
    def __init__(self, records: Records):
        self.records = records

    @use_case
    def assert_cash(self, amount: Decimal, on: date, reference: str
                    ) -> tuple[CashAssertion, bool]:
        """Record what statement `reference` says the fund held at the end of `on`; (the
        assertion, whether new). Recorded whether or not the books agree: `audit verify`
        names each one that does not."""
        records = self.records
        on = records.when(on)
        known = records.find(CashAssertion, CashAssertion.create_id(reference))
        if known is not None:
            if known.same_as(amount, on):
                return known, False
            raise RuleViolation(N_("references are unique"), N_("statement {reference} was "
                                "recorded as {amount} on {day}"), reference=reference,
                                amount=known.amount, day=known.on)
        stated = CashAssertion(reference, amount, records.operator, on)
        records.save(stated)
        return stated, True

    @use_case
    def record_deposit(self, reference: str, year: str, paid: list[tuple[str, Decimal]],
                       on: date) -> bool:
        """The receipts of a roster paid into the bank together under `reference` (the
        hardship children's, which move no cash, left out); False when recorded already."""
        records = self.records
        on = records.when(on)
        receipts = [r for r, amount in paid if amount]
        total = sum((amount for _, amount in paid), Decimal("0.00"))
        known = records.find(Deposit, Deposit.create_id(reference))
        if known is not None:
            if known.same_as(year, receipts, total):
                return False
            raise RuleViolation(N_("references are unique"), N_("deposit {reference} was "
                                "recorded with {receipts} receipts, {total} in all"),
                                reference=reference, receipts=len(known.receipts),
                                total=known.total)
        records.save(Deposit(reference, year, receipts, total, records.operator, on))
        return True

    def check_deposit(self, reference: str) -> None:
        """Before a roster is recorded: its deposit reference is not another's."""
        known = self.records.find(Deposit, Deposit.create_id(reference))
        if known is not None:
            raise RuleViolation(N_("references are unique"), N_("deposit {reference} was "
                                "recorded already ({receipts} receipts, {total})"),
                                reference=reference, receipts=len(known.receipts),
                                total=known.total)

    @use_case
    def reconcile(self, statement: str, fingerprint: str, lines: list[Any]) -> Reconciled:
        """Match each line of a bank statement to an unmatched cash movement with its
        reference and amount, in the statement's order; record what matched, once per
        statement (by its fingerprint): matching it again changes nothing."""
        records = self.records
        engine = records.views.engine
        records.views.catch_up()
        done = Reconciled(fingerprint, statement, len(lines))
        if not lines:
            return done
        done.zero = [b for b in lines if not b.amount]
        lines = [b for b in lines if b.amount]  # a line of no amount moves no money: listed
        done.balances = self._balances(done.zero + lines)
        if not lines:
            return done
        between = (min(b.day for b in lines), max(b.day for b in lines))
        known = records.find(Reconciliation, Reconciliation.create_id(fingerprint))
        if known is not None:
            done.already = True
            for line in lines:
                positions = next((p for n, *_, p in known.lines if n == line.line), [])
                if positions:
                    done.matched.append((line, Movement(tuple(positions), line.day,
                                                        line.amount, line.reference, "")))
                else:
                    done.unmatched.append(line)
            done.not_shown = movements(engine, between=between)
            return done
        waiting: dict[tuple[str, Decimal], list[Movement]] = {}
        for m in movements(engine, references=[b.reference for b in lines if b.reference]):
            waiting.setdefault((m.reference.casefold(), m.amount), []).append(m)
        recorded = []
        for line in lines:
            found = waiting.get((line.reference.casefold(), line.amount)) if line.reference \
                else None
            if found:
                movement = found.pop(0)
                done.matched.append((line, movement))
                recorded.append([line.line, line.day.isoformat(), f"{line.amount:.2f}",
                                 line.reference, list(movement.positions)])
            else:
                done.unmatched.append(line)
                recorded.append([line.line, line.day.isoformat(), f"{line.amount:.2f}",
                                 line.reference, []])
        taken = {p for _, m in done.matched for p in m.positions}
        done.not_shown = [m for m in movements(engine, between=between)
                          if not taken & set(m.positions)]
        records.save(Reconciliation(fingerprint, statement, recorded, records.operator,
                                    records.when(between[1])))
        return done

    def _balances(self, lines: list[Any]) -> list[DayBalance]:
        """The bank's balance at the end of each day it states one, against the books' cash
        of that day: the balance after the day's last line (a statement listed newest first
        is read from its end)."""
        stated = [b for b in lines if b.balance is not None]
        if not stated:
            return []
        ordered = sorted(stated, key=lambda b: b.line)
        if ordered[0].day > ordered[-1].day:
            ordered.reverse()
        closing: dict[date, Decimal] = {}
        for b in ordered:
            closing[b.day] = b.balance
        return [DayBalance(day, balance, self.books_cash(day))
                for day, balance in sorted(closing.items())]

    def books_cash(self, on: date) -> Decimal:
        """The cash of the books at the end of `on`."""
        self.records.views.catch_up()
        return answers.balance(self.records.views.engine, on)["cash"]


def check_assertions(engine: Engine, t: Translator = ENGLISH) -> list[str]:
    """Each bank statement whose closing cash the books do not show, with the difference (told
    in `t`'s language)."""
    problems = []
    for row in cash.stated_balances(engine):
        books = answers.balance(engine, row["day"])["cash"]
        stated = from_fen(row["fen"])
        if books != stated:
            problems.append(t(N_("position {position}: bank statement {reference} says the "
                                 "cash was {stated} at the end of {day}; the books say {books} "
                                 "(difference {difference:+.2f})"), position=row["position"],
                              reference=row["reference"], stated=stated, day=row["day"],
                              books=books, difference=stated - books))
    return problems


@dataclass(frozen=True)
class Movement:
    """Cash the fund recorded moving: one event's, or a deposit's receipts together."""

    positions: tuple[int, ...]
    day: date
    amount: Decimal
    reference: str
    what: str  # the event's name, or `DEPOSIT` (a code shown in words)


@dataclass(frozen=True)
class DayBalance:
    """What the bank says the fund held at the end of a day, and what the books say."""

    day: date
    statement: Decimal
    books: Decimal

    @property
    def difference(self) -> Decimal:
        return self.statement - self.books


@dataclass
class Reconciled:
    """A bank statement against the record: what matched, the bank's lines the fund has not
    recorded, and the fund's movements in the statement's dates the bank does not show."""

    fingerprint: str
    statement: str
    lines: int
    matched: list[tuple[Any, Movement]] = field(default_factory=list)
    unmatched: list[Any] = field(default_factory=list)  # the bank's lines
    not_shown: list[Movement] = field(default_factory=list)  # the fund's movements
    zero: list[Any] = field(default_factory=list)  # the bank's lines of no amount
    balances: list[DayBalance] = field(default_factory=list)  # each day's closing balance
    already: bool = False

    @property
    def disagreeing(self) -> list[DayBalance]:
        return [b for b in self.balances if b.difference]


def movements(engine: Engine, references: list[str] | None = None,
              between: tuple[date, date] | None = None) -> list[Movement]:
    """The cash movements not yet matched to a bank line: those under `references`, or those
    dated `between`; a deposit's receipts as one movement under the deposit's reference."""
    if references is None:
        rows = cash.unmatched_movements(engine, between=between)
    else:
        wanted = list(dict.fromkeys(r.casefold() for r in references))
        inside = cash.deposited_receipts(engine, folded_deposits=wanted)
        rows = cash.unmatched_movements(engine, folded=wanted + [r.casefold() for r in inside])
    deposits = cash.deposited_receipts(
        engine, receipts=[r.reference for r in rows if r.event.startswith("Enrollment.")])
    found, together = [], {}
    for r in sorted(rows, key=lambda r: r.position):
        deposit = deposits.get(r.reference) if r.event.startswith("Enrollment.") and r.fen > 0 \
            else None
        if deposit is None:
            found.append(Movement((r.position,), r.effective, from_fen(r.fen), r.reference,
                                  r.event))
        else:
            together.setdefault(deposit, []).append(r)
    for deposit, parts in together.items():
        found.append(Movement(tuple(p.position for p in parts), max(p.effective for p in parts),
                              from_fen(sum(p.fen for p in parts)), deposit, DEPOSIT))
    return sorted(found, key=lambda m: (m.day, m.positions))
