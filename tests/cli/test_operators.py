"""Operators and roles at the command line (SPEC §6): the role table checked before every
command, four eyes, and on PostgreSQL a login per operator holding only its role's rights."""

from __future__ import annotations

import uuid

import pytest

from conftest import RULES
from ledger.roles import RIGHTS
from shell import assert_refused, every_command, events


def test_every_command_has_its_line_in_the_role_table():
    commands = [path for path, _ in every_command()]
    missing = [c for c in commands if c not in RIGHTS]
    assert not missing, f"commands without a line in ledger/roles.py RIGHTS: {missing}"
    stale = [c for c in RIGHTS if c not in commands]
    assert not stale, f"lines of RIGHTS for no command: {stale}"


def test_a_command_missing_from_the_table_is_refused_to_everyone():
    from ledger.errors import RuleViolation
    from ledger.roles import check

    with pytest.raises(RuleViolation) as refused:
        check("claim approve-everything", "wang", "manager", staffed=True)
    assert refused.value.rule == "roles"


@pytest.fixture
def staffed(fund_cli):
    """A fund with a year, a hospital and a child, then its operators: wang manages, li is a
    clerk, zhang and zhao assess, chen is the treasurer, zhou the auditor."""
    f = fund_cli
    assert f("year", "open", str(RULES), "--date", "2026-07-01").code == 0
    assert f("hospital", "add", "H3", "--name", "City", "--level", "3", "--date",
             "2026-07-01").code == 0
    assert f("child", "register", "M1", "--name", "李小明", "--born", "2015-05-01",
             "--date", "2026-09-01").code == 0
    assert f("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date",
             "2026-09-10", "--amount", "120.00").code == 0
    # the first operator must be a manager: refused, nothing recorded
    before = events(f.db_url)
    assert_refused(f("--operator", "li", "operator", "add", "li", "--role", "clerk"), 1,
                   "the first operator is a manager")
    assert events(f.db_url) == before
    for person, role in ((boss(f), "manager"), ("li", "clerk"), ("zhang", "assessor"),
                         ("zhao", "assessor"), ("chen", "treasurer"), ("zhou", "auditor")):
        r = f("--operator", "wang", "operator", "add", person, "--role", role, "--date",
              "2026-09-01", "--json")
        assert r.code == 0, r.err
        assert r.json()["role"] == role and r.json()["changed"] is True
    return f


def boss(f) -> str:
    """The manager: wang, or on PostgreSQL the login the tests connect with (who acts there)."""
    from sqlalchemy.engine import make_url

    return make_url(f.db_url).username if f.db_url.startswith("postgresql") else "wang"


def as_(f, person, *args):
    return f("--operator", person, *args)


def submit(f, person, claim, bill, day="2026-10-05"):
    return as_(f, person, "claim", "submit", claim, "--member", "M1", "--hospital", "H3",
               "--bill", bill, "--type", "inpatient", "--admitted", "2026-10-01",
               "--discharged", "2026-10-03", "--total", "3000", "--in-scope", "1000",
               "--date", day)


# On PostgreSQL who acts is the login, not --operator: the same rules are tried there by the
# tests of logins below.
BY_NAME = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@BY_NAME
def test_each_command_checks_the_role_and_records_nothing_when_refused(staffed):
    f = staffed
    assert submit(f, "li", "C1", "B1").code == 0
    before = events(f.db_url)
    assert_refused(as_(f, "li", "claim", "approve", "C1", "--date", "2026-10-20"), 1,
                   "roles", "li", "claim approve", "assessor")
    assert_refused(as_(f, "zhou", "payout", "run", "--date", "2026-10-30"), 1, "roles")
    assert_refused(as_(f, "chen", "year", "close", "2026-2027"), 1, "roles", "manager")
    assert_refused(as_(f, "sun", "balance"), 1, "operators on record", "sun")
    assert events(f.db_url) == before
    assert as_(f, "zhou", "balance", "--json").json()["cash"] == "120.00"  # auditors read
    assert as_(f, "zhang", "claim", "approve", "C1", "--date", "2026-10-20").code == 0
    told = as_(f, "li", "--lang", "zh", "claim", "approve", "C1")
    assert told.code == 1 and "角色权限" in told.err and "审核员" in told.err


@BY_NAME
def test_no_one_approves_their_own_claim_even_after_a_change_of_role(staffed):
    f = staffed
    assert submit(f, "li", "C1", "B1").code == 0
    assert submit(f, "li", "C2", "B2").code == 0
    assert as_(f, "wang", "operator", "add", "li", "--role", "assessor", "--date",
               "2026-10-15").code == 0
    before = events(f.db_url)
    assert_refused(as_(f, "li", "claim", "approve", "C1", "--date", "2026-10-20"), 1,
                   "four eyes", "li submitted claim C1")
    assert events(f.db_url) == before
    doc = as_(f, "li", "claim", "approve", "--all", "--date", "2026-10-20", "--json").json()
    assert (doc["approved"], doc["left_for_another_assessor"]) == (0, ["C1", "C2"])
    said = as_(f, "li", "claim", "approve", "--all", "--date", "2026-10-20")
    assert "left for another assessor" in said.out and "C1, C2" in said.out
    assert as_(f, "zhang", "claim", "approve", "--all", "--date", "2026-10-20",
               "--json").json()["approved"] == 2
    assert_refused(as_(f, "li", "claim", "correct", "C1", "--reason", "x", "--in-scope", "900",
                       "--date", "2026-10-21"), 1, "four eyes")
    assert as_(f, "zhao", "claim", "correct", "C1", "--reason", "x", "--in-scope", "900",
               "--date", "2026-10-21").code == 0


