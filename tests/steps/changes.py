"""Step definitions of changes.feature (facts that change, from a date) and appeals.feature."""

from __future__ import annotations

from datetime import timedelta

from pytest_bdd import given, parsers, then, when

from ledger.money import money
from steps.claims import statement, submit
from steps.fund import check_outcome
from steps.world import amount, attempt, d

# -- children --------------------------------------------------------------------------------


@given(parsers.parse("{member:w} is a {category} child from {day} with evidence {evidence}"))
def hardship_from(fund, member, category, day, evidence):
    fund.changes.start_hardship(member, category, evidence, d(day))


@when(parsers.parse("{member:w} becomes a {category} child from {day} with evidence {evidence}"))
def becomes_hardship(world, fund, member, category, day, evidence):
    attempt(world, fund.changes.start_hardship, member, category, evidence, d(day))


@given(parsers.parse("{member:w}'s hardship status ends from {day}"))
def hardship_ends(fund, member, day):
    fund.changes.end_hardship(member, "no longer eligible", d(day))


@then(parsers.parse("{member:w} has no hardship status on {day}"))
def no_hardship(fund, member, day):
    assert fund.member(member).hardship_on(d(day)) is None


@then(parsers.parse("the subsidy payer owes {value} for {member:w}"))
def subsidy_for(fund, value, member):
    assert fund.member_statement(member)["years"]["2026-2027"]["subsidy"] == amount(value)


@when(parsers.parse('{member:w}\'s date of birth is corrected to {born} because "{reason}"'))
def born_corrected(world, fund, member, born, reason):
    attempt(world, fund.changes.amend_child, member, reason, born=d(born), on=d("2026-10-01"))


@when(parsers.parse('{member:w}\'s name is corrected to "{name}" and the guardian to "{guardian}" '
                    'because "{reason}"'))
def name_corrected(world, fund, member, name, guardian, reason):
    attempt(world, fund.changes.amend_child, member, reason, name=name, guardian=guardian)
    assert world.error is None, world.error


@then(parsers.parse("{member:w} is born {born}"))
def is_born(fund, member, born):
    assert fund.member(member).born == d(born)
    assert fund.member_statement(member)["born"] == d(born)


@then(parsers.parse('{member:w} is called "{name}" with guardian "{guardian}"'))
def is_called(fund, member, name, guardian):
    doc = fund.member_statement(member)
    assert (doc["name"], doc["guardian"]) == (name, guardian)


@then(parsers.parse("the enrollment of {year} is kept at {paid}, where {due} would be due now"))
def kept_at(world, year, paid, due):
    assert world.error is None, world.error
    [kept] = world.result
    assert (kept.year, kept.contribution, kept.due_now) == (year, amount(paid), amount(due))


HISTORY = {"registration": "Member.Registered", "correction": "Member.Amended",
           "rejection": "Claim.Rejected", "appeal": "Claim.Appealed",
           "decision on the appeal": "Claim.AppealDecided", "approval": "Claim.Approved",
           "reversal of the approval": "Claim.ApprovalReversed",
           "enrollment": "Enrollment.Enrolled", "reversal of the enrollment": "Enrollment.Reversed"}


@then(parsers.re(r"(?P<ref>\w+)'s history shows the (?P<steps>.+)$"))
def history_shows(fund, ref, steps):
    """The record of `ref` holds these facts, in this order."""
    wanted = [HISTORY[s.strip()] for s in steps.replace(", then the", ",").split(",")]
    names = [e["event"] for e in fund.history(ref)]
    found = [n for n in names if n in wanted]
    assert found == wanted, names


# -- hospitals and claims on their dates ------------------------------------------------------

CLAIM_ON = (r"(?P<member>\w+) claim(?:s|ed) (?P<claim>\w+) at (?P<hospital>\w+) for an admission "
            r"on (?P<admitted>[\d-]+), billed (?P<total>[\d.]+) with (?P<in_scope>[\d.]+) in "
            r"scope(?P<approved>, approved)?$")


def submit_on(fund, claim, member, hospital, admitted, total, in_scope):
    """A claim for five days' stay from `admitted`, submitted five days after discharge."""
    admitted = d(admitted)
    return submit(fund, claim, member, hospital, "inpatient", total, in_scope,
                  admitted=admitted, discharged=admitted + timedelta(days=4),
                  on=admitted + timedelta(days=9))


@given(parsers.re(CLAIM_ON))
def claimed_on(world, fund, member, claim, hospital, admitted, total, in_scope, approved):
    c, _ = submit_on(fund, claim, member, hospital, admitted, total, in_scope)
    if approved:
        fund.approve_claim(claim, c.submitted_on + timedelta(days=1))
    world.claim = claim


@when(parsers.re(CLAIM_ON))
def claims_on(world, fund, member, claim, hospital, admitted, total, in_scope, approved):
    attempt(world, submit_on, fund, claim, member, hospital, admitted, total, in_scope)
    world.claim = claim


