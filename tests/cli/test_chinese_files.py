"""Files as Chinese schools, hospitals and banks write them: rosters and claim files with their
columns named in Chinese, exports written in Chinese that import again, and a bank statement as
a Chinese bank exports it (a title above the table, money in and out in two columns, a balance
after each line, thousands separators, a line of no amount) — on both stores."""

from __future__ import annotations

from conftest import RULES
from shell import assert_refused

ROSTER_ZH = ("学号,姓名,出生日期,监护人,收据号,缴费日期,金额,困难类别,证明,学校\n"
             "S1,王一,2015-01-01,王父,RS1,2026/9/10,120.00,,,第一小学\n"
             "S2,王二,2015-02-01,王母,RS2,2026年9月11日,120.00,,,第一小学\n"
             "S3,王三,2015-03-01,王叔,RS3,2026-09-12,,low-income,DB-3,第一小学\n"
             "S4,王四,2016-01-01,王姨,RS4,2026-09-12,120.00,,,第一小学\n")

CLAIMS_ZH = ("报销单号,学号,医院,票据号,类别,入院日期,出院日期,医疗总费用,政策范围内费用,"
             "基本医保已支付,提交日期\n"
             "C1,S1,H3,B1,住院,2026-09-15,2026-09-18,1000.00,1000.00,0.00,2026-09-20\n"
             "C2,S2,H3,B2,门诊大病,2026-09-01,2026-09-15,300.00,200.00,,2026-09-20\n")

# As a Chinese bank exports a month: title lines, then the table; money in and out apart.
STATEMENT_ZH = ("中国银行 账户交易明细\n"
                "户名：某市少儿住院互助基金,账号：6217****1234\n"
                "起止日期：2026-09-01 至 2026-09-30\n"
                "交易日期,摘要,对方户名,收入金额,支出金额,余额,附言\n"
                "2026/9/12,代收保费,第一小学,360.00,,360.00,DEP-0912\n"
                "2026/9/20,捐款,扶轮社,\"5,000.00\",,\"5,360.00\",D1\n"
                "2026/9/28,理赔支付,,,630.00,\"4,730.00\",PR-00001\n"
                "2026/9/30,结息,,0.00,,\"4,730.00\",\n")


def test_a_roster_and_a_claims_file_with_chinese_columns_and_a_chinese_bank_statement(
        fund_cli, tmp_path):
    year_in_chinese(fund_cli, tmp_path)


