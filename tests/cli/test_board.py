"""The board's decisions and the families (SPEC §6): years side by side with a suggested
contribution, a proposal tried on last year's claims, renewals by school, the public notice of
cases paid, Excel workbooks in and out, and the board's papers as HTML opened in a browser."""

from __future__ import annotations

import csv
import html
import json
import math
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import DEMO_TODAY, ROOT, RULES
from shell import assert_refused, chromium, events, run_in

PROPOSAL = ROOT / "examples" / "proposal-2026-2027.toml"


@pytest.fixture
def demo_env(demo_url):
    return {"FUND_DB": demo_url, "FUND_TODAY": DEMO_TODAY.isoformat()}


def test_years_side_by_side_and_a_suggested_contribution_from_the_ended_years(demo_env):
    doc = run_in(demo_env, "report", "years", "--json").json()
    years = {y["year"]: y for y in doc["years"]}
    assert set(years) == {"2025-2026", "2026-2027"}
    ended = years["2025-2026"]
    assert ended["ended"] is True and years["2026-2027"]["ended"] is False
    assert (ended["children"], ended["paying"], ended["hardship"]) == (341, 320, 21)
    assert ended["benefits"] == "101765.65" and ended["loss_ratio_percent"] == "194.25"
    assert ended["reserve_after_close"] is None  # its claims come in until February
    s = doc["suggestion"]
    assert s["years_used"] == ["2025-2026"]  # the running year is shown, not used
    cost = Decimal("101765.65") / 341
    assert s["contribution"] == f"{math.ceil(cost / Decimal('0.90'))}.00"
    assert s["target_loss_ratio"] == "0.90" and s["trend_percent"] == "0.00"
    c = doc["cover"]
    assert (c["trials"], c["children"], c["child_years"]) == (2000, 341, 341)
    assert Decimal(c["bad_year_benefits"]) >= Decimal(c["median_year_benefits"]) > 0
    again = run_in(demo_env, "report", "years", "--json").json()
    assert again["cover"] == c  # seeded: the same answer every time
    other = run_in(demo_env, "report", "years", "--json", "--seed", "7",
                   "--target-loss-ratio", "0.80").json()
    assert other["suggestion"]["contribution"] == f"{math.ceil(cost / Decimal('0.80'))}.00"
    assert any("rounded up to the yuan" in line for line in doc["method"])
    told = run_in(demo_env, "report", "years")
    assert "Suggested contribution for next year" in told.out and "1-in-20" in told.out
    assert_refused(run_in(demo_env, "report", "years", "--target-loss-ratio", "1.5"), 2,
                   "--target-loss-ratio")


def test_a_proposal_tried_on_last_years_claims_records_nothing(demo_env):
    before = events(demo_env["FUND_DB"])
    doc = run_in(demo_env, "year", "simulate", str(PROPOSAL), "--claims-of", "2025-2026",
                 "--json").json()
    assert events(demo_env["FUND_DB"]) == before
    a, p = doc["actual"], doc["proposed"]
    assert a["payouts"] == "101765.65" and doc["claims"] == 17
    # lower deductibles (0 / 50 / 150 instead of 50 / 100 / 300) pay more on every ordinary
    # inpatient claim: (old - new deductible) x ratio, the package claim unchanged
    assert Decimal(p["payouts"]) > Decimal(a["payouts"])
    assert Decimal(p["contributions_and_subsidies"]) > Decimal(a["contributions_and_subsidies"])
    top = doc["most_changed"][0]
    assert Decimal(top["difference"]) == Decimal("105.00")  # level 3: 150.00 x 0.70
    assert Decimal(doc["reserve_change"]) == (
        Decimal(p["contributions_and_subsidies"]) - Decimal(a["contributions_and_subsidies"])
        - (Decimal(p["payouts"]) - Decimal(a["payouts"])))
    told = run_in(demo_env, "--lang", "zh", "year", "simulate", str(PROPOSAL), "--claims-of",
                  "2025-2026")
    assert told.code == 0 and "赔付率" in told.out