def test_operators_listed_removed_and_told_in_history(staffed):
    f = staffed
    doc = as_(f, "wang", "operator", "list", "--json").json()
    assert sorted((o["operator"], o["role"], o["added_by"]) for o in doc["operators"]) == sorted([
        ("chen", "treasurer", boss(f)), ("li", "clerk", boss(f)), (boss(f), "manager", "wang"),
        ("zhang", "assessor", boss(f)), ("zhao", "assessor", boss(f)),
        ("zhou", "auditor", boss(f))])
    removed = as_(f, "wang", "operator", "remove", "chen", "--reason", "left the fund",
                  "--date", "2026-10-01", "--json")
    assert removed.code == 0 and removed.json() == {"operator": "chen", "removed": True}
    assert "chen" not in [o["operator"] for o in as_(f, "wang", "operator", "list",
                                                     "--json").json()["operators"]]
    then = as_(f, "wang", "operator", "list", "--as-of", "2026-09-30", "--json").json()
    assert "chen" in [o["operator"] for o in then["operators"]]
    assert_refused(as_(f, "wang", "operator", "remove", boss(f)), 1, "a fund keeps a manager")
    history = as_(f, "wang", "history", "chen", "--json").json()["events"]
    assert [e["summary"] for e in history] == ["chen added as treasurer",
                                              "chen (treasurer) removed: left the fund"]
    assert [e["operator"] for e in history] == [boss(f), boss(f)]
    assert "chen" in as_(f, "wang", "--lang", "zh", "history", "chen").out


# -- PostgreSQL: a login per operator ---------------------------------------------------------


