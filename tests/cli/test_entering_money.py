"""SPEC §6, entering money: the fund books no amount nobody typed, takes only the hardship
categories a plan year knows, and reads look-alike identifiers as the same number."""

from __future__ import annotations

from shell import assert_refused, events

HEADER = "member,name,born,guardian,receipt,date,amount,hardship,evidence\n"


def test_a_paying_familys_contribution_needs_the_amount_on_its_receipt(opened):
    before = events(opened.db_url)
    r = opened("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date",
               "2026-09-15")
    assert_refused(r, 2, "--amount", "120.00")
    assert_refused(opened("contribute", "M1", "--year", "2026-2027", "--receipt", "R1",
                          "--date", "2026-09-15", "--amount", "0"), 2, "--amount")
    assert events(opened.db_url) == before
    assert opened("balance", "--json").json()["cash"] == "0.00"
    # A hardship child takes none, and is refused one.
    assert_refused(opened("contribute", "H1", "--year", "2026-2027", "--receipt", "R2",
                          "--date", "2026-09-15", "--amount", "140.00"), 1, "hardship enrollment")
    r = opened("contribute", "H1", "--year", "2026-2027", "--receipt", "R2", "--date",
               "2026-09-15", "--json")
    assert r.code == 0 and r.json()["subsidy"] == "140.00", r.err


def test_a_roster_row_of_a_paying_child_without_an_amount_is_refused(opened, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(HEADER + "S1,张三,2015-03-01,张父,RS1,2026-09-10,,,\n"
                      "S2,李四,2015-03-01,李母,RS2,2026-09-10,0.00,low-income,CA-2\n",
                      encoding="utf-8")
    before = events(opened.db_url)
    r = opened("import", "contributions", roster, "--year", "2026-2027")
    assert r.code == 2 and "line 2, column amount" in r.err, r.err
    assert events(opened.db_url) == before


def test_an_unknown_hardship_category_is_refused_naming_the_allowed_ones(opened, tmp_path):
    before = events(opened.db_url)
    r = opened("child", "register", "P1", "--name", "贫困儿", "--born", "2015-01-01",
               "--hardship", "poor", "--evidence", "EV-1")
    assert_refused(r, 2, "--hardship", "'poor'", "low-income, special-hardship, disabled")
    assert events(opened.db_url) == before
    # A code is matched without regard to case, and kept as the year spells it.
    assert opened("child", "register", "P1", "--name", "贫困儿", "--born", "2015-01-01",
                  "--hardship", "Low-Income", "--evidence", "EV-1").code == 0
    assert opened("member", "show", "P1", "--json").json()["hardship"] == "low-income"
    r = opened("contribute", "P1", "--year", "2026-2027", "--receipt", "RP1", "--date",
               "2026-09-15", "--json")
    assert r.code == 0 and r.json()["paid"] == "0.00", r.err
    roster = tmp_path / "roster.csv"
    roster.write_text(HEADER + "S9,王五,2015-03-01,王父,RS9,2026-09-10,0.00,poor,CA-9\n",
                      encoding="utf-8")
    r = opened("import", "contributions", roster, "--year", "2026-2027")
    assert r.code == 2 and "line 2, column hardship" in r.err and "low-income" in r.err, r.err


def test_look_alike_identifiers_are_the_same_number(opened):
    assert opened("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date",
                  "2026-09-15", "--amount", "120.00").code == 0
    # Typed again with a Chinese input method: full-width letters and digits, a stray space.
    r = opened("contribute", "Ｍ1", "--year", "２０２６-２０２７", "--receipt", "R１ ", "--date",
               "2026-09-15", "--amount", "120.00", "--json")
    assert r.code == 0 and r.json()["duplicate"] is True, r.err
    assert opened("balance", "--json").json()["cash"] == "120.00"
    assert opened("member", "show", " Ｍ１", "--json").json()["member"] == "M1"
    assert opened("history", "R１", "--json").json()["events"]
    assert_refused(opened("child", "register", "Ｍ1", "--name", "又一个", "--born",
                          "2015-01-01"), 1, "member numbers are unique")
    # Amounts keep refusing full-width digits: an amount is never guessed at.
    assert_refused(opened("donation", "record", "--amount", "１２０.00", "--donor", "X",
                          "--reference", "D1", "--date", "2026-10-01"), 2, "--amount")