def test_renewals_by_school_in_every_format(demo_env, tmp_path):
    doc = run_in(demo_env, "renewals", "--year", "2026-2027", "--json").json()
    assert doc["previous_year"] == "2025-2026"
    enrolled = run_in(demo_env, "child", "list", "--year", "2025-2026", "--json").json()
    renewed = run_in(demo_env, "child", "list", "--year", "2026-2027", "--json").json()
    assert len(doc["children"]) == len(enrolled["children"]) - len(renewed["children"])
    school = run_in(demo_env, "renewals", "--year", "2026-2027", "--school", "朝阳小学",
                    "--json").json()["children"]
    assert school and {c["school"] for c in school} == {"朝阳小学"}
    assert all(c["guardian"] for c in school)
    out = tmp_path / "renewals.csv"
    assert run_in(demo_env, "renewals", "--year", "2026-2027", "--school", "朝阳小学", "--csv",
                  str(out)).code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [r["member"] for r in rows] == [c["member"] for c in school]
    book = tmp_path / "renewals.xlsx"
    assert run_in(demo_env, "renewals", "--year", "2026-2027", "--xlsx", str(book)).code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(book).worksheets[0]
    assert sheet.max_row == len(doc["children"]) + 1
    assert isinstance(sheet.cell(2, 3).value, date) or sheet.cell(2, 3).value.year
    listed = run_in(demo_env, "child", "list", "--year", "2026-2027", "--school", "滨江中学",
                    "--json").json()["children"]
    assert listed and {c["school"] for c in listed} == {"滨江中学"}


def test_the_public_notice_of_cases_paid_leaks_no_name_guardian_bill_or_member(demo_env,
                                                                              tmp_path):
    claims = run_in(demo_env, "claim", "list", "--year", "2025-2026", "--json").json()["claims"]
    children = run_in(demo_env, "child", "list", "--json").json()["children"]
    secret = {c["member"] for c in claims} | {c["name"] for c in children} | {
        c["guardian"] for c in children if c["guardian"]}
    bills = {run_in(demo_env, "claim", "show", c["claim"], "--json").json()["bill"]
             for c in claims}
    secret |= bills
    doc = run_in(demo_env, "notice", "cases", "--year", "2025-2026", "--json").json()
    assert len(doc["cases"]) == 17 and doc["total"] == "101765.65"
    january = run_in(demo_env, "notice", "cases", "--year", "2025-2026", "--month", "2026-01",
                     "--json").json()
    assert all(c["paid_on"].startswith("2026-01") for c in january["cases"])
    # Each case on the day the fund paid it, in the year's list as in its month's: a later run
    # passing on medical assistance alone (the leukaemia case's, in June) is not that day.
    by_month = {}
    for month in {c["paid_on"][:7] for c in doc["cases"]}:
        for c in run_in(demo_env, "notice", "cases", "--year", "2025-2026", "--month", month,
                        "--json").json()["cases"]:
            by_month[(c["member"], c["treatment"], c["paid"])] = c["paid_on"]
    assert {(c["member"], c["treatment"], c["paid"]): c["paid_on"]
            for c in doc["cases"]} == by_month
    assert [c["paid_on"] for c in doc["cases"]] == sorted(c["paid_on"] for c in doc["cases"])
    leukaemia = [c for c in doc["cases"] if c["treatment"] == "ALL"]
    assert [(c["paid"], c["paid_on"]) for c in leukaemia] == [("56000.00", "2026-01-28")]
    first = doc["cases"][0]
    assert set(first) == {"case", "member", "age", "level", "treatment", "paid", "paid_on"}
    assert "*" in first["member"]
    outputs = [json.dumps(doc, ensure_ascii=False)]
    for lang in ("en", "zh"):
        outputs.append(run_in({**demo_env, "FUND_LANG": lang}, "notice", "cases", "--year",
                              "2025-2026").out)
    assert run_in(demo_env, "notice", "cases", "--year", "2025-2026", "--csv",
                  str(tmp_path / "n.csv")).code == 0
    outputs.append((tmp_path / "n.csv").read_text(encoding="utf-8-sig"))
    assert run_in(demo_env, "notice", "cases", "--year", "2025-2026", "--xlsx",
                  str(tmp_path / "n.xlsx")).code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "n.xlsx").worksheets[0]
    outputs.append(" ".join(str(c.value) for row in sheet.iter_rows() for c in row))
    for text in outputs:
        leaked = [s for s in secret if s and s in text]
        assert not leaked, leaked
    assert_refused(run_in(demo_env, "notice", "cases", "--year", "2025-2026", "--month",
                          "2026-13"), 2, "--month")


def _roster_book(path: Path, rows: list[list]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["学号", "姓名", "出生日期", "监护人", "收据号", "缴费日期", "金额", "学校"])
    for row in rows:
        sheet.append(row)
    for cell in sheet["A"][1:]:
        if isinstance(cell.value, int):
            cell.number_format = "0000000"  # a member number Excel shows with its zeros
    book.save(path)


