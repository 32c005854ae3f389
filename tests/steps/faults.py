"""Step definitions of faults.feature: a failure of the database just after a save commits
(the command cannot know whether it was recorded), and the command going on by itself."""

from __future__ import annotations

import pytest
import sqlalchemy.exc
from pytest_bdd import given, parsers, then, when

from steps.world import amount, attempt, d


@pytest.fixture
def failover(monkeypatch, fund):
    """The next save of this fund commits, then its connection is lost before the answer:
    what a failover or a restart does to a command in the middle of its work."""
    real = type(fund).save
    state = {"armed": False, "failed": 0}

    def save(self, *objs, **kwargs):
        saved = real(self, *objs, **kwargs)
        if state["armed"]:
            state["armed"] = False
            state["failed"] += 1
            raise sqlalchemy.exc.OperationalError(
                "COMMIT", {}, Exception("terminating connection due to administrator command"))
        return saved

    monkeypatch.setattr(type(fund), "save", save)
    monkeypatch.setenv("FUND_RECONNECT_SECONDS", "10")
    return state


@given(parsers.parse("the database will fail over just after it records the next {what}"))
def will_fail(failover, what):
    failover["armed"] = True


@then("one payout run is on record")
def one_run(failover, fund):
    assert failover["failed"] == 1  # the failure happened: the scenario proves something
    runs = [e for e in fund.history("PR-00001") if e["event"] == "PayoutRun.Made"]
    assert len(runs) == 1
    assert fund.payouts.desk().runs == 1


@given(parsers.parse("{member:w}, born {born}, is registered"))
def registered(fund, member, born):
    fund.register_child(member, f"Child {member}", d(born), "Guardian")


@when(parsers.parse("{member:w}'s family pays {paid} on {day} with receipt {receipt}"))
def pays(world, fund, member, paid, day, receipt):
    attempt(world, fund.contribute, member, "2026-2027", receipt, d(day), amount(paid))


@then(parsers.parse("{member:w} is enrolled in {year}, told as recorded now, not as recorded "
                    "before"))
def enrolled_now(world, failover, member, year):
    assert failover["failed"] == 1
    assert world.error is None, world.error
    assert (world.result.member, world.result.year, world.result.duplicate) == (
        member, year, False)


@then(parsers.parse("the fund's contribution income is {value}"))
def contribution_income(fund, value):
    assert fund.balance()["income"]["contributions"] == amount(value)
