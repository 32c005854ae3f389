"""Step definitions of claims.feature and payouts.feature."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pytest_bdd import given, parsers, then, when

from ledger.errors import NotFound
from ledger.money import money
from steps.world import amount, attempt, d

SUBMITTED = date(2026, 10, 10)
APPROVED = date(2026, 10, 20)
CLAIM = (r"(?P<member>\w+) claims (?P<claim>\w+) for (?P<claim_type>inpatient|outpatient-major) "
         r"treatment at (?P<hospital>\w+)(?: with diagnosis (?P<package>\w+))? billed "
         r"(?P<total>[\d.]+) with (?P<in_scope>[\d.]+) in scope and (?P<other>[\d.]+) paid by others$")
CLAIMED = (r"(?P<member>\w+) claimed (?P<claim>\w+) for (?P<claim_type>inpatient|outpatient-major) "
           r"treatment at (?P<hospital>\w+)(?: with diagnosis (?P<package>\w+))? billed "
           r"(?P<total>[\d.]+) with (?P<in_scope>[\d.]+) in scope(?:, (?P<outcome>approved|rejected as \w+))?$")


def submit(fund, claim, member, hospital, claim_type="inpatient", total="1000.00",
           in_scope="1000.00", other="0.00", package=None, admitted=date(2026, 10, 1),
           discharged=date(2026, 10, 5), on=SUBMITTED, bill=None, replaces=None):
    return fund.submit_claim(claim, member, hospital, bill or f"B-{claim}", claim_type, admitted,
                             discharged, amount(total), amount(in_scope), amount(other), package,
                             on, replaces)


@given("designated hospitals H1 of level 1, H2 of level 2 and H3 of level 3")
def hospitals(fund):
    for level in (1, 2, 3):
        fund.register_hospital(f"H{level}", f"Hospital of level {level}", level, date(2026, 7, 1))


@given(parsers.parse("{member:w}, born {born}, enrolled on {day} for {paid}"))
def enrolled_child(fund, member, born="2015-05-01", day="2026-09-10", paid="120.00"):
    fund.register_child(member, f"Child {member}", d(born), "Guardian")
    fund.contribute(member, "2026-2027", f"R-{member}", d(day), amount(paid))


@given(parsers.parse("{member:w}, a {category} child born {born}, enrolled free on {day}"))
def enrolled_hardship_child(fund, category, member, born="2015-05-01", day="2026-09-10"):
    fund.register_child(member, f"Child {member}", d(born), "Guardian", category, "EV")
    fund.contribute(member, "2026-2027", f"R-{member}", d(day))


@when(parsers.re(CLAIM))
def claims(world, fund, member, claim, claim_type, hospital, package, total, in_scope, other):
    world.books_before = fund.balance()
    attempt(world, submit, fund, claim, member, hospital, claim_type, total, in_scope, other, package)
    world.claim = claim


@given(parsers.re(CLAIMED))
def claimed(world, fund, member, claim, claim_type, hospital, package, total, in_scope, outcome):
    submit(fund, claim, member, hospital, claim_type, total, in_scope, "0.00", package)
    if outcome == "approved":
        fund.approve_claim(claim, APPROVED)
    elif outcome:
        fund.reject_claim(claim, outcome.removeprefix("rejected as "), "", APPROVED)
    world.claim = claim


def statement(fund, claim):
    return fund.claim_statement(claim)


@then(parsers.parse("claim {claim:w} is assessed at base {base}, deductible {deductible}, ratio {ratio}"))
def assessed_at(world, fund, claim, base, deductible, ratio):
    assert world.error is None, world.error
    s = statement(fund, claim)
    assert (s["base"], s["deductible"], s["ratio"]) == (amount(base), amount(deductible), amount(ratio))


@then(parsers.parse("the fund pays {payout} and the family pays {family}"))
def pays_family(world, fund, payout, family):
    s = statement(fund, world.claim)
    assert (s["payout"], s["family_pays"]) == (amount(payout), amount(family))


@then(parsers.parse("the fund pays {payout} and medical assistance pays {assistance}"))
def pays_assistance(world, fund, payout, assistance):
    s = statement(fund, world.claim)
    assert (s["payout"], s["assistance"]) == (amount(payout), amount(assistance))


@then(parsers.parse("claim {claim:w} is computed at {computed} with {cap_left} of the cap left"))
def computed_cap(fund, claim, computed, cap_left):
    s = statement(fund, claim)
    assert (s["computed"], s["cap_left"]) == (amount(computed), amount(cap_left))


@when(parsers.parse("claim {claim:w} is approved"))
def approve(world, fund, claim):
    attempt(world, fund.approve_claim, claim, APPROVED)
    assert world.error is None, world.error


@then(parsers.parse("{member:w} has {left} of the cap left in {year}"))
def cap_left(fund, member, left, year):
    assert fund.member_statement(member)["years"][year]["cap_left"] == amount(left)


@then(parsers.parse("claim {claim:w} pays {payout} and is marked as cut to the cap"))
def cut_to_cap(fund, claim, payout):
    s = statement(fund, claim)
    assert s["payout"] == amount(payout) and s["cap_applied"] is True


@given("nothing else")
def nothing_else():
    pass


@given("M1's contribution was reversed")
def m1_reversed(fund):
    fund.reverse_contribution("R-M1", "paid for the wrong child", date(2026, 9, 12))


@given(parsers.parse("M1 has a claim C8 on bill B9 at H3"))
def claim_c8(fund):
    submit(fund, "C8", "M1", "H3", bill="B9")


@when(parsers.parse("{member:w} claims {claim:w} at {hospital:w} for an admission on {admitted}, "
                    "discharged {discharged}, submitted {submitted}, bill {bill:w}"))
def claims_dated(world, fund, member, claim, hospital, admitted, discharged, submitted, bill):
    world.books_before = fund.balance()
    attempt(world, submit, fund, claim, member, hospital, admitted=d(admitted),
            discharged=d(discharged), on=d(submitted), bill=bill)


@then(parsers.parse("claim {claim:w} is rejected with the reason {reason:w}"))
def rejected_with(world, fund, claim, reason):
    assert world.error is None, world.error
    s = statement(fund, claim)
    assert (s["status"], s["reason"]) == ("rejected", reason)


@then(parsers.parse("claim {claim:w} is {status:w}"))
def claim_status(world, fund, claim, status):
    assert world.error is None, world.error
    assert statement(fund, claim)["status"] == status


@then("the books do not change")
def books_unchanged(world, fund):
    assert fund.balance() == world.books_before


@then(parsers.parse("no claim {claim:w} is on record"))
def no_claim(fund, claim):
    try:
        fund.claim_statement(claim)
    except NotFound:
        return
    raise AssertionError(f"claim {claim} is on record")


@when(parsers.parse("{member:w} resubmits it as {claim:w}, replacing {old:w}, on another bill"))
def resubmit_on_another_bill(world, fund, member, claim, old):
    s = statement(fund, old)
    attempt(world, submit, fund, claim, member, s["hospital"], s["type"], str(s["total"]),
            str(s["in_scope"]), str(s["other_paid"]), bill=f"{s['bill']}-2", replaces=old,
            on=date(2026, 10, 26))


@when(parsers.parse("{member:w} resubmits it as {claim:w}, replacing {old:w}, on the same bill"))
@given(parsers.parse("{member:w} resubmitted it as {claim:w}, replacing {old:w}, on the same "
                     "bill"))
def resubmit(world, fund, member, claim, old):
    s = statement(fund, old)
    attempt(world, submit, fund, claim, member, s["hospital"], s["type"], str(s["total"]),
            str(s["in_scope"]), str(s["other_paid"]), bill=s["bill"], replaces=old,
            on=date(2026, 10, 25))
    assert world.error is None, world.error


@when(parsers.parse('claim {claim:w} is corrected to {in_scope} in scope because "{reason}"'))
def corrected(world, fund, claim, in_scope, reason):
    attempt(world, fund.correct_claim, claim, reason, None, amount(in_scope), None,
            date(2026, 11, 1))
    assert world.error is None, world.error


@when(parsers.parse('claim {claim:w} is corrected to {in_scope} in scope on {day} because '
                    '"{reason}"'))
def corrected_on(world, fund, claim, in_scope, day, reason):
    attempt(world, fund.correct_claim, claim, reason, None, amount(in_scope), None, d(day))
    assert world.error is None, world.error


@when(parsers.parse("claim {claim:w} is approved on {day}"))
@when(parsers.parse("claim {claim:w} is approved again on {day}"))
def approved_again(world, fund, claim, day):
    attempt(world, fund.approve_claim, claim, d(day))
    assert world.error is None, world.error


@then(parsers.parse("the family owes back {value} on claim {claim:w}"))
def owed_back(fund, value, claim):
    assert statement(fund, claim)["recovery"] == amount(value)
    assert fund.balance()["recovery_receivable"] == amount(value)


@given(parsers.parse("claim {claim:w} was corrected to {in_scope} in scope on {day} and "
                      "approved again on {again}"))
def corrected_and_approved(world, fund, claim, in_scope, day, again):
    corrected_on(world, fund, claim, in_scope, day, "the bill checked again")
    approved_again(world, fund, claim, again)


@when(parsers.parse("the family repays {value} on claim {claim:w} with reference {ref} on {day}"))
@given(parsers.parse("the family repaid {value} on claim {claim:w} with reference {ref} on {day}"))
def repays(world, fund, value, claim, ref, day):
    attempt(world, fund.collect_recovery, claim, amount(value), ref, d(day))


@then("the repayment is recorded")
def repayment_recorded(world):
    assert world.error is None, world.error
    assert world.result is True


@then("the repayment was already recorded")
def repayment_duplicate(world):
    assert world.error is None, world.error
    assert world.result is False


@then(parsers.parse("the fund's benefit expense is {value}"))
def benefit_expense(fund, value):
    assert fund.balance()["benefits"] == amount(value)


# -- payout runs ------------------------------------------------------------------------------


def in_scope_for(payout: Decimal, ratio: Decimal = Decimal("0.90")) -> Decimal:
    """An in-scope amount whose outpatient-major payout at a level-1 hospital is `payout`."""
    guess = money(payout / ratio)
    for step in range(-3, 4):
        candidate = guess + Decimal(step) / 100
        if money(candidate * ratio) == payout:
            return candidate
    raise AssertionError(payout)


@given(parsers.parse("approved claims payable of {amounts}, in that order of approval"))
def approved_payables(world, fund, amounts):
    world.payables = []
    for i, value in enumerate(a.strip() for a in amounts.split(",")):
        member, claim = f"Q{i}", f"Q-CLAIM-{i}"
        # Hardship children pay no contribution, so the fund's cash is only what a step puts in.
        enrolled_hardship_child(fund, "low-income", member)
        scope = in_scope_for(amount(value))
        submit(fund, claim, member, "H1", "outpatient-major", str(scope), str(scope))
        fund.approve_claim(claim, APPROVED)
        assert statement(fund, claim)["payout"] == amount(value)
        world.payables.append(claim)


@given(parsers.parse("the fund holds {cash} in cash"))
def holds_cash(fund, cash):
    held = fund.balance()["cash"]
    fund.record_donation(amount(cash) - held, "A donor", "HOLD", date(2027, 1, 1))
    assert fund.balance()["cash"] == amount(cash)


@when(parsers.parse("a payout run is made on {day}"))
@given(parsers.parse("a payout run was made on {day}"))
def payout_run(world, fund, day):
    attempt(world, fund.run_payouts, d(day))
    assert world.error is None, world.error


@then(parsers.parse("the claims are paid {paid} in all"))
@then(parsers.parse("the claims are paid {paid}"))
def claims_paid(world, fund, paid):
    expected = [amount(p) for p in paid.split(",")]
    assert [statement(fund, c)["paid"] for c in world.payables] == expected


@then(parsers.parse("{left} stays payable"))
def stays_payable(fund, left):
    assert fund.balance()["claims_payable"] == amount(left)


@when(parsers.parse("a donation of {value} arrives on {day}"))
def donation_arrives(fund, value, day):
    fund.record_donation(amount(value), "A donor", f"D-{day}", d(day))


@then(parsers.parse("the fund's cash at the end of {day} is {value}"))
def cash_on(fund, day, value):
    assert fund.balance(d(day))["cash"] == amount(value)


@given(parsers.parse("a donation of {value} arrives on {day}"))
def donation_arrived(fund, value, day):
    donation_arrives(fund, value, day)


@then("no payout run is recorded")
def no_run(world):
    assert world.result is None


@when(parsers.parse("the assistance payer remits {value} with reference {ref} on {day}"))
@given(parsers.parse("the assistance payer remitted {value} with reference {ref} on {day}"))
def assistance_remits(world, fund, value, ref, day):
    attempt(world, fund.receive_assistance, amount(value), ref, d(day))
    assert world.error is None, world.error


@then(parsers.parse("claim {claim:w} is paid {paid} and its assistance {assistance}"))
def paid_and_assistance(fund, claim, paid, assistance):
    s = statement(fund, claim)
    assert (s["paid"], s["assistance_paid"]) == (amount(paid), amount(assistance))


@when(parsers.parse("every assessed claim is approved, holding those over {limit} for review"))
def approve_all(world, fund, limit):
    attempt(world, fund.claims.approve_all, hold_over=amount(limit), on=APPROVED)


@given("every assessed claim was approved")
def approved_all(fund):
    fund.claims.approve_all(on=APPROVED)


@then(parsers.parse("{n:d} claims are approved for {total} in all and {claim:w} is held"))
def approved_and_held(world, n, total, claim):
    assert world.error is None, world.error
    assert (world.result.approved, world.result.approved_total) == (n, amount(total))
    assert world.result.held == ([] if claim == "none" else [claim])


@then(parsers.parse("{n:d} claims are approved for {total} in all and none is held"))
def approved_none_held(world, n, total):
    approved_and_held(world, n, total, "none")


@then(parsers.parse("claim {claim:w} is still waiting for approval"))
def waiting(fund, claim):
    assert statement(fund, claim)["status"] == "assessed"
