"""The bank and the auditors' tools (SPEC §6): balance assertions checked by `audit verify`,
and the books exported as journals that hledger and Beancount, run for real, read to the same
figures as `fund balance`, on several dates of the demo year, on both stores."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from shell import assert_refused

DATES = [date(2025, 9, 30), date(2025, 12, 31), date(2026, 3, 31), date(2026, 6, 30),
         date(2026, 8, 31)]
ACCOUNTS = {"cash": "Assets:Cash", "subsidy_receivable": "Assets:Receivable:Subsidy",
            "assistance_receivable": "Assets:Receivable:Assistance",
            "claims_payable": "Liabilities:Payable:Claims",
            "assistance_payable": "Liabilities:Payable:Assistance"}
INCOME = {"contributions": "Income:Contributions", "subsidies": "Income:Subsidies",
          "donations": "Income:Donations"}


def tool(name: str) -> str:
    """The tool's path; a clear skip without it (CI requires it: FUND_REQUIRE_TOOLS=1)."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        message = (f"{name} is not installed (hledger: Debian's package; bean-check: the "
                   "test extra)")
        if os.environ.get("FUND_REQUIRE_TOOLS"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def written(fund, fmt: str, folder: Path, year: str | None = None) -> Path:
    path = folder / f"fund.{fmt}"
    path.write_text("\n".join(fund.journal(fmt, year)) + "\n", encoding="utf-8")
    return path


def hledger_balances(path: Path, day: date) -> dict[str, Decimal]:
    """hledger's balance of every account at the end of `day` (its --end is exclusive)."""
    out = subprocess.run([tool("hledger"), "-f", str(path), "balance", "--end",
                          str(day + timedelta(days=1)), "--flat", "-O", "csv"],
                         capture_output=True, text=True, check=True).stdout
    rows = list(csv.reader(io.StringIO(out)))[1:]
    return {account: Decimal(amount.split()[0]) for account, amount in rows
            if account != "total" and amount.split()[0] != "0"}


def bean_cash(path: Path, day: date) -> Decimal:
    out = subprocess.run([tool("bean-query"), "-f", "csv", str(path),
                          f"SELECT sum(number) AS cash WHERE account = 'Assets:Cash' AND "
                          f"date <= {day}"], capture_output=True, text=True, check=True).stdout
    return Decimal(list(csv.reader(io.StringIO(out)))[1][0].strip() or "0")


def books(fund, day: date) -> dict[str, Decimal]:
    """`fund balance` on `day`, named as the journal names the accounts, debits positive."""
    doc = fund.balance(day)
    found = {name: doc[key] for key, name in ACCOUNTS.items()}
    found["Liabilities:Payable:Claims"] *= -1
    found["Liabilities:Payable:Assistance"] *= -1
    found.update({name: -doc["income"][key] for key, name in INCOME.items()})
    found["Expenses:Benefits"] = doc["benefits"]
    found["Equity:Reserve"] = -doc["reserve"]
    return {k: v for k, v in found.items() if v}


def test_hledger_agrees_with_the_books_to_the_fen(demo, tmp_path):
    path = written(demo, "hledger", tmp_path)
    for day in DATES:
        assert hledger_balances(path, day) == books(demo, day), day


def test_beancount_checks_the_journal_and_agrees_on_the_cash(demo, tmp_path):
    path = written(demo, "beancount", tmp_path)
    checked = subprocess.run([tool("bean-check"), str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for day in DATES:
        assert bean_cash(path, day) == demo.balance(day)["cash"], day


def test_a_years_journal_brings_its_balances_forward(demo, tmp_path):
    path = written(demo, "hledger", tmp_path, "2025-2026")
    assert hledger_balances(path, date(2026, 8, 31)) == books(demo, date(2026, 8, 31))


def test_a_bank_statement_that_agrees_and_one_that_does_not(fund_cli, tmp_path):
    from conftest import RULES

    f = fund_cli
    f("year", "open", str(RULES), "--date", "2026-07-01")
    f("donation", "record", "--amount", "5000", "--donor", "Rotary", "--reference", "D1",
      "--date", "2026-10-01")
    f("donation", "record", "--amount", "250.50", "--donor", "Parents", "--reference", "D2",
      "--date", "2026-10-20")
    doc = f("assert", "cash", "5000.00", "--on", "2026-10-15", "--reference", "BOC-10-15",
            "--json").json()
    assert (doc["agrees"], doc["books"], doc["difference"]) == (True, "5000.00", "0.00")
    assert f("audit", "verify").code == 0
    r = f("assert", "cash", "5200.50", "--on", "2026-10-31", "--reference", "BOC-10-31")
    assert r.code == 0 and "difference of -50.00" in r.out, r.out
    again = f("assert", "cash", "5200.50", "--on", "2026-10-31", "--reference", "BOC-10-31",
              "--json").json()
    assert again["duplicate"] is True
    assert_refused(f("assert", "cash", "5250.50", "--on", "2026-10-31", "--reference",
                     "BOC-10-31"), 1, "references are unique")
    assert_refused(f("assert", "cash", "abc", "--on", "2026-10-31", "--reference", "X"), 2,
                   "AMOUNT")
    verify = f("audit", "verify", "--json")
    assert verify.code == 1
    problems = verify.json()["problems"]
    assert problems == ["position 7: bank statement BOC-10-31 says the cash was 5200.50 at the "
                        "end of 2026-10-31; the books say 5250.50 (difference -50.00)"]
    # The journal carries both statements: the tools check them as their own assertions.
    journal = tmp_path / "fund.hledger"
    assert f("export", "journal", "--format", "hledger", "--out", str(journal)).code == 0
    checked = subprocess.run([tool("hledger"), "-f", str(journal), "balance"],
                             capture_output=True, text=True)
    assert checked.returncode != 0 and "5200.50" in checked.stderr, checked.stderr
    bean = tmp_path / "fund.beancount"
    assert f("export", "journal", "--format", "beancount", "--out", str(bean)).code == 0
    checked = subprocess.run([tool("bean-check"), str(bean)], capture_output=True, text=True)
    assert checked.returncode != 0 and "Balance failed" in checked.stdout + checked.stderr


def test_a_bank_statement_reconciled_once_deposits_and_runs_as_the_bank_shows_them(fund_cli,
                                                                                     tmp_path):
    from conftest import RULES

    f = fund_cli
    f("year", "open", str(RULES), "--date", "2026-07-01")
    f("hospital", "add", "H3", "--name", "Children's", "--level", "3", "--date", "2026-07-01")
    roster = tmp_path / "school.csv"
    roster.write_text("member,name,born,guardian,receipt,date,amount,hardship,evidence\n"
                      "S1,王一,2015-01-01,G,RS1,2026-09-10,120.00,,\n"
                      "S2,王二,2015-02-01,G,RS2,2026-09-11,120.00,,\n"
                      "S3,王三,2015-03-01,G,RS3,2026-09-12,,low-income,DB-3\n"
                      "S4,王四,2016-01-01,G,RS4,2026-09-12,120.00,,\n", encoding="utf-8")
    doc = f("import", "contributions", str(roster), "--year", "2026-2027", "--deposit",
            "DEP-0912", "--json").json()
    assert (doc["recorded"], doc["deposit"], doc["deposit_total"]) == (4, "DEP-0912", "360.00")
    f("donation", "record", "--amount", "5000", "--donor", "Rotary", "--reference", "D1",
      "--date", "2026-09-20")
    f("donation", "record", "--amount", "80", "--donor", "A parent", "--reference", "D2",
      "--date", "2026-09-25")
    f("claim", "submit", "C1", "--member", "S1", "--hospital", "H3", "--bill", "B1", "--type",
      "inpatient", "--admitted", "2026-09-15", "--discharged", "2026-09-18", "--total", "1000",
      "--in-scope", "1000", "--date", "2026-09-20")
    f("claim", "approve", "C1", "--date", "2026-09-21")
    assert f("payout", "run", "--date", "2026-09-28").code == 0  # pays 630.00
    statement = tmp_path / "boc-2026-09.csv"
    statement.write_bytes(("date,amount,reference,description\n"
                           "2026-09-12,360.00,DEP-0912,学校代收保费\n"
                           "2026-09-20,5000.00,d1,扶轮社捐款\n"
                           "2026-09-28,-630.00,PR-00001,理赔支付\n"
                           "2026-09-29,12.34,X9,不明来款\n").encode("gb18030"))
    before = f("db", "check", "--json").json()["events"]
    r = f("reconcile", "bank", str(statement), "--unmatched", str(tmp_path / "left.csv"),
          "--json")
    assert r.code == 1  # something is unmatched
    doc = r.json()
    assert (doc["lines"], doc["matched"], doc["already_reconciled"]) == (4, 3, False)
    assert [(b["line"], b["reference"], b["amount"]) for b in doc["unmatched_lines"]] == [
        (5, "X9", "12.34")]
    assert [(m["reference"], m["amount"]) for m in doc["not_on_statement"]] == [("D2", "80.00")]
    left = (tmp_path / "left.csv").read_text(encoding="utf-8-sig")
    assert "X9" in left and "no recorded cash movement" in left and "DEP-0912" not in left
    # The same statement again: the same answer, nothing recorded.
    words = [e["summary"] for e in f("history", "DEP-0912", "--json").json()["events"]]
    assert words == ["deposit DEP-0912: 3 receipts of 2026-2027 paid in together, 360.00"]
    again = f("reconcile", "bank", str(statement), "--json").json()
    assert (again["matched"], again["already_reconciled"]) == (3, True)
    assert f("db", "check", "--json").json()["events"] == before + 1
    # Another statement showing the same movements: they are matched already.
    other = tmp_path / "copy.csv"
    other.write_text("date,amount,reference,description\n2026-09-20,5000.00,D1,again\n",
                     encoding="utf-8-sig")
    assert f("reconcile", "bank", str(other), "--json").json()["matched"] == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("date,amount,reference\n2026-09-20,5 000,D1\n", encoding="utf-8")
    assert_refused(f("reconcile", "bank", str(bad)), 2, "line 2", "amount")
    assert f("audit", "verify").code == 0
