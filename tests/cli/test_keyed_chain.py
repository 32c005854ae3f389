"""The keyed chain (SPEC §6, the auditors' tools): with the board's key, a seal recorded in the
log that no one without the key can make; `verify` says how many events lie after the seal it
was given and are not covered by it. On both stores."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledger.app import audit
from ledger.projections.tables import VIEW_TABLES, tracking
from ledger.seals import KeyedSeal
from shell import assert_refused
from steps.audit import tamper

KEY = b"the-board-keeps-this-key-2026"


def a_year(fund) -> None:
    from conftest import PUBLISHED_RULES

    fund.open_year(PUBLISHED_RULES, date(2026, 7, 1))
    fund.register_child("M1", "Child", date(2015, 5, 1), "G", on=date(2026, 9, 1))
    fund.contribute("M1", "2026-2027", "R1", date(2026, 9, 10), Decimal("120.00"))


def test_events_appended_without_the_key_are_not_covered_and_a_forged_seal_is_named(fund):
    a_year(fund)
    position, _ = audit.record_keyed_seal(fund, KEY)
    coverage: list = []
    assert audit.verify(fund, key=KEY, coverage=coverage) == []
    assert [(c.position, c.after, c.keyed) for c in coverage] == [(position, 0, True)]
    # Someone who can write to the store, without the key, appends an event ...
    fund.record_donation(Decimal("10.00"), "Someone", "FORGED-1", date(2026, 9, 20))
    coverage = []
    assert audit.verify(fund) == []  # the unkeyed chain is extended consistently
    assert audit.verify(fund, key=KEY, coverage=coverage) == []
    assert [(c.position, c.after) for c in coverage] == [(position, 1)]  # ... not covered
    # ... and cannot make a seal covering it.
    head = fund.recorder.max_notification_id()
    fund.save(KeyedSeal(head, "0" * 64, "forger", date(2026, 9, 21)))
    fund.views.catch_up()
    problems = audit.verify(fund, key=KEY)
    assert len(problems) == 1 and "a keyed seal the board's key did not make" in problems[0]
    assert audit.verify(fund) == []  # without the key, nothing can tell


def test_a_rewritten_log_no_longer_extends_the_keyed_seal(fund):
    a_year(fund)
    audit.record_keyed_seal(fund, KEY)
    # Someone edits the contribution and recomputes every figure and every link of the chain.
    enrolled = [e["position"] for e in fund.history("R1") if e["event"] == "Enrollment.Enrolled"]
    tamper(fund, "edits", enrolled[0])
    with fund.views.engine.begin() as conn:
        for table in VIEW_TABLES:
            conn.execute(table.delete())
        conn.execute(tracking.update().where(tracking.c.name == fund.views.name)
                     .values(position=0))
    fund.views.catch_up()
    assert audit.verify(fund) == []  # consistent without the key
    problems = audit.verify(fund, key=KEY)
    assert any("was changed since it was made" in p for p in problems), problems


def test_at_the_terminal(fund_cli, monkeypatch):
    from conftest import RULES

    f = fund_cli
    f("year", "open", str(RULES), "--date", "2026-07-01")
    plain = f("audit", "seal", "--json").json()
    assert plain["keyed"] is False
    f("donation", "record", "--amount", "5", "--donor", "D", "--reference", "D1", "--date",
      "2026-09-01")
    r = f("audit", "verify", "--seal", plain["seal"], "--json")
    assert r.code == 0
    assert r.json()["coverage"] == [{"seal": "published", "position": plain["position"],
                                     "events_after": 1}]
    monkeypatch.setenv("FUND_CHAIN_KEY", KEY.decode())
    out = f("audit", "verify").out
    assert "no keyed seal is recorded yet" in out, out
    keyed = f("audit", "seal", "--json").json()
    assert keyed["keyed"] is True and keyed["position"] == 4
    f("donation", "record", "--amount", "5", "--donor", "D", "--reference", "D2", "--date",
      "2026-09-02")
    out = f("audit", "verify").out
    assert "1 event(s) after the last keyed seal at position 4 are not covered by it" in out, out
    monkeypatch.setenv("FUND_CHAIN_KEY", "short")
    assert_refused(f("audit", "verify"), 2, "FUND_CHAIN_KEY")


def test_the_checks_run_beside_the_replay_find_what_they_find_before_it(fund, monkeypatch):
    """A long log's audit runs its checks in a process of their own while the log is
    replayed: the same problems, in the same order and language, and the same coverage."""
    from ledger.language import Translator

    a_year(fund)
    published = audit.seal(fund)
    audit.record_keyed_seal(fund, KEY)
    fund.record_donation(Decimal("10.00"), "Someone", "FORGED-1", date(2026, 9, 20))
    fund.save(KeyedSeal(fund.recorder.max_notification_id(), "0" * 64, "forger",
                        date(2026, 9, 21)))
    fund.views.catch_up()
    tamper(fund, "edits", 3)
    found = []
    for parallel_from in (10**9, 0):  # before the replay, in this process; beside it
        if parallel_from == 0:  # from here on this process does no checks: the other does
            monkeypatch.setattr(audit, "_checks", lambda *_: ["checked in this process"])
        coverage: list = []
        problems = audit.verify(fund, published, KEY, coverage, Translator("zh"),
                                parallel_from=parallel_from)
        found.append((problems, [(c.position, c.after, c.keyed) for c in coverage]))
    assert found[0] == found[1]
    assert len(found[0][0]) >= 2 and found[0][1], found[0]


def test_checks_whose_own_process_fails_run_here_and_say_why_to_the_log(fund, monkeypatch,
                                                                        caplog):
    """The audit is whole when the checks' process fails: they are done in the first process,
    and what that process said is logged (for `fund --debug`, or a test's report), not lost."""
    a_year(fund)
    tamper(fund, "edits", 3)
    expected = audit.verify(fund, parallel_from=10**9)
    started = audit._started
    monkeypatch.setattr(audit, "_started", lambda kind, *rest: started(
        "no-such-part" if kind == "checks" else kind, *rest))
    assert audit.verify(fund, parallel_from=0) == expected and expected
    said = [r.getMessage() for r in caplog.records if r.name == "ledger.app.audit"]
    assert len(said) == 1 and "failed (exit 1)" in said[0], said
    assert "usage: python -m ledger.app.workers" in said[0], said
