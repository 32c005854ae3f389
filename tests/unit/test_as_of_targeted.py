"""A child's or a claim's statement on a past date, replayed from only the events about it,
says exactly what the replay of the whole log says (the auditor's answer, in milliseconds)."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.app.fund import Fund
from ledger.projections import answers, queries
from ledger.projections.as_of import replay_as_of

DATES = [date(2025, 9, 30), date(2025, 12, 31), date(2026, 3, 31), date(2026, 6, 30),
         date(2026, 9, 30)]


@pytest.fixture(scope="module")
def demo_fund(tmp_path_factory):
    """A copy of the run's demonstration year on SQLite (recorded once a run: conftest)."""
    from conftest import _copy_sqlite, _once_a_run, _record_sqlite_demo

    url = f"sqlite:///{tmp_path_factory.mktemp('asof') / 'fund.db'}"
    _copy_sqlite(_once_a_run(tmp_path_factory, "sqlite", _record_sqlite_demo), url)
    fund = Fund(url, operator="demo", today=lambda: date(2026, 9, 30))
    yield fund
    fund.views.engine.dispose()
    fund.close()


@pytest.mark.parametrize("day", DATES)
def test_targeted_replays_equal_the_whole_replay(demo_fund, day):
    fund = demo_fund
    whole = replay_as_of(fund.recorder, fund.mapper, day)
    claims = [c["claim"] for c in queries.claims_list(fund.views.engine)]
    claimants = sorted({c["member"] for c in queries.claims_list(fund.views.engine)})
    members = claimants + ["C00001", "C00007", "C00150", "C00331", "C09001", "C00335"]
    assert claims and members
    for member in members:
        assert fund.member_statement(member, day) == answers.member(whole, member), member
    for claim in claims:
        mine = answers.claim(whole, claim)
        if mine is None:  # submitted after that day
            with pytest.raises(Exception):
                fund.claim_statement(claim, day)
        else:
            assert fund.claim_statement(claim, day) == mine, claim
    whole.dispose()