def login_url(url: str, login: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(username=login).render_as_string(hide_password=False)


@pytest.fixture
def logins(postgres_url, monkeypatch, capsys):
    """A PostgreSQL fund whose owner added a manager; the manager's login added the rest.
    Login names are unique to the test (roles are the whole server's)."""
    from conftest import TODAY
    from shell import run_fund

    def f(*args):
        return run_fund(capsys, *args)

    monkeypatch.setenv("FUND_TODAY", TODAY.isoformat())
    monkeypatch.delenv("FUND_OPERATOR", raising=False)
    monkeypatch.setenv("FUND_DB", postgres_url)
    tag = uuid.uuid4().hex[:6]
    names = {role: f"{role}_{tag}" for role in ("manager", "clerk", "assessor", "treasurer",
                                               "auditor")}
    assert f("year", "open", str(RULES), "--date", "2026-07-01").code == 0
    r = f("operator", "add", names["manager"], "--role", "manager", "--json")
    assert r.code == 0 and r.json()["login_created"] is True, r.err
    monkeypatch.setenv("FUND_DB", login_url(postgres_url, names["manager"]))
    for role in ("clerk", "assessor", "treasurer", "auditor"):
        r = f("operator", "add", names[role], "--role", role, "--json")
        assert r.code == 0, r.err
    return f, postgres_url, names


def test_a_login_is_who_acts_whatever_the_command_line_says(logins, monkeypatch):
    f, url, names = logins
    monkeypatch.setenv("FUND_DB", login_url(url, names["clerk"]))
    monkeypatch.setenv("FUND_OPERATOR", names["manager"])
    r = f("--operator", names["assessor"], "hospital", "add", "H3", "--name", "City", "--level",
          "3", "--date", "2026-07-01")
    assert r.code == 0, r.err
    history = f("history", "H3", "--json").json()["events"]
    assert [e["operator"] for e in history] == [names["clerk"]]
    # the clerk's login cannot approve, whatever it says it is
    assert_refused(f("--operator", names["assessor"], "year", "close", "2026-2027"), 1, "roles",
                   names["clerk"])
    # a login of no operator is refused
    monkeypatch.setenv("FUND_DB", url)  # the owner: not an operator of this fund
    assert_refused(f("balance"), 1, "operators on record", "postgres")


def test_no_login_may_update_or_delete_an_event_and_the_auditor_only_reads(logins):
    import psycopg

    _, url, names = logins
    plain = "postgresql" + url[url.index("://"):]
    from sqlalchemy.engine import make_url

    for role, login in names.items():
        target = make_url(plain).set(username=login).render_as_string(hide_password=False)
        with psycopg.connect(target, autocommit=True) as conn:
            for statement in ("UPDATE fundbook_events SET topic = topic",
                              "DELETE FROM fundbook_events", "TRUNCATE fundbook_events"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(statement)
            assert conn.execute("SELECT count(*) FROM fundbook_events").fetchone()[0] > 0
            if role == "auditor":
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute("INSERT INTO view_years SELECT * FROM view_years WHERE false")
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute("SELECT fundbook_lock_events()")


def test_db_check_names_a_login_whose_rights_exceed_its_role_and_remove_takes_them_back(
        logins, monkeypatch):
    import psycopg

    f, url, names = logins
    plain = "postgresql" + url[url.index("://"):]
    with psycopg.connect(plain, autocommit=True) as owner:
        owner.execute(f'GRANT UPDATE ON fundbook_events TO "{names["clerk"]}"')
    monkeypatch.setenv("FUND_DB", login_url(url, names["auditor"]))
    excess = {e["login"]: e for e in f("db", "check", "--json").json()["excess_rights"]}
    assert excess[names["clerk"]]["rights"] == ["update or delete events"]
    assert excess[names["clerk"]]["role"] == "clerk"
    for fine in ("manager", "assessor", "treasurer", "auditor"):
        assert names[fine] not in excess
    told = f("db", "check")
    assert names["clerk"] in told.out and "update or delete events" in told.out
    monkeypatch.setenv("FUND_DB", login_url(url, names["manager"]))
    assert f("operator", "remove", names["clerk"], "--reason", "left").code == 0
    monkeypatch.setenv("FUND_DB", login_url(url, names["clerk"]))
    r = f("balance")
    assert r.code == 1 and "Traceback" not in r.err
    # refused as no operator of the fund, not told it may read what it may not
    assert_refused(r, 1, "operators on record", names["clerk"])


def test_on_postgresql_a_promoted_clerk_still_cannot_approve_what_she_submitted(logins,
                                                                             monkeypatch):
    f, url, names = logins
    monkeypatch.setenv("FUND_DB", login_url(url, names["clerk"]))
    for args in (("hospital", "add", "H3", "--name", "City", "--level", "3", "--date",
                  "2026-07-01"),
                 ("child", "register", "M1", "--name", "李小明", "--born", "2015-05-01",
                  "--date", "2026-09-01"),
                 ("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date",
                  "2026-09-10", "--amount", "120.00")):
        assert f(*args).code == 0
    assert submit(f, "anyone", "C1", "B1").code == 0
    monkeypatch.setenv("FUND_DB", login_url(url, names["manager"]))
    assert f("operator", "add", names["clerk"], "--role", "assessor").code == 0
    monkeypatch.setenv("FUND_DB", login_url(url, names["clerk"]))
    assert_refused(f("claim", "approve", "C1", "--date", "2026-10-20"), 1, "four eyes",
                   names["clerk"])
    monkeypatch.setenv("FUND_DB", login_url(url, names["assessor"]))
    assert f("claim", "approve", "C1", "--date", "2026-10-20").code == 0
    monkeypatch.setenv("FUND_DB", login_url(url, names["treasurer"]))
    assert f("payout", "run", "--date", "2026-10-30", "--json").json()["paid"] == "120.00"
    who = [e["operator"] for e in f("history", "C1", "--json").json()["events"]]
    assert names["clerk"] in who and names["assessor"] in who and names["treasurer"] in who


def test_two_funds_on_one_server_giving_a_person_a_login_at_once_both_give_it(request):
    """A login is the server's, not one database's: two funds' managers adding the same
    person at the same moment race for it in the server's own catalogue, and both must end
    with the person holding the role's rights on their fund (before: 30 races of 30 lost)."""
    import threading

    from sqlalchemy import text

    from ledger.app.fund import Fund
    from ledger.store import logins

    from conftest import _drop_postgres_database, _new_postgres_database, _postgres_admin

    admin = _postgres_admin()
    other = _new_postgres_database(admin)
    funds = [Fund(request.getfixturevalue("postgres_url")), Fund(other)]
    people = [f"racer{uuid.uuid4().hex[:8]}" for _ in range(10)]
    refused: list[str] = []
    try:
        for person in people:
            start = threading.Barrier(2)

            def give(fund, person=person, start=start):
                start.wait()
                try:
                    logins.grant(fund.views.engine, person, "assessor",
                                 fund.recorder.events_table_name)
                except Exception as e:  # noqa: BLE001 - what a manager would be told
                    refused.append(str(e))

            racers = [threading.Thread(target=give, args=(f,)) for f in funds]
            for t in racers:
                t.start()
            for t in racers:
                t.join()
        assert refused == []
        for fund in funds:
            with fund.views.engine.connect() as conn:
                assert all(conn.execute(text(
                    "SELECT has_table_privilege(:p, 'fundbook_events', 'INSERT')"),
                    {"p": p}).scalar_one() for p in people)
    finally:
        for fund in funds:  # the logins go with the test: they are the server's
            with fund.views.engine.begin() as conn:
                for person in people:
                    conn.execute(text(f'DROP OWNED BY "{person}"'))
            fund.views.engine.dispose()
            fund.close()
        _drop_postgres_database(admin, other)
        with admin.connect() as conn:
            for person in people:
                conn.execute(text(f'DROP ROLE IF EXISTS "{person}"'))
        admin.dispose()
