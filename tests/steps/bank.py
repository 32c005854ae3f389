"""Step definitions of bank.feature."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from decimal import Decimal

from pytest_bdd import given, parsers, then, when

from ledger.app import audit
from ledger.app.files import BankLine
from ledger.app.imports import RosterRow
from steps.world import amount, attempt, d


@when(parsers.parse("the bank statement {reference} says the fund held {held} at the end of "
                    "{day}"))
def statement_says(world, fund, reference, held, day):
    attempt(world, fund.bank.assert_cash, amount(held), d(day), reference)
    assert world.error is None, world.error


@then(parsers.re(r"the audit fails, naming statement (?P<reference>\S+) with a difference of "
                  r"(?P<difference>\S+)$"))
def audit_names_statement(fund, reference, difference):
    problems = audit.verify(fund)
    assert len(problems) == 1 and f"statement {reference}" in problems[0], problems
    assert f"(difference {difference})" in problems[0], problems


@given(parsers.parse("a school's roster of {n:d} paying children was paid in as deposit {ref} "
                     "on {day}"))
def roster_deposit(fund, n, ref, day):
    rows = [RosterRow(i + 2, f"S{i}", f"Child {i}", date(2015, 1, 1), "G", f"RS{i}", d(day),
                      Decimal("120.00"), None, None) for i in range(n)]
    fund.import_roster(lambda: iter(rows), "2026-2027")
    fund.bank.record_deposit(ref, "2026-2027", [(r.receipt, r.amount) for r in rows], d(day))


LINE = re.compile(r"([\d.]+) from (\S+) on ([\d-]+)")


@when(parsers.re(r"the bank statement shows (?P<shown>.+)$"))
def statement_shows(world, fund, shown):
    world.statement = [BankLine(i + 2, d(day), amount(value), ref, "")
                       for i, (value, ref, day) in enumerate(LINE.findall(shown))]
    world.fingerprint = hashlib.sha256(shown.encode()).hexdigest()
    world.events_before = fund.recorder.max_notification_id()
    world.result = fund.bank.reconcile("statement.csv", world.fingerprint, world.statement)


@when("the same statement is matched again")
def matched_again(world, fund):
    world.events_before = fund.recorder.max_notification_id()
    world.result = fund.bank.reconcile("statement.csv", world.fingerprint, world.statement)


@then(parsers.parse("{n:d} lines are matched, and the line of {value} from {ref} is not"))
def lines_matched(world, n, value, ref):
    assert len(world.result.matched) == n
    assert [(b.amount, b.reference) for b in world.result.unmatched] == [(amount(value), ref)]


@then(parsers.parse("nothing more is recorded, and the same {n:d} lines are matched"))
def nothing_more(world, fund, n):
    assert world.result.already
    assert fund.recorder.max_notification_id() == world.events_before
    assert len(world.result.matched) == n