@given(parsers.parse("{code:w} is level {level:d} from {day}"))
@when(parsers.parse("{code:w} is level {level:d} from {day}"))
def level_from(world, fund, code, level, day):
    attempt(world, fund.changes.change_level, code, level, d(day))
    assert world.error is None, world.error


@given(parsers.parse('{code:w} is delisted from {day} because "{reason}"'))
def delisted(fund, code, day, reason):
    fund.changes.delist(code, reason, d(day))


@when(parsers.parse('{code:w} is delisted from {day} because "{reason}"'))
def delisting(world, fund, code, day, reason):
    attempt(world, fund.changes.delist, code, reason, d(day))


@then(parsers.parse("{code:w} is designated on {day}"))
def designated(fund, code, day):
    from ledger.registry import Hospital

    assert fund.records.get(Hospital, "hospital", code).designated_on(d(day))


@then(parsers.parse("the claim is {outcome}"))
def claim_outcome(world, fund, outcome):
    if outcome == "assessed":
        assert world.error is None, world.error
        assert statement(fund, world.claim)["status"] == "assessed"
    else:
        check_outcome(world, outcome)


@given(parsers.parse("claim {claim:w} was approved on {day}"))
def was_approved(fund, claim, day):
    fund.approve_claim(claim, d(day))


@then(parsers.parse("claim {claim:w} pays {payout}, assessed again at level {level:d}"))
def reassessed_level(fund, claim, payout, level):
    s = statement(fund, claim)
    assert (s["payout"], s["level"], s["status"]) == (amount(payout), level, "approved")
    notes = [e["summary"] for e in fund.history(claim) if e["event"] == "Claim.Assessed"]
    assert len(notes) == 2 and "reassessed at approval" in notes[-1]


@then(parsers.parse("claim {claim:w} still pays {payout} at level {level:d}"))
def unchanged(fund, claim, payout, level):
    s = statement(fund, claim)
    assert (s["payout"], s["level"], s["status"]) == (amount(payout), level, "approved")


@then(parsers.parse("as of {day} {member:w} has no hardship status and {code:w} is level {level:d}"))
@then(parsers.parse("as of {day} {member:w} is a {category} child and {code:w} is level {level:d}"))
def as_of(fund, day, member, code, level, category=None):
    assert fund.member_statement(member, d(day))["hardship"] == category
    [h] = [h for h in fund.hospital_list(d(day)) if h["code"] == code]
    assert h["level"] == level


# -- appeals ----------------------------------------------------------------------------------


@given(parsers.parse("claim {claim:w} was rejected as {reason:w} on {day}"))
def rejected_on(fund, claim, reason, day):
    fund.reject_claim(claim, reason, "", d(day))


@when(parsers.parse('the family appeals claim {claim:w} on {day} because "{reason}"'))
def appeals(world, fund, claim, day, reason):
    attempt(world, fund.claims.appeal, claim, reason, d(day))


@given(parsers.parse('the family appealed claim {claim:w} on {day} because "{reason}"'))
def appealed(fund, claim, day, reason):
    fund.claims.appeal(claim, reason, d(day))


@then(parsers.parse("the appeal is {outcome}"))
def appeal_outcome(world, fund, outcome):
    check_outcome(world, outcome)
    if outcome == "accepted":
        assert statement(fund, world.result.claim)["appeal"] == "open"


@when(parsers.parse('the appeal on claim {claim:w} is {outcome:w} on {day:S} because "{note}"'))
def decided(world, fund, claim, outcome, day, note):
    attempt(world, fund.claims.decide_appeal, claim, outcome == "overturned", note, on=d(day))
    assert world.error is None, world.error


@when(parsers.parse('the appeal on claim {claim:w} is overturned on {day} with {in_scope} in '
                    'scope because "{note}"'))
def overturned_amount(world, fund, claim, day, in_scope, note):
    attempt(world, fund.claims.decide_appeal, claim, True, note, in_scope=amount(in_scope),
            on=d(day))
    assert world.error is None, world.error


def under_appeal(fund) -> list[str]:
    return [c["claim"] for c in fund.claim_list(status="appealed")]


@then(parsers.parse("claim {claim:w} is listed among the claims under appeal"))
def listed(fund, claim):
    assert claim in under_appeal(fund)


@then(parsers.parse("claim {claim:w} is not listed among the claims under appeal"))
def not_listed(fund, claim):
    assert claim not in under_appeal(fund)


@then(parsers.parse("claim {claim:w} pays {payout} and is no longer under appeal"))
def pays_after_appeal(fund, claim, payout):
    s = statement(fund, claim)
    assert (s["status"], s["payout"], s["appeal"]) == ("approved", money(payout), "overturned")
    assert claim not in under_appeal(fund)


@then(parsers.parse("{member:w} is still enrolled in {year}, having paid {paid}"))
def still_enrolled(fund, member, year, paid):
    row = fund.member_statement(member)["years"][year]
    assert (row["status"], row["paid"]) == ("enrolled", amount(paid))
