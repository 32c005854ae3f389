"""Steps of the year, children, contributions and the books."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from pytest_bdd import given, parsers, then, when
from sqlalchemy import func, select

from ledger.app.audit import rebuild
from ledger.errors import InputError, NotFound, RuleViolation
from ledger.projections import queries
from ledger.projections.tables import journal
from steps.world import amount, attempt, d

PUBLISHED_OPENED_ON = date(2026, 7, 1)


# -- the year ---------------------------------------------------------------------------------


@given(parsers.parse("the plan year {year} is open with its published rules"))
def year_open(fund, published_rules, year):
    assert year == "2026-2027"
    fund.open_year(published_rules, PUBLISHED_OPENED_ON)


@given(parsers.parse("the plan year {year} is open with an inpatient deductible of {one}, {two} "
                     "and {three} by hospital level"))
def year_open_deductibles(fund, published_rules, year, one, two, three):
    assert year == "2026-2027"
    flat = 'inpatient_deductible = "100.00"'
    assert flat in published_rules
    by_level = f'inpatient_deductible = {{ 1 = "{one}", 2 = "{two}", 3 = "{three}" }}'
    fund.open_year(published_rules.replace(flat, by_level), PUBLISHED_OPENED_ON)


@given(parsers.parse("the plan year {year} was opened on {day} with its published rules"))
def year_opened_on(fund, published_rules, year, day):
    assert year == "2026-2027"
    fund.open_year(published_rules, d(day))


@given(parsers.parse("the published rules of 2026-2027 with the line {line} written as {written}"))
def rules_with_line(world, published_rules, line, written):
    assert published_rules.count(line) >= 1, line
    world.rules_text = published_rules.replace(line, written, 1)


@when("the administrator opens a plan year from that file")
def open_from_file(world, fund):
    attempt(world, fund.open_year, world.rules_text, PUBLISHED_OPENED_ON)


def rules_for(published: str, year: str, starts: date, ends: date) -> str:
    return (
        published.replace('year = "2026-2027"', f'year = "{year}"')
        .replace("starts = 2026-09-01", f"starts = {starts}")
        .replace("ends = 2027-08-31", f"ends = {ends}")
        .replace("window_opens = 2026-09-01", f"window_opens = {starts}")
        .replace("window_closes = 2026-11-30", f"window_closes = {starts + timedelta(days=60)}")
    )


@when(parsers.parse("the administrator opens the plan year {year} from {starts} to {ends}"))
def open_other_year(world, fund, published_rules, year, starts, ends):
    text = rules_for(published_rules, year, d(starts), d(ends))
    attempt(world, fund.open_year, text, PUBLISHED_OPENED_ON)


@then(parsers.parse("plan year {year} is on record"))
def year_on_record(fund, year):
    assert fund.year_statement(year)["year"] == year


@then(parsers.parse("plan year {year} is not on record"))
def year_not_on_record(fund, year):
    with pytest.raises(NotFound):
        fund.year_statement(year)


@then("no plan year is on record")
def no_year(fund):
    assert fund.recorder.max_notification_id() in (None, 0)
    with pytest.raises(NotFound):
        fund.year_statement("2026-2027")


@when(parsers.parse("the board amends the contribution to {new} on {day}"))
def amend_contribution(world, fund, published_rules, new, day):
    text = published_rules.replace('amount = "120.00"', f'amount = "{new}"', 1)
    attempt(world, fund.amend_year, text, d(day))


@then(parsers.parse("the amendment is {outcome}"))
def amendment_outcome(world, fund, outcome):
    check_outcome(world, outcome)
    if outcome == "accepted":
        assert fund.year_statement("2026-2027")["rules_version"] == 2


def check_outcome(world, outcome: str) -> None:
    if outcome == "accepted":
        assert world.error is None, world.error
    else:
        rule = outcome.removeprefix("refused by the rule ").strip().strip('"')
        assert isinstance(world.error, RuleViolation), world.error
        assert world.error.rule == rule


# -- children and contributions ------------------------------------------------------------


@given(parsers.parse("a child {member} born {born} is registered"))
def child(fund, member, born):
    fund.register_child(member, f"Child {member}", d(born), "Guardian")


@when(parsers.parse("a child {member} born {born} is registered again"))
def child_again(world, fund, member, born):
    attempt(world, fund.register_child, member, f"Other {member}", d(born), "Guardian")


@given(parsers.parse("a {category} child {member} born {born} is registered with evidence {evidence}"))
def hardship_child(fund, category, member, born, evidence):
    fund.register_child(member, f"Child {member}", d(born), "Guardian", category, evidence)


@when(parsers.parse("a {category} child {member} born {born} is registered with evidence {evidence}"))
def hardship_child_now(world, fund, category, member, born, evidence):
    attempt(world, fund.register_child, member, f"Child {member}", d(born), "Guardian",
            category, evidence)


@then(parsers.parse("no child {member} is registered"))
def not_registered(fund, member):
    with pytest.raises(NotFound):
        fund.member(member)


@when(parsers.parse("the family pays {paid} for {member} in {year} on {day} with receipt {receipt}"))
def pays_amount(world, fund, paid, member, year, day, receipt):
    attempt(world, fund.contribute, member, year, receipt, d(day), amount(paid))


def on_the_receipt(fund, member, year, day):
    """What a paying family's receipt says: the year's amount for the child (a hardship
    child's enrollment, by the status on the day, has no amount)."""
    from ledger.coverage import amount_due, is_hardship

    rules, child = fund.plan_year(year).rules, fund.member(member)
    return None if is_hardship(rules, child.hardship_on(day)) else amount_due(rules, child.born)


def enroll(fund, member, year, day, receipt):
    return fund.contribute(member, year, receipt, day, on_the_receipt(fund, member, year, day))


@when(parsers.parse("the family pays for {member} in {year} on {day} with receipt {receipt}"))
@when(parsers.parse("{member} is enrolled in {year} on {day} with receipt {receipt}"))
def pays(world, fund, member, year, day, receipt):
    attempt(world, enroll, fund, member, year, d(day), receipt)


@when(parsers.parse("the family's contribution for {member} in {year} on {day} with receipt "
                    "{receipt} is entered without its amount"))
def pays_nothing_typed(world, fund, member, year, day, receipt):
    attempt(world, fund.contribute, member, year, receipt, d(day))


@given(parsers.parse("the family paid for {member} in {year} on {day} with receipt {receipt}"))
@given(parsers.parse("{member} was enrolled in {year} on {day} with receipt {receipt}"))
def paid(fund, member, year, day, receipt):
    enroll(fund, member, year, d(day), receipt)


def year_of(fund, member, year):
    return fund.member_statement(member)["years"].get(year)


@then(parsers.parse("{member} is enrolled in {year} having paid {paid}"))
def enrolled_paid(world, fund, member, year, paid):
    assert world.error is None, world.error
    row = year_of(fund, member, year)
    assert row["status"] == "enrolled"
    assert row["paid"] == amount(paid)


@then(parsers.parse("{member} is not enrolled in {year}"))
def not_enrolled(fund, member, year):
    row = year_of(fund, member, year)
    assert row is None or row["status"] != "enrolled"


@then(parsers.parse("{member} is covered in {year} from {day}"))
def covered_from(world, fund, member, year, day):
    assert world.error is None, world.error
    assert year_of(fund, member, year)["covered_from"] == d(day)


@then(parsers.parse("{member} is not covered in {year}"))
def not_covered(fund, member, year):
    row = year_of(fund, member, year)
    assert row is None or row["covered_from"] is None


@then(parsers.parse('the command is refused by the rule "{rule}"'))
def refused_by_rule(world, rule):
    assert isinstance(world.error, RuleViolation), world.error
    assert world.error.rule == rule


@then(parsers.parse('the command is refused as bad input naming "{key}"'))
def refused_input(world, key):
    assert isinstance(world.error, InputError), world.error
    # The board reads "in scope"; the field is in_scope.
    assert key in str(world.error) or key.replace(" ", "_") in str(world.error), world.error


@then(parsers.parse("the enrollment of {member} is {outcome}"))
def enrollment_outcome(world, fund, member, outcome):
    check_outcome(world, outcome)


@then("the command succeeds, saying the receipt was already recorded")
def duplicate(world):
    assert world.error is None, world.error
    assert world.result.duplicate


@when(parsers.parse('receipt {receipt} is reversed on {day} because "{reason}"'))
def reverse(world, fund, receipt, day, reason):
    attempt(world, fund.reverse_contribution, receipt, reason, d(day))


@given(parsers.parse('receipt {receipt} was reversed on {day} because "{reason}"'))
def reversed_(fund, receipt, day, reason):
    fund.reverse_contribution(receipt, reason, d(day))


@then(parsers.parse('the history of {ref} shows "{first}" then "{second}"'))
def history_order(fund, ref, first, second):
    names = [e["event"] for e in fund.history(ref)]
    assert first in names and second in names, names
    assert names.index(first) < names.index(second)


# -- money in -------------------------------------------------------------------------------


@given(parsers.parse('a donation of {value} from "{donor}" with reference {ref} on {day}'))
def donation(fund, value, donor, ref, day):
    fund.record_donation(amount(value), donor, ref, d(day))


@when(parsers.parse('a donation of {value} from "{donor}" with reference {ref} on {day} is recorded'))
def donation_again(world, fund, value, donor, ref, day):
    attempt(world, fund.record_donation, amount(value), donor, ref, d(day))


@when(parsers.parse("the subsidy payer remits {value} with reference {ref} on {day}"))
def remit(world, fund, value, ref, day):
    attempt(world, fund.receive_subsidy, amount(value), ref, d(day))


@then(parsers.parse("the subsidy receivable is {value}"))
def subsidy_receivable(fund, value):
    assert fund.balance()["subsidy_receivable"] == amount(value)


@then(parsers.parse("the fund's cash is {value}"))
def cash(fund, value):
    assert fund.balance()["cash"] == amount(value)


@then(parsers.parse("the fund's donation income is {value}"))
def donation_income(fund, value):
    assert fund.balance()["income"]["donations"] == amount(value)


# -- the books ------------------------------------------------------------------------------


@given("the fund's books are empty")
def books_empty(fund):
    b = fund.balance()
    assert b["cash"] == 0 and b["trial_balance"] == 0


@when("a family pays for a child")
def family_pays(fund):
    fund.register_child("B1", "Child B1", date(2015, 5, 1), "Guardian")
    enroll(fund, "B1", "2026-2027", date(2026, 9, 15), "RB1")


@when("a hardship child is enrolled")
def hardship_enrolled(fund):
    fund.register_child("B2", "Child B2", date(2015, 5, 1), "Guardian", "low-income", "EV")
    enroll(fund, "B2", "2026-2027", date(2026, 9, 15), "RB2")


@when(parsers.parse("a donation of {value} is received"))
def donation_received(fund, value):
    fund.record_donation(amount(value), "A donor", "DB1", date(2026, 10, 1))


@when("a contribution is reversed")
def contribution_reversed(fund):
    family_pays(fund)
    fund.reverse_contribution("RB1", "entered twice", date(2026, 9, 16))


@when(parsers.parse("the subsidy payer remits {value} for a hardship child"))
def remits_for_child(fund, value):
    hardship_enrolled(fund)
    fund.receive_subsidy(amount(value), "SB1", date(2026, 12, 1))


@then(parsers.parse("the journal entry debits {debit} and credits {credit} by {value}"))
def last_entry(fund, debit, credit, value):
    fund.views.catch_up()
    with fund.views.engine.connect() as conn:
        last = conn.execute(select(func.max(journal.c.position))).scalar_one()
        rows = conn.execute(
            select(journal.c.account, journal.c.fen).where(journal.c.position == last)
        ).all()
    fen = int(amount(value) * 100)
    # The board reads "contribution income"; the chart of accounts says contribution_income.
    debit, credit = (name.strip().replace(" ", "_") for name in (debit, credit))
    assert sorted(rows) == sorted([(debit, fen), (credit, -fen)])


@then("the entry posts:")
def entry_posts(fund, datatable):
    """The last journal entry, account by account (an account posted twice, summed): debits
    and credits as the board reads them, "claims payable" for claims_payable."""
    fund.views.catch_up()
    with fund.views.engine.connect() as conn:
        last = conn.execute(select(func.max(journal.c.position))).scalar_one()
        rows = conn.execute(
            select(journal.c.account, func.sum(journal.c.fen)).where(journal.c.position == last)
            .group_by(journal.c.account)).all()
    header, *lines = datatable
    expected = {}
    for line in lines:
        row = dict(zip(header, (cell.strip() for cell in line)))
        fen = int(amount(row["debit"] or "0") * 100) - int(amount(row["credit"] or "0") * 100)
        expected[row["account"].replace(" ", "_")] = fen
    assert dict(rows) == expected


@then(parsers.re(r"the trial balance is (?P<value>-?\d+\.\d{2})$"))
def trial_balance(fund, value):
    assert fund.balance()["trial_balance"] == amount(value)


@given(parsers.parse("{n:d} children are enrolled in the window, {h:d} of them hardship children"))
def many_children(world, fund, n, h):
    for i in range(n):
        member = f"K{i:03d}"
        hardship = ("low-income", f"EV-{i}") if i < h else (None, None)
        fund.register_child(member, f"Child {i}", date(2012, 1, 1) + timedelta(days=97 * i),
                            "Guardian", *hardship)
        enroll(fund, member, "2026-2027", date(2026, 9, 1) + timedelta(days=i), f"RK{i:03d}")
        world.receipts.append(f"RK{i:03d}")


@given(parsers.parse("a donation of {value} is received on {day}"))
def donation_on(fund, value, day):
    fund.record_donation(amount(value), "A donor", f"D-{day}", d(day))


@given(parsers.parse("one contribution is reversed on {day}"))
def one_reversed(world, fund, day):
    fund.reverse_contribution(world.receipts[-1], "entered twice", d(day))


@then("the trial balance is zero after every event")
def zero_everywhere(fund):
    fund.views.catch_up()
    assert queries.trial_balance_by_position(fund.views.engine) == []
    running = Decimal(0)
    with fund.views.engine.connect() as conn:
        for _, fen in conn.execute(
            select(journal.c.position, func.sum(journal.c.fen)).group_by(journal.c.position)
            .order_by(journal.c.position)
        ):
            running += fen
            assert running == 0


@then("the books rebuilt from the record are the same")
def replay_same(fund):
    assert rebuild(fund).identical


@then("the balances as of these dates are:")
def balances_as_of(fund, datatable):
    header, *rows = datatable
    for row in rows:
        values = dict(zip(header, row))
        b = fund.balance(d(values["as of"]))
        assert b["cash"] == amount(values["cash"]), values
        assert b["income"]["contributions"] == amount(values["contributions"]), values
