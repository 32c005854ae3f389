"""Step definitions of board.feature: the suggested contribution, a proposal tried on past
claims, renewal reminders and the public notice of cases paid."""

from __future__ import annotations

from decimal import Decimal

from pytest_bdd import given, parsers, then, when

from ledger import experience
from ledger.experience import YearFigures
from steps.fund import rules_for
from steps.world import amount, d


def _figures(year: str, children: int, benefits: str, ended: bool = True) -> YearFigures:
    zero = Decimal("0.00")
    return YearFigures(year, ended, children, children, 0, zero, zero, zero, amount(benefits),
                       0, zero, None)


@given(parsers.parse("plan years that have ended with {children} children each and benefits "
                     "of {benefits}"))
def ended_years(world, children, benefits):
    counts = [int(c) for c in children.split("/")]
    paid = [b.strip() for b in benefits.split("/")]
    world.report = [_figures(f"{2023 + i}-{2024 + i}", n, b)
                    for i, (n, b) in enumerate(zip(counts, paid))]


@given(parsers.parse("a year still running with {children:d} children and benefits of "
                     "{benefits}"))
def running_year(world, children, benefits):
    world.report.append(_figures("2030-2031", children, benefits, ended=False))


@when(parsers.parse("the board asks for next year's contribution at a target loss ratio of "
                    "{target}"))
def asks(world, target):
    world.result = experience.suggest(world.report, amount(target))


@then(parsers.parse("the cost per child grew {trend} a year"))
def grew(world, trend):
    assert f"{world.result.trend * 100:.2f} %" == trend, world.result


@then(parsers.parse("the suggested contribution is {suggested:d} yuan per child"))
def suggested(world, suggested):
    assert world.result.amount == suggested, world.result


@when(parsers.parse("the board tries the published rules with an inpatient deductible of "
                    "{deductible} on the claims of {year}"))
def tries(world, fund, published_rules, deductible, year):
    from ledger.rules import parse_rules_text

    world.events_before = fund.recorder.max_notification_id()
    proposal = parse_rules_text(published_rules.replace(
        'inpatient_deductible = "100.00"', f'inpatient_deductible = "{deductible}"'))
    world.result = fund.reads.simulate(proposal, year)


@then(parsers.parse("the claims would pay {proposed} instead of {actual}"))
def would_pay(world, proposed, actual):
    assert (world.result.proposed.payouts, world.result.actual.payouts) == (
        amount(proposed), amount(actual))


@then(parsers.parse("the loss ratio would be {proposed} % instead of {actual} %"))
def loss_ratio(world, proposed, actual):
    assert (world.result.proposed.loss_ratio_percent,
            world.result.actual.loss_ratio_percent) == (amount(proposed), amount(actual))


@then(parsers.parse("the reserve would receive {less} less"))
def reserve_less(world, less):
    assert world.result.reserve_change == -amount(less)


@then("nothing new is on record")
def nothing_new(world, fund):
    assert fund.recorder.max_notification_id() == world.events_before


SCHOOL = {"Sunrise Primary": "朝阳小学", "Riverside Middle": "滨江中学"}


@given(parsers.parse("{member:w} of {school} was enrolled in {year} for {paid}"))
def enrolled_at_school(fund, member, school, year, paid):
    fund.register_child(member, f"Child {member}", d("2015-05-01"), f"Parent of {member}")
    fund.contribute(member, year, f"R-{member}-{year}", d("2026-09-10"), amount(paid),
                    SCHOOL[school])


@given(parsers.parse("the plan year {year} is open"))
def next_year_open(fund, published_rules, year):
    first = int(year[:4])
    fund.open_year(rules_for(published_rules, year, d(f"{first}-09-01"),
                             d(f"{first + 1}-08-31")), d(f"{first}-08-01"))


@given(parsers.parse("{member:w} renewed for {year}"))
def renewed(fund, member, year):
    fund.contribute(member, year, f"R-{member}-{year}", d(f"{year[:4]}-09-10"),
                    amount("120.00"))


@then(parsers.parse("the renewal reminders for {year} list {member:w} of {school} only"))
def reminders(fund, year, member, school):
    before, children = fund.reads.renewals(year)
    assert [(c["member"], c["school"]) for c in children] == [(member, SCHOOL[school])]


@then(parsers.parse("the notice of the cases paid in {month} shows case {n:d}: member "
                    "{masked}, aged {age:d}, level {level:d}, {treatment}, paid {paid} on {day}"))
def notice(world, fund, month, n, masked, age, level, treatment, paid, day):
    cases = fund.reads.cases_paid("2026-2027", month)
    world.result = cases
    assert cases[n - 1] == {"case": n, "member": masked, "age": age, "level": level,
                            "treatment": treatment, "paid": amount(paid), "paid_on": d(day)}


@then("it names neither the child, the guardian nor the bill")
def names_nothing(world, fund):
    shown = repr(world.result)
    for secret in ("Child C20260001", "Guardian", "B-C1", "C20260001"):
        assert secret not in shown, secret
