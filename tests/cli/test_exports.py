"""A year's records leave the fund as CSV that Excel opens and `fund import` reads back."""

from __future__ import annotations

import codecs

import pytest

from conftest import ROOT, TODAY
from shell import assert_refused

RULES = ROOT / "examples" / "rules-2026-2027.toml"


def roster_of(tmp_path, rows: int):
    path = tmp_path / "roster.csv"
    path.write_text("member,name,born,guardian,receipt,date,amount,hardship,evidence,school\n"
                    + "".join(f"K{i},张{i},2015-01-0{1 + i % 9},王女士,KR{i},2026-09-15,"
                              + ("0.00,low-income,CA-" + str(i) if i % 10 == 0 else "120.00,,")
                              + ("," if i % 3 else ",朝阳小学") + "\n"
                              for i in range(rows)), encoding="utf-8")
    return path


def test_exported_contributions_open_in_excel_and_import_back(fund_cli, tmp_path, monkeypatch):
    assert fund_cli("year", "open", str(RULES), "--date", "2026-07-01").code == 0
    assert fund_cli("import", "contributions", roster_of(tmp_path, 50), "--year",
                    "2026-2027").code == 0
    assert fund_cli("contribution", "reverse", "KR7", "--reason", "wrong child").code == 0
    out = tmp_path / "export.csv"
    r = fund_cli("export", "contributions", "--year", "2026-2027", "--out", out)
    assert r.code == 0, r.err
    assert "Wrote 49 contributions" in r.out  # the reversed one is not a standing contribution
    data = out.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)  # so Excel reads the Chinese names right
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "member,name,born,guardian,receipt,date,amount,hardship,evidence,school"
    assert "K10,张10,2015-01-02,王女士,KR10,2026-09-15,0.00,low-income,CA-10," in lines
    assert "K30,张30,2015-01-04,王女士,KR30,2026-09-15,0.00,low-income,CA-30,朝阳小学" in lines
    assert not any(line.startswith("K7,") for line in lines)

    again = fund_cli("import", "contributions", out, "--year", "2026-2027")
    assert again.code == 0 and "recorded 0, skipped as duplicates 49" in again.out

    # Into another fund, the export records the same year: the same balances.
    before = fund_cli("balance", "--json").json()
    monkeypatch.setenv("FUND_DB", f"sqlite:///{tmp_path}/another-fund.db")
    assert fund_cli("year", "open", str(RULES), "--date", "2026-07-01").code == 0
    assert fund_cli("import", "contributions", out, "--year", "2026-2027").code == 0
    after = fund_cli("balance", "--json").json()
    assert after["cash"] == before["cash"] == f"{44 * 120}.00"  # 45 paying, one reversed
    assert after["subsidy_receivable"] == before["subsidy_receivable"]
    # with each child's school, which next year's renewals are listed by
    at_school = fund_cli("child", "list", "--year", "2026-2027", "--school", "朝阳小学", "--json")
    assert [c["member"] for c in at_school.json()["children"]] == sorted(
        f"K{i}" for i in range(0, 50, 3))


def test_exported_claims_import_back_as_duplicates(opened, tmp_path):
    fund = opened
    assert fund("hospital", "add", "HC", "--name", "City Children's", "--level", "3").code == 0
    assert fund("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date",
                "2026-09-10", "--amount", "120.00").code == 0
    assert fund("claim", "submit", "CL-1", "--member", "M1", "--hospital", "HC", "--bill", "B1",
                "--type", "inpatient", "--admitted", "2027-01-05", "--discharged", "2027-01-09",
                "--total", "5000", "--in-scope", "4000", "--date", "2027-01-20").code == 0
    out = tmp_path / "claims.csv"
    assert fund("export", "claims", "--year", "2026-2027", "--out", out).code == 0
    text = out.read_bytes().decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("claim,member,hospital,bill,type,admitted,discharged,total,in_scope")
    assert row.startswith("CL-1,M1,HC,B1,inpatient,2027-01-05,2027-01-09,5000.00,4000.00")
    r = fund("import", "claims", out)
    assert r.code == 0 and "claims submitted 0, skipped as duplicates 1" in r.out


def test_export_of_an_unknown_year_is_refused(fund_cli):
    assert fund_cli("db", "init").code == 0  # a fund without that year (a read makes no store)
    assert_refused(fund_cli("export", "claims", "--year", "1999-2000"), 1, "1999-2000")


def test_a_claims_file_with_an_unreadable_row_records_nothing(opened, tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text("claim,member,hospital,bill,type,admitted,discharged,total,in_scope\n"
                    "CL-1,M1,HC,B1,inpatient,2027-01-05,2027-01-09,5000,4000\n"
                    "CL-2,M1,HC,B2,inpatient,2027-02-30,2027-03-01,5000,4000\n")
    r = opened("import", "claims", path)
    assert r.code == 2 and "line 3" in r.err and "admitted" in r.err, r.err
    assert opened("claim", "list", "--json").json()["claims"] == []


@pytest.mark.parametrize("bad, column", [
    ("CL-3,M1,HC,B3,inpatient,2027-01-05,2027-01-09,1000,2000", "in_scope"),
    ("CL-3,M1,HC,B3,inpatient,2027-01-09,2027-01-05,5000,4000", "discharged"),
    ("CL-3,M1,HC,B3,emergency,2027-01-05,2027-01-09,5000,4000", "type"),
])
def test_a_claims_file_with_a_row_that_cannot_be_a_claim_records_nothing(opened, tmp_path, bad,
                                                                         column):
    """Cells each readable, together no claim (in scope above the total, a discharge before
    the admission): the file is refused before its first claim is recorded."""
    path = tmp_path / "claims.csv"
    path.write_text("claim,member,hospital,bill,type,admitted,discharged,total,in_scope\n"
                    "CL-1,M1,HC,B1,inpatient,2027-01-05,2027-01-09,5000,4000\n"
                    "CL-2,M1,HC,B2,inpatient,2027-01-05,2027-01-09,5000,4000\n" + bad + "\n")
    r = opened("import", "claims", path)
    assert r.code == 2 and f"line 4, column {column}" in r.err, r.err
    assert opened("claim", "list", "--json").json()["claims"] == []


_ = TODAY