def test_a_roster_workbook_read_as_a_person_typed_it(fund_cli, tmp_path):
    from datetime import datetime

    f = fund_cli
    f("year", "open", str(RULES), "--date", "2026-07-01")
    book = tmp_path / "第一小学.xlsx"
    _roster_book(book, [
        [123, "王一", datetime(2015, 1, 1), "王父", "R1", datetime(2026, 9, 10), 120, "第一小学"],
        ["S2", "王二", "2015/2/1", "王母", "R2", "2026年9月11日", "120.00", "第一小学"],
        ["S3", "王三", datetime(2015, 3, 1), "王叔", "R3", datetime(2026, 9, 12), 120.0,
         "第一小学"]])
    doc = f("import", "contributions", str(book), "--year", "2026-2027", "--json").json()
    assert (doc["recorded"], doc["duplicates"]) == (3, 0)
    assert f("member", "show", "0000123", "--json").json()["years"]["2026-2027"]["paid"] == \
        "120.00"
    again = f("import", "contributions", str(book), "--year", "2026-2027", "--json").json()
    assert (again["recorded"], again["duplicates"]) == (0, 3)  # the same idempotence as CSV
    listed = f("child", "list", "--year", "2026-2027", "--school", "第一小学", "--json").json()
    assert len(listed["children"]) == 3
    bad = tmp_path / "bad.xlsx"
    _roster_book(bad, [["S4", "王四", datetime(2015, 1, 1), "g", "R4", datetime(2026, 9, 10),
                        "12O.00", ""],
                       ["S5", "王五", datetime(2015, 1, 1), "g", "R5", datetime(2026, 9, 10),
                        "=120*1", ""]])
    from openpyxl import load_workbook

    sheet_book = load_workbook(bad)
    sheet_book.active["G3"] = "=100+20"  # a formula, not a value
    sheet_book.save(bad)
    r = f("import", "contributions", str(bad), "--year", "2026-2027")
    assert r.code == 2 and "line 2, column 金额" in r.err and "line 3, column 金额" in r.err
    assert "formula" in r.err and "Traceback" not in r.err
    rejects = tmp_path / "rejects.csv"
    r = f("import", "contributions", str(bad), "--year", "2026-2027", "--skip-bad",
          str(rejects))
    text = rejects.read_text(encoding="utf-8-sig")
    assert "formula" in text and "原因" in text.splitlines()[0]


def test_a_claims_workbook_as_a_hospital_sends_it(fund_cli, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    f = fund_cli
    f("year", "open", str(RULES), "--date", "2026-07-01")
    f("hospital", "add", "H3", "--name", "市儿童医院", "--level", "3", "--date", "2026-07-01")
    f("child", "register", "M1", "--name", "李小明", "--born", "2015-05-01", "--date",
      "2026-09-01")
    f("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date", "2026-09-10",
      "--amount", "120.00")
    book = Workbook()
    sheet = book.active
    sheet.append(["报销单号", "学号", "医院", "票据号", "类别", "入院日期", "出院日期",
                  "医疗总费用", "政策范围内费用", "提交日期"])
    sheet.append(["C1", "M1", "H3", 88001, "住院", datetime(2026, 10, 1), datetime(2026, 10, 3),
                  1000, 1000.0, datetime(2026, 10, 5)])
    book.save(tmp_path / "claims.xlsx")
    doc = f("import", "claims", str(tmp_path / "claims.xlsx"), "--json").json()
    assert doc["submitted"] == 1
    shown = f("claim", "show", "C1", "--json").json()
    assert (shown["payout"], shown["bill"]) == ("630.00", "88001")


# -- the board's papers in a browser -------------------------------------------------------------


@pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_board_papers_render_in_a_browser_with_their_charts(demo_env, tmp_path, lang):
    env = {**demo_env, "FUND_LANG": lang}
    years, annual = tmp_path / "years.html", tmp_path / "annual.html"
    assert run_in(env, "report", "years", "--html", str(years)).code == 0
    assert run_in(env, "report", "year", "2025-2026", "--html", str(annual)).code == 0
    shots = ROOT / "tests" / "screenshots"
    shots.mkdir(exist_ok=True)
    for page, words in ((years, {"en": ["Suggested contribution", "2025-2026"],
                                 "zh": ["下年度建议缴费标准", "2025-2026"]}),
                        (annual, {"en": ["Cash by month", "101765.65"],
                                  "zh": ["银行存款", "101765.65"]})):
        text = page.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text  # nothing from the network
        assert text.count("data:image/png;base64,") == 1
        dom = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                              "--disable-background-networking", "--dump-dom", page.as_uri()],
                             capture_output=True, text=True, timeout=120).stdout
        shown = html.unescape(dom)
        for word in words[lang]:
            assert word in shown, (page.name, word)
        shot = shots / f"{page.stem}-{lang}.png"
        subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--window-size=1200,1600",
                        f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
        assert shot.exists() and shot.stat().st_size > 10_000