def year_in_chinese(f, tmp_path):
    """A school's roster, a hospital's claims and the bank's month, all in Chinese; returns the
    year's contributions and claims exported in Chinese."""
    f("year", "open", str(RULES), "--date", "2026-07-01")
    f("hospital", "add", "H3", "--name", "市儿童医院", "--level", "3", "--date", "2026-07-01")
    roster = tmp_path / "第一小学.csv"
    roster.write_bytes(ROSTER_ZH.encode("gb18030"))
    doc = f("import", "contributions", str(roster), "--year", "2026-2027", "--deposit",
            "DEP-0912", "--json").json()
    assert (doc["recorded"], doc["deposit_total"]) == (4, "360.00")
    assert f("member", "show", "S3", "--json").json()["years"]["2026-2027"]["paid"] == "0.00"
    f("donation", "record", "--amount", "5000", "--donor", "扶轮社", "--reference", "D1",
      "--date", "2026-09-20")
    f("donation", "record", "--amount", "80", "--donor", "一位家长", "--reference", "D2",
      "--date", "2026-09-25")
    claims = tmp_path / "claims.csv"
    claims.write_text(CLAIMS_ZH, encoding="utf-8-sig")
    imported = f("import", "claims", str(claims), "--json")
    assert imported.code == 0, imported.err
    shown = {c["claim"]: c for c in f("claim", "list", "--json").json()["claims"]}
    assert (shown["C1"]["type"], shown["C2"]["type"]) == ("inpatient", "outpatient-major")
    f("claim", "approve", "C1", "--date", "2026-09-21")
    ran = f("payout", "run", "--date", "2026-09-28", "--json")
    assert ran.code == 0 and ran.json()["paid"] == "630.00", ran.out + ran.err

    statement = tmp_path / "boc-2026-09.csv"
    statement.write_bytes(STATEMENT_ZH.encode("gb18030"))
    r = f("reconcile", "bank", str(statement), "--unmatched", str(tmp_path / "left.csv"),
          "--json")
    doc = r.json()
    assert (doc["lines"], doc["matched"], doc["unmatched_lines"]) == (4, 3, []), (doc["unmatched_lines"], doc["not_on_statement"])
    assert doc["zero_lines"] == [{"line": 8, "date": "2026-09-30", "reference": "",
                                  "description": "结息"}]
    # the fund recorded a donation of 80.00 on 2026-09-25 the bank does not show: from that
    # day on, the bank's balance is 80.00 below the books' cash
    assert [(b["date"], b["statement"], b["books"], b["difference"])
            for b in doc["balances"]] == [
        ("2026-09-12", "360.00", "360.00", "0.00"), ("2026-09-20", "5360.00", "5360.00", "0.00"),
        ("2026-09-28", "4730.00", "4810.00", "-80.00"),
        ("2026-09-30", "4730.00", "4810.00", "-80.00")]
    assert [(m["reference"], m["amount"]) for m in doc["not_on_statement"]] == [("D2", "80.00")]
    assert r.code == 1
    told = f("--lang", "zh", "reconcile", "bank", str(statement))
    assert "结息" in told.out and "-80.00" in told.out and told.code == 1

    # Exported in Chinese, imported again in a fresh store: the same children, the same money.
    out = tmp_path / "导出.csv"
    assert f("export", "contributions", "--year", "2026-2027", "--columns", "zh", "--out",
             str(out)).code == 0
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "学号,姓名,出生日期,监护人,收据号,缴费日期,金额,困难类别,证明,学校"
    claims_out = tmp_path / "报销.csv"
    assert f("export", "claims", "--year", "2026-2027", "--columns", "zh", "--out",
             str(claims_out)).code == 0
    assert claims_out.read_text(encoding="utf-8-sig").startswith("报销单号,学号,医院,票据号,")
    return out, claims_out


def test_a_chinese_export_imports_again(fund_cli, tmp_path, monkeypatch):
    out, claims_out = year_in_chinese(fund_cli, tmp_path)
    f = fund_cli
    monkeypatch.setenv("FUND_DB", f"sqlite:///{tmp_path / 'again.db'}")
    f("year", "open", str(RULES), "--date", "2026-07-01")
    f("hospital", "add", "H3", "--name", "市儿童医院", "--level", "3", "--date", "2026-07-01")
    doc = f("import", "contributions", str(out), "--year", "2026-2027", "--json").json()
    assert doc["recorded"] == 4
    assert f("balance", "--json").json()["cash"] == "360.00"
    assert f("import", "claims", str(claims_out), "--json").json()["submitted"] == 2


def test_a_bad_row_of_a_chinese_file_is_named_by_its_line_and_a_table_without_amounts_refused(
        fund_cli, tmp_path):
    f = fund_cli
    f("year", "open", str(RULES), "--date", "2026-07-01")
    roster = tmp_path / "bad.csv"
    without_school = "\n".join(line.rsplit(",", 1)[0] for line in ROSTER_ZH.splitlines())
    roster.write_text(without_school.replace("RS2,2026年9月11日", "RS2,11/9/2026"),
                      encoding="utf-8")
    assert_refused(f("import", "contributions", str(roster), "--year", "2026-2027"), 2,
                   "line 3", "缴费日期")
    statement = tmp_path / "no-amounts.csv"
    statement.write_text("标题\n交易日期,摘要,余额\n2026/9/12,代收保费,360.00\n", encoding="utf-8")
    assert_refused(f("reconcile", "bank", str(statement)), 2, "line 2", "收入金额")
    both = tmp_path / "both-ways.csv"
    both.write_text("标题\n交易日期,摘要,收入金额,支出金额,附言\n2026/9/12,代收保费,5.00,3.00,X1\n",
                    encoding="utf-8")
    assert_refused(f("reconcile", "bank", str(both)), 2, "line 3", "支出金额", "5.00 in and 3.00 out")
    told = f("--lang", "zh", "import", "contributions", str(roster), "--year", "2026-2027")
    assert told.code == 2 and "第 3 行" in told.err
