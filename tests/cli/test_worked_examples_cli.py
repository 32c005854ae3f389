"""SPEC §4: the five worked examples, through the `fund` command, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from shell import assert_refused
from conftest import RULES


@pytest.fixture
def clinic(fund_cli):  # noqa: F811
    f = fund_cli
    assert f("year", "open", str(RULES), "--date", "2026-07-01").code == 0
    for level in (1, 2, 3):
        assert f("hospital", "add", f"H{level}", "--name", f"Level {level}", "--level", level).code == 0
    return f


def enrol(f, member, hardship=False):
    extra = ["--hardship", "low-income", "--evidence", "CA-1"] if hardship else []
    assert f("child", "register", member, "--name", "Child", "--born", "2015-05-01", *extra).code == 0
    paid = [] if hardship else ["--amount", "120.00"]
    assert f("contribute", member, "--year", "2026-2027", "--receipt", f"R-{member}",
             "--date", "2026-09-10", *paid).code == 0


def claim(f, number, member, hospital, total, in_scope, *extra):
    r = f("claim", "submit", number, "--member", member, "--hospital", hospital, "--bill",
          f"B-{number}", "--type", "inpatient", "--admitted", "2026-10-01", "--discharged",
          "2026-10-05", "--total", total, "--in-scope", in_scope, "--date", "2026-10-10", *extra)
    assert r.code == 0, r.err
    return f("claim", "show", number, "--json").json()


def test_example_1_ordinary_inpatient_claim(clinic):
    enrol(clinic, "M1")
    doc = claim(clinic, "C1", "M1", "H3", "12000.00", "10000.00")
    assert set(doc) >= {"claim", "member", "status", "base", "deductible", "ratio", "payout",
                        "assistance", "paid", "reason"}
    assert (doc["base"], doc["deductible"], doc["ratio"], doc["payout"]) == \
        ("10000.00", "100.00", "0.70", "6930.00")
    assert doc["family_pays"] == "5070.00" and doc["reason"] is None
    text = clinic("claim", "show", "C1")
    assert "Family pays" in text.out and "5070.00" in text.out


def test_examples_2_and_3_package_then_the_cap(clinic):
    enrol(clinic, "P1", hardship=True)
    doc = claim(clinic, "C1", "P1", "H3", "120000.00", "100000.00", "--diagnosis", "ALL")
    assert (doc["base"], doc["payout"], doc["assistance"]) == ("80000.00", "56000.00", "16000.00")
    assert clinic("claim", "approve", "C1", "--date", "2026-10-20").code == 0
    doc = claim(clinic, "C2", "P1", "H2", "250000.00", "200000.00")
    assert (doc["computed"], doc["cap_left"], doc["payout"]) == ("159920.00", "144000.00", "144000.00")
    assert clinic("claim", "approve", "C2", "--date", "2026-10-21").code == 0
    years = clinic("member", "show", "P1", "--json").json()["years"]["2026-2027"]
    assert (years["benefits"], years["cap_left"]) == ("200000.00", "0.00")
    bal = clinic("balance", "--json").json()
    assert bal["benefits_by_year"] == {"2026-2027": "200000.00"}
    assert (bal["claims_payable"], bal["assistance_receivable"], bal["assistance_payable"]) == \
        ("200000.00", "56000.00", "56000.00")


@pytest.mark.parametrize("payables, cash, paid, left", [
    (["1000.00", "500.00", "500.00"], "1000.00", ["500.00", "250.00", "250.00"], "1000.00"),
    (["100.00", "100.00", "100.00"], "100.00", ["33.34", "33.33", "33.33"], "200.00"),
])
def test_examples_4_and_5_payout_runs(clinic, payables, cash, paid, left):
    from steps.claims import in_scope_for
    from decimal import Decimal

    for i, value in enumerate(payables):
        enrol(clinic, f"P{i}", hardship=True)  # no contribution in cash
        scope = str(in_scope_for(Decimal(value)))
        r = clinic("claim", "submit", f"C{i}", "--member", f"P{i}", "--hospital", "H1", "--bill",
                   f"B{i}", "--type", "outpatient-major", "--admitted", "2026-10-01",
                   "--discharged", "2026-10-31", "--total", scope, "--in-scope", scope,
                   "--date", "2026-11-02")
        assert r.code == 0, r.err
        assert clinic("claim", "approve", f"C{i}", "--date", "2026-11-03").code == 0
    assert clinic("donation", "record", "--amount", cash, "--donor", "Red Cross", "--reference",
                  "D1", "--date", "2026-11-04").code == 0
    run = clinic("payout", "run", "--date", "2026-11-05", "--json")
    assert run.code == 0, run.err
    assert [p["amount"] for p in run.json()["payments"]] == paid
    assert run.json()["paid"] == cash
    bal = clinic("balance", "--json").json()
    assert (bal["cash"], bal["claims_payable"]) == ("0.00", left)
    assert [d["paid"] for d in clinic("claim", "list", "--json").json()["claims"]] == paid
    assert clinic("audit", "verify").code == 0


def test_claim_refusals_are_one_line_and_record_nothing(clinic):
    enrol(clinic, "M1")
    base = ["claim", "submit", "C1", "--member", "M1", "--bill", "B1", "--type", "inpatient",
            "--admitted", "2026-10-01", "--discharged", "2026-10-05", "--date", "2026-10-10"]
    assert_refused(clinic(*base, "--hospital", "H9", "--total", "10", "--in-scope", "5"),
                   1, "designated hospital")
    assert_refused(clinic(*base, "--hospital", "H3", "--total", "10", "--in-scope", "50"),
                   2, "--in-scope")
    assert_refused(clinic(*base, "--hospital", "H3", "--total", "10", "--in-scope", "5",
                          "--other-paid", "6"), 2, "--other-paid")
    assert_refused(clinic("claim", "approve", "C1"), 1, "unknown claim")
    assert_refused(clinic("claim", "reject", "C1", "--reason", "BECAUSE"), 2, "--reason")
    assert clinic("claim", "list", "--json").json() == {"claims": []}
    reasons = clinic("claim", "reasons", "--json").json()
    assert "LATE_SUBMISSION" in reasons and "DUPLICATE_BILL" in reasons


def test_a_rejected_claim_pays_nothing_and_says_why(clinic):
    enrol(clinic, "M1")
    claim(clinic, "C1", "M1", "H3", "12000.00", "10000.00")
    r = clinic("claim", "reject", "C1", "--reason", "not_in_catalogue", "--date", "2026-10-12")
    assert r.code == 0, r.err
    doc = clinic("claim", "show", "C1", "--json").json()
    assert (doc["status"], doc["reason"], doc["payout"], doc["family_pays"]) == \
        ("rejected", "NOT_IN_CATALOGUE", "0.00", "12000.00")
    assert clinic("claim", "list", "--status", "rejected", "--json").json()["claims"][0]["claim"] == "C1"
    assert clinic("balance", "--json").json()["benefits"] == "0.00"


def test_the_annual_report_with_csv_chart_and_seal(clinic, tmp_path):
    enrol(clinic, "M1")
    enrol(clinic, "P1", hardship=True)
    claim(clinic, "C1", "M1", "H3", "12000.00", "10000.00")
    claim(clinic, "C2", "P1", "H3", "120000.00", "100000.00", "--diagnosis", "ALL")
    for c in ("C1", "C2"):
        assert clinic("claim", "approve", c, "--date", "2026-10-20").code == 0
    clinic("claim", "submit", "C3", "--member", "M1", "--hospital", "H2", "--bill", "B3", "--type",
           "inpatient", "--admitted", "2026-10-01", "--discharged", "2026-10-05", "--total", "900",
           "--in-scope", "900", "--date", "2027-09-01")  # too late: rejected
    clinic("donation", "record", "--amount", "100000", "--donor", "Red Cross", "--reference", "D1",
           "--date", "2026-10-01")
    assert clinic("payout", "run", "--date", "2026-11-01").code == 0
    chart = tmp_path / "year.png"
    r = clinic("report", "year", "2026-2027", "--json", "--csv", str(tmp_path / "csv"),
               "--chart", str(chart), "--seal")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["children"] == {"covered": 2, "paying": 1, "hardship": 1, "reversed": 0}
    assert doc["income"] == {"contributions": "120.00", "subsidies": "120.00",
                             "donations": "100000.00", "total": "100240.00"}
    assert doc["benefits"]["total"] == "62930.00"
    assert doc["benefits"]["by_package"] == {"ALL": "56000.00", "none": "6930.00"}
    assert doc["benefits"]["by_level"] == {"3": "62930.00"}
    assert doc["claims"]["rejected_by_reason"] == {"LATE_SUBMISSION": 1}
    assert doc["claims"]["largest_payout"] == "56000.00"
    assert doc["loss_ratio"] == "262.2083"  # 62,930.00 / (120.00 + 120.00)
    months = {m["month"]: m for m in doc["cash_by_month"]}
    assert len(months) == 12 and months["2026-11"]["out"] == "62930.00"
    assert months["2027-08"]["balance"] == clinic("balance", "--json").json()["cash"]
    assert doc["seal"] == clinic("audit", "seal").out.strip()
    png = chart.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "benefits-2026-2027.csv", "cash-by-month-2026-2027.csv", "summary-2026-2027.csv"]
    text = clinic("report", "year", "2026-2027")
    assert text.code == 0 and "Loss ratio" in text.out
    assert_refused(clinic("report", "year", "1999-2000"), 1, "unknown plan year")


def test_a_family_repays_an_overpaid_claim_through_the_cli(clinic):
    enrol(clinic, "M1")
    claim(clinic, "C1", "M1", "H3", "12000.00", "10000.00")
    assert clinic("claim", "approve", "C1", "--date", "2026-10-20").code == 0
    clinic("donation", "record", "--amount", "6930", "--donor", "Red Cross", "--reference", "D1",
           "--date", "2026-10-01")
    assert clinic("payout", "run", "--date", "2026-11-01").code == 0
    # The bill checked again: 5,000.00 in scope, so (5,000.00 - 100.00) x 0.70 = 3,430.00.
    assert clinic("claim", "correct", "C1", "--reason", "outside the catalogue", "--in-scope",
                  "5000.00", "--date", "2026-11-10").code == 0
    assert clinic("claim", "approve", "C1", "--date", "2026-11-11").code == 0
    doc = clinic("claim", "show", "C1", "--json").json()
    assert (doc["payout"], doc["paid"], doc["recovery"]) == ("3430.00", "3430.00", "3500.00")
    assert "Owed back by the family" in clinic("claim", "show", "C1").out

    assert_refused(clinic("claim", "repay", "C1", "--amount", "3500.01", "--reference", "F1",
                          "--date", "2026-11-20"), 1, "recovery")
    assert_refused(clinic("claim", "repay", "C1", "--amount", "-5", "--reference", "F1",
                          "--date", "2026-11-20"), 2, "--amount")
    r = clinic("claim", "repay", "C1", "--amount", "1500", "--reference", "F1", "--date", "2026-11-20")
    assert r.code == 0 and "still owed back 2000.00" in r.out, r.err
    again = clinic("claim", "repay", "C1", "--amount", "1500", "--reference", "F1", "--date",
                   "2026-11-20")
    assert again.code == 0 and "already recorded" in again.out
    assert clinic("claim", "show", "C1", "--json").json()["recovery"] == "2000.00"
    balance = clinic("balance", "--json").json()
    assert (balance["cash"], balance["recovery_receivable"]) == ("1620.00", "2000.00")
    assert clinic("balance", "--as-of", "2026-11-15", "--json").json()["cash"] == "120.00"
    assert "F1" in clinic("history", "C1").out
    assert clinic("audit", "verify").code == 0
    assert clinic("audit", "rebuild").code == 0
    # A view that says the family owes less than the books do is caught by the audit.
    from sqlalchemy import create_engine, text

    engine = create_engine(clinic.db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE view_claims SET recovery_fen = 0 WHERE claim = 'C1'"))
    engine.dispose()
    r = clinic("audit", "verify")
    assert r.code == 1 and "families owe back 0.00 on their claims" in r.out + r.err
