"""Step definitions of audit.feature and closing.feature: the auditor's view of a real store."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when
from tampering import switch_off_guard
from sqlalchemy import text

from steps.claims import submit
from ledger.app import audit
from ledger.errors import NotFound
from ledger.projections.tables import VIEW_TABLES, tracking
from steps.world import amount, attempt, d


@given(parsers.parse("{first:w} and {second:w}, born {born}, were enrolled on {day}, their "
                     "families paying {paid} each"))
def two_enrolled(fund, first, second, born, day, paid):
    for member in (first, second):
        fund.register_child(member, f"Child {member}", d(born), "Guardian")
        fund.contribute(member, "2026-2027", f"R-{member}", d(day), amount(paid))


@given(parsers.parse("{member:w}'s claim {claim:w} at {hospital:w}, billed {total} with {in_scope} "
                     "in scope, was submitted on {submitted} and approved on {approved}"))
def claim_approved(fund, member, claim, hospital, total, in_scope, submitted, approved):
    submit(fund, claim, member, hospital, total=total, in_scope=in_scope, on=d(submitted))
    fund.approve_claim(claim, d(approved))


@when("the auditor rebuilds every figure from the record")
def rebuild(world, fund):
    world.rebuild = audit.rebuild(fund)


@then("every table of the rebuild is identical to the live one")
def identical(world):
    report = world.rebuild
    assert report.identical, [t.differences for t in report.tables]
    assert report.events == world.rebuild.events > 0
    assert all(t.live_rows == t.rebuilt_rows for t in report.tables)


@then("the audit passes")
def audit_passes(fund):
    assert audit.verify(fund) == []


def enrolling_position(fund, member: str) -> int:
    (position,) = [e["position"] for e in fund.history(member) if e["event"] == "Enrollment.Enrolled"]
    return position


def tamper(fund, how: str, position: int) -> None:
    table = fund.recorder.events_table_name
    with fund.views.engine.begin() as conn:
        switch_off_guard(conn, table)
        if how == "edits":
            state = conn.execute(text(f"SELECT state FROM {table} WHERE id = :p"), {"p": position}).scalar_one()
            forged = bytes(state).replace(b"120.00", b"12.00")
            assert forged != bytes(state)
            conn.execute(text(f"UPDATE {table} SET state = :s WHERE id = :p"), {"s": forged, "p": position})
        else:
            conn.execute(text(f"DELETE FROM {table} WHERE id = :p"), {"p": position})


@when(parsers.parse("someone who owns the database switches its guard off and {how} the stored "
                    "event that enrolled {member}"))
def tamper_directly(world, fund, how, member):
    world.position = enrolling_position(fund, member)
    tamper(fund, how, world.position)


@when(parsers.parse("someone {how} the stored event that enrolled {member} directly in the database"),
      target_fixture="refusal")
def try_tamper(world, fund, how, member):
    from sqlalchemy.exc import DBAPIError

    position = enrolling_position(fund, member)
    table = fund.recorder.events_table_name
    statement = (f"UPDATE {table} SET topic = topic WHERE id = :p" if how == "edits"
                 else f"DELETE FROM {table} WHERE id = :p")
    try:
        with fund.views.engine.begin() as conn:
            conn.execute(text(statement), {"p": position})
    except DBAPIError as e:
        return str(e)
    return None


@then("the database refuses it: its events are append-only")
def database_refused(refusal):
    assert refusal is not None and "append-only" in refusal, refusal


@then(parsers.parse("the audit fails, naming that event's position as {what}"))
def audit_fails_at(world, fund, what):
    problems = audit.verify(fund)
    assert problems, "the audit passed a tampered store"
    assert problems[0].startswith(f"position {world.position}: {what}"), problems[0]


BOARD_KEY = b"the-board-keeps-this-key-2026"


@given("the board recorded a seal made with its key")
def keyed_seal(fund):
    audit.record_keyed_seal(fund, BOARD_KEY)


@when(parsers.parse("someone without the key adds a donation of {value} on {day} and a seal of "
                    "their own"))
def forged_tail(fund, value, day):
    from ledger.seals import KeyedSeal

    fund.record_donation(amount(value), "Someone", "FORGED-1", d(day))
    fund.save(KeyedSeal(fund.recorder.max_notification_id(), "0" * 64, "forger", d(day)))
    fund.views.catch_up()


@then("the audit with the board's key names the forged seal")
def forged_named(world, fund):
    world.coverage = []
    problems = audit.verify(fund, key=BOARD_KEY, coverage=world.coverage)
    assert len(problems) == 1 and "keyed seal the board's key did not make" in problems[0], problems


@then(parsers.parse("it counts {n:d} events after the board's seal, not covered by it"))
def uncovered(world, n):
    [coverage] = world.coverage
    assert coverage.keyed and coverage.after == n


@then("the audit without the key passes, as it cannot tell")
def passes_without_key(fund):
    assert audit.verify(fund) == []


@given("the board published the audit seal")
def published_seal(world, fund):
    world.seal = audit.seal(fund)


@when(parsers.parse("someone deletes the stored event that enrolled {member} and recomputes every figure and every seal of the chain"))
def rewrite_history(world, fund, member):
    tamper(fund, "deletes", enrolling_position(fund, member))
    with fund.views.engine.begin() as conn:
        for table in VIEW_TABLES:
            conn.execute(table.delete())
        conn.execute(tracking.update().where(tracking.c.name == fund.views.name).values(position=0))
    fund.views.catch_up()


@then("the audit without the seal passes, as the rewritten chain is consistent")
def passes_without_seal(fund):
    assert audit.verify(fund) == []


@then("the audit against the published seal fails")
def seal_fails(world, fund):
    problems = audit.verify(fund, world.seal)
    assert any("seal" in p for p in problems), problems


@then("the audit against the published seal passes")
def seal_passes(world, fund):
    assert audit.verify(fund, world.seal) == []


@then("as of these dates the fund showed:")
def as_of_table(fund, datatable):
    header, *rows = datatable
    for row in rows:
        want = dict(zip(header, row, strict=True))
        day = d(want["as of"])
        year = fund.member_statement("M1", day)["years"].get("2026-2027")
        covered = str(year["covered_from"]) if year and year["covered_from"] else "not enrolled"
        assert covered == want["M1 covered from"], (day, year)
        assert (year["benefits"] if year else amount("0")) == amount(want["M1 benefits"]), day
        try:
            status = fund.claim_statement("C1", day)["status"]
        except NotFound:
            status = "not yet"
        assert status == want["claim C1"], (day, status)


# -- closing ----------------------------------------------------------------------------------


@when(parsers.parse("the plan year {year} is closed on {day}"))
def close_year(world, fund, year, day):
    attempt(world, fund.close_year, year, d(day))


@given(parsers.parse("the plan year {year} was closed on {day}"))
def year_closed(fund, year, day):
    fund.close_year(year, d(day))


@then(parsers.re(r"the reserve is (?P<value>\d+\.\d{2})$"))
def reserve(world, fund, value):
    assert world.error is None, world.error
    assert fund.balance()["reserve"] == amount(value)


@then(parsers.parse("the reserve is {value}: {before} less the {payout} the fund pays on "
                    "{claim:w}"))
def reserve_less(fund, value, before, payout, claim):
    assert fund.claim_statement(claim)["payout"] == amount(payout)
    assert amount(before) - amount(payout) == amount(value)
    assert fund.balance()["reserve"] == amount(value)


@then("the fund's income and benefits in the books are 0.00")
def income_closed(fund):
    b = fund.balance()
    assert b["income"] == {"contributions": 0, "subsidies": 0, "donations": 0}
    assert b["benefits"] == 0


@when(parsers.parse("claim {claim:w} is approved on {day}"))
def approve_on(world, fund, claim, day):
    attempt(world, fund.approve_claim, claim, d(day))
    assert world.error is None, world.error


@then("the year's benefits in the balance are those of the board's report, C2 included")
def benefits_as_the_board_reads_them(fund):
    from decimal import Decimal

    board = {f.year: f.benefits for f in fund.reads.board(Decimal("0.90"), 1)["years"]}
    by_year = fund.balance()["benefits_by_year"]
    assert by_year == {y: b for y, b in board.items() if b}, (by_year, board)
    assert by_year["2026-2027"] >= fund.claim_statement("C2")["payout"] > 0
