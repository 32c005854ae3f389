"""Files the fund writes: never over an existing file unless told to, never over its own store
or an input of the same command, and never a cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shell import assert_refused, events
from ledger.app.files import neutral, restored

HEADER = "member,name,born,guardian,receipt,date,amount\n"


@pytest.fixture
def enrolled(opened):
    r = opened("contribute", "M1", "--year", "2026-2027", "--receipt", "R1", "--date",
               "2026-09-15", "--amount", "120.00")
    assert r.code == 0, r.err
    return opened


def store_path(fund_cli) -> str:
    return fund_cli.db_url.split("///", 1)[1]


def test_an_export_never_writes_over_the_store_even_when_forced(enrolled, tmp_path):
    if not enrolled.db_url.startswith("sqlite"):
        pytest.skip("a PostgreSQL store is not a file")
    store = store_path(enrolled)
    size = len(open(store, "rb").read())
    for force in ([], ["--force"]):
        r = enrolled("export", "contributions", "--year", "2026-2027", "--out", store, *force)
        assert_refused(r, 2, "--out", "store")
    assert len(open(store, "rb").read()) == size
    assert enrolled("audit", "verify").code == 0
    assert_refused(enrolled("backup", store, "--force"), 2, "FILE", "store")
    assert_refused(enrolled("audit", "rebuild", "--into", enrolled.db_url), 2, "--into", "store")


def test_an_existing_file_is_replaced_only_with_force(enrolled, tmp_path):
    out = tmp_path / "contributions.csv"
    out.write_text("the school's own notes\n")
    assert_refused(enrolled("export", "contributions", "--year", "2026-2027", "--out", out),
                   2, "--out", "exists", "--force")
    assert out.read_text() == "the school's own notes\n"
    r = enrolled("export", "contributions", "--year", "2026-2027", "--out", out, "--force")
    assert r.code == 0, r.err
    assert "R1" in out.read_text(encoding="utf-8-sig")
    backup = tmp_path / "copy.db"
    backup.write_text("keep me")
    if enrolled.db_url.startswith("sqlite"):
        assert_refused(enrolled("backup", backup), 2, "FILE", "exists")
        assert backup.read_text() == "keep me"
    chart = tmp_path / "cash.png"
    chart.write_text("keep me")
    assert_refused(enrolled("report", "year", "2026-2027", "--chart", chart), 2, "--chart",
                   "exists")
    assert chart.read_text() == "keep me"


@pytest.mark.parametrize("where, words", [("folder", ["--out", "is a folder"]),
                                          ("missing/x.csv", ["--out", "does not exist"])])
def test_a_folder_or_a_missing_folder_is_named(enrolled, tmp_path, where, words):
    (tmp_path / "folder").mkdir()
    r = enrolled("export", "claims", "--year", "2026-2027", "--out", tmp_path / where)
    assert_refused(r, 2, *words)


@pytest.mark.parametrize("args, name, option", [
    (["renewals", "--year", "2026-2027", "--xlsx"], "list.csv", "--xlsx"),
    (["notice", "cases", "--year", "2026-2027", "--csv"], "cases.xlsx", "--csv"),
    (["report", "years", "--html"], "years.png", "--html"),
])
def test_a_file_named_for_another_kind_is_refused_before_it_is_written(enrolled, tmp_path, args,
                                                                       name, option):
    """A workbook named .csv, CSV named .xlsx, HTML named .png: each opens as nonsense."""
    assert_refused(enrolled(*args, str(tmp_path / name)), 2, option, name)
    assert not (tmp_path / name).exists()


def test_rejects_are_never_written_over_the_roster_being_imported(opened, tmp_path):
    roster = tmp_path / "roster.csv"
    text = HEADER + "S1,张三,2015-03-01,张父,RS1,2026-09-10,120.00\nS2,,2015-03-01,x,RS2,2026-09-10,120.00\n"
    roster.write_text(text, encoding="utf-8")
    before = events(opened.db_url)
    r = opened("import", "contributions", roster, "--year", "2026-2027", "--skip-bad", roster)
    assert_refused(r, 2, "--skip-bad", "input")
    assert roster.read_text(encoding="utf-8") == text
    assert events(opened.db_url) == before
    (tmp_path / "rejects.csv").write_text("last week's rejects\n")
    r = opened("import", "contributions", roster, "--year", "2026-2027", "--skip-bad",
               tmp_path / "rejects.csv")
    assert_refused(r, 2, "--skip-bad", "exists")
    assert events(opened.db_url) == before


FORMULAS = ["=HYPERLINK(\"http://x.example\",\"click\")", "+cmd|' /C calc'!A0", "@SUM(A1)",
            "-2+3", "＝1+1"]


def test_a_name_a_spreadsheet_would_run_is_written_quoted_and_read_back_as_it_was(opened, tmp_path):
    roster = tmp_path / "roster.csv"
    rows = [f"S{i},\"{name.replace(chr(34), chr(34) * 2)}\",2015-03-01,guardian,RS{i},2026-09-10,120.00"
            for i, name in enumerate(FORMULAS)]
    roster.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    assert opened("import", "contributions", roster, "--year", "2026-2027").code == 0
    out = tmp_path / "export.csv"
    assert opened("export", "contributions", "--year", "2026-2027", "--out", out).code == 0
    with open(out, encoding="utf-8-sig", newline="") as f:
        names = {r["member"]: r["name"] for r in csv.DictReader(f)}
    for i, name in enumerate(FORMULAS):
        assert names[f"S{i}"] == "'" + name, names[f"S{i}"]
        assert names[f"S{i}"][0] not in "=+-@\t\r＝＋－＠"
    # Imported again (into the same fund: the same rows, nothing new), the names are the originals.
    r = opened("import", "contributions", out, "--year", "2026-2027")
    assert r.code == 0 and "recorded 0" in r.out, (r.out, r.err)
    shown = opened("member", "show", "S0", "--json").json()
    assert shown["name"] == FORMULAS[0]


def test_amounts_and_dates_stay_numbers():
    for cell in ("-120.00", "+86", "2026-09-10", "-1,000.50", "120"):
        assert neutral(cell) == cell


@given(st.text())
def test_any_cell_reads_back_as_written_and_never_starts_a_formula(cell):
    written = neutral(cell)
    assert restored(written) == cell
    if written[:1] in set("=@\t\r＝＋－＠"):
        pytest.fail(f"{written!r} would run")
