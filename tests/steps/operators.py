"""Step definitions of operators.feature: people in roles, and four eyes."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from ledger.errors import RuleViolation
from steps.claims import statement, submit
from steps.world import amount, attempt, d

STAFFED_ON = d("2026-09-01")
# The board's words for a piece of work, and the command that does it.
WORK = {"submit a claim": "claim submit", "approve a claim": "claim approve",
        "run a payout": "payout run", "open a plan year": "year open",
        "add an operator": "operator add", "read the balances": "balance",
        "enroll a child": "contribute"}


def who(name: str) -> str:
    return name.strip().lower()


@given("the fund's operators are Wang, a manager, Li, a clerk, Zhang and Zhao, assessors, Chen, "
       "a treasurer, and Zhou, an auditor")
def staffed(fund):
    for person, role in (("wang", "manager"), ("li", "clerk"), ("zhang", "assessor"),
                         ("zhao", "assessor"), ("chen", "treasurer"), ("zhou", "auditor")):
        fund.operators.add(person, role, STAFFED_ON)


@given("no operator is on record")
@then("no operator is on record")
def unstaffed(fund):
    assert fund.reads.operators() == []


@when(parsers.parse("{person:w} sets out to {work}"))
def sets_out(world, fund, person, work):
    with fund.acting(who(person)):
        attempt(world, fund.authorise, WORK[work])


@then(parsers.parse("it is {outcome}"))
def outcome(world, outcome):
    if outcome == "allowed":
        assert world.error is None, world.error
    else:
        rule = outcome.removeprefix("refused by the rule ").strip().strip('"')
        assert isinstance(world.error, RuleViolation), world.error
        assert world.error.rule == rule, world.error


@given(parsers.parse('Wang removed {person:w} on {day} because "{reason}"'))
def removed(fund, person, day, reason):
    with fund.acting("wang"):
        fund.operators.remove(who(person), reason, d(day))


@when(parsers.parse("Wang removes {person:w}"))
def removes(world, fund, person):
    with fund.acting("wang"):
        attempt(world, fund.operators.remove, who(person), "", d("2026-10-01"))


@when(parsers.parse("Wang adds {person:w} as a {role:w}"))
def adds(world, fund, person, role):
    with fund.acting("wang"):
        attempt(world, fund.operators.add, who(person), role, d("2026-10-01"))


@given(parsers.parse("Wang made {person:w} an {role:w} on {day}"))
@given(parsers.parse("Wang made {person:w} a {role:w} on {day}"))
def made(fund, person, role, day):
    with fund.acting("wang"):
        fund.operators.add(who(person), role, d(day))


@then(parsers.parse("{person:w} is on the list of operators as it stood on {before}, and not on "
                    "{after}"))
def listed_then(fund, person, before, after):
    assert who(person) in [o["operator"] for o in fund.reads.operators(d(before))]
    assert who(person) not in [o["operator"] for o in fund.reads.operators(d(after))]
    assert who(person) not in [o["operator"] for o in fund.reads.operators()]


@given(parsers.parse("{person:w} submitted claim {claim:w} for {member:w} at {hospital:w} for an "
                     "admission on {day}, billed {total} with {in_scope} in scope"))
def submitted_by(fund, person, claim, member, hospital, day, total, in_scope):
    with fund.acting(who(person)):
        submit(fund, claim, member, hospital, total=total, in_scope=in_scope, admitted=d(day),
               discharged=d(day))


@when(parsers.parse("{person:w} approves claim {claim:w} on {day}"))
def approves(world, fund, person, claim, day):
    with fund.acting(who(person)):
        attempt(world, fund.approve_claim, claim, d(day))


@given(parsers.parse("{person:w} approved claim {claim:w} on {day}"))
def approved_by(fund, person, claim, day):
    with fund.acting(who(person)):
        fund.approve_claim(claim, d(day))


@when(parsers.parse("{person:w} corrects claim {claim:w} to {in_scope} in scope on {day}"))
def corrects(world, fund, person, claim, in_scope, day):
    with fund.acting(who(person)):
        attempt(world, fund.correct_claim, claim, "a wrong line on the bill",
                in_scope=amount(in_scope), on=d(day))


@when(parsers.parse("{person:w} approves every assessed claim on {day}"))
def approves_all(world, fund, person, day):
    with fund.acting(who(person)):
        attempt(world, fund.claims.approve_all, on=d(day))


@then(parsers.parse("claim {claim:w} is left for another assessor, still waiting for approval"))
def left(world, fund, claim):
    assert world.result.left == [claim], world.result
    assert statement(fund, claim)["status"] == "assessed"


@given(parsers.parse("{person:w} rejected claim {claim:w} as {reason:w} on {day}"))
def rejected_by(fund, person, claim, reason, day):
    with fund.acting(who(person)):
        fund.reject_claim(claim, reason, "", d(day))


@given(parsers.parse('{person:w} recorded the family\'s appeal on claim {claim:w} on {day} '
                     'because "{reason}"'))
def appeal_recorded(fund, person, claim, day, reason):
    with fund.acting(who(person)):
        fund.claims.appeal(claim, reason, d(day))


@when(parsers.parse("{person:w} overturns the appeal on claim {claim:w} on {day}"))
def overturns(world, fund, person, claim, day):
    with fund.acting(who(person)):
        attempt(world, fund.claims.decide_appeal, claim, True, "the summary is attached",
                on=d(day))


@then(parsers.parse("{claim:w}'s history shows who did what: Li submitted, Zhang rejected, Li "
                    "recorded the appeal, Zhao decided it"))
def who_did_what(fund, claim):
    seen = [(e["event"], e["operator"]) for e in fund.history(claim)]
    wanted = [("Claim.Submitted", "li"), ("Claim.Rejected", "zhang"), ("Claim.Appealed", "li"),
              ("Claim.AppealDecided", "zhao")]
    assert [s for s in seen if s in wanted] == wanted, seen


@then(parsers.re(r"claim (?P<claim>\w+) pays (?P<payout>[\d.]+)$"))
def pays(world, fund, claim, payout):
    assert world.error is None, world.error
    found = statement(fund, claim)
    assert (found["status"], found["payout"]) == ("approved", amount(payout)), found
