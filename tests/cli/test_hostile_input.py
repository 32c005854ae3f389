"""Hostile and broken input at the command line and in files: every piece is refused with
exit 1 or 2 in one line, nothing is recorded, and no traceback reaches the administrator."""

from __future__ import annotations

import json
import os
from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import ROOT, TODAY
from ledger.app.fund import Fund
from ledger.errors import InputError
from ledger.money import parse_amount
from process.terminal import run
from shell import events

RULES = ROOT / "examples" / "rules-2026-2027.toml"
# FUND_FUZZ_EXAMPLES=1000 for a longer search than the suite's own.
FUZZ = settings(max_examples=int(os.environ.get("FUND_FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """One fund for the module: a year, a hospital, a child enrolled, a donation."""
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'fund.db'}"
    fund = Fund(url, operator="setup", today=lambda: TODAY)
    fund.open_year(RULES.read_text(), date(2026, 7, 1))
    fund.register_hospital("HC", "City Children's", 3, date(2026, 8, 1))
    fund.register_child("M1", "李小明", date(2015, 5, 1), "李娜", None, None, date(2026, 9, 1))
    fund.contribute("M1", "2026-2027", "R1", date(2026, 9, 10), parse_amount("120.00"))
    fund.record_donation(parse_amount("10"), "Donor", "D-FIXED", date(2026, 10, 1))
    fund.views.engine.dispose()
    fund.close()
    return url


@pytest.fixture
def fund_cmd(store, monkeypatch):
    monkeypatch.setenv("FUND_DB", store)
    monkeypatch.setenv("FUND_TODAY", TODAY.isoformat())
    monkeypatch.delenv("FUND_CIPHER_KEY", raising=False)
    return run


def refused(store, argv: list[str], codes=(1, 2), one_line: bool = True) -> str:
    before = events(store)
    code, err = run([str(a) for a in argv])
    lines = err.strip().splitlines()
    assert code in codes, (argv, code, err)
    assert lines and lines[0].startswith("fund: "), (argv, err)
    assert "Traceback" not in err and "internal error" not in err, (argv, err)
    if one_line:
        assert len(lines) == 1, (argv, err)
    assert events(store) == before, f"{argv} recorded something"
    return lines[0]


HOSTILE_AMOUNTS = ["9" * 40, "-5", "-0.01", "1.234", "1e5", "1E-2", "１２０", "١٢٠", "NaN", "nan",
                   "Infinity", "-inf", "", " ", "12,000.50", "0x10", "1_000", "0", "0.00", "+5",
                   ".5", "5.", "99999999999999.99", "\x00", "12\n3"]
HOSTILE_DATES = ["2026-02-30", "2026-13-01", "2026-00-10", "9999-12-31", "0000-01-01",
                 "2026-1-1", "20261001", "2026/10/01", "", "yesterday", "2026-10-01T00:00",
                 "２０２６-１０-０１", "2200-01-01", "1899-12-31"]
HOSTILE_IDS = ["", " ", "x" * 65, "x" * 10_000, "M\x00", "M\n2", "\x1b[31mM", "M 2", "\u202eM",
               "\t"]


@pytest.mark.parametrize("amount", HOSTILE_AMOUNTS)
def test_hostile_amounts_are_refused(store, fund_cmd, amount):
    refused(store, ["donation", "record", "--amount", amount, "--donor", "X",
                    "--reference", "D-NEW", "--date", "2026-10-02"], codes=(2,))


@pytest.mark.parametrize("day", HOSTILE_DATES)
def test_hostile_dates_are_refused(store, fund_cmd, day):
    refused(store, ["donation", "record", "--amount", "10", "--donor", "X",
                    "--reference", "D-NEW", "--date", day])


@pytest.mark.parametrize("ident", HOSTILE_IDS)
def test_hostile_identifiers_are_refused(store, fund_cmd, ident):
    refused(store, ["child", "register", ident, "--name", "N", "--born", "2015-01-01",
                    "--guardian", "G", "--date", "2026-09-01"], codes=(2,))


def test_sql_in_an_identifier_is_only_text(store, fund_cmd):
    sly = "X';DROP_TABLE_fundbook_events;--"
    code, err = run(["child", "register", sly, "--name", "Robert'); DROP TABLE members;--",
                     "--born", "2015-01-01", "--guardian", "G", "--date", "2026-09-01"])
    assert code == 0, err
    code, _ = run(["member", "show", sly])
    assert code == 0
    code, err = run(["audit", "verify"])
    assert code == 0, err


@FUZZ
@given(st.text(max_size=30))
def test_any_text_that_is_not_an_amount_is_refused(store, fund_cmd, amount):
    try:
        parse_amount(amount, allow_zero=True)
        assume(False)  # a real amount: not hostile
    except InputError:
        pass
    assume("\x00" not in amount)  # argv cannot carry NUL
    refused(store, ["donation", "record", "--amount", amount, "--donor", "X",
                    "--reference", "D-NEW", "--date", "2026-10-02"], codes=(2,))


@FUZZ
@given(st.one_of(st.text(max_size=12), st.dates().map(date.isoformat)))
def test_any_date_that_is_not_a_past_day_is_refused(store, fund_cmd, day):
    assume("\x00" not in day)
    try:
        assume(not (date(1900, 1, 1) <= date.fromisoformat(day.strip()) <= TODAY
                    and len(day.strip()) == 10 and day.strip().isascii()))
    except ValueError:
        pass
    refused(store, ["donation", "record", "--amount", "10", "--donor", "X",
                    "--reference", "D-FIXED", "--date", day])


@FUZZ
@given(st.text(min_size=0, max_size=80))
def test_any_identifier_is_refused_or_recorded_verbatim(store, fund_cmd, ident):
    assume("\x00" not in ident)
    code, err = run(["claim", "show", ident])
    assert code in (1, 2) and len(err.strip().splitlines()) == 1, (ident, err)
    assert "Traceback" not in err and "internal error" not in err


# -- files ----------------------------------------------------------------------------------

ROSTER_HEAD = b"member,name,born,guardian,receipt,date,amount\n"


@FUZZ
@given(st.binary(max_size=400))
def test_binary_roster_files_are_refused(store, fund_cmd, tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bin") / "roster.csv"
    path.write_bytes(data)
    refused(store, ["import", "contributions", str(path), "--year", "2026-2027"], codes=(2,),
            one_line=False)


@FUZZ
@given(st.integers(1, 200))
def test_truncated_rosters_record_nothing(store, fund_cmd, tmp_path_factory, cut):
    body = ROSTER_HEAD + "".join(
        f"T{i},童{i},2015-01-01,G,TR{i},2026-09-15,120.00\n" for i in range(8)).encode()
    data = body[:len(ROSTER_HEAD) + cut]
    # cut in the middle of a row, before its date (the amount may be left empty, and a row
    # complete but for its line break is a normal file)
    assume(data.rsplit(b"\n", 1)[-1].count(b",") < 5 and not data.endswith(b"\n"))
    path = tmp_path_factory.mktemp("cut") / "roster.csv"
    path.write_bytes(data)
    refused(store, ["import", "contributions", str(path), "--year", "2026-2027"], codes=(2,),
            one_line=False)


@FUZZ
@given(st.one_of(st.binary(max_size=300), st.integers(1, 900)))
def test_broken_rules_files_are_refused(store, fund_cmd, tmp_path_factory, broken):
    text = RULES.read_bytes()
    data = text[:broken] if isinstance(broken, int) else broken
    assume(data != text)
    path = tmp_path_factory.mktemp("rules") / "rules.toml"
    path.write_bytes(data)
    refused(store, ["year", "open", str(path), "--date", "2026-07-01"], one_line=False)


def test_a_rules_file_nested_a_hundred_thousand_deep_is_refused(store, fund_cmd, tmp_path):
    for deep in ("x = " + "[" * 100_000 + "]" * 100_000, "x = " + "{a = " * 100_000 + "}" * 100_000):
        path = tmp_path / "deep.toml"
        path.write_text(deep)
        line = refused(store, ["year", "open", str(path), "--date", "2026-07-01"], codes=(2,))
        assert "rules file" in line


def test_a_roster_header_of_a_million_columns_is_one_line(store, fund_cmd, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(ROSTER_HEAD.decode().strip() + "," + ",".join(f"c{i}" for i in range(10 ** 6))
                    + "\n")
    line = refused(store, ["import", "contributions", str(path), "--year", "2026-2027"],
                   codes=(2,))
    assert "1,000,007 columns" in line


def test_a_column_named_twice_is_refused_naming_it(store, fund_cmd, tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("member,name,born,guardian,receipt,date,amount,Amount\n"
                    "T1,童一,2015-01-01,G,TR-TWICE,2026-09-15,120.00,0.00\n")
    line = refused(store, ["import", "contributions", str(path), "--year", "2026-2027"],
                   codes=(2,))
    assert "amount twice" in line


def test_a_row_with_a_cell_under_no_column_is_refused_at_its_line(store, fund_cmd, tmp_path):
    """An unquoted comma in a name shifts the row's cells: a cell past the header's columns is
    refused at its line (trailing empty cells, as spreadsheets write them, are only empty)."""
    path = tmp_path / "shifted.csv"
    path.write_text(ROSTER_HEAD.decode().strip() + "\n"
                    "T5,童五,2015-01-01,G,TR-SHIFT-1,2026-09-15,120.00,,,\n"
                    "T6,Li, Na,2015-01-01,G,TR-SHIFT-2,2026-09-15,120.00\n")
    line = refused(store, ["import", "contributions", str(path), "--year", "2026-2027"],
                   codes=(2,))
    assert "line 3: 8 cells where the header names 7 columns" in line, line


def test_an_encoding_the_fund_does_not_read_is_refused_naming_the_option(store, fund_cmd,
                                                                         tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(ROSTER_HEAD + "T7,童七,2015-01-01,G,TR-LATIN,2026-09-15,120.00\n".encode())
    line = refused(store, ["import", "contributions", str(path), "--year", "2026-2027",
                           "--encoding", "latin9"], codes=(2,))
    assert "--encoding" in line and "utf-8, utf-8-sig or gb18030" in line, line


def test_unknown_columns_are_one_warning(store, fund_cmd, tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text(ROSTER_HEAD.decode().strip() + "," + ",".join(f"note{i}" for i in range(50))
                    + "\nT9,童九,2015-01-01,G,TR-EXTRA,2026-09-15,120.00\n")
    code, err = run(["import", "contributions", str(path), "--year", "2026-2027"])
    assert code == 0 and len(err.strip().splitlines()) == 1 and "and 42 more" in err, err


def test_a_key_shorter_than_aes_256_is_refused(store, fund_cmd, monkeypatch):
    import base64

    for size in (16, 24):
        monkeypatch.setenv("FUND_CIPHER_KEY", base64.b64encode(b"k" * size).decode())
        code, err = run(["balance"])
        assert code == 2 and len(err.strip().splitlines()) == 1, err
        assert "FUND_CIPHER_KEY" in err and f"AES-{size * 8}" in err


# -- the CLI edge, fed at random ------------------------------------------------------------

def books(url: str) -> tuple[int, dict]:
    """How many events, and the balances: what a refusal must leave as it found it."""
    fund = Fund(url, today=lambda: TODAY)
    try:
        return fund.recorder.max_notification_id() or 0, fund.balance()
    finally:
        fund.views.engine.dispose()
        fund.close()


_ids = st.one_of(st.sampled_from(["M1", "Ｍ1", " M1 ", "R1", "R１", "HC", "2026-2027", "D-FIXED"]),
                 st.text(max_size=20))
_amounts = st.one_of(st.sampled_from(["120.00", "１２０", "-1", "0", "1e3", "10"]),
                     st.text(max_size=12))
_dates = st.one_of(st.sampled_from(["2026-09-15", "2026-9-15", "2026/9/15", "15.9.2026",
                                    "2027-13-01", "2031-01-01"]),
                   st.dates().map(date.isoformat), st.text(max_size=12))
_cells = st.text(max_size=15).filter(lambda c: "\x00" not in c)

EDGE_COMMANDS = {
    "contribute": lambda i, a, d: ["contribute", i[0], "--year", i[1], "--receipt", i[2],
                                   "--date", d, "--amount", a],
    "child": lambda i, a, d: ["child", "register", i[0], "--name", i[1], "--born", d,
                              "--hardship", i[2], "--evidence", "EV"],
    "donation": lambda i, a, d: ["donation", "record", "--amount", a, "--donor", i[0],
                                 "--reference", i[1], "--date", d],
    "reverse": lambda i, a, d: ["contribution", "reverse", i[0], "--reason", i[1], "--date", d],
    "claim": lambda i, a, d: ["claim", "submit", i[0], "--member", i[1], "--hospital", i[2],
                              "--bill", i[0], "--type", "inpatient", "--admitted", d,
                              "--discharged", d, "--total", a, "--in-scope", a],
    "subsidy": lambda i, a, d: ["subsidy", "receive", "--amount", a, "--reference", i[0],
                                "--date", d],
    "payout": lambda i, a, d: ["payout", "run", "--date", d],
    "member": lambda i, a, d: ["member", "show", i[0], "--as-of", d],
    "history": lambda i, a, d: ["history", i[0]],
}


def _edge_ok(store, argv: list[str], before) -> None:
    code, err = run(argv)
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err and "internal error" not in err, (argv, err)
    if code:
        assert books(store) == before, f"{argv} was refused but changed the books"


@FUZZ
@given(command=st.sampled_from(sorted(EDGE_COMMANDS)), ids=st.lists(_ids, min_size=3, max_size=3),
       amount=_amounts, day=_dates)
def test_any_command_line_is_answered_or_refused_without_a_trace(store, fund_cmd, command,
                                                                   ids, amount, day):
    argv = EDGE_COMMANDS[command](ids, amount, day)
    assume(not any("\x00" in a for a in argv))
    _edge_ok(store, argv, books(store))


@FUZZ
@given(rows=st.lists(st.lists(_cells, min_size=7, max_size=9), min_size=1, max_size=4))
def test_any_roster_cells_are_recorded_or_refused_without_a_trace(store, fund_cmd,
                                                                   tmp_path_factory, rows):
    import csv

    path = tmp_path_factory.mktemp("cells") / "roster.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["member", "name", "born", "guardian", "receipt", "date", "amount",
                         "hardship", "evidence"])
        writer.writerows(rows)
    _edge_ok(store, ["import", "contributions", str(path), "--year", "2026-2027"], books(store))


_toml_keys = st.sampled_from(["year", "starts", "ends", "currency", "enrollment", "contribution",
                              "claims", "amount", "ratio", "window_opens", "band", "package",
                              "x", "1", "inpatient_deductible", "annual_cap"])
_toml_values = st.recursive(
    st.one_of(st.integers(-10, 10 ** 20), st.booleans(), st.text(max_size=8),
              st.dates(), st.floats(allow_nan=True), st.sampled_from(["0.7", "120.00", "-1"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(_toml_keys, inner, max_size=3)),
    max_leaves=12)


def _toml(value) -> str:
    """A TOML value written by hand (no writer library needed for a test's few types)."""
    import json
    import math

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") \
            if math.isinf(value) else repr(value)
    if isinstance(value, (int, date)):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"


@FUZZ
@given(doc=st.dictionaries(_toml_keys, _toml_values, max_size=8),
       published=st.booleans())
def test_any_rules_document_is_opened_or_refused_without_a_trace(store, fund_cmd,
                                                                   tmp_path_factory, doc,
                                                                   published):
    text = "\n".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in doc.items())
    if published:  # the published rules with keys changed or added at the top
        body = RULES.read_text()
        text = text + "\n" + body[body.index("[enrollment]"):]
    path = tmp_path_factory.mktemp("toml") / "rules.toml"
    path.write_text(text, encoding="utf-8")
    _edge_ok(store, ["year", "amend", str(path), "--date", "2026-07-02"], books(store))
