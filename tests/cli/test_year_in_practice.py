"""A year that does not go to plan, at the terminal (SPEC §6): children's facts corrected, a
hardship status from a date, a hospital's level changed or the hospital delisted, appeals.
Each on SQLite and PostgreSQL; the audit holds over every new event."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from shell import assert_refused


@pytest.fixture
def clinic(opened):
    f = opened
    for code, level in (("H2", "2"), ("H3", "3")):
        assert f("hospital", "add", code, "--name", f"Hospital {code}", "--level", level,
                 "--date", "2026-07-01").code == 0
    assert f("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date",
             "2026-09-10", "--amount", "120.00").code == 0
    return f


def claim(f, number, member, hospital, admitted, scope="10000.00", total=None, on=None):
    """An admission of five days, submitted on `on` (or five days after the discharge)."""
    day = date.fromisoformat(admitted)
    return f("claim", "submit", number, "--member", member, "--hospital", hospital, "--bill",
             f"B-{number}", "--type", "inpatient", "--admitted", admitted, "--discharged",
             str(day + timedelta(days=4)), "--total", total or scope, "--in-scope", scope,
             "--date", on or str(day + timedelta(days=9)), "--json")


def test_a_hardship_status_from_a_date_decides_who_pays_and_who_gets_assistance(clinic):
    f = clinic
    assert f("child", "register", "M2", "--name", "张三", "--born", "2016-01-01").code == 0
    doc = f("child", "hardship", "M2", "--category", "LOW-INCOME", "--evidence", "DB-9",
            "--from", "2026-09-01", "--json").json()
    assert doc == {"member": "M2", "hardship": "low-income", "evidence": "DB-9",
                   "from": "2026-09-01"}
    # Enrolled on a day of hardship: free, whatever the family tries to pay.
    assert_refused(f("contribute", "M2", "--year", "2026-2027", "--receipt", "R2", "--date",
                     "2026-09-10", "--amount", "120.00"), 1, "hardship enrollment")
    assert f("contribute", "M2", "--year", "2026-2027", "--receipt", "R2", "--date",
             "2026-09-10").code == 0
    # M1 paid on 2026-09-10: a status from before is refused, from after is not refunded.
    assert_refused(f("child", "hardship", "M1", "--category", "low-income", "--evidence", "E",
                     "--from", "2026-09-01"), 1, "hardship from a date", "reverse")
    assert f("child", "hardship", "M1", "--category", "low-income", "--evidence", "E",
             "--from", "2026-10-01").code == 0
    assert f("child", "show", "M1", "--json").json()["years"]["2026-2027"]["paid"] == "120.00"
    # Medical assistance by the status on the admission date.
    before = claim(f, "C1", "M1", "H3", "2026-09-20").json()
    after = claim(f, "C2", "M1", "H3", "2026-10-05").json()
    assert (before["payout"], before["assistance"]) == ("6930.00", "0.00")
    assert (after["payout"], after["assistance"]) == ("6930.00", "2000.00")
    # M2's status ends: admissions from then get no assistance; an end before its free
    # enrollment is refused.
    assert_refused(f("child", "hardship", "M2", "--end", "--from", "2026-09-05"), 1,
                   "hardship from a date")
    assert f("child", "hardship", "M2", "--end", "--from", "2026-11-01", "--reason",
             "income above the line").code == 0
    assert claim(f, "C3", "M2", "H3", "2026-11-02").json()["assistance"] == "0.00"
    assert f("child", "show", "M2", "--as-of", "2026-10-31", "--json").json()["hardship"] == \
        "low-income"
    assert f("child", "show", "M2", "--json").json()["hardship"] is None
    # Bad input: one line, exit 2, nothing recorded.
    assert_refused(f("child", "hardship", "M2", "--from", "2026-11-05"), 2, "--category")
    assert_refused(f("child", "hardship", "M2", "--category", "orphan", "--evidence", "E",
                     "--from", "2026-11-05"), 2, "hardship", "low-income")
    assert_refused(f("child", "hardship", "M2", "--end", "--category", "low-income", "--from",
                     "2026-11-05"), 2, "--end")
    words = [e["summary"] for e in f("history", "M2", "--json").json()["events"]]
    assert "hardship low-income from this date on (evidence DB-9)" in words
    assert "hardship status ended from this date on (income above the line)" in words
    assert f("audit", "verify").code == 0


def test_a_corrected_date_of_birth_keeps_the_enrollment_or_is_refused_over_the_age_limit(clinic):
    f = clinic
    doc = f("child", "amend", "M1", "--born", "2022-03-01", "--reason", "birth certificate",
            "--date", "2026-10-01", "--json").json()
    assert doc["born"] == "2022-03-01"
    assert doc["enrollments_kept"] == [{"year": "2026-2027", "receipt": "R1",
                                        "contribution": "120.00", "due_now": "140.00"}]
    r = f("child", "amend", "M1", "--born", "2015-05-01", "--reason", "wrong certificate")
    assert r.code == 0 and "kept as made" in r.out, r.out
    assert_refused(f("child", "amend", "M1", "--born", "2007-05-01", "--reason", "passport"), 1,
                   "age limit", "R1")
    assert f("child", "show", "M1", "--json").json()["born"] == "2015-05-01"
    assert f("child", "show", "M1", "--as-of", "2026-10-15", "--json").json()["born"] == \
        "2022-03-01"
    assert_refused(f("child", "amend", "M1", "--reason", "nothing"), 2, "--name")
    assert_refused(f("child", "amend", "M1", "--name", "x"), 2, "--reason")
    assert_refused(f("child", "amend", "M9", "--name", "x", "--reason", "y"), 1, "M9")
    doc = f("child", "amend", "M1", "--name", " 李小明 ", "--guardian", "李强", "--reason",
            "school records", "--json").json()
    assert (doc["name"], doc["guardian"], doc["enrollments_kept"]) == ("李小明", "李强", [])
    # Over the age limit once the enrollment is reversed.
    assert f("contribution", "reverse", "R1", "--reason", "too old", "--date",
             "2026-09-12").code == 0
    assert f("child", "amend", "M1", "--born", "2007-05-01", "--reason", "passport").code == 0
    assert f("audit", "verify").code == 0


def test_a_hospital_level_from_a_date_and_a_delisting(clinic):
    f = clinic
    held = claim(f, "C1", "M1", "H2", "2026-11-05").json()  # assessed at level 2
    assert held["payout"] == "7920.00"
    approved = claim(f, "C2", "M1", "H2", "2026-11-06").json()
    assert f("claim", "approve", "C2", "--date", "2026-11-20").code == 0
    doc = f("hospital", "amend", "H2", "--level", "3", "--from", "2026-11-01", "--json").json()
    assert doc == {"hospital": "H2", "level": 3, "from": "2026-11-01"}
    assert approved["payout"] == "7920.00"
    # The claim still waiting is assessed again at approval, with the level on admission.
    doc = f("claim", "approve", "C1", "--date", "2026-11-21", "--json").json()
    assert (doc["payout"], doc["level"], doc["ratio"]) == ("6930.00", 3, "0.70")
    assert f("claim", "show", "C2", "--json").json()["payout"] == "7920.00"  # approved: kept
    assert claim(f, "C3", "M1", "H2", "2026-10-20").json()["ratio"] == "0.80"  # before: level 2
    levels = {h["code"]: h["level"] for h in f("hospital", "list", "--as-of", "2026-10-31",
                                                 "--json").json()["hospitals"]}
    assert levels == {"H2": 2, "H3": 3}
    words = [e["summary"] for e in f("history", "C1", "--json").json()["events"]]
    assert any("was level 3 on the admission date" in w for w in words), words
    # Delisting: refused before an admission the fund accepted; after it, admissions refused.
    assert_refused(f("hospital", "delist", "H2", "--from", "2026-11-01", "--reason", "closed"),
                   1, "designated hospital", "C1, C2")
    doc = f("hospital", "delist", "H2", "--from", "2026-12-01", "--reason", "closed",
            "--json").json()
    assert doc == {"hospital": "H2", "delisted_from": "2026-12-01", "reason": "closed"}
    assert_refused(claim(f, "C4", "M1", "H2", "2026-12-01"), 1, "designated hospital",
                   "delisted from 2026-12-01")
    assert claim(f, "C5", "M1", "H2", "2026-11-25").code == 0
    listed = {h["code"]: h for h in f("hospital", "list", "--json").json()["hospitals"]}
    assert (listed["H2"]["delisted_from"], listed["H2"]["level"]) == ("2026-12-01", 3)
    assert f("hospital", "list", "--as-of", "2026-11-30", "--json").json()["hospitals"][0][
        "delisted_from"] is None
    assert_refused(f("hospital", "amend", "H2", "--level", "4", "--from", "2026-11-01"), 2,
                   "--level")
    assert_refused(f("hospital", "amend", "H2", "--level", "1", "--from", "2026-12-05"), 1,
                   "designated hospital")
    assert_refused(f("hospital", "delist", "H2", "--from", "2026-11-28", "--reason", "x"), 1,
                   "delisted from 2026-12-01 already")
    assert f("audit", "verify").code == 0


def test_appeals_against_a_rejection_and_an_amount(clinic):
    f = clinic
    claim(f, "C1", "M1", "H3", "2026-10-01", "1000.00", total="3000.00")
    claim(f, "C2", "M1", "H3", "2026-10-02", "1000.00", total="3000.00")
    assert_refused(f("claim", "appeal", "C1", "--reason", "slow"), 1, "appeal", "no decision")
    assert f("claim", "reject", "C1", "--reason", "incomplete_documents", "--date",
             "2026-10-20").code == 0
    assert f("claim", "approve", "C2", "--date", "2026-10-20").code == 0
    assert_refused(f("claim", "appeal", "C1", "--reason", "late", "--date", "2026-12-20"), 1,
                   "appeal deadline", "2026-12-19")
    doc = f("claim", "appeal", "C1", "--reason", "summary attached", "--date", "2026-12-19",
            "--json").json()
    assert (doc["status"], doc["appeal"]) == ("rejected", "open")
    assert f("claim", "appeal", "C2", "--reason", "items left out", "--date",
             "2026-11-01").code == 0
    listed = f("claim", "list", "--status", "appealed", "--json").json()["claims"]
    assert [c["claim"] for c in listed] == ["C1", "C2"]
    table = f("claim", "list", "--status", "appealed").out
    assert table.count("appealed") == 2, table
    assert_refused(f("claim", "decide-appeal", "C1", "--note", "x"), 2, "--uphold")
    assert_refused(f("claim", "decide-appeal", "C1", "--uphold", "--overturn", "--note", "x"), 2,
                   "one of them")
    assert_refused(f("claim", "decide-appeal", "C1", "--uphold", "--in-scope", "5", "--note",
                     "x"), 2, "--in-scope")
    doc = f("claim", "decide-appeal", "C1", "--overturn", "--note", "summary received",
            "--date", "2026-12-22", "--json").json()
    assert (doc["status"], doc["appeal"], doc["payout"]) == ("assessed", "overturned", "630.00")
    assert f("claim", "approve", "C1", "--date", "2026-12-23").code == 0
    doc = f("claim", "decide-appeal", "C2", "--overturn", "--in-scope", "2000.00", "--note",
            "catalogue checked", "--date", "2026-11-10", "--json").json()
    assert (doc["status"], doc["payout"], doc["in_scope"]) == ("assessed", "1330.00", "2000.00")
    assert f("claim", "approve", "C2", "--date", "2026-11-11").code == 0
    assert f("claim", "list", "--status", "appealed", "--json").json()["claims"] == []
    assert_refused(f("claim", "decide-appeal", "C2", "--uphold", "--note", "x"), 1, "appeal")
    events = [e["event"] for e in f("history", "C1", "--json").json()["events"]]
    assert events[-5:] == ["Claim.Appealed", "Claim.AppealDecided", "Claim.Assessed",
                           "Claim.Approved", "Enrollment.BenefitApproved"]
    # Upheld: the decision stands; the same decision is not appealed twice.
    claim(f, "C3", "M1", "H3", "2026-10-03", "1000.00")
    f("claim", "reject", "C3", "--reason", "not_medically_necessary", "--date", "2026-10-20")
    f("claim", "appeal", "C3", "--reason", "the doctor's letter", "--date", "2026-10-25")
    doc = f("claim", "decide-appeal", "C3", "--uphold", "--note", "not necessary",
            "--date", "2026-10-30", "--json").json()
    assert (doc["status"], doc["appeal"], doc["reason"]) == ("rejected", "upheld",
                                                              "NOT_MEDICALLY_NECESSARY")
    assert_refused(f("claim", "appeal", "C3", "--reason", "again", "--date", "2026-11-01"), 1,
                   "appealed already")
    assert f("audit", "verify").code == 0
    assert f("audit", "rebuild").code == 0


def test_an_appeal_period_set_by_the_rules(fund_cli, tmp_path):
    from conftest import RULES

    rules = tmp_path / "rules.toml"
    rules.write_text(RULES.read_text().replace('assistance_ratio = "0.20"',
                                               'assistance_ratio = "0.20"\nappeal_days = 30'))
    f = fund_cli
    assert f("year", "open", str(rules), "--date", "2026-07-01").code == 0
    assert f("year", "show", "2026-2027", "--json").json()["rules"]["claims"]["appeal_days"] == 30
    f("hospital", "add", "H3", "--name", "H", "--level", "3", "--date", "2026-07-01")
    f("child", "register", "M1", "--name", "M", "--born", "2015-05-01")
    f("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date", "2026-09-10",
      "--amount", "120.00")
    claim(f, "C1", "M1", "H3", "2026-10-01", "1000.00")
    f("claim", "reject", "C1", "--reason", "OTHER", "--date", "2026-10-20")
    assert_refused(f("claim", "appeal", "C1", "--reason", "x", "--date", "2026-11-20"), 1,
                   "within 30 days")
    assert f("claim", "appeal", "C1", "--reason", "x", "--date", "2026-11-19").code == 0


def test_a_claims_file_takes_the_same_decisions_as_the_terminal(clinic, tmp_path):
    """Hospitals that send their claims as a file: the level on the admission date, and a
    delisted hospital's admission refused at its line."""
    f = clinic
    assert f("hospital", "amend", "H2", "--level", "3", "--from", "2026-11-01").code == 0
    assert f("hospital", "delist", "H2", "--from", "2026-12-01", "--reason", "closed").code == 0
    path = tmp_path / "claims.csv"
    path.write_text("claim,member,hospital,bill,type,admitted,discharged,total,in_scope,submitted\n"
                    "CL-1,M1,H2,B1,inpatient,2026-10-20,2026-10-24,10000,10000,2026-12-10\n"
                    "CL-2,M1,H2,B2,inpatient,2026-11-20,2026-11-24,10000,10000,2026-12-10\n"
                    "CL-3,M1,H2,B3,inpatient,2026-12-02,2026-12-04,10000,10000,2026-12-10\n")
    assert_refused(f("import", "claims", path), 1, "designated hospital", "line 4")
    ratios = {c["claim"]: c["ratio"] for c in f("claim", "list", "--json").json()["claims"]}
    assert ratios == {"CL-1": "0.80", "CL-2": "0.70"}  # the level on each admission date
