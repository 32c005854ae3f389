"""The auditor's own safety: a store altered by someone with the file is reported, position by
position, and never runs code in the auditor's process."""

from __future__ import annotations

import sys

import pytest
from sqlalchemy import create_engine, text

from shell import env_for, run_in, run_process, small_fund
from tampering import switch_off_guard

ZEN = "Beautiful is better than ugly"  # what importing the module `this` prints


def alter(url: str, sql: str, **params) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        switch_off_guard(conn)
        conn.execute(text(sql), params)
    engine.dispose()


def last_position(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(text("SELECT max(id) FROM fundbook_events")).scalar_one()
    engine.dispose()
    return found


TAMPERS = {
    "state rewritten as text": ("UPDATE fundbook_events SET state = :v WHERE id = :p",
                                {"v": "the child was never here"}),
    "state not JSON": ("UPDATE fundbook_events SET state = :v WHERE id = :p",
                       {"v": b"\x00\xff\x10 not json"}),
    "topic changed": ("UPDATE fundbook_events SET topic = :v WHERE id = :p",
                      {"v": "ledger.registry:Member.Vanished"}),
    "topic naming another module": ("UPDATE fundbook_events SET topic = :v WHERE id = :p",
                                    {"v": "this:s"}),
}


@pytest.mark.parametrize("tamper", list(TAMPERS))
def test_an_altered_row_is_reported_at_its_position_and_runs_nothing(db_url, tamper):
    env = env_for(db_url)
    small_fund(env)
    sql, params = TAMPERS[tamper]
    alter(db_url, sql, p=3, **params)

    r = run_in(env, "audit", "verify")
    assert r.code == 1, (r.code, r.err)
    assert "Traceback" not in r.err and ZEN not in r.out + r.err and "this" not in sys.modules
    assert "position 3: unreadable event" in r.err, r.err
    doc = run_in(env, "audit", "verify", "--json").json()
    assert doc["ok"] is False
    assert any(p.startswith("position 3: unreadable event") for p in doc["problems"])
    rebuilt = run_in(env, "audit", "rebuild", "--json")
    assert rebuilt.code == 1 and rebuilt.json()["unreadable"], rebuilt.err
    assert "this" not in sys.modules  # the module a stored topic named was never imported


def test_a_forged_row_at_the_tail_is_reported_and_stops_the_views_in_one_line(db_url):
    env = env_for(db_url)
    small_fund(env)
    forged = last_position(db_url) + 1
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO fundbook_events (originator_id, originator_version, topic, "
                          "state) SELECT originator_id, originator_version + 100, 'this:s', state "
                          "FROM fundbook_events WHERE id = 1"))
    engine.dispose()

    r = run_process("audit", "verify", env=env)
    assert r.code == 1 and ZEN not in r.out + r.err and "Traceback" not in r.err, r.err
    assert f"position {forged}: unreadable event (unknown topic 'this:s')" in r.err, r.err
    # Everyday commands refuse in one line instead of reading past it.
    r = run_process("balance", env=env)
    assert r.code == 1 and ZEN not in r.out + r.err, (r.code, r.err)
    assert r.err.strip().splitlines() == [r.err.strip()] and "record altered" in r.err


def test_a_deleted_event_is_named_once_and_the_untouched_ones_after_it_are_not(db_url):
    """Deleting an event breaks the chain at it: it is reported deleted, and the events after
    it, which nobody touched, are not reported altered."""
    env = env_for(db_url)
    small_fund(env)
    alter(db_url, "DELETE FROM fundbook_events WHERE id = :p", p=3)
    doc = run_in(env, "audit", "verify", "--json").json()
    chain = [p for p in doc["problems"] if "chain" in p or "deleted" in p or "altered" in p]
    assert doc["ok"] is False
    assert chain == [p for p in chain if p.startswith("position 3: ")], doc["problems"]
    assert any("event deleted" in p for p in chain), doc["problems"]
