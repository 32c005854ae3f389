"""The administrator's everyday at the terminal: every command answers in JSON when asked,
explains itself, and tells the truth about what it did and did not do."""

from __future__ import annotations

import click
import pytest

from conftest import RULES
from shell import assert_refused, every_command


@pytest.mark.parametrize("path, command", every_command(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_answers_in_json_and_explains_each_option(path, command):
    options = [p for p in command.params if isinstance(p, click.Option)]
    assert "--json" in {o.opts[0] for o in options}, f"fund {path} has no --json"
    assert command.help, f"fund {path} has no help"
    assert [o.opts[0] for o in options if not o.help] == [], f"fund {path}: options without help"


def test_fund_alone_prints_its_help_and_a_misspelt_command_gets_the_nearest(fund_cli):
    r = fund_cli()
    assert r.code == 0 and "Usage: fund" in r.out and r.err == ""
    r = fund_cli("claim")
    assert r.code == 0 and "Usage: fund claim" in r.out
    assert_refused(fund_cli("balanse"), 2, "No such command 'balanse'", "Did you mean 'balance'")
    assert_refused(fund_cli("claim", "submit", "C1", "--member", "M1"), 2,
                   "'--hospital', '--bill', '--type', '--admitted', '--discharged', '--total', "
                   "'--in-scope'")


@pytest.fixture
def clinic(opened):
    f = opened
    assert f("hospital", "add", "H3", "--name", "Children's", "--level", "3").code == 0
    assert f("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date",
             "2026-09-10", "--amount", "120.00").code == 0
    assert f("contribute", "H1", "--year", "2026-2027", "--receipt", "R2", "--date",
             "2026-09-10").code == 0
    return f


def submit(f, number, member, *extra):
    r = f("claim", "submit", number, "--member", member, "--hospital", "H3", "--bill",
          f"B-{number}", "--type", "inpatient", "--admitted", "2026-10-01", "--discharged",
          "2026-10-05", "--total", "12000.00", "--in-scope", "10000.00", "--date", "2026-10-10",
          *extra)
    assert r.code == 0, r.err


def test_every_write_answers_with_what_it_recorded(clinic, tmp_path):
    f = clinic
    doc = f("hospital", "add", "H2", "--name", "District", "--level", "2", "--json").json()
    assert doc == {"hospital": "H2", "name": "District", "level": 2, "registered": True}
    doc = f("child", "register", "M9", "--name", "王芳", "--born", "2016-01-01", "--json").json()
    assert doc["member"] == "M9" and doc["born"] == "2016-01-01" and doc["registered"] is True
    doc = f("donation", "record", "--amount", "5000", "--donor", "Rotary", "--reference", "D1",
            "--date", "2026-10-01", "--json").json()
    assert doc == {"reference": "D1", "donor": "Rotary", "amount": "5000.00",
                   "received_on": "2026-10-01", "duplicate": False}
    doc = f("subsidy", "receive", "--amount", "140", "--reference", "S1", "--date",
            "2026-12-01", "--json").json()
    assert doc["amount"] == "140.00" and doc["duplicate"] is False
    submit(f, "C1", "M1")
    doc = f("claim", "approve", "C1", "--date", "2026-10-20", "--json").json()
    assert (doc["claim"], doc["status"], doc["payable"]) == ("C1", "approved", "6930.00")
    doc = f("payout", "run", "--date", "2026-10-25", "--json").json()
    assert doc["paid"] == "5120.00"  # the cash on 2026-10-25: the subsidy came later
    doc = f("contribution", "reverse", "R2", "--reason", "wrong child", "--json").json()
    assert doc == {"receipt": "R2", "member": "H1", "year": "2026-2027", "refunded": "0.00",
                   "reversed": True}


def test_a_payout_run_that_pays_nothing_says_why_in_figures(clinic):
    f = clinic
    submit(f, "C1", "M1")
    assert f("claim", "approve", "C1", "--date", "2026-10-20").code == 0
    f("donation", "record", "--amount", "9000", "--donor", "Rotary", "--reference", "D1",
      "--date", "2026-10-01")
    r = f("payout", "run", "--date", "2026-10-15")
    assert r.code == 0 and "Nothing to pay on 2026-10-15" in r.out
    assert "the 1 claim payable (6930.00) were approved after 2026-10-15" in r.out, r.out
    doc = f("payout", "run", "--date", "2026-10-15", "--json").json()
    assert doc["run"] is None and "approved after 2026-10-15" in doc["why"]


def test_an_approval_after_a_correction_says_what_is_payable_and_owed_back(clinic):
    f = clinic
    f("donation", "record", "--amount", "9000", "--donor", "Rotary", "--reference", "D1",
      "--date", "2026-10-01")
    submit(f, "C1", "M1")
    assert f("claim", "approve", "C1", "--date", "2026-10-20").code == 0
    assert f("payout", "run", "--date", "2026-10-25").code == 0
    assert f("claim", "correct", "C1", "--reason", "pharmacy outside the catalogue",
             "--in-scope", "5000.00", "--date", "2026-11-01").code == 0
    r = f("claim", "approve", "C1", "--date", "2026-11-02")
    assert r.code == 0, r.err
    # (5000 - 100) x 0.70 = 3430.00; 6930.00 was paid: nothing payable, 3500.00 owed back.
    assert "the fund pays 3430.00 in all; 6930.00 paid to the family already; 0.00 payable" in r.out, r.out
    assert "3500.00 owed back by the family" in r.out, r.out


def test_a_package_code_is_matched_without_regard_to_case(clinic):
    f = clinic
    submit(f, "C2", "H1", "--diagnosis", "all")
    doc = f("claim", "show", "C2", "--json").json()
    assert doc["package"] == "ALL" and doc["deductible"] == "0.00" and doc["payout"] == "7000.00"


def test_assistance_passed_on_to_one_family_is_said_in_the_singular(clinic):
    f = clinic
    submit(f, "C2", "H1", "--diagnosis", "ALL")
    assert f("claim", "approve", "C2", "--date", "2026-10-20").code == 0
    f("donation", "record", "--amount", "9000", "--donor", "Rotary", "--reference", "D1",
      "--date", "2026-10-01")
    owed = f("balance", "--json").json()["assistance_receivable"]
    assert f("assistance", "receive", "--amount", owed, "--reference", "A1", "--date",
             "2026-10-21").code == 0
    r = f("payout", "run", "--date", "2026-10-25")
    assert f"Medical assistance passed on to 1 family: {owed}" in r.out, r.out


def test_shell_completion_is_documented():
    readme = (RULES.parent.parent / "README.md").read_text()
    assert "_FUND_COMPLETE=bash_source fund" in readme


def test_hospitals_children_years_and_income_are_listed(clinic):
    f = clinic
    f("donation", "record", "--amount", "5000", "--donor", "Rotary", "--reference", "D1",
      "--date", "2026-10-01")
    f("subsidy", "receive", "--amount", "140", "--reference", "S1", "--date", "2026-12-01")
    assert f("hospital", "list", "--json").json()["hospitals"] == [
        {"code": "H3", "name": "Children's", "level": 3, "level_from": None,
         "delisted_from": None, "delist_reason": None}]
    years = f("year", "list", "--json").json()["years"]
    assert [(y["year"], y["status"], y["children"]) for y in years] == [("2026-2027", "open", 2)]
    children = f("child", "list", "--json").json()["children"]
    assert [c["member"] for c in children] == ["H1", "M1"]
    hardship = f("child", "list", "--year", "2026-2027", "--hardship", "--json").json()["children"]
    assert [(c["member"], c["subsidy"]) for c in hardship] == [("H1", "140.00")]
    income = f("income", "list", "--year", "2026-2027", "--json").json()["income"]
    assert [(i["kind"], i["reference"], i["amount"]) for i in income] == [
        ("donation", "D1", "5000.00"), ("subsidy", "S1", "140.00")]
    assert f("child", "show", "M1", "--json").json() == f("member", "show", "M1", "--json").json()
    r = f("year", "list")
    assert "1 plan year" in r.out and "1 plan years" not in r.out


@pytest.mark.parametrize("born, paid, accepted", [
    ("2015/4/3", "2026/9/10", True), ("2015-4-3", "2026-9-10", True),
    ("2015年4月3日", "2026年9月10日", True), ("3.4.2015", "2026-09-10", False),
    ("4/3/2015", "2026-09-10", False), ("2015-04-03", "10.9.2026", False),
])
def test_dates_as_spreadsheets_write_them_and_ambiguous_ones_refused(opened, tmp_path, born,
                                                                    paid, accepted):
    roster = tmp_path / "roster.csv"
    roster.write_text("member,name,born,guardian,receipt,date,amount\n"
                      f"S1,张三,{born},张父,RS1,{paid},120.00\n", encoding="utf-8")
    r = opened("import", "contributions", roster, "--year", "2026-2027")
    if accepted:
        assert r.code == 0, r.err
        doc = opened("member", "show", "S1", "--json").json()
        assert doc["born"] == "2015-04-03"
        assert doc["years"]["2026-2027"]["enrolled_on"] == "2026-09-10"
    else:
        assert r.code == 2 and "day-first or month-first" in r.err, r.err


def test_the_annual_report_gives_the_loss_ratio_in_percent_and_no_month_to_come(clinic,
                                                                                monkeypatch):
    f = clinic
    f("donation", "record", "--amount", "9000", "--donor", "Rotary", "--reference", "D1",
      "--date", "2026-10-01")
    submit(f, "C1", "M1")
    assert f("claim", "approve", "C1", "--date", "2026-10-20").code == 0
    monkeypatch.setenv("FUND_TODAY", "2026-11-15")
    doc = f("report", "year", "2026-2027", "--json").json()
    # 6930.00 / (120.00 + 140.00) x 100 = 2665.3846... -> 2665.38
    assert doc["loss_ratio_percent"] == "2665.38"
    assert [m["month"] for m in doc["cash_by_month"]] == ["2026-09", "2026-10", "2026-11"]
    text = f("report", "year", "2026-2027").out
    assert "2665.38 %" in text
    for title in ("Benefits by claim type", "Benefits by disease package",
                  "Benefits by hospital level"):
        assert title in text
    assert text.count("Total") == 3


def test_history_says_what_changed_in_words(clinic):
    f = clinic
    submit(f, "C1", "M1")
    assert f("claim", "approve", "C1", "--date", "2026-10-20").code == 0
    events = f("history", "C1", "--json").json()["events"]
    summaries = [e["summary"] for e in events]
    assert "approved: the fund pays 6930.00" in summaries
    assert any(s.startswith("assessed (assessed on submission): base 10000.00, deductible "
                            "100.00, ratio 0.70, computed 6930.00") for s in summaries), summaries
    assert "{" not in f("history", "C1").out


def test_a_claim_before_cover_begins_says_when_it_begins(opened):
    f = opened
    assert f("hospital", "add", "H3", "--name", "Children's", "--level", "3").code == 0
    # Paid after the window: covered from the payment plus 90 days.
    assert f("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date",
             "2026-12-10", "--amount", "120.00").code == 0
    r = f("claim", "submit", "C1", "--member", "M1", "--hospital", "H3", "--bill", "B1", "--type",
          "inpatient", "--admitted", "2027-01-05", "--discharged", "2027-01-09", "--total", "500",
          "--in-scope", "500", "--date", "2027-01-20")
    assert "NOT_COVERED" in r.out and "cover in 2026-2027 begins 2027-03-10" in r.out, r.out
    doc = f("claim", "show", "C1", "--json").json()
    assert doc["reason"] == "NOT_COVERED" and "begins 2027-03-10" in doc["reason_note"]


def test_claims_approved_by_the_thousand_except_those_held(clinic):
    f = clinic
    f("donation", "record", "--amount", "90000", "--donor", "Rotary", "--reference", "D1",
      "--date", "2026-10-01")
    for i, scope in enumerate(["1000.00", "2000.00", "30000.00", "1500.00", "500.00"], 1):
        r = f("claim", "submit", f"C{i}", "--member", "M1", "--hospital", "H3", "--bill", f"B{i}",
              "--type", "inpatient", "--admitted", "2026-10-01", "--discharged", "2026-10-05",
              "--total", scope, "--in-scope", scope, "--date", "2026-10-10")
        assert r.code == 0, r.err
    doc = f("claim", "approve", "--all", "--hold-over", "10000", "--date", "2026-10-20",
            "--json").json()
    # (scope - 100) x 0.70: 630.00 + 1330.00 + 980.00 + 280.00; C3 (20930.00) is held.
    assert doc == {"approved": 4, "approved_total": "3220.00", "held": ["C3"], "refused": {},
                   "left_for_another_assessor": []}
    again = f("claim", "approve", "--all", "--hold-over", "10000", "--json").json()
    assert again["approved"] == 0 and again["held"] == ["C3"]  # nothing approved twice
    statuses = {c["claim"]: c["status"] for c in f("claim", "list", "--json").json()["claims"]}
    assert statuses == {"C1": "approved", "C2": "approved", "C3": "assessed", "C4": "approved",
                        "C5": "approved"}
    history = [e["event"] for e in f("history", "C1", "--json").json()["events"]]
    assert history.count("Claim.Approved") == 1  # each approval its own event
    assert_refused(f("claim", "approve"), 2, "CLAIM", "--all")


def test_a_seeded_sample_holds_the_same_claims_every_time():
    from decimal import Decimal

    from ledger.app.claims import _sampled

    numbers = [f"C{i:05d}" for i in range(2000)]
    held = [n for n in numbers if _sampled(n, Decimal("10"), 7)]
    assert 150 < len(held) < 250  # about one in ten
    assert held == [n for n in numbers if _sampled(n, Decimal("10"), 7)]
    assert held != [n for n in numbers if _sampled(n, Decimal("10"), 8)]
    assert not any(_sampled(n, Decimal("0"), 7) for n in numbers)
